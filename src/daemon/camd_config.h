// File: daemon/camd_config.h
// CamdConfig: everything camd reads at startup, from one YAML file, then `CAM_<PATH>` environment
// variables (the upper-snake config path: grpc.addr -> CAM_GRPC_ADDR), then command-line flags.
// Every value is bounds-checked here, so bad configuration fails startup with a clear message
// rather than misbehaving later. Unknown YAML keys are errors (a typo must not pass silently).
#ifndef CAM_DAEMON_CAMD_CONFIG_H_
#define CAM_DAEMON_CAMD_CONFIG_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "absl/status/statusor.h"

namespace cam::daemon {

struct CamdConfig {
  std::string data_dir = "/var/lib/camd";  // RocksDB, audit log, root key, dev PKI
  std::string grpc_addr = "127.0.0.1:7443";
  std::string http_addr = "127.0.0.1:8443";
  // TLS files; empty in --dev mode, where the generated dev PKI fills them in.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;
  // A CRL file (PEM, several CRLs may be concatenated, or one DER) signed by a CA of
  // tls_client_ca_file; revoked client certificates are refused on every call. Empty: off.
  std::string tls_crl_file;
  std::string auth_trust_domain = "cam.local";
  std::string auth_default_tenant = "default";
  // YAML client classes (identity/client_classes.h): kind, tenant and SPKI pins per class of
  // client certificate. Empty: kind from the SPIFFE path, tenant auth_default_tenant.
  std::string auth_client_classes_file;
  int64_t auth_operator_mfa = 1;             // 1: operator-only calls need two factors
  int64_t auth_token_lifetime_s = 900;       // default access-token lifetime (15 min)
  int64_t limits_max_value_bytes = 1 << 20;  // 1 MiB; at most 64 MiB
  int64_t memory_versions_kept = 10;         // 1..1000
  int64_t deadlines_memory_ms = 500;
  int64_t deadlines_tasks_ms = 100;
  int64_t deadlines_security_ms = 200;
  int64_t deadlines_drivers_ms = 2000;
  // Threads per transport for calls that may wait on a store sync (over gRPC only synchronous
  // state-changing handlers; reads and ContextWrite run on gRPC's own threads).
  int64_t server_worker_threads = 16;
  int64_t server_drain_ms = 10000;  // SIGTERM grace period
  // Failed TLS handshakes are audited as one summary record per transport and kind per interval.
  int64_t audit_handshake_summary_ms = 10000;
  // Recent authorization decisions kept in memory for ExplainAction (~1 KB each); 1..1000000.
  int64_t audit_recent_decisions = 8192;
  std::string log_level = "info";  // debug, info, warn, error
};

// ConfigSource is where values come from, for tests: env lookup and the YAML text.
struct ConfigSources {
  std::string yaml_text;  // empty: no file
  std::function<const char*(const char*)> getenv;
};

// LoadConfig applies YAML, then environment, over the defaults, and validates the result.
absl::StatusOr<CamdConfig> LoadConfig(const ConfigSources& sources);

// ValidateConfig checks bounds and formats (host:port addresses, sizes, durations).
absl::Status ValidateConfig(const CamdConfig& config);

// ConfigKeys lists every config path ("grpc.addr") with its environment variable name.
std::map<std::string, std::string> ConfigKeys();

}  // namespace cam::daemon

#endif  // CAM_DAEMON_CAMD_CONFIG_H_
