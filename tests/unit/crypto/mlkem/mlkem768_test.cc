#include "crypto/mlkem/mlkem768.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "crypto/sha3/keccak.h"
#include "tests/testing/status_matchers.h"

namespace cam::crypto {
namespace {

using ::cam::testing::HasReason;
using SharedSecret = std::array<uint8_t, kMlKem768SharedSecretBytes>;
using Bytes = std::vector<uint8_t>;

constexpr const char* kInvalidInput = "CAM_CRYPTO_INVALID_INPUT";
// Offsets inside the 2400-byte decapsulation key dk_PKE || ek || H(ek) || z.
constexpr size_t kEkOffset = 1152;
constexpr size_t kHashOffset = kEkOffset + kMlKem768EncapsulationKeyBytes;
constexpr size_t kZOffset = kHashOffset + 32;

template <size_t N>
std::array<uint8_t, N> RandomArray(std::mt19937& rng) {
  std::uniform_int_distribution<int> byte(0, 255);
  std::array<uint8_t, N> out;
  for (uint8_t& b : out) b = static_cast<uint8_t>(byte(rng));
  return out;
}

// SetCoefficient12 stores the 12-bit value v as coefficient i of a ByteEncode12 string.
void SetCoefficient12(std::span<uint8_t> encoded, size_t i, uint16_t v) {
  const size_t byte = 3 * (i / 2);
  if (i % 2 == 0) {
    encoded[byte] = static_cast<uint8_t>(v);
    encoded[byte + 1] = static_cast<uint8_t>((encoded[byte + 1] & 0xF0) | (v >> 8));
  } else {
    encoded[byte + 1] = static_cast<uint8_t>((encoded[byte + 1] & 0x0F) | ((v & 0x0F) << 4));
    encoded[byte + 2] = static_cast<uint8_t>(v >> 4);
  }
}

TEST(MlKem768Test, RoundTripWithRandomKeys) {
  for (int i = 0; i < 100; ++i) {
    MlKem768EncapsulationKey ek;
    MlKem768DecapsulationKey dk;
    MlKem768KeyGen(ek, dk);
    ASSERT_FALSE(dk.empty());
    MlKem768Ciphertext ct;
    SharedSecret sent, received;
    CAM_ASSERT_OK(MlKem768Encaps(ct, sent, ek));
    CAM_ASSERT_OK(MlKem768Decaps(received, dk, ct));
    ASSERT_EQ(sent, received);
  }
}

TEST(MlKem768Test, RoundTripOverManySeeds) {
  std::mt19937 rng(11);
  for (int i = 0; i < 200; ++i) {
    const auto seed = RandomArray<kMlKem768SeedBytes>(rng);
    const auto m = RandomArray<kMlKem768EncapsRandomBytes>(rng);
    MlKem768EncapsulationKey ek;
    MlKem768DecapsulationKey dk;
    CAM_ASSERT_OK(MlKem768KeyGenFromSeed(ek, dk, seed));
    ASSERT_EQ(Bytes(dk.encapsulation_key().begin(), dk.encapsulation_key().end()),
              Bytes(ek.begin(), ek.end()));
    // The dk layout of FIPS 203, Algorithm 16: z is the second half of the seed.
    ASSERT_EQ(Bytes(dk.bytes().begin() + kZOffset, dk.bytes().end()),
              Bytes(seed.begin() + 32, seed.end()));
    MlKem768Ciphertext ct;
    SharedSecret sent, received;
    CAM_ASSERT_OK(MlKem768EncapsDeterministic(ct, sent, ek, m));
    CAM_ASSERT_OK(MlKem768Decaps(received, dk, ct));
    ASSERT_EQ(sent, received);
  }
}

TEST(MlKem768Test, KeyGenAndEncapsAreDeterministicGivenTheirSeeds) {
  std::mt19937 rng(12);
  const auto seed = RandomArray<kMlKem768SeedBytes>(rng);
  const auto m = RandomArray<kMlKem768EncapsRandomBytes>(rng);
  MlKem768EncapsulationKey ek1, ek2;
  MlKem768DecapsulationKey dk1, dk2;
  CAM_ASSERT_OK(MlKem768KeyGenFromSeed(ek1, dk1, seed));
  CAM_ASSERT_OK(MlKem768KeyGenFromSeed(ek2, dk2, seed));
  EXPECT_EQ(ek1, ek2);
  EXPECT_EQ(Bytes(dk1.bytes().begin(), dk1.bytes().end()),
            Bytes(dk2.bytes().begin(), dk2.bytes().end()));
  MlKem768Ciphertext ct1, ct2;
  SharedSecret k1, k2;
  CAM_ASSERT_OK(MlKem768EncapsDeterministic(ct1, k1, ek1, m));
  CAM_ASSERT_OK(MlKem768EncapsDeterministic(ct2, k2, ek1, m));
  EXPECT_EQ(ct1, ct2);
  EXPECT_EQ(k1, k2);
  // A different seed gives a different key.
  auto other = seed;
  other[0] ^= 1;
  CAM_ASSERT_OK(MlKem768KeyGenFromSeed(ek2, dk2, other));
  EXPECT_NE(ek1, ek2);
}

TEST(MlKem768Test, DecapsulationKeySurvivesSerialization) {
  MlKem768EncapsulationKey ek;
  MlKem768DecapsulationKey dk;
  MlKem768KeyGen(ek, dk);
  auto parsed = MlKem768DecapsulationKey::FromBytes(dk.bytes());
  CAM_ASSERT_OK(parsed);
  MlKem768Ciphertext ct;
  SharedSecret sent, received;
  CAM_ASSERT_OK(MlKem768Encaps(ct, sent, ek));
  CAM_ASSERT_OK(MlKem768Decaps(received, *parsed, ct));
  EXPECT_EQ(sent, received);
}

// Implicit rejection (FIPS 203, Algorithm 18, lines 9-12): a ciphertext that does not
// re-encrypt to itself yields K-bar = J(z || c) = SHAKE256(z || c, 32), never the real key.
TEST(MlKem768Test, TamperedCiphertextYieldsImplicitRejectionKey) {
  std::mt19937 rng(13);
  MlKem768EncapsulationKey ek;
  MlKem768DecapsulationKey dk;
  CAM_ASSERT_OK(MlKem768KeyGenFromSeed(ek, dk, RandomArray<kMlKem768SeedBytes>(rng)));
  MlKem768Ciphertext ct;
  SharedSecret real;
  CAM_ASSERT_OK(MlKem768Encaps(ct, real, ek));
  const auto z = dk.bytes().subspan(kZOffset, 32);
  // Positions in c1 (first, middle) and c2 (the last 128 bytes).
  for (size_t position : {size_t{0}, size_t{500}, size_t{959}, size_t{960}, size_t{1087}}) {
    for (uint8_t flip : {uint8_t{0x01}, uint8_t{0x80}}) {
      SCOPED_TRACE(position);
      MlKem768Ciphertext tampered = ct;
      tampered[position] ^= flip;
      SharedSecret got;
      CAM_ASSERT_OK(MlKem768Decaps(got, dk, tampered));
      Shake256 j;
      j.Absorb(z);
      j.Absorb(tampered);
      SharedSecret k_bar;
      j.Squeeze(k_bar);
      EXPECT_EQ(got, k_bar);
      EXPECT_NE(got, real);
    }
  }
  // The untampered ciphertext still gives the real key, not J(z || c).
  SharedSecret again;
  CAM_ASSERT_OK(MlKem768Decaps(again, dk, ct));
  EXPECT_EQ(again, real);
}

TEST(MlKem768Test, ModulusCheckRejectsCoefficientsOfQOrMore) {
  MlKem768EncapsulationKey ek;
  MlKem768DecapsulationKey dk;
  MlKem768KeyGen(ek, dk);
  CAM_EXPECT_OK(MlKem768CheckEncapsulationKey(ek));
  // First coefficient, an odd one, and the last of the third polynomial.
  for (size_t index : {size_t{0}, size_t{301}, size_t{767}}) {
    for (uint16_t value : {uint16_t{3329}, uint16_t{3330}, uint16_t{4095}}) {
      SCOPED_TRACE(::testing::Message() << index << " = " << value);
      MlKem768EncapsulationKey bad = ek;
      SetCoefficient12(bad, index, value);
      EXPECT_THAT(MlKem768CheckEncapsulationKey(bad), HasReason(kInvalidInput));
      MlKem768Ciphertext ct;
      SharedSecret k;
      EXPECT_THAT(MlKem768Encaps(ct, k, bad), HasReason(kInvalidInput));
    }
    // q - 1 is the largest valid coefficient.
    MlKem768EncapsulationKey edge = ek;
    SetCoefficient12(edge, index, 3328);
    CAM_EXPECT_OK(MlKem768CheckEncapsulationKey(edge));
  }
}

TEST(MlKem768Test, HashCheckRejectsCorruptedDecapsulationKeys) {
  MlKem768EncapsulationKey ek;
  MlKem768DecapsulationKey dk;
  MlKem768KeyGen(ek, dk);
  const Bytes good(dk.bytes().begin(), dk.bytes().end());
  CAM_EXPECT_OK(MlKem768DecapsulationKey::FromBytes(good));
  for (size_t position : {kHashOffset, kHashOffset + 31, kEkOffset, kEkOffset + 1183}) {
    SCOPED_TRACE(position);
    Bytes bad = good;
    bad[position] ^= 0x01;
    EXPECT_THAT(MlKem768DecapsulationKey::FromBytes(bad), HasReason(kInvalidInput));
  }
}

TEST(MlKem768Test, WrongLengthsAreRejected) {
  MlKem768EncapsulationKey ek;
  MlKem768DecapsulationKey dk;
  MlKem768KeyGen(ek, dk);
  MlKem768Ciphertext ct;
  SharedSecret k;
  CAM_ASSERT_OK(MlKem768Encaps(ct, k, ek));

  for (size_t size : {size_t{0}, size_t{63}, size_t{65}, size_t{96}}) {
    const Bytes seed(size, 0x42);
    MlKem768EncapsulationKey unused_ek;
    MlKem768DecapsulationKey unused_dk;
    EXPECT_THAT(MlKem768KeyGenFromSeed(unused_ek, unused_dk, seed), HasReason(kInvalidInput));
    EXPECT_TRUE(unused_dk.empty());
  }
  for (size_t size : {size_t{0}, size_t{1183}, size_t{1185}, size_t{1216}}) {
    Bytes bad_ek(ek.begin(), ek.end());
    bad_ek.resize(size);
    EXPECT_THAT(MlKem768CheckEncapsulationKey(bad_ek), HasReason(kInvalidInput));
    EXPECT_THAT(MlKem768Encaps(ct, k, bad_ek), HasReason(kInvalidInput));
  }
  for (size_t size : {size_t{0}, size_t{1087}, size_t{1089}, size_t{1120}}) {
    Bytes bad_ct(ct.begin(), ct.end());
    bad_ct.resize(size);
    EXPECT_THAT(MlKem768Decaps(k, dk, bad_ct), HasReason(kInvalidInput));
  }
  for (size_t size : {size_t{0}, size_t{2399}, size_t{2401}}) {
    Bytes bad_dk(dk.bytes().begin(), dk.bytes().end());
    bad_dk.resize(size);
    EXPECT_THAT(MlKem768DecapsulationKey::FromBytes(bad_dk), HasReason(kInvalidInput));
  }
}

TEST(MlKem768Test, EmptyDecapsulationKeyIsRejected) {
  const MlKem768DecapsulationKey empty;
  EXPECT_TRUE(empty.empty());
  MlKem768Ciphertext ct{};
  SharedSecret k;
  EXPECT_THAT(MlKem768Decaps(k, empty, ct), HasReason(kInvalidInput));
}

TEST(MlKem768Test, MovedFromKeyIsEmpty) {
  MlKem768EncapsulationKey ek;
  MlKem768DecapsulationKey dk;
  MlKem768KeyGen(ek, dk);
  MlKem768DecapsulationKey moved = std::move(dk);
  EXPECT_FALSE(moved.empty());
  EXPECT_TRUE(dk.empty());  // NOLINT(bugprone-use-after-move): SecureBuffer empties on move.
}

}  // namespace
}  // namespace cam::crypto
