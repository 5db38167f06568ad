#include "crypto/mldsa/mldsa65.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <algorithm>
#include <string>
#include <vector>

#include "base/random.h"
#include "base/secure_buffer.h"
#include "tests/testing/status_matchers.h"

namespace cam::crypto {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::IsOk;
using Bytes = std::vector<uint8_t>;

constexpr char kInvalidInput[] = "CAM_CRYPTO_INVALID_INPUT";
constexpr char kVerifyFailed[] = "CAM_CRYPTO_VERIFY_FAILED";

Bytes RandomBytes(size_t n) {
  Bytes out(n);
  base::FillRandom(out);
  return out;
}

struct KeyPair {
  MlDsa65PublicKey pk;
  base::SecureBuffer sk;
};

KeyPair NewKeyPair() {
  KeyPair kp;
  EXPECT_THAT(MlDsa65KeyGen(kp.pk, kp.sk), IsOk());
  return kp;
}

const MlDsaSignOptions kDeterministic{.randomness = MlDsaRandomness::kDeterministic};

TEST(MlDsa65Test, KeyGenSizesAndFreshness) {
  const KeyPair a = NewKeyPair();
  const KeyPair b = NewKeyPair();
  ASSERT_EQ(a.sk.size(), kMlDsa65SecretKeyBytes);
  EXPECT_NE(a.pk, b.pk);
  // The secret key embeds rho, the first 32 bytes of the public key.
  EXPECT_TRUE(std::equal(a.pk.begin(), a.pk.begin() + 32, a.sk.data()));
}

TEST(MlDsa65Test, KeyGenFromSeedIsDeterministicAndChecksLength) {
  const Bytes seed = RandomBytes(kMlDsaSeedBytes);
  KeyPair a, b;
  ASSERT_THAT(MlDsa65KeyGenFromSeed(a.pk, a.sk, seed), IsOk());
  ASSERT_THAT(MlDsa65KeyGenFromSeed(b.pk, b.sk, seed), IsOk());
  EXPECT_EQ(a.pk, b.pk);
  EXPECT_TRUE(std::equal(a.sk.span().begin(), a.sk.span().end(), b.sk.span().begin()));
  for (size_t n : {0, 31, 33, 64}) {
    KeyPair c;
    EXPECT_THAT(MlDsa65KeyGenFromSeed(c.pk, c.sk, RandomBytes(n)), HasReason(kInvalidInput)) << n;
  }
}

TEST(MlDsa65Test, SignVerifyRoundTripWithContexts) {
  const KeyPair kp = NewKeyPair();
  for (size_t context_len : {0, 1, 255}) {
    for (size_t message_len : {0, 1, 1000}) {
      const Bytes message = RandomBytes(message_len);
      const Bytes context = RandomBytes(context_len);
      MlDsa65Signature sig;
      ASSERT_THAT(MlDsa65Sign(sig, kp.sk.span(), message, context), IsOk());
      EXPECT_THAT(MlDsa65Verify(kp.pk, message, context, sig), IsOk())
          << context_len << " " << message_len;
    }
  }
}

TEST(MlDsa65Test, ContextLongerThan255IsRejected) {
  const KeyPair kp = NewKeyPair();
  const Bytes message = RandomBytes(10);
  const Bytes context = RandomBytes(256);
  MlDsa65Signature sig;
  EXPECT_THAT(MlDsa65Sign(sig, kp.sk.span(), message, context), HasReason(kInvalidInput));
  EXPECT_THAT(MlDsa65HashSign(sig, kp.sk.span(), message, context, MlDsaPreHash::kSha2_512),
              HasReason(kInvalidInput));
  ASSERT_THAT(MlDsa65Sign(sig, kp.sk.span(), message, Bytes(context.begin(), context.end() - 1)),
              IsOk());
  EXPECT_THAT(MlDsa65Verify(kp.pk, message, context, sig), HasReason(kInvalidInput));
  MlDsaMu mu;
  EXPECT_THAT(MlDsa65ComputeMu(mu, kp.pk, message, context), HasReason(kInvalidInput));
}

TEST(MlDsa65Test, TamperedInputsAreRejected) {
  const KeyPair kp = NewKeyPair();
  const KeyPair other = NewKeyPair();
  const Bytes message = RandomBytes(64);
  const Bytes context = RandomBytes(8);
  MlDsa65Signature sig;
  ASSERT_THAT(MlDsa65Sign(sig, kp.sk.span(), message, context), IsOk());
  ASSERT_THAT(MlDsa65Verify(kp.pk, message, context, sig), IsOk());

  Bytes bad_message = message;
  bad_message[17] ^= 0x01;
  EXPECT_THAT(MlDsa65Verify(kp.pk, bad_message, context, sig), HasReason(kVerifyFailed));
  Bytes bad_context = context;
  bad_context[0] ^= 0x80;
  EXPECT_THAT(MlDsa65Verify(kp.pk, message, bad_context, sig), HasReason(kVerifyFailed));
  EXPECT_THAT(MlDsa65Verify(kp.pk, message, {}, sig), HasReason(kVerifyFailed));
  EXPECT_THAT(MlDsa65Verify(other.pk, message, context, sig), HasReason(kVerifyFailed));
  // A flipped bit anywhere in c_tilde, z or the hints.
  for (size_t pos : {size_t{0}, size_t{47}, size_t{48}, size_t{1000}, size_t{3247},
                     kMlDsa65SignatureBytes - 1}) {
    MlDsa65Signature bad = sig;
    bad[pos] ^= 0x01;
    EXPECT_THAT(MlDsa65Verify(kp.pk, message, context, bad), HasReason(kVerifyFailed)) << pos;
  }
  MlDsa65PublicKey bad_pk = kp.pk;
  bad_pk[100] ^= 0x04;
  EXPECT_THAT(MlDsa65Verify(bad_pk, message, context, sig), HasReason(kVerifyFailed));
}

TEST(MlDsa65Test, WrongLengthsAreRejected) {
  const KeyPair kp = NewKeyPair();
  const Bytes message = RandomBytes(5);
  MlDsa65Signature sig;
  ASSERT_THAT(MlDsa65Sign(sig, kp.sk.span(), message, {}), IsOk());

  const Bytes sk(kp.sk.span().begin(), kp.sk.span().end());
  Bytes short_sk(sk.begin(), sk.end() - 1);
  Bytes long_sk = sk;
  long_sk.push_back(0);
  MlDsa65Signature out;
  EXPECT_THAT(MlDsa65Sign(out, short_sk, message, {}), HasReason(kInvalidInput));
  EXPECT_THAT(MlDsa65Sign(out, long_sk, message, {}), HasReason(kInvalidInput));
  EXPECT_THAT(MlDsa65Sign(out, {}, message, {}), HasReason(kInvalidInput));
  EXPECT_THAT(MlDsa65SignInternal(out, short_sk, message, MlDsaRnd{}), HasReason(kInvalidInput));
  EXPECT_THAT(MlDsa65SignMu(out, long_sk, MlDsaMu{}, MlDsaRnd{}), HasReason(kInvalidInput));

  const Bytes pk(kp.pk.begin(), kp.pk.end());
  EXPECT_THAT(MlDsa65Verify(Bytes(pk.begin(), pk.end() - 1), message, {}, sig),
              HasReason(kInvalidInput));
  Bytes long_pk = pk;
  long_pk.push_back(0);
  EXPECT_THAT(MlDsa65Verify(long_pk, message, {}, sig), HasReason(kInvalidInput));

  const Bytes s(sig.begin(), sig.end());
  EXPECT_THAT(MlDsa65Verify(kp.pk, message, {}, Bytes(s.begin(), s.end() - 1)),
              HasReason(kVerifyFailed));
  Bytes long_sig = s;
  long_sig.push_back(0);
  EXPECT_THAT(MlDsa65Verify(kp.pk, message, {}, long_sig), HasReason(kVerifyFailed));
  EXPECT_THAT(MlDsa65Verify(kp.pk, message, {}, {}), HasReason(kVerifyFailed));
}

TEST(MlDsa65Test, SecretKeyWithOutOfRangeCoefficientIsRejected) {
  const KeyPair kp = NewKeyPair();
  Bytes sk(kp.sk.span().begin(), kp.sk.span().end());
  MlDsa65Signature sig;
  ASSERT_THAT(MlDsa65Sign(sig, sk, {}, {}), IsOk());
  // s1 starts at byte 128 with 4-bit values eta - s in [0, 8]; 0xF is out of range.
  sk[128] |= 0x0F;
  EXPECT_THAT(MlDsa65Sign(sig, sk, {}, {}), HasReason(kInvalidInput));
  // The same for the last byte of s2.
  Bytes sk2(kp.sk.span().begin(), kp.sk.span().end());
  sk2[128 + 11 * 128 - 1] |= 0xF0;
  EXPECT_THAT(MlDsa65Sign(sig, sk2, {}, {}), HasReason(kInvalidInput));
}

TEST(MlDsa65Test, DeterministicSigningIsReproducible) {
  const KeyPair kp = NewKeyPair();
  const Bytes message = RandomBytes(100);
  MlDsa65Signature a, b, c;
  ASSERT_THAT(MlDsa65Sign(a, kp.sk.span(), message, {}, kDeterministic), IsOk());
  ASSERT_THAT(MlDsa65Sign(b, kp.sk.span(), message, {}, kDeterministic), IsOk());
  EXPECT_EQ(a, b);
  // Deterministic means rnd = 0^32.
  ASSERT_THAT(MlDsa65Sign(c, kp.sk.span(), message, {}, {.rnd = MlDsaRnd{}}), IsOk());
  EXPECT_EQ(a, c);
  EXPECT_THAT(MlDsa65Verify(kp.pk, message, {}, a), IsOk());
}

TEST(MlDsa65Test, HedgedSigningDiffersButVerifies) {
  const KeyPair kp = NewKeyPair();
  const Bytes message = RandomBytes(100);
  MlDsa65Signature a, b, d;
  ASSERT_THAT(MlDsa65Sign(a, kp.sk.span(), message, {}), IsOk());
  ASSERT_THAT(MlDsa65Sign(b, kp.sk.span(), message, {}), IsOk());
  ASSERT_THAT(MlDsa65Sign(d, kp.sk.span(), message, {}, kDeterministic), IsOk());
  EXPECT_NE(a, b);
  EXPECT_NE(a, d);
  EXPECT_THAT(MlDsa65Verify(kp.pk, message, {}, a), IsOk());
  EXPECT_THAT(MlDsa65Verify(kp.pk, message, {}, b), IsOk());
}

TEST(MlDsa65Test, InternalAndExternalMuAgreeWithPureSigning) {
  const KeyPair kp = NewKeyPair();
  const Bytes message = RandomBytes(33);
  const Bytes context = RandomBytes(7);
  const MlDsaRnd rnd = [] {
    MlDsaRnd r;
    base::FillRandom(r);
    return r;
  }();
  MlDsa65Signature pure, internal, via_mu;
  ASSERT_THAT(MlDsa65Sign(pure, kp.sk.span(), message, context, {.rnd = rnd}), IsOk());
  // M' = 0 || |ctx| || ctx || M (FIPS 204, Algorithm 2, line 10).
  Bytes message_prime = {0, static_cast<uint8_t>(context.size())};
  message_prime.insert(message_prime.end(), context.begin(), context.end());
  message_prime.insert(message_prime.end(), message.begin(), message.end());
  ASSERT_THAT(MlDsa65SignInternal(internal, kp.sk.span(), message_prime, rnd), IsOk());
  EXPECT_EQ(pure, internal);
  MlDsaMu mu;
  ASSERT_THAT(MlDsa65ComputeMu(mu, kp.pk, message, context), IsOk());
  ASSERT_THAT(MlDsa65SignMu(via_mu, kp.sk.span(), mu, rnd), IsOk());
  EXPECT_EQ(pure, via_mu);
  EXPECT_THAT(MlDsa65VerifyInternal(kp.pk, message_prime, pure), IsOk());
  EXPECT_THAT(MlDsa65VerifyMu(kp.pk, mu, pure), IsOk());
  mu[0] ^= 1;
  EXPECT_THAT(MlDsa65VerifyMu(kp.pk, mu, pure), HasReason(kVerifyFailed));
  message_prime[0] = 1;
  EXPECT_THAT(MlDsa65VerifyInternal(kp.pk, message_prime, pure), HasReason(kVerifyFailed));
}

TEST(MlDsa65Test, HashMlDsaRoundTripsForEveryPreHash) {
  const KeyPair kp = NewKeyPair();
  const Bytes message = RandomBytes(300);
  const Bytes context = RandomBytes(3);
  for (MlDsaPreHash hash :
       {MlDsaPreHash::kSha2_224, MlDsaPreHash::kSha2_256, MlDsaPreHash::kSha2_384,
        MlDsaPreHash::kSha2_512, MlDsaPreHash::kSha2_512_224, MlDsaPreHash::kSha2_512_256,
        MlDsaPreHash::kSha3_224, MlDsaPreHash::kSha3_256, MlDsaPreHash::kSha3_384,
        MlDsaPreHash::kSha3_512, MlDsaPreHash::kShake128, MlDsaPreHash::kShake256}) {
    SCOPED_TRACE(static_cast<int>(hash));
    MlDsa65Signature sig;
    ASSERT_THAT(MlDsa65HashSign(sig, kp.sk.span(), message, context, hash), IsOk());
    EXPECT_THAT(MlDsa65HashVerify(kp.pk, message, context, hash, sig), IsOk());
    // Domain separation: not a pure signature, nor one under another pre-hash.
    EXPECT_THAT(MlDsa65Verify(kp.pk, message, context, sig), HasReason(kVerifyFailed));
    const MlDsaPreHash other =
        hash == MlDsaPreHash::kSha2_512 ? MlDsaPreHash::kSha3_512 : MlDsaPreHash::kSha2_512;
    EXPECT_THAT(MlDsa65HashVerify(kp.pk, message, context, other, sig), HasReason(kVerifyFailed));
    Bytes bad = message;
    bad[0] ^= 1;
    EXPECT_THAT(MlDsa65HashVerify(kp.pk, bad, context, hash, sig), HasReason(kVerifyFailed));
    // A digest of the wrong length is refused.
    const Bytes wrong_digest(MlDsaPreHashDigestBytes(hash) + 1, 0);
    EXPECT_THAT(MlDsa65HashSignDigest(sig, kp.sk.span(), wrong_digest, context, hash),
                HasReason(kInvalidInput));
    EXPECT_THAT(MlDsa65HashVerifyDigest(kp.pk, wrong_digest, context, hash, sig),
                HasReason(kInvalidInput));
  }
}

TEST(MlDsa65Test, HashSignDigestMatchesHashSignWithSha512) {
  const KeyPair kp = NewKeyPair();
  const Bytes message = RandomBytes(77);
  Bytes digest(64);
  unsigned int len = 0;
  ASSERT_EQ(EVP_Digest(message.data(), message.size(), digest.data(), &len, EVP_sha512(), nullptr),
            1);
  ASSERT_EQ(len, 64u);
  ASSERT_EQ(MlDsaPreHashDigestBytes(MlDsaPreHash::kSha2_512), 64u);
  MlDsa65Signature a, b;
  ASSERT_THAT(
      MlDsa65HashSign(a, kp.sk.span(), message, {}, MlDsaPreHash::kSha2_512, kDeterministic),
      IsOk());
  ASSERT_THAT(
      MlDsa65HashSignDigest(b, kp.sk.span(), digest, {}, MlDsaPreHash::kSha2_512, kDeterministic),
      IsOk());
  EXPECT_EQ(a, b);
  EXPECT_THAT(MlDsa65HashVerifyDigest(kp.pk, digest, {}, MlDsaPreHash::kSha2_512, a), IsOk());
}

}  // namespace
}  // namespace cam::crypto
