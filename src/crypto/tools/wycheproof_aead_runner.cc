#include "crypto/tools/wycheproof_aead_runner.h"

#include <algorithm>
#include <string>
#include <vector>

#include "base/reasons.h"
#include "crypto/primitives/aead.h"
#include "crypto/primitives/internal/aead_raw.h"
#include "crypto/tools/internal/vector_json.h"
#include "crypto/tools/internal/wycheproof_walk.h"

namespace cam::crypto::tools {
namespace {

using internal::Bytes;
using internal::Expect;
using internal::FieldReader;

// OpenSSL keeps the GCM IV in a 128-byte field and refuses longer ones; only the 2056-bit
// groups of aes_gcm_test.json exceed it.
constexpr int64_t kOpenSslMaxGcmIvBits = 1024;

bool IsReason(const absl::Status& status, base::Reason reason) {
  return base::ReasonOf(status) == reason;
}

// Groups with camd's parameters (256-bit key, 96-bit nonce, 128-bit tag) run through the
// public aead.h API. The others (AES-128/192, other IV lengths) run through the engine behind
// it (internal/aead_raw.h), the same OpenSSL calls without camd's size policy, so no group of
// either file is skipped.
std::string CheckAead(AeadAlgorithm algorithm, const nlohmann::json& group,
                      const nlohmann::json& test, Expect expect) {
  FieldReader g(group);
  const int64_t key_bits = g.Int("keySize");
  const int64_t iv_bits = g.Int("ivSize");
  const int64_t tag_bits = g.Int("tagSize");
  FieldReader f(test);
  const Bytes key = f.Hex("key");
  const Bytes iv = f.Hex("iv");
  const Bytes aad = f.Hex("aad");
  const Bytes msg = f.Hex("msg");
  Bytes expected = f.Hex("ct");
  const Bytes tag = f.Hex("tag");
  if (!g.ok()) return g.error();
  if (!f.ok()) return f.error();
  if (tag_bits != 128) return "only 128-bit tags are defined for these AEADs";
  expected.insert(expected.end(), tag.begin(), tag.end());

  const bool public_api = key_bits == 256 && iv_bits == 96;
  const crypto::internal::RawAead raw = algorithm == AeadAlgorithm::kAes256Gcm
                                            ? crypto::internal::RawAead::kAesGcm
                                            : crypto::internal::RawAead::kChaCha20Poly1305;
  std::vector<uint8_t> sealed(msg.size() + kAeadTagSize);
  const absl::Status seal = public_api
                                ? AeadSealInto(algorithm, key, iv, msg, aad, sealed)
                                : crypto::internal::RawAeadSeal(raw, key, iv, msg, aad, sealed);
  std::vector<uint8_t> opened(expected.size() >= kAeadTagSize ? expected.size() - kAeadTagSize : 0);
  const absl::Status open =
      public_api ? AeadOpenInto(algorithm, key, iv, expected, aad, opened)
                 : crypto::internal::RawAeadOpen(raw, key, iv, expected, aad, opened);

  if (algorithm == AeadAlgorithm::kAes256Gcm && iv_bits > kOpenSslMaxGcmIvBits) {
    // Cannot be computed with OpenSSL; what camd must do is refuse it cleanly.
    if (!IsReason(seal, base::Reason::kCryptoInvalidInput)) return "over-long IV not refused";
    if (!IsReason(open, base::Reason::kCryptoDecryptFailed)) return "over-long IV opened";
    return "";
  }
  if (expect == Expect::kValid) {
    if (!seal.ok()) return "seal failed";
    if (sealed != expected) return "seal produced a different ciphertext or tag";
    if (!open.ok()) return "open failed";
    if (opened != msg) return "open produced a different plaintext";
    return "";
  }
  if (expect == Expect::kAcceptable) return "";
  // Invalid: open fails with the uniform reason and leaves no plaintext behind; seal may refuse
  // (bad nonce size) but must not reproduce the rejected ciphertext.
  if (open.ok()) return "open accepted an invalid ciphertext";
  if (!IsReason(open, base::Reason::kCryptoDecryptFailed)) return "open failed for a wrong reason";
  if (std::any_of(opened.begin(), opened.end(), [](uint8_t b) { return b != 0; })) {
    return "plaintext left behind after a failed open";
  }
  if (seal.ok() && sealed == expected) return "seal reproduced the invalid ciphertext";
  return "";
}

}  // namespace

void RunWycheproofAead(const nlohmann::json& doc, VectorFileReport& report) {
  const std::string algorithm = internal::StringOr(doc, "algorithm");
  AeadAlgorithm aead;
  if (algorithm == "AES-GCM") {
    aead = AeadAlgorithm::kAes256Gcm;
  } else if (algorithm == "CHACHA20-POLY1305") {
    aead = AeadAlgorithm::kChaCha20Poly1305;
  } else {
    report.error = "AEAD '" + algorithm +
                   "' is not implemented (camd has AES-256-GCM and ChaCha20-Poly1305 only)";
    return;
  }
  internal::WalkWycheproof(
      doc, internal::RunAllGroups,
      [aead](const nlohmann::json& group, const nlohmann::json& test, Expect expect) {
        return CheckAead(aead, group, test, expect);
      },
      report);
}

}  // namespace cam::crypto::tools
