#include "crypto/tools/acvp_mldsa_runner.h"

#include <algorithm>
#include <map>
#include <optional>
#include <span>
#include <string>

#include "base/secure_buffer.h"
#include "crypto/mldsa/mldsa65.h"
#include "crypto/tools/internal/vector_json.h"

namespace cam::crypto::tools {
namespace {

using internal::Bytes;
using internal::FieldReader;

bool Same(std::span<const uint8_t> a, const Bytes& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

std::optional<MlDsaPreHash> PreHashOf(const std::string& name) {
  static const auto* const kNames = new std::map<std::string, MlDsaPreHash>{
      {"SHA2-224", MlDsaPreHash::kSha2_224},         {"SHA2-256", MlDsaPreHash::kSha2_256},
      {"SHA2-384", MlDsaPreHash::kSha2_384},         {"SHA2-512", MlDsaPreHash::kSha2_512},
      {"SHA2-512/224", MlDsaPreHash::kSha2_512_224}, {"SHA2-512/256", MlDsaPreHash::kSha2_512_256},
      {"SHA3-224", MlDsaPreHash::kSha3_224},         {"SHA3-256", MlDsaPreHash::kSha3_256},
      {"SHA3-384", MlDsaPreHash::kSha3_384},         {"SHA3-512", MlDsaPreHash::kSha3_512},
      {"SHAKE-128", MlDsaPreHash::kShake128},        {"SHAKE-256", MlDsaPreHash::kShake256},
  };
  const auto it = kNames->find(name);
  if (it == kNames->end()) return std::nullopt;
  return it->second;
}

// The four signing interfaces an ACVP group can name.
enum class Interface { kPure, kPreHash, kInternal, kExternalMu };

std::optional<Interface> InterfaceOf(const nlohmann::json& group) {
  const std::string interface = internal::StringOr(group, "signatureInterface");
  const std::string pre_hash = internal::StringOr(group, "preHash");
  const nlohmann::json* external_mu = internal::Find(group, "externalMu");
  const bool mu = external_mu != nullptr && external_mu->is_boolean() && external_mu->get<bool>();
  if (interface == "external" && pre_hash == "pure") return Interface::kPure;
  if (interface == "external" && pre_hash == "preHash") return Interface::kPreHash;
  if (interface == "internal") return mu ? Interface::kExternalMu : Interface::kInternal;
  return std::nullopt;
}

std::string CheckKeyGen(const nlohmann::json&, const nlohmann::json& test,
                        const nlohmann::json& expected) {
  FieldReader f(test);
  const Bytes seed = f.Hex("seed");
  FieldReader e(expected);
  const Bytes want_pk = e.Hex("pk");
  const Bytes want_sk = e.Hex("sk");
  if (!f.ok()) return f.error();
  if (!e.ok()) return e.error();
  MlDsa65PublicKey pk;
  base::SecureBuffer sk;
  if (!MlDsa65KeyGenFromSeed(pk, sk, seed).ok()) return "key generation failed";
  if (!Same(pk, want_pk)) return "pk differs";
  return Same(sk.span(), want_sk) ? "" : "sk differs";
}

// Deterministic groups carry no rnd: it is 32 zero bytes (FIPS 204, Algorithm 2).
std::string CheckSigGen(const nlohmann::json& group, const nlohmann::json& test,
                        const nlohmann::json& expected) {
  const std::optional<Interface> interface = InterfaceOf(group);
  if (!interface.has_value()) return "unknown signatureInterface/preHash combination";
  FieldReader g(group);
  const bool deterministic = g.Bool("deterministic");
  FieldReader f(test);
  const Bytes sk = f.Hex("sk");
  const Bytes rnd_given = deterministic ? Bytes{} : f.Hex("rnd");
  FieldReader e(expected);
  const Bytes want = e.Hex("signature");
  if (!g.ok()) return g.error();
  if (!e.ok()) return e.error();
  MlDsaRnd rnd{};
  if (!deterministic) {
    if (rnd_given.size() != rnd.size()) return "rnd is not 32 bytes";
    std::copy(rnd_given.begin(), rnd_given.end(), rnd.begin());
  }
  MlDsa65Signature sig;
  absl::Status status;
  switch (*interface) {
    case Interface::kPure:
      status = MlDsa65Sign(sig, sk, f.Hex("message"), f.HexOrEmpty("context"), {.rnd = rnd});
      break;
    case Interface::kPreHash: {
      const std::optional<MlDsaPreHash> hash = PreHashOf(f.String("hashAlg"));
      if (!hash.has_value()) return "unknown hashAlg";
      status =
          MlDsa65HashSign(sig, sk, f.Hex("message"), f.HexOrEmpty("context"), *hash, {.rnd = rnd});
      break;
    }
    case Interface::kInternal:
      status = MlDsa65SignInternal(sig, sk, f.Hex("message"), rnd);
      break;
    case Interface::kExternalMu: {
      const Bytes mu_bytes = f.Hex("mu");
      MlDsaMu mu{};
      if (mu_bytes.size() != mu.size()) return "mu is not 64 bytes";
      std::copy(mu_bytes.begin(), mu_bytes.end(), mu.begin());
      status = MlDsa65SignMu(sig, sk, mu, rnd);
      break;
    }
  }
  if (!f.ok()) return f.error();
  if (!status.ok()) return "signing failed";
  return Same(sig, want) ? "" : "signature differs";
}

std::string CheckSigVer(const nlohmann::json& group, const nlohmann::json& test,
                        const nlohmann::json& expected) {
  const std::optional<Interface> interface = InterfaceOf(group);
  if (!interface.has_value()) return "unknown signatureInterface/preHash combination";
  FieldReader f(test);
  const Bytes pk = f.Hex("pk");
  const Bytes sig = f.Hex("signature");
  FieldReader e(expected);
  const bool want = e.Bool("testPassed");
  if (!e.ok()) return e.error();
  absl::Status status;
  switch (*interface) {
    case Interface::kPure:
      status = MlDsa65Verify(pk, f.Hex("message"), f.HexOrEmpty("context"), sig);
      break;
    case Interface::kPreHash: {
      const std::optional<MlDsaPreHash> hash = PreHashOf(f.String("hashAlg"));
      if (!hash.has_value()) return "unknown hashAlg";
      status = MlDsa65HashVerify(pk, f.Hex("message"), f.HexOrEmpty("context"), *hash, sig);
      break;
    }
    case Interface::kInternal:
      status = MlDsa65VerifyInternal(pk, f.Hex("message"), sig);
      break;
    case Interface::kExternalMu: {
      const Bytes mu_bytes = f.Hex("mu");
      MlDsaMu mu{};
      if (mu_bytes.size() != mu.size()) return "mu is not 64 bytes";
      std::copy(mu_bytes.begin(), mu_bytes.end(), mu.begin());
      status = MlDsa65VerifyMu(pk, mu, sig);
      break;
    }
  }
  if (!f.ok()) return f.error();
  if (status.ok() == want) return "";
  return want ? "a valid signature was rejected" : "an invalid signature was accepted";
}

}  // namespace

void RunAcvpMlDsa(const internal::AcvpFolder& folder, VectorFileReport& report) {
  if (folder.mode == "keyGen") {
    internal::WalkAcvp(folder, "ML-DSA-65", CheckKeyGen, report);
  } else if (folder.mode == "sigGen") {
    internal::WalkAcvp(folder, "ML-DSA-65", CheckSigGen, report);
  } else if (folder.mode == "sigVer") {
    internal::WalkAcvp(folder, "ML-DSA-65", CheckSigVer, report);
  } else {
    report.error = "ACVP ML-DSA mode '" + folder.mode + "' is not one this tool covers";
  }
}

}  // namespace cam::crypto::tools
