#include "base/secure_buffer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>

namespace cam::base {
namespace {

TEST(SecureBufferTest, CopiesAndMoves) {
  const std::array<uint8_t, 4> secret = {1, 2, 3, 4};
  SecureBuffer a = SecureBuffer::CopyOf(secret);
  ASSERT_EQ(a.size(), 4u);
  EXPECT_TRUE(std::equal(secret.begin(), secret.end(), a.data()));
  SecureBuffer b = std::move(a);
  EXPECT_EQ(a.size(), 0u);  // NOLINT(bugprone-use-after-move): checking the moved-from state.
  EXPECT_EQ(a.data(), nullptr);
  EXPECT_EQ(b.size(), 4u);
  EXPECT_EQ(b.data()[3], 4);
}

TEST(SecureBufferTest, NewBufferIsZeroed) {
  SecureBuffer buffer(32);
  EXPECT_TRUE(std::all_of(buffer.data(), buffer.data() + 32, [](uint8_t b) { return b == 0; }));
}

TEST(SecureBufferTest, SecureZeroWipes) {
  std::array<uint8_t, 8> bytes;
  bytes.fill(0xAA);
  SecureZero(bytes);
  EXPECT_TRUE(std::all_of(bytes.begin(), bytes.end(), [](uint8_t b) { return b == 0; }));
}

}  // namespace
}  // namespace cam::base
