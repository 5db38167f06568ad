// File: crypto/mldsa/mldsa65.cc
// The public ML-DSA-65 functions: input checks, message formatting (M' and mu) and pre-hashing
// around the internal algorithms of internal.h.
#include "crypto/mldsa/mldsa65.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string_view>
#include <utility>

#include "base/random.h"
#include "base/reasons.h"
#include "base/status_macros.h"
#include "crypto/mldsa/internal.h"
#include "crypto/sha3/keccak.h"

namespace cam::crypto {
namespace {

using P65 = mldsa_internal::Params<6, 5>;
static_assert(P65::kPublicKeyBytes == kMlDsa65PublicKeyBytes);
static_assert(P65::kSecretKeyBytes == kMlDsa65SecretKeyBytes);
static_assert(P65::kSignatureBytes == kMlDsa65SignatureBytes);

using base::Reason;

constexpr size_t kTrBytes = 64;
constexpr size_t kTrOffset = 64;  // sk = rho || K || tr || ...

absl::Status InvalidInput(std::string_view detail) {
  return base::Error(Reason::kCryptoInvalidInput, detail);
}
absl::Status VerifyFailed() {
  return base::Error(Reason::kCryptoVerifyFailed, "ML-DSA-65 signature does not verify");
}

absl::Status CheckContext(std::span<const uint8_t> context) {
  if (context.size() > kMlDsaMaxContextBytes) {
    return InvalidInput("ML-DSA context longer than 255 bytes");
  }
  return absl::OkStatus();
}

absl::Status CheckSecretKey(std::span<const uint8_t> secret_key) {
  if (secret_key.size() != kMlDsa65SecretKeyBytes) {
    return InvalidInput("ML-DSA-65 secret key has the wrong length");
  }
  return absl::OkStatus();
}

absl::Status CheckPublicKey(std::span<const uint8_t> public_key) {
  if (public_key.size() != kMlDsa65PublicKeyBytes) {
    return InvalidInput("ML-DSA-65 public key has the wrong length");
  }
  return absl::OkStatus();
}

struct PreHashInfo {
  const EVP_MD* (*evp)();  // null for SHAKE, which crypto/sha3 computes.
  size_t digest_bytes;
  uint8_t oid_last_arc;  // OID 2.16.840.1.101.3.4.2.<arc> (NIST hash algorithms).
};

PreHashInfo InfoOf(MlDsaPreHash hash) {
  switch (hash) {
    case MlDsaPreHash::kSha2_224:
      return {EVP_sha224, 28, 4};
    case MlDsaPreHash::kSha2_256:
      return {EVP_sha256, 32, 1};
    case MlDsaPreHash::kSha2_384:
      return {EVP_sha384, 48, 2};
    case MlDsaPreHash::kSha2_512:
      return {EVP_sha512, 64, 3};
    case MlDsaPreHash::kSha2_512_224:
      return {EVP_sha512_224, 28, 5};
    case MlDsaPreHash::kSha2_512_256:
      return {EVP_sha512_256, 32, 6};
    case MlDsaPreHash::kSha3_224:
      return {EVP_sha3_224, 28, 7};
    case MlDsaPreHash::kSha3_256:
      return {EVP_sha3_256, 32, 8};
    case MlDsaPreHash::kSha3_384:
      return {EVP_sha3_384, 48, 9};
    case MlDsaPreHash::kSha3_512:
      return {EVP_sha3_512, 64, 10};
    case MlDsaPreHash::kShake128:
      return {nullptr, 32, 11};
    case MlDsaPreHash::kShake256:
      return {nullptr, 64, 12};
  }
  return {nullptr, 0, 0};
}

// The DER encoding of the pre-hash OID, as FIPS 204, Algorithm 4 prepends it to PH(M).
std::array<uint8_t, 11> OidOf(MlDsaPreHash hash) {
  return {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, InfoOf(hash).oid_last_arc};
}

struct EvpMdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

// PH(M) for HashML-DSA into `out` (64 bytes, of which digest_bytes are used).
absl::Status PreHash(std::array<uint8_t, 64>& out, MlDsaPreHash hash,
                     std::span<const uint8_t> message) {
  const PreHashInfo info = InfoOf(hash);
  if (info.digest_bytes == 0) return InvalidInput("unknown ML-DSA pre-hash");
  if (info.evp == nullptr) {
    const std::span<uint8_t> digest(out.data(), info.digest_bytes);
    if (hash == MlDsaPreHash::kShake128) {
      Shake128Once(message, digest);
    } else {
      Shake256Once(message, digest);
    }
    return absl::OkStatus();
  }
  std::unique_ptr<EVP_MD_CTX, EvpMdCtxDeleter> ctx(EVP_MD_CTX_new());
  unsigned int length = 0;
  if (ctx == nullptr || EVP_DigestInit_ex(ctx.get(), info.evp(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), message.data(), message.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), out.data(), &length) != 1 || length != info.digest_bytes) {
    return base::Error(Reason::kInternal, "OpenSSL digest failed");
  }
  return absl::OkStatus();
}

// mu = H(tr || M', 64) with M' = domain || |ctx| || ctx || parts... (FIPS 204, Algorithms 2
// and 4 build M'; Algorithm 7, line 6 hashes it), absorbed piecewise so M is never copied.
void MuOfFormatted(MlDsaMu& out_mu, std::span<const uint8_t> tr, uint8_t domain,
                   std::span<const uint8_t> context, std::span<const uint8_t> part1,
                   std::span<const uint8_t> part2 = {}) {
  Shake256 h;
  h.Absorb(tr);
  const uint8_t header[2] = {domain, static_cast<uint8_t>(context.size())};
  h.Absorb(header);
  h.Absorb(context);
  h.Absorb(part1);
  h.Absorb(part2);
  h.Squeeze(out_mu);
}

void MuOfMessagePrime(MlDsaMu& out_mu, std::span<const uint8_t> tr,
                      std::span<const uint8_t> message_prime) {
  Shake256 h;
  h.Absorb(tr);
  h.Absorb(message_prime);
  h.Squeeze(out_mu);
}

std::span<const uint8_t> TrOfSecretKey(std::span<const uint8_t> secret_key) {
  return secret_key.subspan(kTrOffset, kTrBytes);
}

std::array<uint8_t, kTrBytes> TrOfPublicKey(std::span<const uint8_t> public_key) {
  std::array<uint8_t, kTrBytes> tr;
  Shake256Once(public_key, tr);
  return tr;
}

// FIPS 204, Algorithm 2, lines 5-8: rnd from the options.
void ChooseRnd(MlDsaRnd& rnd, const MlDsaSignOptions& options) {
  if (options.rnd.has_value()) {
    rnd = *options.rnd;
  } else if (options.randomness == MlDsaRandomness::kDeterministic) {
    rnd.fill(0);
  } else {
    base::FillRandom(rnd);
  }
}

absl::Status SignMuChecked(MlDsa65Signature& out_signature, std::span<const uint8_t> secret_key,
                           const MlDsaMu& mu, const MlDsaRnd& rnd) {
  if (!mldsa_internal::SignMu<P65>(out_signature, secret_key.first<kMlDsa65SecretKeyBytes>(), mu,
                                   rnd)) {
    return InvalidInput("ML-DSA-65 secret key has out-of-range coefficients");
  }
  return absl::OkStatus();
}

absl::Status SignMuWithOptions(MlDsa65Signature& out_signature, std::span<const uint8_t> secret_key,
                               const MlDsaMu& mu, const MlDsaSignOptions& options) {
  MlDsaRnd rnd;
  ChooseRnd(rnd, options);
  absl::Status status = SignMuChecked(out_signature, secret_key, mu, rnd);
  base::SecureZero(rnd);
  return status;
}

absl::Status VerifyMuChecked(std::span<const uint8_t> public_key, const MlDsaMu& mu,
                             std::span<const uint8_t> signature) {
  if (signature.size() != kMlDsa65SignatureBytes) return VerifyFailed();
  if (!mldsa_internal::VerifyMu_vartime<P65>(public_key.first<kMlDsa65PublicKeyBytes>(), mu,
                                             signature.first<kMlDsa65SignatureBytes>())) {
    return VerifyFailed();
  }
  return absl::OkStatus();
}

}  // namespace

size_t MlDsaPreHashDigestBytes(MlDsaPreHash hash) { return InfoOf(hash).digest_bytes; }

absl::Status MlDsa65KeyGenFromSeed(MlDsa65PublicKey& out_public_key,
                                   base::SecureBuffer& out_secret_key,
                                   std::span<const uint8_t> xi) {
  if (xi.size() != kMlDsaSeedBytes) return InvalidInput("ML-DSA seed must be 32 bytes");
  base::SecureBuffer secret_key(kMlDsa65SecretKeyBytes);
  mldsa_internal::KeyGenInternal<P65>(out_public_key,
                                      secret_key.span().first<kMlDsa65SecretKeyBytes>(),
                                      xi.first<kMlDsaSeedBytes>());
  out_secret_key = std::move(secret_key);
  return absl::OkStatus();
}

absl::Status MlDsa65KeyGen(MlDsa65PublicKey& out_public_key, base::SecureBuffer& out_secret_key) {
  base::SecureBuffer xi(kMlDsaSeedBytes);
  base::FillRandom(xi.span());
  return MlDsa65KeyGenFromSeed(out_public_key, out_secret_key, xi.span());
}

absl::Status MlDsa65Sign(MlDsa65Signature& out_signature, std::span<const uint8_t> secret_key,
                         std::span<const uint8_t> message, std::span<const uint8_t> context,
                         const MlDsaSignOptions& options) {
  CAM_RETURN_IF_ERROR(CheckSecretKey(secret_key));
  CAM_RETURN_IF_ERROR(CheckContext(context));
  MlDsaMu mu;
  MuOfFormatted(mu, TrOfSecretKey(secret_key), 0, context, message);
  return SignMuWithOptions(out_signature, secret_key, mu, options);
}

absl::Status MlDsa65Verify(std::span<const uint8_t> public_key, std::span<const uint8_t> message,
                           std::span<const uint8_t> context, std::span<const uint8_t> signature) {
  CAM_RETURN_IF_ERROR(CheckPublicKey(public_key));
  CAM_RETURN_IF_ERROR(CheckContext(context));
  MlDsaMu mu;
  MuOfFormatted(mu, TrOfPublicKey(public_key), 0, context, message);
  return VerifyMuChecked(public_key, mu, signature);
}

absl::Status MlDsa65HashSignDigest(MlDsa65Signature& out_signature,
                                   std::span<const uint8_t> secret_key,
                                   std::span<const uint8_t> digest,
                                   std::span<const uint8_t> context, MlDsaPreHash hash,
                                   const MlDsaSignOptions& options) {
  CAM_RETURN_IF_ERROR(CheckSecretKey(secret_key));
  CAM_RETURN_IF_ERROR(CheckContext(context));
  const size_t digest_bytes = MlDsaPreHashDigestBytes(hash);
  if (digest_bytes == 0 || digest.size() != digest_bytes) {
    return InvalidInput("HashML-DSA digest length does not match the pre-hash");
  }
  MlDsaMu mu;
  MuOfFormatted(mu, TrOfSecretKey(secret_key), 1, context, OidOf(hash), digest);
  return SignMuWithOptions(out_signature, secret_key, mu, options);
}

absl::Status MlDsa65HashSign(MlDsa65Signature& out_signature, std::span<const uint8_t> secret_key,
                             std::span<const uint8_t> message, std::span<const uint8_t> context,
                             MlDsaPreHash hash, const MlDsaSignOptions& options) {
  std::array<uint8_t, 64> digest{};
  CAM_RETURN_IF_ERROR(PreHash(digest, hash, message));
  return MlDsa65HashSignDigest(
      out_signature, secret_key,
      std::span<const uint8_t>(digest).first(MlDsaPreHashDigestBytes(hash)), context, hash,
      options);
}

absl::Status MlDsa65HashVerifyDigest(std::span<const uint8_t> public_key,
                                     std::span<const uint8_t> digest,
                                     std::span<const uint8_t> context, MlDsaPreHash hash,
                                     std::span<const uint8_t> signature) {
  CAM_RETURN_IF_ERROR(CheckPublicKey(public_key));
  CAM_RETURN_IF_ERROR(CheckContext(context));
  const size_t digest_bytes = MlDsaPreHashDigestBytes(hash);
  if (digest_bytes == 0 || digest.size() != digest_bytes) {
    return InvalidInput("HashML-DSA digest length does not match the pre-hash");
  }
  MlDsaMu mu;
  MuOfFormatted(mu, TrOfPublicKey(public_key), 1, context, OidOf(hash), digest);
  return VerifyMuChecked(public_key, mu, signature);
}

absl::Status MlDsa65HashVerify(std::span<const uint8_t> public_key,
                               std::span<const uint8_t> message, std::span<const uint8_t> context,
                               MlDsaPreHash hash, std::span<const uint8_t> signature) {
  std::array<uint8_t, 64> digest{};
  CAM_RETURN_IF_ERROR(PreHash(digest, hash, message));
  return MlDsa65HashVerifyDigest(
      public_key, std::span<const uint8_t>(digest).first(MlDsaPreHashDigestBytes(hash)), context,
      hash, signature);
}

absl::Status MlDsa65SignInternal(MlDsa65Signature& out_signature,
                                 std::span<const uint8_t> secret_key,
                                 std::span<const uint8_t> message_prime, const MlDsaRnd& rnd) {
  CAM_RETURN_IF_ERROR(CheckSecretKey(secret_key));
  MlDsaMu mu;
  MuOfMessagePrime(mu, TrOfSecretKey(secret_key), message_prime);
  return SignMuChecked(out_signature, secret_key, mu, rnd);
}

absl::Status MlDsa65VerifyInternal(std::span<const uint8_t> public_key,
                                   std::span<const uint8_t> message_prime,
                                   std::span<const uint8_t> signature) {
  CAM_RETURN_IF_ERROR(CheckPublicKey(public_key));
  MlDsaMu mu;
  MuOfMessagePrime(mu, TrOfPublicKey(public_key), message_prime);
  return VerifyMuChecked(public_key, mu, signature);
}

absl::Status MlDsa65ComputeMu(MlDsaMu& out_mu, std::span<const uint8_t> public_key,
                              std::span<const uint8_t> message, std::span<const uint8_t> context) {
  CAM_RETURN_IF_ERROR(CheckPublicKey(public_key));
  CAM_RETURN_IF_ERROR(CheckContext(context));
  MuOfFormatted(out_mu, TrOfPublicKey(public_key), 0, context, message);
  return absl::OkStatus();
}

absl::Status MlDsa65SignMu(MlDsa65Signature& out_signature, std::span<const uint8_t> secret_key,
                           const MlDsaMu& mu, const MlDsaRnd& rnd) {
  CAM_RETURN_IF_ERROR(CheckSecretKey(secret_key));
  return SignMuChecked(out_signature, secret_key, mu, rnd);
}

absl::Status MlDsa65VerifyMu(std::span<const uint8_t> public_key, const MlDsaMu& mu,
                             std::span<const uint8_t> signature) {
  CAM_RETURN_IF_ERROR(CheckPublicKey(public_key));
  return VerifyMuChecked(public_key, mu, signature);
}

}  // namespace cam::crypto
