#include "identity/base64url.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/testing/status_matchers.h"

namespace cam::identity {
namespace {

TEST(Base64UrlTest, Rfc4648Vectors) {
  // RFC 4648 section 10, without padding.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", ""},           {"f", "Zg"},          {"fo", "Zm8"},         {"foo", "Zm9v"},
      {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : cases) {
    EXPECT_EQ(Base64UrlEncode(plain), encoded);
    CAM_ASSERT_OK_AND_ASSIGN(std::string decoded, Base64UrlDecodeToString(encoded));
    EXPECT_EQ(decoded, plain);
  }
}

TEST(Base64UrlTest, UsesUrlAlphabet) {
  const std::vector<uint8_t> bytes = {0xfb, 0xff, 0xbf};
  EXPECT_EQ(Base64UrlEncode(bytes), "-_-_");
  CAM_ASSERT_OK_AND_ASSIGN(std::vector<uint8_t> decoded, Base64UrlDecode("-_-_"));
  EXPECT_EQ(decoded, bytes);
}

TEST(Base64UrlTest, RoundTripsAllLengths) {
  std::vector<uint8_t> bytes;
  for (int n = 0; n < 70; ++n) {
    CAM_ASSERT_OK_AND_ASSIGN(std::vector<uint8_t> back, Base64UrlDecode(Base64UrlEncode(bytes)));
    EXPECT_EQ(back, bytes);
    bytes.push_back(static_cast<uint8_t>(n * 37 + 11));
  }
}

TEST(Base64UrlTest, RejectsNonStrictInput) {
  for (const char* bad : {"Zg==", "Zg=", "Zm9v\n", " Zm9v", "Zm 9v", "Zm+v", "Zm/v", "Z", "Zm9vY",
                          "Zh", "Zm9", "Zm$v", "Zm9vYmE=", "\xc3\xa9"}) {
    EXPECT_FALSE(Base64UrlDecode(bad).ok()) << bad;
  }
  // "Zh" and "Zm9" are the non-canonical twins of "Zg" and "Zm8".
  EXPECT_TRUE(Base64UrlDecode("Zg").ok());
  EXPECT_TRUE(Base64UrlDecode("Zm8").ok());
  EXPECT_FALSE(Base64UrlDecode(std::string("Zm\0v", 4)).ok());
}

}  // namespace
}  // namespace cam::identity
