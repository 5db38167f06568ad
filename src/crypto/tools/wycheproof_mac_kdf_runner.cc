#include "crypto/tools/wycheproof_mac_kdf_runner.h"

#include <algorithm>
#include <string>
#include <vector>

#include "crypto/ct.h"
#include "crypto/primitives/hkdf.h"
#include "crypto/primitives/hmac.h"
#include "crypto/tools/internal/vector_json.h"
#include "crypto/tools/internal/wycheproof_walk.h"

namespace cam::crypto::tools {
namespace {

using internal::Bytes;
using internal::Expect;
using internal::FieldReader;

// Groups with tagSize 128 expect the tag truncated to 16 bytes. HmacSha256Verify takes only
// full tags by design, so those cases compare the truncated one-shot output and check that the
// verifier refuses the truncated tag.
std::string CheckHmac(const nlohmann::json& group, const nlohmann::json& test, Expect expect) {
  FieldReader g(group);
  const int64_t tag_bits = g.Int("tagSize");
  FieldReader f(test);
  const Bytes key = f.Hex("key");
  const Bytes msg = f.Hex("msg");
  const Bytes tag = f.Hex("tag");
  if (!g.ok()) return g.error();
  if (!f.ok()) return f.error();
  if (tag_bits <= 0 || tag_bits > 256 || tag_bits % 8 != 0) return "unsupported tagSize";
  const size_t tag_size = static_cast<size_t>(tag_bits / 8);

  const absl::StatusOr<HmacSha256Tag> full = HmacSha256(key, msg);
  if (!full.ok()) return "HMAC failed";
  // Incremental, one byte at a time, must agree with one-shot.
  absl::StatusOr<HmacSha256Context> mac = HmacSha256Context::Create(key);
  if (!mac.ok()) return "HMAC context creation failed";
  for (const uint8_t b : msg) {
    if (!mac->Update(std::span<const uint8_t>(&b, 1)).ok()) return "HMAC update failed";
  }
  const absl::StatusOr<HmacSha256Tag> incremental = mac->Finish();
  if (!incremental.ok() || *incremental != *full) return "incremental HMAC differs from one-shot";

  if (expect == Expect::kAcceptable) return "";
  const bool valid = expect == Expect::kValid;
  const bool match = tag.size() == tag_size &&
                     ct::EqualMask(std::span<const uint8_t>(*full).first(tag_size), tag) == 0xFF;
  if (match != valid) return valid ? "tag differs" : "an invalid tag matched";
  const bool verified = HmacSha256Verify(key, msg, tag).ok();
  if (verified != (valid && tag_size == kHmacSha256TagSize)) {
    return verified ? "HmacSha256Verify accepted the tag" : "HmacSha256Verify rejected the tag";
  }
  return "";
}

std::string CheckHkdf(const nlohmann::json&, const nlohmann::json& test, Expect expect) {
  FieldReader f(test);
  const Bytes ikm = f.Hex("ikm");
  const Bytes salt = f.Hex("salt");
  const Bytes info = f.Hex("info");
  const int64_t size = f.Int("size");
  const Bytes want = f.HexOrEmpty("okm");
  if (!f.ok()) return f.error();
  if (size < 0) return "negative size";
  const absl::StatusOr<base::SecureBuffer> okm =
      HkdfSha256(ikm, salt, info, static_cast<size_t>(size));
  if (expect == Expect::kAcceptable) return "";
  // The invalid cases ask for more than 255 * HashLen bytes.
  if (expect == Expect::kInvalid) return okm.ok() ? "an invalid output size was accepted" : "";
  if (!okm.ok()) return "derivation failed";
  if (!std::equal(want.begin(), want.end(), okm->data(), okm->data() + okm->size())) {
    return "one-shot OKM differs";
  }
  // Extract then Expand must give the same bytes.
  const absl::StatusOr<HkdfSha256Prk> prk = HkdfSha256Extract(ikm, salt);
  if (!prk.ok()) return "extract failed";
  std::vector<uint8_t> expanded(static_cast<size_t>(size));
  if (!HkdfSha256Expand(prk->span(), info, expanded).ok()) return "expand failed";
  if (expanded != want) return "extract+expand OKM differs";
  return "";
}

}  // namespace

void RunWycheproofHmac(const nlohmann::json& doc, VectorFileReport& report) {
  const std::string algorithm = internal::StringOr(doc, "algorithm");
  if (algorithm != "HMACSHA256") {
    report.error = "MAC '" + algorithm + "' is not implemented (camd has HMAC-SHA256 only)";
    return;
  }
  internal::WalkWycheproof(doc, internal::RunAllGroups, CheckHmac, report);
}

void RunWycheproofHkdf(const nlohmann::json& doc, VectorFileReport& report) {
  const std::string algorithm = internal::StringOr(doc, "algorithm");
  if (algorithm != "HKDF-SHA-256") {
    report.error = "KDF '" + algorithm + "' is not implemented (camd has HKDF-SHA-256 only)";
    return;
  }
  internal::WalkWycheproof(doc, internal::RunAllGroups, CheckHkdf, report);
}

}  // namespace cam::crypto::tools
