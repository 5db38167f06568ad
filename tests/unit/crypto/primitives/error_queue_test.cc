// Every wrapper must leave OpenSSL's per-thread error queue empty after a failure, so one
// caller's error never shows up in another's later call.
#include <gtest/gtest.h>
#include <openssl/err.h>

#include <array>
#include <vector>

#include "crypto/primitives/aead.h"
#include "crypto/primitives/ecdsa_p256.h"
#include "crypto/primitives/ed25519.h"
#include "crypto/primitives/x25519.h"

namespace cam::crypto {
namespace {

TEST(ErrorQueueTest, FailuresLeaveTheQueueEmpty) {
  ERR_clear_error();
  const std::vector<uint8_t> key(32, 1), nonce(12, 2), msg = {'m'};
  auto sealed = AeadSeal(AeadAlgorithm::kAes256Gcm, key, nonce, msg, {});
  ASSERT_TRUE(sealed.ok());
  (*sealed)[0] ^= 1;
  EXPECT_FALSE(AeadOpen(AeadAlgorithm::kAes256Gcm, key, nonce, *sealed, {}).ok());
  EXPECT_EQ(ERR_peek_error(), 0u) << "aead";

  std::array<uint8_t, 32> zero{};
  std::array<uint8_t, 32> priv{};
  priv.fill(7);
  EXPECT_FALSE(X25519(priv, zero).ok());
  EXPECT_EQ(ERR_peek_error(), 0u) << "x25519";

  std::array<uint8_t, 64> sig{};
  EXPECT_FALSE(Ed25519Verify(zero, msg, sig).ok());
  EXPECT_EQ(ERR_peek_error(), 0u) << "ed25519";

  EcdsaP256PublicKey off{};
  off[0] = 0x04;
  EXPECT_FALSE(EcdsaP256PublicKeyFromSec1(off).ok());
  EXPECT_EQ(ERR_peek_error(), 0u) << "ecdsa sec1";
  const std::vector<uint8_t> junk = {0x30, 0x03, 0x02, 0x01};
  EXPECT_FALSE(EcdsaP256PublicKeyFromSpki(junk).ok());
  EXPECT_EQ(ERR_peek_error(), 0u) << "ecdsa spki";
  EXPECT_FALSE(EcdsaP256DerToRaw(junk).ok());
  EXPECT_EQ(ERR_peek_error(), 0u) << "ecdsa der";
  auto pair = EcdsaP256GenerateKeyPair();
  ASSERT_TRUE(pair.ok());
  EXPECT_FALSE(EcdsaP256VerifyDer(pair->public_key, msg, junk).ok());
  EXPECT_EQ(ERR_peek_error(), 0u) << "ecdsa verify";
}

}  // namespace
}  // namespace cam::crypto
