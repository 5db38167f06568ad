#include "transport/tls/handshake_failures.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdlib>

#include "absl/strings/string_view.h"

namespace cam::transport {

std::string_view HandshakeFailureName(HandshakeFailure failure) {
  switch (failure) {
    case HandshakeFailure::kNoCertificate:
      return "no_certificate";
    case HandshakeFailure::kUntrustedCertificate:
      return "untrusted_certificate";
    case HandshakeFailure::kProtocolVersion:
      return "protocol_version";
    case HandshakeFailure::kNotTls:
      return "not_tls";
    case HandshakeFailure::kAborted:
      return "aborted";
    case HandshakeFailure::kOther:
      break;
  }
  return "other";
}

HandshakeFailure ClassifyOpenSslError(unsigned long error) {
  if (ERR_GET_LIB(error) != ERR_LIB_SSL) return HandshakeFailure::kOther;
  switch (ERR_GET_REASON(error)) {
    case SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE:
      return HandshakeFailure::kNoCertificate;
    case SSL_R_CERTIFICATE_VERIFY_FAILED:
      return HandshakeFailure::kUntrustedCertificate;
    case SSL_R_UNSUPPORTED_PROTOCOL:
    case SSL_R_NO_PROTOCOLS_AVAILABLE:
    case SSL_R_VERSION_TOO_LOW:
    case SSL_R_WRONG_VERSION_NUMBER:
      return HandshakeFailure::kProtocolVersion;
    case SSL_R_HTTP_REQUEST:
    case SSL_R_HTTPS_PROXY_REQUEST:
      return HandshakeFailure::kNotTls;
    case SSL_R_UNEXPECTED_EOF_WHILE_READING:
      return HandshakeFailure::kAborted;
    default:
      return HandshakeFailure::kOther;
  }
}

HandshakeFailure ClassifyOpenSslErrorText(std::string_view text) {
  constexpr std::string_view kMarker = "error:";
  for (size_t at = text.find(kMarker); at != std::string_view::npos;
       at = text.find(kMarker, at + 1)) {
    const std::string_view rest = text.substr(at + kMarker.size());
    const size_t end = rest.find(':');
    if (end == 0 || end > 8 || end == std::string_view::npos) continue;
    const std::string_view hex = rest.substr(0, end);
    if (!std::all_of(hex.begin(), hex.end(),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; })) {
      continue;
    }
    return ClassifyOpenSslError(std::strtoul(std::string(hex).c_str(), nullptr, 16));
  }
  return HandshakeFailure::kOther;
}

void HandshakeFailureTally::Record(std::string_view transport, HandshakeFailure failure,
                                   std::string_view source) {
  absl::MutexLock lock(&mu_);
  Bucket& bucket = buckets_[{std::string(transport), failure}];
  ++bucket.count;
  if (source.empty()) return;
  auto it = bucket.sources.find(absl::string_view(source.data(), source.size()));
  if (it != bucket.sources.end()) {
    ++it->second;
  } else if (bucket.sources.size() < max_sources_) {
    bucket.sources.emplace(std::string(source), 1);
  } else {
    bucket.sources_truncated = true;
  }
}

std::vector<HandshakeFailureTally::Summary> HandshakeFailureTally::Drain() {
  std::map<std::pair<std::string, HandshakeFailure>, Bucket> drained;
  {
    absl::MutexLock lock(&mu_);
    drained.swap(buckets_);
  }
  std::vector<Summary> out;
  out.reserve(drained.size());
  for (auto& [key, bucket] : drained) {
    Summary summary;
    summary.transport = key.first;
    summary.failure = key.second;
    summary.count = bucket.count;
    summary.distinct_sources = bucket.sources.size();
    summary.sources_truncated = bucket.sources_truncated;
    std::vector<std::pair<std::string, uint64_t>> sources(bucket.sources.begin(),
                                                          bucket.sources.end());
    const size_t keep = std::min(top_sources_, sources.size());
    std::partial_sort(sources.begin(), sources.begin() + static_cast<std::ptrdiff_t>(keep),
                      sources.end(), [](const auto& a, const auto& b) {
                        return a.second != b.second ? a.second > b.second : a.first < b.first;
                      });
    sources.resize(keep);
    summary.top_sources = std::move(sources);
    out.push_back(std::move(summary));
  }
  return out;
}

}  // namespace cam::transport
