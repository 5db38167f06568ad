#include "identity/jwk_set.h"

#include <array>
#include <nlohmann/json.hpp>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/reasons.h"
#include "crypto/mldsa/mldsa65.h"
#include "crypto/primitives/ecdsa_p256.h"
#include "crypto/primitives/ed25519.h"
#include "crypto/primitives/hmac.h"
#include "identity/base64url.h"
#include "identity/strict_json.h"

namespace cam::identity {
namespace {

using ::nlohmann::json;

constexpr std::array<std::string_view, 8> kPrivateMembers = {"d",  "priv", "p",  "q",
                                                             "dp", "dq",   "qi", "oth"};

absl::Status KeyError(size_t index, std::string_view rule) {
  return absl::InvalidArgumentError(absl::StrCat("jwks: keys[", index, "]: ", std::string(rule)));
}

bool IsPrintableAscii(std::string_view s) {
  for (char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

// Member returns the string member `name`, or nullopt if absent; a non-string is an error.
absl::StatusOr<std::optional<std::string>> StringMember(const json& obj, std::string_view name,
                                                        size_t index) {
  auto it = obj.find(name);
  if (it == obj.end()) return std::optional<std::string>();
  if (!it->is_string())
    return KeyError(index, absl::StrCat("`", std::string(name), "` is not a string"));
  return std::optional<std::string>(it->get<std::string>());
}

absl::StatusOr<std::vector<uint8_t>> DecodedMember(const json& obj, std::string_view name,
                                                   size_t expected_size, size_t index) {
  auto member = StringMember(obj, name, index);
  if (!member.ok()) return member.status();
  if (!member->has_value())
    return KeyError(index, absl::StrCat("`", std::string(name), "` is missing"));
  auto bytes = Base64UrlDecode(**member);
  if (!bytes.ok())
    return KeyError(index, absl::StrCat("`", std::string(name), "` is not base64url"));
  if (expected_size != 0 && bytes->size() != expected_size) {
    return KeyError(index, absl::StrCat("`", std::string(name), "` has the wrong length"));
  }
  return bytes;
}

absl::StatusOr<Jwk> ParseKey(const json& obj, size_t index) {
  if (!obj.is_object()) return KeyError(index, "not an object");
  for (std::string_view name : kPrivateMembers) {
    if (obj.contains(name)) return KeyError(index, "carries a private key member");
  }

  auto kty = StringMember(obj, "kty", index);
  if (!kty.ok()) return kty.status();
  if (!kty->has_value()) return KeyError(index, "`kty` is missing");
  auto kid = StringMember(obj, "kid", index);
  if (!kid.ok()) return kid.status();
  if (!kid->has_value()) return KeyError(index, "`kid` is missing");
  if ((*kid)->empty() || (*kid)->size() > kMaxKidLength || !IsPrintableAscii(**kid)) {
    return KeyError(index, "`kid` must be 1-256 printable ASCII characters");
  }
  auto alg_name = StringMember(obj, "alg", index);
  if (!alg_name.ok()) return alg_name.status();
  if (!alg_name->has_value()) return KeyError(index, "`alg` is missing");
  std::optional<JwsAlgorithm> alg = JwsAlgorithmFromName(**alg_name);
  if (!alg.has_value()) return KeyError(index, "`alg` is not supported");

  auto use = StringMember(obj, "use", index);
  if (!use.ok()) return use.status();
  if (use->has_value() && **use != "sig") return KeyError(index, "`use` is not \"sig\"");
  if (auto ops = obj.find("key_ops"); ops != obj.end()) {
    bool verify = false;
    if (!ops->is_array()) return KeyError(index, "`key_ops` is not an array");
    for (const json& op : *ops) {
      if (!op.is_string()) return KeyError(index, "`key_ops` holds a non-string");
      if (op.get<std::string>() == "verify") verify = true;
    }
    if (!verify) return KeyError(index, "`key_ops` does not allow \"verify\"");
  }

  auto crv = StringMember(obj, "crv", index);
  if (!crv.ok()) return crv.status();

  Jwk key;
  key.kid = **kid;
  key.alg = *alg;
  const std::string& type = **kty;
  if (type == "OKP") {
    if (*alg != JwsAlgorithm::kEdDSA) return KeyError(index, "`alg` does not match `kty`");
    if (!crv->has_value() || **crv != "Ed25519") return KeyError(index, "`crv` is not Ed25519");
    auto x = DecodedMember(obj, "x", crypto::kEd25519PublicKeySize, index);
    if (!x.ok()) return x.status();
    key.public_key = *std::move(x);
  } else if (type == "EC") {
    if (*alg != JwsAlgorithm::kES256) return KeyError(index, "`alg` does not match `kty`");
    if (!crv->has_value() || **crv != "P-256") return KeyError(index, "`crv` is not P-256");
    auto x = DecodedMember(obj, "x", 32, index);
    if (!x.ok()) return x.status();
    auto y = DecodedMember(obj, "y", 32, index);
    if (!y.ok()) return y.status();
    std::vector<uint8_t> point;
    point.reserve(crypto::kEcdsaP256PublicKeySize);
    point.push_back(0x04);
    point.insert(point.end(), x->begin(), x->end());
    point.insert(point.end(), y->begin(), y->end());
    if (!crypto::EcdsaP256PublicKeyFromSec1(point).ok()) {
      return KeyError(index, "point is not on P-256");
    }
    key.public_key = std::move(point);
  } else if (type == "oct") {
    if (*alg != JwsAlgorithm::kHS256) return KeyError(index, "`alg` does not match `kty`");
    auto k = DecodedMember(obj, "k", 0, index);
    if (!k.ok()) return k.status();
    if (k->size() < kMinHs256KeyBytes) {
      base::SecureZero(*k);
      return KeyError(index, "`k` is shorter than 32 bytes");
    }
    key.secret = base::SecureBuffer::CopyOf(*k);
    base::SecureZero(*k);
  } else if (type == "AKP") {
    if (*alg != JwsAlgorithm::kMlDsa65) return KeyError(index, "`alg` does not match `kty`");
    auto pub = DecodedMember(obj, "pub", crypto::kMlDsa65PublicKeyBytes, index);
    if (!pub.ok()) return pub.status();
    key.public_key = *std::move(pub);
  } else {
    return KeyError(index, "`kty` is not supported");
  }
  return key;
}

}  // namespace

std::string_view JwsAlgorithmName(JwsAlgorithm alg) {
  switch (alg) {
    case JwsAlgorithm::kEdDSA:
      return "EdDSA";
    case JwsAlgorithm::kES256:
      return "ES256";
    case JwsAlgorithm::kHS256:
      return "HS256";
    case JwsAlgorithm::kMlDsa65:
      return "ML-DSA-65";
  }
  return "";
}

std::optional<JwsAlgorithm> JwsAlgorithmFromName(std::string_view name) {
  for (JwsAlgorithm alg :
       {JwsAlgorithm::kEdDSA, JwsAlgorithm::kES256, JwsAlgorithm::kHS256, JwsAlgorithm::kMlDsa65}) {
    if (JwsAlgorithmName(alg) == name) return alg;
  }
  return std::nullopt;
}

absl::Status Jwk::VerifySignature(std::string_view signing_input,
                                  std::span<const uint8_t> signature) const {
  const std::span<const uint8_t> message(reinterpret_cast<const uint8_t*>(signing_input.data()),
                                         signing_input.size());
  absl::Status status;
  switch (alg) {
    case JwsAlgorithm::kEdDSA:
      if (public_key.size() != crypto::kEd25519PublicKeySize) break;
      status = crypto::Ed25519Verify(std::span<const uint8_t, crypto::kEd25519PublicKeySize>(
                                         public_key.data(), crypto::kEd25519PublicKeySize),
                                     message, signature);
      return status.ok() ? status : base::Error(base::Reason::kCryptoVerifyFailed, "jws");
    case JwsAlgorithm::kES256:
      if (public_key.size() != crypto::kEcdsaP256PublicKeySize) break;
      // JWS carries R || S (RFC 7518 section 3.4), never DER.
      status = crypto::EcdsaP256VerifyRaw(std::span<const uint8_t, crypto::kEcdsaP256PublicKeySize>(
                                              public_key.data(), crypto::kEcdsaP256PublicKeySize),
                                          message, signature);
      return status.ok() ? status : base::Error(base::Reason::kCryptoVerifyFailed, "jws");
    case JwsAlgorithm::kHS256:
      if (secret.size() < kMinHs256KeyBytes) break;
      status = crypto::HmacSha256Verify(secret.span(), message, signature);
      return status.ok() ? status : base::Error(base::Reason::kCryptoVerifyFailed, "jws");
    case JwsAlgorithm::kMlDsa65:
      if (public_key.size() != crypto::kMlDsa65PublicKeyBytes) break;
      // The JOSE ML-DSA profile signs the JWS signing input with pure ML-DSA, empty context.
      status = crypto::MlDsa65Verify(public_key, message, {}, signature);
      return status.ok() ? status : base::Error(base::Reason::kCryptoVerifyFailed, "jws");
  }
  return base::Error(base::Reason::kCryptoVerifyFailed, "jws: key unusable");
}

absl::StatusOr<JwkSet> JwkSet::Parse(std::string_view text, const JwkSetLimits& limits) {
  json doc;
  absl::Status parsed = ParseStrictJsonObject(
      text, doc, StrictJsonLimits{.max_bytes = limits.max_document_bytes, .max_depth = 8});
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("jwks: ", parsed.message()));
  }
  auto keys = doc.find("keys");
  if (keys == doc.end() || !keys->is_array()) {
    return absl::InvalidArgumentError("jwks: `keys` array is missing");
  }
  if (keys->size() > limits.max_keys) return absl::InvalidArgumentError("jwks: too many keys");
  JwkSet set;
  for (size_t i = 0; i < keys->size(); ++i) {
    absl::StatusOr<Jwk> key = ParseKey((*keys)[i], i);
    if (!key.ok()) return key.status();
    if (set.by_kid_.count(key->kid) != 0) return KeyError(i, "`kid` is not unique");
    set.by_kid_.emplace(key->kid, set.keys_.size());
    set.keys_.push_back(*std::move(key));
  }
  // `k` members were copied into SecureBuffers; wipe the parse tree's copies.
  for (json& key : *keys) {
    if (auto k = key.find("k"); k != key.end() && k->is_string()) {
      std::string& s = k->get_ref<std::string&>();
      base::SecureZero(std::span<uint8_t>(reinterpret_cast<uint8_t*>(s.data()), s.size()));
    }
  }
  return set;
}

const Jwk* JwkSet::Find(std::string_view kid) const {
  auto it = by_kid_.find(kid);
  return it == by_kid_.end() ? nullptr : &keys_[it->second];
}

std::string JwkSet::PublicJwkJson(const Jwk& key) {
  json out;
  const std::span<const uint8_t> pk(key.public_key);
  switch (key.alg) {
    case JwsAlgorithm::kEdDSA:
      out["kty"] = "OKP";
      out["crv"] = "Ed25519";
      out["x"] = Base64UrlEncode(pk);
      break;
    case JwsAlgorithm::kES256:
      if (pk.size() != crypto::kEcdsaP256PublicKeySize) return "";
      out["kty"] = "EC";
      out["crv"] = "P-256";
      out["x"] = Base64UrlEncode(pk.subspan(1, 32));
      out["y"] = Base64UrlEncode(pk.subspan(33, 32));
      break;
    case JwsAlgorithm::kMlDsa65:
      out["kty"] = "AKP";
      out["pub"] = Base64UrlEncode(pk);
      break;
    case JwsAlgorithm::kHS256:
      return "";
  }
  out["kid"] = key.kid;
  out["alg"] = std::string(JwsAlgorithmName(key.alg));
  out["use"] = "sig";
  return out.dump();
}

std::string JwkSet::ToPublicJson() const {
  json doc;
  doc["keys"] = json::array();
  for (const Jwk& key : keys_) {
    std::string text = PublicJwkJson(key);
    if (!text.empty()) doc["keys"].push_back(json::parse(text));
  }
  return doc.dump();
}

}  // namespace cam::identity
