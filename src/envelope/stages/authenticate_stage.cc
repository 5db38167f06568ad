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
  const PeerCertificate& cert = call.peer.certificate;
  if (!cert.present) {
    return base::Error(base::Reason::kAuthClientCertRequired, "no client certificate");
  }
  if (!cert.verified) {
    return base::Error(base::Reason::kAuthClientCertInvalid, "client certificate not verified");
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
    call.principal = Principal{.id = std::string(id),
                               .kind = *kind,
                               .tenant = config_.default_tenant,
                               .scopes = {},
                               .factors = {"mtls"}};
    return absl::OkStatus();
  }
  for (const std::string& uri : cert.uri_sans) {
    if (uri.starts_with("spiffe://")) {
      return base::Error(base::Reason::kAuthClientCertInvalid, "malformed SPIFFE id");
    }
  }
  if (!IsValidAgentId(cert.subject_common_name, limits)) {
    return base::Error(base::Reason::kAuthClientCertInvalid, "unusable certificate subject");
  }
  call.principal = Principal{.id = cert.subject_common_name,
                             .kind = PrincipalKind::kAgent,
                             .tenant = config_.default_tenant,
                             .scopes = {},
                             .factors = {"mtls"}};
  return absl::OkStatus();
}

}  // namespace cam::envelope
