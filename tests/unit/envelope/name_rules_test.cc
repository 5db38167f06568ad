#include "envelope/validation/name_rules.h"

#include <gtest/gtest.h>

#include <string>

namespace cam::envelope {
namespace {

const NameLimits kLimits;

TEST(NameRulesTest, Namespaces) {
  for (const char* ok : {"a", "team-a", "0abc", "a_b-c", "z9"}) EXPECT_TRUE(IsValidNamespace(ok, kLimits)) << ok;
  for (const char* bad : {"", "-a", "_a", "A", "team a", "team/a", "é"}) {
    EXPECT_FALSE(IsValidNamespace(bad, kLimits)) << bad;
  }
  EXPECT_TRUE(IsValidNamespace(std::string(64, 'a'), kLimits));
  EXPECT_FALSE(IsValidNamespace(std::string(65, 'a'), kLimits));
}

TEST(NameRulesTest, Keys) {
  for (const char* ok : {"a", "notes/today", "a.b", "..a", "a/b/c.txt", "A-Z_09"}) {
    EXPECT_TRUE(IsValidKey(ok, kLimits)) << ok;
  }
  for (const char* bad : {"", "/a", "a//b", "a/", ".", "..", "a/./b", "a/../b", "a b", "a\\b", "a%2f"}) {
    EXPECT_FALSE(IsValidKey(bad, kLimits)) << bad;
  }
  EXPECT_TRUE(IsValidKey(std::string(256, 'k'), kLimits));
  EXPECT_FALSE(IsValidKey(std::string(257, 'k'), kLimits));
  EXPECT_FALSE(IsValidKey(std::string("a\0b", 3), kLimits));
}

TEST(NameRulesTest, PrefixesAgentIdsAndIdentifiers) {
  EXPECT_TRUE(IsValidKeyPrefix("", kLimits));
  EXPECT_TRUE(IsValidKeyPrefix("notes/", kLimits));
  EXPECT_FALSE(IsValidKeyPrefix("notes//", kLimits));
  EXPECT_FALSE(IsValidKeyPrefix("/", kLimits));
  EXPECT_TRUE(IsValidAgentId("agent-1_X", kLimits));
  EXPECT_FALSE(IsValidAgentId("agent.1", kLimits));
  EXPECT_FALSE(IsValidAgentId(std::string(129, 'a'), kLimits));
  EXPECT_TRUE(IsValidIdentifier("snap-2026.11", kLimits));
  EXPECT_FALSE(IsValidIdentifier(".hidden", kLimits));
}

}  // namespace
}  // namespace cam::envelope
