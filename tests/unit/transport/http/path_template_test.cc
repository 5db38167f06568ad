#include "transport/http/path_template.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace cam::transport::http {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

PathTemplate MustParse(std::string_view text) {
  absl::StatusOr<PathTemplate> parsed = PathTemplate::Parse(text);
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  return parsed.ok() ? *parsed : PathTemplate();
}

TEST(PathTemplateTest, ParsesLiteralsFieldsAndRest) {
  const PathTemplate t = MustParse("/v1/namespaces/{namespace}/keys/{key=**}");
  ASSERT_EQ(t.segments().size(), 5u);
  EXPECT_EQ(t.segments()[2].kind, PathTemplate::Kind::kField);
  EXPECT_EQ(t.segments()[2].text, "namespace");
  EXPECT_EQ(t.segments()[4].kind, PathTemplate::Kind::kRest);
  EXPECT_EQ(t.segments()[4].text, "key");
  EXPECT_EQ(MustParse("/a/{b=*}").segments()[1].kind, PathTemplate::Kind::kField);
}

TEST(PathTemplateTest, RejectsBadTemplates) {
  for (const char* bad : {"", "v1/x", "/v1//x", "/v1/", "/{a=**}/b", "/{a}/{a}", "/{1a}", "/{a",
                          "/{a=x*}", "/a{b}", "/%41"}) {
    EXPECT_FALSE(PathTemplate::Parse(bad).ok()) << bad;
  }
}

TEST(PathTemplateTest, MatchesOneSegmentPerField) {
  const PathTemplate t = MustParse("/v1/namespaces/{namespace}/snapshots/{snapshot_id}/restore");
  EXPECT_THAT(*t.Match("/v1/namespaces/team-a/snapshots/s1/restore"),
              ElementsAre(Pair("namespace", "team-a"), Pair("snapshot_id", "s1")));
  EXPECT_FALSE(t.Match("/v1/namespaces/team-a/snapshots/s1").has_value());
  EXPECT_FALSE(t.Match("/v1/namespaces/team-a/snapshots/s1/restore/x").has_value());
  EXPECT_FALSE(t.Match("/v1/namespaces//snapshots/s1/restore").has_value());  // empty field
  EXPECT_FALSE(t.Match("/v1/NAMESPACES/a/snapshots/s1/restore").has_value());
  EXPECT_FALSE(t.Match("v1/namespaces/a/snapshots/s1/restore").has_value());
}

TEST(PathTemplateTest, RestBindsSlashesAndDecodesAfterSplitting) {
  const PathTemplate t = MustParse("/v1/namespaces/{namespace}/keys/{key=**}");
  EXPECT_THAT(*t.Match("/v1/namespaces/a/keys/notes/2024/today"),
              ElementsAre(Pair("namespace", "a"), Pair("key", "notes/2024/today")));
  // An encoded slash stays inside the one-segment binding and is decoded.
  EXPECT_THAT(*t.Match("/v1/namespaces/a%2Fb/keys/x%20y"),
              ElementsAre(Pair("namespace", "a/b"), Pair("key", "x y")));
  EXPECT_FALSE(t.Match("/v1/namespaces/a/keys").has_value());
  EXPECT_FALSE(t.Match("/v1/namespaces/a/keys/").has_value());  // empty rest
}

TEST(PathTemplateTest, InvalidPercentEncodingNeverMatches) {
  const PathTemplate t = MustParse("/v1/namespaces/{namespace}/keys/{key=**}");
  EXPECT_FALSE(t.Match("/v1/namespaces/a%zz/keys/k").has_value());
  EXPECT_FALSE(t.Match("/v1/namespaces/a/keys/k%").has_value());
  EXPECT_FALSE(t.Match("/v1/namespaces/a/keys/k%4").has_value());
}

TEST(PathTemplateTest, SpecificityPrefersLiteralsThenFieldsThenRest) {
  const PathTemplate literal = MustParse("/v1/a/b");
  const PathTemplate field = MustParse("/v1/a/{x}");
  const PathTemplate rest = MustParse("/v1/a/{x=**}");
  EXPECT_TRUE(literal.MoreSpecificThan(field));
  EXPECT_TRUE(field.MoreSpecificThan(rest));
  EXPECT_FALSE(rest.MoreSpecificThan(field));
  EXPECT_FALSE(field.MoreSpecificThan(literal));
  EXPECT_TRUE(field.SameShape(MustParse("/v1/a/{y}")));
  EXPECT_FALSE(field.SameShape(literal));
}

}  // namespace
}  // namespace cam::transport::http
