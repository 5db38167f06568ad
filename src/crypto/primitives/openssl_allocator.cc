#include "crypto/primitives/openssl_allocator.h"

#include <openssl/crypto.h>

#include <cstdlib>

namespace cam::crypto {
namespace {

// The three mirror OpenSSL 3.0's CRYPTO_malloc, CRYPTO_realloc and CRYPTO_free, which a custom
// set replaces whole: a zero-byte request gets null, realloc of null allocates, realloc to
// zero bytes frees.
void* Allocate(size_t size, const char* /*file*/, int /*line*/) {
  return size == 0 ? nullptr : std::malloc(size);
}

void Free(void* pointer, const char* /*file*/, int /*line*/) {
  if (pointer != nullptr) std::free(pointer);
}

void* Reallocate(void* pointer, size_t size, const char* file, int line) {
  if (pointer == nullptr) return Allocate(size, file, line);
  if (size == 0) {
    Free(pointer, file, line);
    return nullptr;
  }
  return std::realloc(pointer, size);
}

}  // namespace

bool InstallOpenSslAllocator() { return CRYPTO_set_mem_functions(Allocate, Reallocate, Free) == 1; }

}  // namespace cam::crypto
