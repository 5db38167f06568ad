#include "syscalls/identity/token_credential_verifier.h"

#include <algorithm>

#include "base/reasons.h"
#include "envelope/peer_address.h"

namespace cam::syscalls {

std::optional<envelope::PrincipalKind> KindFromName(std::string_view name) {
  if (name.empty() || name == "agent") return envelope::PrincipalKind::kAgent;
  if (name == "operator") return envelope::PrincipalKind::kOperator;
  if (name == "service") return envelope::PrincipalKind::kService;
  return std::nullopt;
}

absl::StatusOr<envelope::Principal> TokenCredentialVerifier::Record(
    absl::StatusOr<envelope::Principal> result, const std::string& source) const {
  if (result.ok()) {
    backoff_->RecordSuccess(source);
  } else if (base::ReasonOf(result.status()) != base::Reason::kAuthTokenExpired) {
    // An expired token is an honest client's everyday event, not a guess.
    backoff_->RecordFailure(source);
  }
  return result;
}

absl::StatusOr<envelope::Principal> TokenCredentialVerifier::VerifyBearerToken(
    std::string_view token, const envelope::Call& call) const {
  const std::string source = envelope::SourceOf(call.peer.address);
  if (absl::Status allowed = backoff_->Check(source); !allowed.ok()) return allowed;
  absl::StatusOr<identity::VerifiedToken> verified = tokens_->Verify(token, clock_->Now());
  if (!verified.ok()) return Record(verified.status(), source);
  const identity::TokenClaims& claims = verified->claims;
  // A certificate-bound token (RFC 8705) is only good with the certificate it was bound to.
  const envelope::PeerCertificate& cert = call.peer.certificate;
  if (absl::Status bound = identity::CheckCertificateBinding(
          claims, cert.present && cert.verified ? std::string_view(cert.der_sha256) : "");
      !bound.ok()) {
    return Record(bound, source);
  }
  const std::optional<envelope::PrincipalKind> kind = KindFromName(claims.kind);
  if (!kind.has_value()) {
    return Record(base::Error(base::Reason::kAuthCredentialsInvalid, "jwt: unknown kind"), source);
  }
  envelope::Principal principal{.id = claims.sub,
                                .kind = *kind,
                                .tenant = claims.tenant,
                                .scopes = claims.scopes,
                                .factors = {"token"},
                                .credential_id = claims.jti,
                                .credential_expire_time = claims.exp};
  if (std::find(claims.amr.begin(), claims.amr.end(), "otp") != claims.amr.end()) {
    principal.factors.push_back("totp");
  }
  return Record(std::move(principal), source);
}

absl::StatusOr<envelope::Principal> TokenCredentialVerifier::VerifyApiKey(
    std::string_view key, const envelope::Call& call) const {
  const std::string source = envelope::SourceOf(call.peer.address);
  if (absl::Status allowed = backoff_->Check(source); !allowed.ok()) return allowed;
  absl::StatusOr<identity::ApiKeyInfo> info = api_keys_->Authenticate(key, clock_->Now());
  if (!info.ok()) return Record(info.status(), source);
  const std::optional<envelope::PrincipalKind> kind = KindFromName(info->principal_kind);
  if (!kind.has_value()) {
    return Record(base::Error(base::Reason::kAuthCredentialsInvalid, "api key: unknown kind"),
                  source);
  }
  return Record(envelope::Principal{.id = info->principal_id,
                                    .kind = *kind,
                                    .tenant = info->tenant,
                                    .scopes = info->scopes,
                                    .factors = {"api_key"},
                                    .credential_id = info->key_id,
                                    .credential_expire_time =
                                        info->expire_time.value_or(absl::InfiniteFuture())},
                source);
}

}  // namespace cam::syscalls
