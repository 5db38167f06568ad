// RunVectorPath on real vector files read in place and on altered copies written to a temp
// folder: an altered expected value must turn into exactly one failed case, and files the tool
// does not cover must be refused rather than passed.
#include "crypto/tools/vector_runners.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/testing/vectors.h"

namespace cam::crypto::tools {
namespace {

using ::cam::testing::LoadJson;
using ::cam::testing::VectorsDir;
using ::testing::HasSubstr;

namespace fs = std::filesystem;

class VectorRunnersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("vector_runners_test_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path Write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path;
  }

  fs::path dir_;
};

// Changes the first hex digit of a hex string.
void FlipHex(nlohmann::json& value) {
  std::string text = value.get<std::string>();
  ASSERT_FALSE(text.empty());
  text[0] = text[0] == '0' ? '1' : '0';
  value = text;
}

TEST_F(VectorRunnersTest, RealFilesOfEachFamilyPass) {
  for (const char* path : {"wycheproof/mlkem_768_test.json", "wycheproof/hkdf_sha256_test.json",
                           "xwing/test-vectors.json", "acvp/ML-KEM-keyGen-FIPS203"}) {
    const VectorFileReport report = RunVectorPath(VectorsDir() / path);
    EXPECT_TRUE(report.ok()) << path << ": " << report.error;
    EXPECT_GT(report.passed, 0) << path;
    EXPECT_EQ(report.failed, 0) << path;
    EXPECT_FALSE(report.kind.empty()) << path;
  }
}

TEST_F(VectorRunnersTest, AlteredWycheproofExpectationFailsExactlyOneCase) {
  nlohmann::json doc = LoadJson(VectorsDir() / "wycheproof/mlkem_768_encaps_test.json");
  nlohmann::json* target = nullptr;
  for (auto& group : doc["testGroups"]) {
    for (auto& test : group["tests"]) {
      if (target == nullptr && test["result"] == "valid") target = &test;
    }
  }
  ASSERT_NE(target, nullptr);
  FlipHex((*target)["K"]);
  const VectorFileReport report = RunVectorPath(Write("encaps.json", doc.dump()));
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(report.failed, 1);
  ASSERT_EQ(report.failures.size(), 1u);
  EXPECT_THAT(report.failures[0], HasSubstr("shared secret differs"));
  EXPECT_EQ(report.passed, doc["numberOfTests"].get<int>() - 1);
}

TEST_F(VectorRunnersTest, WrongNumberOfTestsIsAFileError) {
  nlohmann::json doc = LoadJson(VectorsDir() / "wycheproof/hmac_sha256_test.json");
  doc["numberOfTests"] = doc["numberOfTests"].get<int>() + 1;
  const VectorFileReport report = RunVectorPath(Write("hmac.json", doc.dump()));
  EXPECT_FALSE(report.ok());
  EXPECT_THAT(report.error, HasSubstr("numberOfTests"));
}

TEST_F(VectorRunnersTest, AlteredAcvpExpectedResultFails) {
  const fs::path src = VectorsDir() / "acvp/ML-DSA-sigVer-FIPS204";
  nlohmann::json expected = LoadJson(src / "expectedResults.json");
  auto& first = expected["testGroups"][0]["tests"][0];
  first["testPassed"] = !first["testPassed"].get<bool>();
  fs::create_directories(dir_ / "acvp");
  fs::copy_file(src / "prompt.json", dir_ / "acvp/prompt.json");
  Write("acvp/expectedResults.json", expected.dump());
  const VectorFileReport report = RunVectorPath(dir_ / "acvp");
  EXPECT_EQ(report.failed, 1) << report.error;
  EXPECT_FALSE(report.ok());
}

TEST_F(VectorRunnersTest, AcvpGroupOfAnotherParameterSetIsSkippedWithReason) {
  const fs::path src = VectorsDir() / "acvp/ML-KEM-keyGen-FIPS203";
  nlohmann::json prompt = LoadJson(src / "prompt.json");
  prompt["testGroups"][0]["parameterSet"] = "ML-KEM-512";
  fs::create_directories(dir_ / "acvp");
  fs::copy_file(src / "expectedResults.json", dir_ / "acvp/expectedResults.json");
  Write("acvp/prompt.json", prompt.dump());
  const VectorFileReport report = RunVectorPath(dir_ / "acvp");
  EXPECT_GT(report.skipped, 0);
  ASSERT_EQ(report.skip_reasons.size(), 1u);
  EXPECT_THAT(report.skip_reasons[0], HasSubstr("ML-KEM-512"));
  // Nothing left to run: a file that tested nothing does not pass.
  EXPECT_EQ(report.passed, 0);
  EXPECT_FALSE(report.ok());
}

TEST_F(VectorRunnersTest, AlteredXWingVectorFails) {
  nlohmann::json doc = LoadJson(VectorsDir() / "xwing/test-vectors.json");
  FlipHex(doc[1]["ct"]);
  const VectorFileReport report = RunVectorPath(Write("xwing.json", doc.dump()));
  EXPECT_EQ(report.passed, 2);
  EXPECT_EQ(report.failed, 1);
}

TEST_F(VectorRunnersTest, UnimplementedWycheproofAlgorithmFails) {
  const VectorFileReport report =
      RunVectorPath(VectorsDir() / "wycheproof/xchacha20_poly1305_test.json");
  EXPECT_FALSE(report.ok());
  EXPECT_THAT(report.error, HasSubstr("XCHACHA20-POLY1305"));
}

TEST_F(VectorRunnersTest, FilesThatAreNotCryptoVectorsFail) {
  for (const fs::path& path :
       {VectorsDir() / "rfc/rfc9106-argon2id.json", VectorsDir() / "merkle/README.md",
        VectorsDir() / "wycheproof/schemas/common.json", Write("empty.json", "{}"),
        Write("broken.json", "{\"schema\": ")}) {
    const VectorFileReport report = RunVectorPath(path);
    EXPECT_FALSE(report.ok()) << path;
    EXPECT_THAT(report.error, HasSubstr("not a crypto vector file this tool covers")) << path;
  }
}

TEST_F(VectorRunnersTest, FolderThatIsNotAnAcvpSetAndMissingPathFail) {
  EXPECT_THAT(RunVectorPath(VectorsDir() / "merkle").error,
              HasSubstr("not a crypto vector file this tool covers"));
  EXPECT_THAT(RunVectorPath(dir_ / "missing.json").error, HasSubstr("no such file"));
  EXPECT_THAT(RunVectorPath(VectorsDir() / "acvp/ML-KEM-keyGen-FIPS203/prompt.json").error,
              HasSubstr("pass the folder"));
}

TEST_F(VectorRunnersTest, MistypedMemberIsAFailedCaseNotACrash) {
  nlohmann::json doc = LoadJson(VectorsDir() / "wycheproof/x25519_test.json");
  doc["testGroups"][0]["tests"][0]["shared"] = 42;
  doc["testGroups"][0]["tests"][1].erase("public");
  const VectorFileReport report = RunVectorPath(Write("x25519.json", doc.dump()));
  EXPECT_EQ(report.failed, 2);
  EXPECT_THAT(report.failures[0], HasSubstr("'shared' is not a string"));
  EXPECT_THAT(report.failures[1], HasSubstr("'public' is missing"));
}

}  // namespace
}  // namespace cam::crypto::tools
