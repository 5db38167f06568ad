#include "crypto/tools/hex_crypto_ops.h"

#include <array>
#include <span>
#include <string>

#include "base/hex.h"
#include "base/random.h"
#include "base/reasons.h"
#include "base/secure_buffer.h"
#include "base/status_macros.h"
#include "crypto/mldsa/mldsa65.h"
#include "crypto/mlkem/mlkem768.h"
#include "crypto/xwing/xwing.h"

namespace cam::crypto::tools {
namespace {

using ::cam::base::SecureBuffer;

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

absl::Status BadInput(std::string_view field, std::string detail) {
  return base::WithField(base::Error(base::Reason::kCryptoInvalidInput, detail), field);
}

// Decode decodes `hex` into wiped memory, since many inputs here are secret keys. `size` 0
// accepts any length.
absl::StatusOr<SecureBuffer> Decode(std::string_view hex, std::string_view field, size_t size = 0) {
  if (hex.size() % 2 != 0) return BadInput(field, std::string(field) + ": odd-length hex");
  SecureBuffer out(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    const int hi = HexDigit(hex[2 * i]);
    const int lo = HexDigit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return BadInput(field, std::string(field) + ": not hex");
    out.data()[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  if (size != 0 && out.size() != size) {
    return BadInput(field, std::string(field) + ": must be " + std::to_string(size) + " bytes");
  }
  return out;
}

// SeedOrRandom decodes the optional seed, or draws `size` fresh bytes.
absl::StatusOr<SecureBuffer> SeedOrRandom(std::optional<std::string_view> hex,
                                          std::string_view field, size_t size) {
  if (hex.has_value()) return Decode(*hex, field, size);
  SecureBuffer seed(size);
  base::FillRandom(seed.span());
  return seed;
}

// Tag labels a crypto-layer error with the argument it concerns, keeping its reason.
absl::Status Tag(absl::Status status, std::string_view field) {
  return status.ok() ? status : base::WithField(std::move(status), field);
}

template <size_t N>
std::string Hex(const std::array<uint8_t, N>& bytes) {
  return base::HexEncode(bytes);
}

}  // namespace

absl::StatusOr<KemKeyPairHex> MlKem768KeyGenHex(std::optional<std::string_view> seed_hex) {
  CAM_ASSIGN_OR_RETURN(SecureBuffer seed, SeedOrRandom(seed_hex, "seed", kMlKem768SeedBytes));
  MlKem768EncapsulationKey ek;
  MlKem768DecapsulationKey dk;
  CAM_RETURN_IF_ERROR(Tag(MlKem768KeyGenFromSeed(ek, dk, seed.span()), "seed"));
  return KemKeyPairHex{.seed = base::HexEncode(seed.span()),
                       .encapsulation_key = Hex(ek),
                       .decapsulation_key = base::HexEncode(dk.bytes())};
}

absl::StatusOr<KemEncapsHex> MlKem768EncapsHex(std::string_view ek_hex,
                                               std::optional<std::string_view> m_hex) {
  CAM_ASSIGN_OR_RETURN(SecureBuffer ek, Decode(ek_hex, "ek", kMlKem768EncapsulationKeyBytes));
  MlKem768Ciphertext ct;
  std::array<uint8_t, kMlKem768SharedSecretBytes> ss;
  if (m_hex.has_value()) {
    CAM_ASSIGN_OR_RETURN(SecureBuffer m, Decode(*m_hex, "m", kMlKem768EncapsRandomBytes));
    CAM_RETURN_IF_ERROR(
        Tag(MlKem768EncapsDeterministic(
                ct, ss, ek.span(),
                std::span<const uint8_t, kMlKem768EncapsRandomBytes>(m.data(), m.size())),
            "ek"));
  } else {
    CAM_RETURN_IF_ERROR(Tag(MlKem768Encaps(ct, ss, ek.span()), "ek"));
  }
  KemEncapsHex out{.ciphertext = Hex(ct), .shared_secret = Hex(ss)};
  base::SecureZero(ss);
  return out;
}

absl::StatusOr<std::string> MlKem768DecapsHex(std::string_view dk_hex, std::string_view ct_hex) {
  CAM_ASSIGN_OR_RETURN(SecureBuffer dk_bytes, Decode(dk_hex, "dk", kMlKem768DecapsulationKeyBytes));
  CAM_ASSIGN_OR_RETURN(SecureBuffer ct, Decode(ct_hex, "ct", kMlKem768CiphertextBytes));
  absl::StatusOr<MlKem768DecapsulationKey> dk =
      MlKem768DecapsulationKey::FromBytes(dk_bytes.span());
  if (!dk.ok()) return Tag(dk.status(), "dk");
  std::array<uint8_t, kMlKem768SharedSecretBytes> ss;
  CAM_RETURN_IF_ERROR(Tag(MlKem768Decaps(ss, *dk, ct.span()), "ct"));
  std::string out = Hex(ss);
  base::SecureZero(ss);
  return out;
}

absl::Status MlKem768CheckEkHex(std::string_view ek_hex) {
  CAM_ASSIGN_OR_RETURN(SecureBuffer ek, Decode(ek_hex, "ek", kMlKem768EncapsulationKeyBytes));
  return Tag(MlKem768CheckEncapsulationKey(ek.span()), "ek");
}

absl::StatusOr<SignatureKeyPairHex> MlDsa65KeyGenHex(std::optional<std::string_view> seed_hex) {
  CAM_ASSIGN_OR_RETURN(SecureBuffer seed, SeedOrRandom(seed_hex, "seed", kMlDsaSeedBytes));
  MlDsa65PublicKey pk;
  SecureBuffer sk;
  CAM_RETURN_IF_ERROR(Tag(MlDsa65KeyGenFromSeed(pk, sk, seed.span()), "seed"));
  return SignatureKeyPairHex{.seed = base::HexEncode(seed.span()),
                             .public_key = Hex(pk),
                             .secret_key = base::HexEncode(sk.span())};
}

absl::StatusOr<std::string> MlDsa65SignHex(std::string_view sk_hex, std::string_view message_hex,
                                           const MlDsaSignHexOptions& options) {
  CAM_ASSIGN_OR_RETURN(SecureBuffer sk, Decode(sk_hex, "sk", kMlDsa65SecretKeyBytes));
  CAM_ASSIGN_OR_RETURN(SecureBuffer message, Decode(message_hex, "msg"));
  CAM_ASSIGN_OR_RETURN(SecureBuffer context, Decode(options.context_hex, "ctx"));
  if (context.size() > kMlDsaMaxContextBytes) {
    return BadInput("ctx", "ctx: at most 255 bytes");
  }
  MlDsaSignOptions sign_options{.randomness = options.deterministic
                                                  ? MlDsaRandomness::kDeterministic
                                                  : MlDsaRandomness::kHedged};
  if (options.rnd_hex.has_value()) {
    CAM_ASSIGN_OR_RETURN(SecureBuffer rnd, Decode(*options.rnd_hex, "rnd", kMlDsaRndBytes));
    MlDsaRnd given;
    std::copy(rnd.data(), rnd.data() + rnd.size(), given.begin());
    sign_options.rnd = given;
    base::SecureZero(given);
  }
  MlDsa65Signature sig;
  absl::Status status = MlDsa65Sign(sig, sk.span(), message.span(), context.span(), sign_options);
  if (sign_options.rnd.has_value()) base::SecureZero(*sign_options.rnd);
  CAM_RETURN_IF_ERROR(Tag(std::move(status), "sk"));
  return Hex(sig);
}

absl::Status MlDsa65VerifyHex(std::string_view pk_hex, std::string_view message_hex,
                              std::string_view context_hex, std::string_view signature_hex) {
  CAM_ASSIGN_OR_RETURN(SecureBuffer pk, Decode(pk_hex, "pk", kMlDsa65PublicKeyBytes));
  CAM_ASSIGN_OR_RETURN(SecureBuffer message, Decode(message_hex, "msg"));
  CAM_ASSIGN_OR_RETURN(SecureBuffer context, Decode(context_hex, "ctx"));
  if (context.size() > kMlDsaMaxContextBytes) {
    return BadInput("ctx", "ctx: at most 255 bytes");
  }
  // A signature of the wrong length is a failed verification, not bad input (as in mldsa65.h).
  CAM_ASSIGN_OR_RETURN(SecureBuffer sig, Decode(signature_hex, "sig"));
  return MlDsa65Verify(pk.span(), message.span(), context.span(), sig.span());
}

absl::StatusOr<KemKeyPairHex> XWingKeyGenHex(std::optional<std::string_view> seed_hex) {
  CAM_ASSIGN_OR_RETURN(SecureBuffer seed,
                       SeedOrRandom(seed_hex, "seed", kXWingDecapsulationKeyBytes));
  XWingEncapsulationKey ek;
  XWingDecapsulationKey dk;
  CAM_RETURN_IF_ERROR(Tag(XWingKeyGenFromSeed(ek, dk, seed.span()), "seed"));
  return KemKeyPairHex{.seed = base::HexEncode(seed.span()),
                       .encapsulation_key = Hex(ek),
                       .decapsulation_key = base::HexEncode(dk.seed())};
}

absl::StatusOr<KemEncapsHex> XWingEncapsHex(std::string_view ek_hex,
                                            std::optional<std::string_view> eseed_hex) {
  CAM_ASSIGN_OR_RETURN(SecureBuffer ek, Decode(ek_hex, "ek", kXWingEncapsulationKeyBytes));
  XWingCiphertext ct;
  std::array<uint8_t, kXWingSharedSecretBytes> ss;
  if (eseed_hex.has_value()) {
    CAM_ASSIGN_OR_RETURN(SecureBuffer eseed, Decode(*eseed_hex, "eseed", kXWingEncapsSeedBytes));
    CAM_RETURN_IF_ERROR(
        Tag(XWingEncapsDeterministic(
                ct, ss, ek.span(),
                std::span<const uint8_t, kXWingEncapsSeedBytes>(eseed.data(), eseed.size())),
            "ek"));
  } else {
    CAM_RETURN_IF_ERROR(Tag(XWingEncaps(ct, ss, ek.span()), "ek"));
  }
  KemEncapsHex out{.ciphertext = Hex(ct), .shared_secret = Hex(ss)};
  base::SecureZero(ss);
  return out;
}

absl::StatusOr<std::string> XWingDecapsHex(std::string_view dk_hex, std::string_view ct_hex) {
  CAM_ASSIGN_OR_RETURN(SecureBuffer seed, Decode(dk_hex, "dk", kXWingDecapsulationKeyBytes));
  CAM_ASSIGN_OR_RETURN(SecureBuffer ct, Decode(ct_hex, "ct", kXWingCiphertextBytes));
  XWingEncapsulationKey ek;
  XWingDecapsulationKey dk;
  CAM_RETURN_IF_ERROR(Tag(XWingKeyGenFromSeed(ek, dk, seed.span()), "dk"));
  std::array<uint8_t, kXWingSharedSecretBytes> ss;
  CAM_RETURN_IF_ERROR(Tag(XWingDecaps(ss, dk, ct.span()), "ct"));
  std::string out = Hex(ss);
  base::SecureZero(ss);
  return out;
}

}  // namespace cam::crypto::tools
