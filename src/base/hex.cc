#include "base/hex.h"

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

}  // namespace

std::string HexEncode(std::span<const uint8_t> bytes) {
  // Sized once and filled by index: request ids and hashes are encoded on every call.
  std::string out(bytes.size() * 2, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) {
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
