#include "crypto/xwing/xwing.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <random>
#include <vector>

#include "crypto/mlkem/mlkem768.h"
#include "crypto/sha3/keccak.h"
#include "tests/testing/status_matchers.h"

namespace cam::crypto {
namespace {

using ::cam::testing::HasReason;
using SharedSecret = std::array<uint8_t, kXWingSharedSecretBytes>;
using Bytes = std::vector<uint8_t>;

constexpr const char* kInvalidInput = "CAM_CRYPTO_INVALID_INPUT";

template <size_t N>
std::array<uint8_t, N> RandomArray(std::mt19937& rng) {
  std::uniform_int_distribution<int> byte(0, 255);
  std::array<uint8_t, N> out;
  for (uint8_t& b : out) b = static_cast<uint8_t>(byte(rng));
  return out;
}

TEST(XWingTest, RoundTripWithRandomKeys) {
  for (int i = 0; i < 50; ++i) {
    XWingEncapsulationKey pk;
    XWingDecapsulationKey sk;
    CAM_ASSERT_OK(XWingKeyGen(pk, sk));
    ASSERT_EQ(sk.seed().size(), kXWingDecapsulationKeyBytes);
    XWingCiphertext ct;
    SharedSecret sent, received;
    CAM_ASSERT_OK(XWingEncaps(ct, sent, pk));
    CAM_ASSERT_OK(XWingDecaps(received, sk, ct));
    ASSERT_EQ(sent, received);
  }
}

TEST(XWingTest, KeyGenFromSeedIsDeterministicAndKeepsTheSeed) {
  std::mt19937 rng(21);
  const auto seed = RandomArray<kXWingDecapsulationKeyBytes>(rng);
  XWingEncapsulationKey pk1, pk2;
  XWingDecapsulationKey sk1, sk2;
  CAM_ASSERT_OK(XWingKeyGenFromSeed(pk1, sk1, seed));
  CAM_ASSERT_OK(XWingKeyGenFromSeed(pk2, sk2, sk1.seed()));
  EXPECT_EQ(pk1, pk2);
  EXPECT_EQ(Bytes(sk1.seed().begin(), sk1.seed().end()), Bytes(seed.begin(), seed.end()));
}

// Combiner inputs rebuilt from the draft's definitions, to check decapsulation independently
// of the X-Wing code: ss_M from our ML-KEM with the SHAKE256-expanded seed, then
// SHA3-256(ss_M || ss_X || ct_X || pk_X || label).
SharedSecret ExpectedSharedSecret(std::span<const uint8_t> seed, std::span<const uint8_t> pk,
                                  std::span<const uint8_t> ct, std::span<const uint8_t> ss_x) {
  std::array<uint8_t, 96> expanded;
  Shake256Once(seed, expanded);
  MlKem768EncapsulationKey ek_m;
  MlKem768DecapsulationKey dk_m;
  EXPECT_TRUE(MlKem768KeyGenFromSeed(ek_m, dk_m, std::span(expanded).first(64)).ok());
  std::array<uint8_t, 32> ss_m;
  EXPECT_TRUE(MlKem768Decaps(ss_m, dk_m, ct.first(kMlKem768CiphertextBytes)).ok());
  Bytes input(ss_m.begin(), ss_m.end());
  input.insert(input.end(), ss_x.begin(), ss_x.end());
  input.insert(input.end(), ct.begin() + kMlKem768CiphertextBytes, ct.end());
  input.insert(input.end(), pk.begin() + kMlKem768EncapsulationKeyBytes, pk.end());
  for (uint8_t b : {0x5c, 0x2e, 0x2f, 0x2f, 0x5e, 0x5c}) input.push_back(b);
  SharedSecret out;
  Sha3_256(input, out);
  return out;
}

TEST(XWingTest, LowOrderX25519CiphertextStillDecapsulates) {
  // ct_X = 0 (a point of small order) makes X25519 output all zeros, which OpenSSL refuses;
  // the draft has no such check, so decapsulation must succeed with ss_X = 0.
  std::mt19937 rng(22);
  const auto seed = RandomArray<kXWingDecapsulationKeyBytes>(rng);
  XWingEncapsulationKey pk;
  XWingDecapsulationKey sk;
  CAM_ASSERT_OK(XWingKeyGenFromSeed(pk, sk, seed));
  XWingCiphertext ct;
  SharedSecret sent;
  CAM_ASSERT_OK(XWingEncaps(ct, sent, pk));
  for (uint8_t u : {uint8_t{0}, uint8_t{1}}) {
    SCOPED_TRACE(static_cast<int>(u));
    XWingCiphertext low = ct;
    std::fill(low.begin() + kMlKem768CiphertextBytes, low.end(), uint8_t{0});
    low[kMlKem768CiphertextBytes] = u;
    SharedSecret got;
    CAM_ASSERT_OK(XWingDecaps(got, sk, low));
    const std::array<uint8_t, 32> zero{};
    EXPECT_EQ(got, ExpectedSharedSecret(seed, pk, low, zero));
    EXPECT_NE(got, sent);
  }
}

TEST(XWingTest, LowOrderX25519PublicKeyStillEncapsulates) {
  XWingEncapsulationKey pk;
  XWingDecapsulationKey sk;
  CAM_ASSERT_OK(XWingKeyGen(pk, sk));
  std::fill(pk.begin() + kMlKem768EncapsulationKeyBytes, pk.end(), uint8_t{0});
  XWingCiphertext ct;
  SharedSecret ss;
  CAM_EXPECT_OK(XWingEncaps(ct, ss, pk));
}

TEST(XWingTest, TamperedCiphertextChangesTheKeyWithoutAnError) {
  XWingEncapsulationKey pk;
  XWingDecapsulationKey sk;
  CAM_ASSERT_OK(XWingKeyGen(pk, sk));
  XWingCiphertext ct;
  SharedSecret sent;
  CAM_ASSERT_OK(XWingEncaps(ct, sent, pk));
  for (size_t position : {size_t{0}, size_t{1087}, size_t{1088}, size_t{1119}}) {
    SCOPED_TRACE(position);
    XWingCiphertext tampered = ct;
    tampered[position] ^= 0x02;
    SharedSecret got;
    CAM_ASSERT_OK(XWingDecaps(got, sk, tampered));
    EXPECT_NE(got, sent);
  }
}

// X25519 straight from OpenSSL's EVP interface, for an independent ss_X.
std::array<uint8_t, 32> OpenSslX25519(std::span<const uint8_t> scalar,
                                      std::span<const uint8_t> point) {
  std::array<uint8_t, 32> out{};
  EVP_PKEY* own = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, scalar.data(), 32);
  EVP_PKEY* peer = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, point.data(), 32);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(own, nullptr);
  size_t len = out.size();
  EXPECT_EQ(EVP_PKEY_derive_init(ctx), 1);
  EXPECT_EQ(EVP_PKEY_derive_set_peer(ctx, peer), 1);
  EXPECT_EQ(EVP_PKEY_derive(ctx, out.data(), &len), 1);
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(peer);
  EVP_PKEY_free(own);
  return out;
}

TEST(XWingTest, SharedSecretMatchesTheCombinerDefinition) {
  std::mt19937 rng(23);
  const auto seed = RandomArray<kXWingDecapsulationKeyBytes>(rng);
  XWingEncapsulationKey pk;
  XWingDecapsulationKey sk;
  CAM_ASSERT_OK(XWingKeyGenFromSeed(pk, sk, seed));
  const auto eseed = RandomArray<kXWingEncapsSeedBytes>(rng);
  XWingCiphertext ct;
  SharedSecret sent;
  CAM_ASSERT_OK(XWingEncapsDeterministic(ct, sent, pk, eseed));
  // ss_X = X25519(ek_X, pk_X) with ek_X = eseed[32:64] (draft section 5.4.1).
  const auto ss_x = OpenSslX25519(std::span(eseed).subspan(32),
                                  std::span(pk).subspan(kMlKem768EncapsulationKeyBytes));
  EXPECT_EQ(sent, ExpectedSharedSecret(seed, pk, ct, ss_x));
  SharedSecret received;
  CAM_ASSERT_OK(XWingDecaps(received, sk, ct));
  EXPECT_EQ(received, sent);
}

TEST(XWingTest, InvalidInputsAreRejected) {
  XWingEncapsulationKey pk;
  XWingDecapsulationKey sk;
  CAM_ASSERT_OK(XWingKeyGen(pk, sk));
  XWingCiphertext ct;
  SharedSecret ss;
  for (size_t size : {size_t{0}, size_t{31}, size_t{33}, size_t{64}}) {
    const Bytes seed(size, 7);
    XWingEncapsulationKey unused_pk;
    XWingDecapsulationKey unused_sk;
    EXPECT_THAT(XWingKeyGenFromSeed(unused_pk, unused_sk, seed), HasReason(kInvalidInput));
  }
  for (size_t size : {size_t{0}, size_t{1184}, size_t{1215}, size_t{1217}}) {
    Bytes bad(pk.begin(), pk.end());
    bad.resize(size);
    EXPECT_THAT(XWingEncaps(ct, ss, bad), HasReason(kInvalidInput));
  }
  for (size_t size : {size_t{0}, size_t{1088}, size_t{1119}, size_t{1121}}) {
    const Bytes bad(size, 1);
    EXPECT_THAT(XWingDecaps(ss, sk, bad), HasReason(kInvalidInput));
  }
  // The ML-KEM part must pass the FIPS 203 modulus check: coefficient 0 set to 4095.
  XWingEncapsulationKey unreduced = pk;
  unreduced[0] = 0xFF;
  unreduced[1] |= 0x0F;
  EXPECT_THAT(XWingEncaps(ct, ss, unreduced), HasReason(kInvalidInput));
  const XWingDecapsulationKey empty;
  EXPECT_THAT(XWingDecaps(ss, empty, ct), HasReason(kInvalidInput));
}

}  // namespace
}  // namespace cam::crypto
