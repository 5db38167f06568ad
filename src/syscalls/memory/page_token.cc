#include "syscalls/memory/page_token.h"

#include "absl/strings/escaping.h"
#include "base/reasons.h"

namespace cam::syscalls {

std::string EncodePageToken(std::string_view scope, std::string_view last) {
  std::string raw(scope);
  raw.push_back('\0');
  raw.append(last);
  return absl::WebSafeBase64Escape(absl::string_view(raw.data(), raw.size()));
}

absl::StatusOr<std::string> DecodePageToken(std::string_view scope, std::string_view token) {
  if (token.empty()) return std::string();
  std::string raw;
  if (!absl::WebSafeBase64Unescape(absl::string_view(token.data(), token.size()), &raw)) {
    return base::Error(base::Reason::kValidationPageToken, "page token not base64");
  }
  if (raw.size() <= scope.size() || raw.compare(0, scope.size(), scope) != 0 ||
      raw[scope.size()] != '\0') {
    return base::Error(base::Reason::kValidationPageToken, "page token of another listing");
  }
  return raw.substr(scope.size() + 1);
}

}  // namespace cam::syscalls
