// File: envelope/peer_address.h
// SourceOf: the host part of a transport peer address, the unit that back-off counts by and
// that policy CIDRs match ("ipv4:10.0.0.1:443" -> "10.0.0.1", "[::1]:80" -> "::1").
#ifndef CAM_ENVELOPE_PEER_ADDRESS_H_
#define CAM_ENVELOPE_PEER_ADDRESS_H_

#include <string>
#include <string_view>

namespace cam::envelope {

std::string SourceOf(std::string_view peer_address);

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_PEER_ADDRESS_H_
