#include "base/hex.h"

#include <bit>
#include <cstdint>
#include <cstring>

#include "absl/status/status.h"

namespace cam::base {
namespace {

// Digits and values are computed, never looked up or chosen by a branch: camctl's crypto
// commands write and read secret keys in hex, and a secret nibble must not pick a table entry
// or a code path.

// All ones when lo <= x <= hi, else zero (x, lo and hi in 0..255).
int InRangeMask(int x, int lo, int hi) { return ((lo - 1 - x) & (x - hi - 1)) >> 8; }

char HexDigit(int nibble) {
  // '0'..'9' for 0..9; 'a'..'f' for 10..15, which are 39 further on from '0' + nibble.
  return static_cast<char>('0' + nibble + (InRangeMask(nibble, 10, 15) & 39));
}

// The value of a hex digit in either case, or -1.
int HexValue(char c) {
  const int byte = static_cast<uint8_t>(c);
  const int lower = byte | 0x20;  // folds 'A'..'F' onto 'a'..'f'
  const int digit_mask = InRangeMask(byte, '0', '9');
  const int letter_mask = InRangeMask(lower, 'a', 'f');
  return ((byte - '0') & digit_mask) | ((lower - 'a' + 10) & letter_mask) |
         ~(digit_mask | letter_mask);
}

// Eight digits of four bytes at once, still without tables or branches on the data: each
// nibble gets a byte lane of a 64-bit word, in output order, and the lanes are made ASCII
// together (a lane holds at most 15, so no carry crosses into the next).
void EncodeFourBytes(const uint8_t* in, char* out) {
  uint32_t four = 0;
  std::memcpy(&four, in, sizeof(four));
  uint64_t x = four;
  x = (x | (x << 16)) & 0x0000FFFF0000FFFFULL;
  x = (x | (x << 8)) & 0x00FF00FF00FF00FFULL;  // input byte i in lane 2i
  const uint64_t nibbles = ((x >> 4) & 0x000F000F000F000FULL) | ((x & 0x000F000F000F000FULL) << 8);
  // A lane of 10..15 reaches 0x80 when 0x76 is added: bit 7 marks the letters.
  const uint64_t letters = ((nibbles + 0x7676767676767676ULL) >> 7) & 0x0101010101010101ULL;
  const uint64_t digits = nibbles + 0x3030303030303030ULL + letters * 39;
  std::memcpy(out, &digits, sizeof(digits));
}

}  // namespace

std::string HexEncode(std::span<const uint8_t> bytes) {
  // Sized once and filled in place: request ids and hashes are encoded on every call.
  std::string out(bytes.size() * 2, '\0');
  size_t i = 0;
  if constexpr (std::endian::native == std::endian::little) {
    for (; i + 4 <= bytes.size(); i += 4) EncodeFourBytes(bytes.data() + i, out.data() + 2 * i);
  }
  for (; i < bytes.size(); ++i) {
    out[2 * i] = HexDigit(bytes[i] >> 4);
    out[2 * i + 1] = HexDigit(bytes[i] & 0x0f);
  }
  return out;
}

absl::StatusOr<std::vector<uint8_t>> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return absl::InvalidArgumentError("hex string has odd length");
  std::vector<uint8_t> out(hex.size() / 2);
  int invalid = 0;  // sign bit set once any character was not a hex digit
  for (size_t i = 0; i < out.size(); ++i) {
    const int hi = HexValue(hex[2 * i]);
    const int lo = HexValue(hex[2 * i + 1]);
    invalid |= hi | lo;
    out[i] = static_cast<uint8_t>((hi << 4) | (lo & 0x0f));
  }
  if (invalid < 0) return absl::InvalidArgumentError("hex string has a non-hex character");
  return out;
}

}  // namespace cam::base
