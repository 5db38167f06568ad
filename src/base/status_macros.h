// File: base/status_macros.h
// Early-return helpers for absl::Status and absl::StatusOr, modelled on Abseil's later
// status_macros.h (not in Debian's Abseil 20220623).
#ifndef CAM_BASE_STATUS_MACROS_H_
#define CAM_BASE_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define CAM_STATUS_CONCAT_INNER_(a, b) a##b
#define CAM_STATUS_CONCAT_(a, b) CAM_STATUS_CONCAT_INNER_(a, b)

// CAM_RETURN_IF_ERROR(expr) returns the status of `expr` from the enclosing function when it
// is not OK.
#define CAM_RETURN_IF_ERROR(expr)                                   \
  do {                                                              \
    const ::absl::Status cam_status_return_if_error_ = (expr);      \
    if (!cam_status_return_if_error_.ok()) {                        \
      return cam_status_return_if_error_;                           \
    }                                                               \
  } while (false)

// CAM_ASSIGN_OR_RETURN(lhs, expr) evaluates a StatusOr expression; on error returns its
// status, otherwise moves the value into `lhs` (which may be a declaration).
#define CAM_ASSIGN_OR_RETURN(lhs, expr) \
  CAM_ASSIGN_OR_RETURN_IMPL_(CAM_STATUS_CONCAT_(cam_statusor_, __LINE__), lhs, expr)

#define CAM_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                               \
  if (!statusor.ok()) {                                 \
    return std::move(statusor).status();                \
  }                                                     \
  lhs = *std::move(statusor)

#endif  // CAM_BASE_STATUS_MACROS_H_
