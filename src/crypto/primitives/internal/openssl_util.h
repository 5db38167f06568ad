// File: crypto/primitives/internal/openssl_util.h
// Ownership types and error helpers shared by the OpenSSL wrappers in crypto/primitives. Every
// OpenSSL object is held by one of these unique_ptr aliases so that no early return can leak
// it. Internal: public headers of crypto/primitives never include OpenSSL's algorithm headers.
#ifndef CAM_CRYPTO_PRIMITIVES_INTERNAL_OPENSSL_UTIL_H_
#define CAM_CRYPTO_PRIMITIVES_INTERNAL_OPENSSL_UTIL_H_

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/params.h>

#include <climits>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "absl/status/status.h"
#include "base/reasons.h"

namespace cam::crypto::internal {

// OpenSslDeleter<F> calls the OpenSSL free function F; used as a unique_ptr deleter.
template <auto kFree>
struct OpenSslDeleter {
  template <typename T>
  void operator()(T* p) const {
    kFree(p);
  }
};

using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter<&EVP_PKEY_free>>;
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OpenSslDeleter<&EVP_PKEY_CTX_free>>;
using EvpCipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, OpenSslDeleter<&EVP_CIPHER_CTX_free>>;
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, OpenSslDeleter<&EVP_MD_CTX_free>>;
using EvpMacPtr = std::unique_ptr<EVP_MAC, OpenSslDeleter<&EVP_MAC_free>>;
using EvpMacCtxPtr = std::unique_ptr<EVP_MAC_CTX, OpenSslDeleter<&EVP_MAC_CTX_free>>;
using EvpKdfPtr = std::unique_ptr<EVP_KDF, OpenSslDeleter<&EVP_KDF_free>>;
using EvpKdfCtxPtr = std::unique_ptr<EVP_KDF_CTX, OpenSslDeleter<&EVP_KDF_CTX_free>>;
using EvpRandPtr = std::unique_ptr<EVP_RAND, OpenSslDeleter<&EVP_RAND_free>>;
using EvpRandCtxPtr = std::unique_ptr<EVP_RAND_CTX, OpenSslDeleter<&EVP_RAND_CTX_free>>;
// BN_clear_free, because these BIGNUMs may hold private scalars.
using BignumPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<&BN_clear_free>>;
using BnCtxPtr = std::unique_ptr<BN_CTX, OpenSslDeleter<&BN_CTX_free>>;
using EcGroupPtr = std::unique_ptr<EC_GROUP, OpenSslDeleter<&EC_GROUP_free>>;
using EcPointPtr = std::unique_ptr<EC_POINT, OpenSslDeleter<&EC_POINT_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, OpenSslDeleter<&ECDSA_SIG_free>>;
using OsslParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, OpenSslDeleter<&OSSL_PARAM_BLD_free>>;
using OsslParamPtr = std::unique_ptr<OSSL_PARAM, OpenSslDeleter<&OSSL_PARAM_free>>;

// OpenSslFailure empties this thread's OpenSSL error queue, so a failure here cannot surface
// in an unrelated later call, and returns Error(reason, detail). `detail` names the operation
// only; it never carries key material or OpenSSL's own error strings (which can echo input).
absl::Status OpenSslFailure(base::Reason reason, std::string_view detail);

// FitsInt reports whether a buffer length can be passed to OpenSSL's int-sized length arguments.
inline bool FitsInt(size_t n) { return n <= static_cast<size_t>(INT_MAX); }

// OctetParam builds an OSSL_PARAM over read-only bytes. OpenSSL's constructor takes a non-const
// pointer even though it only reads set-parameters, hence the const_cast.
inline OSSL_PARAM OctetParam(const char* key, std::span<const uint8_t> bytes) {
  return OSSL_PARAM_construct_octet_string(key, const_cast<uint8_t*>(bytes.data()), bytes.size());
}

// Utf8Param builds an OSSL_PARAM over a constant string literal.
inline OSSL_PARAM Utf8Param(const char* key, const char* value) {
  return OSSL_PARAM_construct_utf8_string(key, const_cast<char*>(value), 0);
}

}  // namespace cam::crypto::internal

#endif  // CAM_CRYPTO_PRIMITIVES_INTERNAL_OPENSSL_UTIL_H_
