#include "crypto/primitives/ecdsa_p256.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "base/hex.h"
#include "tests/testing/status_matchers.h"

namespace cam::crypto {
namespace {

using ::cam::testing::HasReason;

std::vector<uint8_t> Bytes(std::string_view s) { return {s.begin(), s.end()}; }

TEST(EcdsaP256Test, SignBothFormsAndVerifyBoth) {
  CAM_ASSERT_OK_AND_ASSIGN(EcdsaP256KeyPair pair, EcdsaP256GenerateKeyPair());
  EXPECT_EQ(pair.public_key[0], 0x04);
  const std::vector<uint8_t> msg = Bytes("audit checkpoint");

  CAM_ASSERT_OK_AND_ASSIGN(std::vector<uint8_t> der,
                           EcdsaP256SignDer(pair.private_key.span(), msg));
  EXPECT_LE(der.size(), kEcdsaP256MaxDerSignatureSize);
  EXPECT_EQ(der[0], 0x30);
  CAM_EXPECT_OK(EcdsaP256VerifyDer(pair.public_key, msg, der));
  CAM_ASSERT_OK_AND_ASSIGN(EcdsaP256RawSignature raw,
                           EcdsaP256SignRaw(pair.private_key.span(), msg));
  CAM_EXPECT_OK(EcdsaP256VerifyRaw(pair.public_key, msg, raw));

  // Conversions are inverse to each other and preserve validity.
  CAM_ASSERT_OK_AND_ASSIGN(EcdsaP256RawSignature der_as_raw, EcdsaP256DerToRaw(der));
  CAM_EXPECT_OK(EcdsaP256VerifyRaw(pair.public_key, msg, der_as_raw));
  CAM_ASSERT_OK_AND_ASSIGN(std::vector<uint8_t> back, EcdsaP256RawToDer(der_as_raw));
  EXPECT_EQ(back, der);

  // Randomized: two signatures differ.
  CAM_ASSERT_OK_AND_ASSIGN(EcdsaP256RawSignature raw2,
                           EcdsaP256SignRaw(pair.private_key.span(), msg));
  EXPECT_NE(raw, raw2);

  // Tampering.
  EXPECT_THAT(EcdsaP256VerifyDer(pair.public_key, Bytes("audit checkpoinT"), der),
              HasReason("CAM_CRYPTO_VERIFY_FAILED"));
  EcdsaP256RawSignature bad = raw;
  bad[63] ^= 1;
  EXPECT_THAT(EcdsaP256VerifyRaw(pair.public_key, msg, bad), HasReason("CAM_CRYPTO_VERIFY_FAILED"));
  EXPECT_THAT(EcdsaP256VerifyRaw(pair.public_key, msg, std::span(raw).first(63)),
              HasReason("CAM_CRYPTO_VERIFY_FAILED"));
  EXPECT_THAT(EcdsaP256VerifyRaw(pair.public_key, msg, der), HasReason("CAM_CRYPTO_VERIFY_FAILED"));
  EXPECT_THAT(EcdsaP256VerifyDer(pair.public_key, msg, raw), HasReason("CAM_CRYPTO_VERIFY_FAILED"));
  std::vector<uint8_t> trailing = der;
  trailing.push_back(0);
  EXPECT_THAT(EcdsaP256VerifyDer(pair.public_key, msg, trailing),
              HasReason("CAM_CRYPTO_VERIFY_FAILED"));
  EcdsaP256RawSignature zero{};
  EXPECT_THAT(EcdsaP256VerifyRaw(pair.public_key, msg, zero),
              HasReason("CAM_CRYPTO_VERIFY_FAILED"));
}

TEST(EcdsaP256Test, PrivateKeyImportRecomputesPublicKey) {
  CAM_ASSERT_OK_AND_ASSIGN(EcdsaP256KeyPair pair, EcdsaP256GenerateKeyPair());
  CAM_ASSERT_OK_AND_ASSIGN(EcdsaP256KeyPair again,
                           EcdsaP256KeyPairFromPrivate(pair.private_key.span()));
  EXPECT_EQ(again.public_key, pair.public_key);

  std::array<uint8_t, 32> zero{};
  EXPECT_THAT(EcdsaP256KeyPairFromPrivate(zero), HasReason("CAM_CRYPTO_INVALID_INPUT"));
  // n, the group order, and all ones are out of range; n - 1 is the largest valid scalar.
  auto n = base::HexDecode("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
  ASSERT_TRUE(n.ok());
  std::array<uint8_t, 32> scalar{};
  std::copy(n->begin(), n->end(), scalar.begin());
  EXPECT_THAT(EcdsaP256KeyPairFromPrivate(scalar), HasReason("CAM_CRYPTO_INVALID_INPUT"));
  EXPECT_THAT(EcdsaP256SignDer(scalar, Bytes("m")), HasReason("CAM_CRYPTO_INVALID_INPUT"));
  scalar[31] -= 1;
  CAM_EXPECT_OK(EcdsaP256KeyPairFromPrivate(scalar));
  std::array<uint8_t, 32> ones;
  ones.fill(0xff);
  EXPECT_THAT(EcdsaP256KeyPairFromPrivate(ones), HasReason("CAM_CRYPTO_INVALID_INPUT"));
  // d = 1 gives the generator G.
  std::array<uint8_t, 32> one{};
  one[31] = 1;
  CAM_ASSERT_OK_AND_ASSIGN(EcdsaP256KeyPair g, EcdsaP256KeyPairFromPrivate(one));
  EXPECT_EQ(base::HexEncode(g.public_key),
            "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
            "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");
}

TEST(EcdsaP256Test, PublicKeyImportExport) {
  CAM_ASSERT_OK_AND_ASSIGN(EcdsaP256KeyPair pair, EcdsaP256GenerateKeyPair());
  CAM_ASSERT_OK_AND_ASSIGN(std::vector<uint8_t> spki, EcdsaP256PublicKeyToSpki(pair.public_key));
  EXPECT_EQ(spki.size(), 91u);
  CAM_ASSERT_OK_AND_ASSIGN(EcdsaP256PublicKey from_spki, EcdsaP256PublicKeyFromSpki(spki));
  EXPECT_EQ(from_spki, pair.public_key);
  CAM_ASSERT_OK_AND_ASSIGN(EcdsaP256PublicKey from_sec1,
                           EcdsaP256PublicKeyFromSec1(pair.public_key));
  EXPECT_EQ(from_sec1, pair.public_key);

  // Off the curve.
  EcdsaP256PublicKey off = pair.public_key;
  off[64] ^= 1;
  EXPECT_THAT(EcdsaP256PublicKeyFromSec1(off), HasReason("CAM_CRYPTO_INVALID_INPUT"));
  EXPECT_THAT(EcdsaP256PublicKeyToSpki(off), HasReason("CAM_CRYPTO_INVALID_INPUT"));
  CAM_ASSERT_OK_AND_ASSIGN(std::vector<uint8_t> der,
                           EcdsaP256SignDer(pair.private_key.span(), Bytes("m")));
  EXPECT_THAT(EcdsaP256VerifyDer(off, Bytes("m"), der), HasReason("CAM_CRYPTO_VERIFY_FAILED"));
  // Compressed, wrong prefix, wrong length.
  std::vector<uint8_t> compressed(pair.public_key.begin(), pair.public_key.begin() + 33);
  compressed[0] = static_cast<uint8_t>(0x02 | (pair.public_key[64] & 1));
  EXPECT_THAT(EcdsaP256PublicKeyFromSec1(compressed), HasReason("CAM_CRYPTO_INVALID_INPUT"));
  EcdsaP256PublicKey prefix = pair.public_key;
  prefix[0] = 0x06;
  EXPECT_THAT(EcdsaP256PublicKeyFromSec1(prefix), HasReason("CAM_CRYPTO_INVALID_INPUT"));
  EXPECT_THAT(EcdsaP256PublicKeyFromSec1(std::span(pair.public_key).first(64)),
              HasReason("CAM_CRYPTO_INVALID_INPUT"));
  // SPKI with trailing garbage, truncated, and an Ed25519 SPKI.
  std::vector<uint8_t> trailing = spki;
  trailing.push_back(0);
  EXPECT_THAT(EcdsaP256PublicKeyFromSpki(trailing), HasReason("CAM_CRYPTO_INVALID_INPUT"));
  EXPECT_THAT(EcdsaP256PublicKeyFromSpki(std::span(spki).first(90)),
              HasReason("CAM_CRYPTO_INVALID_INPUT"));
  auto ed_spki = base::HexDecode(
      "302a300506032b65700321007d4d0e7f6153a69b6242b522abbee685fda4420f8834b108c3bdae369ef549fa");
  ASSERT_TRUE(ed_spki.ok());
  EXPECT_THAT(EcdsaP256PublicKeyFromSpki(*ed_spki), HasReason("CAM_CRYPTO_INVALID_INPUT"));
}

TEST(EcdsaP256Test, DerToRawRejectsNonCanonical) {
  // r = 1, s = 1 canonical, then with a padding zero (BER) and with a negative integer.
  auto ok = base::HexDecode("3006020101020101");
  auto padded = base::HexDecode("300702020001020101");
  auto negative = base::HexDecode("30060201ff020101");
  auto zero = base::HexDecode("3006020100020101");
  ASSERT_TRUE(ok.ok() && padded.ok() && negative.ok() && zero.ok());
  CAM_ASSERT_OK_AND_ASSIGN(EcdsaP256RawSignature raw, EcdsaP256DerToRaw(*ok));
  EXPECT_EQ(raw[31], 1);
  EXPECT_EQ(raw[63], 1);
  EXPECT_THAT(EcdsaP256DerToRaw(*padded), HasReason("CAM_CRYPTO_INVALID_INPUT"));
  EXPECT_THAT(EcdsaP256DerToRaw(*negative), HasReason("CAM_CRYPTO_INVALID_INPUT"));
  EXPECT_THAT(EcdsaP256DerToRaw(*zero), HasReason("CAM_CRYPTO_INVALID_INPUT"));
  EXPECT_THAT(EcdsaP256DerToRaw({}), HasReason("CAM_CRYPTO_INVALID_INPUT"));
}

}  // namespace
}  // namespace cam::crypto
