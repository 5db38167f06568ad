#include "cli/connection_flags.h"

#include <grpcpp/grpcpp.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/time/time.h"
#include "base/secure_buffer.h"

namespace cam::cli {
namespace {

// camd accepts values up to 64 MiB when so configured; gRPC's default 4 MiB receive limit would
// make such a value unreadable.
constexpr int kMaxReceiveMessageBytes = 80 * 1024 * 1024;

absl::Status Invalid(const FlagOrEnv& picked, std::string_view why, bool echo_value = true) {
  std::string message = "invalid " + picked.source;
  if (echo_value) message += " \"" + picked.value + "\"";
  message += ": ";
  message.append(why.data(), why.size());
  return absl::InvalidArgumentError(message);
}

bool ValidHostChars(std::string_view host) {
  for (char c : host) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') {
      return false;
    }
  }
  return true;
}

bool ValidIpv6Chars(std::string_view host) {
  for (char c : host) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') return false;
  }
  return true;
}

// Tokens travel in an HTTP/2 header value: visible ASCII only.
bool ValidToken(std::string_view token) {
  for (char c : token) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

// A file named by a flag or variable, with the source named in every error.
struct NamedFile {
  std::string path;
  std::string source;
};

absl::StatusOr<std::string> ReadWholeFile(const NamedFile& file) {
  std::ifstream in(file.path, std::ios::binary);
  if (!in) {
    const int err = errno;
    return absl::NotFoundError("cannot read " + file.source + " file \"" + file.path +
                               "\": " + std::strerror(err));
  }
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    return absl::DataLossError("cannot read " + file.source + " file \"" + file.path + "\"");
  }
  return data;
}

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Deleter {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using X509Ptr = std::unique_ptr<X509, X509Deleter>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

BioPtr MemBio(const std::string& pem) {
  return BioPtr(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// Checks before dialing, so a wrong file is reported as such instead of as an opaque handshake
// failure.
absl::Status CheckCertificatePem(const std::string& pem, const NamedFile& file, X509Ptr* out) {
  BioPtr bio = MemBio(pem);
  X509Ptr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  ERR_clear_error();
  if (!cert) {
    return absl::InvalidArgumentError(file.source + " file \"" + file.path +
                                      "\" holds no PEM certificate");
  }
  if (out != nullptr) *out = std::move(cert);
  return absl::OkStatus();
}

absl::Status CheckKeyMatches(const std::string& key_pem, const NamedFile& key_file, X509* cert) {
  BioPtr bio = MemBio(key_pem);
  PkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  ERR_clear_error();
  if (!key) {
    return absl::InvalidArgumentError(key_file.source + " file \"" + key_file.path +
                                      "\" holds no unencrypted PEM private key");
  }
  if (X509_check_private_key(cert, key.get()) != 1) {
    ERR_clear_error();
    return absl::InvalidArgumentError(key_file.source + " file \"" + key_file.path +
                                      "\" does not match the client certificate");
  }
  return absl::OkStatus();
}

void Wipe(std::string& secret) {
  base::SecureZero(std::span<uint8_t>(reinterpret_cast<uint8_t*>(secret.data()), secret.size()));
  secret.clear();
}

}  // namespace

void ConnectionFlags::Register(CLI::App& app) {
  addr_opt_ = app.add_option(
      "--addr", addr_,
      "camd address HOST:PORT (env CAM_ADDR, default " + std::string(kDefaultAddr) + ")");
  ca_cert_opt_ = app.add_option(
      "--ca-cert", ca_cert_, "PEM file of the CA that signed camd's certificate (env CAM_CACERT)");
  cert_opt_ =
      app.add_option("--cert", cert_, "PEM client certificate for mTLS (env CAM_CLIENT_CERT)");
  key_opt_ = app.add_option("--key", key_, "PEM private key of --cert (env CAM_CLIENT_KEY)");
  token_opt_ = app.add_option(
      "--token", token_, "bearer token (env CAM_TOKEN; prefer the variable: flags show in ps)");
  api_key_opt_ = app.add_option(
      "--api-key", api_key_,
      "API key cam_<id>_<secret> (env CAM_API_KEY; prefer the variable: flags show in ps)");
  timeout_opt_ = app.add_option("--timeout", timeout_,
                                "deadline for each call, with a unit: 500ms, 10s, 1m (default " +
                                    std::string(kDefaultTimeout) + ")");
  for (CLI::Option* opt :
       {addr_opt_, ca_cert_opt_, cert_opt_, key_opt_, token_opt_, api_key_opt_, timeout_opt_}) {
    opt->group("Connection");
  }
}

absl::StatusOr<ConnectionOptions> ConnectionFlags::Resolve(const EnvLookup& env) const {
  auto given = [](const CLI::Option* opt) { return opt != nullptr && opt->count() > 0; };
  ConnectionOptions options;

  const FlagOrEnv addr =
      PickFlagOrEnv(given(addr_opt_), addr_, "--addr", "CAM_ADDR", env, kDefaultAddr);
  absl::StatusOr<std::string> host = HostOfAddress(addr.value);
  if (!host.ok()) return Invalid(addr, std::string(host.status().message()));
  options.addr = addr.value;
  options.host = *std::move(host);

  const FlagOrEnv ca =
      PickFlagOrEnv(given(ca_cert_opt_), ca_cert_, "--ca-cert", "CAM_CACERT", env, "");
  const FlagOrEnv cert =
      PickFlagOrEnv(given(cert_opt_), cert_, "--cert", "CAM_CLIENT_CERT", env, "");
  const FlagOrEnv key = PickFlagOrEnv(given(key_opt_), key_, "--key", "CAM_CLIENT_KEY", env, "");
  if (given(ca_cert_opt_) && ca.value.empty()) return Invalid(ca, "must name a file");
  if (given(cert_opt_) && cert.value.empty()) return Invalid(cert, "must name a file");
  if (given(key_opt_) && key.value.empty()) return Invalid(key, "must name a file");
  if (cert.value.empty() != key.value.empty()) {
    return absl::InvalidArgumentError(
        cert.value.empty() ? "a client key (" + key.source +
                                 ") needs a client certificate (--cert or "
                                 "CAM_CLIENT_CERT)"
                           : "a client certificate (" + cert.source +
                                 ") needs its private key (--key or CAM_CLIENT_KEY)");
  }
  options.ca_cert_path = ca.value;
  options.cert_path = cert.value;
  options.key_path = key.value;

  const FlagOrEnv token = PickFlagOrEnv(given(token_opt_), token_, "--token", "CAM_TOKEN", env, "");
  if (!ValidToken(token.value)) {
    return Invalid(token, "a token is visible ASCII without spaces", /*echo_value=*/false);
  }
  if (given(token_opt_) && token.value.empty()) {
    return Invalid(token, "must not be empty", /*echo_value=*/false);
  }
  options.token = token.value;

  const FlagOrEnv api_key =
      PickFlagOrEnv(given(api_key_opt_), api_key_, "--api-key", "CAM_API_KEY", env, "");
  if (!ValidToken(api_key.value)) {
    return Invalid(api_key, "an API key is visible ASCII without spaces", /*echo_value=*/false);
  }
  if (given(api_key_opt_) && api_key.value.empty()) {
    return Invalid(api_key, "must not be empty", /*echo_value=*/false);
  }
  if (!api_key.value.empty() && !token.value.empty()) {
    return absl::InvalidArgumentError("both a token (" + token.source + ") and an API key (" +
                                      api_key.source + ") are set; a call carries one of them");
  }
  options.api_key = api_key.value;

  const FlagOrEnv timeout =
      PickFlagOrEnv(given(timeout_opt_), timeout_, "--timeout", "", env, kDefaultTimeout);
  absl::StatusOr<std::chrono::milliseconds> parsed = ParseTimeout(timeout.value);
  if (!parsed.ok()) return Invalid(timeout, std::string(parsed.status().message()));
  options.timeout = *parsed;
  return options;
}

absl::StatusOr<std::string> HostOfAddress(std::string_view addr) {
  const absl::Status bad = absl::InvalidArgumentError("expected HOST:PORT, e.g. 127.0.0.1:7443");
  std::string_view host;
  std::string_view port;
  if (!addr.empty() && addr.front() == '[') {
    const size_t close = addr.find(']');
    if (close == std::string_view::npos || close + 1 >= addr.size() || addr[close + 1] != ':') {
      return bad;
    }
    host = addr.substr(1, close - 1);
    port = addr.substr(close + 2);
    if (host.empty() || !ValidIpv6Chars(host)) return bad;
  } else {
    const size_t colon = addr.rfind(':');
    if (colon == std::string_view::npos || addr.find(':') != colon) return bad;
    host = addr.substr(0, colon);
    port = addr.substr(colon + 1);
    if (host.empty() || !ValidHostChars(host)) return bad;
  }
  uint32_t port_number = 0;
  if (port.empty() || port.size() > 5 ||
      !std::all_of(port.begin(), port.end(),
                   [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); }) ||
      !absl::SimpleAtoi(absl::string_view(port.data(), port.size()), &port_number) ||
      port_number == 0 || port_number > 65535) {
    return absl::InvalidArgumentError("the port must be a number from 1 to 65535");
  }
  return std::string(host);
}

absl::StatusOr<std::chrono::milliseconds> ParseTimeout(std::string_view text) {
  absl::Duration duration;
  if (!absl::ParseDuration(absl::string_view(text.data(), text.size()), &duration) || text == "0") {
    return absl::InvalidArgumentError("expected a duration with a unit, e.g. 500ms, 10s, 1m");
  }
  if (duration == absl::InfiniteDuration() || duration < absl::Milliseconds(1)) {
    return absl::InvalidArgumentError("must be a finite duration of at least 1ms");
  }
  return std::chrono::milliseconds(absl::ToInt64Milliseconds(duration));
}

absl::StatusOr<std::shared_ptr<grpc::ChannelInterface>> DialTls(const ConnectionOptions& options) {
  grpc::SslCredentialsOptions ssl;
  if (!options.ca_cert_path.empty()) {
    const NamedFile file{options.ca_cert_path, "CA certificate"};
    absl::StatusOr<std::string> pem = ReadWholeFile(file);
    if (!pem.ok()) return pem.status();
    if (absl::Status s = CheckCertificatePem(*pem, file, nullptr); !s.ok()) return s;
    ssl.pem_root_certs = *std::move(pem);
  }
  if (!options.cert_path.empty()) {
    const NamedFile cert_file{options.cert_path, "client certificate"};
    const NamedFile key_file{options.key_path, "client key"};
    absl::StatusOr<std::string> cert = ReadWholeFile(cert_file);
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = ReadWholeFile(key_file);
    if (!key.ok()) return key.status();
    X509Ptr parsed;
    absl::Status checked = CheckCertificatePem(*cert, cert_file, &parsed);
    if (checked.ok()) checked = CheckKeyMatches(*key, key_file, parsed.get());
    if (!checked.ok()) {
      Wipe(*key);
      return checked;
    }
    ssl.pem_cert_chain = *std::move(cert);
    ssl.pem_private_key = *std::move(key);
  }
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(kMaxReceiveMessageBytes);
  // The target is HOST:PORT, so gRPC verifies the certificate against HOST (an IP address must
  // be in the certificate's IP SANs, a name in its DNS SANs).
  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateCustomChannel(options.addr, grpc::SslCredentials(ssl), args);
  // The credentials object keeps its own copy; ours is no longer needed.
  Wipe(ssl.pem_private_key);
  return std::shared_ptr<grpc::ChannelInterface>(std::move(channel));
}

void PrepareContext(const ConnectionOptions& options, grpc::ClientContext& context) {
  context.set_deadline(std::chrono::system_clock::now() + options.timeout);
  if (!options.token.empty()) {
    context.AddMetadata("authorization", "Bearer " + options.token);
  } else if (!options.api_key.empty()) {
    context.AddMetadata("authorization", "ApiKey " + options.api_key);
  }
}

}  // namespace cam::cli
