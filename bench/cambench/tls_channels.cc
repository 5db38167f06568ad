// File: bench/cambench/tls_channels.cc
#include "cambench/tls_channels.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <fstream>
#include <sstream>

namespace cam::bench {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& what, const std::string& path) {
  if (path.empty()) return absl::InvalidArgumentError(what + " is not set");
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot read " + what + " " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().find("-----BEGIN ") == std::string::npos) {
    return absl::InvalidArgumentError(what + " " + path + " is not PEM");
  }
  return text.str();
}

}  // namespace

absl::StatusOr<std::vector<std::shared_ptr<grpc::Channel>>> DialTlsChannels(const std::string& addr,
                                                                            const TlsFiles& files,
                                                                            int count,
                                                                            int connect_seconds) {
  absl::StatusOr<std::string> ca = ReadPem("CA certificate", files.ca_cert);
  if (!ca.ok()) return ca.status();
  absl::StatusOr<std::string> cert = ReadPem("client certificate", files.cert);
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadPem("client key", files.key);
  if (!key.ok()) return key.status();

  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = *ca;
  ssl.pem_cert_chain = *cert;
  ssl.pem_private_key = *key;
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::SslCredentials(ssl);

  std::vector<std::shared_ptr<grpc::Channel>> channels;
  channels.reserve(static_cast<size_t>(count));
  const auto deadline = std::chrono::system_clock::now() + std::chrono::seconds(connect_seconds);
  for (int i = 0; i < count; ++i) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetInt("cambench.channel_index", i);
    std::shared_ptr<grpc::Channel> channel = grpc::CreateCustomChannel(addr, credentials, args);
    if (!channel->WaitForConnected(deadline)) {
      return absl::UnavailableError("cannot connect to " + addr + " (channel " + std::to_string(i) +
                                    "): check the address, certificates and that the server runs");
    }
    channels.push_back(std::move(channel));
  }
  return channels;
}

}  // namespace cam::bench
