// File: syscalls/memory/page_token.h
// Page tokens: opaque to clients, bound to the listing they came from (namespace, prefix, ...),
// so a token replayed against another listing is refused with CAM_VALIDATION_PAGE_TOKEN.
#ifndef CAM_SYSCALLS_MEMORY_PAGE_TOKEN_H_
#define CAM_SYSCALLS_MEMORY_PAGE_TOKEN_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace cam::syscalls {

// EncodePageToken returns a token that resumes after `last` within `scope`.
std::string EncodePageToken(std::string_view scope, std::string_view last);

// DecodePageToken returns the `last` position, "" for an empty token, or an error when the token
// is malformed or belongs to another scope.
absl::StatusOr<std::string> DecodePageToken(std::string_view scope, std::string_view token);

}  // namespace cam::syscalls

#endif  // CAM_SYSCALLS_MEMORY_PAGE_TOKEN_H_
