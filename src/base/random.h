// File: base/random.h
// Operating-system randomness (getrandom) for ids and nonces. Cryptographic key generation uses
// the crypto layer's DRBG; this is the seed source and the id source.
#ifndef CAM_BASE_RANDOM_H_
#define CAM_BASE_RANDOM_H_

#include <cstdint>
#include <span>
#include <string>

namespace cam::base {

// FillRandom fills `out` from the kernel CSPRNG. It blocks only until the pool is initialised
// and aborts the process if the kernel refuses, since no safe fallback exists.
void FillRandom(std::span<uint8_t> out);

// NewRequestId returns 16 random bytes as 32 hex characters. The bytes come from kernel
// randomness fetched 256 bytes at a time per thread (camd makes two ids per call, and a
// getrandom system call costs about 2 us on our machines); a forked child never reuses its
// parent's bytes. Ids are identifiers, not secrets: use FillRandom for keys.
std::string NewRequestId();

}  // namespace cam::base

#endif  // CAM_BASE_RANDOM_H_
