// pq_oracle_peer: camd's ML-KEM-768 and ML-DSA-65 behind a JSON-lines pipe, so an independent
// implementation (tests/oracle/oracle.test.mjs, driving @noble/post-quantum) can compare results
// byte for byte. One request per stdin line, one answer per stdout line, in order:
//   {"id": N, "op": "...", <hex fields>} -> {"id": N, "ok": true, <hex fields>}
//                                         | {"id": N, "ok": false, "error": "..."}
// Ops:
//   mlkem_keygen {seed: d||z}              -> {ek, dk}
//   mlkem_encaps {ek, m}                   -> {ct, ss}
//   mlkem_decaps {dk, ct}                  -> {ss}
//   mldsa_keygen {xi}                      -> {pk, sk}
//   mldsa_sign_det {sk, msg, ctx}          -> {sig}      (rnd = 32 zero bytes)
//   mldsa_sign_rnd {sk, msg, ctx, rnd}     -> {sig}      (hedged signing with a given rnd)
//   mldsa_verify {pk, msg, ctx, sig}       -> {valid: bool}
//   mlkem_accumulate {iterations}          -> {digest}   (see AccumulateMlKem below)
// A test peer: it handles test keys only, so it does not wipe them.
#include <algorithm>
#include <array>
#include <cstdint>
#include <iostream>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/hex.h"
#include "base/secure_buffer.h"
#include "crypto/mldsa/mldsa65.h"
#include "crypto/mlkem/mlkem768.h"
#include "crypto/sha3/keccak.h"

namespace {

using ::nlohmann::json;
using Bytes = std::vector<uint8_t>;

namespace crypto = ::cam::crypto;

// A request field: a hex string decoded, or an error naming the field.
absl::StatusOr<Bytes> HexField(const json& request, const char* name) {
  const auto it = request.find(name);
  if (it == request.end() || !it->is_string()) {
    return absl::InvalidArgumentError(std::string("missing hex field ") + name);
  }
  return cam::base::HexDecode(it->get_ref<const std::string&>());
}

std::string Hex(std::span<const uint8_t> bytes) { return cam::base::HexEncode(bytes); }

// AccumulateMlKem is a CCTV-style accumulated test, defined here and reproduced independently by
// oracle.test.mjs:
//   stream = SHAKE128("") read as an endless byte stream; acc = SHAKE128 absorbing.
//   repeat `iterations` times:
//     d, z, m = next 32 bytes of stream each; ct_random = next 1088 bytes of stream
//     (ek, dk) = ML-KEM-768.KeyGen_internal(d, z)
//     (ss, ct) = ML-KEM-768.Encaps_internal(ek, m)
//     ss2 = Decaps(dk, ct); must equal ss
//     ss_reject = Decaps(dk, ct_random)       (implicit rejection)
//     acc.absorb(ek || dk || ct || ss || ss_reject)
//   digest = first 32 bytes squeezed from acc.
absl::StatusOr<std::array<uint8_t, 32>> AccumulateMlKem(int64_t iterations) {
  crypto::Shake128 stream;
  crypto::Shake128 acc;
  for (int64_t i = 0; i < iterations; ++i) {
    std::array<uint8_t, crypto::kMlKem768SeedBytes> seed;
    std::array<uint8_t, crypto::kMlKem768EncapsRandomBytes> m;
    crypto::MlKem768Ciphertext ct_random;
    stream.Squeeze(seed);
    stream.Squeeze(m);
    stream.Squeeze(ct_random);
    crypto::MlKem768EncapsulationKey ek;
    crypto::MlKem768DecapsulationKey dk;
    if (absl::Status s = crypto::MlKem768KeyGenFromSeed(ek, dk, seed); !s.ok()) return s;
    crypto::MlKem768Ciphertext ct;
    std::array<uint8_t, crypto::kMlKem768SharedSecretBytes> ss, ss2, ss_reject;
    if (absl::Status s = crypto::MlKem768EncapsDeterministic(ct, ss, ek, m); !s.ok()) return s;
    if (absl::Status s = crypto::MlKem768Decaps(ss2, dk, ct); !s.ok()) return s;
    if (ss2 != ss) return absl::InternalError("decapsulation disagrees with encapsulation");
    if (absl::Status s = crypto::MlKem768Decaps(ss_reject, dk, ct_random); !s.ok()) return s;
    acc.Absorb(ek);
    acc.Absorb(dk.bytes());
    acc.Absorb(ct);
    acc.Absorb(ss);
    acc.Absorb(ss_reject);
  }
  std::array<uint8_t, 32> digest;
  acc.Squeeze(digest);
  return digest;
}

absl::Status Handle(const json& request, json& answer) {
  const std::string op = request.value("op", std::string());
  if (op == "mlkem_keygen") {
    absl::StatusOr<Bytes> seed = HexField(request, "seed");
    if (!seed.ok()) return seed.status();
    crypto::MlKem768EncapsulationKey ek;
    crypto::MlKem768DecapsulationKey dk;
    if (absl::Status s = crypto::MlKem768KeyGenFromSeed(ek, dk, *seed); !s.ok()) return s;
    answer["ek"] = Hex(ek);
    answer["dk"] = Hex(dk.bytes());
  } else if (op == "mlkem_encaps") {
    absl::StatusOr<Bytes> ek = HexField(request, "ek");
    absl::StatusOr<Bytes> m = HexField(request, "m");
    if (!ek.ok()) return ek.status();
    if (!m.ok()) return m.status();
    if (m->size() != crypto::kMlKem768EncapsRandomBytes) {
      return absl::InvalidArgumentError("m must be 32 bytes");
    }
    crypto::MlKem768Ciphertext ct;
    std::array<uint8_t, crypto::kMlKem768SharedSecretBytes> ss;
    if (absl::Status s = crypto::MlKem768EncapsDeterministic(
            ct, ss, *ek,
            std::span<const uint8_t, crypto::kMlKem768EncapsRandomBytes>(m->data(), m->size()));
        !s.ok()) {
      return s;
    }
    answer["ct"] = Hex(ct);
    answer["ss"] = Hex(ss);
  } else if (op == "mlkem_decaps") {
    absl::StatusOr<Bytes> dk_bytes = HexField(request, "dk");
    absl::StatusOr<Bytes> ct = HexField(request, "ct");
    if (!dk_bytes.ok()) return dk_bytes.status();
    if (!ct.ok()) return ct.status();
    absl::StatusOr<crypto::MlKem768DecapsulationKey> dk =
        crypto::MlKem768DecapsulationKey::FromBytes(*dk_bytes);
    if (!dk.ok()) return dk.status();
    std::array<uint8_t, crypto::kMlKem768SharedSecretBytes> ss;
    if (absl::Status s = crypto::MlKem768Decaps(ss, *dk, *ct); !s.ok()) return s;
    answer["ss"] = Hex(ss);
  } else if (op == "mldsa_keygen") {
    absl::StatusOr<Bytes> xi = HexField(request, "xi");
    if (!xi.ok()) return xi.status();
    crypto::MlDsa65PublicKey pk;
    cam::base::SecureBuffer sk;
    if (absl::Status s = crypto::MlDsa65KeyGenFromSeed(pk, sk, *xi); !s.ok()) return s;
    answer["pk"] = Hex(pk);
    answer["sk"] = Hex(sk.span());
  } else if (op == "mldsa_sign_det" || op == "mldsa_sign_rnd") {
    absl::StatusOr<Bytes> sk = HexField(request, "sk");
    absl::StatusOr<Bytes> msg = HexField(request, "msg");
    absl::StatusOr<Bytes> ctx = HexField(request, "ctx");
    if (!sk.ok()) return sk.status();
    if (!msg.ok()) return msg.status();
    if (!ctx.ok()) return ctx.status();
    crypto::MlDsaSignOptions options{.randomness = crypto::MlDsaRandomness::kDeterministic};
    if (op == "mldsa_sign_rnd") {
      absl::StatusOr<Bytes> rnd = HexField(request, "rnd");
      if (!rnd.ok()) return rnd.status();
      if (rnd->size() != crypto::kMlDsaRndBytes) {
        return absl::InvalidArgumentError("rnd must be 32 bytes");
      }
      crypto::MlDsaRnd given;
      std::copy(rnd->begin(), rnd->end(), given.begin());
      options.rnd = given;
    }
    crypto::MlDsa65Signature sig;
    if (absl::Status s = crypto::MlDsa65Sign(sig, *sk, *msg, *ctx, options); !s.ok()) return s;
    answer["sig"] = Hex(sig);
  } else if (op == "mldsa_verify") {
    absl::StatusOr<Bytes> pk = HexField(request, "pk");
    absl::StatusOr<Bytes> msg = HexField(request, "msg");
    absl::StatusOr<Bytes> ctx = HexField(request, "ctx");
    absl::StatusOr<Bytes> sig = HexField(request, "sig");
    for (const auto* field : {&pk, &msg, &ctx, &sig}) {
      if (!field->ok()) return field->status();
    }
    answer["valid"] = crypto::MlDsa65Verify(*pk, *msg, *ctx, *sig).ok();
  } else if (op == "mlkem_accumulate") {
    const auto it = request.find("iterations");
    if (it == request.end() || !it->is_number_integer() || it->get<int64_t>() < 0) {
      return absl::InvalidArgumentError("iterations must be a non-negative integer");
    }
    absl::StatusOr<std::array<uint8_t, 32>> digest = AccumulateMlKem(it->get<int64_t>());
    if (!digest.ok()) return digest.status();
    answer["digest"] = Hex(*digest);
  } else {
    return absl::InvalidArgumentError("unknown op '" + op + "'");
  }
  return absl::OkStatus();
}

}  // namespace

int main() {
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    json answer = json::object();
    const json request = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (request.is_discarded() || !request.is_object()) {
      answer["ok"] = false;
      answer["error"] = "request is not a JSON object";
    } else {
      if (const auto id = request.find("id"); id != request.end()) answer["id"] = *id;
      const absl::Status status = Handle(request, answer);
      answer["ok"] = status.ok();
      if (!status.ok()) answer["error"] = std::string(status.message());
    }
    std::cout << answer.dump() << '\n';
    // Answer each line as soon as it is ready once the driver stops sending (it may wait).
    if (std::cin.rdbuf()->in_avail() == 0) std::cout.flush();
  }
  std::cout.flush();
  return 0;
}
