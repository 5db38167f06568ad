#include "base/hex.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

namespace cam::base {
namespace {

TEST(HexTest, RoundTrips) {
  const std::vector<uint8_t> bytes = {0x00, 0xab, 0xff, 0x10};
  EXPECT_EQ(HexEncode(bytes), "00abff10");
  auto decoded = HexDecode("00ABff10");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, bytes);
}

TEST(HexTest, RejectsMalformed) {
  EXPECT_FALSE(HexDecode("abc").ok());
  EXPECT_FALSE(HexDecode("zz").ok());
}

TEST(HexTest, EveryByteEncodesAsPrintfDoesAndDecodesBack) {
  std::vector<uint8_t> all(256);
  std::string expected;
  for (int b = 0; b < 256; ++b) {
    all[b] = static_cast<uint8_t>(b);
    char digits[3];
    std::snprintf(digits, sizeof(digits), "%02x", b);
    expected += digits;
  }
  EXPECT_EQ(HexEncode(all), expected);
  auto lower = HexDecode(expected);
  ASSERT_TRUE(lower.ok());
  EXPECT_EQ(*lower, all);
  std::string upper = expected;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto decoded_upper = HexDecode(upper);
  ASSERT_TRUE(decoded_upper.ok());
  EXPECT_EQ(*decoded_upper, all);
}

TEST(HexTest, EveryLengthAndAlignmentEncodesAsPrintfDoes) {
  // Four bytes at a time with a byte-wise tail: lengths 0..40 from every offset of 0..7.
  std::vector<uint8_t> source(64);
  for (size_t i = 0; i < source.size(); ++i) source[i] = static_cast<uint8_t>(0x9d * i + 7);
  for (size_t offset = 0; offset < 8; ++offset) {
    for (size_t length = 0; length <= 40; ++length) {
      const std::span<const uint8_t> bytes = std::span(source).subspan(offset, length);
      std::string expected;
      for (uint8_t b : bytes) {
        char digits[3];
        std::snprintf(digits, sizeof(digits), "%02x", b);
        expected += digits;
      }
      EXPECT_EQ(HexEncode(bytes), expected) << "offset " << offset << " length " << length;
    }
  }
}

TEST(HexTest, EveryNonHexCharacterIsRejectedInEitherPosition) {
  for (int c = 0; c < 256; ++c) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    const std::string first = std::string(1, static_cast<char>(c)) + "0";
    const std::string second = "0" + std::string(1, static_cast<char>(c));
    EXPECT_EQ(HexDecode(first).ok(), hex) << c;
    EXPECT_EQ(HexDecode(second).ok(), hex) << c;
  }
}

}  // namespace
}  // namespace cam::base
