// Project Wycheproof ML-DSA-65 vectors: signing from an expanded key (noseed) and from a seed,
// and verification. Every test of every group runs.
//
// Signing tests: with `msg`, pure ML-DSA.Sign under `ctx` (empty if absent); with only `mu`
// (flag Internal), signing on the external mu. Signatures are deterministic unless the test
// gives `rnd`. A valid case must reproduce `sig` exactly, verify, and (where the group has a
// public key) give the listed `mu`; an invalid case must be refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "base/secure_buffer.h"
#include "crypto/mldsa/mldsa65.h"
#include "tests/testing/vectors.h"

namespace cam::crypto {
namespace {

using ::cam::testing::Hex;
using ::cam::testing::LoadJson;
using ::cam::testing::VectorsDir;
using Bytes = std::vector<uint8_t>;

Bytes Field(const nlohmann::json& obj, const char* name) {
  return obj.contains(name) && obj[name].is_string() ? Hex(obj[name].get<std::string>()) : Bytes{};
}

template <size_t N>
std::array<uint8_t, N> ToArray(const Bytes& bytes) {
  std::array<uint8_t, N> out{};
  EXPECT_EQ(bytes.size(), N);
  std::copy_n(bytes.begin(), std::min(N, bytes.size()), out.begin());
  return out;
}

struct Counts {
  int valid = 0;
  int invalid = 0;
};

// Runs one signing test with secret key `sk` and (possibly empty) public key `pk`.
void RunSignTest(const nlohmann::json& test, std::span<const uint8_t> sk,
                 std::span<const uint8_t> pk, Counts& counts) {
  const bool valid = test["result"] == "valid";
  ASSERT_TRUE(valid || test["result"] == "invalid");
  MlDsaRnd rnd{};
  if (test.contains("rnd")) rnd = ToArray<kMlDsaRndBytes>(Field(test, "rnd"));
  const Bytes ctx = Field(test, "ctx");
  MlDsa65Signature sig;
  absl::Status status;
  if (test.contains("msg")) {
    status = MlDsa65Sign(sig, sk, Field(test, "msg"), ctx, {.rnd = rnd});
  } else {
    ASSERT_TRUE(test.contains("mu"));
    status = MlDsa65SignMu(sig, sk, ToArray<kMlDsaMuBytes>(Field(test, "mu")), rnd);
  }
  if (!valid) {
    EXPECT_FALSE(status.ok());
    ++counts.invalid;
    return;
  }
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(Bytes(sig.begin(), sig.end()), Field(test, "sig"));
  if (test.contains("msg")) {
    EXPECT_TRUE(MlDsa65Verify(pk, Field(test, "msg"), ctx, sig).ok());
    if (test.contains("mu")) {
      MlDsaMu mu;
      ASSERT_TRUE(MlDsa65ComputeMu(mu, pk, Field(test, "msg"), ctx).ok());
      EXPECT_EQ(Bytes(mu.begin(), mu.end()), Field(test, "mu"));
    }
  } else {
    EXPECT_TRUE(MlDsa65VerifyMu(pk, ToArray<kMlDsaMuBytes>(Field(test, "mu")), sig).ok());
  }
  ++counts.valid;
}

int TotalTests(const nlohmann::json& doc) {
  int n = 0;
  for (const auto& group : doc["testGroups"]) n += static_cast<int>(group["tests"].size());
  return n;
}

TEST(MlDsa65WycheproofTest, SignNoSeed) {
  const auto doc = LoadJson(VectorsDir() / "wycheproof" / "mldsa_65_sign_noseed_test.json");
  ASSERT_EQ(doc["algorithm"], "ML-DSA-65");
  Counts counts;
  for (const auto& group : doc["testGroups"]) {
    const Bytes sk = Field(group, "privateKey");
    const Bytes pk = Field(group, "publicKey");
    for (const auto& test : group["tests"]) {
      SCOPED_TRACE("tcId " + std::to_string(test["tcId"].get<int>()) + ": " +
                   test["comment"].get<std::string>());
      RunSignTest(test, sk, pk, counts);
    }
  }
  EXPECT_EQ(counts.valid + counts.invalid, TotalTests(doc));
  EXPECT_EQ(counts.valid + counts.invalid, doc["numberOfTests"].get<int>());
  EXPECT_GT(counts.valid, 0);
  EXPECT_GT(counts.invalid, 0);
}

TEST(MlDsa65WycheproofTest, SignSeed) {
  const auto doc = LoadJson(VectorsDir() / "wycheproof" / "mldsa_65_sign_seed_test.json");
  ASSERT_EQ(doc["algorithm"], "ML-DSA-65");
  Counts counts;
  for (const auto& group : doc["testGroups"]) {
    const Bytes seed = Field(group, "privateSeed");
    const Bytes want_pk = Field(group, "publicKey");
    MlDsa65PublicKey pk;
    base::SecureBuffer sk;
    const absl::Status keygen = MlDsa65KeyGenFromSeed(pk, sk, seed);
    if (keygen.ok()) {
      EXPECT_EQ(Bytes(pk.begin(), pk.end()), want_pk);
      // The PKCS#8 form, where given, is the seed-only encoding: it must end in the seed.
      const Bytes pkcs8 = Field(group, "privateKeyPkcs8");
      if (!pkcs8.empty()) {
        ASSERT_GE(pkcs8.size(), seed.size());
        EXPECT_TRUE(std::equal(seed.begin(), seed.end(), pkcs8.end() - seed.size()));
      }
    }
    for (const auto& test : group["tests"]) {
      SCOPED_TRACE("tcId " + std::to_string(test["tcId"].get<int>()) + ": " +
                   test["comment"].get<std::string>());
      if (!keygen.ok()) {
        // A seed of the wrong length: key generation itself must refuse.
        EXPECT_EQ(test["result"], "invalid");
        EXPECT_NE(seed.size(), kMlDsaSeedBytes);
        ++counts.invalid;
        continue;
      }
      RunSignTest(test, sk.span(), pk, counts);
    }
  }
  EXPECT_EQ(counts.valid + counts.invalid, TotalTests(doc));
  EXPECT_EQ(counts.valid + counts.invalid, doc["numberOfTests"].get<int>());
  EXPECT_GT(counts.valid, 0);
  EXPECT_GT(counts.invalid, 0);
}

TEST(MlDsa65WycheproofTest, Verify) {
  const auto doc = LoadJson(VectorsDir() / "wycheproof" / "mldsa_65_verify_test.json");
  ASSERT_EQ(doc["algorithm"], "ML-DSA-65");
  Counts counts;
  for (const auto& group : doc["testGroups"]) {
    const Bytes pk = Field(group, "publicKey");
    for (const auto& test : group["tests"]) {
      SCOPED_TRACE("tcId " + std::to_string(test["tcId"].get<int>()) + ": " +
                   test["comment"].get<std::string>());
      const bool valid = test["result"] == "valid";
      ASSERT_TRUE(valid || test["result"] == "invalid");
      const absl::Status status =
          MlDsa65Verify(pk, Field(test, "msg"), Field(test, "ctx"), Field(test, "sig"));
      EXPECT_EQ(status.ok(), valid) << status;
      ++(valid ? counts.valid : counts.invalid);
    }
  }
  EXPECT_EQ(counts.valid + counts.invalid, TotalTests(doc));
  EXPECT_EQ(counts.valid + counts.invalid, doc["numberOfTests"].get<int>());
  EXPECT_GT(counts.valid, 0);
  EXPECT_GT(counts.invalid, 0);
}

}  // namespace
}  // namespace cam::crypto
