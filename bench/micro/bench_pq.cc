// File: bench/micro/bench_pq.cc
// bench_pq --cycles [--runs N]: the median rdtsc cycle count of each post-quantum operation,
// one line per operation as `<algorithm>.<operation> median_cycles=<n>`. The median (not the
// mean) keeps interrupts and frequency changes on a shared machine from skewing the figure.
// rdtsc counts reference cycles at the constant TSC rate, the unit the published figures use.
// bench_pq --ops prints `<algorithm>.<operation> ops_per_s=<n>` instead (runs / wall time),
// the unit bench/pq-peers compares with the JavaScript libraries.
#include <x86intrin.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/secure_buffer.h"
#include "crypto/hybrid/hybrid_signature.h"
#include "crypto/mldsa/mldsa65.h"
#include "crypto/mlkem/mlkem768.h"
#include "crypto/sha3/keccak.h"
#include "crypto/xwing/xwing.h"

namespace {

using cam::base::SecureBuffer;
namespace crypto = cam::crypto;

struct Measurement {
  uint64_t median_cycles;
  uint64_t ops_per_s;
};

Measurement MedianCycles(int runs, const std::function<void(int)>& op) {
  for (int i = 0; i < std::min(runs / 10 + 1, 50); ++i) op(i);  // warm caches and clocks
  std::vector<uint64_t> samples(static_cast<size_t>(runs));
  const auto wall_start = std::chrono::steady_clock::now();
  for (int i = 0; i < runs; ++i) {
    unsigned aux;
    const uint64_t start = __rdtscp(&aux);
    op(i);
    samples[static_cast<size_t>(i)] = __rdtscp(&aux) - start;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  std::nth_element(samples.begin(), samples.begin() + runs / 2, samples.end());
  return {samples[static_cast<size_t>(runs / 2)],
          static_cast<uint64_t>(seconds > 0 ? runs / seconds : 0)};
}

// Which figure the lines carry, from the command line.
enum class Unit { kCycles, kOps };

void Report(Unit unit, std::string_view name, const Measurement& m) {
  if (unit == Unit::kCycles) {
    std::printf("%.*s median_cycles=%llu\n", static_cast<int>(name.size()), name.data(),
                static_cast<unsigned long long>(m.median_cycles));
  } else {
    std::printf("%.*s ops_per_s=%llu\n", static_cast<int>(name.size()), name.data(),
                static_cast<unsigned long long>(m.ops_per_s));
  }
  std::fflush(stdout);
}

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "bench_pq: %s failed\n", what);
    std::exit(1);
  }
}

void BenchKeccak(Unit unit, int runs) {
  std::array<uint64_t, 25> state{};
  Report(unit, "keccak.f1600", MedianCycles(runs, [&](int) { crypto::KeccakF1600(state); }));
  crypto::KeccakX4State states;
  Report(unit, "keccak.f1600x4", MedianCycles(runs, [&](int) { crypto::KeccakF1600x4(states); }));
}

void BenchMlKem(Unit unit, int runs) {
  std::array<uint8_t, crypto::kMlKem768SeedBytes> seed{};
  crypto::MlKem768EncapsulationKey ek;
  crypto::MlKem768DecapsulationKey dk;
  Report(unit, "mlkem768.keygen", MedianCycles(runs, [&](int i) {
           seed[0] = static_cast<uint8_t>(i);
           Check(crypto::MlKem768KeyGenFromSeed(ek, dk, seed).ok(), "mlkem keygen");
         }));
  std::array<uint8_t, crypto::kMlKem768EncapsRandomBytes> m{};
  crypto::MlKem768Ciphertext ct;
  std::array<uint8_t, 32> ss;
  Report(unit, "mlkem768.encaps", MedianCycles(runs, [&](int i) {
           m[0] = static_cast<uint8_t>(i);
           Check(crypto::MlKem768EncapsDeterministic(ct, ss, ek, m).ok(), "mlkem encaps");
         }));
  Report(unit, "mlkem768.decaps", MedianCycles(runs, [&](int) {
           Check(crypto::MlKem768Decaps(ss, dk, ct).ok(), "mlkem decaps");
         }));
}

void BenchMlDsa(Unit unit, int runs, int sign_runs) {
  std::array<uint8_t, crypto::kMlDsaSeedBytes> xi{};
  crypto::MlDsa65PublicKey pk;
  SecureBuffer sk;
  Report(unit, "mldsa65.keygen", MedianCycles(runs, [&](int i) {
           xi[0] = static_cast<uint8_t>(i);
           Check(crypto::MlDsa65KeyGenFromSeed(pk, sk, xi).ok(), "mldsa keygen");
         }));
  // Signing time depends on the number of rejected attempts, so each run signs a different
  // message and the median covers the distribution.
  std::array<uint8_t, 32> message{};
  crypto::MlDsaSignOptions options;
  options.rnd = crypto::MlDsaRnd{};
  crypto::MlDsa65Signature sig;
  Report(unit, "mldsa65.sign", MedianCycles(sign_runs, [&](int i) {
           std::memcpy(message.data(), &i, sizeof(i));
           Check(crypto::MlDsa65Sign(sig, sk.span(), message, {}, options).ok(), "mldsa sign");
         }));
  Check(crypto::MlDsa65Sign(sig, sk.span(), message, {}, options).ok(), "mldsa sign");
  Report(unit, "mldsa65.verify", MedianCycles(runs, [&](int) {
           Check(crypto::MlDsa65Verify(pk, message, {}, sig).ok(), "mldsa verify");
         }));
}

void BenchXWing(Unit unit, int runs) {
  std::array<uint8_t, 32> seed{};
  crypto::XWingEncapsulationKey ek;
  crypto::XWingDecapsulationKey dk;
  Report(unit, "xwing.keygen", MedianCycles(runs, [&](int i) {
           seed[0] = static_cast<uint8_t>(i);
           Check(crypto::XWingKeyGenFromSeed(ek, dk, seed).ok(), "xwing keygen");
         }));
  std::array<uint8_t, crypto::kXWingEncapsSeedBytes> eseed{};
  crypto::XWingCiphertext ct;
  std::array<uint8_t, 32> ss;
  Report(unit, "xwing.encaps", MedianCycles(runs, [&](int i) {
           eseed[0] = static_cast<uint8_t>(i);
           Check(crypto::XWingEncapsDeterministic(ct, ss, ek, eseed).ok(), "xwing encaps");
         }));
  Report(unit, "xwing.decaps", MedianCycles(runs, [&](int) {
           Check(crypto::XWingDecaps(ss, dk, ct).ok(), "xwing decaps");
         }));
}

void BenchHybrid(Unit unit, int runs, int sign_runs) {
  crypto::HybridSigPublicKey pk;
  SecureBuffer sk;
  Check(crypto::HybridSigKeyGen(pk, sk).ok(), "hybrid keygen");
  std::array<uint8_t, 32> message{};
  crypto::HybridSignature sig;
  Report(unit, "hybrid.sign", MedianCycles(sign_runs, [&](int i) {
           std::memcpy(message.data(), &i, sizeof(i));
           Check(crypto::HybridSign(sig, sk.span(), message, {}).ok(), "hybrid sign");
         }));
  Report(unit, "hybrid.verify", MedianCycles(runs, [&](int) {
           Check(crypto::HybridVerify(pk, message, {}, sig).ok(), "hybrid verify");
         }));
}

int Usage() {
  std::fprintf(stderr, "usage: bench_pq --cycles|--ops [--runs N] [--sign-runs N]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  bool cycles = false;
  Unit unit = Unit::kCycles;
  int runs = 1000;
  int sign_runs = 500;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--cycles" || arg == "--ops") {
      cycles = true;
      unit = arg == "--ops" ? Unit::kOps : Unit::kCycles;
    } else if ((arg == "--runs" || arg == "--sign-runs") && i + 1 < argc) {
      const int n = std::atoi(argv[++i]);
      if (n < 1) return Usage();
      (arg == "--runs" ? runs : sign_runs) = n;
    } else {
      return Usage();
    }
  }
  if (!cycles) return Usage();
  std::fprintf(stderr, "bench_pq: AVX2 code paths %s\n", crypto::KeccakX4UsesAvx2() ? "on" : "off");
  BenchKeccak(unit, runs * 10);
  BenchMlKem(unit, runs);
  BenchMlDsa(unit, runs, sign_runs);
  BenchXWing(unit, runs);
  BenchHybrid(unit, runs, sign_runs);
  return 0;
}
