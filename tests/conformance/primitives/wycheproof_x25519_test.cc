// Wycheproof X25519 (x25519_test.json). "acceptable" cases are public keys a careful
// implementation may accept or reject (twist points, non-canonical encodings, low-order points).
// camd's policy: accept every 32-byte public key as RFC 7748 says, and reject exactly the
// all-zero shared secret, so an acceptable case must either match the expected secret or be
// a ZeroSharedSecret case that is refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "base/reasons.h"
#include "crypto/primitives/x25519.h"
#include "tests/conformance/primitives/wycheproof_util.h"

namespace cam::crypto {
namespace {

using ::cam::testing::HexField;

bool HasFlag(const nlohmann::json& test, std::string_view flag) {
  for (const auto& f : test.at("flags")) {
    if (f.get<std::string>() == flag) return true;
  }
  return false;
}

std::string CheckX25519(const nlohmann::json& group, const nlohmann::json& test) {
  if (group.at("curve") != "curve25519") return "unexpected curve";
  const auto public_key = HexField(test, "public");
  const auto private_key = HexField(test, "private");
  const auto shared = HexField(test, "shared");
  const std::string result = test.at("result").get<std::string>();
  if (public_key.size() != kX25519KeySize || private_key.size() != kX25519KeySize) {
    // The fixed-size API cannot even be called with these; only an invalid case may have them.
    return result == "invalid" ? "" : "valid case with a wrong-length key";
  }
  const absl::StatusOr<X25519SharedSecret> got =
      X25519(std::span<const uint8_t, 32>(private_key.data(), 32),
             std::span<const uint8_t, 32>(public_key.data(), 32));
  const bool zero = std::all_of(shared.begin(), shared.end(), [](uint8_t b) { return b == 0; });
  if (zero) {
    if (!HasFlag(test, "ZeroSharedSecret") || result == "valid") {
      return "all-zero expected secret in an unexpected case";
    }
    if (got.ok()) return "all-zero shared secret was accepted";
    if (base::ReasonOf(got.status()) != base::Reason::kCryptoInvalidInput) {
      return "all-zero shared secret rejected with the wrong reason";
    }
    return "";
  }
  if (result == "invalid") return got.ok() ? "invalid case accepted" : "";
  if (!got.ok()) return "derive failed: " + std::string(got.status().message());
  if (!std::equal(shared.begin(), shared.end(), got->data())) return "shared secret mismatch";
  // The private key also yields a consistent key pair.
  const absl::StatusOr<X25519KeyPair> pair =
      X25519KeyPairFromPrivate(std::span<const uint8_t, 32>(private_key.data(), 32));
  if (!pair.ok()) return "key pair from private failed";
  return "";
}

TEST(WycheproofX25519Test, AllCases) {
  cam::testing::RunWycheproofFile("x25519_test.json", CheckX25519);
}

}  // namespace
}  // namespace cam::crypto
