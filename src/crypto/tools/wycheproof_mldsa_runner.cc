#include "crypto/tools/wycheproof_mldsa_runner.h"

#include <algorithm>
#include <span>
#include <string>

#include "base/secure_buffer.h"
#include "crypto/mldsa/mldsa65.h"
#include "crypto/tools/internal/vector_json.h"
#include "crypto/tools/internal/wycheproof_walk.h"

namespace cam::crypto::tools {
namespace {

using internal::Bytes;
using internal::Expect;
using internal::FieldReader;

constexpr std::string_view kSignNoSeedSchema = "mldsa_sign_noseed_schema.json";
constexpr std::string_view kSignSeedSchema = "mldsa_sign_seed_schema.json";
constexpr std::string_view kVerifySchema = "mldsa_verify_schema.json";

bool Same(std::span<const uint8_t> a, const Bytes& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// Signs one case with `sk`: pure ML-DSA.Sign of msg under ctx, or, for cases that give only mu
// (flag Internal), signing on the external mu. rnd is 32 zero bytes (deterministic) unless the
// case gives one. A valid case must reproduce sig, verify under `pk`, and match the given mu;
// an invalid case must be refused.
std::string CheckSign(const nlohmann::json& test, Expect expect, std::span<const uint8_t> sk,
                      std::span<const uint8_t> pk) {
  FieldReader f(test);
  const bool has_msg = f.Has("msg");
  const Bytes msg = f.HexOrEmpty("msg");
  const Bytes ctx = f.HexOrEmpty("ctx");
  const Bytes mu_given = f.HexOrEmpty("mu");
  const Bytes rnd_given = f.HexOrEmpty("rnd");
  const Bytes want_sig = f.HexOrEmpty("sig");
  if (!f.ok()) return f.error();
  if (!has_msg && mu_given.size() != kMlDsaMuBytes) return "case has neither msg nor a 64-byte mu";
  MlDsaRnd rnd{};
  if (f.Has("rnd")) {
    if (rnd_given.size() != rnd.size()) return "rnd is not 32 bytes";
    std::copy(rnd_given.begin(), rnd_given.end(), rnd.begin());
  }
  MlDsa65Signature sig;
  MlDsaMu mu{};
  absl::Status status;
  if (has_msg) {
    status = MlDsa65Sign(sig, sk, msg, ctx, {.rnd = rnd});
  } else {
    std::copy(mu_given.begin(), mu_given.end(), mu.begin());
    status = MlDsa65SignMu(sig, sk, mu, rnd);
  }
  if (expect != Expect::kValid) return status.ok() ? "an invalid signing case was accepted" : "";
  if (!status.ok()) return "signing failed";
  if (!Same(sig, want_sig)) return "signature differs";
  if (has_msg) {
    if (!MlDsa65Verify(pk, msg, ctx, sig).ok()) return "own signature does not verify";
    if (!mu_given.empty()) {
      if (!MlDsa65ComputeMu(mu, pk, msg, ctx).ok()) return "computing mu failed";
      if (!Same(mu, mu_given)) return "mu differs";
    }
  } else if (!MlDsa65VerifyMu(pk, mu, sig).ok()) {
    return "own signature on mu does not verify";
  }
  return "";
}

std::string CheckSignNoSeed(const nlohmann::json& group, const nlohmann::json& test,
                            Expect expect) {
  FieldReader g(group);
  const Bytes sk = g.Hex("privateKey");
  // Groups whose private key is malformed have no public key (null).
  const Bytes pk = g.HexOrEmpty("publicKey");
  if (!g.ok()) return g.error();
  return CheckSign(test, expect, sk, pk);
}

std::string CheckSignSeed(const nlohmann::json& group, const nlohmann::json& test, Expect expect) {
  FieldReader g(group);
  const Bytes seed = g.Hex("privateSeed");
  const Bytes want_pk = g.HexOrEmpty("publicKey");  // null where the seed is malformed
  const Bytes pkcs8 = g.HexOrEmpty("privateKeyPkcs8");
  if (!g.ok()) return g.error();
  MlDsa65PublicKey pk;
  base::SecureBuffer sk;
  if (!MlDsa65KeyGenFromSeed(pk, sk, seed).ok()) {
    // Only a wrong-length seed may be refused, and then every case of the group is invalid.
    if (seed.size() == kMlDsaSeedBytes) return "key generation refused a 32-byte seed";
    return expect == Expect::kValid ? "key generation refused the seed of a valid case" : "";
  }
  if (!Same(pk, want_pk)) return "public key derived from the seed differs";
  // The PKCS#8 form, where given, is the seed-only encoding: it must end in the seed.
  if (!pkcs8.empty() &&
      (pkcs8.size() < seed.size() || !std::equal(seed.begin(), seed.end(), pkcs8.end() - 32))) {
    return "privateKeyPkcs8 does not end in the seed";
  }
  return CheckSign(test, expect, sk.span(), pk);
}

std::string CheckVerify(const nlohmann::json& group, const nlohmann::json& test, Expect expect) {
  FieldReader g(group);
  const Bytes pk = g.Hex("publicKey");
  FieldReader f(test);
  const Bytes msg = f.Hex("msg");
  const Bytes ctx = f.HexOrEmpty("ctx");
  const Bytes sig = f.Hex("sig");
  if (!g.ok()) return g.error();
  if (!f.ok()) return f.error();
  const bool verified = MlDsa65Verify(pk, msg, ctx, sig).ok();
  if (expect == Expect::kAcceptable) return "";
  if (expect == Expect::kValid) return verified ? "" : "a valid signature was rejected";
  return verified ? "an invalid signature was accepted" : "";
}

}  // namespace

bool HandlesWycheproofMlDsaSchema(std::string_view schema) {
  return schema == kSignNoSeedSchema || schema == kSignSeedSchema || schema == kVerifySchema;
}

void RunWycheproofMlDsa(const nlohmann::json& doc, std::string_view schema,
                        VectorFileReport& report) {
  const std::string algorithm = internal::StringOr(doc, "algorithm");
  if (algorithm != "ML-DSA-65") {
    report.error = "algorithm '" + algorithm + "' is not implemented (camd has ML-DSA-65 only)";
    return;
  }
  internal::WycheproofCaseCheck check;
  if (schema == kSignNoSeedSchema) {
    check = CheckSignNoSeed;
  } else if (schema == kSignSeedSchema) {
    check = CheckSignSeed;
  } else if (schema == kVerifySchema) {
    check = CheckVerify;
  } else {
    report.error = "not an ML-DSA schema";
    return;
  }
  internal::WalkWycheproof(doc, internal::RunAllGroups, check, report);
}

}  // namespace cam::crypto::tools
