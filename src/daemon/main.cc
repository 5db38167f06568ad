// camd: the CAM kernel daemon. Loads configuration, opens the store, builds the envelope, serves
// gRPC and HTTPS/JSON, and drains in-flight calls on SIGTERM.
#include <signal.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "audit/decision_log.h"
#include "audit/jsonl_audit_sink.h"
#include "base/clock.h"
#include "crypto/primitives/openssl_allocator.h"
#include "daemon/camd_config.h"
#include "daemon/dev_pki.h"
#include "daemon/handshake_failure_reporter.h"
#include "daemon/identity_keys.h"
#include "envelope/chain.h"
#include "envelope/envelope_config.h"
#include "envelope/method_table.h"
#include "envelope/owner_authorizer.h"
#include "envelope/policy_authorizer.h"
#include "identity/api_key_store.h"
#include "identity/auth_backoff.h"
#include "identity/certificate_policy.h"
#include "identity/jwk_set.h"
#include "identity/jwt_verifier.h"
#include "identity/totp_enrollment_store.h"
#include "keys/namespace_key_cipher.h"
#include "keys/root_key_file.h"
#include "policy/policy_engine.h"
#include "store/rocksdb/rocksdb_store.h"
#include "syscalls/identity/identity_syscalls.h"
#include "syscalls/identity/token_credential_verifier.h"
#include "syscalls/memory/memory_syscalls.h"
#include "syscalls/memory/namespace_directory.h"
#include "syscalls/observe/explain_syscalls.h"
#include "syscalls/policy/policy_syscalls.h"
#include "transport/grpc/grpc_log_bridge.h"
#include "transport/grpc/grpc_server.h"
#include "transport/http/http_server.h"
#include "transport/tls/handshake_failures.h"
#include "transport/tls/tls13_only.h"

namespace cam::daemon {
namespace {

int Fail(const std::string& what, const absl::Status& status) {
  const absl::string_view message = status.message();
  // The config loader's messages already start with "config: "; that is not said twice.
  const std::string prefix = absl::StartsWith(message, what + ": ") ? "" : what + ": ";
  std::fprintf(stderr, "camd: %s%.*s\n", prefix.c_str(), static_cast<int>(message.size()),
               message.data());
  return 1;
}

absl::StatusOr<std::string> ReadText(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string HostOf(const std::string& addr) { return addr.substr(0, addr.rfind(':')); }

absl::Status WriteEnvFile(const std::string& path, const std::string& grpc_addr,
                          const std::string& http_addr, const DevPkiPaths& pki) {
  std::ofstream out(path, std::ios::trunc);
  out << "# camctl settings for this dev camd (source this file)\n"
      << "export CAM_ADDR=" << grpc_addr << "\n"
      << "export CAM_CACERT=" << pki.ca_cert << "\n"
      << "export CAM_CLIENT_CERT=" << pki.operator_cert << "\n"
      << "export CAM_CLIENT_KEY=" << pki.operator_key << "\n"
      << "# HTTPS/JSON gateway, e.g. curl --cacert $CAM_CACERT --cert $CAM_CLIENT_CERT --key "
         "$CAM_CLIENT_KEY https://"
      << http_addr << "/v1/namespaces\n";
  out.close();
  return out ? absl::OkStatus() : absl::UnavailableError("cannot write " + path);
}

// WritePublicFile replaces `path` with `text` atomically (a reader sees the old or the new file,
// never half of one), readable by everyone: it holds only public material.
absl::Status WritePublicFile(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << text;
    out.close();
    if (!out) return absl::UnavailableError("cannot write " + temporary);
  }
  std::error_code ec;
  std::filesystem::permissions(temporary, std::filesystem::perms(0644),
                               std::filesystem::perm_options::replace, ec);
  if (!ec) std::filesystem::rename(temporary, path, ec);
  if (ec) return absl::UnavailableError("cannot write " + path + ": " + ec.message());
  return absl::OkStatus();
}

int Run(int argc, char** argv) {
  // Before anything can allocate through OpenSSL, which would make it refuse (see the header).
  const bool openssl_allocator = crypto::InstallOpenSslAllocator();
  // Abseil's mutex deadlock detector is on in Debian's build of Abseil: every lock and unlock of
  // an absl::Mutex (gRPC's locks are) updates one process-wide lock graph, which cost 3-5% of
  // camd's CPU under load. It is a debugging aid, not a safety check, so camd turns it off.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  CLI::App app{"camd: the CAM kernel daemon", "camd"};
  std::string config_file;
  bool dev = false;
  std::string data_dir_flag, grpc_addr_flag, http_addr_flag;
  app.add_option("--config", config_file, "YAML configuration file")->check(CLI::ExistingFile);
  app.add_flag("--dev", dev, "development mode: generate a dev PKI under DATA_DIR/pki");
  app.add_option("--data-dir", data_dir_flag, "data directory (config data_dir)");
  app.add_option("--grpc-addr", grpc_addr_flag, "gRPC listen address HOST:PORT (config grpc.addr)");
  app.add_option("--http-addr", http_addr_flag,
                 "HTTPS listen address HOST:PORT (config http.addr)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  ConfigSources sources{.yaml_text = "",
                        .getenv = [](const char* name) { return std::getenv(name); }};
  if (!config_file.empty()) {
    absl::StatusOr<std::string> text = ReadText(config_file);
    if (!text.ok()) return Fail("config", text.status());
    sources.yaml_text = *text;
  }
  absl::StatusOr<CamdConfig> loaded = LoadConfig(sources);
  if (!loaded.ok()) return Fail("config", loaded.status());
  CamdConfig config = *loaded;
  if (!data_dir_flag.empty()) config.data_dir = data_dir_flag;
  if (!grpc_addr_flag.empty()) config.grpc_addr = grpc_addr_flag;
  if (!http_addr_flag.empty()) config.http_addr = http_addr_flag;
  if (absl::Status valid = ValidateConfig(config); !valid.ok()) return Fail("config", valid);

  // Signals are blocked before any thread starts, so only the sigwait below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::error_code error;
  std::filesystem::create_directories(config.data_dir, error);
  if (error) return Fail("data dir", absl::UnavailableError(error.message()));
  std::filesystem::permissions(config.data_dir, std::filesystem::perms::owner_all, error);

  auto debug_log = spdlog::basic_logger_mt("camd-debug", config.data_dir + "/debug.log");
  debug_log->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l",%v})",
                         spdlog::pattern_time_type::utc);
  debug_log->set_level(spdlog::level::from_str(config.log_level));
  debug_log->flush_on(spdlog::level::warn);
  if (!openssl_allocator) {
    // Costs speed only: OpenSSL keeps its own functions.
    debug_log->warn(R"("event":"openssl_allocator_not_installed")");
  }

  if (absl::Status tls = transport::RestrictProcessToTls13(); !tls.ok()) return Fail("tls", tls);

  DevPkiPaths pki;
  if (dev) {
    absl::StatusOr<DevPkiPaths> made =
        EnsureDevPki(config.data_dir + "/pki", config.auth_trust_domain);
    if (!made.ok()) return Fail("dev pki", made.status());
    pki = *made;
    if (config.tls_cert_file.empty()) config.tls_cert_file = pki.server_cert;
    if (config.tls_key_file.empty()) config.tls_key_file = pki.server_key;
    if (config.tls_client_ca_file.empty()) config.tls_client_ca_file = pki.ca_cert;
  }
  if (config.tls_cert_file.empty() || config.tls_key_file.empty() ||
      config.tls_client_ca_file.empty()) {
    return Fail("config", absl::InvalidArgumentError(
                              "tls.cert_file, tls.key_file and tls.client_ca_file are required "
                              "(or run with --dev)"));
  }

  absl::StatusOr<std::unique_ptr<store::Store>> store =
      store::RocksDbStore::Open(config.data_dir + "/db");
  if (!store.ok()) return Fail("store", store.status());
  absl::StatusOr<base::SecureBuffer> root_key =
      keys::LoadOrCreateRootKeyFile(config.data_dir + "/root.key");
  if (!root_key.ok()) return Fail("root key", root_key.status());
  absl::StatusOr<IdentityKeys> identity_keys = DeriveIdentityKeys(*root_key);
  if (!identity_keys.ok()) return Fail("identity keys", identity_keys.status());
  keys::NamespaceKeyCipher cipher(*std::move(root_key));
  absl::StatusOr<std::unique_ptr<syscalls::NamespaceDirectory>> directory =
      syscalls::NamespaceDirectory::Load(store->get(), &cipher);
  if (!directory.ok()) return Fail("namespaces", directory.status());
  absl::StatusOr<std::unique_ptr<audit::JsonlAuditSink>> audit_sink =
      audit::JsonlAuditSink::Open(config.data_dir + "/audit.jsonl");
  if (!audit_sink.ok()) return Fail("audit log", audit_sink.status());

  base::SystemClock clock;
  syscalls::MemorySyscalls memory(store->get(), directory->get(), &cipher, &clock,
                                  {.versions_kept = static_cast<int>(config.memory_versions_kept)});
  envelope::HandlerRegistry handlers;
  if (absl::Status registered = memory.RegisterAll(handlers); !registered.ok()) {
    return Fail("handlers", registered);
  }

  // Identity: camd's own token keys verify the tokens it issues; API keys live in the store.
  const identity::JwtSigner* token_signers[] = {identity_keys->eddsa_signer.get(),
                                                identity_keys->ml_dsa_signer.get()};
  const std::string token_keys_json = identity::JwtSigner::PublicJwkSetJson(token_signers);
  absl::StatusOr<identity::JwkSet> token_keys = identity::JwkSet::Parse(token_keys_json);
  if (!token_keys.ok()) return Fail("token keys", token_keys.status());
  // Published for verifiers elsewhere: `camctl jwt verify --jwks DATA_DIR/token-keys.json`.
  if (absl::Status written = WritePublicFile(config.data_dir + "/token-keys.json", token_keys_json);
      !written.ok()) {
    return Fail("token keys", written);
  }
  absl::StatusOr<std::unique_ptr<identity::JwtVerifier>> token_verifier =
      identity::JwtVerifier::Create(
          {}, std::make_shared<identity::StaticJwkSetSource>(*std::move(token_keys)));
  if (!token_verifier.ok()) return Fail("token verifier", token_verifier.status());
  absl::StatusOr<std::unique_ptr<identity::ApiKeyStore>> api_keys =
      identity::ApiKeyStore::Open(store->get(), std::move(identity_keys->api_key_hmac_key));
  if (!api_keys.ok()) return Fail("api keys", api_keys.status());
  absl::StatusOr<std::unique_ptr<identity::TotpEnrollmentStore>> totp_enrollments =
      identity::TotpEnrollmentStore::Open(store->get(), std::move(identity_keys->totp_seal_key));
  if (!totp_enrollments.ok()) return Fail("totp", totp_enrollments.status());
  identity::AuthBackoff auth_backoff({}, &clock);
  syscalls::TokenCredentialVerifier credential_verifier(token_verifier->get(), api_keys->get(),
                                                        &auth_backoff, &clock);
  syscalls::IdentitySyscalls identity_syscalls(
      identity_keys->eddsa_signer.get(), identity_keys->ml_dsa_signer.get(), api_keys->get(),
      &clock,
      {.default_token_lifetime = absl::Seconds(config.auth_token_lifetime_s),
       .default_tenant = config.auth_default_tenant},
      totp_enrollments->get());
  if (absl::Status registered = identity_syscalls.RegisterAll(handlers); !registered.ok()) {
    return Fail("handlers", registered);
  }
  // Authorization: stored policies on top of the built-in owner/operator baseline.
  absl::StatusOr<std::unique_ptr<policy::PolicyEngine>> policy_engine =
      policy::PolicyEngine::Open(store->get(), &clock);
  if (!policy_engine.ok()) return Fail("policy", policy_engine.status());
  absl::StatusOr<std::unique_ptr<envelope::MethodTable>> methods = envelope::MethodTable::Build();
  if (!methods.ok()) return Fail("contract", methods.status());
  std::set<std::string> known_actions;
  for (const auto& method : (*methods)->methods()) known_actions.insert(method->options.action());
  syscalls::PolicySyscalls policy_syscalls(policy_engine->get(), &clock, known_actions);
  if (absl::Status registered = policy_syscalls.RegisterAll(handlers); !registered.ok()) {
    return Fail("handlers", registered);
  }
  // Recent decisions, for ExplainAction; the audit log is their durable home.
  audit::DecisionLog decision_log(static_cast<size_t>(config.audit_recent_decisions));
  syscalls::ExplainSyscalls explain_syscalls(&decision_log);
  if (absl::Status registered = explain_syscalls.RegisterAll(handlers); !registered.ok()) {
    return Fail("handlers", registered);
  }
  envelope::OwnerAuthorizer owner_authorizer(directory->get());
  envelope::PolicyAuthorizer authorizer(policy_engine->get(), &owner_authorizer, directory->get());
  const size_t max_value = static_cast<size_t>(config.limits_max_value_bytes);
  envelope::EnvelopeConfig envelope_config;
  envelope_config.authenticate = {.trust_domain = config.auth_trust_domain,
                                  .default_tenant = config.auth_default_tenant};
  envelope_config.require_operator_mfa = config.auth_operator_mfa != 0;
  envelope_config.request_size = {.max_request_bytes = max_value + (64 << 10)};
  envelope_config.validation.max_value_bytes = max_value;
  envelope_config.deadlines = {.memory = absl::Milliseconds(config.deadlines_memory_ms),
                               .tasks = absl::Milliseconds(config.deadlines_tasks_ms),
                               .security = absl::Milliseconds(config.deadlines_security_ms),
                               .drivers = absl::Milliseconds(config.deadlines_drivers_ms)};
  // Client-certificate policy (client classes, SPKI pins, CRL): off unless configured; a bad
  // file at startup fails camd, later reloads keep the last good one.
  std::unique_ptr<identity::CertificatePolicy> certificate_policy;
  if (!config.auth_client_classes_file.empty() || !config.tls_crl_file.empty()) {
    std::unique_ptr<identity::ClientClassesFile> classes;
    std::unique_ptr<identity::RevocationListFile> crl;
    if (!config.auth_client_classes_file.empty()) {
      auto opened = identity::ClientClassesFile::Open(config.auth_client_classes_file,
                                                      config.auth_trust_domain);
      if (!opened.ok()) return Fail("auth.client_classes_file", opened.status());
      classes = *std::move(opened);
    }
    if (!config.tls_crl_file.empty()) {
      auto opened =
          identity::RevocationListFile::Open(config.tls_crl_file, config.tls_client_ca_file);
      if (!opened.ok()) return Fail("tls.crl_file", opened.status());
      crl = *std::move(opened);
    }
    certificate_policy = std::make_unique<identity::CertificatePolicy>(
        std::move(classes), std::move(crl), &clock,
        identity::CertificatePolicyConfig{
            .on_reload_error = [debug_log](std::string_view file, const absl::Status& status) {
              debug_log->warn(R"("event":"reload_failed","file":"{}","detail":{})", file,
                              nlohmann::json(std::string(status.message())).dump());
            }});
  }
  envelope::EnvelopeDependencies deps{
      .authorizer = &authorizer,
      .credentials = &credential_verifier,
      .certificates = certificate_policy.get(),
      .handlers = &handlers,
      .audit_sink = audit_sink->get(),
      .decision_log = &decision_log,
      .clock = &clock,
      .debug_log = [debug_log](std::string_view request_id, std::string_view reason,
                               std::string_view detail) {
        debug_log->debug(R"("request_id":"{}","reason":"{}","detail":{})", request_id, reason,
                         nlohmann::json(std::string(detail))
                             .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      }};
  absl::StatusOr<std::unique_ptr<envelope::Chain>> chain =
      envelope::BuildChain(envelope_config, deps);
  if (!chain.ok()) return Fail("envelope", chain.status());

  // Failed TLS handshakes never become calls: both transports count them, and the reporter audits
  // the counts once per interval (an unauthenticated peer must not set the fsync rate).
  transport::HandshakeFailureTally handshake_failures;
  HandshakeFailureReporter handshake_reporter(
      &handshake_failures, audit_sink->get(), &clock,
      absl::Milliseconds(config.audit_handshake_summary_ms),
      [debug_log](const absl::Status& status) {
        debug_log->error(R"("event":"audit_failed","detail":{})",
                         nlohmann::json(std::string(status.message())).dump());
      });
  absl::StatusOr<std::unique_ptr<transport::GrpcLogBridge>> grpc_log =
      transport::GrpcLogBridge::Install(
          &handshake_failures,
          [debug_log](transport::GrpcLogSeverity severity, std::string_view message) {
            const spdlog::level::level_enum level =
                severity == transport::GrpcLogSeverity::kError  ? spdlog::level::err
                : severity == transport::GrpcLogSeverity::kInfo ? spdlog::level::info
                                                                : spdlog::level::debug;
            debug_log->log(level, R"("event":"grpc","detail":{})",
                           nlohmann::json(std::string(message))
                               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
          });
  if (!grpc_log.ok()) return Fail("grpc log", grpc_log.status());

  std::atomic<bool> ready{false};
  auto is_ready = [&ready] { return ready.load(); };
  absl::StatusOr<std::unique_ptr<transport::GrpcServer>> grpc_server = transport::GrpcServer::Start(
      {.address = config.grpc_addr,
       .cert_file = config.tls_cert_file,
       .key_file = config.tls_key_file,
       .client_ca_file = config.tls_client_ca_file,
       .max_receive_bytes = max_value + (1 << 20),
       .worker_threads = static_cast<int>(config.server_worker_threads)},
      methods->get(), chain->get(), is_ready);
  if (!grpc_server.ok()) return Fail("grpc", grpc_server.status());
  transport::HttpServerConfig http_config;
  http_config.address = config.http_addr;
  http_config.cert_file = config.tls_cert_file;
  http_config.key_file = config.tls_key_file;
  http_config.client_ca_file = config.tls_client_ca_file;
  // JSON carries bytes as base64, a third larger than the value itself.
  http_config.max_body_bytes = max_value / 3 * 4 + 4 + (64 << 10);
  http_config.worker_threads = static_cast<int>(config.server_worker_threads);
  http_config.handshake_failures = &handshake_failures;
  absl::StatusOr<std::unique_ptr<transport::HttpServer>> http_server =
      transport::HttpServer::Start(http_config, methods->get(), chain->get(), is_ready);
  if (!http_server.ok()) return Fail("http", http_server.status());

  const std::string grpc_bound =
      HostOf(config.grpc_addr) + ":" + std::to_string((*grpc_server)->port());
  const std::string http_bound =
      HostOf(config.http_addr) + ":" + std::to_string((*http_server)->port());
  if (dev) {
    if (absl::Status env = WriteEnvFile(config.data_dir + "/env", grpc_bound, http_bound, pki);
        !env.ok()) {
      return Fail("env file", env);
    }
  }
  ready = true;
  std::printf("camd ready grpc=%s http=%s data_dir=%s%s\n", grpc_bound.c_str(), http_bound.c_str(),
              config.data_dir.c_str(), dev ? " mode=dev" : "");
  std::fflush(stdout);

  int received = 0;
  sigwait(&signals, &received);
  std::printf("camd draining (signal %d)\n", received);
  std::fflush(stdout);
  ready = false;
  const absl::Duration drain = absl::Milliseconds(config.server_drain_ms);
  (*http_server)->Shutdown(drain);
  (*grpc_server)->Shutdown(drain);
  debug_log->flush();
  std::printf("camd stopped\n");
  return 0;
}

}  // namespace
}  // namespace cam::daemon

int main(int argc, char** argv) { return cam::daemon::Run(argc, argv); }
