#include "crypto/primitives/openssl_allocator.h"

#include <gtest/gtest.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "crypto/primitives/sha2.h"

namespace cam::crypto {
namespace {

// Each scenario needs a process in which OpenSSL has allocated nothing yet. gtest's
// "threadsafe" death tests re-execute the binary for the statement, so the scenario gets one
// however the binary is run; it reports through its exit code and stderr.
[[noreturn]] void ExitWith(const char* failure) {
  if (failure != nullptr) {
    static_cast<void>(std::fputs(failure, stderr));
    _exit(1);
  }
  _exit(0);
}

const char* InstallFirstThenUse() {
  if (!InstallOpenSslAllocator()) return "refused before any allocation";
  CRYPTO_malloc_fn allocate = nullptr;
  CRYPTO_realloc_fn reallocate = nullptr;
  CRYPTO_free_fn release = nullptr;
  CRYPTO_get_mem_functions(&allocate, &reallocate, &release);
  if (allocate == &CRYPTO_malloc || reallocate == &CRYPTO_realloc || release == &CRYPTO_free) {
    return "OpenSSL still uses its own functions";
  }
  // OpenSSL's own semantics: zero bytes give null, realloc grows and keeps the contents,
  // realloc of null allocates, realloc to zero frees, null frees are no-ops.
  if (OPENSSL_malloc(0) != nullptr) return "malloc(0) is not null";
  auto* bytes = static_cast<uint8_t*>(OPENSSL_malloc(16));
  if (bytes == nullptr) return "malloc(16) failed";
  std::memset(bytes, 0xA5, 16);
  bytes = static_cast<uint8_t*>(OPENSSL_realloc(bytes, 4096));
  if (bytes == nullptr) return "realloc to 4096 failed";
  for (int i = 0; i < 16; ++i) {
    if (bytes[i] != 0xA5) return "realloc lost the contents";
  }
  if (OPENSSL_realloc(bytes, 0) != nullptr) return "realloc to 0 is not null";
  void* fresh = OPENSSL_realloc(nullptr, 32);
  if (fresh == nullptr) return "realloc of null did not allocate";
  OPENSSL_clear_free(fresh, 32);
  OPENSSL_free(nullptr);

  // What is built on the allocator keeps working: a digest, a key pair, the error queue.
  const std::array<uint8_t, 3> abc = {'a', 'b', 'c'};
  auto digest = Sha256(abc);
  if (!digest.ok() || (*digest)[0] != 0xBA || (*digest)[31] != 0xAD) return "SHA-256 wrong";
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (key == nullptr) return "Ed25519 key generation failed";
  EVP_PKEY_free(key);
  ERR_raise(ERR_LIB_EVP, ERR_R_PASSED_INVALID_ARGUMENT);
  if (ERR_peek_error() == 0) return "error not queued";
  ERR_clear_error();
  if (ERR_peek_error() != 0) return "error queue not cleared";
  return nullptr;
}

const char* AllocateFirstThenInstall() {
  OPENSSL_free(OPENSSL_malloc(8));
  if (InstallOpenSslAllocator()) return "installed after OpenSSL had allocated";
  CRYPTO_malloc_fn allocate = nullptr;
  CRYPTO_get_mem_functions(&allocate, nullptr, nullptr);
  if (allocate != &CRYPTO_malloc) return "a refused install changed the functions";
  return nullptr;
}

TEST(OpenSslAllocatorTest, InstalledBeforeOpenSslAllocatesAndServesIt) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(ExitWith(InstallFirstThenUse()), ::testing::ExitedWithCode(0), "");
}

TEST(OpenSslAllocatorTest, RefusedOnceOpenSslHasAllocated) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(ExitWith(AllocateFirstThenInstall()), ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace cam::crypto
