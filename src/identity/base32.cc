#include "identity/base32.h"

#include "crypto/ct.h"

namespace cam::identity {
namespace {

// Symbol returns the base32 character of a 5-bit value without a table lookup: 'A' + v for
// v < 26, '2' + (v - 26) otherwise, selected by a mask.
char Symbol(uint32_t v) {
  const uint32_t is_letter = crypto::ct::LtMask32(v, 26);
  return static_cast<char>(crypto::ct::Select32(is_letter, 'A' + v, '2' + (v - 26)));
}

int ValueOf(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

}  // namespace

base::SecureBuffer Base32Encode(std::span<const uint8_t> bytes) {
  base::SecureBuffer out(Base32EncodedSize(bytes.size()));
  uint32_t buffer = 0;
  int bits = 0;  // public: depends only on the position
  size_t n = 0;
  for (uint8_t byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.data()[n++] = static_cast<uint8_t>(Symbol((buffer >> bits) & 31));
    }
    buffer &= (1u << bits) - 1;
  }
  if (bits > 0) out.data()[n++] = static_cast<uint8_t>(Symbol((buffer << (5 - bits)) & 31));
  buffer = 0;
  return out;
}

absl::StatusOr<std::vector<uint8_t>> Base32Decode(std::string_view text) {
  const size_t bytes = text.size() * 5 / 8;
  if (Base32EncodedSize(bytes) != text.size()) {
    return absl::InvalidArgumentError("base32: bad length");
  }
  std::vector<uint8_t> out;
  out.reserve(bytes);
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int v = ValueOf(c);
    if (v < 0) return absl::InvalidArgumentError("base32: bad character");
    buffer = (buffer << 5) | static_cast<uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>(buffer >> bits));
      buffer &= (1u << bits) - 1;
    }
  }
  if (buffer != 0) return absl::InvalidArgumentError("base32: non-canonical trailing bits");
  return out;
}

}  // namespace cam::identity
