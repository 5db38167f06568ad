// File: tests/unit/policy/glob_test.cc
#include "policy/glob.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>

#include "tests/testing/status_matchers.h"

namespace cam::policy {
namespace {

using ::cam::testing::StatusIs;

bool PathMatch(const std::string& pattern, const std::string& text) {
  absl::StatusOr<Glob> glob = Glob::Compile(pattern, Glob::Mode::kPath);
  EXPECT_TRUE(glob.ok()) << pattern;
  return glob.ok() && glob->Matches(text);
}

bool FlatMatch(const std::string& pattern, const std::string& text) {
  absl::StatusOr<Glob> glob = Glob::Compile(pattern, Glob::Mode::kFlat);
  EXPECT_TRUE(glob.ok()) << pattern;
  return glob.ok() && glob->Matches(text);
}

TEST(GlobTest, LiteralMatchesOnlyItself) {
  EXPECT_TRUE(PathMatch("ns/team/a", "ns/team/a"));
  EXPECT_FALSE(PathMatch("ns/team/a", "ns/team/ab"));
  EXPECT_FALSE(PathMatch("ns/team/a", "ns/team/"));
  EXPECT_FALSE(PathMatch("ns/team/a", ""));
}

TEST(GlobTest, StarStaysWithinOneSegment) {
  EXPECT_TRUE(PathMatch("ns/team/*", "ns/team/a"));
  EXPECT_TRUE(PathMatch("ns/team/*", "ns/team/"));
  EXPECT_FALSE(PathMatch("ns/team/*", "ns/team/a/b"));
  EXPECT_FALSE(PathMatch("ns/team/*", "ns/team"));
  EXPECT_TRUE(PathMatch("ns/*/config", "ns/team/config"));
  EXPECT_FALSE(PathMatch("ns/*/config", "ns/team/x/config"));
  EXPECT_TRUE(PathMatch("ns/team-*/*.json", "ns/team-red/a.json"));
  EXPECT_FALSE(PathMatch("ns/team-*/*.json", "ns/team-red/a/b.json"));
  EXPECT_FALSE(PathMatch("ns/team-*/*.json", "ns/team-red/a.jsonx"));
}

TEST(GlobTest, DoubleStarCrossesSegments) {
  EXPECT_TRUE(PathMatch("ns/team/**", "ns/team/a"));
  EXPECT_TRUE(PathMatch("ns/team/**", "ns/team/a/b/c"));
  EXPECT_FALSE(PathMatch("ns/team/**", "ns/team"));
  EXPECT_FALSE(PathMatch("ns/team/**", "ns/teams/a"));
  EXPECT_TRUE(PathMatch("ns/**/config", "ns/team/x/config"));
  EXPECT_TRUE(PathMatch("ns/**/config", "ns//config"));
  EXPECT_FALSE(PathMatch("ns/**/config", "ns/team/x/configs"));
  // Needs the automaton: greedy placement of `b` would fail.
  EXPECT_TRUE(PathMatch("**b*c", "b/bc"));
}

TEST(GlobTest, FlatStarCrossesEverything) {
  EXPECT_TRUE(FlatMatch("agent-*", "agent-7"));
  EXPECT_TRUE(FlatMatch("agent-*", "agent-a/b"));
  EXPECT_FALSE(FlatMatch("agent-*", "agen"));
  EXPECT_TRUE(FlatMatch("*", ""));
  EXPECT_TRUE(FlatMatch("*-prod-*", "db-prod-1"));
  EXPECT_FALSE(FlatMatch("*-prod-*", "db-staging-1"));
}

TEST(GlobTest, AnyMatchesEverything) {
  EXPECT_TRUE(Glob::Any().Matches("ns/a/b/c"));
  EXPECT_TRUE(Glob::Any().Matches(""));
}

TEST(GlobTest, RejectsBadPatterns) {
  EXPECT_THAT(Glob::Compile("", Glob::Mode::kPath), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Glob::Compile("ns/***", Glob::Mode::kPath),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Glob::Compile(std::string(513, 'a'), Glob::Mode::kPath),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_TRUE(Glob::Compile(std::string(512, 'a'), Glob::Mode::kPath).ok());
}

TEST(GlobTest, HostilePatternStaysFast) {
  // Exponential for a backtracking matcher; linear here.
  const std::string pattern = "**a**a**a**a**a**a**a**a**a**a**b";
  const std::string text(500, 'a');
  EXPECT_FALSE(PathMatch(pattern, text));
}

// An independent oracle: the definition of the glob language as a naive recursive matcher
// (exponential in the worst case, fine on the short inputs below).
bool Naive(std::string_view pattern, std::string_view text, Glob::Mode mode) {
  if (pattern.empty()) return text.empty();
  if (mode == Glob::Mode::kPath && pattern.starts_with("**")) {
    for (size_t i = 0; i <= text.size(); ++i) {
      if (Naive(pattern.substr(2), text.substr(i), mode)) return true;
    }
    return false;
  }
  if (pattern[0] == '*') {
    for (size_t i = 0; i <= text.size(); ++i) {
      if (mode == Glob::Mode::kPath && i > 0 && text[i - 1] == '/') break;
      if (Naive(pattern.substr(1), text.substr(i), mode)) return true;
    }
    return false;
  }
  return !text.empty() && text[0] == pattern[0] && Naive(pattern.substr(1), text.substr(1), mode);
}

TEST(GlobTest, MatchesNaiveOracleOnRandomInputs) {
  std::mt19937 rng(20261123);
  const std::string pattern_alphabet = "ab/.**";
  const std::string text_alphabet = "ab/.";
  int matches = 0;
  for (int round = 0; round < 20000; ++round) {
    const Glob::Mode mode = round % 2 == 0 ? Glob::Mode::kPath : Glob::Mode::kFlat;
    std::string pattern;
    const int pattern_length = 1 + static_cast<int>(rng() % 8);
    for (int i = 0; i < pattern_length; ++i) pattern += pattern_alphabet[rng() % 6];
    if (pattern.find("***") != std::string::npos) continue;
    std::string text;
    const int text_length = static_cast<int>(rng() % 10);
    for (int i = 0; i < text_length; ++i) text += text_alphabet[rng() % 4];
    absl::StatusOr<Glob> glob = Glob::Compile(pattern, mode);
    ASSERT_TRUE(glob.ok()) << pattern;
    const bool expected = Naive(pattern, text, mode);
    ASSERT_EQ(glob->Matches(text), expected)
        << "pattern `" << pattern << "` text `" << text << "` mode " << static_cast<int>(mode);
    matches += expected ? 1 : 0;
  }
  EXPECT_GT(matches, 1000);  // the sample exercises both outcomes
}

}  // namespace
}  // namespace cam::policy
