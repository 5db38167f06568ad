// Fuzzes the decoders of access configuration, the inputs an operator (or whoever can write the
// files or call PolicyUpdate) hands camd: client classes YAML, CRL files with their CA bundle,
// policy documents, and the TLS error text and peer addresses the handshake tally reads. The
// first byte picks the decoder. Invariants beyond "no crash, no hang": a policy document that
// validates also compiles, and the indexed policy evaluator decides every request exactly as the
// linear scan does.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "cam/v1/policy.pb.h"
#include "envelope/call.h"
#include "envelope/peer_address.h"
#include "identity/client_classes.h"
#include "identity/revocation_list.h"
#include "policy/compiled_policy_set.h"
#include "policy/policy_compiler.h"
#include "tests/fuzz/fuzz_input.h"
#include "transport/tls/handshake_failures.h"

namespace {

namespace identity = ::cam::identity;
namespace policy = ::cam::policy;

void ClientClassesCase(const std::string& text) {
  absl::StatusOr<identity::ClientClasses> classes =
      identity::ClientClasses::Parse(text, "cam.local");
  if (!classes.ok()) return;
  for (const char* uri : {"spiffe://cam.local/agent/a-1", "spiffe://cam.local/operator/op",
                          "spiffe://other/agent/a-1"}) {
    cam::envelope::PeerCertificate cert;
    cert.present = true;
    cert.verified = true;
    cert.uri_sans = {uri};
    cert.subject_common_name = "legacy-1";
    cert.spki_sha256 = std::string(32, '\x33');
    (void)classes->Resolve(cert);
  }
}

// The CA bundle comes before the first NUL byte, the CRL file after it.
void RevocationListCase(const std::string& text) {
  const size_t split = text.find('\0');
  const std::string ca = text.substr(0, split);
  const std::string crl = split == std::string::npos ? "" : text.substr(split + 1);
  absl::StatusOr<identity::RevocationList> list = identity::RevocationList::Parse(crl, ca);
  if (list.ok()) (void)list->IsRevoked("issuer", "0a0b");
}

std::string WithoutStars(std::string text) {
  for (char& c : text) {
    if (c == '*') c = 'x';
  }
  return text;
}

void PolicyCase(const std::string& bytes) {
  cam::v1::PolicyDocument document;
  if (!document.ParseFromString(bytes)) return;
  if (!policy::ValidatePolicyDocument(document).ok()) return;
  absl::StatusOr<std::shared_ptr<const policy::CompiledPolicySet>> set =
      policy::CompilePolicySet(std::span<const cam::v1::PolicyDocument>(&document, 1));
  CAM_FUZZ_CHECK(set.ok());

  std::vector<policy::AccessRequest> requests(3);
  requests[0] = {.principal_id = "agent-1",
                 .principal_kind = policy::PrincipalKind::kAgent,
                 .tenant = document.tenant(),
                 .action = "memory.write",
                 .resource = "ns/team/notes",
                 .source_address = "10.1.2.3",
                 .time = absl::FromUnixSeconds(1767225600)};
  requests[1] = {.principal_id = "op",
                 .principal_kind = policy::PrincipalKind::kOperator,
                 .tenant = "other",
                 .action = "policy.update",
                 .resource = "policy/p",
                 .time = absl::FromUnixSeconds(1700000000)};
  // One request shaped after the document's first rule, so matches happen.
  policy::AccessRequest& derived = requests[2];
  derived.tenant = document.tenant();
  derived.time = absl::FromUnixSeconds(1767225600);
  derived.source_address = "2001:db8::1";
  if (document.rules_size() > 0) {
    const cam::v1::PolicyRule& rule = document.rules(0);
    if (rule.principals_size() > 0) {
      derived.principal_id = WithoutStars(rule.principals(0).id());
      // The envelope only ever asks with a known kind.
      const int kind = rule.principals(0).kind();
      derived.principal_kind = kind >= 0 && kind <= 3 ? static_cast<policy::PrincipalKind>(kind)
                                                      : policy::PrincipalKind::kUnspecified;
      for (const std::string& scope : rule.principals(0).scopes()) derived.scopes.push_back(scope);
    }
    if (rule.actions_size() > 0) derived.action = WithoutStars(rule.actions(0));
    if (rule.resources_size() > 0) derived.resource = WithoutStars(rule.resources(0));
    if (rule.source_cidrs_size() > 0) {
      const std::string& cidr = rule.source_cidrs(0);
      derived.source_address = cidr.substr(0, cidr.find('/'));
    }
    for (const auto& condition : rule.conditions()) {
      std::vector<std::string> values(condition.values().begin(), condition.values().end());
      // `claims.<name>` and `context.<name>` read the maps under <name>.
      const std::string& key = condition.key();
      const std::string name =
          key.substr(key.find('.') == std::string::npos ? 0 : key.find('.') + 1);
      derived.claims[name] = values;
      derived.context[name] = values;
    }
  }
  for (const policy::AccessRequest& request : requests) {
    CAM_FUZZ_CHECK((*set)->Decide(request) == (*set)->DecideByScan(request));
  }
}

void TlsErrorTextCase(const std::string& text) {
  (void)cam::transport::ClassifyOpenSslErrorText(text);
  // The peer-address form the tally is keyed by: always a piece of its input.
  CAM_FUZZ_CHECK(text.find(cam::envelope::SourceOf(text)) != std::string::npos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cam::fuzz::FuzzInput in(data, size);
  const uint8_t mode = in.Byte();
  const std::string text = in.RestAsText();
  switch (mode % 4) {
    case 0:
      ClientClassesCase(text);
      break;
    case 1:
      RevocationListCase(text);
      break;
    case 2:
      PolicyCase(text);
      break;
    case 3:
      TlsErrorTextCase(text);
      break;
  }
  return 0;
}
