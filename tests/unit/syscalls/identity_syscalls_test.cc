// IdentitySyscalls handlers called directly with a resolved principal: TOTP enrolment,
// confirmation and reset, TokenIssue with a TOTP code, and certificate-bound tokens checked by
// the TokenCredentialVerifier that the envelope uses.
#include "syscalls/identity/identity_syscalls.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "envelope/stages/authorize_stage.h"
#include "identity/base32.h"
#include "identity/base64url.h"
#include "identity/jwk_set.h"
#include "identity/jwt_verifier.h"
#include "identity/totp.h"
#include "store/memory/memory_store.h"
#include "syscalls/identity/token_credential_verifier.h"
#include "tests/testing/status_matchers.h"

namespace cam::syscalls {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::IsOk;

constexpr char kInvalid[] = "CAM_AUTH_CREDENTIALS_INVALID";
constexpr absl::Duration kStep = absl::Seconds(30);

class IdentitySyscallsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.Set(absl::FromUnixSeconds(1'800'000'000));
    absl::StatusOr<identity::JwtSigner> signer =
        identity::JwtSigner::Generate(identity::JwsAlgorithm::kEdDSA, "k1");
    ASSERT_TRUE(signer.ok()) << signer.status();
    signer_ = std::make_unique<identity::JwtSigner>(*std::move(signer));
    const identity::JwtSigner* signers[] = {signer_.get()};
    absl::StatusOr<identity::JwkSet> keys =
        identity::JwkSet::Parse(identity::JwtSigner::PublicJwkSetJson(signers));
    ASSERT_TRUE(keys.ok()) << keys.status();
    absl::StatusOr<std::unique_ptr<identity::JwtVerifier>> verifier = identity::JwtVerifier::Create(
        {}, std::make_shared<identity::StaticJwkSetSource>(*std::move(keys)));
    ASSERT_TRUE(verifier.ok()) << verifier.status();
    verifier_ = *std::move(verifier);
    absl::StatusOr<std::unique_ptr<identity::ApiKeyStore>> api_keys =
        identity::ApiKeyStore::Open(&store_, base::SecureBuffer(32));
    ASSERT_TRUE(api_keys.ok());
    api_keys_ = *std::move(api_keys);
    base::SecureBuffer seal_key(32);
    seal_key.data()[0] = 7;
    absl::StatusOr<std::unique_ptr<identity::TotpEnrollmentStore>> totp =
        identity::TotpEnrollmentStore::Open(&store_, std::move(seal_key));
    ASSERT_TRUE(totp.ok());
    totp_ = *std::move(totp);
    syscalls_ = std::make_unique<IdentitySyscalls>(signer_.get(), nullptr, api_keys_.get(), &clock_,
                                                   IdentityConfig{}, totp_.get());
    credentials_ = std::make_unique<TokenCredentialVerifier>(verifier_.get(), api_keys_.get(),
                                                             &backoff_, &clock_);
  }

  // A call from an operator who presented an API key over `cert_digest`'s connection.
  static envelope::Call CallAs(std::string id, std::vector<std::string> factors = {"api_key"},
                               std::string cert_digest = std::string(32, 'A')) {
    envelope::Call call;
    call.request_id = "test";
    call.peer.address = "ipv4:10.0.0.1:5000";
    call.peer.certificate.present = true;
    call.peer.certificate.verified = true;
    call.peer.certificate.der_sha256 = std::move(cert_digest);
    call.principal = envelope::Principal{.id = std::move(id),
                                         .kind = envelope::PrincipalKind::kOperator,
                                         .tenant = "default",
                                         .scopes = {"identity"},
                                         .factors = std::move(factors)};
    return call;
  }

  // Enrolls and confirms `id`; returns the secret. Leaves the clock one step later.
  std::vector<uint8_t> EnrollActive(const std::string& id) {
    envelope::Call call = CallAs(id);
    absl::StatusOr<v1::TotpEnrollResponse> enrolled =
        syscalls_->TotpEnroll(call, v1::TotpEnrollRequest());
    EXPECT_TRUE(enrolled.ok()) << enrolled.status();
    if (!enrolled.ok()) return {};
    absl::StatusOr<std::vector<uint8_t>> secret = identity::Base32Decode(enrolled->secret_base32());
    EXPECT_TRUE(secret.ok());
    if (!secret.ok()) return {};
    v1::TotpConfirmRequest confirm;
    confirm.set_code(Code(*secret));
    EXPECT_THAT(syscalls_->TotpConfirm(call, confirm), IsOk());
    clock_.Advance(kStep);
    return *secret;
  }

  std::string Code(const std::vector<uint8_t>& secret, absl::Duration offset = {}) const {
    absl::StatusOr<std::string> code = identity::TotpCode(secret, clock_.Now() + offset);
    EXPECT_TRUE(code.ok());
    return code.ok() ? *code : "";
  }

  std::string WrongCode(const std::vector<uint8_t>& secret) const {
    for (int candidate = 0;; ++candidate) {
      std::string code = std::to_string(200000 + candidate);
      if (code != Code(secret, -kStep) && code != Code(secret) && code != Code(secret, kStep)) {
        return code;
      }
    }
  }

  absl::StatusOr<v1::TokenIssueResponse> IssueWithCode(const std::string& id,
                                                       const std::string& code) {
    envelope::Call call = CallAs(id);
    v1::TokenIssueRequest request;
    request.set_totp_code(code);
    return syscalls_->TokenIssue(call, request);
  }

  // The principal the envelope would resolve for `token` on a connection with `cert_digest`.
  absl::StatusOr<envelope::Principal> Present(const std::string& token,
                                              std::string cert_digest = std::string(32, 'A')) {
    envelope::Call call = CallAs("ignored", {}, std::move(cert_digest));
    call.principal.reset();
    return credentials_->VerifyBearerToken(token, call);
  }

  store::MemoryStore store_;
  base::FakeClock clock_{absl::FromUnixSeconds(1'800'000'000)};
  std::unique_ptr<identity::JwtSigner> signer_;
  std::unique_ptr<identity::JwtVerifier> verifier_;
  std::unique_ptr<identity::ApiKeyStore> api_keys_;
  std::unique_ptr<identity::TotpEnrollmentStore> totp_;
  std::unique_ptr<IdentitySyscalls> syscalls_;
  identity::AuthBackoff backoff_{{.max_failures = 1000}, &clock_};
  std::unique_ptr<TokenCredentialVerifier> credentials_;
};

TEST_F(IdentitySyscallsTest, EnrollReturnsTheSecretAndUri) {
  envelope::Call call = CallAs("op-1");
  CAM_ASSERT_OK_AND_ASSIGN(v1::TotpEnrollResponse enrolled,
                           syscalls_->TotpEnroll(call, v1::TotpEnrollRequest()));
  EXPECT_EQ(enrolled.secret_base32().size(), 32u);
  EXPECT_EQ(enrolled.otpauth_uri(), "otpauth://totp/camd:op-1?secret=" + enrolled.secret_base32() +
                                        "&issuer=camd&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(enrolled.digits(), 6);
  EXPECT_EQ(enrolled.period_seconds(), 30);
  EXPECT_TRUE(enrolled.has_confirm_before());
  EXPECT_EQ(call.audit.resource, "totp/op-1");
}

TEST_F(IdentitySyscallsTest, TokenWithAValidCodeCarriesTheTotpFactor) {
  const std::vector<uint8_t> secret = EnrollActive("op-1");
  CAM_ASSERT_OK_AND_ASSIGN(v1::TokenIssueResponse issued, IssueWithCode("op-1", Code(secret)));
  EXPECT_NE(std::find(issued.factors().begin(), issued.factors().end(), v1::AUTH_FACTOR_TOTP),
            issued.factors().end());
  EXPECT_NE(std::find(issued.factors().begin(), issued.factors().end(), v1::AUTH_FACTOR_API_KEY),
            issued.factors().end());
  CAM_ASSERT_OK_AND_ASSIGN(identity::VerifiedToken verified,
                           verifier_->Verify(issued.access_token(), clock_.Now()));
  EXPECT_NE(std::find(verified.claims.amr.begin(), verified.claims.amr.end(), "otp"),
            verified.claims.amr.end());
  // Presented later, the token is the two factors an operator action needs.
  CAM_ASSERT_OK_AND_ASSIGN(envelope::Principal principal, Present(issued.access_token()));
  EXPECT_TRUE(principal.has_factor("totp"));
  EXPECT_TRUE(envelope::HasTwoFactors(principal));

  // Without a code, the token is one factor only.
  envelope::Call call = CallAs("op-1");
  CAM_ASSERT_OK_AND_ASSIGN(v1::TokenIssueResponse plain,
                           syscalls_->TokenIssue(call, v1::TokenIssueRequest()));
  EXPECT_EQ(std::find(plain.factors().begin(), plain.factors().end(), v1::AUTH_FACTOR_TOTP),
            plain.factors().end());
  CAM_ASSERT_OK_AND_ASSIGN(principal, Present(plain.access_token()));
  EXPECT_FALSE(envelope::HasTwoFactors(principal));
}

TEST_F(IdentitySyscallsTest, EveryTotpRefusalIsTheSame) {
  const absl::Status not_enrolled = IssueWithCode("op-1", "123456").status();
  EXPECT_THAT(not_enrolled, HasReason(kInvalid));
  const std::vector<uint8_t> secret = EnrollActive("op-2");
  const absl::Status wrong = IssueWithCode("op-2", WrongCode(secret)).status();
  const std::string code = Code(secret);
  ASSERT_THAT(IssueWithCode("op-2", code), IsOk());
  const absl::Status replay = IssueWithCode("op-2", code).status();
  for (const absl::Status& s : {wrong, replay}) {
    EXPECT_THAT(s, HasReason(kInvalid));
    EXPECT_EQ(s.message(), not_enrolled.message());
  }
}

TEST_F(IdentitySyscallsTest, FiveWrongCodesLockTheOperatorOut) {
  const std::vector<uint8_t> secret = EnrollActive("op-1");
  for (int i = 0; i < 5; ++i) {
    EXPECT_THAT(IssueWithCode("op-1", WrongCode(secret)), HasReason(kInvalid));
  }
  clock_.Advance(kStep);
  const absl::Status locked = IssueWithCode("op-1", Code(secret)).status();
  EXPECT_THAT(locked, HasReason(kInvalid));
  clock_.Advance(absl::Minutes(15));
  EXPECT_THAT(IssueWithCode("op-1", Code(secret)), IsOk());
}

TEST_F(IdentitySyscallsTest, ACodeIsNotSpentByARequestRefusedForAnotherReason) {
  const std::vector<uint8_t> secret = EnrollActive("op-1");
  envelope::Call call = CallAs("op-1");
  v1::TokenIssueRequest request;
  request.set_totp_code(Code(secret));
  request.set_audience("elsewhere");
  EXPECT_THAT(syscalls_->TokenIssue(call, request), HasReason("CAM_VALIDATION_OUT_OF_RANGE"));
  EXPECT_THAT(IssueWithCode("op-1", Code(secret)), IsOk());
}

TEST_F(IdentitySyscallsTest, ATokenCannotEnrolOrConfirm) {
  envelope::Call call = CallAs("op-1", {"token"});
  EXPECT_THAT(syscalls_->TotpEnroll(call, v1::TotpEnrollRequest()), HasReason("CAM_AUTHZ_DENIED"));
  v1::TotpConfirmRequest confirm;
  confirm.set_code("123456");
  EXPECT_THAT(syscalls_->TotpConfirm(call, confirm), HasReason("CAM_AUTHZ_DENIED"));
  // Certificate plus token (same principal) is still a token caller.
  call = CallAs("op-1", {"mtls", "token"});
  EXPECT_THAT(syscalls_->TotpEnroll(call, v1::TotpEnrollRequest()), HasReason("CAM_AUTHZ_DENIED"));
  // A certificate alone may enrol.
  call = CallAs("op-1", {"mtls"});
  EXPECT_THAT(syscalls_->TotpEnroll(call, v1::TotpEnrollRequest()), IsOk());
}

TEST_F(IdentitySyscallsTest, ReEnrolmentNeedsTheCurrentCode) {
  const std::vector<uint8_t> secret = EnrollActive("op-1");
  envelope::Call call = CallAs("op-1");
  EXPECT_THAT(syscalls_->TotpEnroll(call, v1::TotpEnrollRequest()), HasReason(kInvalid));
  v1::TotpEnrollRequest request;
  request.set_current_code(Code(secret));
  EXPECT_THAT(syscalls_->TotpEnroll(call, request), IsOk());
}

TEST_F(IdentitySyscallsTest, ResetRemovesAnEnrolment) {
  const std::vector<uint8_t> secret = EnrollActive("op-1");
  envelope::Call admin = CallAs("admin", {"mtls", "token"});
  v1::TotpResetRequest reset;
  reset.set_principal_id("op-1");
  reset.set_principal_kind(v1::PRINCIPAL_KIND_OPERATOR);
  CAM_ASSERT_OK_AND_ASSIGN(v1::TotpResetResponse removed, syscalls_->TotpReset(admin, reset));
  EXPECT_TRUE(removed.removed());
  EXPECT_EQ(admin.audit.resource, "totp/op-1");
  EXPECT_THAT(IssueWithCode("op-1", Code(secret)), HasReason(kInvalid));
  CAM_ASSERT_OK_AND_ASSIGN(removed, syscalls_->TotpReset(admin, reset));
  EXPECT_FALSE(removed.removed());
  // The principal can enrol again without a code.
  envelope::Call call = CallAs("op-1");
  EXPECT_THAT(syscalls_->TotpEnroll(call, v1::TotpEnrollRequest()), IsOk());
}

TEST_F(IdentitySyscallsTest, WithoutAStoreTheTotpVerbsAreNotImplemented) {
  IdentitySyscalls bare(signer_.get(), nullptr, api_keys_.get(), &clock_, IdentityConfig{});
  envelope::Call call = CallAs("op-1");
  EXPECT_THAT(bare.TotpEnroll(call, v1::TotpEnrollRequest()), HasReason("CAM_NOT_IMPLEMENTED"));
  v1::TokenIssueRequest request;
  request.set_totp_code("123456");
  EXPECT_THAT(bare.TokenIssue(call, request), HasReason(kInvalid));
}

TEST_F(IdentitySyscallsTest, BoundTokenWorksOnlyWithItsCertificate) {
  const std::string mine(32, 'A');
  const std::string other(32, 'B');
  envelope::Call call = CallAs("op-1", {"api_key"}, mine);
  v1::TokenIssueRequest request;
  request.set_certificate_bound(true);
  CAM_ASSERT_OK_AND_ASSIGN(v1::TokenIssueResponse issued, syscalls_->TokenIssue(call, request));
  CAM_ASSERT_OK_AND_ASSIGN(identity::VerifiedToken verified,
                           verifier_->Verify(issued.access_token(), clock_.Now()));
  ASSERT_TRUE(verified.claims.cnf_x5t_s256.has_value());
  EXPECT_EQ(*verified.claims.cnf_x5t_s256, identity::Base64UrlEncode(mine));

  EXPECT_THAT(Present(issued.access_token(), mine), IsOk());
  const absl::Status wrong_cert = Present(issued.access_token(), other).status();
  EXPECT_THAT(wrong_cert, HasReason(kInvalid));
  EXPECT_THAT(Present(issued.access_token(), ""), HasReason(kInvalid));
  // Refused like any other unusable token.
  EXPECT_EQ(wrong_cert.code(), Present("not.a.token", mine).status().code());

  // An unbound token is not tied to a certificate.
  CAM_ASSERT_OK_AND_ASSIGN(v1::TokenIssueResponse unbound,
                           syscalls_->TokenIssue(call, v1::TokenIssueRequest()));
  EXPECT_THAT(Present(unbound.access_token(), other), IsOk());
}

TEST_F(IdentitySyscallsTest, BindingNeedsAVerifiedCertificate) {
  envelope::Call call = CallAs("op-1");
  call.peer.certificate.verified = false;
  v1::TokenIssueRequest request;
  request.set_certificate_bound(true);
  EXPECT_THAT(syscalls_->TokenIssue(call, request), HasReason("CAM_AUTH_CLIENT_CERT_REQUIRED"));
  call = CallAs("op-1", {"api_key"}, "short");
  EXPECT_THAT(syscalls_->TokenIssue(call, request), HasReason("CAM_AUTH_CLIENT_CERT_REQUIRED"));
}

TEST(CertificateBindingTest, MalformedBindingsAreRefused) {
  identity::TokenClaims claims;
  const std::string digest(32, 'Z');
  EXPECT_THAT(identity::CheckCertificateBinding(claims, ""), IsOk());
  claims.cnf_x5t_s256 = identity::Base64UrlEncode(digest);
  EXPECT_THAT(identity::CheckCertificateBinding(claims, digest), IsOk());
  claims.cnf_x5t_s256 = identity::Base64UrlEncode(digest) + "=";
  EXPECT_THAT(identity::CheckCertificateBinding(claims, digest), HasReason(kInvalid));
  claims.cnf_x5t_s256 = identity::Base64UrlEncode(digest.substr(1));
  EXPECT_THAT(identity::CheckCertificateBinding(claims, digest.substr(1)), HasReason(kInvalid));
}

}  // namespace
}  // namespace cam::syscalls
