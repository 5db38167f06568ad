// File: transport/http/path_template.h
// PathTemplate: one parsed route path from a method's `(cam.v1.call).route`: literal segments,
// `{field}` binding exactly one non-empty segment, and a final `{field=**}` binding the rest of
// the path, slashes included. Matching percent-decodes after splitting, so an encoded slash
// (%2F) stays inside its segment.
#ifndef CAM_TRANSPORT_HTTP_PATH_TEMPLATE_H_
#define CAM_TRANSPORT_HTTP_PATH_TEMPLATE_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace cam::transport::http {

class PathTemplate {
 public:
  // Kinds are ordered from most to least specific; route precedence compares them.
  enum class Kind { kLiteral = 0, kField = 1, kRest = 2 };
  struct Segment {
    Kind kind;
    std::string text;  // the literal, or the bound field's name
  };
  using Bindings = std::vector<std::pair<std::string, std::string>>;  // field name -> value

  // Parse accepts "/a/{b}/c/{d=**}". Fails on an empty segment, a malformed or repeated field,
  // or a `**` binding that is not last.
  static absl::StatusOr<PathTemplate> Parse(std::string_view path);

  // Match returns the decoded bindings when `raw_path` (still percent-encoded, without the
  // query) fits the template, else nullopt; invalid percent-encoding never matches.
  std::optional<Bindings> Match(std::string_view raw_path) const;

  // MoreSpecificThan orders overlapping templates: at the first segment where they differ, a
  // literal beats a field and a field beats a rest binding.
  bool MoreSpecificThan(const PathTemplate& other) const;

  // SameShape: both templates match exactly the same paths (field names aside).
  bool SameShape(const PathTemplate& other) const;

  const std::vector<Segment>& segments() const { return segments_; }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::vector<Segment> segments_;
};

}  // namespace cam::transport::http

#endif  // CAM_TRANSPORT_HTTP_PATH_TEMPLATE_H_
