// Wycheproof HMAC-SHA256 (hmac_sha256_test.json) and HKDF-SHA256 (hkdf_sha256_test.json).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "crypto/ct.h"
#include "crypto/primitives/hkdf.h"
#include "crypto/primitives/hmac.h"
#include "tests/conformance/primitives/wycheproof_util.h"

namespace cam::crypto {
namespace {

using ::cam::testing::HexField;

// Groups with tagSize 128 expect the tag truncated to 16 bytes. HmacSha256Verify accepts only
// full tags by design, so those cases compare the truncated one-shot output, and additionally
// check that HmacSha256Verify refuses the truncated tag.
std::string CheckHmac(const nlohmann::json& group, const nlohmann::json& test) {
  const auto key = HexField(test, "key");
  const auto msg = HexField(test, "msg");
  const auto tag = HexField(test, "tag");
  const size_t tag_size = group.at("tagSize").get<size_t>() / 8;
  const bool valid = test.at("result") == "valid";
  if (test.at("result") == "acceptable") return "unexpected acceptable case";

  absl::StatusOr<HmacSha256Tag> full = HmacSha256(key, msg);
  if (!full.ok()) return "HmacSha256 failed";
  // Incremental, byte by byte, must agree with one-shot.
  absl::StatusOr<HmacSha256Context> mac = HmacSha256Context::Create(key);
  if (!mac.ok()) return "context create failed";
  for (uint8_t b : msg) {
    if (!mac->Update(std::span(&b, 1)).ok()) return "update failed";
  }
  absl::StatusOr<HmacSha256Tag> incremental = mac->Finish();
  if (!incremental.ok() || *incremental != *full) return "incremental differs from one-shot";

  const bool match =
      tag.size() == tag_size && ct::EqualMask(std::span(*full).first(tag_size), tag) == 0xFF;
  if (match != valid) return valid ? "tag mismatch" : "invalid tag matched";
  const absl::Status verify = HmacSha256Verify(key, msg, tag);
  const bool verify_expected = valid && tag_size == kHmacSha256TagSize;
  if (verify.ok() != verify_expected) {
    return verify.ok() ? "HmacSha256Verify accepted" : "HmacSha256Verify rejected";
  }
  return "";
}

std::string CheckHkdf(const nlohmann::json&, const nlohmann::json& test) {
  const auto ikm = HexField(test, "ikm");
  const auto salt = HexField(test, "salt");
  const auto info = HexField(test, "info");
  const size_t size = test.at("size").get<size_t>();
  const std::string result = test.at("result").get<std::string>();
  absl::StatusOr<base::SecureBuffer> okm = HkdfSha256(ikm, salt, info, size);
  if (result == "invalid") {
    // The invalid cases ask for more than 255 * HashLen bytes.
    return okm.ok() ? "accepted an invalid output size" : "";
  }
  if (result != "valid") return "unexpected acceptable case";
  if (!okm.ok()) return "derive failed: " + std::string(okm.status().message());
  const auto expected = HexField(test, "okm");
  if (!std::equal(expected.begin(), expected.end(), okm->data(), okm->data() + okm->size())) {
    return "one-shot OKM mismatch";
  }
  // Extract then Expand must give the same bytes.
  absl::StatusOr<HkdfSha256Prk> prk = HkdfSha256Extract(ikm, salt);
  if (!prk.ok()) return "extract failed";
  std::vector<uint8_t> expanded(size);
  if (!HkdfSha256Expand(prk->span(), info, expanded).ok()) return "expand failed";
  if (expanded != expected) return "extract+expand OKM mismatch";
  return "";
}

TEST(WycheproofMacKdfTest, HmacSha256) {
  cam::testing::RunWycheproofFile("hmac_sha256_test.json", CheckHmac);
}

TEST(WycheproofMacKdfTest, HkdfSha256) {
  cam::testing::RunWycheproofFile("hkdf_sha256_test.json", CheckHkdf);
}

}  // namespace
}  // namespace cam::crypto
