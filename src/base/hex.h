// File: base/hex.h
// Hex encoding of bytes. Constant time in the bytes and characters (no branch or table index
// depends on them), since camctl's crypto commands write and read secret keys in hex; only
// the lengths, and whether a decoded string was well formed, show.
#ifndef CAM_BASE_HEX_H_
#define CAM_BASE_HEX_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace cam::base {

// HexEncode returns lower-case hex of `bytes`.
std::string HexEncode(std::span<const uint8_t> bytes);

// HexDecode accepts upper or lower case; fails on odd length or a non-hex character.
absl::StatusOr<std::vector<uint8_t>> HexDecode(std::string_view hex);

}  // namespace cam::base

#endif  // CAM_BASE_HEX_H_
