// Wycheproof AEAD vectors: aes_gcm_test.json and chacha20_poly1305_test.json.
//
// 256-bit-key, 96-bit-nonce groups go through the public API (AeadSeal/AeadOpen); all other
// groups (AES-128/192, other IV lengths, invalid nonce sizes) go through the raw engine
// behind it (internal/aead_raw.h), so every case in both files runs.
// xchacha20_poly1305_test.json is not covered: XChaCha20-Poly1305 is not in OpenSSL 3.0 and
// camd does not implement it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/reasons.h"
#include "crypto/primitives/aead.h"
#include "crypto/primitives/internal/aead_raw.h"
#include "tests/conformance/primitives/wycheproof_util.h"

namespace cam::crypto {
namespace {

using ::cam::testing::HexField;

// OpenSSL's GCM stores the IV in a 128-byte field and refuses longer IVs (only the 2056-bit
// groups of aes_gcm_test.json, one valid case each). Those cases must be refused cleanly with
// CAM_CRYPTO_INVALID_INPUT rather than computed wrongly.
constexpr size_t kOpenSslMaxGcmIvBits = 1024;

std::string CheckAead(AeadAlgorithm algorithm, const nlohmann::json& group,
                      const nlohmann::json& test) {
  const auto key = HexField(test, "key");
  const auto iv = HexField(test, "iv");
  const auto aad = HexField(test, "aad");
  const auto msg = HexField(test, "msg");
  auto expected = HexField(test, "ct");
  const auto tag = HexField(test, "tag");
  expected.insert(expected.end(), tag.begin(), tag.end());
  const std::string result = test.at("result").get<std::string>();
  const bool public_api = group.at("keySize").get<int>() == 256 &&
                          group.at("ivSize").get<int>() == 96 &&
                          group.at("tagSize").get<int>() == 128;
  const internal::RawAead raw = algorithm == AeadAlgorithm::kAes256Gcm
                                    ? internal::RawAead::kAesGcm
                                    : internal::RawAead::kChaCha20Poly1305;

  std::vector<uint8_t> sealed(msg.size() + kAeadTagSize);
  const absl::Status seal_status = public_api
                                       ? AeadSealInto(algorithm, key, iv, msg, aad, sealed)
                                       : internal::RawAeadSeal(raw, key, iv, msg, aad, sealed);
  std::vector<uint8_t> opened(expected.size() >= kAeadTagSize ? expected.size() - kAeadTagSize : 0);
  const absl::Status open_status = public_api
                                       ? AeadOpenInto(algorithm, key, iv, expected, aad, opened)
                                       : internal::RawAeadOpen(raw, key, iv, expected, aad, opened);

  if (algorithm == AeadAlgorithm::kAes256Gcm &&
      group.at("ivSize").get<size_t>() > kOpenSslMaxGcmIvBits) {
    if (base::ReasonOf(seal_status) != base::Reason::kCryptoInvalidInput) {
      return "IV longer than OpenSSL's GCM limit was not refused on seal";
    }
    if (base::ReasonOf(open_status) != base::Reason::kCryptoDecryptFailed) {
      return "IV longer than OpenSSL's GCM limit was not refused on open";
    }
    return "";
  }
  if (result == "valid") {
    if (!seal_status.ok()) return "seal failed: " + std::string(seal_status.message());
    if (sealed != expected) return "seal produced different ciphertext or tag";
    if (!open_status.ok()) return "open failed: " + std::string(open_status.message());
    if (opened != msg) return "open produced different plaintext";
    return "";
  }
  // invalid (Wycheproof AEAD files have no "acceptable" cases): opening must fail with the
  // uniform error and leave no plaintext; sealing may fail (bad nonce size) but must not
  // reproduce the rejected ciphertext.
  if (open_status.ok()) return "open accepted an invalid ciphertext";
  if (base::ReasonOf(open_status) != base::Reason::kCryptoDecryptFailed) {
    return "open failed with an unexpected reason";
  }
  for (uint8_t b : opened) {
    if (b != 0) return "plaintext left behind after a failed open";
  }
  if (seal_status.ok() && sealed == expected) return "seal reproduced an invalid ciphertext";
  return "";
}

TEST(WycheproofAeadTest, AesGcm) {
  cam::testing::RunWycheproofFile("aes_gcm_test.json", [](const auto& group, const auto& test) {
    return CheckAead(AeadAlgorithm::kAes256Gcm, group, test);
  });
}

TEST(WycheproofAeadTest, ChaCha20Poly1305) {
  cam::testing::RunWycheproofFile("chacha20_poly1305_test.json",
                                  [](const auto& group, const auto& test) {
                                    return CheckAead(AeadAlgorithm::kChaCha20Poly1305, group, test);
                                  });
}

}  // namespace
}  // namespace cam::crypto
