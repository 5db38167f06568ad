// File: envelope/call.h
// Call: the transport-free state of one request as it passes through the envelope. Transports
// fill the request side (method, peer, request message, client deadline); stages fill the rest.
// A Call is used by one thread at a time.
#ifndef CAM_ENVELOPE_CALL_H_
#define CAM_ENVELOPE_CALL_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "envelope/credentials.h"
#include "envelope/principal.h"
#include "policy/decision.h"

namespace google::protobuf {
class Message;
}  // namespace google::protobuf

namespace cam::envelope {

struct MethodInfo;

enum class Transport { kGrpc, kHttp, kInProcess };

// What the TLS layer verified about the client certificate. Only a certificate whose chain was
// verified against the configured CAs reaches this struct as `verified`.
struct PeerCertificate {
  bool present = false;
  bool verified = false;
  std::string subject_common_name;
  std::vector<std::string> uri_sans;
  // Binary SHA-256 digests: of the whole DER certificate (RFC 8705 `x5t#S256`, for bound tokens)
  // and of its DER SubjectPublicKeyInfo (what SPKI pins name, so pins survive re-issuance).
  std::string der_sha256;
  std::string spki_sha256;
  // Lowercase hex of the serial number, without leading zero digits, and the DER issuer name:
  // what a CRL entry names.
  std::string serial_hex;
  std::string issuer_der;
  absl::Time not_after = absl::InfiniteFuture();
};

struct Peer {
  std::string address;  // "ipv4:127.0.0.1:5555" style or "127.0.0.1:5555"
  PeerCertificate certificate;
};

// Facts a handler notes for the audit stage: never values or secrets, only what happened.
struct AuditFacts {
  std::string resource;                                      // e.g. "ns/team-a/notes/today"
  std::vector<std::pair<std::string, std::string>> details;  // e.g. {"version","3"}
};

struct AuthorizationDecision {
  bool evaluated = false;
  bool allowed = false;
  std::string rule;  // which rule decided; "deny-by-default" when none matched
  // Every policy rule that matched, enforced and shadow, for ExplainAction and the audit log.
  std::vector<policy::MatchedRule> matched_rules;
  std::string decision_id;  // set by the authorize stage once a decision is made
};

struct Call {
  std::string request_id;
  Transport transport = Transport::kInProcess;
  Peer peer;
  Credentials credentials;
  const MethodInfo* method = nullptr;
  google::protobuf::Message* request = nullptr;   // owned by the transport
  google::protobuf::Message* response = nullptr;  // owned by the transport; filled by the handler
  size_t request_bytes = 0;
  // Set by the transport when the request could not be decoded; the validate stage reports it,
  // so an undecodable request is still authenticated, audited and sanitized like any other.
  absl::Status decode_status;

  absl::Time received_at = absl::InfinitePast();
  absl::Time client_deadline = absl::InfiniteFuture();
  absl::Time deadline = absl::InfiniteFuture();  // set by the deadline stage
  std::function<bool()> is_cancelled;            // may be empty
  // Set by a transport that runs the call on a thread that must not wait (an I/O thread):
  // an asynchronous handler that would wait (for a lock another call holds) continues in the
  // task it gives here, on a thread that may. Returns false, dropping the task, when the
  // transport is draining. Empty when the calling thread may wait.
  std::function<bool(std::function<void()>)> run_blocking;

  std::optional<Principal> principal;
  std::string resource_namespace;  // set by the validate stage when the method names one
  AuthorizationDecision decision;
  AuditFacts audit;
  std::string outcome_reason;  // set by the sanitize stage: the reason code sent, or "OK"
};

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_CALL_H_
