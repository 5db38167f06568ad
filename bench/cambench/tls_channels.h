// File: bench/cambench/tls_channels.h
// DialTlsChannels: C independent mutual-TLS gRPC channels to one address. Each channel gets a
// local subchannel pool and a distinct argument, so gRPC cannot share one connection among them:
// C channels really are C TCP+TLS connections.
#ifndef CAM_CAMBENCH_TLS_CHANNELS_H_
#define CAM_CAMBENCH_TLS_CHANNELS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace grpc {
class Channel;
}  // namespace grpc

namespace cam::bench {

struct TlsFiles {
  std::string ca_cert;  // PEM CA that signed the server certificate
  std::string cert;     // PEM client certificate
  std::string key;      // PEM client private key
};

// Reads the three PEM files (a missing or empty file is an error) and dials `count` channels
// to `addr`, waiting up to `connect_seconds` for each to connect.
absl::StatusOr<std::vector<std::shared_ptr<grpc::Channel>>> DialTlsChannels(const std::string& addr,
                                                                            const TlsFiles& files,
                                                                            int count,
                                                                            int connect_seconds);

}  // namespace cam::bench

#endif  // CAM_CAMBENCH_TLS_CHANNELS_H_
