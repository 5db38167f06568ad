// File: cli/connection_flags.h
// The connection flag group shared by every camctl command that talks to camd: --addr, --ca-cert,
// --cert, --key, --token, --api-key (bound to CAM_ADDR, CAM_CACERT, CAM_CLIENT_CERT,
// CAM_CLIENT_KEY, CAM_TOKEN, CAM_API_KEY) and --timeout; their validation, and the TLS channel
// they describe.
#ifndef CAM_CLI_CONNECTION_FLAGS_H_
#define CAM_CLI_CONNECTION_FLAGS_H_

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "cli/env_lookup.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace grpc {
class ChannelInterface;
class ClientContext;
}  // namespace grpc

namespace cam::cli {

inline constexpr std::string_view kDefaultAddr = "127.0.0.1:7443";
inline constexpr std::string_view kDefaultTimeout = "10s";

// Validated connection settings.
struct ConnectionOptions {
  std::string addr;          // HOST:PORT, as given.
  std::string host;          // the host part: the name the server certificate must match.
  std::string ca_cert_path;  // empty: the system trust store.
  std::string cert_path;     // client certificate (mTLS); set together with key_path.
  std::string key_path;
  std::string token;  // bearer token; empty when none. Never printed.
  // API key (cam_<id>_<secret>); empty when none. At most one of token and api_key is set: a
  // call carries one authorization header. Never printed.
  std::string api_key;
  std::chrono::milliseconds timeout{10000};
};

class ConnectionFlags {
 public:
  // Register adds the group's flags to `app`.
  void Register(CLI::App& app);

  // Resolve applies flag > environment > default and validates every value; a bad environment
  // value is rejected exactly like a bad flag, naming the variable.
  absl::StatusOr<ConnectionOptions> Resolve(const EnvLookup& env) const;

 private:
  std::string addr_, ca_cert_, cert_, key_, token_, api_key_, timeout_;
  CLI::Option* addr_opt_ = nullptr;
  CLI::Option* ca_cert_opt_ = nullptr;
  CLI::Option* cert_opt_ = nullptr;
  CLI::Option* key_opt_ = nullptr;
  CLI::Option* token_opt_ = nullptr;
  CLI::Option* api_key_opt_ = nullptr;
  CLI::Option* timeout_opt_ = nullptr;
};

// HostOfAddress checks HOST:PORT (IPv6 as [ADDR]:PORT, port 1-65535) and returns HOST.
absl::StatusOr<std::string> HostOfAddress(std::string_view addr);

// ParseTimeout accepts a positive duration with a unit ("10s", "500ms", "1m30s"); a bare number
// is rejected rather than guessed at.
absl::StatusOr<std::chrono::milliseconds> ParseTimeout(std::string_view text);

// DialTls reads the CA, certificate and key files (a missing or unreadable file, a file that is
// not PEM, or a key that does not match the certificate is a local error) and returns a TLS
// channel to options.addr that verifies the server certificate against options.host.
absl::StatusOr<std::shared_ptr<grpc::ChannelInterface>> DialTls(const ConnectionOptions& options);

// PrepareContext sets the call deadline and the credential: `authorization: Bearer <token>` or
// `authorization: ApiKey <key>`.
void PrepareContext(const ConnectionOptions& options, grpc::ClientContext& context);

}  // namespace cam::cli

#endif  // CAM_CLI_CONNECTION_FLAGS_H_
