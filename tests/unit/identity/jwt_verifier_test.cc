#include "identity/jwt_verifier.h"

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "base/reasons.h"
#include "crypto/primitives/hmac.h"
#include "identity/base64url.h"
#include "identity/jwt_signer.h"
#include "tests/testing/status_matchers.h"

namespace cam::identity {
namespace {

using ::cam::testing::HasReason;
using ::nlohmann::json;

constexpr char kInvalid[] = "CAM_AUTH_CREDENTIALS_INVALID";
constexpr char kExpired[] = "CAM_AUTH_TOKEN_EXPIRED";
constexpr char kNotYetValid[] = "CAM_AUTH_TOKEN_NOT_YET_VALID";

// A key source whose set tests can swap.
class SwappableSource final : public JwkSetSource {
 public:
  explicit SwappableSource(JwkSet set) : set_(std::make_shared<const JwkSet>(std::move(set))) {}
  std::shared_ptr<const JwkSet> Current() const override {
    absl::MutexLock lock(&mu_);
    return set_;
  }
  void Set(JwkSet set) {
    absl::MutexLock lock(&mu_);
    set_ = std::make_shared<const JwkSet>(std::move(set));
  }

 private:
  mutable absl::Mutex mu_;
  std::shared_ptr<const JwkSet> set_;
};

std::string Sign(const JwtSigner& signer, const json& header, const json& payload) {
  auto token = signer.SignCompact(header.dump(), payload.dump());
  EXPECT_TRUE(token.ok());
  return token.ok() ? *token : "";
}

std::string JoinParts(const std::string& h, const std::string& p, const std::string& s) {
  return h + "." + p + "." + s;
}

class JwtVerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto [alg, kid] :
         {std::pair{JwsAlgorithm::kEdDSA, "ed-1"}, std::pair{JwsAlgorithm::kES256, "ec-1"},
          std::pair{JwsAlgorithm::kMlDsa65, "ml-1"}}) {
      auto signer = JwtSigner::Generate(alg, kid);
      ASSERT_TRUE(signer.ok());
      signers_.push_back(std::make_unique<JwtSigner>(*std::move(signer)));
    }
    std::vector<const JwtSigner*> pointers;
    for (const auto& s : signers_) pointers.push_back(s.get());
    auto set = JwkSet::Parse(JwtSigner::PublicJwkSetJson(pointers));
    ASSERT_TRUE(set.ok()) << set.status();
    source_ = std::make_shared<SwappableSource>(*std::move(set));
    verifier_ = MakeVerifier({});
  }

  std::unique_ptr<JwtVerifier> MakeVerifier(JwtVerifierConfig config) {
    auto v = JwtVerifier::Create(std::move(config), source_);
    EXPECT_TRUE(v.ok());
    return v.ok() ? *std::move(v) : nullptr;
  }

  const JwtSigner& ed() const { return *signers_[0]; }
  const JwtSigner& ec() const { return *signers_[1]; }
  const JwtSigner& ml() const { return *signers_[2]; }

  json Header(const JwtSigner& s) const {
    return {{"alg", std::string(JwsAlgorithmName(s.alg()))}, {"typ", "at+jwt"}, {"kid", s.kid()}};
  }
  json Claims() const {
    const int64_t t = absl::ToUnixSeconds(now_);
    return {
        {"iss", "camd"}, {"aud", "cam-api"}, {"sub", "agent-7"}, {"iat", t},
        {"nbf", t},      {"exp", t + 900},   {"jti", "j1"},      {"scope", "memory.read memory"}};
  }
  absl::Status Check(const std::string& token) const {
    return verifier_->Verify(token, now_).status();
  }

  absl::Time now_ = absl::FromUnixSeconds(1'800'000'000);
  std::vector<std::unique_ptr<JwtSigner>> signers_;
  std::shared_ptr<SwappableSource> source_;
  std::unique_ptr<JwtVerifier> verifier_;
};

TEST_F(JwtVerifierTest, RoundTripEveryAlgorithmThroughIssue) {
  for (const JwtSigner* signer : {&ed(), &ec(), &ml()}) {
    TokenToIssue request{.subject = "agent-7",
                         .scopes = {"memory.read", "memory.write"},
                         .amr = {"mtls", "otp"},
                         .tenant = "acme",
                         .kind = "operator",
                         .cnf_x5t_s256 = "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"};
    CAM_ASSERT_OK_AND_ASSIGN(IssuedToken issued, signer->Issue(request, now_));
    EXPECT_EQ(issued.kid, signer->kid());
    EXPECT_EQ(issued.expire_time, now_ + absl::Minutes(15));
    CAM_ASSERT_OK_AND_ASSIGN(VerifiedToken v, verifier_->Verify(issued.token, now_));
    EXPECT_EQ(v.header.alg, JwsAlgorithmName(signer->alg()));
    EXPECT_EQ(v.header.kid, signer->kid());
    EXPECT_EQ(v.header.typ, "at+jwt");
    EXPECT_EQ(v.claims.sub, "agent-7");
    EXPECT_EQ(v.claims.iss, "camd");
    EXPECT_EQ(v.claims.aud, std::vector<std::string>{"cam-api"});
    EXPECT_EQ(v.claims.exp, issued.expire_time);
    EXPECT_EQ(v.claims.iat, now_);
    EXPECT_EQ(v.claims.nbf, now_);
    EXPECT_EQ(v.claims.jti, issued.jti);
    EXPECT_EQ(Base64UrlDecode(issued.jti)->size(), 16u);
    EXPECT_EQ(v.claims.scopes, (std::vector<std::string>{"memory.read", "memory.write"}));
    EXPECT_EQ(v.claims.amr, (std::vector<std::string>{"mtls", "otp"}));
    EXPECT_EQ(v.claims.tenant, "acme");
    EXPECT_EQ(v.claims.kind, "operator");
    EXPECT_EQ(v.claims.cnf_x5t_s256, request.cnf_x5t_s256);
  }
}

TEST_F(JwtVerifierTest, JtiIsFreshEachTime) {
  CAM_ASSERT_OK_AND_ASSIGN(IssuedToken a, ed().Issue({.subject = "s"}, now_));
  CAM_ASSERT_OK_AND_ASSIGN(IssuedToken b, ed().Issue({.subject = "s"}, now_));
  EXPECT_NE(a.jti, b.jti);
  EXPECT_NE(a.token, b.token);
}

TEST_F(JwtVerifierTest, AcceptsHandBuiltTokenVariants) {
  json claims = Claims();
  claims["aud"] = json::array({"other", "cam-api"});
  CAM_EXPECT_OK(Check(Sign(ed(), Header(ed()), claims)));
  json header = Header(ed());
  header["typ"] = "application/AT+JWT";
  CAM_EXPECT_OK(Check(Sign(ed(), header, Claims())));
  claims = Claims();
  claims.erase("scope");
  claims["scopes"] = json::array({"a", "b"});
  CAM_ASSERT_OK_AND_ASSIGN(VerifiedToken v,
                           verifier_->Verify(Sign(ed(), Header(ed()), claims), now_));
  EXPECT_EQ(v.claims.scopes, (std::vector<std::string>{"a", "b"}));
  // Fractional NumericDates are allowed (RFC 7519 section 2).
  claims = Claims();
  claims["exp"] = absl::ToUnixSeconds(now_) + 10.5;
  CAM_EXPECT_OK(Check(Sign(ed(), Header(ed()), claims)));
}

TEST_F(JwtVerifierTest, AlgNone) {
  json header = Header(ed());
  header["alg"] = "none";
  const std::string h = Base64UrlEncode(header.dump());
  const std::string p = Base64UrlEncode(Claims().dump());
  EXPECT_THAT(Check(JoinParts(h, p, "")), HasReason(kInvalid));
  // Even with a real signature attached.
  const std::string signed_token = Sign(ed(), header, Claims());
  EXPECT_THAT(Check(signed_token), HasReason(kInvalid));
  header["alg"] = "None";
  EXPECT_THAT(Check(Sign(ed(), header, Claims())), HasReason(kInvalid));
}

TEST_F(JwtVerifierTest, Hs256WithPublicKeyBytesAsSecret) {
  for (const JwtSigner* signer : {&ed(), &ec(), &ml()}) {
    json header = Header(*signer);
    header["alg"] = "HS256";
    const std::string input =
        Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(Claims().dump());
    auto tag = crypto::HmacSha256(
        signer->public_key(),
        std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(input.data()), input.size()));
    ASSERT_TRUE(tag.ok());
    EXPECT_THAT(Check(input + "." + Base64UrlEncode(*tag)), HasReason(kInvalid)) << signer->kid();
    // The same with the public JWK text as the secret.
    const std::string jwk = signer->PublicJwkJson();
    tag = crypto::HmacSha256(
        std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(jwk.data()), jwk.size()),
        std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(input.data()), input.size()));
    ASSERT_TRUE(tag.ok());
    EXPECT_THAT(Check(input + "." + Base64UrlEncode(*tag)), HasReason(kInvalid));
  }
}

TEST_F(JwtVerifierTest, Hs256WorksOnlyWithAnExplicitOctKey) {
  const std::string secret(32, 'z');
  json set{
      {"keys",
       json::array(
           {{{"kty", "oct"}, {"alg", "HS256"}, {"kid", "h"}, {"k", Base64UrlEncode(secret)}}})}};
  auto parsed = JwkSet::Parse(set.dump());
  ASSERT_TRUE(parsed.ok());
  source_->Set(*std::move(parsed));
  json header{{"alg", "HS256"}, {"typ", "at+jwt"}, {"kid", "h"}};
  const std::string input = Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(Claims().dump());
  auto tag = crypto::HmacSha256(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(secret.data()), secret.size()),
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(input.data()), input.size()));
  ASSERT_TRUE(tag.ok());
  CAM_EXPECT_OK(Check(input + "." + Base64UrlEncode(*tag)));
  (*tag)[0] ^= 1;
  EXPECT_THAT(Check(input + "." + Base64UrlEncode(*tag)), HasReason(kInvalid));
}

TEST_F(JwtVerifierTest, AlgMismatchWithKey) {
  // Ed25519 signature, header claiming another algorithm for the Ed25519 kid.
  for (const char* alg : {"ES256", "ML-DSA-65", "HS256", "EdDSA "}) {
    json header = Header(ed());
    header["alg"] = alg;
    EXPECT_THAT(Check(Sign(ed(), header, Claims())), HasReason(kInvalid)) << alg;
  }
  // Right algorithm name, but the kid of a key with a different alg.
  json header = Header(ed());
  header["kid"] = ec().kid();
  EXPECT_THAT(Check(Sign(ed(), header, Claims())), HasReason(kInvalid));
  header = Header(ec());
  header["kid"] = ml().kid();
  EXPECT_THAT(Check(Sign(ec(), header, Claims())), HasReason(kInvalid));
}

TEST_F(JwtVerifierTest, Expired) {
  json claims = Claims();
  claims["exp"] = absl::ToUnixSeconds(now_) - 31;
  EXPECT_THAT(Check(Sign(ed(), Header(ed()), claims)), HasReason(kExpired));
  claims["exp"] = absl::ToUnixSeconds(now_) - 29;  // inside the 30 s leeway
  CAM_EXPECT_OK(Check(Sign(ed(), Header(ed()), claims)));
  claims.erase("exp");
  EXPECT_THAT(Check(Sign(ed(), Header(ed()), claims)), HasReason(kInvalid));
  claims["exp"] = "1800000900";
  EXPECT_THAT(Check(Sign(ed(), Header(ed()), claims)), HasReason(kInvalid));
  claims["exp"] = true;
  EXPECT_THAT(Check(Sign(ed(), Header(ed()), claims)), HasReason(kInvalid));
  claims["exp"] = 1e300;
  EXPECT_THAT(Check(Sign(ed(), Header(ed()), claims)), HasReason(kInvalid));
  claims["exp"] = -5;
  EXPECT_THAT(Check(Sign(ed(), Header(ed()), claims)), HasReason(kInvalid));
}

TEST_F(JwtVerifierTest, ExpiredIsOnlyReportedForAValidSignature) {
  json claims = Claims();
  claims["exp"] = absl::ToUnixSeconds(now_) - 3600;
  std::string token = Sign(ed(), Header(ed()), claims);
  token[token.size() - 5] = token[token.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_THAT(Check(token), HasReason(kInvalid));
}

TEST_F(JwtVerifierTest, NotYetValid) {
  json claims = Claims();
  claims["nbf"] = absl::ToUnixSeconds(now_) + 60;
  EXPECT_THAT(Check(Sign(ed(), Header(ed()), claims)), HasReason(kNotYetValid));
  claims["nbf"] = absl::ToUnixSeconds(now_) + 20;
  CAM_EXPECT_OK(Check(Sign(ed(), Header(ed()), claims)));
}

TEST_F(JwtVerifierTest, IssuedInTheFuture) {
  json claims = Claims();
  claims.erase("nbf");
  claims["iat"] = absl::ToUnixSeconds(now_) + 120;
  EXPECT_THAT(Check(Sign(ed(), Header(ed()), claims)), HasReason(kNotYetValid));
  claims["iat"] = absl::ToUnixSeconds(now_) + 25;
  CAM_EXPECT_OK(Check(Sign(ed(), Header(ed()), claims)));
}

TEST_F(JwtVerifierTest, WrongOrMissingIssuer) {
  json claims = Claims();
  claims["iss"] = "evil";
  EXPECT_THAT(Check(Sign(ed(), Header(ed()), claims)), HasReason(kInvalid));
  claims["iss"] = "CAMD";
  EXPECT_THAT(Check(Sign(ed(), Header(ed()), claims)), HasReason(kInvalid));
  claims["iss"] = json::array({"camd"});
  EXPECT_THAT(Check(Sign(ed(), Header(ed()), claims)), HasReason(kInvalid));
  claims.erase("iss");
  EXPECT_THAT(Check(Sign(ed(), Header(ed()), claims)), HasReason(kInvalid));
}

TEST_F(JwtVerifierTest, WrongOrMissingAudience) {
  json claims = Claims();
  claims["aud"] = "other-api";
  EXPECT_THAT(Check(Sign(ed(), Header(ed()), claims)), HasReason(kInvalid));
  claims["aud"] = json::array({"a", "b"});
  EXPECT_THAT(Check(Sign(ed(), Header(ed()), claims)), HasReason(kInvalid));
  claims["aud"] = json::array();
  EXPECT_THAT(Check(Sign(ed(), Header(ed()), claims)), HasReason(kInvalid));
  claims["aud"] = json::array({"cam-api", 7});
  EXPECT_THAT(Check(Sign(ed(), Header(ed()), claims)), HasReason(kInvalid));
  claims.erase("aud");
  EXPECT_THAT(Check(Sign(ed(), Header(ed()), claims)), HasReason(kInvalid));
}

TEST_F(JwtVerifierTest, MissingSubject) {
  json claims = Claims();
  claims.erase("sub");
  EXPECT_THAT(Check(Sign(ed(), Header(ed()), claims)), HasReason(kInvalid));
  claims["sub"] = "";
  EXPECT_THAT(Check(Sign(ed(), Header(ed()), claims)), HasReason(kInvalid));
}

TEST_F(JwtVerifierTest, TamperedParts) {
  for (const JwtSigner* signer : {&ed(), &ec(), &ml()}) {
    const std::string token = Sign(*signer, Header(*signer), Claims());
    CAM_ASSERT_OK(Check(token));
    const size_t dot1 = token.find('.');
    const size_t dot2 = token.find('.', dot1 + 1);

    // Re-encoded header with one more member; payload with a changed claim; signature bit flip.
    json header = Header(*signer);
    header["x"] = 1;
    EXPECT_THAT(Check(Base64UrlEncode(header.dump()) + token.substr(dot1)), HasReason(kInvalid));
    json claims = Claims();
    claims["sub"] = "admin";
    EXPECT_THAT(
        Check(token.substr(0, dot1 + 1) + Base64UrlEncode(claims.dump()) + token.substr(dot2)),
        HasReason(kInvalid));
    auto sig = Base64UrlDecode(token.substr(dot2 + 1));
    ASSERT_TRUE(sig.ok());
    (*sig)[sig->size() / 2] ^= 0x01;
    EXPECT_THAT(Check(token.substr(0, dot2 + 1) + Base64UrlEncode(*sig)), HasReason(kInvalid));
    // Truncated and extended signatures.
    sig = Base64UrlDecode(token.substr(dot2 + 1));
    sig->pop_back();
    EXPECT_THAT(Check(token.substr(0, dot2 + 1) + Base64UrlEncode(*sig)), HasReason(kInvalid));
    sig->push_back(0);
    sig->push_back(0);
    EXPECT_THAT(Check(token.substr(0, dot2 + 1) + Base64UrlEncode(*sig)), HasReason(kInvalid));
  }
}

TEST_F(JwtVerifierTest, UnknownAndHostileKidsLookLikeABadSignature) {
  // The reference: a bad signature for a kid that exists.
  std::string good = Sign(ed(), Header(ed()), Claims());
  auto sig = Base64UrlDecode(good.substr(good.rfind('.') + 1));
  (*sig)[0] ^= 1;
  const absl::Status bad_signature =
      Check(good.substr(0, good.rfind('.') + 1) + Base64UrlEncode(*sig));
  ASSERT_THAT(bad_signature, HasReason(kInvalid));

  for (const std::string& kid :
       {std::string("unknown"), std::string("../../etc/passwd"), std::string(300, 'k'),
        std::string("ed-1\0", 5), std::string("ed-1 "), std::string("ED-1"),
        std::string("https://evil.example/jwks.json"), std::string("' OR 1=1 --"),
        std::string("")}) {
    json header = Header(ed());
    header["kid"] = kid;
    const absl::Status status = Check(Sign(ed(), header, Claims()));
    EXPECT_THAT(status, HasReason(kInvalid)) << kid;
    EXPECT_EQ(status.message(), bad_signature.message()) << kid;
    EXPECT_EQ(status.code(), bad_signature.code());
  }
  // Algorithm mismatch also reads the same.
  json header = Header(ed());
  header["alg"] = "ES256";
  EXPECT_EQ(Check(Sign(ed(), header, Claims())).message(), bad_signature.message());
}

TEST_F(JwtVerifierTest, KidMustBePresentAndAString) {
  json header = Header(ed());
  header.erase("kid");
  EXPECT_THAT(Check(Sign(ed(), header, Claims())), HasReason(kInvalid));
  header["kid"] = 1;
  EXPECT_THAT(Check(Sign(ed(), header, Claims())), HasReason(kInvalid));
  header["kid"] = json::array({"ed-1"});
  EXPECT_THAT(Check(Sign(ed(), header, Claims())), HasReason(kInvalid));
}

TEST_F(JwtVerifierTest, KeyLocationHeadersAreRefused) {
  const json jwk = json::parse(ed().PublicJwkJson());
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, json>>{{"jku", "https://evil.example/jwks"},
                                                 {"x5u", "https://evil.example/cert.pem"},
                                                 {"jwk", jwk},
                                                 {"x5c", json::array({"MIIB"})},
                                                 {"b64", false}}) {
    json header = Header(ed());
    header[name] = value;
    EXPECT_THAT(Check(Sign(ed(), header, Claims())), HasReason(kInvalid)) << name;
  }
}

TEST_F(JwtVerifierTest, CritHandling) {
  json header = Header(ed());
  header["crit"] = json::array({"exp"});
  header["exp"] = 1;
  EXPECT_THAT(Check(Sign(ed(), header, Claims())), HasReason(kInvalid));
  header = Header(ed());
  header["crit"] = json::array({"cam-ext"});
  header["cam-ext"] = true;
  EXPECT_THAT(Check(Sign(ed(), header, Claims())), HasReason(kInvalid));
  header["crit"] = json::array();
  EXPECT_THAT(Check(Sign(ed(), header, Claims())), HasReason(kInvalid));
  header["crit"] = "cam-ext";
  EXPECT_THAT(Check(Sign(ed(), header, Claims())), HasReason(kInvalid));

  // A deployment that implements the extension accepts it, but only when the header is present.
  auto understanding = MakeVerifier({.understood_critical_headers = {"cam-ext"}});
  header["crit"] = json::array({"cam-ext"});
  CAM_EXPECT_OK(understanding->Verify(Sign(ed(), header, Claims()), now_).status());
  header.erase("cam-ext");
  EXPECT_THAT(understanding->Verify(Sign(ed(), header, Claims()), now_), HasReason(kInvalid));
  header["cam-ext"] = true;
  header["crit"] = json::array({"cam-ext", "cam-ext"});
  EXPECT_THAT(understanding->Verify(Sign(ed(), header, Claims()), now_), HasReason(kInvalid));
}

TEST_F(JwtVerifierTest, DuplicateJsonKeys) {
  const std::string claims = Claims().dump();
  // Header: the second "alg" would win in many parsers.
  const std::string dup_header = R"({"alg":"EdDSA","typ":"at+jwt","kid":"ed-1","alg":"EdDSA"})";
  auto token = ed().SignCompact(dup_header, claims);
  ASSERT_TRUE(token.ok());
  EXPECT_THAT(Check(*token), HasReason(kInvalid));
  // Payload: validly signed, but "sub" appears twice.
  std::string dup_claims = claims;
  dup_claims.insert(1, R"("sub":"admin",)");
  token = ed().SignCompact(Header(ed()).dump(), dup_claims);
  ASSERT_TRUE(token.ok());
  EXPECT_THAT(Check(*token), HasReason(kInvalid));
  // Nested duplicate inside cnf.
  std::string nested = claims;
  nested.insert(1, R"("cnf":{"x5t#S256":"a","x5t#S256":"b"},)");
  token = ed().SignCompact(Header(ed()).dump(), nested);
  ASSERT_TRUE(token.ok());
  EXPECT_THAT(Check(*token), HasReason(kInvalid));
}

TEST_F(JwtVerifierTest, BadBase64Url) {
  const std::string token = Sign(ed(), Header(ed()), Claims());
  const size_t dot1 = token.find('.');
  const size_t dot2 = token.find('.', dot1 + 1);
  // Padding on a part.
  EXPECT_THAT(Check(token.substr(0, dot1) + "=" + token.substr(dot1)), HasReason(kInvalid));
  EXPECT_THAT(Check(token + "="), HasReason(kInvalid));
  // Standard-alphabet characters.
  std::string plus = token;
  plus[dot1 + 3] = '+';
  EXPECT_THAT(Check(plus), HasReason(kInvalid));
  std::string slash = token;
  slash[dot2 + 3] = '/';
  EXPECT_THAT(Check(slash), HasReason(kInvalid));
  // Whitespace.
  EXPECT_THAT(Check(" " + token), HasReason(kInvalid));
  EXPECT_THAT(Check(token + "\n"), HasReason(kInvalid));
  // The base64 (not url) encoding of a header with '/' or '+' characters.
  EXPECT_THAT(Check("eyJ/" + token.substr(4)), HasReason(kInvalid));
}

TEST_F(JwtVerifierTest, Oversized) {
  json claims = Claims();
  claims["pad"] = std::string(9000, 'p');
  EXPECT_THAT(Check(Sign(ed(), Header(ed()), claims)), HasReason(kInvalid));
  EXPECT_THAT(Check(std::string(100000, 'a')), HasReason(kInvalid));
  // ML-DSA-65 tokens (3309-byte signatures) fit the default limit.
  CAM_EXPECT_OK(Check(Sign(ml(), Header(ml()), Claims())));
}

TEST_F(JwtVerifierTest, WrongOrMissingTyp) {
  for (const json& typ : {json("JWT"), json("jwt"), json("at+jwt2"), json("application/jwt"),
                          json(""), json(1), json::array({"at+jwt"})}) {
    json header = Header(ed());
    header["typ"] = typ;
    EXPECT_THAT(Check(Sign(ed(), header, Claims())), HasReason(kInvalid)) << typ.dump();
  }
  json header = Header(ed());
  header.erase("typ");
  EXPECT_THAT(Check(Sign(ed(), header, Claims())), HasReason(kInvalid));
}

TEST_F(JwtVerifierTest, PartCount) {
  const std::string token = Sign(ed(), Header(ed()), Claims());
  const size_t dot2 = token.rfind('.');
  EXPECT_THAT(Check(token.substr(0, dot2)), HasReason(kInvalid));
  EXPECT_THAT(Check(token + ".AAAA"), HasReason(kInvalid));
  EXPECT_THAT(Check(token + "."), HasReason(kInvalid));
  EXPECT_THAT(Check(""), HasReason(kInvalid));
  EXPECT_THAT(Check(".."), HasReason(kInvalid));
  EXPECT_THAT(Check("abc"), HasReason(kInvalid));
}

TEST_F(JwtVerifierTest, MalformedHeaderAndPayloadJson) {
  for (const std::string& header : {std::string("[]"), std::string("{"), std::string("null"),
                                    std::string("{\"alg\":\"EdDSA\"} trailing")}) {
    auto token = ed().SignCompact(header, Claims().dump());
    ASSERT_TRUE(token.ok());
    EXPECT_THAT(Check(*token), HasReason(kInvalid)) << header;
  }
  for (const std::string& payload :
       {std::string("[]"), std::string("not json"), std::string("{\"sub\":\"\xff\"}")}) {
    auto token = ed().SignCompact(Header(ed()).dump(), payload);
    ASSERT_TRUE(token.ok());
    EXPECT_THAT(Check(*token), HasReason(kInvalid)) << payload;
  }
}

TEST_F(JwtVerifierTest, ClaimTypesAreChecked) {
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, json>>{{"scope", json::array({"a"})},
                                                 {"scopes", "a b"},
                                                 {"amr", "otp"},
                                                 {"tenant", 5},
                                                 {"kind", "root"},
                                                 {"jti", 9},
                                                 {"nbf", "now"},
                                                 {"cnf", json{{"jkt", "abc"}}},
                                                 {"cnf", json{{"x5t#S256", "a"}, {"jkt", "b"}}},
                                                 {"cnf", "x"}}) {
    json claims = Claims();
    claims[name] = value;
    EXPECT_THAT(Check(Sign(ed(), Header(ed()), claims)), HasReason(kInvalid)) << name;
  }
  json both = Claims();
  both["scopes"] = json::array({"a"});
  EXPECT_THAT(Check(Sign(ed(), Header(ed()), both)), HasReason(kInvalid));
}

TEST_F(JwtVerifierTest, CacheRemembersAndStillChecksTime) {
  const std::string token = Sign(ed(), Header(ed()), Claims());
  CAM_ASSERT_OK(Check(token));
  EXPECT_EQ(verifier_->cache_size(), 1u);
  CAM_ASSERT_OK(Check(token));
  EXPECT_EQ(verifier_->cache_size(), 1u);
  // A cached token still expires.
  EXPECT_THAT(verifier_->Verify(token, now_ + absl::Minutes(20)), HasReason(kExpired));
  // Failures are not cached.
  EXPECT_THAT(Check(token + "A"), HasReason(kInvalid));
  EXPECT_EQ(verifier_->cache_size(), 1u);
}

TEST_F(JwtVerifierTest, CacheDropsTokensWhenTheKeySetChanges) {
  const std::string token = Sign(ed(), Header(ed()), Claims());
  CAM_ASSERT_OK(Check(token));
  // Rotate the ed-1 key out of the set: the cached success must not survive.
  const JwtSigner* remaining[] = {&ec()};
  auto set = JwkSet::Parse(JwtSigner::PublicJwkSetJson(remaining));
  ASSERT_TRUE(set.ok());
  source_->Set(*std::move(set));
  EXPECT_THAT(Check(token), HasReason(kInvalid));
}

TEST_F(JwtVerifierTest, CacheIsBounded) {
  auto small = MakeVerifier({.cache_capacity = 4});
  for (int i = 0; i < 20; ++i) {
    json claims = Claims();
    claims["jti"] = "j" + std::to_string(i);
    CAM_ASSERT_OK(small->Verify(Sign(ed(), Header(ed()), claims), now_).status());
    EXPECT_LE(small->cache_size(), 4u);
  }
  auto none = MakeVerifier({.cache_capacity = 0});
  CAM_ASSERT_OK(none->Verify(Sign(ed(), Header(ed()), Claims()), now_).status());
  EXPECT_EQ(none->cache_size(), 0u);
}

TEST_F(JwtVerifierTest, ConfigIsChecked) {
  EXPECT_FALSE(JwtVerifier::Create({.issuer = ""}, source_).ok());
  EXPECT_FALSE(JwtVerifier::Create({.audiences = {}}, source_).ok());
  EXPECT_FALSE(JwtVerifier::Create({.leeway = absl::Hours(1)}, source_).ok());
  EXPECT_FALSE(JwtVerifier::Create({.max_token_bytes = 10}, source_).ok());
  EXPECT_FALSE(JwtVerifier::Create({}, nullptr).ok());
}

TEST_F(JwtVerifierTest, ConfiguredIssuerAudienceAndLeeway) {
  auto custom = MakeVerifier({.issuer = "https://id.example",
                              .audiences = {"svc-a", "svc-b"},
                              .leeway = absl::ZeroDuration()});
  json claims = Claims();
  claims["iss"] = "https://id.example";
  claims["aud"] = "svc-b";
  CAM_EXPECT_OK(custom->Verify(Sign(ed(), Header(ed()), claims), now_).status());
  claims["exp"] = absl::ToUnixSeconds(now_);
  EXPECT_THAT(custom->Verify(Sign(ed(), Header(ed()), claims), now_), HasReason(kExpired));
  EXPECT_THAT(custom->Verify(Sign(ed(), Header(ed()), Claims()), now_), HasReason(kInvalid));
}

}  // namespace
}  // namespace cam::identity
