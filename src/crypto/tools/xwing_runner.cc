#include "crypto/tools/xwing_runner.h"

#include <algorithm>
#include <array>
#include <span>
#include <string>

#include "crypto/tools/internal/vector_json.h"
#include "crypto/xwing/xwing.h"

namespace cam::crypto::tools {
namespace {

using internal::Bytes;
using internal::FieldReader;

constexpr std::array<const char*, 6> kMembers = {"seed", "sk", "pk", "eseed", "ct", "ss"};

bool Same(std::span<const uint8_t> a, const Bytes& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

std::string CheckVector(const nlohmann::json& v) {
  FieldReader f(v);
  const Bytes seed = f.Hex("seed");
  const Bytes want_sk = f.Hex("sk");
  const Bytes want_pk = f.Hex("pk");
  const Bytes eseed = f.Hex("eseed");
  const Bytes want_ct = f.Hex("ct");
  const Bytes want_ss = f.Hex("ss");
  if (!f.ok()) return f.error();

  // GenerateKeyPairDerand(seed): the decapsulation key is the seed itself.
  XWingEncapsulationKey pk;
  XWingDecapsulationKey sk;
  if (!XWingKeyGenFromSeed(pk, sk, seed).ok()) return "key generation failed";
  if (!Same(sk.seed(), want_sk)) return "sk differs";
  if (!Same(pk, want_pk)) return "pk differs";

  // EncapsulateDerand(pk, eseed), on the vector's pk.
  if (eseed.size() != kXWingEncapsSeedBytes) return "eseed is not 64 bytes";
  XWingCiphertext ct;
  std::array<uint8_t, kXWingSharedSecretBytes> ss;
  if (!XWingEncapsDeterministic(
           ct, ss, want_pk,
           std::span<const uint8_t, kXWingEncapsSeedBytes>(eseed.data(), eseed.size()))
           .ok()) {
    return "encapsulation failed";
  }
  if (!Same(ct, want_ct)) return "ciphertext differs";
  if (!Same(ss, want_ss)) return "encapsulated shared secret differs";

  // Decapsulate(ct, sk) with a key rebuilt from the vector's sk.
  XWingEncapsulationKey pk2;
  XWingDecapsulationKey sk2;
  if (!XWingKeyGenFromSeed(pk2, sk2, want_sk).ok()) return "key rebuild from sk failed";
  std::array<uint8_t, kXWingSharedSecretBytes> ss2;
  if (!XWingDecaps(ss2, sk2, want_ct).ok()) return "decapsulation failed";
  return Same(ss2, want_ss) ? "" : "decapsulated shared secret differs";
}

}  // namespace

bool IsXWingVectorDocument(const nlohmann::json& doc) {
  if (!doc.is_array() || doc.empty()) return false;
  return std::all_of(doc.begin(), doc.end(), [](const nlohmann::json& v) {
    return std::all_of(kMembers.begin(), kMembers.end(),
                       [&v](const char* m) { return internal::Find(v, m) != nullptr; });
  });
}

void RunXWingVectors(const nlohmann::json& doc, VectorFileReport& report) {
  report.kind = "X-Wing draft-connolly-cfrg-xwing-kem vectors";
  int index = 0;
  for (const nlohmann::json& v : doc) {
    const std::string problem = CheckVector(v);
    if (problem.empty()) {
      report.Pass();
    } else {
      report.Fail("vector " + std::to_string(index) + ": " + problem);
    }
    ++index;
  }
}

}  // namespace cam::crypto::tools
