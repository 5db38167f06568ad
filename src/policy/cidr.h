// File: policy/cidr.h
// IpAddress and Cidr: source-network matching for policy rules, as byte masks compiled once.
// IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) are treated as the IPv4 address they carry,
// so a dual-stack listener's peers still match IPv4 rules.
#ifndef CAM_POLICY_CIDR_H_
#define CAM_POLICY_CIDR_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"

namespace cam::policy {

struct IpAddress {
  bool is_v4 = false;
  // IPv4 uses the first 4 bytes; the rest are zero.
  std::array<uint8_t, 16> bytes{};

  // Parse reads dotted-quad IPv4 or RFC 4291 IPv6 text (no port, no zone, no brackets); nullopt
  // on anything else.
  static std::optional<IpAddress> Parse(std::string_view text);
};

class Cidr {
 public:
  // Parse reads `<address>/<prefix length>` (`10.0.0.0/8`, `2001:db8::/32`). The length is
  // required, at most 32 (IPv4) or 128 (IPv6), and the address must have no bits set past it
  // (`10.0.0.1/8` is refused: it usually means a typo). Plain InvalidArgument on failure.
  static absl::StatusOr<Cidr> Parse(std::string_view text);

  bool Contains(const IpAddress& address) const;

 private:
  bool is_v4_ = false;
  std::array<uint8_t, 16> network_{};
  std::array<uint8_t, 16> mask_{};
};

}  // namespace cam::policy

#endif  // CAM_POLICY_CIDR_H_
