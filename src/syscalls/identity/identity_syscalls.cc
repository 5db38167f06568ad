#include "syscalls/identity/identity_syscalls.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>

#include "base/reasons.h"
#include "base/status_macros.h"
#include "identity/base64url.h"
#include "syscalls/identity/token_credential_verifier.h"

namespace cam::syscalls {
namespace {

using envelope::Call;
using envelope::Principal;
using google::protobuf::util::TimeUtil;

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  return TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(time));
}

v1::PrincipalKind KindToProto(envelope::PrincipalKind kind) {
  switch (kind) {
    case envelope::PrincipalKind::kOperator:
      return v1::PRINCIPAL_KIND_OPERATOR;
    case envelope::PrincipalKind::kService:
      return v1::PRINCIPAL_KIND_SERVICE;
    default:
      return v1::PRINCIPAL_KIND_AGENT;
  }
}

v1::AuthFactor FactorToProto(std::string_view factor) {
  if (factor == "mtls") return v1::AUTH_FACTOR_MTLS;
  if (factor == "token") return v1::AUTH_FACTOR_TOKEN;
  if (factor == "api_key") return v1::AUTH_FACTOR_API_KEY;
  if (factor == "totp") return v1::AUTH_FACTOR_TOTP;
  return v1::AUTH_FACTOR_UNSPECIFIED;
}

v1::ApiKeyState StateToProto(identity::ApiKeyState state) {
  switch (state) {
    case identity::ApiKeyState::kActive:
      return v1::API_KEY_STATE_ACTIVE;
    case identity::ApiKeyState::kGrace:
      return v1::API_KEY_STATE_GRACE;
    case identity::ApiKeyState::kRevoked:
      return v1::API_KEY_STATE_REVOKED;
    case identity::ApiKeyState::kExpired:
      return v1::API_KEY_STATE_EXPIRED;
  }
  return v1::API_KEY_STATE_UNSPECIFIED;
}

v1::ApiKeyInfo InfoToProto(const identity::ApiKeyInfo& info) {
  v1::ApiKeyInfo out;
  out.set_key_id(info.key_id);
  out.set_name(info.name);
  out.set_principal_id(info.principal_id);
  out.set_principal_kind(
      KindToProto(KindFromName(info.principal_kind).value_or(envelope::PrincipalKind::kAgent)));
  out.set_tenant(info.tenant);
  for (const std::string& scope : info.scopes) out.add_scopes(scope);
  *out.mutable_create_time() = ToTimestamp(info.create_time);
  if (info.expire_time.has_value()) *out.mutable_expire_time() = ToTimestamp(*info.expire_time);
  if (info.last_used_time.has_value())
    *out.mutable_last_used_time() = ToTimestamp(*info.last_used_time);
  out.set_state(StateToProto(info.state));
  if (info.grace_expire_time.has_value()) {
    *out.mutable_grace_expire_time() = ToTimestamp(*info.grace_expire_time);
  }
  out.set_replaced_by_key_id(info.replaced_by_key_id);
  out.set_created_by(info.created_by);
  return out;
}

std::string KindName(v1::PrincipalKind kind) {
  switch (kind) {
    case v1::PRINCIPAL_KIND_OPERATOR:
      return "operator";
    case v1::PRINCIPAL_KIND_SERVICE:
      return "service";
    default:
      return "agent";
  }
}

// Whether `wanted` lies within `held` (a scope covers itself and, for a family, its actions).
bool ScopeWithin(const std::string& wanted, const std::vector<std::string>& held) {
  for (const std::string& scope : held) {
    if (scope == wanted || wanted.starts_with(scope + ".")) return true;
  }
  return false;
}

// The TOTP enrolment a principal owns.
identity::TotpPrincipal TotpPrincipalOf(const Principal& principal) {
  return {.tenant = principal.tenant,
          .kind = std::string(envelope::PrincipalKindName(principal.kind)),
          .id = principal.id};
}

// TokenIssue and TOTP enrolment need a credential that is not itself a token: a stolen token
// must not be able to extend itself or (re)enrol a second factor.
absl::Status RefuseTokenCaller(const Principal& principal, std::string_view what) {
  if (principal.has_factor("token")) {
    return base::Error(base::Reason::kAuthzDenied,
                       std::string(what) + " needs an API key or a client certificate");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status IdentitySyscalls::RegisterAll(envelope::HandlerRegistry& registry) {
  for (const auto& [name, handler] : {
           std::pair{"cam.v1.Identity.Profile",
                     envelope::MethodHandler(this, &IdentitySyscalls::Profile)},
           std::pair{"cam.v1.Identity.TokenIssue",
                     envelope::MethodHandler(this, &IdentitySyscalls::TokenIssue)},
           std::pair{"cam.v1.Identity.ApiKeyCreate",
                     envelope::MethodHandler(this, &IdentitySyscalls::ApiKeyCreate)},
           std::pair{"cam.v1.Identity.ApiKeyList",
                     envelope::MethodHandler(this, &IdentitySyscalls::ApiKeyList)},
           std::pair{"cam.v1.Identity.ApiKeyRevoke",
                     envelope::MethodHandler(this, &IdentitySyscalls::ApiKeyRevoke)},
           std::pair{"cam.v1.Identity.ApiKeyRotate",
                     envelope::MethodHandler(this, &IdentitySyscalls::ApiKeyRotate)},
           std::pair{"cam.v1.Identity.TotpEnroll",
                     envelope::MethodHandler(this, &IdentitySyscalls::TotpEnroll)},
           std::pair{"cam.v1.Identity.TotpConfirm",
                     envelope::MethodHandler(this, &IdentitySyscalls::TotpConfirm)},
           std::pair{"cam.v1.Identity.TotpReset",
                     envelope::MethodHandler(this, &IdentitySyscalls::TotpReset)},
       }) {
    CAM_RETURN_IF_ERROR(registry.Register(name, handler));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::ProfileResponse> IdentitySyscalls::Profile(Call& call,
                                                              const v1::ProfileRequest&) {
  const Principal& principal = *call.principal;
  v1::ProfileResponse response;
  v1::Principal* out = response.mutable_principal();
  out->set_id(principal.id);
  out->set_kind(KindToProto(principal.kind));
  out->set_tenant(principal.tenant);
  for (const std::string& scope : principal.scopes) out->add_scopes(scope);
  for (const std::string& factor : principal.factors) out->add_factors(FactorToProto(factor));
  out->set_credential_id(principal.credential_id);
  if (principal.credential_expire_time != absl::InfiniteFuture()) {
    *out->mutable_credential_expire_time() = ToTimestamp(principal.credential_expire_time);
  }
  return response;
}

absl::StatusOr<v1::TokenIssueResponse> IdentitySyscalls::TokenIssue(
    Call& call, const v1::TokenIssueRequest& request) {
  const Principal& principal = *call.principal;
  // A token cannot be exchanged for a token, so a stolen one cannot extend itself.
  CAM_RETURN_IF_ERROR(RefuseTokenCaller(principal, "token issue"));
  std::optional<std::string> cnf_x5t_s256;
  if (request.certificate_bound()) {
    const envelope::PeerCertificate& cert = call.peer.certificate;
    if (!cert.present || !cert.verified || cert.der_sha256.size() != 32) {
      return base::Error(base::Reason::kAuthClientCertRequired,
                         "a certificate-bound token needs a verified client certificate");
    }
    cnf_x5t_s256 = identity::Base64UrlEncode(cert.der_sha256);
  }
  std::vector<std::string> scopes(request.scopes().begin(), request.scopes().end());
  if (scopes.empty()) {
    scopes = principal.scopes;
  } else if (!principal.scopes.empty()) {
    for (const std::string& scope : scopes) {
      if (!ScopeWithin(scope, principal.scopes)) {
        return base::Error(base::Reason::kAuthzDenied, "scope beyond the credential's");
      }
    }
  }
  absl::Duration lifetime = config_.default_token_lifetime;
  if (request.has_lifetime()) {
    lifetime =
        absl::Seconds(request.lifetime().seconds()) + absl::Nanoseconds(request.lifetime().nanos());
    if (lifetime <= absl::ZeroDuration() || lifetime > config_.max_token_lifetime) {
      return base::WithField(base::Error(base::Reason::kValidationOutOfRange, "token lifetime"),
                             "lifetime");
    }
  }
  std::string audience = config_.audiences.front();
  if (!request.audience().empty()) {
    if (std::find(config_.audiences.begin(), config_.audiences.end(), request.audience()) ==
        config_.audiences.end()) {
      return base::WithField(base::Error(base::Reason::kValidationOutOfRange, "unknown audience"),
                             "audience");
    }
    audience = request.audience();
  }
  const identity::JwtSigner* signer = eddsa_signer_;
  v1::TokenAlgorithm algorithm = v1::TOKEN_ALGORITHM_EDDSA;
  if (request.algorithm() == v1::TOKEN_ALGORITHM_ML_DSA_65) {
    if (ml_dsa_signer_ == nullptr)
      return base::Error(base::Reason::kNotImplemented, "ML-DSA-65 tokens");
    signer = ml_dsa_signer_;
    algorithm = v1::TOKEN_ALGORITHM_ML_DSA_65;
  }
  std::vector<std::string> amr;
  for (const std::string& factor : principal.factors) amr.push_back(factor);
  const bool with_totp = !request.totp_code().empty();
  if (with_totp) {
    // Checked last, once nothing else can refuse the request: a verified code is spent.
    if (totp_ == nullptr) {
      return base::Error(base::Reason::kAuthCredentialsInvalid, "totp: code not accepted");
    }
    CAM_RETURN_IF_ERROR(
        totp_->Verify(TotpPrincipalOf(principal), request.totp_code(), clock_->Now()));
    // RFC 8176's value for a one-time password; the token verifier maps it to the totp factor.
    amr.push_back("otp");
  }
  identity::TokenToIssue issue{.issuer = config_.issuer,
                               .audience = {audience},
                               .subject = principal.id,
                               .lifetime = lifetime,
                               .scopes = scopes,
                               .amr = amr,
                               .tenant = principal.tenant,
                               .kind = std::string(envelope::PrincipalKindName(principal.kind)),
                               .cnf_x5t_s256 = cnf_x5t_s256};
  CAM_ASSIGN_OR_RETURN(identity::IssuedToken issued, signer->Issue(issue, clock_->Now()));
  v1::TokenIssueResponse response;
  response.set_access_token(issued.token);
  response.set_token_type("Bearer");
  *response.mutable_expire_time() = ToTimestamp(issued.expire_time);
  response.set_jti(issued.jti);
  for (const std::string& scope : scopes) response.add_scopes(scope);
  for (const std::string& factor : principal.factors) response.add_factors(FactorToProto(factor));
  if (with_totp) response.add_factors(v1::AUTH_FACTOR_TOTP);
  response.set_algorithm(algorithm);
  response.set_kid(issued.kid);
  return response;
}

absl::StatusOr<v1::ApiKeyCreateResponse> IdentitySyscalls::ApiKeyCreate(
    Call& call, const v1::ApiKeyCreateRequest& request) {
  identity::ApiKeyCreateParams params{
      .name = request.name(),
      .principal_id = request.principal_id(),
      .principal_kind = KindName(request.principal_kind()),
      .tenant = request.tenant().empty() ? config_.default_tenant : request.tenant(),
      .scopes = {request.scopes().begin(), request.scopes().end()},
      .ttl = std::nullopt,
      .created_by = call.principal->id};
  if (request.has_ttl()) {
    params.ttl = absl::Seconds(request.ttl().seconds()) + absl::Nanoseconds(request.ttl().nanos());
  }
  CAM_ASSIGN_OR_RETURN(identity::CreatedApiKey created,
                       api_keys_->CreateKey(params, clock_->Now()));
  call.audit.resource = "apikey/" + created.info.key_id;
  v1::ApiKeyCreateResponse response;
  *response.mutable_key() = InfoToProto(created.info);
  response.set_secret(std::string(created.secret_view()));
  return response;
}

absl::StatusOr<v1::ApiKeyListResponse> IdentitySyscalls::ApiKeyList(
    Call&, const v1::ApiKeyListRequest& request) {
  CAM_ASSIGN_OR_RETURN(identity::ApiKeyListPage page,
                       api_keys_->List({.principal_id = request.principal_id(),
                                        .include_revoked = request.include_revoked(),
                                        .page_size = request.page_size(),
                                        .page_token = request.page_token()},
                                       clock_->Now()));
  v1::ApiKeyListResponse response;
  for (const identity::ApiKeyInfo& info : page.keys) *response.add_keys() = InfoToProto(info);
  response.set_next_page_token(page.next_page_token);
  return response;
}

absl::StatusOr<v1::ApiKeyRevokeResponse> IdentitySyscalls::ApiKeyRevoke(
    Call& call, const v1::ApiKeyRevokeRequest& request) {
  call.audit.resource = "apikey/" + request.key_id();
  CAM_ASSIGN_OR_RETURN(identity::ApiKeyInfo info,
                       api_keys_->Revoke(request.key_id(), clock_->Now()));
  v1::ApiKeyRevokeResponse response;
  *response.mutable_key() = InfoToProto(info);
  return response;
}

absl::StatusOr<v1::ApiKeyRotateResponse> IdentitySyscalls::ApiKeyRotate(
    Call& call, const v1::ApiKeyRotateRequest& request) {
  call.audit.resource = "apikey/" + request.key_id();
  CAM_ASSIGN_OR_RETURN(
      identity::RotatedApiKey rotated,
      api_keys_->Rotate(request.key_id(), absl::Seconds(request.grace_period_seconds()),
                        clock_->Now(), call.principal->id));
  v1::ApiKeyRotateResponse response;
  *response.mutable_new_key() = InfoToProto(rotated.new_key.info);
  response.set_secret(std::string(rotated.new_key.secret_view()));
  *response.mutable_old_key() = InfoToProto(rotated.old_key);
  return response;
}

absl::StatusOr<v1::TotpEnrollResponse> IdentitySyscalls::TotpEnroll(
    Call& call, const v1::TotpEnrollRequest& request) {
  if (totp_ == nullptr) return base::Error(base::Reason::kNotImplemented, "totp");
  const Principal& principal = *call.principal;
  CAM_RETURN_IF_ERROR(RefuseTokenCaller(principal, "TOTP enrolment"));
  call.audit.resource = "totp/" + principal.id;
  CAM_ASSIGN_OR_RETURN(
      identity::NewTotpSecret enrolled,
      totp_->Enroll(TotpPrincipalOf(principal), request.current_code(), clock_->Now()));
  v1::TotpEnrollResponse response;
  response.set_secret_base32(std::string(enrolled.secret_base32_view()));
  response.set_otpauth_uri(std::string(enrolled.otpauth_uri_view()));
  response.set_digits(enrolled.digits);
  response.set_period_seconds(enrolled.period_seconds);
  *response.mutable_confirm_before() = ToTimestamp(enrolled.confirm_before);
  return response;
}

absl::StatusOr<v1::TotpConfirmResponse> IdentitySyscalls::TotpConfirm(
    Call& call, const v1::TotpConfirmRequest& request) {
  if (totp_ == nullptr) return base::Error(base::Reason::kNotImplemented, "totp");
  const Principal& principal = *call.principal;
  CAM_RETURN_IF_ERROR(RefuseTokenCaller(principal, "TOTP enrolment"));
  call.audit.resource = "totp/" + principal.id;
  CAM_RETURN_IF_ERROR(totp_->Confirm(TotpPrincipalOf(principal), request.code(), clock_->Now()));
  return v1::TotpConfirmResponse();
}

absl::StatusOr<v1::TotpResetResponse> IdentitySyscalls::TotpReset(
    Call& call, const v1::TotpResetRequest& request) {
  if (totp_ == nullptr) return base::Error(base::Reason::kNotImplemented, "totp");
  call.audit.resource = "totp/" + request.principal_id();
  CAM_ASSIGN_OR_RETURN(
      bool removed,
      totp_->Reset({.tenant = request.tenant().empty() ? config_.default_tenant : request.tenant(),
                    .kind = KindName(request.principal_kind()),
                    .id = request.principal_id()}));
  v1::TotpResetResponse response;
  response.set_removed(removed);
  return response;
}

}  // namespace cam::syscalls
