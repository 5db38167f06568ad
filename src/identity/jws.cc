#include "identity/jws.h"

#include "absl/status/status.h"
#include "identity/base64url.h"

namespace cam::identity {

absl::StatusOr<CompactJws> SplitCompactJws(std::string_view token, size_t max_bytes) {
  if (token.size() > max_bytes) return absl::InvalidArgumentError("jws: too large");
  const size_t first = token.find('.');
  if (first == std::string_view::npos) return absl::InvalidArgumentError("jws: not 3 parts");
  const size_t second = token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return absl::InvalidArgumentError("jws: not 3 parts");
  }
  const std::string_view header_b64 = token.substr(0, first);
  const std::string_view payload_b64 = token.substr(first + 1, second - first - 1);
  const std::string_view signature_b64 = token.substr(second + 1);
  if (header_b64.empty() || payload_b64.empty() || signature_b64.empty()) {
    return absl::InvalidArgumentError("jws: empty part");
  }

  CompactJws jws;
  auto header = Base64UrlDecodeToString(header_b64);
  if (!header.ok()) return absl::InvalidArgumentError("jws: header is not base64url");
  auto payload = Base64UrlDecodeToString(payload_b64);
  if (!payload.ok()) return absl::InvalidArgumentError("jws: payload is not base64url");
  auto signature = Base64UrlDecode(signature_b64);
  if (!signature.ok()) return absl::InvalidArgumentError("jws: signature is not base64url");
  jws.signing_input = std::string(token.substr(0, second));
  jws.header_json = *std::move(header);
  jws.payload = *std::move(payload);
  jws.signature = *std::move(signature);
  return jws;
}

}  // namespace cam::identity
