#include "envelope/credentials.h"

#include "absl/strings/match.h"

namespace cam::envelope {
namespace {

// Visible ASCII without spaces: what a JWT or an API key can contain.
bool IsTokenText(std::string_view text) {
  if (text.empty() || text.size() > 16 * 1024) return false;
  for (char c : text) {
    if (c <= 0x20 || c >= 0x7F) return false;
  }
  return true;
}

}  // namespace

Credentials ParseAuthorization(std::string_view value) {
  Credentials out;
  const size_t space = value.find(' ');
  if (space == std::string_view::npos) {
    out.malformed = true;
    return out;
  }
  const std::string_view scheme = value.substr(0, space);
  const std::string_view credential = value.substr(space + 1);
  if (!IsTokenText(credential)) {
    out.malformed = true;
  } else if (absl::EqualsIgnoreCase(absl::string_view(scheme.data(), scheme.size()), "bearer")) {
    out.bearer_token = std::string(credential);
  } else if (absl::EqualsIgnoreCase(absl::string_view(scheme.data(), scheme.size()), "apikey")) {
    out.api_key = std::string(credential);
  } else {
    out.malformed = true;
  }
  return out;
}

}  // namespace cam::envelope
