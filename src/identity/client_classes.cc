#include "identity/client_classes.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <optional>
#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/reasons.h"
#include "envelope/validation/name_rules.h"

namespace cam::identity {
namespace {

using envelope::PrincipalKind;

absl::Status Invalid(const std::string& where, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat("client classes: ", where, ": ", what));
}

std::optional<PrincipalKind> KindNamed(std::string_view name) {
  if (name == "agent") return PrincipalKind::kAgent;
  if (name == "operator") return PrincipalKind::kOperator;
  if (name == "service") return PrincipalKind::kService;
  return std::nullopt;
}

absl::Status CheckKeys(const YAML::Node& map, const std::string& where,
                       std::initializer_list<std::string_view> allowed) {
  if (!map.IsMap()) return Invalid(where, "expected a mapping");
  for (const auto& entry : map) {
    if (!entry.first.IsScalar()) return Invalid(where, "keys must be strings");
    const std::string key = entry.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return Invalid(where, absl::StrCat("unknown key \"", key, "\""));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ScalarAt(const YAML::Node& map, const char* key,
                                     const std::string& where) {
  const YAML::Node node = map[key];
  if (!node.IsDefined() || node.IsNull()) return Invalid(where, absl::StrCat(key, " is required"));
  if (!node.IsScalar()) return Invalid(where, absl::StrCat(key, " must be a string"));
  return node.Scalar();
}

absl::Status Refuse(std::string_view detail) {
  return base::Error(base::Reason::kAuthClientCertInvalid, detail);
}

}  // namespace

absl::StatusOr<ClientClasses> ClientClasses::Parse(std::string_view yaml_text,
                                                   std::string_view trust_domain) {
  const std::string spiffe_prefix = absl::StrCat("spiffe://", std::string(trust_domain), "/");
  const envelope::NameLimits limits;
  std::vector<Class> classes;
  try {
    const YAML::Node root = YAML::Load(std::string(yaml_text));
    if (absl::Status keys = CheckKeys(root, "document", {"classes"}); !keys.ok()) return keys;
    const YAML::Node list = root["classes"];
    if (!list.IsDefined() || !list.IsSequence()) {
      return Invalid("document", "classes must be a list");
    }
    std::set<std::string> names;
    for (size_t i = 0; i < list.size(); ++i) {
      const YAML::Node entry = list[i];
      std::string where = absl::StrCat("class #", i + 1);
      if (entry.IsMap() && entry["name"].IsScalar()) {
        where = absl::StrCat("class \"", entry["name"].Scalar(), "\"");
      }
      if (absl::Status keys =
              CheckKeys(entry, where, {"name", "match", "kind", "tenant", "spki_pins"});
          !keys.ok()) {
        return keys;
      }
      absl::StatusOr<std::string> name = ScalarAt(entry, "name", where);
      if (!name.ok()) return name.status();
      if (!envelope::IsValidIdentifier(*name, limits))
        return Invalid(where, "name is not an identifier");
      if (!names.insert(*name).second) return Invalid(where, "duplicate name");

      const YAML::Node match = entry["match"];
      if (!match.IsDefined()) return Invalid(where, "match is required");
      if (absl::Status keys =
              CheckKeys(match, absl::StrCat(where, " match"), {"spiffe_id", "subject_cn"});
          !keys.ok()) {
        return keys;
      }
      if (match.size() != 1)
        return Invalid(where, "match needs exactly one of spiffe_id, subject_cn");
      const bool on_spiffe_id = match["spiffe_id"].IsDefined();
      absl::StatusOr<std::string> pattern_text =
          ScalarAt(match, on_spiffe_id ? "spiffe_id" : "subject_cn", where);
      if (!pattern_text.ok()) return pattern_text.status();
      if (on_spiffe_id && !pattern_text->starts_with(spiffe_prefix)) {
        return Invalid(where, absl::StrCat("spiffe_id must start with ", spiffe_prefix));
      }
      absl::StatusOr<policy::Glob> pattern = policy::Glob::Compile(
          *pattern_text, on_spiffe_id ? policy::Glob::Mode::kPath : policy::Glob::Mode::kFlat);
      if (!pattern.ok()) return Invalid(where, std::string(pattern.status().message()));

      absl::StatusOr<std::string> kind_name = ScalarAt(entry, "kind", where);
      if (!kind_name.ok()) return kind_name.status();
      const std::optional<PrincipalKind> kind = KindNamed(*kind_name);
      if (!kind.has_value()) return Invalid(where, "kind must be agent, operator or service");

      absl::StatusOr<std::string> tenant = ScalarAt(entry, "tenant", where);
      if (!tenant.ok()) return tenant.status();
      if (!envelope::IsValidIdentifier(*tenant, limits)) {
        return Invalid(where, "tenant is not an identifier");
      }

      std::vector<std::string> pins;
      if (const YAML::Node pin_list = entry["spki_pins"]; pin_list.IsDefined()) {
        if (!pin_list.IsSequence() || pin_list.size() == 0) {
          return Invalid(where, "spki_pins must be a non-empty list");
        }
        for (const YAML::Node& pin : pin_list) {
          std::string digest;
          if (!pin.IsScalar() || !absl::Base64Unescape(pin.Scalar(), &digest) ||
              digest.size() != 32 || absl::Base64Escape(digest) != pin.Scalar()) {
            return Invalid(where, "each spki_pins entry must be the base64 of a SHA-256 digest");
          }
          pins.push_back(std::move(digest));
        }
      }
      classes.push_back(Class{.name = *std::move(name),
                              .on_spiffe_id = on_spiffe_id,
                              .pattern = *std::move(pattern),
                              .kind = *kind,
                              .tenant = *std::move(tenant),
                              .pins = std::move(pins)});
    }
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat("client classes: YAML error at line ", e.mark.line + 1));
  }
  return ClientClasses(std::string(trust_domain), std::move(classes));
}

absl::StatusOr<CertificateIdentity> ClientClasses::Resolve(
    const envelope::PeerCertificate& cert) const {
  const std::string prefix = absl::StrCat("spiffe://", trust_domain_, "/");
  const std::string* spiffe_id = nullptr;
  for (const std::string& uri : cert.uri_sans) {
    if (!uri.starts_with("spiffe://")) continue;
    // A SPIFFE SVID carries exactly one SPIFFE id; two would make the identity ambiguous.
    if (spiffe_id != nullptr) return Refuse("several SPIFFE ids");
    if (!uri.starts_with(prefix)) return Refuse("foreign SPIFFE trust domain");
    spiffe_id = &uri;
  }
  const Class* chosen = nullptr;
  for (const Class& candidate : classes_) {
    if (candidate.on_spiffe_id != (spiffe_id != nullptr)) continue;
    if (candidate.pattern.Matches(spiffe_id != nullptr ? std::string_view(*spiffe_id)
                                                       : cert.subject_common_name)) {
      chosen = &candidate;
      break;
    }
  }
  if (chosen == nullptr) return Refuse("certificate matches no client class");

  const envelope::NameLimits limits;
  std::string id;
  if (spiffe_id != nullptr) {
    const std::string_view path = std::string_view(*spiffe_id).substr(prefix.size());
    const size_t slash = path.find('/');
    if (slash == std::string_view::npos ||
        path.substr(0, slash) != envelope::PrincipalKindName(chosen->kind)) {
      return Refuse(absl::StrCat("SPIFFE id kind does not match class ", chosen->name));
    }
    id = std::string(path.substr(slash + 1));
  } else {
    id = cert.subject_common_name;
  }
  if (!envelope::IsValidAgentId(id, limits)) return Refuse("unusable certificate identity");
  if (!chosen->pins.empty() &&
      std::find(chosen->pins.begin(), chosen->pins.end(), cert.spki_sha256) == chosen->pins.end()) {
    return Refuse(absl::StrCat("certificate key not pinned (class ", chosen->name, ")"));
  }
  return CertificateIdentity{.id = std::move(id),
                             .kind = chosen->kind,
                             .tenant = chosen->tenant,
                             .class_name = chosen->name};
}

absl::StatusOr<std::unique_ptr<ClientClassesFile>> ClientClassesFile::Open(
    std::filesystem::path path, std::string trust_domain) {
  std::unique_ptr<ClientClassesFile> file(
      new ClientClassesFile(std::move(path), std::move(trust_domain)));
  if (absl::Status loaded = file->state_.LoadFirst(); !loaded.ok()) return loaded;
  return file;
}

absl::StatusOr<std::optional<ClientClasses>> ClientClassesFile::Load(bool force) {
  absl::StatusOr<std::optional<std::string>> content = watch_.ReadIfChanged(force);
  if (!content.ok()) return content.status();
  if (!content->has_value()) return std::nullopt;
  absl::StatusOr<ClientClasses> parsed = ClientClasses::Parse(**content, trust_domain_);
  if (!parsed.ok()) return parsed.status();
  watch_.Commit();
  return *std::move(parsed);
}

}  // namespace cam::identity
