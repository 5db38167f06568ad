// File: identity/client_classes.h
// ClientClasses: which kind and tenant a verified client certificate stands for, and which keys
// it may carry, read from a YAML file (`auth.client_classes_file`); ClientClassesFile reloads
// it when it changes.
//
//   classes:
//     - name: operators                  # identifier, unique
//       match:                           # exactly one of:
//         spiffe_id: "spiffe://cam.local/operator/*"  # glob on the SPIFFE URI SAN
//         # subject_cn: "ops-*"          # glob on the subject CN (certificate without SPIFFE SAN)
//       kind: operator                   # agent | operator | service
//       tenant: default                  # identifier
//       spki_pins: ["<base64 SHA-256>"]  # optional: RFC 7469 pin-sha256 of the DER SPKI
//
// Globs: in spiffe_id `*` matches within one path segment and `**` across segments; in
// subject_cn `*` matches any run. Unknown keys, duplicate names, bad kinds and malformed pins
// are errors naming the class. The first class in file order whose pattern matches wins.
//
// The principal id is the last segment of a SPIFFE id of the form
// `spiffe://<trust-domain>/<kind>/<id>`, whose <kind> segment must equal the class's kind, or
// the subject CN for a certificate without a SPIFFE id; it must be a valid agent id. A class
// with pins accepts only certificates whose SubjectPublicKeyInfo digest is listed (pins name
// keys, so they survive re-issuance with the same key).
#ifndef CAM_IDENTITY_CLIENT_CLASSES_H_
#define CAM_IDENTITY_CLIENT_CLASSES_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "envelope/call.h"
#include "envelope/principal.h"
#include "identity/file_watch.h"
#include "identity/last_good.h"
#include "policy/glob.h"

namespace cam::identity {

struct CertificateIdentity {
  std::string id;
  envelope::PrincipalKind kind = envelope::PrincipalKind::kAgent;
  std::string tenant;
  std::string class_name;
};

class ClientClasses {
 public:
  // The largest classes file accepted.
  static constexpr size_t kMaxFileBytes = 1 << 20;

  // Parse reads the YAML text. SPIFFE patterns must lie inside `trust_domain`
  // (spiffe://<trust_domain>/...), since certificates of other domains are refused anyway.
  // Errors are InvalidArgument, prefixed "client classes: ".
  static absl::StatusOr<ClientClasses> Parse(std::string_view yaml_text,
                                             std::string_view trust_domain);

  // Resolve maps a verified certificate to its identity, or refuses it with a reason-coded
  // CAM_AUTH_CLIENT_CERT_INVALID status (no class matches, kind mismatch, key not pinned,
  // unusable id). The certificate's revocation is not checked here.
  absl::StatusOr<CertificateIdentity> Resolve(const envelope::PeerCertificate& cert) const;

  size_t size() const { return classes_.size(); }

 private:
  struct Class {
    std::string name;
    bool on_spiffe_id = false;  // else on the subject CN
    policy::Glob pattern;
    envelope::PrincipalKind kind;
    std::string tenant;
    std::vector<std::string> pins;  // binary SHA-256 digests
  };

  ClientClasses(std::string trust_domain, std::vector<Class> classes)
      : trust_domain_(std::move(trust_domain)), classes_(std::move(classes)) {}

  std::string trust_domain_;
  std::vector<Class> classes_;
};

// ClientClassesFile keeps the ClientClasses of a file current. Thread-safe: Current() may run
// concurrently with Refresh(); readers keep the set they obtained while a new one is swapped in.
class ClientClassesFile {
 public:
  // Open loads `path`; a missing or invalid file is an error (no last good set yet).
  static absl::StatusOr<std::unique_ptr<ClientClassesFile>> Open(std::filesystem::path path,
                                                                 std::string trust_domain);

  std::shared_ptr<const ClientClasses> Current() const { return state_.Current(); }

  // Refresh re-reads the file if it changed. Returns true when a new set was installed, false
  // when nothing changed, and an error when the file could not be read or parsed: the previous
  // set stays in use and last_error() keeps the failure until a later reload succeeds.
  absl::StatusOr<bool> Refresh() { return state_.Refresh(); }
  absl::Status last_error() const { return state_.last_error(); }
  uint64_t reload_count() const { return state_.reload_count(); }

 private:
  ClientClassesFile(std::filesystem::path path, std::string trust_domain)
      : trust_domain_(std::move(trust_domain)),
        watch_(std::move(path), ClientClasses::kMaxFileBytes),
        state_([this](bool force) { return Load(force); }) {}
  absl::StatusOr<std::optional<ClientClasses>> Load(bool force);

  const std::string trust_domain_;
  FileWatch watch_;  // used only by Load, which state_ serializes
  LastGood<ClientClasses> state_;
};

}  // namespace cam::identity

#endif  // CAM_IDENTITY_CLIENT_CLASSES_H_
