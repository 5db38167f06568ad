#include "identity/jwk_set.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "identity/base64url.h"
#include "identity/jws.h"
#include "identity/jwt_signer.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/vectors.h"

namespace cam::identity {
namespace {

using ::cam::testing::HasReason;
using ::nlohmann::json;

std::string SetOf(const json& key) { return json{{"keys", json::array({key})}}.dump(); }

json Rfc8037PublicJwk(const json& doc) {
  json key = doc["A.5_validation"]["public_key_jwk"];
  key["kid"] = "rfc8037";
  key["alg"] = "EdDSA";
  return key;
}

TEST(JwkSetTest, Rfc8037A4SigningReproducesTheRfcJws) {
  const json doc =
      cam::testing::LoadJson(cam::testing::VectorsDir() / "rfc/rfc8037-ed25519-jose.json");
  const std::vector<uint8_t> seed =
      cam::testing::Hex(doc["A.1_private_key_hex"].get<std::string>());
  CAM_ASSERT_OK_AND_ASSIGN(JwtSigner signer,
                           JwtSigner::FromPrivateKey(JwsAlgorithm::kEdDSA, "rfc8037", seed));
  EXPECT_EQ(Base64UrlEncode(signer.public_key()), doc["A.1_private_key_jwk"]["x"]);
  const json& a4 = doc["A.4_signing"];
  CAM_ASSERT_OK_AND_ASSIGN(std::string jws,
                           signer.SignCompact(a4["protected_header_json"].get<std::string>(),
                                              a4["payload_utf8"].get<std::string>()));
  EXPECT_EQ(jws, a4["jws_compact"].get<std::string>());
}

TEST(JwkSetTest, Rfc8037A5ValidationAtTheJwsLayer) {
  const json doc =
      cam::testing::LoadJson(cam::testing::VectorsDir() / "rfc/rfc8037-ed25519-jose.json");
  CAM_ASSERT_OK_AND_ASSIGN(JwkSet set, JwkSet::Parse(SetOf(Rfc8037PublicJwk(doc))));
  const Jwk* key = set.Find("rfc8037");
  ASSERT_NE(key, nullptr);
  const json& a5 = doc["A.5_validation"];
  CAM_ASSERT_OK_AND_ASSIGN(CompactJws jws,
                           SplitCompactJws(a5["jws_compact"].get<std::string>(), 8192));
  EXPECT_EQ(jws.header_json, doc["A.4_signing"]["protected_header_json"].get<std::string>());
  EXPECT_EQ(jws.payload, a5["payload_utf8"].get<std::string>());
  CAM_EXPECT_OK(key->VerifySignature(jws.signing_input, jws.signature));

  // Any flipped bit in signing input or signature fails.
  std::string tampered_input = jws.signing_input;
  tampered_input[tampered_input.size() - 1] ^= 1;
  EXPECT_THAT(key->VerifySignature(tampered_input, jws.signature),
              HasReason("CAM_CRYPTO_VERIFY_FAILED"));
  std::vector<uint8_t> tampered_sig = jws.signature;
  tampered_sig[10] ^= 0x40;
  EXPECT_THAT(key->VerifySignature(jws.signing_input, tampered_sig),
              HasReason("CAM_CRYPTO_VERIFY_FAILED"));
}

TEST(JwkSetTest, Rfc7515A3Es256ValidationAtTheJwsLayer) {
  const json doc =
      cam::testing::LoadJson(cam::testing::VectorsDir() / "rfc/rfc7515-a3-es256-jws.json");
  json key = doc["jwk"];
  // The RFC's JWK includes the private `d`, which a verification set must refuse.
  key["kid"] = "a3";
  key["alg"] = "ES256";
  EXPECT_FALSE(JwkSet::Parse(SetOf(key)).ok());
  key.erase("d");
  CAM_ASSERT_OK_AND_ASSIGN(JwkSet set, JwkSet::Parse(SetOf(key)));
  CAM_ASSERT_OK_AND_ASSIGN(CompactJws jws,
                           SplitCompactJws(doc["jws_compact"].get<std::string>(), 8192));
  EXPECT_EQ(jws.signing_input, doc["signing_input"].get<std::string>());
  CAM_EXPECT_OK(set.Find("a3")->VerifySignature(jws.signing_input, jws.signature));
  jws.signature[0] ^= 1;
  EXPECT_FALSE(set.Find("a3")->VerifySignature(jws.signing_input, jws.signature).ok());
}

TEST(JwkSetTest, PublicExportRoundTripsEveryAlgorithm) {
  std::vector<JwtSigner> signers;
  for (auto [alg, kid] :
       {std::pair{JwsAlgorithm::kEdDSA, "ed"}, std::pair{JwsAlgorithm::kES256, "ec"},
        std::pair{JwsAlgorithm::kMlDsa65, "ml"}}) {
    CAM_ASSERT_OK_AND_ASSIGN(JwtSigner signer, JwtSigner::Generate(alg, kid));
    signers.push_back(std::move(signer));
  }
  std::vector<const JwtSigner*> pointers;
  for (const JwtSigner& s : signers) pointers.push_back(&s);
  const std::string text = JwtSigner::PublicJwkSetJson(pointers);
  CAM_ASSERT_OK_AND_ASSIGN(JwkSet set, JwkSet::Parse(text));
  ASSERT_EQ(set.size(), 3u);
  for (const JwtSigner& s : signers) {
    const Jwk* key = set.Find(s.kid());
    ASSERT_NE(key, nullptr);
    EXPECT_EQ(key->alg, s.alg());
    EXPECT_EQ(key->public_key, s.public_key());
    CAM_ASSERT_OK_AND_ASSIGN(std::vector<uint8_t> sig, s.Sign("hello"));
    CAM_EXPECT_OK(key->VerifySignature("hello", sig));
  }
  const json exported = json::parse(text);
  EXPECT_EQ(exported["keys"][2]["kty"], "AKP");
  EXPECT_EQ(exported["keys"][2]["alg"], "ML-DSA-65");
  EXPECT_EQ(Base64UrlDecode(exported["keys"][2]["pub"].get<std::string>())->size(), 1952u);
  // Re-export is stable.
  EXPECT_EQ(json::parse(set.ToPublicJson()), exported);
}

class JwkSetRejectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto signer = JwtSigner::Generate(JwsAlgorithm::kEdDSA, "k");
    ASSERT_TRUE(signer.ok());
    ed_ = json::parse(signer->PublicJwkJson());
    auto ec = JwtSigner::Generate(JwsAlgorithm::kES256, "e");
    ASSERT_TRUE(ec.ok());
    ec_ = json::parse(ec->PublicJwkJson());
  }
  json ed_;
  json ec_;
};

TEST_F(JwkSetRejectTest, AcceptsTheBaseKeys) {
  CAM_EXPECT_OK(JwkSet::Parse(SetOf(ed_)).status());
  CAM_EXPECT_OK(JwkSet::Parse(SetOf(ec_)).status());
}

TEST_F(JwkSetRejectTest, RejectsBadKeys) {
  std::vector<json> bad;
  json k = ed_;
  k.erase("kid");
  bad.push_back(k);
  k = ed_;
  k["kid"] = "";
  bad.push_back(k);
  k = ed_;
  k["kid"] = std::string(300, 'a');
  bad.push_back(k);
  k = ed_;
  k["kid"] = std::string("a\nb");
  bad.push_back(k);
  k = ed_;
  k.erase("alg");
  bad.push_back(k);
  k = ed_;
  k["alg"] = "ES256";
  bad.push_back(k);
  k = ed_;
  k["alg"] = "none";
  bad.push_back(k);
  k = ed_;
  k["alg"] = "eddsa";
  bad.push_back(k);
  k = ed_;
  k["crv"] = "Ed448";
  bad.push_back(k);
  k = ed_;
  k["d"] = k["x"];
  bad.push_back(k);
  k = ed_;
  k["priv"] = "AAAA";
  bad.push_back(k);
  k = ed_;
  k["use"] = "enc";
  bad.push_back(k);
  k = ed_;
  k["key_ops"] = json::array({"sign"});
  bad.push_back(k);
  k = ed_;
  k["x"] = "AAAA";
  bad.push_back(k);
  k = ed_;
  k["x"] = k["x"].get<std::string>() + "=";
  bad.push_back(k);
  k = ed_;
  k["kty"] = "RSA";
  bad.push_back(k);
  k = ed_;
  k["kty"] = 1;
  bad.push_back(k);
  k = ec_;
  k["alg"] = "EdDSA";
  bad.push_back(k);
  k = ec_;
  k["crv"] = "P-384";
  bad.push_back(k);
  k = ec_;
  k["y"] = k["x"];
  bad.push_back(k);  // (x, x) is not on the curve
  k = ec_;
  k.erase("y");
  bad.push_back(k);
  bad.push_back(json{{"kty", "AKP"}, {"alg", "ML-DSA-65"}, {"kid", "m"}, {"pub", "AAAA"}});
  bad.push_back(json{{"kty", "oct"},
                     {"alg", "HS256"},
                     {"kid", "o"},
                     {"k", Base64UrlEncode(std::string(16, 'k'))}});
  bad.push_back(json{{"kty", "oct"},
                     {"alg", "EdDSA"},
                     {"kid", "o"},
                     {"k", Base64UrlEncode(std::string(32, 'k'))}});
  for (const json& key : bad) {
    EXPECT_FALSE(JwkSet::Parse(SetOf(key)).ok()) << key.dump();
  }
}

TEST_F(JwkSetRejectTest, RejectsBadDocuments) {
  json other = ec_;
  other["kid"] = ed_["kid"];
  EXPECT_FALSE(JwkSet::Parse(json{{"keys", json::array({ed_, other})}}.dump()).ok());
  EXPECT_FALSE(JwkSet::Parse("{}").ok());
  EXPECT_FALSE(JwkSet::Parse(R"({"keys":{}})").ok());
  EXPECT_FALSE(JwkSet::Parse("[]").ok());
  const std::string dup = "{\"keys\":[" + ed_.dump() + "],\"keys\":[]}";
  EXPECT_FALSE(JwkSet::Parse(dup).ok());
  std::string dup_member = ed_.dump();
  dup_member.insert(1, "\"kid\":\"other\",");
  EXPECT_FALSE(JwkSet::Parse("{\"keys\":[" + dup_member + "]}").ok());
  json many = json::array();
  for (int i = 0; i < 70; ++i) {
    json k = ed_;
    k["kid"] = "k" + std::to_string(i);
    many.push_back(k);
  }
  EXPECT_FALSE(JwkSet::Parse(json{{"keys", many}}.dump()).ok());
}

TEST(JwkSetTest, OctKeyOnlyForExplicitHs256) {
  const std::string secret(32, 's');
  json key{{"kty", "oct"}, {"alg", "HS256"}, {"kid", "h"}, {"k", Base64UrlEncode(secret)}};
  CAM_ASSERT_OK_AND_ASSIGN(JwkSet set, JwkSet::Parse(SetOf(key)));
  EXPECT_TRUE(set.Find("h")->public_key.empty());
  EXPECT_EQ(set.Find("h")->secret.size(), 32u);
  // The public export leaves the secret out.
  EXPECT_EQ(json::parse(set.ToPublicJson())["keys"].size(), 0u);
  key.erase("alg");
  EXPECT_FALSE(JwkSet::Parse(SetOf(key)).ok());
}

TEST(JwkSetTest, FindComparesExactly) {
  auto signer = JwtSigner::Generate(JwsAlgorithm::kEdDSA, "Key-1");
  ASSERT_TRUE(signer.ok());
  CAM_ASSERT_OK_AND_ASSIGN(JwkSet set, JwkSet::Parse(SetOf(json::parse(signer->PublicJwkJson()))));
  EXPECT_NE(set.Find("Key-1"), nullptr);
  EXPECT_EQ(set.Find("key-1"), nullptr);
  EXPECT_EQ(set.Find("Key-1 "), nullptr);
  EXPECT_EQ(set.Find(std::string("Key-1\0", 6)), nullptr);
  EXPECT_EQ(set.Find(""), nullptr);
}

}  // namespace
}  // namespace cam::identity
