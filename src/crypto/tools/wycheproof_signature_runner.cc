#include "crypto/tools/wycheproof_signature_runner.h"

#include <string>
#include <vector>

#include "crypto/primitives/ecdsa_p256.h"
#include "crypto/primitives/ed25519.h"
#include "crypto/tools/internal/vector_json.h"
#include "crypto/tools/internal/wycheproof_walk.h"

namespace cam::crypto::tools {
namespace {

using internal::Bytes;
using internal::Expect;
using internal::FieldReader;

const nlohmann::json& PublicKeyOf(const nlohmann::json& group) {
  static const nlohmann::json kNone = nlohmann::json::object();
  const nlohmann::json* key = internal::Find(group, "publicKey");
  return key != nullptr && key->is_object() ? *key : kNone;
}

std::string OnlyEd25519(const nlohmann::json& group) {
  const std::string curve = internal::StringOr(PublicKeyOf(group), "curve");
  if (curve == "edwards25519") return "";
  return "group on curve '" + curve + "': camd implements Ed25519 only";
}

std::string OnlyP256Sha256(const nlohmann::json& group) {
  const std::string curve = internal::StringOr(PublicKeyOf(group), "curve");
  const std::string sha = internal::StringOr(group, "sha");
  if (curve == "secp256r1" && sha == "SHA-256") return "";
  return "group with curve '" + curve + "' and hash '" + sha +
         "': camd implements ECDSA on P-256 with SHA-256 only";
}

// "acceptable" cases may go either way (RFC 8032 leaves them to the implementation).
std::string Verdict(bool verified, Expect expect) {
  if (expect == Expect::kAcceptable) return "";
  if (expect == Expect::kValid) return verified ? "" : "a valid signature was rejected";
  return verified ? "an invalid signature was accepted" : "";
}

std::string CheckEd25519(const nlohmann::json& group, const nlohmann::json& test, Expect expect) {
  FieldReader k(PublicKeyOf(group));
  const Bytes pk = k.Hex("pk");
  FieldReader f(test);
  const Bytes msg = f.Hex("msg");
  const Bytes sig = f.Hex("sig");
  if (!k.ok()) return k.error();
  if (!f.ok()) return f.error();
  if (pk.size() != kEd25519PublicKeySize) return "public key is not 32 bytes";
  const bool verified =
      Ed25519Verify(std::span<const uint8_t, kEd25519PublicKeySize>(pk.data(), pk.size()), msg, sig)
          .ok();
  return Verdict(verified, expect);
}

// Besides DER verification, both key import paths must agree and export must reproduce the
// SPKI; every DER signature that converts strictly to r || s must verify in raw form exactly
// when it verifies as DER, and convert back to the same DER.
std::string CheckEcdsa(const nlohmann::json& group, const nlohmann::json& test, Expect expect) {
  FieldReader k(PublicKeyOf(group));
  const Bytes point = k.Hex("uncompressed");
  FieldReader g(group);
  const Bytes spki = g.Hex("publicKeyDer");
  FieldReader f(test);
  const Bytes msg = f.Hex("msg");
  const Bytes sig = f.Hex("sig");
  if (!k.ok()) return k.error();
  if (!g.ok()) return g.error();
  if (!f.ok()) return f.error();
  const absl::StatusOr<EcdsaP256PublicKey> pub = EcdsaP256PublicKeyFromSec1(point);
  if (!pub.ok()) return "public key import (SEC1) failed";
  const absl::StatusOr<EcdsaP256PublicKey> from_spki = EcdsaP256PublicKeyFromSpki(spki);
  if (!from_spki.ok() || *from_spki != *pub) return "public key import (SPKI) disagrees";
  const absl::StatusOr<std::vector<uint8_t>> exported = EcdsaP256PublicKeyToSpki(*pub);
  if (!exported.ok() || *exported != spki) return "SPKI export differs";

  const bool der_ok = EcdsaP256VerifyDer(*pub, msg, sig).ok();
  if (std::string verdict = Verdict(der_ok, expect); !verdict.empty()) return verdict;
  const absl::StatusOr<EcdsaP256RawSignature> raw = EcdsaP256DerToRaw(sig);
  if (expect == Expect::kValid && !raw.ok()) return "a valid signature did not convert to r || s";
  if (raw.ok()) {
    if (EcdsaP256VerifyRaw(*pub, msg, *raw).ok() != der_ok) return "raw and DER verify disagree";
    const absl::StatusOr<std::vector<uint8_t>> der_again = EcdsaP256RawToDer(*raw);
    if (!der_again.ok() || *der_again != sig) return "r || s did not convert back to the DER";
  }
  return "";
}

}  // namespace

void RunWycheproofEd25519(const nlohmann::json& doc, VectorFileReport& report) {
  internal::WalkWycheproof(doc, OnlyEd25519, CheckEd25519, report);
}

void RunWycheproofEcdsaP256(const nlohmann::json& doc, VectorFileReport& report) {
  internal::WalkWycheproof(doc, OnlyP256Sha256, CheckEcdsa, report);
}

}  // namespace cam::crypto::tools
