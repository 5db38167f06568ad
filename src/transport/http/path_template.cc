#include "transport/http/path_template.h"

#include <algorithm>
#include <set>

#include "transport/http/text_decoding.h"

namespace cam::transport::http {
namespace {

bool IsFieldName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!alpha && !(digit && i > 0)) return false;
  }
  return true;
}

// SplitSegments splits "/a/b" into {"a","b"}; the leading slash is required.
std::vector<std::string_view> SplitSegments(std::string_view path) {
  std::vector<std::string_view> out;
  path.remove_prefix(1);
  while (true) {
    const size_t slash = path.find('/');
    if (slash == std::string_view::npos) {
      out.push_back(path);
      return out;
    }
    out.push_back(path.substr(0, slash));
    path.remove_prefix(slash + 1);
  }
}

}  // namespace

absl::StatusOr<PathTemplate> PathTemplate::Parse(std::string_view path) {
  const std::string quoted = "route path \"" + std::string(path) + "\": ";
  if (path.empty() || path[0] != '/') {
    return absl::InvalidArgumentError(quoted + "must start with '/'");
  }
  PathTemplate result;
  result.text_ = std::string(path);
  std::set<std::string, std::less<>> names;
  for (std::string_view segment : SplitSegments(path)) {
    if (segment.empty()) return absl::InvalidArgumentError(quoted + "empty segment");
    if (!result.segments_.empty() && result.segments_.back().kind == Kind::kRest) {
      return absl::InvalidArgumentError(quoted + "a {field=**} binding must be last");
    }
    if (segment.front() != '{') {
      if (segment.find_first_of("{}%") != std::string_view::npos) {
        return absl::InvalidArgumentError(quoted + "bad literal segment");
      }
      result.segments_.push_back({Kind::kLiteral, std::string(segment)});
      continue;
    }
    if (segment.back() != '}') return absl::InvalidArgumentError(quoted + "unclosed binding");
    std::string_view inner = segment.substr(1, segment.size() - 2);
    Kind kind = Kind::kField;
    const size_t eq = inner.find('=');
    if (eq != std::string_view::npos) {
      const std::string_view pattern = inner.substr(eq + 1);
      if (pattern == "**") {
        kind = Kind::kRest;
      } else if (pattern != "*") {
        return absl::InvalidArgumentError(quoted + "only '*' and '**' bindings are supported");
      }
      inner = inner.substr(0, eq);
    }
    if (!IsFieldName(inner)) return absl::InvalidArgumentError(quoted + "bad field name");
    if (!names.insert(std::string(inner)).second) {
      return absl::InvalidArgumentError(quoted + "field bound twice");
    }
    result.segments_.push_back({kind, std::string(inner)});
  }
  return result;
}

std::optional<PathTemplate::Bindings> PathTemplate::Match(std::string_view raw_path) const {
  if (raw_path.empty() || raw_path[0] != '/') return std::nullopt;
  const std::vector<std::string_view> parts = SplitSegments(raw_path);
  const bool has_rest = !segments_.empty() && segments_.back().kind == Kind::kRest;
  if (has_rest ? parts.size() < segments_.size() : parts.size() != segments_.size()) {
    return std::nullopt;
  }
  Bindings bindings;
  for (size_t i = 0; i < segments_.size(); ++i) {
    const Segment& segment = segments_[i];
    if (segment.kind == Kind::kRest) {
      // The rest is everything after the previous segment's slash, decoded as one string.
      size_t offset = 0;
      for (size_t k = 0; k < i; ++k) offset += 1 + parts[k].size();
      const std::string_view rest = raw_path.substr(offset + 1);
      if (rest.empty()) return std::nullopt;
      std::optional<std::string> decoded = PercentDecode(rest);
      if (!decoded.has_value()) return std::nullopt;
      bindings.emplace_back(segment.text, *std::move(decoded));
      break;
    }
    std::optional<std::string> decoded = PercentDecode(parts[i]);
    if (!decoded.has_value()) return std::nullopt;
    if (segment.kind == Kind::kLiteral) {
      if (*decoded != segment.text) return std::nullopt;
    } else {
      if (decoded->empty()) return std::nullopt;
      bindings.emplace_back(segment.text, *std::move(decoded));
    }
  }
  return bindings;
}

bool PathTemplate::MoreSpecificThan(const PathTemplate& other) const {
  const size_t n = std::min(segments_.size(), other.segments_.size());
  for (size_t i = 0; i < n; ++i) {
    const Kind a = segments_[i].kind;
    const Kind b = other.segments_[i].kind;
    if (a != b) return a < b;
  }
  return segments_.size() > other.segments_.size();
}

bool PathTemplate::SameShape(const PathTemplate& other) const {
  if (segments_.size() != other.segments_.size()) return false;
  for (size_t i = 0; i < segments_.size(); ++i) {
    const Segment& a = segments_[i];
    const Segment& b = other.segments_[i];
    if (a.kind != b.kind) return false;
    if (a.kind == Kind::kLiteral && a.text != b.text) return false;
  }
  return true;
}

}  // namespace cam::transport::http
