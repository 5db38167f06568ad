#include "syscalls/memory/keyspace.h"

#include <gtest/gtest.h>

namespace cam::syscalls::keyspace {
namespace {

TEST(KeyspaceTest, HeadsOfOneNamespaceNeverMixWithAnother) {
  // "team" must not be a prefix scan hit for "team-a"'s keys.
  const std::string team = HeadPrefix("team");
  EXPECT_FALSE(HeadKey("team-a", "k").starts_with(team));
  EXPECT_TRUE(HeadKey("team", "k").starts_with(team));
  EXPECT_LT(HeadKey("team", "zzz"), PrefixEnd(team));
}

TEST(KeyspaceTest, VersionsSortNumerically) {
  EXPECT_LT(VersionKey("ns", "k", 2), VersionKey("ns", "k", 10));
  EXPECT_LT(VersionKey("ns", "k", 255), VersionKey("ns", "k", 256));
}

TEST(KeyspaceTest, PrefixEnd) {
  EXPECT_EQ(PrefixEnd("ab"), "ac");
  EXPECT_EQ(PrefixEnd(std::string("a\xff", 2)), "b");
  EXPECT_EQ(PrefixEnd(std::string("\xff\xff", 2)), "");
}

}  // namespace
}  // namespace cam::syscalls::keyspace
