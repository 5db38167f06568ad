#include "crypto/tools/acvp_mlkem_runner.h"

#include <algorithm>
#include <array>
#include <span>
#include <string>

#include "crypto/mlkem/mlkem768.h"
#include "crypto/tools/internal/vector_json.h"

namespace cam::crypto::tools {
namespace {

using internal::Bytes;
using internal::FieldReader;

bool Same(std::span<const uint8_t> a, const Bytes& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// keyGen: (d, z) -> (ek, dk), dk in the expanded 2400-byte form.
std::string CheckKeyGen(const nlohmann::json&, const nlohmann::json& test,
                        const nlohmann::json& expected) {
  FieldReader f(test);
  Bytes seed = f.Hex("d");
  const Bytes z = f.Hex("z");
  FieldReader e(expected);
  const Bytes want_ek = e.Hex("ek");
  const Bytes want_dk = e.Hex("dk");
  if (!f.ok()) return f.error();
  if (!e.ok()) return e.error();
  seed.insert(seed.end(), z.begin(), z.end());
  MlKem768EncapsulationKey ek;
  MlKem768DecapsulationKey dk;
  if (!MlKem768KeyGenFromSeed(ek, dk, seed).ok()) return "key generation failed";
  if (!Same(ek, want_ek)) return "ek differs";
  if (!Same(dk.bytes(), want_dk)) return "dk differs";
  return "";
}

std::string CheckEncapDecap(const nlohmann::json& group, const nlohmann::json& test,
                            const nlohmann::json& expected) {
  const std::string function = internal::StringOr(group, "function");
  FieldReader f(test);
  FieldReader e(expected);
  if (function == "encapsulation") {
    const Bytes ek = f.Hex("ek");
    const Bytes m = f.Hex("m");
    const Bytes want_c = e.Hex("c");
    const Bytes want_k = e.Hex("k");
    if (!f.ok()) return f.error();
    if (!e.ok()) return e.error();
    if (m.size() != kMlKem768EncapsRandomBytes) return "m is not 32 bytes";
    MlKem768Ciphertext c;
    std::array<uint8_t, kMlKem768SharedSecretBytes> k;
    if (!MlKem768EncapsDeterministic(
             c, k, ek, std::span<const uint8_t, kMlKem768EncapsRandomBytes>(m.data(), m.size()))
             .ok()) {
      return "encapsulation failed";
    }
    if (!Same(c, want_c)) return "ciphertext differs";
    return Same(k, want_k) ? "" : "shared secret differs";
  }
  if (function == "decapsulation") {
    // Includes "modified ciphertext" cases, whose k is the implicit-rejection key.
    const Bytes dk_bytes = f.Hex("dk");
    const Bytes c = f.Hex("c");
    const Bytes want_k = e.Hex("k");
    if (!f.ok()) return f.error();
    if (!e.ok()) return e.error();
    absl::StatusOr<MlKem768DecapsulationKey> dk = MlKem768DecapsulationKey::FromBytes(dk_bytes);
    if (!dk.ok()) return "dk refused";
    std::array<uint8_t, kMlKem768SharedSecretBytes> k;
    if (!MlKem768Decaps(k, *dk, c).ok()) return "decapsulation failed";
    return Same(k, want_k) ? "" : "shared secret differs";
  }
  if (function == "decapsulationKeyCheck" || function == "encapsulationKeyCheck") {
    const bool want = e.Bool("testPassed");
    if (!e.ok()) return e.error();
    bool passed;
    if (function == "decapsulationKeyCheck") {
      const Bytes dk = f.Hex("dk");
      if (!f.ok()) return f.error();
      passed = MlKem768DecapsulationKey::FromBytes(dk).ok();
    } else {
      const Bytes ek = f.Hex("ek");
      if (!f.ok()) return f.error();
      passed = MlKem768CheckEncapsulationKey(ek).ok();
    }
    if (passed == want) return "";
    return passed ? "a key that should fail the check passed" : "a good key failed the check";
  }
  return "unknown encapDecap function '" + function + "'";
}

}  // namespace

void RunAcvpMlKem(const internal::AcvpFolder& folder, VectorFileReport& report) {
  if (folder.mode == "keyGen") {
    internal::WalkAcvp(folder, "ML-KEM-768", CheckKeyGen, report);
  } else if (folder.mode == "encapDecap") {
    internal::WalkAcvp(folder, "ML-KEM-768", CheckEncapDecap, report);
  } else {
    report.error = "ACVP ML-KEM mode '" + folder.mode + "' is not one this tool covers";
  }
}

}  // namespace cam::crypto::tools
