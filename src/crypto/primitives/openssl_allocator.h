// File: crypto/primitives/openssl_allocator.h
// Points OpenSSL's allocation functions at the process allocator directly, with a null test
// before free.
//
// Why: OpenSSL clears its per-thread error queue before every TLS read and write that gRPC
// makes (ERR_clear_error), and clearing the queue frees 32 pointers that are almost always
// null. Through OpenSSL's default functions each is a call into jemalloc's free, which fetches
// its thread state before it looks at the pointer: 3.4% of the instructions of a read or a
// write call (docs/PERFORMANCE.md, "OpenSSL's frees of null"). Otherwise these
// functions do what OpenSSL's defaults do, so nothing else changes: cleansing frees
// (OPENSSL_clear_free) still cleanse first.
#ifndef CAM_CRYPTO_PRIMITIVES_OPENSSL_ALLOCATOR_H_
#define CAM_CRYPTO_PRIMITIVES_OPENSSL_ALLOCATOR_H_

namespace cam::crypto {

// Installs the functions for the whole process. OpenSSL accepts them only before its first
// allocation, so a program calls this first thing in main; afterwards it returns false and
// changes nothing.
[[nodiscard]] bool InstallOpenSslAllocator();

}  // namespace cam::crypto

#endif  // CAM_CRYPTO_PRIMITIVES_OPENSSL_ALLOCATOR_H_
