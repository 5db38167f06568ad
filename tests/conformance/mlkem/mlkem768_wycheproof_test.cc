// Wycheproof vectors for ML-KEM-768, read in place from $CAM_VECTORS_DIR/wycheproof. One test per
// file, one branch per schema. "valid" vectors must reproduce every given output; "invalid"
// vectors must be refused by one of the input checks (length, modulus or hash check). Each test
// compares its count with the file's numberOfTests, so no vector is skipped.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/mlkem/mlkem768.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/vectors.h"

namespace cam::crypto {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::Hex;
using ::cam::testing::LoadJson;
using ::cam::testing::VectorsDir;
using Bytes = std::vector<uint8_t>;
using SharedSecret = std::array<uint8_t, kMlKem768SharedSecretBytes>;

constexpr const char* kInvalidInput = "CAM_CRYPTO_INVALID_INPUT";

Bytes HexField(const nlohmann::json& test, const char* name) {
  return Hex(test.at(name).get<std::string>());
}

template <typename Container>
Bytes ToBytes(const Container& c) {
  return Bytes(c.begin(), c.end());
}

// ForEachTest runs `body` on every test of a Wycheproof file whose groups are for ML-KEM-768,
// with a trace naming the test, and checks that all numberOfTests tests were visited.
template <typename Body>
void ForEachTest(const char* file, const char* schema, Body body) {
  const nlohmann::json doc = LoadJson(VectorsDir() / "wycheproof" / file);
  ASSERT_EQ(doc["schema"], schema);
  int visited = 0;
  for (const auto& group : doc["testGroups"]) {
    ASSERT_EQ(group["parameterSet"], "ML-KEM-768");
    for (const auto& test : group["tests"]) {
      SCOPED_TRACE(std::string(file) + " tcId " + std::to_string(test["tcId"].get<int>()) + " (" +
                   test.value("comment", std::string()) + ")");
      const std::string result = test["result"].get<std::string>();
      ASSERT_TRUE(result == "valid" || result == "invalid") << "unexpected result " << result;
      body(group, test, result == "valid");
      ++visited;
    }
  }
  EXPECT_EQ(visited, doc["numberOfTests"].get<int>());
  ::testing::Test::RecordProperty("vectors_checked", visited);
}

// mlkem_keygen_seed_test_schema.json: seed (d || z) -> ek, dk. All vectors are valid.
TEST(MlKem768WycheproofTest, KeyGenSeed) {
  ForEachTest("mlkem_768_keygen_seed_test.json", "mlkem_keygen_seed_test_schema.json",
              [](const nlohmann::json&, const nlohmann::json& test, bool valid) {
                MlKem768EncapsulationKey ek;
                MlKem768DecapsulationKey dk;
                const absl::Status status = MlKem768KeyGenFromSeed(ek, dk, HexField(test, "seed"));
                if (!valid) {
                  EXPECT_THAT(status, HasReason(kInvalidInput));
                  return;
                }
                CAM_ASSERT_OK(status);
                EXPECT_EQ(ToBytes(ek), HexField(test, "ek"));
                EXPECT_EQ(ToBytes(dk.bytes()), HexField(test, "dk"));
              });
}

// mlkem_encaps_test_schema.json: ek, m -> c, K. Invalid vectors have a wrong-length ek or one
// that fails the modulus check (flag ModulusOverflow, comment "Public key not reduced").
TEST(MlKem768WycheproofTest, Encaps) {
  ForEachTest("mlkem_768_encaps_test.json", "mlkem_encaps_test_schema.json",
              [](const nlohmann::json&, const nlohmann::json& test, bool valid) {
                const Bytes m = HexField(test, "m");
                ASSERT_EQ(m.size(), kMlKem768EncapsRandomBytes);
                const Bytes ek = HexField(test, "ek");
                MlKem768Ciphertext c;
                SharedSecret k;
                const absl::Status status = MlKem768EncapsDeterministic(
                    c, k, ek, std::span<const uint8_t, kMlKem768EncapsRandomBytes>(m));
                if (!valid) {
                  EXPECT_THAT(status, HasReason(kInvalidInput));
                  // The stand-alone 7.2 check must agree with the one inside Encaps.
                  EXPECT_THAT(MlKem768CheckEncapsulationKey(ek), HasReason(kInvalidInput));
                  return;
                }
                CAM_ASSERT_OK(status);
                CAM_EXPECT_OK(MlKem768CheckEncapsulationKey(ek));
                EXPECT_EQ(ToBytes(c), HexField(test, "c"));
                EXPECT_EQ(ToBytes(k), HexField(test, "K"));
              });
}

// mlkem_test_schema.json: seed -> (ek, dk); Decaps(dk, c) -> K. Valid vectors include
// modified and random ciphertexts, whose K is the implicit-rejection key, and the CCTV
// "strcmp" vector. Invalid vectors have a wrong-length seed or ciphertext; for a valid seed
// the derived ek must still match before the ciphertext is refused.
TEST(MlKem768WycheproofTest, SeedDecaps) {
  ForEachTest("mlkem_768_test.json", "mlkem_test_schema.json",
              [](const nlohmann::json&, const nlohmann::json& test, bool valid) {
                MlKem768EncapsulationKey ek;
                MlKem768DecapsulationKey dk;
                const absl::Status keygen = MlKem768KeyGenFromSeed(ek, dk, HexField(test, "seed"));
                if (!keygen.ok()) {
                  EXPECT_FALSE(valid) << keygen;
                  EXPECT_THAT(keygen, HasReason(kInvalidInput));
                  return;
                }
                if (test.contains("ek")) {
                  EXPECT_EQ(ToBytes(ek), HexField(test, "ek"));
                }
                SharedSecret k;
                const absl::Status decaps = MlKem768Decaps(k, dk, HexField(test, "c"));
                if (!valid) {
                  EXPECT_THAT(decaps, HasReason(kInvalidInput));
                  return;
                }
                CAM_ASSERT_OK(decaps);
                EXPECT_EQ(ToBytes(k), HexField(test, "K"));
              });
}

// mlkem_semi_expanded_decaps_test_schema.json: the 2400-byte dk, c, ek -> K. Invalid vectors
// have a wrong-length dk or c, or a dk failing the 7.3 hash check (corrupted hash or corrupted
// embedded ek). The MalleableCiphertext vectors are valid and only need the right K.
TEST(MlKem768WycheproofTest, SemiExpandedDecaps) {
  ForEachTest("mlkem_768_semi_expanded_decaps_test.json",
              "mlkem_semi_expanded_decaps_test_schema.json",
              [](const nlohmann::json&, const nlohmann::json& test, bool valid) {
                auto dk = MlKem768DecapsulationKey::FromBytes(HexField(test, "dk"));
                if (!dk.ok()) {
                  EXPECT_FALSE(valid) << dk.status();
                  EXPECT_THAT(dk, HasReason(kInvalidInput));
                  return;
                }
                EXPECT_EQ(ToBytes(dk->encapsulation_key()), HexField(test, "ek"));
                SharedSecret k;
                const absl::Status decaps = MlKem768Decaps(k, *dk, HexField(test, "c"));
                if (!valid) {
                  EXPECT_THAT(decaps, HasReason(kInvalidInput));
                  return;
                }
                CAM_ASSERT_OK(decaps);
                EXPECT_EQ(ToBytes(k), HexField(test, "K"));
              });
}

}  // namespace
}  // namespace cam::crypto
