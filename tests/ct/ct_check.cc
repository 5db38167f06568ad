// File: tests/ct/ct_check.cc
// Constant-time check, run under Valgrind memcheck (see CMakeLists.txt). The secret inputs (the
// ML-KEM seed, the ML-DSA seed, secret key and rnd) are marked undefined with a client request,
// so memcheck reports every branch and every memory index that depends on them. The code under
// test declassifies (crypto/ct.h, ct::Declassify) only values FIPS 203 / 204 make public; this
// program marks the public outputs defined before using them. Any report fails the test
// (valgrind --error-exitcode=1). Run outside Valgrind, it only checks that the operations work.
#include <valgrind/memcheck.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#include "base/hex.h"
#include "base/secure_buffer.h"
#include "crypto/mldsa/mldsa65.h"
#include "crypto/mlkem/mlkem768.h"

namespace {

namespace crypto = cam::crypto;

void Secret(void* p, size_t n) { (void)VALGRIND_MAKE_MEM_UNDEFINED(p, n); }
void Public(const void* p, size_t n) { (void)VALGRIND_MAKE_MEM_DEFINED(p, n); }

int Fail(const char* what) {
  std::fprintf(stderr, "ct_check: %s failed\n", what);
  return 1;
}

int CheckMlKem() {
  for (int round = 0; round < 3; ++round) {
    std::array<uint8_t, crypto::kMlKem768SeedBytes> seed;
    for (size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<uint8_t>(31 * i + round);
    Secret(seed.data(), seed.size());
    crypto::MlKem768EncapsulationKey ek;
    crypto::MlKem768DecapsulationKey dk;
    // The status depends only on the (public) seed length.
    if (!crypto::MlKem768KeyGenFromSeed(ek, dk, seed).ok()) return Fail("ML-KEM keygen");
    Public(ek.data(), ek.size());  // The encapsulation key is published.

    std::array<uint8_t, crypto::kMlKem768EncapsRandomBytes> m{};
    m[0] = static_cast<uint8_t>(round);
    crypto::MlKem768Ciphertext ct;
    std::array<uint8_t, 32> ss_sender;
    if (!crypto::MlKem768EncapsDeterministic(ct, ss_sender, ek, m).ok()) return Fail("encaps");
    Public(ct.data(), ct.size());  // The ciphertext is sent in the clear.

    // Decapsulate the real ciphertext and a corrupted one (implicit rejection).
    for (int corrupt = 0; corrupt < 2; ++corrupt) {
      crypto::MlKem768Ciphertext c = ct;
      c[5] ^= static_cast<uint8_t>(corrupt);
      std::array<uint8_t, 32> ss;
      if (!crypto::MlKem768Decaps(ss, dk, c).ok()) return Fail("ML-KEM decaps");
      Public(ss.data(), ss.size());  // Only to compare below; the test knows both keys.
      Public(ss_sender.data(), ss_sender.size());
      const bool equal = std::memcmp(ss.data(), ss_sender.data(), ss.size()) == 0;
      if (equal != (corrupt == 0)) return Fail("ML-KEM shared secret");
    }
  }
  return 0;
}

int CheckMlDsa() {
  for (int round = 0; round < 2; ++round) {
    std::array<uint8_t, crypto::kMlDsaSeedBytes> xi;
    for (size_t i = 0; i < xi.size(); ++i) xi[i] = static_cast<uint8_t>(7 * i + round);
    Secret(xi.data(), xi.size());
    crypto::MlDsa65PublicKey pk;
    cam::base::SecureBuffer sk;
    if (!crypto::MlDsa65KeyGenFromSeed(pk, sk, xi).ok()) return Fail("ML-DSA keygen");
    Public(pk.data(), pk.size());  // The public key is published.
    Secret(sk.data(), sk.size());  // All of the secret key, including rho and tr.

    for (int message_index = 0; message_index < 3; ++message_index) {
      std::array<uint8_t, 16> message{};
      message[0] = static_cast<uint8_t>(message_index);
      crypto::MlDsaSignOptions options;
      crypto::MlDsaRnd rnd;
      for (size_t i = 0; i < rnd.size(); ++i) rnd[i] = static_cast<uint8_t>(i * message_index);
      Secret(rnd.data(), rnd.size());
      options.rnd = rnd;
      crypto::MlDsa65Signature sig;
      const absl::Status status = crypto::MlDsa65Sign(sig, sk.span(), message, {}, options);
      if (!status.ok()) return Fail("ML-DSA sign");
      Public(sig.data(), sig.size());  // The signature is published.
      if (!crypto::MlDsa65Verify(pk, message, {}, sig).ok()) return Fail("ML-DSA verify");
    }
  }
  return 0;
}

}  // namespace

// camctl's crypto commands print secret keys in hex. (HexDecode's one branch is on whether the
// whole string was well formed, which it reports; its digits are computed like these.)
int CheckHexEncode() {
  // 255 bytes: 63 steps of four bytes, then three bytes one at a time; both paths are checked.
  std::array<uint8_t, 255> secret;
  for (size_t i = 0; i < secret.size(); ++i) secret[i] = static_cast<uint8_t>(i);
  Secret(secret.data(), secret.size());
  std::string hex = cam::base::HexEncode(secret);
  Public(hex.data(), hex.size());  // Only to compare below.
  if (hex.size() != 510 || hex.compare(0, 6, "000102") != 0 || hex.compare(504, 6, "fcfdfe") != 0) {
    return Fail("hex encode");
  }
  return 0;
}

int main() {
  if (int rc = CheckMlKem(); rc != 0) return rc;
  if (int rc = CheckMlDsa(); rc != 0) return rc;
  if (int rc = CheckHexEncode(); rc != 0) return rc;
  std::printf("ct_check: ML-KEM-768 keygen/decaps, ML-DSA-65 keygen/sign and hex encoding done\n");
  return 0;
}
