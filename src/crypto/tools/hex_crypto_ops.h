// File: crypto/tools/hex_crypto_ops.h
// Offline post-quantum operations on hex strings, for `camctl crypto` and scripts: ML-KEM-768
// (keygen, encaps, decaps, check-ek), ML-DSA-65 (keygen, sign, verify) and X-Wing (keygen,
// encaps, decaps). Every byte string in and out is lower-case hex (input may be either case).
//
// Errors: malformed hex, a wrong length or any other bad input gives CAM_CRYPTO_INVALID_INPUT
// with the offending argument named by base::WithField (e.g. "ek", "seed"); a signature that
// does not verify gives CAM_CRYPTO_VERIFY_FAILED.
//
// Secrets: results that hold secret keys, seeds or shared secrets are plain std::string hex,
// because a command-line tool prints them; the binary intermediates are wiped here, and the
// caller should base::SecureZero the strings once printed. Omitting an optional seed or
// randomness draws it from the kernel CSPRNG.
#ifndef CAM_CRYPTO_TOOLS_HEX_CRYPTO_OPS_H_
#define CAM_CRYPTO_TOOLS_HEX_CRYPTO_OPS_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace cam::crypto::tools {

struct KemKeyPairHex {
  std::string seed;               // The key-generation seed (secret).
  std::string encapsulation_key;  // Public.
  std::string decapsulation_key;  // Secret.
};

struct KemEncapsHex {
  std::string ciphertext;
  std::string shared_secret;  // Secret.
};

struct SignatureKeyPairHex {
  std::string seed;  // xi (secret).
  std::string public_key;
  std::string secret_key;  // Secret.
};

// --- ML-KEM-768 -------------------------------------------------------------------------------

// MlKem768KeyGenHex derives a key pair from the 64-byte seed d || z (field "seed"); the
// decapsulation key is the 2400-byte FIPS 203 expanded form.
[[nodiscard]] absl::StatusOr<KemKeyPairHex> MlKem768KeyGenHex(
    std::optional<std::string_view> seed_hex);

// MlKem768EncapsHex encapsulates to `ek_hex` (1184 bytes, FIPS 203 7.2 checked). With `m_hex`
// (32 bytes, field "m") the result is deterministic; for known-answer tests only.
[[nodiscard]] absl::StatusOr<KemEncapsHex> MlKem768EncapsHex(std::string_view ek_hex,
                                                             std::optional<std::string_view> m_hex);

// MlKem768DecapsHex returns the shared secret of `ct_hex` (1088 bytes) under `dk_hex` (2400
// bytes, FIPS 203 7.3 hash check). A wrong ciphertext yields the implicit-rejection key.
[[nodiscard]] absl::StatusOr<std::string> MlKem768DecapsHex(std::string_view dk_hex,
                                                            std::string_view ct_hex);

// MlKem768CheckEkHex runs the FIPS 203 7.2 checks (length, modulus) on `ek_hex`.
[[nodiscard]] absl::Status MlKem768CheckEkHex(std::string_view ek_hex);

// --- ML-DSA-65 --------------------------------------------------------------------------------

// MlDsa65KeyGenHex derives a key pair from the 32-byte seed xi (field "seed").
[[nodiscard]] absl::StatusOr<SignatureKeyPairHex> MlDsa65KeyGenHex(
    std::optional<std::string_view> seed_hex);

struct MlDsaSignHexOptions {
  std::string_view context_hex;  // At most 255 bytes; empty by default.
  // rnd = 32 zero bytes, so the signature is a function of key, message and context.
  bool deterministic = false;
  // Explicit 32-byte rnd (field "rnd"), for known-answer tests; overrides `deterministic`.
  std::optional<std::string_view> rnd_hex;
};

// MlDsa65SignHex signs `message_hex` (pure ML-DSA, FIPS 204 Algorithm 2) with the 4032-byte
// secret key `sk_hex`; hedged (fresh rnd) unless the options say otherwise.
[[nodiscard]] absl::StatusOr<std::string> MlDsa65SignHex(std::string_view sk_hex,
                                                         std::string_view message_hex,
                                                         const MlDsaSignHexOptions& options = {});

// MlDsa65VerifyHex returns OK if `signature_hex` is valid for `message_hex` and `context_hex`
// under `pk_hex`.
[[nodiscard]] absl::Status MlDsa65VerifyHex(std::string_view pk_hex, std::string_view message_hex,
                                            std::string_view context_hex,
                                            std::string_view signature_hex);

// --- X-Wing -----------------------------------------------------------------------------------

// XWingKeyGenHex derives a key pair from the 32-byte seed; the decapsulation key IS the seed,
// so `seed` and `decapsulation_key` are equal.
[[nodiscard]] absl::StatusOr<KemKeyPairHex> XWingKeyGenHex(
    std::optional<std::string_view> seed_hex);

// XWingEncapsHex encapsulates to `ek_hex` (1216 bytes). With `eseed_hex` (64 bytes, field
// "eseed") the result is deterministic; for known-answer tests only.
[[nodiscard]] absl::StatusOr<KemEncapsHex> XWingEncapsHex(
    std::string_view ek_hex, std::optional<std::string_view> eseed_hex);

// XWingDecapsHex returns the shared secret of `ct_hex` (1120 bytes) under the 32-byte `dk_hex`.
[[nodiscard]] absl::StatusOr<std::string> XWingDecapsHex(std::string_view dk_hex,
                                                         std::string_view ct_hex);

}  // namespace cam::crypto::tools

#endif  // CAM_CRYPTO_TOOLS_HEX_CRYPTO_OPS_H_
