// Wycheproof signature verification: ed25519_test.json (EdDSA) and
// ecdsa_secp256r1_sha256_test.json (ECDSA P-256 SHA-256, DER signatures).
//
// The P1363 (raw r || s) file ecdsa_secp256r1_sha256_p1363_test.json is not in
// ../shared/vectors/wycheproof. The raw verifier is therefore also driven from the DER file:
// every DER signature that converts to r || s strictly must verify in raw form exactly when the
// DER case is valid (a strict conversion removes encoding as a reason for rejection).
#include <gtest/gtest.h>

#include <string>

#include "crypto/primitives/ecdsa_p256.h"
#include "crypto/primitives/ed25519.h"
#include "tests/conformance/primitives/wycheproof_util.h"

namespace cam::crypto {
namespace {

using ::cam::testing::HexField;

std::string CheckEd25519(const nlohmann::json& group, const nlohmann::json& test) {
  const auto pk = HexField(group.at("publicKey"), "pk");
  if (pk.size() != kEd25519PublicKeySize) return "unexpected public key size";
  const auto msg = HexField(test, "msg");
  const auto sig = HexField(test, "sig");
  const std::string result = test.at("result").get<std::string>();
  const absl::Status status = Ed25519Verify(
      std::span<const uint8_t, kEd25519PublicKeySize>(pk.data(), pk.size()), msg, sig);
  if (result == "valid") return status.ok() ? "" : "valid signature rejected";
  if (result == "invalid") return status.ok() ? "invalid signature accepted" : "";
  return "";  // acceptable: either outcome conforms
}

std::string CheckEcdsa(const nlohmann::json& group, const nlohmann::json& test) {
  if (group.at("sha") != "SHA-256" || group.at("publicKey").at("curve") != "secp256r1") {
    return "unexpected group parameters";
  }
  // Both import paths must yield the same validated point, and export must reproduce the DER.
  const absl::StatusOr<EcdsaP256PublicKey> pub =
      EcdsaP256PublicKeyFromSec1(HexField(group.at("publicKey"), "uncompressed"));
  if (!pub.ok()) return "public key import (SEC1) failed";
  const auto spki = HexField(group, "publicKeyDer");
  const absl::StatusOr<EcdsaP256PublicKey> from_spki = EcdsaP256PublicKeyFromSpki(spki);
  if (!from_spki.ok() || *from_spki != *pub) return "public key import (SPKI) disagrees";
  const absl::StatusOr<std::vector<uint8_t>> exported = EcdsaP256PublicKeyToSpki(*pub);
  if (!exported.ok() || *exported != spki) return "SPKI export differs from the vector";

  const auto msg = HexField(test, "msg");
  const auto sig = HexField(test, "sig");
  const std::string result = test.at("result").get<std::string>();
  const absl::Status der_status = EcdsaP256VerifyDer(*pub, msg, sig);
  if (result == "valid" && !der_status.ok()) return "valid DER signature rejected";
  if (result == "invalid" && der_status.ok()) return "invalid DER signature accepted";

  const absl::StatusOr<EcdsaP256RawSignature> raw = EcdsaP256DerToRaw(sig);
  if (result == "valid" && !raw.ok()) return "valid signature did not convert to r || s";
  if (raw.ok()) {
    const absl::Status raw_status = EcdsaP256VerifyRaw(*pub, msg, *raw);
    if (raw_status.ok() != der_status.ok()) return "raw and DER verification disagree";
    const absl::StatusOr<std::vector<uint8_t>> der_again = EcdsaP256RawToDer(*raw);
    if (!der_again.ok() || *der_again != sig) return "r || s did not convert back to the DER";
  }
  return "";
}

TEST(WycheproofSignatureTest, Ed25519) {
  cam::testing::RunWycheproofFile("ed25519_test.json", CheckEd25519);
}

TEST(WycheproofSignatureTest, EcdsaP256Sha256Der) {
  cam::testing::RunWycheproofFile("ecdsa_secp256r1_sha256_test.json", CheckEcdsa);
}

}  // namespace
}  // namespace cam::crypto
