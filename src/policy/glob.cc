// File: policy/glob.cc
#include "policy/glob.h"

#include <array>
#include <bitset>

#include "absl/status/status.h"

namespace cam::policy {

absl::StatusOr<Glob> Glob::Compile(std::string_view pattern, Mode mode) {
  if (pattern.empty()) return absl::InvalidArgumentError("empty pattern");
  if (pattern.size() > kMaxPatternLength) {
    return absl::InvalidArgumentError("pattern longer than 512 characters");
  }
  if (mode == Mode::kPath && pattern.find("***") != std::string_view::npos) {
    return absl::InvalidArgumentError("three stars in a row (use `*` or `**`)");
  }
  Glob glob;
  glob.pattern_ = std::string(pattern);
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '*') {
      glob.tokens_.push_back(static_cast<int16_t>(static_cast<unsigned char>(pattern[i])));
    } else if (mode == Mode::kFlat) {
      // Consecutive flat stars mean the same as one.
      if (glob.tokens_.empty() || glob.tokens_.back() != kDoubleStar) {
        glob.tokens_.push_back(kDoubleStar);
      }
    } else if (i + 1 < pattern.size() && pattern[i + 1] == '*') {
      glob.tokens_.push_back(kDoubleStar);
      ++i;
    } else {
      glob.tokens_.push_back(kStar);
    }
  }

  const size_t first_star = pattern.find('*');
  if (first_star == std::string_view::npos) {
    glob.shape_ = Shape::kExact;
    glob.literal_ = glob.pattern_;
    glob.tokens_.clear();
    return glob;
  }
  const size_t stars = glob.tokens_.size() - first_star;  // tokens from the first star on
  if (stars == 1) {
    glob.literal_ = std::string(pattern.substr(0, first_star));
    if (glob.tokens_.back() == kDoubleStar) {
      glob.shape_ = glob.literal_.empty() ? Shape::kAny : Shape::kPrefix;
    } else {
      glob.shape_ = Shape::kPrefixSegment;
    }
    glob.tokens_.clear();
    return glob;
  }
  glob.shape_ = Shape::kGeneral;
  return glob;
}

Glob Glob::Any() {
  Glob glob;
  glob.shape_ = Shape::kAny;
  glob.pattern_.push_back('*');  // assigning "*" trips a GCC 12 -Wrestrict false positive
  return glob;
}

bool Glob::Matches(std::string_view text) const {
  switch (shape_) {
    case Shape::kExact:
      return text == literal_;
    case Shape::kAny:
      return true;
    case Shape::kPrefix:
      return text.starts_with(literal_);
    case Shape::kPrefixSegment:
      return text.starts_with(literal_) &&
             text.find('/', literal_.size()) == std::string_view::npos;
    case Shape::kGeneral:
      return MatchesGeneral(text);
  }
  return false;
}

// A Thompson-style simulation: the set of pattern positions reachable after each character.
// A position on a star also reaches the next position (the star may match nothing).
bool Glob::MatchesGeneral(std::string_view text) const {
  const size_t m = tokens_.size();
  std::array<uint16_t, kMaxPatternLength + 1> list_a;
  std::array<uint16_t, kMaxPatternLength + 1> list_b;
  std::bitset<kMaxPatternLength + 1> seen;
  uint16_t* current = list_a.data();
  uint16_t* next = list_b.data();
  size_t current_size = 0;
  size_t next_size = 0;

  auto add = [&](size_t position, uint16_t* list, size_t& size) {
    while (!seen[position]) {
      seen.set(position);
      list[size++] = static_cast<uint16_t>(position);
      if (position < m && tokens_[position] < 0) {
        ++position;
      } else {
        return;
      }
    }
  };

  add(0, current, current_size);
  for (const char ch : text) {
    const int16_t c = static_cast<int16_t>(static_cast<unsigned char>(ch));
    seen.reset();
    next_size = 0;
    for (size_t i = 0; i < current_size; ++i) {
      const size_t position = current[i];
      if (position == m) continue;
      const int16_t token = tokens_[position];
      if (token >= 0) {
        if (token == c) add(position + 1, next, next_size);
      } else if (token == kDoubleStar || ch != '/') {
        add(position, next, next_size);
      }
    }
    if (next_size == 0) return false;
    std::swap(current, next);
    current_size = next_size;
  }
  return seen[m];
}

}  // namespace cam::policy
