#include "identity/base32.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cam::identity {
namespace {

std::string Encode(std::string_view text) {
  base::SecureBuffer out = Base32Encode(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  return std::string(reinterpret_cast<const char*>(out.data()), out.size());
}

// RFC 4648 section 10 test vectors, without their '=' padding.
TEST(Base32Test, Rfc4648Vectors) {
  const std::pair<std::string, std::string> vectors[] = {{"", ""},
                                                         {"f", "MY"},
                                                         {"fo", "MZXQ"},
                                                         {"foo", "MZXW6"},
                                                         {"foob", "MZXW6YQ"},
                                                         {"fooba", "MZXW6YTB"},
                                                         {"foobar", "MZXW6YTBOI"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Encode(plain), encoded) << plain;
    absl::StatusOr<std::vector<uint8_t>> decoded = Base32Decode(encoded);
    ASSERT_TRUE(decoded.ok()) << encoded;
    EXPECT_EQ(std::string(decoded->begin(), decoded->end()), plain);
  }
}

TEST(Base32Test, TwentyByteSecretIsThirtyTwoCharacters) {
  const std::vector<uint8_t> secret(20, 0xff);
  EXPECT_EQ(Base32Encode(secret).size(), 32u);
  EXPECT_EQ(Base32EncodedSize(20), 32u);
}

TEST(Base32Test, DecodeRejectsNonCanonicalInput) {
  EXPECT_FALSE(Base32Decode("MY======").ok());  // padding
  EXPECT_FALSE(Base32Decode("my").ok());        // lower case
  EXPECT_FALSE(Base32Decode("M1").ok());        // not in the alphabet
  EXPECT_FALSE(Base32Decode("M").ok());         // no encoding has this length
  EXPECT_FALSE(Base32Decode("MZ").ok());        // unused trailing bits set
}

TEST(Base32Test, RoundTripsEveryByteValue) {
  std::vector<uint8_t> all(256);
  for (int i = 0; i < 256; ++i) all[i] = static_cast<uint8_t>(i);
  base::SecureBuffer encoded = Base32Encode(all);
  absl::StatusOr<std::vector<uint8_t>> decoded =
      Base32Decode(std::string_view(reinterpret_cast<const char*>(encoded.data()), encoded.size()));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, all);
}

}  // namespace
}  // namespace cam::identity
