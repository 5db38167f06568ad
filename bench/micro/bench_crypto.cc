// File: bench/micro/bench_crypto.cc
// Google Benchmark timings of Keccak, ML-KEM-768, ML-DSA-65, X-Wing and the hybrid signature.
// Keys and inputs are made once outside the timed loops; the operations themselves are the
// public API calls an application makes.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "base/secure_buffer.h"
#include "crypto/hybrid/hybrid_signature.h"
#include "crypto/mldsa/mldsa65.h"
#include "crypto/mlkem/mlkem768.h"
#include "crypto/sha3/keccak.h"
#include "crypto/xwing/xwing.h"

namespace cam::crypto {
namespace {

void Require(bool ok, benchmark::State& state) {
  if (!ok) state.SkipWithError("operation failed");
}

void BM_KeccakF1600(benchmark::State& state) {
  std::array<uint64_t, 25> s{};
  for (auto _ : state) {
    KeccakF1600(s);
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_KeccakF1600);

void BM_KeccakF1600x4(benchmark::State& state) {
  KeccakX4State s;
  for (auto _ : state) {
    KeccakF1600x4(s);
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_KeccakF1600x4);

void BM_Shake128(benchmark::State& state) {
  std::array<uint8_t, 34> seed{};
  std::array<uint8_t, 504> out;
  for (auto _ : state) {
    Shake128Once(seed, out);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * 504);
}
BENCHMARK(BM_Shake128);

void BM_MlKem768KeyGen(benchmark::State& state) {
  std::array<uint8_t, kMlKem768SeedBytes> seed{};
  MlKem768EncapsulationKey ek;
  MlKem768DecapsulationKey dk;
  for (auto _ : state) Require(MlKem768KeyGenFromSeed(ek, dk, seed).ok(), state);
}
BENCHMARK(BM_MlKem768KeyGen);

void BM_MlKem768Encaps(benchmark::State& state) {
  MlKem768EncapsulationKey ek;
  MlKem768DecapsulationKey dk;
  MlKem768KeyGen(ek, dk);
  MlKem768Ciphertext ct;
  std::array<uint8_t, 32> ss;
  for (auto _ : state) Require(MlKem768Encaps(ct, ss, ek).ok(), state);
}
BENCHMARK(BM_MlKem768Encaps);

void BM_MlKem768Decaps(benchmark::State& state) {
  MlKem768EncapsulationKey ek;
  MlKem768DecapsulationKey dk;
  MlKem768KeyGen(ek, dk);
  MlKem768Ciphertext ct;
  std::array<uint8_t, 32> ss;
  Require(MlKem768Encaps(ct, ss, ek).ok(), state);
  for (auto _ : state) Require(MlKem768Decaps(ss, dk, ct).ok(), state);
}
BENCHMARK(BM_MlKem768Decaps);

void BM_MlDsa65KeyGen(benchmark::State& state) {
  MlDsa65PublicKey pk;
  base::SecureBuffer sk;
  for (auto _ : state) Require(MlDsa65KeyGen(pk, sk).ok(), state);
}
BENCHMARK(BM_MlDsa65KeyGen);

void BM_MlDsa65Sign(benchmark::State& state) {
  MlDsa65PublicKey pk;
  base::SecureBuffer sk;
  Require(MlDsa65KeyGen(pk, sk).ok(), state);
  std::array<uint8_t, 32> message{};
  MlDsa65Signature sig;
  uint32_t counter = 0;
  for (auto _ : state) {
    // A different message each time, so the rejection count averages out.
    std::memcpy(message.data(), &counter, sizeof(counter));
    ++counter;
    Require(MlDsa65Sign(sig, sk.span(), message, {}).ok(), state);
  }
}
BENCHMARK(BM_MlDsa65Sign);

void BM_MlDsa65Verify(benchmark::State& state) {
  MlDsa65PublicKey pk;
  base::SecureBuffer sk;
  Require(MlDsa65KeyGen(pk, sk).ok(), state);
  std::array<uint8_t, 32> message{};
  MlDsa65Signature sig;
  Require(MlDsa65Sign(sig, sk.span(), message, {}).ok(), state);
  for (auto _ : state) Require(MlDsa65Verify(pk, message, {}, sig).ok(), state);
}
BENCHMARK(BM_MlDsa65Verify);

void BM_XWingKeyGen(benchmark::State& state) {
  XWingEncapsulationKey ek;
  XWingDecapsulationKey dk;
  for (auto _ : state) Require(XWingKeyGen(ek, dk).ok(), state);
}
BENCHMARK(BM_XWingKeyGen);

void BM_XWingEncaps(benchmark::State& state) {
  XWingEncapsulationKey ek;
  XWingDecapsulationKey dk;
  Require(XWingKeyGen(ek, dk).ok(), state);
  XWingCiphertext ct;
  std::array<uint8_t, 32> ss;
  for (auto _ : state) Require(XWingEncaps(ct, ss, ek).ok(), state);
}
BENCHMARK(BM_XWingEncaps);

void BM_XWingDecaps(benchmark::State& state) {
  XWingEncapsulationKey ek;
  XWingDecapsulationKey dk;
  Require(XWingKeyGen(ek, dk).ok(), state);
  XWingCiphertext ct;
  std::array<uint8_t, 32> ss;
  Require(XWingEncaps(ct, ss, ek).ok(), state);
  for (auto _ : state) Require(XWingDecaps(ss, dk, ct).ok(), state);
}
BENCHMARK(BM_XWingDecaps);

void BM_HybridSign(benchmark::State& state) {
  HybridSigPublicKey pk;
  base::SecureBuffer sk;
  Require(HybridSigKeyGen(pk, sk).ok(), state);
  std::array<uint8_t, 32> message{};
  HybridSignature sig;
  uint32_t counter = 0;
  for (auto _ : state) {
    std::memcpy(message.data(), &counter, sizeof(counter));
    ++counter;
    Require(HybridSign(sig, sk.span(), message, {}).ok(), state);
  }
}
BENCHMARK(BM_HybridSign);

void BM_HybridVerify(benchmark::State& state) {
  HybridSigPublicKey pk;
  base::SecureBuffer sk;
  Require(HybridSigKeyGen(pk, sk).ok(), state);
  std::array<uint8_t, 32> message{};
  HybridSignature sig;
  Require(HybridSign(sig, sk.span(), message, {}).ok(), state);
  for (auto _ : state) Require(HybridVerify(pk, message, {}, sig).ok(), state);
}
BENCHMARK(BM_HybridVerify);

}  // namespace
}  // namespace cam::crypto

BENCHMARK_MAIN();
