#include "identity/jwt_verifier.h"

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/reasons.h"
#include "crypto/ct.h"
#include "crypto/primitives/sha2.h"
#include "identity/base64url.h"
#include "identity/jws.h"
#include "identity/strict_json.h"

namespace cam::identity {
namespace {

using ::nlohmann::json;

// The one message for "no key with this kid", "alg does not match the key" and "signature
// invalid": they must be indistinguishable to the caller.
constexpr std::string_view kSignatureNotVerified = "jwt: signature not verified";

// 9999-12-31T23:59:59Z: later NumericDates are refused rather than overflowing absl::Time math.
constexpr double kMaxNumericDate = 253402300799.0;

absl::Status Invalid(std::string_view detail) {
  return base::Error(base::Reason::kAuthCredentialsInvalid, detail);
}

constexpr StrictJsonLimits kJoseJsonLimits{.max_bytes = 64 * 1024, .max_depth = 8};

absl::StatusOr<absl::Time> NumericDate(const json& value, std::string_view name) {
  if (!value.is_number())
    return Invalid(absl::StrCat("jwt: `", std::string(name), "` is not a NumericDate"));
  double seconds = 0;
  if (value.is_number_unsigned()) {
    const uint64_t v = value.get<uint64_t>();
    if (v > static_cast<uint64_t>(kMaxNumericDate)) {
      return Invalid(absl::StrCat("jwt: `", std::string(name), "` is out of range"));
    }
    return absl::FromUnixSeconds(static_cast<int64_t>(v));
  }
  if (value.is_number_integer()) {
    const int64_t v = value.get<int64_t>();
    if (v < 0 || v > static_cast<int64_t>(kMaxNumericDate)) {
      return Invalid(absl::StrCat("jwt: `", std::string(name), "` is out of range"));
    }
    return absl::FromUnixSeconds(v);
  }
  seconds = value.get<double>();
  if (!std::isfinite(seconds) || seconds < 0 || seconds > kMaxNumericDate) {
    return Invalid(absl::StrCat("jwt: `", std::string(name), "` is out of range"));
  }
  return absl::FromUnixMicros(static_cast<int64_t>(std::llround(seconds * 1e6)));
}

// OptionalString reads a string member; absent leaves `out` untouched, a non-string fails.
absl::Status OptionalString(const json& obj, std::string_view name, std::string& out) {
  auto it = obj.find(name);
  if (it == obj.end()) return absl::OkStatus();
  if (!it->is_string())
    return Invalid(absl::StrCat("jwt: `", std::string(name), "` is not a string"));
  out = it->get<std::string>();
  return absl::OkStatus();
}

absl::Status StringArray(const json& value, std::string_view name, std::vector<std::string>& out) {
  if (!value.is_array())
    return Invalid(absl::StrCat("jwt: `", std::string(name), "` is not an array"));
  out.clear();
  for (const json& item : value) {
    if (!item.is_string())
      return Invalid(absl::StrCat("jwt: `", std::string(name), "` holds a non-string"));
    out.push_back(item.get<std::string>());
  }
  return absl::OkStatus();
}

absl::StatusOr<TokenHeader> CheckHeader(const json& header, const JwtVerifierConfig& config) {
  TokenHeader out;
  auto alg = header.find("alg");
  if (alg == header.end() || !alg->is_string()) return Invalid("jwt: `alg` missing");
  out.alg = alg->get<std::string>();
  if (!JwsAlgorithmFromName(out.alg).has_value()) return Invalid("jwt: `alg` not supported");

  auto kid = header.find("kid");
  if (kid == header.end()) return Invalid("jwt: `kid` missing");
  if (!kid->is_string()) return Invalid("jwt: `kid` is not a string");
  out.kid = kid->get<std::string>();

  auto typ = header.find("typ");
  if (typ == header.end() || !typ->is_string()) return Invalid("jwt: `typ` missing");
  out.typ = typ->get<std::string>();
  if (!absl::EqualsIgnoreCase(out.typ, "at+jwt") &&
      !absl::EqualsIgnoreCase(out.typ, "application/at+jwt")) {
    return Invalid("jwt: `typ` is not at+jwt");
  }

  // Keys and key locations named by the token itself are never followed (RFC 8725 sec. 3.10).
  for (const char* name : {"jku", "x5u", "jwk", "x5c"}) {
    if (header.contains(name)) return Invalid(absl::StrCat("jwt: header `", name, "` refused"));
  }
  // Unencoded payloads (RFC 7797) change what is signed; camd never issues them.
  if (header.contains("b64")) return Invalid("jwt: header `b64` refused");

  if (auto crit = header.find("crit"); crit != header.end()) {
    if (!crit->is_array() || crit->empty()) return Invalid("jwt: `crit` malformed");
    std::set<std::string, std::less<>> seen;
    for (const json& name : *crit) {
      if (!name.is_string()) return Invalid("jwt: `crit` malformed");
      const std::string n = name.get<std::string>();
      bool understood = false;
      for (const std::string& u : config.understood_critical_headers) understood |= (u == n);
      if (!understood || !header.contains(n) || !seen.insert(n).second) {
        return Invalid("jwt: `crit` names an extension not understood");
      }
    }
  }
  return out;
}

absl::StatusOr<TokenClaims> CheckClaims(const json& payload, const JwtVerifierConfig& config) {
  TokenClaims c;
  auto iss = payload.find("iss");
  if (iss == payload.end() || !iss->is_string()) return Invalid("jwt: `iss` missing");
  c.iss = iss->get<std::string>();
  if (c.iss != config.issuer) return Invalid("jwt: `iss` not accepted");

  auto aud = payload.find("aud");
  if (aud == payload.end()) return Invalid("jwt: `aud` missing");
  if (aud->is_string()) {
    c.aud.push_back(aud->get<std::string>());
  } else {
    absl::Status s = StringArray(*aud, "aud", c.aud);
    if (!s.ok()) return s;
  }
  bool audience_ok = false;
  for (const std::string& a : c.aud) {
    for (const std::string& want : config.audiences) audience_ok |= (a == want);
  }
  if (!audience_ok) return Invalid("jwt: `aud` not accepted");

  auto sub = payload.find("sub");
  if (sub == payload.end() || !sub->is_string() || sub->get_ref<const std::string&>().empty()) {
    return Invalid("jwt: `sub` missing");
  }
  c.sub = sub->get<std::string>();

  auto exp = payload.find("exp");
  if (exp == payload.end()) return Invalid("jwt: `exp` missing");
  absl::StatusOr<absl::Time> exp_time = NumericDate(*exp, "exp");
  if (!exp_time.ok()) return exp_time.status();
  c.exp = *exp_time;
  if (auto nbf = payload.find("nbf"); nbf != payload.end()) {
    absl::StatusOr<absl::Time> t = NumericDate(*nbf, "nbf");
    if (!t.ok()) return t.status();
    c.nbf = *t;
  }
  if (auto iat = payload.find("iat"); iat != payload.end()) {
    absl::StatusOr<absl::Time> t = NumericDate(*iat, "iat");
    if (!t.ok()) return t.status();
    c.iat = *t;
  }

  for (auto [name, field] : {std::pair<std::string_view, std::string*>{"jti", &c.jti},
                             {"tenant", &c.tenant},
                             {"kind", &c.kind}}) {
    absl::Status s = OptionalString(payload, name, *field);
    if (!s.ok()) return s;
  }
  if (!c.kind.empty() && c.kind != "agent" && c.kind != "operator" && c.kind != "service") {
    return Invalid("jwt: `kind` not recognised");
  }

  auto scope = payload.find("scope");
  auto scopes = payload.find("scopes");
  if (scope != payload.end() && scopes != payload.end()) {
    return Invalid("jwt: both `scope` and `scopes`");
  }
  if (scope != payload.end()) {
    if (!scope->is_string()) return Invalid("jwt: `scope` is not a string");
    for (absl::string_view s :
         absl::StrSplit(scope->get_ref<const std::string&>(), ' ', absl::SkipEmpty())) {
      c.scopes.emplace_back(s.data(), s.size());
    }
  } else if (scopes != payload.end()) {
    absl::Status s = StringArray(*scopes, "scopes", c.scopes);
    if (!s.ok()) return s;
  }
  if (auto amr = payload.find("amr"); amr != payload.end()) {
    absl::Status s = StringArray(*amr, "amr", c.amr);
    if (!s.ok()) return s;
  }

  // A confirmation method camd cannot enforce must not be silently dropped: that would turn a
  // bound token into a bearer token.
  if (auto cnf = payload.find("cnf"); cnf != payload.end()) {
    if (!cnf->is_object() || cnf->size() != 1) return Invalid("jwt: `cnf` not supported");
    auto x5t = cnf->find("x5t#S256");
    if (x5t == cnf->end() || !x5t->is_string() || x5t->get_ref<const std::string&>().empty()) {
      return Invalid("jwt: `cnf` not supported");
    }
    c.cnf_x5t_s256 = x5t->get<std::string>();
  }
  return c;
}

}  // namespace

absl::StatusOr<std::unique_ptr<JwtVerifier>> JwtVerifier::Create(
    JwtVerifierConfig config, std::shared_ptr<const JwkSetSource> keys) {
  if (keys == nullptr) return absl::InvalidArgumentError("jwt verifier: no key source");
  if (config.issuer.empty()) return absl::InvalidArgumentError("jwt verifier: empty issuer");
  if (config.audiences.empty()) return absl::InvalidArgumentError("jwt verifier: no audience");
  for (const std::string& a : config.audiences) {
    if (a.empty()) return absl::InvalidArgumentError("jwt verifier: empty audience");
  }
  if (config.leeway < absl::ZeroDuration() || config.leeway > absl::Minutes(5)) {
    return absl::InvalidArgumentError("jwt verifier: leeway outside [0, 5 min]");
  }
  if (config.max_token_bytes < 256 || config.max_token_bytes > 64 * 1024) {
    return absl::InvalidArgumentError("jwt verifier: max_token_bytes outside [256, 64 KiB]");
  }
  return std::unique_ptr<JwtVerifier>(new JwtVerifier(std::move(config), std::move(keys)));
}

size_t JwtVerifier::cache_size() const {
  absl::MutexLock lock(&cache_mu_);
  return cache_.size();
}

absl::StatusOr<VerifiedToken> JwtVerifier::Verify(std::string_view token, absl::Time now) const {
  if (token.size() > config_.max_token_bytes) return Invalid("jwt: token too large");
  std::shared_ptr<const JwkSet> keys = keys_->Current();
  if (keys == nullptr) return Invalid(kSignatureNotVerified);

  std::string digest;
  if (config_.cache_capacity > 0) {
    absl::StatusOr<crypto::Sha256Digest> hash = crypto::Sha256(
        std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(token.data()), token.size()));
    if (!hash.ok()) return hash.status();
    digest.assign(hash->begin(), hash->end());
    std::optional<VerifiedToken> cached;
    {
      absl::MutexLock lock(&cache_mu_);
      auto it = cache_.find(digest);
      if (it != cache_.end()) {
        if (it->second.keys == keys) {
          cached = it->second.token;
        } else {
          cache_.erase(it);  // verified under a key set that is no longer current
        }
      }
    }
    if (cached.has_value()) {
      absl::Status time = CheckTime(cached->claims, now);
      if (!time.ok()) return time;
      return *std::move(cached);
    }
  }

  absl::StatusOr<VerifiedToken> verified = VerifyUncached(token, keys);
  if (!verified.ok()) return verified.status();
  absl::Status time = CheckTime(verified->claims, now);
  if (!time.ok()) return time;
  if (config_.cache_capacity > 0) Remember(digest, *verified, std::move(keys), now);
  return verified;
}

absl::StatusOr<VerifiedToken> JwtVerifier::VerifyUncached(
    std::string_view token, const std::shared_ptr<const JwkSet>& keys) const {
  absl::StatusOr<CompactJws> jws = SplitCompactJws(token, config_.max_token_bytes);
  if (!jws.ok()) return Invalid(std::string(jws.status().message()));

  json header;
  if (absl::Status s = ParseStrictJsonObject(jws->header_json, header, kJoseJsonLimits); !s.ok()) {
    return Invalid(absl::StrCat("jwt header: ", s.message()));
  }
  absl::StatusOr<TokenHeader> checked_header = CheckHeader(header, config_);
  if (!checked_header.ok()) return checked_header.status();

  const Jwk* key = keys->Find(checked_header->kid);
  if (key == nullptr || JwsAlgorithmName(key->alg) != checked_header->alg ||
      !key->VerifySignature(jws->signing_input, jws->signature).ok()) {
    return Invalid(kSignatureNotVerified);
  }

  json payload;
  if (absl::Status s = ParseStrictJsonObject(jws->payload, payload, kJoseJsonLimits); !s.ok()) {
    return Invalid(absl::StrCat("jwt payload: ", s.message()));
  }
  absl::StatusOr<TokenClaims> claims = CheckClaims(payload, config_);
  if (!claims.ok()) return claims.status();
  return VerifiedToken{.header = *std::move(checked_header), .claims = *std::move(claims)};
}

absl::Status JwtVerifier::CheckTime(const TokenClaims& claims, absl::Time now) const {
  if (now >= claims.exp + config_.leeway) {
    return base::Error(base::Reason::kAuthTokenExpired, "jwt: expired");
  }
  if (claims.nbf.has_value() && now + config_.leeway < *claims.nbf) {
    return base::Error(base::Reason::kAuthTokenNotYetValid, "jwt: not yet valid (nbf)");
  }
  if (claims.iat.has_value() && *claims.iat > now + config_.leeway) {
    return base::Error(base::Reason::kAuthTokenNotYetValid, "jwt: issued in the future (iat)");
  }
  return absl::OkStatus();
}

void JwtVerifier::Remember(const std::string& digest, const VerifiedToken& token,
                           std::shared_ptr<const JwkSet> keys, absl::Time now) const {
  absl::MutexLock lock(&cache_mu_);
  if (cache_.size() >= config_.cache_capacity) {
    for (auto it = cache_.begin(); it != cache_.end();) {
      if (now >= it->second.token.claims.exp + config_.leeway) {
        it = cache_.erase(it);
      } else {
        ++it;
      }
    }
    // Still full of live tokens: start over rather than track recency. A miss only costs one
    // signature verification, and the bound on memory is what matters here.
    if (cache_.size() >= config_.cache_capacity) cache_.clear();
  }
  cache_.insert_or_assign(digest, CacheEntry{.token = token, .keys = std::move(keys)});
}

absl::Status CheckCertificateBinding(const TokenClaims& claims,
                                     std::string_view certificate_sha256) {
  if (!claims.cnf_x5t_s256.has_value()) return absl::OkStatus();
  const auto refused = [] {
    return base::Error(base::Reason::kAuthCredentialsInvalid,
                       "jwt: certificate binding does not match");
  };
  constexpr size_t kDigestBytes = 32;
  absl::StatusOr<std::vector<uint8_t>> bound = Base64UrlDecode(*claims.cnf_x5t_s256);
  if (!bound.ok() || bound->size() != kDigestBytes || certificate_sha256.size() != kDigestBytes) {
    return refused();
  }
  const std::span<const uint8_t> presented(
      reinterpret_cast<const uint8_t*>(certificate_sha256.data()), certificate_sha256.size());
  if (crypto::ct::Declassify(crypto::ct::EqualMask(*bound, presented)) == 0) return refused();
  return absl::OkStatus();
}

}  // namespace cam::identity
