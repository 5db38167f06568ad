#include "identity/jwt_signer.h"

#include <array>
#include <nlohmann/json.hpp>
#include <utility>

#include "absl/strings/str_join.h"
#include "base/random.h"
#include "crypto/mldsa/mldsa65.h"
#include "crypto/primitives/ecdsa_p256.h"
#include "crypto/primitives/ed25519.h"
#include "identity/base64url.h"

namespace cam::identity {
namespace {

using ::nlohmann::json;

absl::Status CheckKid(std::string_view kid) {
  if (kid.empty() || kid.size() > kMaxKidLength) {
    return absl::InvalidArgumentError("jwt signer: kid must be 1-256 characters");
  }
  for (char c : kid) {
    if (c < 0x20 || c > 0x7e) {
      return absl::InvalidArgumentError("jwt signer: kid must be printable ASCII");
    }
  }
  return absl::OkStatus();
}

std::span<const uint8_t> AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace

absl::StatusOr<JwtSigner> JwtSigner::Generate(JwsAlgorithm alg, std::string kid) {
  if (absl::Status s = CheckKid(kid); !s.ok()) return s;
  switch (alg) {
    case JwsAlgorithm::kEdDSA: {
      absl::StatusOr<crypto::Ed25519KeyPair> pair = crypto::Ed25519GenerateKeyPair();
      if (!pair.ok()) return pair.status();
      return JwtSigner(alg, std::move(kid), base::SecureBuffer::CopyOf(pair->seed.span()),
                       std::vector<uint8_t>(pair->public_key.begin(), pair->public_key.end()));
    }
    case JwsAlgorithm::kES256: {
      absl::StatusOr<crypto::EcdsaP256KeyPair> pair = crypto::EcdsaP256GenerateKeyPair();
      if (!pair.ok()) return pair.status();
      return JwtSigner(alg, std::move(kid), base::SecureBuffer::CopyOf(pair->private_key.span()),
                       std::vector<uint8_t>(pair->public_key.begin(), pair->public_key.end()));
    }
    case JwsAlgorithm::kMlDsa65: {
      crypto::MlDsa65PublicKey public_key;
      base::SecureBuffer secret_key;
      if (absl::Status s = crypto::MlDsa65KeyGen(public_key, secret_key); !s.ok()) return s;
      return JwtSigner(alg, std::move(kid), std::move(secret_key),
                       std::vector<uint8_t>(public_key.begin(), public_key.end()));
    }
    case JwsAlgorithm::kHS256:
      break;
  }
  return absl::InvalidArgumentError("jwt signer: algorithm not supported for issuing");
}

absl::StatusOr<JwtSigner> JwtSigner::FromPrivateKey(JwsAlgorithm alg, std::string kid,
                                                    std::span<const uint8_t> private_key,
                                                    std::span<const uint8_t> public_key) {
  if (absl::Status s = CheckKid(kid); !s.ok()) return s;
  switch (alg) {
    case JwsAlgorithm::kEdDSA: {
      if (private_key.size() != crypto::kEd25519SeedSize) {
        return absl::InvalidArgumentError("jwt signer: Ed25519 seed must be 32 bytes");
      }
      absl::StatusOr<crypto::Ed25519KeyPair> pair =
          crypto::Ed25519KeyPairFromSeed(std::span<const uint8_t, crypto::kEd25519SeedSize>(
              private_key.data(), crypto::kEd25519SeedSize));
      if (!pair.ok()) return pair.status();
      return JwtSigner(alg, std::move(kid), base::SecureBuffer::CopyOf(private_key),
                       std::vector<uint8_t>(pair->public_key.begin(), pair->public_key.end()));
    }
    case JwsAlgorithm::kES256: {
      if (private_key.size() != crypto::kEcdsaP256PrivateKeySize) {
        return absl::InvalidArgumentError("jwt signer: P-256 key must be 32 bytes");
      }
      absl::StatusOr<crypto::EcdsaP256KeyPair> pair = crypto::EcdsaP256KeyPairFromPrivate(
          std::span<const uint8_t, crypto::kEcdsaP256PrivateKeySize>(
              private_key.data(), crypto::kEcdsaP256PrivateKeySize));
      if (!pair.ok()) return pair.status();
      return JwtSigner(alg, std::move(kid), base::SecureBuffer::CopyOf(private_key),
                       std::vector<uint8_t>(pair->public_key.begin(), pair->public_key.end()));
    }
    case JwsAlgorithm::kMlDsa65: {
      if (private_key.size() != crypto::kMlDsa65SecretKeyBytes ||
          public_key.size() != crypto::kMlDsa65PublicKeyBytes) {
        return absl::InvalidArgumentError("jwt signer: ML-DSA-65 key sizes are 4032 and 1952");
      }
      JwtSigner signer(alg, std::move(kid), base::SecureBuffer::CopyOf(private_key),
                       std::vector<uint8_t>(public_key.begin(), public_key.end()));
      // A mismatched pair would issue tokens no verifier accepts; find out now.
      absl::StatusOr<std::vector<uint8_t>> probe = signer.Sign("cam jwt signer key check");
      if (!probe.ok()) return probe.status();
      if (!crypto::MlDsa65Verify(public_key, AsBytes("cam jwt signer key check"), {}, *probe)
               .ok()) {
        return absl::InvalidArgumentError("jwt signer: ML-DSA-65 keys do not match");
      }
      return signer;
    }
    case JwsAlgorithm::kHS256:
      break;
  }
  return absl::InvalidArgumentError("jwt signer: algorithm not supported for issuing");
}

absl::StatusOr<std::vector<uint8_t>> JwtSigner::Sign(std::string_view signing_input) const {
  const std::span<const uint8_t> message = AsBytes(signing_input);
  switch (alg_) {
    case JwsAlgorithm::kEdDSA: {
      absl::StatusOr<crypto::Ed25519Signature> sig =
          crypto::Ed25519Sign(std::span<const uint8_t, crypto::kEd25519SeedSize>(
                                  private_key_.data(), crypto::kEd25519SeedSize),
                              message);
      if (!sig.ok()) return sig.status();
      return std::vector<uint8_t>(sig->begin(), sig->end());
    }
    case JwsAlgorithm::kES256: {
      absl::StatusOr<crypto::EcdsaP256RawSignature> sig =
          crypto::EcdsaP256SignRaw(std::span<const uint8_t, crypto::kEcdsaP256PrivateKeySize>(
                                       private_key_.data(), crypto::kEcdsaP256PrivateKeySize),
                                   message);
      if (!sig.ok()) return sig.status();
      return std::vector<uint8_t>(sig->begin(), sig->end());
    }
    case JwsAlgorithm::kMlDsa65: {
      crypto::MlDsa65Signature sig;
      if (absl::Status s = crypto::MlDsa65Sign(sig, private_key_.span(), message, {}); !s.ok()) {
        return s;
      }
      return std::vector<uint8_t>(sig.begin(), sig.end());
    }
    case JwsAlgorithm::kHS256:
      break;
  }
  return absl::InternalError("jwt signer: no usable key");
}

absl::StatusOr<std::string> JwtSigner::SignCompact(std::string_view header_json,
                                                   std::string_view payload_json) const {
  std::string signing_input = Base64UrlEncode(header_json);
  signing_input.push_back('.');
  signing_input += Base64UrlEncode(payload_json);
  absl::StatusOr<std::vector<uint8_t>> signature = Sign(signing_input);
  if (!signature.ok()) return signature.status();
  signing_input.push_back('.');
  signing_input += Base64UrlEncode(*signature);
  return signing_input;
}

absl::StatusOr<IssuedToken> JwtSigner::Issue(const TokenToIssue& request, absl::Time now) const {
  if (request.subject.empty() || request.issuer.empty() || request.audience.empty()) {
    return absl::InvalidArgumentError("jwt signer: subject, issuer and audience are required");
  }
  if (request.lifetime <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("jwt signer: lifetime must be positive");
  }
  for (const std::string& scope : request.scopes) {
    // `scope` is one space-separated string (RFC 8693 section 4.2).
    if (scope.empty() || scope.find(' ') != std::string::npos) {
      return absl::InvalidArgumentError("jwt signer: a scope is empty or contains a space");
    }
  }
  std::array<uint8_t, 16> jti_bytes;
  base::FillRandom(jti_bytes);

  IssuedToken out;
  out.jti = Base64UrlEncode(jti_bytes);
  // NumericDates are whole seconds: round `now` down so iat never lies in the future.
  out.issue_time = absl::FromUnixSeconds(absl::ToUnixSeconds(now));
  out.expire_time = out.issue_time + absl::Trunc(request.lifetime, absl::Seconds(1));
  if (out.expire_time <= out.issue_time) out.expire_time = out.issue_time + absl::Seconds(1);
  out.kid = kid_;
  out.alg = alg_;

  json header = {{"alg", std::string(JwsAlgorithmName(alg_))}, {"typ", "at+jwt"}, {"kid", kid_}};
  json claims;
  claims["iss"] = request.issuer;
  claims["sub"] = request.subject;
  if (request.audience.size() == 1) {
    claims["aud"] = request.audience.front();
  } else {
    claims["aud"] = request.audience;
  }
  claims["iat"] = absl::ToUnixSeconds(out.issue_time);
  claims["nbf"] = absl::ToUnixSeconds(out.issue_time);
  claims["exp"] = absl::ToUnixSeconds(out.expire_time);
  claims["jti"] = out.jti;
  if (!request.scopes.empty()) claims["scope"] = absl::StrJoin(request.scopes, " ");
  if (!request.amr.empty()) claims["amr"] = request.amr;
  if (!request.tenant.empty()) claims["tenant"] = request.tenant;
  if (!request.kind.empty()) claims["kind"] = request.kind;
  if (request.cnf_x5t_s256.has_value()) claims["cnf"] = {{"x5t#S256", *request.cnf_x5t_s256}};

  std::string header_text;
  std::string claims_text;
  try {
    header_text = header.dump();
    claims_text = claims.dump();
  } catch (const json::exception&) {
    return absl::InvalidArgumentError("jwt signer: a claim is not valid UTF-8");
  }
  absl::StatusOr<std::string> token = SignCompact(header_text, claims_text);
  if (!token.ok()) return token.status();
  out.token = *std::move(token);
  return out;
}

std::string JwtSigner::PublicJwkJson() const {
  Jwk key;
  key.kid = kid_;
  key.alg = alg_;
  key.public_key = public_key_;
  return JwkSet::PublicJwkJson(key);
}

std::string JwtSigner::PublicJwkSetJson(std::span<const JwtSigner* const> signers) {
  json doc;
  doc["keys"] = json::array();
  for (const JwtSigner* signer : signers)
    doc["keys"].push_back(json::parse(signer->PublicJwkJson()));
  return doc.dump();
}

}  // namespace cam::identity
