// NIST ACVP vectors for ML-KEM-768 (FIPS 203), read in place from
// $CAM_VECTORS_DIR/acvp/ML-KEM-{keyGen,encapDecap}-FIPS203. prompt.json holds the inputs and
// expectedResults.json the answers, matched by tcId. Every group of the parameter set is run;
// the test counts what it checked so a vector cannot be skipped silently.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "crypto/mlkem/mlkem768.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/vectors.h"

namespace cam::crypto {
namespace {

using ::cam::testing::Hex;
using ::cam::testing::LoadJson;
using ::cam::testing::VectorsDir;
using Bytes = std::vector<uint8_t>;

// Traits of the parameter set under test; a second set would add a struct and a typed suite.
struct MlKem768Traits {
  static constexpr const char* kParameterSet = "ML-KEM-768";
};

// ExpectedByTcId indexes expectedResults.json by test case id.
std::map<int, nlohmann::json> ExpectedByTcId(const nlohmann::json& expected) {
  std::map<int, nlohmann::json> out;
  for (const auto& group : expected["testGroups"]) {
    for (const auto& test : group["tests"]) out[test["tcId"].get<int>()] = test;
  }
  return out;
}

Bytes HexField(const nlohmann::json& test, const char* name) {
  return Hex(test.at(name).get<std::string>());
}

TEST(MlKem768AcvpTest, KeyGen) {
  const auto dir = VectorsDir() / "acvp/ML-KEM-keyGen-FIPS203";
  const nlohmann::json prompt = LoadJson(dir / "prompt.json");
  const auto expected = ExpectedByTcId(LoadJson(dir / "expectedResults.json"));
  int checked = 0;
  for (const auto& group : prompt["testGroups"]) {
    ASSERT_EQ(group["parameterSet"], MlKem768Traits::kParameterSet);
    for (const auto& test : group["tests"]) {
      const int tc_id = test["tcId"].get<int>();
      SCOPED_TRACE("tcId " + std::to_string(tc_id));
      ASSERT_TRUE(expected.contains(tc_id));
      Bytes seed = HexField(test, "d");
      const Bytes z = HexField(test, "z");
      seed.insert(seed.end(), z.begin(), z.end());
      MlKem768EncapsulationKey ek;
      MlKem768DecapsulationKey dk;
      CAM_ASSERT_OK(MlKem768KeyGenFromSeed(ek, dk, seed));
      EXPECT_EQ(Bytes(ek.begin(), ek.end()), HexField(expected.at(tc_id), "ek"));
      EXPECT_EQ(Bytes(dk.bytes().begin(), dk.bytes().end()), HexField(expected.at(tc_id), "dk"));
      ++checked;
    }
  }
  EXPECT_EQ(checked, 25);
  RecordProperty("vectors_checked", checked);
}

TEST(MlKem768AcvpTest, EncapDecap) {
  const auto dir = VectorsDir() / "acvp/ML-KEM-encapDecap-FIPS203";
  const nlohmann::json prompt = LoadJson(dir / "prompt.json");
  const auto expected = ExpectedByTcId(LoadJson(dir / "expectedResults.json"));
  std::map<std::string, int> checked;
  for (const auto& group : prompt["testGroups"]) {
    ASSERT_EQ(group["parameterSet"], MlKem768Traits::kParameterSet);
    const std::string function = group["function"].get<std::string>();
    for (const auto& test : group["tests"]) {
      const int tc_id = test["tcId"].get<int>();
      SCOPED_TRACE(function + " tcId " + std::to_string(tc_id));
      ASSERT_TRUE(expected.contains(tc_id));
      const nlohmann::json& want = expected.at(tc_id);
      if (function == "encapsulation") {
        const Bytes m = HexField(test, "m");
        ASSERT_EQ(m.size(), kMlKem768EncapsRandomBytes);
        MlKem768Ciphertext c;
        std::array<uint8_t, kMlKem768SharedSecretBytes> k;
        CAM_ASSERT_OK(MlKem768EncapsDeterministic(
            c, k, HexField(test, "ek"), std::span<const uint8_t, kMlKem768EncapsRandomBytes>(m)));
        EXPECT_EQ(Bytes(c.begin(), c.end()), HexField(want, "c"));
        EXPECT_EQ(Bytes(k.begin(), k.end()), HexField(want, "k"));
      } else if (function == "decapsulation") {
        // Includes "modified ciphertext" cases, whose expected k is the implicit-rejection key.
        auto dk = MlKem768DecapsulationKey::FromBytes(HexField(test, "dk"));
        CAM_ASSERT_OK(dk);
        std::array<uint8_t, kMlKem768SharedSecretBytes> k;
        CAM_ASSERT_OK(MlKem768Decaps(k, *dk, HexField(test, "c")));
        EXPECT_EQ(Bytes(k.begin(), k.end()), HexField(want, "k"));
      } else if (function == "decapsulationKeyCheck") {
        const bool passed = MlKem768DecapsulationKey::FromBytes(HexField(test, "dk")).ok();
        EXPECT_EQ(passed, want["testPassed"].get<bool>());
      } else if (function == "encapsulationKeyCheck") {
        const bool passed = MlKem768CheckEncapsulationKey(HexField(test, "ek")).ok();
        EXPECT_EQ(passed, want["testPassed"].get<bool>());
      } else {
        ADD_FAILURE() << "unknown ACVP function " << function;
        continue;
      }
      ++checked[function];
    }
  }
  // The shared half of each ML-KEM-768 group (see ../shared/vectors/SOURCES.md).
  EXPECT_EQ(checked["encapsulation"], 12);
  EXPECT_EQ(checked["decapsulation"], 5);
  EXPECT_EQ(checked["decapsulationKeyCheck"], 5);
  EXPECT_EQ(checked["encapsulationKeyCheck"], 5);
  for (const auto& [function, count] : checked) RecordProperty(function, count);
}

}  // namespace
}  // namespace cam::crypto
