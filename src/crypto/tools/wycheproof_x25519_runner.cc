#include "crypto/tools/wycheproof_x25519_runner.h"

#include <algorithm>
#include <string>

#include "base/reasons.h"
#include "crypto/primitives/x25519.h"
#include "crypto/tools/internal/vector_json.h"
#include "crypto/tools/internal/wycheproof_walk.h"

namespace cam::crypto::tools {
namespace {

using internal::Bytes;
using internal::Expect;
using internal::FieldReader;

std::string OnlyCurve25519(const nlohmann::json& group) {
  const std::string curve = internal::StringOr(group, "curve");
  if (curve == "curve25519") return "";
  return "group on curve '" + curve + "': camd implements X25519 only";
}

bool HasFlag(const nlohmann::json& test, std::string_view flag) {
  const nlohmann::json* flags = internal::FindArray(test, "flags");
  if (flags == nullptr) return false;
  return std::any_of(flags->begin(), flags->end(),
                     [flag](const nlohmann::json& f) { return f.is_string() && f == flag; });
}

// camd accepts every 32-byte public key, as RFC 7748 says, and refuses exactly an all-zero
// shared secret (a small-order peer point). So an "acceptable" case must either give the
// expected secret or be a ZeroSharedSecret case that camd refuses.
std::string CheckX25519(const nlohmann::json&, const nlohmann::json& test, Expect expect) {
  FieldReader f(test);
  const Bytes public_key = f.Hex("public");
  const Bytes private_key = f.Hex("private");
  const Bytes shared = f.Hex("shared");
  if (!f.ok()) return f.error();
  if (public_key.size() != kX25519KeySize || private_key.size() != kX25519KeySize) {
    // The fixed-size API cannot be called with these; only an invalid case may have them.
    return expect == Expect::kInvalid ? "" : "a valid case has a wrong-length key";
  }
  const absl::StatusOr<X25519SharedSecret> got =
      X25519(std::span<const uint8_t, kX25519KeySize>(private_key.data(), kX25519KeySize),
             std::span<const uint8_t, kX25519KeySize>(public_key.data(), kX25519KeySize));
  const bool zero = std::all_of(shared.begin(), shared.end(), [](uint8_t b) { return b == 0; });
  if (zero) {
    if (!HasFlag(test, "ZeroSharedSecret") || expect == Expect::kValid) {
      return "all-zero expected secret in an unexpected case";
    }
    if (got.ok()) return "an all-zero shared secret was accepted";
    if (base::ReasonOf(got.status()) != base::Reason::kCryptoInvalidInput) {
      return "all-zero shared secret refused with the wrong reason";
    }
    return "";
  }
  if (expect == Expect::kInvalid) return got.ok() ? "an invalid case was accepted" : "";
  if (!got.ok()) return "key agreement failed";
  if (shared.size() != kX25519KeySize || !std::equal(shared.begin(), shared.end(), got->data())) {
    return "shared secret differs";
  }
  return "";
}

}  // namespace

void RunWycheproofX25519(const nlohmann::json& doc, VectorFileReport& report) {
  internal::WalkWycheproof(doc, OnlyCurve25519, CheckX25519, report);
}

}  // namespace cam::crypto::tools
