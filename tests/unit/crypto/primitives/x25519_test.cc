#include "crypto/primitives/x25519.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "base/hex.h"
#include "tests/testing/status_matchers.h"

namespace cam::crypto {
namespace {

using ::cam::testing::HasReason;

template <size_t N>
std::array<uint8_t, N> FromHex(std::string_view hex) {
  auto bytes = base::HexDecode(hex);
  EXPECT_TRUE(bytes.ok());
  std::array<uint8_t, N> out{};
  if (bytes.ok() && bytes->size() == N) std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

// RFC 7748 section 6.1.
TEST(X25519Test, Rfc7748DiffieHellman) {
  const auto alice =
      FromHex<32>("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  const auto bob = FromHex<32>("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
  CAM_ASSERT_OK_AND_ASSIGN(X25519PublicKey alice_pub, X25519PublicFromPrivate(alice));
  CAM_ASSERT_OK_AND_ASSIGN(X25519KeyPair bob_pair, X25519KeyPairFromPrivate(bob));
  EXPECT_EQ(base::HexEncode(alice_pub),
            "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  EXPECT_EQ(base::HexEncode(bob_pair.public_key),
            "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  EXPECT_EQ(base::HexEncode(bob_pair.private_key.span()), base::HexEncode(bob));
  CAM_ASSERT_OK_AND_ASSIGN(X25519SharedSecret k1, X25519(alice, bob_pair.public_key));
  CAM_ASSERT_OK_AND_ASSIGN(X25519SharedSecret k2, X25519(bob, alice_pub));
  EXPECT_EQ(base::HexEncode(k1.span()),
            "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
  EXPECT_EQ(base::HexEncode(k2.span()), base::HexEncode(k1.span()));
}

TEST(X25519Test, GeneratedPairsAgreeAndDiffer) {
  CAM_ASSERT_OK_AND_ASSIGN(X25519KeyPair a, X25519GenerateKeyPair());
  CAM_ASSERT_OK_AND_ASSIGN(X25519KeyPair b, X25519GenerateKeyPair());
  EXPECT_NE(a.public_key, b.public_key);
  CAM_ASSERT_OK_AND_ASSIGN(X25519PublicKey a_pub, X25519PublicFromPrivate(a.private_key.span()));
  EXPECT_EQ(a_pub, a.public_key);
  CAM_ASSERT_OK_AND_ASSIGN(auto ab, X25519(a.private_key.span(), b.public_key));
  CAM_ASSERT_OK_AND_ASSIGN(auto ba, X25519(b.private_key.span(), a.public_key));
  EXPECT_EQ(base::HexEncode(ab.span()), base::HexEncode(ba.span()));
}

TEST(X25519Test, RejectsAllZeroSharedSecret) {
  CAM_ASSERT_OK_AND_ASSIGN(X25519KeyPair a, X25519GenerateKeyPair());
  // Small-order points (RFC 7748 section 6.1; the Curve25519 low-order list): 0, 1, and the
  // order-8 point of u-coordinate below, plus p and p + 1 (non-canonical encodings of 0, 1).
  for (std::string_view u : {
           "0000000000000000000000000000000000000000000000000000000000000000",
           "0100000000000000000000000000000000000000000000000000000000000000",
           "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
           "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
           "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
       }) {
    EXPECT_THAT(X25519(a.private_key.span(), FromHex<32>(u)), HasReason("CAM_CRYPTO_INVALID_INPUT"))
        << u;
  }
}

}  // namespace
}  // namespace cam::crypto
