#include "crypto/primitives/secret_array.h"

#include <gtest/gtest.h>

#include <array>
#include <utility>

namespace cam::crypto {
namespace {

TEST(SecretArrayTest, MoveWipesSourceAndCloneCopies) {
  std::array<uint8_t, 4> bytes = {1, 2, 3, 4};
  SecretArray<4> a(bytes);
  SecretArray<4> clone = a.Clone();
  SecretArray<4> b = std::move(a);
  EXPECT_EQ(b.span()[3], 4);
  EXPECT_EQ(clone.span()[0], 1);
  for (uint8_t v : std::as_const(a).span()) EXPECT_EQ(v, 0);  // NOLINT(bugprone-use-after-move)
  SecretArray<4> c;
  for (uint8_t v : c.span()) EXPECT_EQ(v, 0);
  c = std::move(b);
  EXPECT_EQ(c.span()[1], 2);
  for (uint8_t v : std::as_const(b).span()) EXPECT_EQ(v, 0);  // NOLINT(bugprone-use-after-move)
}

}  // namespace
}  // namespace cam::crypto
