// RFC known-answer sets from ../shared/vectors/rfc: RFC 5869 (HKDF-SHA256, A.1-A.3), RFC 8037
// A.1/A.4/A.5 (the raw Ed25519 signature over the JWS signing input; JOSE parsing is tested
// elsewhere) and RFC 7515 A.3 (the raw r || s ES256 signature over its signing input).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "base/hex.h"
#include "crypto/primitives/ecdsa_p256.h"
#include "crypto/primitives/ed25519.h"
#include "crypto/primitives/hkdf.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/vectors.h"

namespace cam::crypto {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::Hex;
using ::cam::testing::LoadJson;
using ::cam::testing::VectorsDir;

std::vector<uint8_t> Bytes(const std::string& s) { return {s.begin(), s.end()}; }

std::vector<uint8_t> Base64Url(const std::string& s) {
  std::string out;
  EXPECT_TRUE(absl::WebSafeBase64Unescape(s, &out)) << s;
  return Bytes(out);
}

TEST(RfcVectorsTest, Rfc5869HkdfSha256) {
  const nlohmann::json doc = LoadJson(VectorsDir() / "rfc" / "rfc5869-hkdf-sha256.json");
  ASSERT_EQ(doc.at("algorithm"), "HKDF-SHA256");
  int run = 0;
  for (const auto& tc : doc.at("tests")) {
    SCOPED_TRACE(tc.at("section").get<std::string>());
    const auto ikm = Hex(tc.at("ikm").get<std::string>());
    const auto salt = Hex(tc.at("salt").get<std::string>());
    const auto info = Hex(tc.at("info").get<std::string>());
    const auto prk = Hex(tc.at("prk").get<std::string>());
    const auto okm = Hex(tc.at("okm").get<std::string>());
    const size_t length = tc.at("L").get<size_t>();
    ASSERT_EQ(okm.size(), length);

    CAM_ASSERT_OK_AND_ASSIGN(HkdfSha256Prk got_prk, HkdfSha256Extract(ikm, salt));
    EXPECT_EQ(base::HexEncode(got_prk.span()), base::HexEncode(prk));
    std::vector<uint8_t> expanded(length);
    CAM_ASSERT_OK(HkdfSha256Expand(got_prk.span(), info, expanded));
    EXPECT_EQ(expanded, okm);
    CAM_ASSERT_OK_AND_ASSIGN(base::SecureBuffer one_shot, HkdfSha256(ikm, salt, info, length));
    EXPECT_EQ(base::HexEncode(one_shot.span()), base::HexEncode(okm));
    ++run;
  }
  EXPECT_EQ(run, 3);
}

TEST(RfcVectorsTest, Rfc8037Ed25519) {
  const nlohmann::json doc = LoadJson(VectorsDir() / "rfc" / "rfc8037-ed25519-jose.json");
  const auto seed_bytes = Hex(doc.at("A.1_private_key_hex").get<std::string>());
  const auto public_bytes = Hex(doc.at("A.1_public_key_hex").get<std::string>());
  ASSERT_EQ(seed_bytes.size(), kEd25519SeedSize);
  // The JWK members are the same keys in base64url.
  EXPECT_EQ(Base64Url(doc.at("A.1_private_key_jwk").at("d").get<std::string>()), seed_bytes);
  EXPECT_EQ(Base64Url(doc.at("A.1_private_key_jwk").at("x").get<std::string>()), public_bytes);

  const std::span<const uint8_t, kEd25519SeedSize> seed(seed_bytes.data(), kEd25519SeedSize);
  CAM_ASSERT_OK_AND_ASSIGN(Ed25519KeyPair pair, Ed25519KeyPairFromSeed(seed));
  EXPECT_EQ(base::HexEncode(pair.public_key), base::HexEncode(public_bytes));

  const auto& signing = doc.at("A.4_signing");
  const auto input = Bytes(signing.at("signing_input").get<std::string>());
  const auto expected_sig = Hex(signing.at("signature_hex").get<std::string>());
  EXPECT_EQ(Base64Url(signing.at("signature_b64url").get<std::string>()), expected_sig);
  CAM_ASSERT_OK_AND_ASSIGN(Ed25519Signature sig, Ed25519Sign(seed, input));
  EXPECT_EQ(base::HexEncode(sig), base::HexEncode(expected_sig));

  // A.5: the signature validates with the public JWK, and fails once changed.
  ASSERT_EQ(doc.at("A.5_validation").at("expected"), "valid");
  const auto x =
      Base64Url(doc.at("A.5_validation").at("public_key_jwk").at("x").get<std::string>());
  ASSERT_EQ(x.size(), kEd25519PublicKeySize);
  const std::span<const uint8_t, kEd25519PublicKeySize> pub(x.data(), x.size());
  CAM_EXPECT_OK(Ed25519Verify(pub, input, expected_sig));
  auto bad_input = input;
  bad_input.back() ^= 1;
  EXPECT_THAT(Ed25519Verify(pub, bad_input, expected_sig), HasReason("CAM_CRYPTO_VERIFY_FAILED"));
}

TEST(RfcVectorsTest, Rfc7515A3Es256RawSignature) {
  const nlohmann::json doc = LoadJson(VectorsDir() / "rfc" / "rfc7515-a3-es256-jws.json");
  const auto& jwk = doc.at("jwk");
  ASSERT_EQ(jwk.at("crv"), "P-256");
  const auto d = Base64Url(jwk.at("d").get<std::string>());
  const auto x = Base64Url(jwk.at("x").get<std::string>());
  const auto y = Base64Url(jwk.at("y").get<std::string>());
  ASSERT_EQ(d.size(), 32u);
  std::vector<uint8_t> point = {0x04};
  point.insert(point.end(), x.begin(), x.end());
  point.insert(point.end(), y.begin(), y.end());

  // d gives (x, y).
  CAM_ASSERT_OK_AND_ASSIGN(EcdsaP256KeyPair pair,
                           EcdsaP256KeyPairFromPrivate(std::span<const uint8_t, 32>(d.data(), 32)));
  EXPECT_EQ(base::HexEncode(pair.public_key), base::HexEncode(point));
  CAM_ASSERT_OK_AND_ASSIGN(EcdsaP256PublicKey pub, EcdsaP256PublicKeyFromSec1(point));

  // The published R || S verifies over the signing input, in raw and in DER form.
  const auto input = Bytes(doc.at("signing_input").get<std::string>());
  auto raw = Hex(doc.at("signature_R_hex").get<std::string>());
  const auto s = Hex(doc.at("signature_S_hex").get<std::string>());
  raw.insert(raw.end(), s.begin(), s.end());
  EXPECT_EQ(Base64Url(doc.at("signature_b64url").get<std::string>()), raw);
  ASSERT_EQ(doc.at("expected"), "valid");
  CAM_EXPECT_OK(EcdsaP256VerifyRaw(pub, input, raw));
  CAM_ASSERT_OK_AND_ASSIGN(std::vector<uint8_t> der,
                           EcdsaP256RawToDer(std::span<const uint8_t, 64>(raw.data(), 64)));
  CAM_EXPECT_OK(EcdsaP256VerifyDer(pub, input, der));
  auto bad = raw;
  bad[10] ^= 0x01;
  EXPECT_THAT(EcdsaP256VerifyRaw(pub, input, bad), HasReason("CAM_CRYPTO_VERIFY_FAILED"));

  // ECDSA is randomized: a fresh signature with d cannot match the published one, but must
  // verify.
  CAM_ASSERT_OK_AND_ASSIGN(EcdsaP256RawSignature fresh,
                           EcdsaP256SignRaw(pair.private_key.span(), input));
  CAM_EXPECT_OK(EcdsaP256VerifyRaw(pub, input, fresh));
}

}  // namespace
}  // namespace cam::crypto
