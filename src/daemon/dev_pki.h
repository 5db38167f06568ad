// File: daemon/dev_pki.h
// DevPki: a throwaway PKI for `camd --dev`: a CA, a server certificate for localhost and
// 127.0.0.1, and client certificates with SPIFFE identities (operator admin, agents agent-1
// and agent-2; the second agent lets users and tests see owner isolation).
// Keys are ECDSA P-256, written with mode 0600. Existing files are reused, so restarts keep
// the same identities. Never for production.
#ifndef CAM_DAEMON_DEV_PKI_H_
#define CAM_DAEMON_DEV_PKI_H_

#include <string>

#include "absl/status/statusor.h"

namespace cam::daemon {

struct DevPkiPaths {
  std::string ca_cert;
  std::string server_cert;
  std::string server_key;
  std::string operator_cert;
  std::string operator_key;
  std::string agent_cert;
  std::string agent_key;
};

// EnsureDevPki creates `dir` (0700) and the PKI inside it unless ca.pem already exists.
// `trust_domain` names the SPIFFE identities: spiffe://<domain>/operator/admin and
// spiffe://<domain>/agent/agent-1.
absl::StatusOr<DevPkiPaths> EnsureDevPki(const std::string& dir, const std::string& trust_domain);

}  // namespace cam::daemon

#endif  // CAM_DAEMON_DEV_PKI_H_
