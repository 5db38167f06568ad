#include "identity/api_key.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tests/testing/status_matchers.h"

namespace cam::identity {
namespace {

using ::cam::testing::HasReason;

bool IsAlnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

TEST(ApiKeyTest, GeneratedKeysHaveTheFormatAndParse) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    GeneratedApiKey key = GenerateApiKey();
    const std::string presented(key.presented_view());
    ASSERT_EQ(presented.size(), kApiKeyLength);
    EXPECT_EQ(presented.substr(0, 4), "cam_");
    EXPECT_EQ(presented.substr(4, 16), key.id);
    EXPECT_EQ(presented[20], '_');
    for (char c : presented.substr(21)) EXPECT_TRUE(IsAlnum(c)) << presented;
    EXPECT_TRUE(IsValidApiKeyId(key.id));
    CAM_ASSERT_OK_AND_ASSIGN(ParsedApiKey parsed, ParseApiKey(presented));
    EXPECT_EQ(parsed.id, key.id);
    EXPECT_EQ(
        std::string(reinterpret_cast<const char*>(parsed.secret.data()), parsed.secret.size()),
        presented.substr(21));
    EXPECT_TRUE(seen.insert(presented).second);
  }
}

TEST(ApiKeyTest, ParseIsStrict) {
  const std::string good(GenerateApiKey().presented_view());
  CAM_ASSERT_OK(ParseApiKey(good).status());
  std::vector<std::string> bad = {"",
                                  "cam_",
                                  good + "A",
                                  good.substr(0, good.size() - 1),
                                  "CAM_" + good.substr(4),
                                  "cam-" + good.substr(4),
                                  " " + good.substr(1),
                                  good.substr(0, 20) + "-" + good.substr(21)};
  for (size_t pos : {size_t{5}, size_t{30}, good.size() - 1}) {
    for (char c : {'_', '-', '=', '+', '/', ' ', '\0', '\xc3'}) {
      std::string s = good;
      s[pos] = c;
      bad.push_back(s);
    }
  }
  for (const std::string& s : bad) {
    EXPECT_THAT(ParseApiKey(s), HasReason("CAM_AUTH_CREDENTIALS_INVALID")) << s;
  }
}

TEST(ApiKeyTest, HashBindsKeyIdAndSecret) {
  const std::vector<uint8_t> server_key(32, 7);
  const std::vector<uint8_t> other_key(32, 8);
  const std::vector<uint8_t> secret = {'s', 'e', 'c'};
  CAM_ASSERT_OK_AND_ASSIGN(ApiKeyHash h, HashApiKey(server_key, "AAAAAAAAAAAAAAAA", secret));
  CAM_ASSERT_OK_AND_ASSIGN(ApiKeyHash same, HashApiKey(server_key, "AAAAAAAAAAAAAAAA", secret));
  CAM_ASSERT_OK_AND_ASSIGN(ApiKeyHash other_id, HashApiKey(server_key, "AAAAAAAAAAAAAAAB", secret));
  CAM_ASSERT_OK_AND_ASSIGN(ApiKeyHash other_server,
                           HashApiKey(other_key, "AAAAAAAAAAAAAAAA", secret));
  const std::vector<uint8_t> other_secret = {'s', 'e', 'd'};
  CAM_ASSERT_OK_AND_ASSIGN(ApiKeyHash other_sec,
                           HashApiKey(server_key, "AAAAAAAAAAAAAAAA", other_secret));
  EXPECT_TRUE(ApiKeyHashEqual(h, same));
  EXPECT_FALSE(ApiKeyHashEqual(h, other_id));
  EXPECT_FALSE(ApiKeyHashEqual(h, other_server));
  EXPECT_FALSE(ApiKeyHashEqual(h, other_sec));
  EXPECT_FALSE(ApiKeyHashEqual(h, std::span<const uint8_t>(h).first(31)));
}

}  // namespace
}  // namespace cam::identity
