// Fuzzes every decoder of the identity layer on hostile text: the JWT verifier (with a fixed
// Ed25519 key), JWK Set parsing, strict JSON, base64url and the API-key parser. The first byte
// picks the decoder; the rest is the input. Invariants beyond "no crash, no hang": a base64url
// decode re-encodes to exactly its input (one canonical form), a token accepted by the verifier
// carries the configured issuer, and a parsed API key re-assembles to the presented text.
#include <array>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "absl/time/time.h"
#include "identity/api_key.h"
#include "identity/base64url.h"
#include "identity/jwk_set.h"
#include "identity/jwt_signer.h"
#include "identity/jwt_verifier.h"
#include "identity/strict_json.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/identity_fuzz_key.h"

namespace {

namespace identity = ::cam::identity;

const identity::JwtVerifier& Verifier() {
  static const identity::JwtVerifier* verifier = [] {
    absl::StatusOr<identity::JwtSigner> signer = cam::fuzz::IdentityFuzzSigner();
    CAM_FUZZ_CHECK(signer.ok());
    const identity::JwtSigner* signers[] = {&*signer};
    absl::StatusOr<identity::JwkSet> set =
        identity::JwkSet::Parse(identity::JwtSigner::PublicJwkSetJson(signers));
    CAM_FUZZ_CHECK(set.ok());
    // The cache is off so every input takes the full path.
    absl::StatusOr<std::unique_ptr<identity::JwtVerifier>> made = identity::JwtVerifier::Create(
        {.cache_capacity = 0}, std::make_shared<identity::StaticJwkSetSource>(*std::move(set)));
    CAM_FUZZ_CHECK(made.ok());
    return made->release();
  }();
  return *verifier;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cam::fuzz::FuzzInput in(data, size);
  const uint8_t mode = in.Byte();
  const std::string text = in.RestAsText();
  switch (mode % 5) {
    case 0: {
      absl::StatusOr<identity::VerifiedToken> token =
          Verifier().Verify(text, cam::fuzz::kIdentityFuzzNow);
      if (token.ok()) CAM_FUZZ_CHECK(token->claims.iss == "camd");
      break;
    }
    case 1:
      (void)identity::JwkSet::Parse(text);
      break;
    case 2: {
      nlohmann::json out;
      (void)identity::ParseStrictJsonObject(text, out);
      break;
    }
    case 3: {
      absl::StatusOr<std::string> decoded = identity::Base64UrlDecodeToString(text);
      if (decoded.ok()) CAM_FUZZ_CHECK(identity::Base64UrlEncode(*decoded) == text);
      break;
    }
    case 4: {
      absl::StatusOr<identity::ParsedApiKey> key = identity::ParseApiKey(text);
      if (key.ok()) {
        const std::string secret(reinterpret_cast<const char*>(key->secret.data()),
                                 key->secret.size());
        CAM_FUZZ_CHECK(text == "cam_" + key->id + "_" + secret);
      }
      break;
    }
  }
  return 0;
}
