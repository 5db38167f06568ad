#include "identity/strict_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/testing/status_matchers.h"

namespace cam::identity {
namespace {

TEST(StrictJsonTest, ParsesObject) {
  nlohmann::json out;
  CAM_ASSERT_OK(ParseStrictJsonObject(R"({"a":1,"b":{"c":[1,2,{"d":"e"}]}})", out));
  EXPECT_EQ(out["b"]["c"][2]["d"], "e");
}

TEST(StrictJsonTest, RejectsDuplicateKeysAtAnyDepth) {
  nlohmann::json out;
  EXPECT_FALSE(ParseStrictJsonObject(R"({"a":1,"a":2})", out).ok());
  EXPECT_FALSE(ParseStrictJsonObject(R"({"x":{"a":1,"b":2,"a":3}})", out).ok());
  EXPECT_FALSE(ParseStrictJsonObject(R"({"x":[{"a":1},{"b":1,"b":1}]})", out).ok());
  // The same name in sibling objects is fine.
  CAM_EXPECT_OK(ParseStrictJsonObject(R"({"x":{"a":1},"y":{"a":1},"a":0})", out));
}

TEST(StrictJsonTest, RejectsNonObjectsAndGarbage) {
  nlohmann::json out;
  for (const char* bad : {"[]", "1", "\"s\"", "null", "", "{", R"({"a":1} x)", R"({"a":1}{})",
                          "{\"a\":\"\xff\"}", "{/*c*/\"a\":1}", "{'a':1}"}) {
    EXPECT_FALSE(ParseStrictJsonObject(bad, out).ok()) << bad;
  }
}

TEST(StrictJsonTest, EnforcesLimits) {
  nlohmann::json out;
  std::string deep = "{\"a\":";
  for (int i = 0; i < 20; ++i) deep += "[";
  for (int i = 0; i < 20; ++i) deep += "]";
  deep += "}";
  EXPECT_FALSE(ParseStrictJsonObject(deep, out).ok());
  CAM_EXPECT_OK(ParseStrictJsonObject(deep, out, {.max_bytes = 1000, .max_depth = 30}));
  const std::string big = "{\"a\":\"" + std::string(2000, 'x') + "\"}";
  EXPECT_FALSE(ParseStrictJsonObject(big, out, {.max_bytes = 1000, .max_depth = 8}).ok());
}

}  // namespace
}  // namespace cam::identity
