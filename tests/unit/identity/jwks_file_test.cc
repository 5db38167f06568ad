#include "identity/jwks_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "identity/jwt_signer.h"
#include "tests/testing/status_matchers.h"

namespace cam::identity {
namespace {

class JwksFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cam-jwks-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    path_ = dir_ / "jwks.json";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Write(const std::string& text) {
    // Replace atomically, as an operator's deploy tool would.
    const auto tmp = dir_ / "tmp";
    std::ofstream(tmp, std::ios::trunc) << text;
    std::filesystem::rename(tmp, path_);
  }

  static std::string SetFor(std::string kid) {
    auto signer = JwtSigner::Generate(JwsAlgorithm::kEdDSA, std::move(kid));
    const JwtSigner* p = &*signer;
    return JwtSigner::PublicJwkSetJson({&p, 1});
  }

  std::filesystem::path dir_;
  std::filesystem::path path_;
};

TEST_F(JwksFileTest, OpenFailsWithoutAGoodFile) {
  EXPECT_FALSE(JwksFile::Open(path_).ok());
  Write("{\"keys\":[{\"kty\":\"OKP\"}]}");
  EXPECT_FALSE(JwksFile::Open(path_).ok());
}

TEST_F(JwksFileTest, ReloadsOnChangeAndKeepsLastGoodSet) {
  Write(SetFor("one"));
  CAM_ASSERT_OK_AND_ASSIGN(auto file, JwksFile::Open(path_));
  ASSERT_NE(file->Current()->Find("one"), nullptr);
  EXPECT_EQ(file->reload_count(), 1u);

  // Unchanged content: nothing reloaded.
  CAM_ASSERT_OK_AND_ASSIGN(bool changed, file->Refresh());
  EXPECT_FALSE(changed);
  EXPECT_EQ(file->reload_count(), 1u);

  // A broken file is reported and the last good set stays.
  Write("{\"keys\":[ this is not json");
  EXPECT_FALSE(file->Refresh().ok());
  EXPECT_FALSE(file->last_error().ok());
  ASSERT_NE(file->Current()->Find("one"), nullptr);
  // A set that parses but breaks a rule is also refused.
  Write(
      "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\",\"kid\":\"two\",\"alg\":"
      "\"EdDSA\"}]}");
  EXPECT_FALSE(file->Refresh().ok());
  ASSERT_NE(file->Current()->Find("one"), nullptr);
  EXPECT_EQ(file->Current()->Find("two"), nullptr);
  // A removed file too.
  std::filesystem::remove(path_);
  EXPECT_FALSE(file->Refresh().ok());
  ASSERT_NE(file->Current()->Find("one"), nullptr);

  // A good new set replaces it and clears the error.
  Write(SetFor("three"));
  CAM_ASSERT_OK_AND_ASSIGN(changed, file->Refresh());
  EXPECT_TRUE(changed);
  CAM_EXPECT_OK(file->last_error());
  EXPECT_EQ(file->Current()->Find("one"), nullptr);
  EXPECT_NE(file->Current()->Find("three"), nullptr);
  EXPECT_EQ(file->reload_count(), 2u);
}

TEST_F(JwksFileTest, ReadersKeepTheSetTheyHold) {
  Write(SetFor("old"));
  CAM_ASSERT_OK_AND_ASSIGN(auto file, JwksFile::Open(path_));
  std::shared_ptr<const JwkSet> held = file->Current();
  Write(SetFor("new"));
  CAM_ASSERT_OK_AND_ASSIGN(bool changed, file->Refresh());
  EXPECT_TRUE(changed);
  EXPECT_NE(held->Find("old"), nullptr);
  EXPECT_NE(file->Current()->Find("new"), nullptr);
}

}  // namespace
}  // namespace cam::identity
