#include "crypto/primitives/sha2.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/hex.h"
#include "tests/testing/status_matchers.h"

namespace cam::crypto {
namespace {

std::vector<uint8_t> Bytes(std::string_view s) { return {s.begin(), s.end()}; }

// FIPS 180-4 examples (NIST CSRC "Examples with Intermediate Values"): "abc", the empty
// string and the two-block message.
TEST(Sha2Test, KnownAnswers) {
  CAM_ASSERT_OK_AND_ASSIGN(Sha256Digest d256, Sha256(Bytes("abc")));
  EXPECT_EQ(base::HexEncode(d256),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CAM_ASSERT_OK_AND_ASSIGN(Sha384Digest d384, Sha384(Bytes("abc")));
  EXPECT_EQ(base::HexEncode(d384),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358ba"
            "eca134c825a7");
  CAM_ASSERT_OK_AND_ASSIGN(Sha512Digest d512, Sha512(Bytes("abc")));
  EXPECT_EQ(base::HexEncode(d512),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba"
            "3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  CAM_ASSERT_OK_AND_ASSIGN(Sha256Digest empty, Sha256({}));
  EXPECT_EQ(base::HexEncode(empty),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CAM_ASSERT_OK_AND_ASSIGN(
      Sha256Digest two_block,
      Sha256(Bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")));
  EXPECT_EQ(base::HexEncode(two_block),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha2Test, MillionA) {
  const std::vector<uint8_t> a(1000000, 'a');
  CAM_ASSERT_OK_AND_ASSIGN(Sha256Digest d, Sha256(a));
  EXPECT_EQ(base::HexEncode(d), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

}  // namespace
}  // namespace cam::crypto
