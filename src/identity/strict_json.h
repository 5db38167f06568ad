// File: identity/strict_json.h
// ParseStrictJsonObject: parses untrusted JSON (JOSE headers, JWT claims, JWK Sets) and refuses
// what RFC 7515 section 5.2 and RFC 7519 section 7.2 say a recipient must or should refuse: a
// duplicate member name at any depth (two parsers could otherwise disagree on which value
// counts), a top level that is not an object, invalid UTF-8, trailing bytes, and input beyond a
// size or nesting limit.
//
// Only the identity layer's .cc files include this header; it names nlohmann::json through the
// light forward-declaration header so the full library stays out of widely included headers.
#ifndef CAM_IDENTITY_STRICT_JSON_H_
#define CAM_IDENTITY_STRICT_JSON_H_

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "absl/status/status.h"

namespace cam::identity {

struct StrictJsonLimits {
  // Inputs longer than this are refused before parsing. Default 64 KiB.
  size_t max_bytes = 64 * 1024;
  // Objects and arrays nested deeper than this are refused. Default 16: JOSE headers and claim
  // sets are two or three levels deep.
  int max_depth = 16;
};

// ParseStrictJsonObject parses `text` into `out`. On any refusal it returns InvalidArgument
// (without a reason code; callers attach their own) whose message names the rule, never the
// input, and leaves `out` unspecified.
absl::Status ParseStrictJsonObject(std::string_view text, nlohmann::json& out,
                                   const StrictJsonLimits& limits = {});

}  // namespace cam::identity

#endif  // CAM_IDENTITY_STRICT_JSON_H_
