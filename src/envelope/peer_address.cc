#include "envelope/peer_address.h"

namespace cam::envelope {

std::string SourceOf(std::string_view peer_address) {
  std::string_view address = peer_address;
  for (std::string_view scheme : {"ipv4:", "ipv6:"}) {
    if (address.starts_with(scheme)) address.remove_prefix(scheme.size());
  }
  // gRPC escapes the brackets of an IPv6 peer ("ipv6:%5B::1%5D:5555").
  if (address.starts_with("%5B")) {
    const size_t close = address.find("%5D");
    return std::string(
        address.substr(3, close == std::string_view::npos ? address.size() - 3 : close - 3));
  }
  if (address.starts_with('[')) {
    const size_t close = address.find(']');
    return std::string(
        address.substr(1, close == std::string_view::npos ? address.size() - 1 : close - 1));
  }
  const size_t colon = address.rfind(':');
  // Exactly one colon: host:port. More: a bare IPv6 address without a port.
  if (colon != std::string_view::npos && address.find(':') == colon)
    address = address.substr(0, colon);
  return std::string(address);
}

}  // namespace cam::envelope
