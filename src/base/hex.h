// File: base/hex.h
// Hex encoding for public values (digests, public keys, ids). Not for secrets: the decoder
// branches on input characters.
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
