#include "envelope/stages/authenticate_stage.h"

#include <optional>

#include "base/reasons.h"
#include "envelope/validation/name_rules.h"

namespace cam::envelope {
namespace {

std::optional<PrincipalKind> KindFromSegment(std::string_view segment) {
  if (segment == "agent") return PrincipalKind::kAgent;
  if (segment == "operator") return PrincipalKind::kOperator;
  if (segment == "service") return PrincipalKind::kService;
  return std::nullopt;
}

}  // namespace

absl::Status AuthenticateStage::OnRequest(Call& call) {
  absl::StatusOr<Principal> from_cert = FromCertificate(call.peer.certificate);
  if (!from_cert.ok()) return from_cert.status();
  const Credentials& presented = call.credentials;
  if (presented.empty()) {
    call.principal = *std::move(from_cert);
    return absl::OkStatus();
  }
  if (presented.malformed || credentials_ == nullptr) {
    return base::Error(base::Reason::kAuthCredentialsInvalid, "unusable authorization value");
  }
  absl::StatusOr<Principal> principal =
      !presented.bearer_token.empty()
          ? credentials_->VerifyBearerToken(presented.bearer_token, call)
          : credentials_->VerifyApiKey(presented.api_key, call);
  if (!principal.ok()) return principal.status();
  if (!presented.bearer_token.empty() && principal->id == from_cert->id &&
      principal->kind == from_cert->kind) {
    principal->factors.insert(principal->factors.begin(), "mtls");
  }
  call.principal = *std::move(principal);
  return absl::OkStatus();
}

absl::StatusOr<Principal> AuthenticateStage::FromCertificate(const PeerCertificate& cert) const {
  if (!cert.present) {
    return base::Error(base::Reason::kAuthClientCertRequired, "no client certificate");
  }
  if (!cert.verified) {
    return base::Error(base::Reason::kAuthClientCertInvalid, "client certificate not verified");
  }
  if (certificates_ != nullptr) {
    absl::StatusOr<std::optional<Principal>> mapped = certificates_->Map(cert);
    if (!mapped.ok()) return mapped.status();
    if (mapped->has_value()) return **std::move(mapped);
  }
  const std::string prefix = "spiffe://" + config_.trust_domain + "/";
  const NameLimits limits;
  for (const std::string& uri : cert.uri_sans) {
    if (!uri.starts_with("spiffe://")) continue;
    if (!uri.starts_with(prefix)) {
      return base::Error(base::Reason::kAuthClientCertInvalid, "foreign SPIFFE trust domain");
    }
    const std::string_view path = std::string_view(uri).substr(prefix.size());
    const size_t slash = path.find('/');
    if (slash == std::string_view::npos) break;
    const std::optional<PrincipalKind> kind = KindFromSegment(path.substr(0, slash));
    const std::string_view id = path.substr(slash + 1);
    if (!kind.has_value() || !IsValidAgentId(id, limits)) break;
    return Principal{.id = std::string(id),
                     .kind = *kind,
                     .tenant = config_.default_tenant,
                     .scopes = {},
                     .factors = {"mtls"}};
  }
  for (const std::string& uri : cert.uri_sans) {
    if (uri.starts_with("spiffe://")) {
      return base::Error(base::Reason::kAuthClientCertInvalid, "malformed SPIFFE id");
    }
  }
  if (!IsValidAgentId(cert.subject_common_name, limits)) {
    return base::Error(base::Reason::kAuthClientCertInvalid, "unusable certificate subject");
  }
  return Principal{.id = cert.subject_common_name,
                   .kind = PrincipalKind::kAgent,
                   .tenant = config_.default_tenant,
                   .scopes = {},
                   .factors = {"mtls"}};
}

}  // namespace cam::envelope
