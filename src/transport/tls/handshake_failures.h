// File: transport/tls/handshake_failures.h
// TLS handshake failures: a peer without a client certificate, with an untrusted one, or speaking
// TLS 1.2 never becomes a call, so the envelope cannot audit it. The transports classify each
// failure and count it here; a reporter drains the counts into one audit record per transport and
// kind of failure per interval. Counting instead of writing a record per failure matters: an
// unauthenticated peer must not be able to make camd fsync the audit log at will.
#ifndef CAM_TRANSPORT_TLS_HANDSHAKE_FAILURES_H_
#define CAM_TRANSPORT_TLS_HANDSHAKE_FAILURES_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace cam::transport {

enum class HandshakeFailure {
  kNoCertificate,         // the client sent no certificate
  kUntrustedCertificate,  // the chain did not verify (unknown CA, expired, bad signature)
  kProtocolVersion,       // not TLS 1.3
  kNotTls,                // plain HTTP or other bytes on the TLS port
  kAborted,               // the connection ended or timed out before the handshake finished
  kOther,                 // any other TLS alert or error
};

// "no_certificate", "untrusted_certificate", ... (stable: audit records carry them).
std::string_view HandshakeFailureName(HandshakeFailure failure);

// ClassifyOpenSslError maps a packed OpenSSL error code (ERR_get_error) to a failure kind.
HandshakeFailure ClassifyOpenSslError(unsigned long error);

// ClassifyOpenSslErrorText finds the first "error:XXXXXXXX:" code in a log line (how gRPC reports
// a failed handshake) and classifies it; kOther if there is none.
HandshakeFailure ClassifyOpenSslErrorText(std::string_view text);

// Thread-safe. Memory is bounded: at most `max_sources` distinct sources are remembered per
// transport and kind between drains; further sources are still counted, not named.
class HandshakeFailureTally {
 public:
  struct Summary {
    std::string transport;
    HandshakeFailure failure = HandshakeFailure::kOther;
    uint64_t count = 0;
    uint64_t distinct_sources = 0;  // a lower bound when `sources_truncated`
    bool sources_truncated = false;
    // The sources with the most failures, most first (ties by name), at most `top_sources`.
    std::vector<std::pair<std::string, uint64_t>> top_sources;
  };

  explicit HandshakeFailureTally(size_t max_sources = 4096, size_t top_sources = 5)
      : max_sources_(max_sources), top_sources_(top_sources) {}

  // Record counts one failure; `source` is a host without port (envelope::SourceOf), since every
  // connection comes from a new port; "" when the transport cannot tell.
  void Record(std::string_view transport, HandshakeFailure failure, std::string_view source);

  // Drain returns what was counted since the last drain, ordered by transport and kind, and
  // starts over. Nothing counted: empty.
  std::vector<Summary> Drain();

 private:
  struct Bucket {
    uint64_t count = 0;
    bool sources_truncated = false;
    absl::flat_hash_map<std::string, uint64_t> sources;
  };

  const size_t max_sources_;
  const size_t top_sources_;
  absl::Mutex mu_;
  std::map<std::pair<std::string, HandshakeFailure>, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cam::transport

#endif  // CAM_TRANSPORT_TLS_HANDSHAKE_FAILURES_H_
