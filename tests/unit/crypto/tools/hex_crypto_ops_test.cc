#include "crypto/tools/hex_crypto_ops.h"

#include <gtest/gtest.h>

#include <string>

#include "base/hex.h"
#include "base/reasons.h"
#include "crypto/mldsa/mldsa65.h"
#include "crypto/mlkem/mlkem768.h"
#include "crypto/xwing/xwing.h"
#include "tests/testing/status_matchers.h"

namespace cam::crypto::tools {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::IsOk;

constexpr const char* kInvalidInput = "CAM_CRYPTO_INVALID_INPUT";
constexpr const char* kVerifyFailed = "CAM_CRYPTO_VERIFY_FAILED";

std::string Repeat(std::string_view byte_hex, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += byte_hex;
  return out;
}

// Flips the low bit of the byte at `index` of a hex string.
std::string FlipByte(std::string hex, size_t index) {
  auto bytes = base::HexDecode(hex);
  (*bytes)[index] ^= 1;
  return base::HexEncode(*bytes);
}

std::string FieldOf(const absl::Status& status) { return base::FieldOf(status); }

TEST(HexCryptoOpsTest, MlKemKeyGenIsDeterministicAndMatchesTheDirectApi) {
  const std::string seed = Repeat("2a", kMlKem768SeedBytes);
  CAM_ASSERT_OK_AND_ASSIGN(KemKeyPairHex a, MlKem768KeyGenHex(seed));
  CAM_ASSERT_OK_AND_ASSIGN(KemKeyPairHex b, MlKem768KeyGenHex(seed));
  EXPECT_EQ(a.encapsulation_key, b.encapsulation_key);
  EXPECT_EQ(a.decapsulation_key, b.decapsulation_key);
  EXPECT_EQ(a.seed, seed);

  MlKem768EncapsulationKey ek;
  MlKem768DecapsulationKey dk;
  CAM_ASSERT_OK(MlKem768KeyGenFromSeed(ek, dk, *base::HexDecode(seed)));
  EXPECT_EQ(a.encapsulation_key, base::HexEncode(ek));
  EXPECT_EQ(a.decapsulation_key, base::HexEncode(dk.bytes()));
}

TEST(HexCryptoOpsTest, MlKemRoundTripWithFreshSeedAndRandomness) {
  CAM_ASSERT_OK_AND_ASSIGN(KemKeyPairHex keys, MlKem768KeyGenHex(std::nullopt));
  EXPECT_EQ(keys.seed.size(), 2 * kMlKem768SeedBytes);
  EXPECT_EQ(keys.encapsulation_key.size(), 2 * kMlKem768EncapsulationKeyBytes);
  EXPECT_EQ(keys.decapsulation_key.size(), 2 * kMlKem768DecapsulationKeyBytes);
  CAM_EXPECT_OK(MlKem768CheckEkHex(keys.encapsulation_key));
  CAM_ASSERT_OK_AND_ASSIGN(KemEncapsHex sent,
                           MlKem768EncapsHex(keys.encapsulation_key, std::nullopt));
  CAM_ASSERT_OK_AND_ASSIGN(std::string received,
                           MlKem768DecapsHex(keys.decapsulation_key, sent.ciphertext));
  EXPECT_EQ(received, sent.shared_secret);
  // Two fresh key generations differ.
  CAM_ASSERT_OK_AND_ASSIGN(KemKeyPairHex other, MlKem768KeyGenHex(std::nullopt));
  EXPECT_NE(other.seed, keys.seed);
}

TEST(HexCryptoOpsTest, MlKemEncapsWithMIsDeterministicAndTamperingChangesTheKey) {
  CAM_ASSERT_OK_AND_ASSIGN(KemKeyPairHex keys, MlKem768KeyGenHex(Repeat("01", 64)));
  const std::string m = Repeat("07", kMlKem768EncapsRandomBytes);
  CAM_ASSERT_OK_AND_ASSIGN(KemEncapsHex a, MlKem768EncapsHex(keys.encapsulation_key, m));
  CAM_ASSERT_OK_AND_ASSIGN(KemEncapsHex b, MlKem768EncapsHex(keys.encapsulation_key, m));
  EXPECT_EQ(a.ciphertext, b.ciphertext);
  EXPECT_EQ(a.shared_secret, b.shared_secret);
  // Implicit rejection: a changed ciphertext decapsulates, to an unrelated key.
  CAM_ASSERT_OK_AND_ASSIGN(std::string rejected,
                           MlKem768DecapsHex(keys.decapsulation_key, FlipByte(a.ciphertext, 5)));
  EXPECT_NE(rejected, a.shared_secret);
  EXPECT_EQ(rejected.size(), 2 * kMlKem768SharedSecretBytes);
}

TEST(HexCryptoOpsTest, MlKemRejectsBadInputAndNamesTheField) {
  EXPECT_THAT(MlKem768KeyGenHex("abc"), HasReason(kInvalidInput));
  EXPECT_EQ(FieldOf(MlKem768KeyGenHex("zz").status()), "seed");
  EXPECT_EQ(FieldOf(MlKem768KeyGenHex(Repeat("00", 63)).status()), "seed");

  CAM_ASSERT_OK_AND_ASSIGN(KemKeyPairHex keys, MlKem768KeyGenHex(Repeat("03", 64)));
  EXPECT_EQ(FieldOf(MlKem768EncapsHex(keys.encapsulation_key, "00").status()), "m");
  EXPECT_EQ(FieldOf(MlKem768EncapsHex(keys.encapsulation_key + "00", std::nullopt).status()), "ek");
  // An encapsulation key whose first coefficient is 0xFFF >= q fails the modulus check.
  const std::string unreduced = "ffff" + keys.encapsulation_key.substr(4);
  EXPECT_THAT(MlKem768CheckEkHex(unreduced), HasReason(kInvalidInput));
  EXPECT_THAT(MlKem768EncapsHex(unreduced, std::nullopt), HasReason(kInvalidInput));
  // A decapsulation key with a corrupted H(ek) fails the 7.3 hash check.
  const size_t hash_offset = 2 * 1152 + 2 * 1184;
  const std::string bad_dk = FlipByte(keys.decapsulation_key, hash_offset / 2);
  CAM_ASSERT_OK_AND_ASSIGN(KemEncapsHex sent,
                           MlKem768EncapsHex(keys.encapsulation_key, std::nullopt));
  const absl::StatusOr<std::string> decaps = MlKem768DecapsHex(bad_dk, sent.ciphertext);
  EXPECT_THAT(decaps, HasReason(kInvalidInput));
  EXPECT_EQ(FieldOf(decaps.status()), "dk");
  EXPECT_EQ(FieldOf(MlKem768DecapsHex(keys.decapsulation_key, "0011").status()), "ct");
}

TEST(HexCryptoOpsTest, MlDsaDeterministicSignatureMatchesTheDirectApiAndVerifies) {
  const std::string seed = Repeat("5c", kMlDsaSeedBytes);
  CAM_ASSERT_OK_AND_ASSIGN(SignatureKeyPairHex keys, MlDsa65KeyGenHex(seed));
  EXPECT_EQ(keys.public_key.size(), 2 * kMlDsa65PublicKeyBytes);
  EXPECT_EQ(keys.secret_key.size(), 2 * kMlDsa65SecretKeyBytes);
  const std::string msg = "68656c6c6f";
  const std::string ctx = "0102";
  CAM_ASSERT_OK_AND_ASSIGN(
      std::string sig,
      MlDsa65SignHex(keys.secret_key, msg, {.context_hex = ctx, .deterministic = true}));
  CAM_ASSERT_OK_AND_ASSIGN(
      std::string again,
      MlDsa65SignHex(keys.secret_key, msg, {.context_hex = ctx, .deterministic = true}));
  EXPECT_EQ(sig, again);

  MlDsa65PublicKey pk;
  base::SecureBuffer sk;
  CAM_ASSERT_OK(MlDsa65KeyGenFromSeed(pk, sk, *base::HexDecode(seed)));
  MlDsa65Signature direct;
  CAM_ASSERT_OK(MlDsa65Sign(direct, sk.span(), *base::HexDecode(msg), *base::HexDecode(ctx),
                            {.randomness = MlDsaRandomness::kDeterministic}));
  EXPECT_EQ(sig, base::HexEncode(direct));

  CAM_EXPECT_OK(MlDsa65VerifyHex(keys.public_key, msg, ctx, sig));
  EXPECT_THAT(MlDsa65VerifyHex(keys.public_key, msg, "", sig), HasReason(kVerifyFailed));
  EXPECT_THAT(MlDsa65VerifyHex(keys.public_key, "68656c6c6e", ctx, sig), HasReason(kVerifyFailed));
  EXPECT_THAT(MlDsa65VerifyHex(keys.public_key, msg, ctx, FlipByte(sig, 100)),
              HasReason(kVerifyFailed));
  EXPECT_THAT(MlDsa65VerifyHex(keys.public_key, msg, ctx, sig.substr(2)), HasReason(kVerifyFailed));
}

TEST(HexCryptoOpsTest, MlDsaHedgedAndExplicitRnd) {
  CAM_ASSERT_OK_AND_ASSIGN(SignatureKeyPairHex keys, MlDsa65KeyGenHex(std::nullopt));
  CAM_ASSERT_OK_AND_ASSIGN(std::string a, MlDsa65SignHex(keys.secret_key, "00"));
  CAM_ASSERT_OK_AND_ASSIGN(std::string b, MlDsa65SignHex(keys.secret_key, "00"));
  EXPECT_NE(a, b);  // Hedged: fresh rnd each time.
  CAM_EXPECT_OK(MlDsa65VerifyHex(keys.public_key, "00", "", a));
  CAM_EXPECT_OK(MlDsa65VerifyHex(keys.public_key, "00", "", b));

  const std::string zero_rnd = Repeat("00", kMlDsaRndBytes);
  CAM_ASSERT_OK_AND_ASSIGN(std::string with_zero_rnd,
                           MlDsa65SignHex(keys.secret_key, "00", {.rnd_hex = zero_rnd}));
  CAM_ASSERT_OK_AND_ASSIGN(std::string deterministic,
                           MlDsa65SignHex(keys.secret_key, "00", {.deterministic = true}));
  EXPECT_EQ(with_zero_rnd, deterministic);
  CAM_ASSERT_OK_AND_ASSIGN(std::string other_rnd,
                           MlDsa65SignHex(keys.secret_key, "00", {.rnd_hex = Repeat("11", 32)}));
  EXPECT_NE(other_rnd, deterministic);
}

TEST(HexCryptoOpsTest, MlDsaRejectsBadInputAndNamesTheField) {
  CAM_ASSERT_OK_AND_ASSIGN(SignatureKeyPairHex keys, MlDsa65KeyGenHex(Repeat("00", 32)));
  EXPECT_EQ(FieldOf(MlDsa65KeyGenHex(Repeat("00", 31)).status()), "seed");
  EXPECT_EQ(FieldOf(MlDsa65SignHex(keys.secret_key.substr(2), "00").status()), "sk");
  EXPECT_EQ(FieldOf(MlDsa65SignHex(keys.secret_key, "0").status()), "msg");
  EXPECT_EQ(
      FieldOf(MlDsa65SignHex(keys.secret_key, "00", {.context_hex = Repeat("00", 256)}).status()),
      "ctx");
  EXPECT_EQ(FieldOf(MlDsa65SignHex(keys.secret_key, "00", {.rnd_hex = "00"}).status()), "rnd");
  EXPECT_THAT(MlDsa65VerifyHex(keys.public_key.substr(2), "00", "", "00"),
              HasReason(kInvalidInput));
  EXPECT_EQ(FieldOf(MlDsa65VerifyHex(keys.public_key, "00", "", "xx")), "sig");
}

TEST(HexCryptoOpsTest, XWingRoundTripAndKnownShape) {
  const std::string seed = Repeat("ab", kXWingDecapsulationKeyBytes);
  CAM_ASSERT_OK_AND_ASSIGN(KemKeyPairHex keys, XWingKeyGenHex(seed));
  EXPECT_EQ(keys.decapsulation_key, seed);
  EXPECT_EQ(keys.encapsulation_key.size(), 2 * kXWingEncapsulationKeyBytes);

  const std::string eseed = Repeat("cd", kXWingEncapsSeedBytes);
  CAM_ASSERT_OK_AND_ASSIGN(KemEncapsHex a, XWingEncapsHex(keys.encapsulation_key, eseed));
  CAM_ASSERT_OK_AND_ASSIGN(KemEncapsHex b, XWingEncapsHex(keys.encapsulation_key, eseed));
  EXPECT_EQ(a.ciphertext, b.ciphertext);
  EXPECT_EQ(a.ciphertext.size(), 2 * kXWingCiphertextBytes);
  CAM_ASSERT_OK_AND_ASSIGN(std::string ss, XWingDecapsHex(keys.decapsulation_key, a.ciphertext));
  EXPECT_EQ(ss, a.shared_secret);

  CAM_ASSERT_OK_AND_ASSIGN(KemEncapsHex fresh,
                           XWingEncapsHex(keys.encapsulation_key, std::nullopt));
  EXPECT_NE(fresh.ciphertext, a.ciphertext);
  CAM_ASSERT_OK_AND_ASSIGN(std::string fresh_ss,
                           XWingDecapsHex(keys.decapsulation_key, fresh.ciphertext));
  EXPECT_EQ(fresh_ss, fresh.shared_secret);

  EXPECT_EQ(FieldOf(XWingKeyGenHex("00").status()), "seed");
  EXPECT_EQ(FieldOf(XWingEncapsHex(keys.encapsulation_key, "00").status()), "eseed");
  EXPECT_EQ(FieldOf(XWingEncapsHex("00", std::nullopt).status()), "ek");
  EXPECT_EQ(FieldOf(XWingDecapsHex(keys.decapsulation_key, "00").status()), "ct");
  EXPECT_EQ(FieldOf(XWingDecapsHex("00", a.ciphertext).status()), "dk");
}

}  // namespace
}  // namespace cam::crypto::tools
