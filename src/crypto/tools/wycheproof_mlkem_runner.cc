#include "crypto/tools/wycheproof_mlkem_runner.h"

#include <array>
#include <span>
#include <string>

#include "base/reasons.h"
#include "crypto/mlkem/mlkem768.h"
#include "crypto/tools/internal/vector_json.h"
#include "crypto/tools/internal/wycheproof_walk.h"

namespace cam::crypto::tools {
namespace {

using internal::Bytes;
using internal::Expect;
using internal::FieldReader;
using SharedSecret = std::array<uint8_t, kMlKem768SharedSecretBytes>;

constexpr std::string_view kKeyGenSchema = "mlkem_keygen_seed_test_schema.json";
constexpr std::string_view kEncapsSchema = "mlkem_encaps_test_schema.json";
constexpr std::string_view kSeedDecapsSchema = "mlkem_test_schema.json";
constexpr std::string_view kSemiExpandedSchema = "mlkem_semi_expanded_decaps_test_schema.json";

bool Same(std::span<const uint8_t> a, const Bytes& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

bool IsInvalidInput(const absl::Status& status) {
  return base::ReasonOf(status) == base::Reason::kCryptoInvalidInput;
}

std::string OnlyMlKem768(const nlohmann::json& group) {
  const std::string set = internal::StringOr(group, "parameterSet");
  if (set == "ML-KEM-768") return "";
  return "group with parameterSet '" + set + "': camd implements ML-KEM-768 only";
}

// Wycheproof ML-KEM files have no "acceptable" cases; treat one as a format problem.
std::string CheckKeyGen(const nlohmann::json&, const nlohmann::json& test, Expect expect) {
  FieldReader f(test);
  const Bytes seed = f.Hex("seed");
  const Bytes want_ek = f.HexOrEmpty("ek");
  const Bytes want_dk = f.HexOrEmpty("dk");
  if (!f.ok()) return f.error();
  MlKem768EncapsulationKey ek;
  MlKem768DecapsulationKey dk;
  const absl::Status status = MlKem768KeyGenFromSeed(ek, dk, seed);
  if (expect != Expect::kValid) {
    return IsInvalidInput(status) ? "" : "a bad seed was not refused as invalid input";
  }
  if (!status.ok()) return "key generation failed";
  if (!Same(ek, want_ek)) return "ek differs";
  if (!Same(dk.bytes(), want_dk)) return "dk differs";
  return "";
}

// Invalid cases carry a wrong-length ek or one failing the FIPS 203 7.2 modulus check; the
// stand-alone check must agree with the one inside Encaps.
std::string CheckEncaps(const nlohmann::json&, const nlohmann::json& test, Expect expect) {
  FieldReader f(test);
  const Bytes ek = f.Hex("ek");
  const Bytes m = f.Hex("m");
  const Bytes want_c = f.HexOrEmpty("c");
  const Bytes want_k = f.HexOrEmpty("K");
  if (!f.ok()) return f.error();
  if (m.size() != kMlKem768EncapsRandomBytes) return "m is not 32 bytes";
  MlKem768Ciphertext c;
  SharedSecret k;
  const absl::Status status = MlKem768EncapsDeterministic(
      c, k, ek, std::span<const uint8_t, kMlKem768EncapsRandomBytes>(m.data(), m.size()));
  const absl::Status check = MlKem768CheckEncapsulationKey(ek);
  if (expect != Expect::kValid) {
    if (!IsInvalidInput(status)) return "encapsulation to a bad key was not refused";
    if (!IsInvalidInput(check)) return "the 7.2 key check accepted a bad key";
    return "";
  }
  if (!status.ok()) return "encapsulation failed";
  if (!check.ok()) return "the 7.2 key check refused a good key";
  if (!Same(c, want_c)) return "ciphertext differs";
  if (!Same(k, want_k)) return "shared secret differs";
  return "";
}

// Valid cases include modified ciphertexts whose K is the implicit-rejection key. Invalid
// cases have a wrong-length seed or ciphertext.
std::string CheckSeedDecaps(const nlohmann::json&, const nlohmann::json& test, Expect expect) {
  FieldReader f(test);
  const Bytes seed = f.Hex("seed");
  const Bytes want_ek = f.HexOrEmpty("ek");
  const Bytes c = f.Hex("c");
  const Bytes want_k = f.HexOrEmpty("K");
  if (!f.ok()) return f.error();
  MlKem768EncapsulationKey ek;
  MlKem768DecapsulationKey dk;
  const absl::Status keygen = MlKem768KeyGenFromSeed(ek, dk, seed);
  if (!keygen.ok()) {
    if (expect == Expect::kValid) return "key generation failed";
    return IsInvalidInput(keygen) ? "" : "bad seed refused with the wrong reason";
  }
  if (!want_ek.empty() && !Same(ek, want_ek)) return "ek differs";
  SharedSecret k;
  const absl::Status decaps = MlKem768Decaps(k, dk, c);
  if (expect != Expect::kValid) {
    return IsInvalidInput(decaps) ? "" : "a bad ciphertext was not refused";
  }
  if (!decaps.ok()) return "decapsulation failed";
  if (!Same(k, want_k)) return "shared secret differs";
  return "";
}

// Invalid cases have a wrong-length dk or c, or a dk failing the 7.3 hash check.
std::string CheckSemiExpanded(const nlohmann::json&, const nlohmann::json& test, Expect expect) {
  FieldReader f(test);
  const Bytes dk_bytes = f.Hex("dk");
  const Bytes c = f.Hex("c");
  const Bytes want_ek = f.HexOrEmpty("ek");
  const Bytes want_k = f.HexOrEmpty("K");
  if (!f.ok()) return f.error();
  absl::StatusOr<MlKem768DecapsulationKey> dk = MlKem768DecapsulationKey::FromBytes(dk_bytes);
  if (!dk.ok()) {
    if (expect == Expect::kValid) return "a good dk was refused";
    return IsInvalidInput(dk.status()) ? "" : "bad dk refused with the wrong reason";
  }
  if (!want_ek.empty() && !Same(dk->encapsulation_key(), want_ek)) return "embedded ek differs";
  SharedSecret k;
  const absl::Status decaps = MlKem768Decaps(k, *dk, c);
  if (expect != Expect::kValid) {
    return IsInvalidInput(decaps) ? "" : "an invalid case was accepted";
  }
  if (!decaps.ok()) return "decapsulation failed";
  if (!Same(k, want_k)) return "shared secret differs";
  return "";
}

}  // namespace

bool HandlesWycheproofMlKemSchema(std::string_view schema) {
  return schema == kKeyGenSchema || schema == kEncapsSchema || schema == kSeedDecapsSchema ||
         schema == kSemiExpandedSchema;
}

void RunWycheproofMlKem(const nlohmann::json& doc, std::string_view schema,
                        VectorFileReport& report) {
  internal::WycheproofCaseCheck check;
  if (schema == kKeyGenSchema) {
    check = CheckKeyGen;
  } else if (schema == kEncapsSchema) {
    check = CheckEncaps;
  } else if (schema == kSeedDecapsSchema) {
    check = CheckSeedDecaps;
  } else if (schema == kSemiExpandedSchema) {
    check = CheckSemiExpanded;
  } else {
    report.error = "not an ML-KEM schema";
    return;
  }
  internal::WalkWycheproof(doc, OnlyMlKem768, check, report);
}

}  // namespace cam::crypto::tools
