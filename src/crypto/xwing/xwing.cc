#include "crypto/xwing/xwing.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <algorithm>
#include <memory>
#include <utility>

#include "base/random.h"
#include "base/reasons.h"
#include "crypto/sha3/keccak.h"

namespace cam::crypto {
namespace {

constexpr size_t kX25519Bytes = 32;
// XWingLabel = "\./" || "/^\" (draft section 5.3), hashed last.
constexpr std::array<uint8_t, 6> kXWingLabel = {0x5c, 0x2e, 0x2f, 0x2f, 0x5e, 0x5c};

using X25519Bytes = std::array<uint8_t, kX25519Bytes>;

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;

// WipedArray is a fixed-size secret that is zeroed when it goes out of scope.
template <size_t N>
class WipedArray {
 public:
  WipedArray() = default;
  ~WipedArray() { base::SecureZero(bytes); }
  WipedArray(const WipedArray&) = delete;
  WipedArray& operator=(const WipedArray&) = delete;
  std::array<uint8_t, N> bytes{};
};

absl::Status OpenSslError(const char* what) {
  ERR_clear_error();
  return base::Error(base::Reason::kInternal, what);
}

absl::Status InvalidInput(const char* what) {
  return base::Error(base::Reason::kCryptoInvalidInput, what);
}

// X25519Base sets out = X25519(scalar, 9), the public key of `scalar` (RFC 7748, section 6.1).
absl::Status X25519Base(std::span<uint8_t, kX25519Bytes> out,
                        std::span<const uint8_t, kX25519Bytes> scalar) {
  PkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, scalar.data(), scalar.size()));
  if (key == nullptr) return OpenSslError("X25519 private key import failed");
  size_t len = out.size();
  if (EVP_PKEY_get_raw_public_key(key.get(), out.data(), &len) != 1 || len != out.size()) {
    return OpenSslError("X25519 public key computation failed");
  }
  return absl::OkStatus();
}

// X25519 sets out = X25519(scalar, point) (RFC 7748, section 5). OpenSSL refuses an all-zero
// result, which X25519 yields exactly when `point` has small order; X-Wing has no such check
// (ML-KEM alone then carries the security), so the zero value is returned as the function's
// result. Whether it happens depends only on the public point, so the branch leaks nothing.
absl::Status X25519(std::span<uint8_t, kX25519Bytes> out,
                    std::span<const uint8_t, kX25519Bytes> scalar,
                    std::span<const uint8_t, kX25519Bytes> point) {
  PkeyPtr own(EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, scalar.data(), scalar.size()));
  PkeyPtr peer(EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, point.data(), point.size()));
  if (own == nullptr || peer == nullptr) return OpenSslError("X25519 key import failed");
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own.get(), nullptr));
  if (ctx == nullptr || EVP_PKEY_derive_init(ctx.get()) != 1 ||
      EVP_PKEY_derive_set_peer_ex(ctx.get(), peer.get(), /*validate_peer=*/0) != 1) {
    return OpenSslError("X25519 context setup failed");
  }
  size_t len = out.size();
  ERR_set_mark();
  if (EVP_PKEY_derive(ctx.get(), out.data(), &len) != 1) {
    // The only failure left once the context is set up is the all-zero result.
    ERR_pop_to_mark();
    std::fill(out.begin(), out.end(), uint8_t{0});
    return absl::OkStatus();
  }
  ERR_clear_last_mark();
  if (len != out.size()) return OpenSslError("X25519 derive returned a short secret");
  return absl::OkStatus();
}

// Combiner (draft section 5.3): SHA3-256(ss_M || ss_X || ct_X || pk_X || XWingLabel).
void Combiner(std::span<uint8_t, kXWingSharedSecretBytes> out,
              std::span<const uint8_t, kMlKem768SharedSecretBytes> ss_m,
              std::span<const uint8_t, kX25519Bytes> ss_x,
              std::span<const uint8_t, kX25519Bytes> ct_x,
              std::span<const uint8_t, kX25519Bytes> pk_x) {
  WipedArray<32 * 4 + kXWingLabel.size()> input;
  auto it = input.bytes.begin();
  it = std::copy(ss_m.begin(), ss_m.end(), it);
  it = std::copy(ss_x.begin(), ss_x.end(), it);
  it = std::copy(ct_x.begin(), ct_x.end(), it);
  it = std::copy(pk_x.begin(), pk_x.end(), it);
  std::copy(kXWingLabel.begin(), kXWingLabel.end(), it);
  Sha3_256(input.bytes, out);
}

}  // namespace

absl::Status XWingKeyGenFromSeed(
    std::span<uint8_t, kXWingEncapsulationKeyBytes> out_encapsulation_key,
    XWingDecapsulationKey& out_decapsulation_key, std::span<const uint8_t> seed) {
  if (seed.size() != kXWingDecapsulationKeyBytes) {
    return InvalidInput("X-Wing seed must be 32 bytes");
  }
  // expandDecapsulationKey (draft section 5.2): SHAKE256(sk, 96 bytes) = d || z || sk_X.
  WipedArray<96> expanded;
  Shake256Once(seed, expanded.bytes);
  XWingDecapsulationKey key;
  key.seed_ = base::SecureBuffer::CopyOf(seed);
  key.x25519_secret_ = base::SecureBuffer::CopyOf(std::span(expanded.bytes).subspan(64, 32));
  if (absl::Status status = MlKem768KeyGenFromSeed(
          out_encapsulation_key.first<kMlKem768EncapsulationKeyBytes>(), key.mlkem_,
          std::span<const uint8_t>(expanded.bytes).first(kMlKem768SeedBytes));
      !status.ok()) {
    return status;
  }
  if (absl::Status status = X25519Base(
          key.x25519_public_,
          std::span<const uint8_t, kX25519Bytes>(key.x25519_secret_.data(), kX25519Bytes));
      !status.ok()) {
    return status;
  }
  std::copy(key.x25519_public_.begin(), key.x25519_public_.end(),
            out_encapsulation_key.begin() + kMlKem768EncapsulationKeyBytes);
  out_decapsulation_key = std::move(key);
  return absl::OkStatus();
}

absl::Status XWingKeyGen(std::span<uint8_t, kXWingEncapsulationKeyBytes> out_encapsulation_key,
                         XWingDecapsulationKey& out_decapsulation_key) {
  WipedArray<kXWingDecapsulationKeyBytes> seed;
  base::FillRandom(seed.bytes);
  return XWingKeyGenFromSeed(out_encapsulation_key, out_decapsulation_key, seed.bytes);
}

absl::Status XWingEncapsDeterministic(std::span<uint8_t, kXWingCiphertextBytes> out_ciphertext,
                                      std::span<uint8_t, kXWingSharedSecretBytes> out_shared_secret,
                                      std::span<const uint8_t> encapsulation_key,
                                      std::span<const uint8_t, kXWingEncapsSeedBytes> eseed) {
  if (encapsulation_key.size() != kXWingEncapsulationKeyBytes) {
    return InvalidInput("X-Wing encapsulation key has the wrong length");
  }
  const auto pk_m = encapsulation_key.first(kMlKem768EncapsulationKeyBytes);
  const auto pk_x = std::span<const uint8_t, kX25519Bytes>(
      encapsulation_key.data() + kMlKem768EncapsulationKeyBytes, kX25519Bytes);
  const auto ek_x = eseed.last<kX25519Bytes>();
  const auto ct_x = out_ciphertext.last<kX25519Bytes>();

  WipedArray<kMlKem768SharedSecretBytes> ss_m;
  WipedArray<kX25519Bytes> ss_x;
  if (absl::Status status =
          MlKem768EncapsDeterministic(out_ciphertext.first<kMlKem768CiphertextBytes>(), ss_m.bytes,
                                      pk_m, eseed.first<kMlKem768EncapsRandomBytes>());
      !status.ok()) {
    return status;
  }
  if (absl::Status status = X25519Base(ct_x, ek_x); !status.ok()) return status;
  if (absl::Status status = X25519(ss_x.bytes, ek_x, pk_x); !status.ok()) return status;
  Combiner(out_shared_secret, ss_m.bytes, ss_x.bytes, ct_x, pk_x);
  return absl::OkStatus();
}

absl::Status XWingEncaps(std::span<uint8_t, kXWingCiphertextBytes> out_ciphertext,
                         std::span<uint8_t, kXWingSharedSecretBytes> out_shared_secret,
                         std::span<const uint8_t> encapsulation_key) {
  WipedArray<kXWingEncapsSeedBytes> eseed;
  base::FillRandom(eseed.bytes);
  return XWingEncapsDeterministic(out_ciphertext, out_shared_secret, encapsulation_key,
                                  eseed.bytes);
}

absl::Status XWingDecaps(std::span<uint8_t, kXWingSharedSecretBytes> out_shared_secret,
                         const XWingDecapsulationKey& decapsulation_key,
                         std::span<const uint8_t> ciphertext) {
  if (decapsulation_key.empty()) return InvalidInput("X-Wing decapsulation key is empty");
  if (ciphertext.size() != kXWingCiphertextBytes) {
    return InvalidInput("X-Wing ciphertext has the wrong length");
  }
  const auto ct_x = std::span<const uint8_t, kX25519Bytes>(
      ciphertext.data() + kMlKem768CiphertextBytes, kX25519Bytes);
  WipedArray<kMlKem768SharedSecretBytes> ss_m;
  WipedArray<kX25519Bytes> ss_x;
  if (absl::Status status = MlKem768Decaps(ss_m.bytes, decapsulation_key.mlkem_,
                                           ciphertext.first(kMlKem768CiphertextBytes));
      !status.ok()) {
    return status;
  }
  if (absl::Status status = X25519(ss_x.bytes,
                                   std::span<const uint8_t, kX25519Bytes>(
                                       decapsulation_key.x25519_secret_.data(), kX25519Bytes),
                                   ct_x);
      !status.ok()) {
    return status;
  }
  Combiner(out_shared_secret, ss_m.bytes, ss_x.bytes, ct_x, decapsulation_key.x25519_public_);
  return absl::OkStatus();
}

}  // namespace cam::crypto
