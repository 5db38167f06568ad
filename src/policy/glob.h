// File: policy/glob.h
// Glob: a pattern compiled once and matched without allocation. Two dialects:
//   kPath (resources):  `*` matches any run of characters except '/', `**` any run including
//                       '/'. So `ns/team/*` matches `ns/team/a` but not `ns/team/a/b`, and
//                       `ns/team/**` matches both (but not `ns/team` itself).
//   kFlat (ids, claim values): `*` matches any run of characters.
// Every other character is literal; there is no escape and no `?`.
//
// Common shapes (no star, `prefix**`, `prefix*`, a lone star) take a fast path; any other pattern
// runs a position-set automaton in O(text length x active positions), never backtracking, so a
// hostile pattern cannot make a match exponential.
#ifndef CAM_POLICY_GLOB_H_
#define CAM_POLICY_GLOB_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace cam::policy {

class Glob {
 public:
  enum class Mode { kPath, kFlat };

  // The longest pattern Compile accepts, in characters.
  static constexpr size_t kMaxPatternLength = 512;

  // Compile parses `pattern`. Fails (plain InvalidArgument, message without a field path) when it
  // is empty, longer than kMaxPatternLength, or, in kPath mode, holds three stars in a row.
  static absl::StatusOr<Glob> Compile(std::string_view pattern, Mode mode);

  // Any returns a glob that matches every string, `/` included (the resource `*`).
  static Glob Any();

  bool Matches(std::string_view text) const;

  const std::string& pattern() const { return pattern_; }
  // The literal text every match starts with: the pattern up to its first star.
  std::string_view literal_prefix() const {
    return std::string_view(pattern_).substr(0, shape_ == Shape::kAny ? 0 : pattern_.find('*'));
  }
  bool is_literal() const { return shape_ == Shape::kExact; }

 private:
  enum class Shape { kExact, kAny, kPrefix, kPrefixSegment, kGeneral };
  // Token values 0..255 are literal bytes; these two are the stars.
  static constexpr int16_t kStar = -1;        // any run without '/'
  static constexpr int16_t kDoubleStar = -2;  // any run

  Glob() = default;
  bool MatchesGeneral(std::string_view text) const;

  Shape shape_ = Shape::kExact;
  std::string pattern_;
  std::string literal_;  // kExact: the text; kPrefix*: the prefix
  std::vector<int16_t> tokens_;
};

}  // namespace cam::policy

#endif  // CAM_POLICY_GLOB_H_
