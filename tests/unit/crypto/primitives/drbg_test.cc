#include "crypto/primitives/drbg.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "tests/testing/status_matchers.h"

namespace cam::crypto {
namespace {

using ::cam::testing::HasReason;

TEST(DrbgTest, OutputsAreDistinctAcrossCallsAndInstances) {
  CAM_ASSERT_OK_AND_ASSIGN(Drbg a, Drbg::Create());
  CAM_ASSERT_OK_AND_ASSIGN(Drbg b, Drbg::Create());
  std::set<std::vector<uint8_t>> seen;
  for (int i = 0; i < 50; ++i) {
    std::vector<uint8_t> x(32), y(32);
    CAM_ASSERT_OK(a.Generate(x));
    CAM_ASSERT_OK(b.Generate(y));
    EXPECT_TRUE(seen.insert(x).second);
    EXPECT_TRUE(seen.insert(y).second);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(DrbgTest, LargeRequestsAreSplitAndNotZero) {
  CAM_ASSERT_OK_AND_ASSIGN(Drbg drbg, Drbg::Create(std::vector<uint8_t>{'c', 'a', 'm'}));
  std::vector<uint8_t> big(200000, 0);  // larger than CTR_DRBG's 64 KiB maximum request
  CAM_ASSERT_OK(drbg.Generate(big));
  // Every 64 KiB chunk, including the last partial one, must have been filled: a 4 KiB run of
  // zeros anywhere would mean a chunk was skipped.
  for (size_t off = 0; off + 4096 <= big.size(); off += 4096) {
    size_t zeros = 0;
    for (size_t i = off; i < off + 4096; ++i) zeros += big[i] == 0;
    EXPECT_LT(zeros, 100u) << off;
  }
  std::vector<uint8_t> empty;
  CAM_EXPECT_OK(drbg.Generate(empty));
}

TEST(DrbgTest, ReseedAdvancesCounterAndChangesStream) {
  CAM_ASSERT_OK_AND_ASSIGN(Drbg drbg, Drbg::Create());
  CAM_ASSERT_OK_AND_ASSIGN(uint32_t before, drbg.ReseedCounter());
  std::vector<uint8_t> x(32), y(32);
  CAM_ASSERT_OK(drbg.Generate(x));
  CAM_ASSERT_OK(drbg.Reseed());
  CAM_ASSERT_OK_AND_ASSIGN(uint32_t after, drbg.ReseedCounter());
  EXPECT_GT(after, before);
  CAM_ASSERT_OK(drbg.Reseed(std::vector<uint8_t>{1, 2, 3}));
  CAM_ASSERT_OK_AND_ASSIGN(uint32_t after2, drbg.ReseedCounter());
  EXPECT_GT(after2, after);
  CAM_ASSERT_OK(drbg.Generate(y, std::vector<uint8_t>{9}));
  EXPECT_NE(x, y);
}

TEST(DrbgTest, RejectsOversizedInputsAndMovedFrom) {
  std::vector<uint8_t> huge(Drbg::kMaxAdditionalInputSize + 1);
  EXPECT_THAT(Drbg::Create(huge), HasReason("CAM_CRYPTO_INVALID_INPUT"));
  CAM_ASSERT_OK_AND_ASSIGN(Drbg drbg, Drbg::Create());
  std::vector<uint8_t> out(16);
  EXPECT_THAT(drbg.Generate(out, huge), HasReason("CAM_CRYPTO_INVALID_INPUT"));
  EXPECT_THAT(drbg.Reseed(huge), HasReason("CAM_CRYPTO_INVALID_INPUT"));
  Drbg moved = std::move(drbg);
  CAM_EXPECT_OK(moved.Generate(out));
  EXPECT_THAT(drbg.Generate(out),
              HasReason("CAM_INTERNAL_ERROR"));  // NOLINT(bugprone-use-after-move)
}

}  // namespace
}  // namespace cam::crypto
