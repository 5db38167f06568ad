// File: policy/cidr.cc
#include "policy/cidr.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string>

#include "absl/status/status.h"

namespace cam::policy {

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  // inet_pton needs a NUL-terminated string; the longest IPv6 text form is 45 characters.
  char buffer[64];
  if (text.empty() || text.size() >= sizeof(buffer)) return std::nullopt;
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  IpAddress address;
  if (text.find(':') == std::string_view::npos) {
    if (inet_pton(AF_INET, buffer, address.bytes.data()) != 1) return std::nullopt;
    address.is_v4 = true;
    return address;
  }
  if (inet_pton(AF_INET6, buffer, address.bytes.data()) != 1) return std::nullopt;
  static constexpr uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(address.bytes.data(), kMappedPrefix, sizeof(kMappedPrefix)) == 0) {
    IpAddress v4;
    v4.is_v4 = true;
    std::memcpy(v4.bytes.data(), address.bytes.data() + 12, 4);
    return v4;
  }
  return address;
}

absl::StatusOr<Cidr> Cidr::Parse(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    return absl::InvalidArgumentError("missing `/<prefix length>`");
  }
  const std::optional<IpAddress> address = IpAddress::Parse(text.substr(0, slash));
  // An IPv4-mapped address with an IPv6 prefix length would be ambiguous; refuse it.
  if (!address.has_value() ||
      (address->is_v4 && text.substr(0, slash).find(':') != std::string_view::npos)) {
    return absl::InvalidArgumentError("not an IPv4 or IPv6 address");
  }
  const std::string_view length_text = text.substr(slash + 1);
  int length = -1;
  const auto [end, error] =
      std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
  const int max_length = address->is_v4 ? 32 : 128;
  if (length_text.empty() || error != std::errc() ||
      end != length_text.data() + length_text.size() || length < 0 || length > max_length ||
      (length_text.size() > 1 && length_text[0] == '0')) {
    return absl::InvalidArgumentError("prefix length must be 0.." + std::to_string(max_length));
  }
  Cidr cidr;
  cidr.is_v4_ = address->is_v4;
  for (int i = 0; i < 16; ++i) {
    const int bits = std::min(8, std::max(0, length - 8 * i));
    cidr.mask_[i] = bits == 0 ? 0 : static_cast<uint8_t>(0xff << (8 - bits));
    if ((address->bytes[i] & ~cidr.mask_[i]) != 0) {
      return absl::InvalidArgumentError("address has bits set past the prefix length");
    }
    cidr.network_[i] = address->bytes[i];
  }
  return cidr;
}

bool Cidr::Contains(const IpAddress& address) const {
  if (address.is_v4 != is_v4_) return false;
  uint8_t difference = 0;
  for (size_t i = 0; i < 16; ++i) {
    difference |= static_cast<uint8_t>((address.bytes[i] & mask_[i]) ^ network_[i]);
  }
  return difference == 0;
}

}  // namespace cam::policy
