// File: transport/tls/tls13_only.h
// gRPC 1.51 has no setter for a minimum TLS version and pins TLS 1.2 as its floor when it builds
// its own SSL_CTX. OpenSSL's "system_default" configuration is applied inside SSL_CTX_new, and its
// `Protocol` command sets SSL_OP_NO_* option bits, which gRPC's later min-version call does not
// clear. Loading that configuration once at startup therefore makes every TLS context in the
// process (gRPC's and our own) refuse anything but TLS 1.3.
#ifndef CAM_TRANSPORT_TLS_TLS13_ONLY_H_
#define CAM_TRANSPORT_TLS_TLS13_ONLY_H_

#include "absl/status/status.h"

namespace cam::transport {

// RestrictProcessToTls13 loads the TLS 1.3-only configuration. Call it before any TLS context is
// created (before building servers or channels). Idempotent.
absl::Status RestrictProcessToTls13();

}  // namespace cam::transport

#endif  // CAM_TRANSPORT_TLS_TLS13_ONLY_H_
