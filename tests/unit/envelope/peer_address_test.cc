#include "envelope/peer_address.h"

#include <gtest/gtest.h>

namespace cam::envelope {
namespace {

TEST(PeerAddressTest, HostPartOfEveryTransportsForm) {
  EXPECT_EQ(SourceOf("ipv4:10.0.0.1:443"), "10.0.0.1");
  EXPECT_EQ(SourceOf("127.0.0.1:5555"), "127.0.0.1");
  EXPECT_EQ(SourceOf("ipv6:[::1]:80"), "::1");
  EXPECT_EQ(SourceOf("ipv6:%5B::1%5D:80"), "::1");
  EXPECT_EQ(SourceOf("[2001:db8::2]:8443"), "2001:db8::2");
  EXPECT_EQ(SourceOf("2001:db8::2"), "2001:db8::2");
  EXPECT_EQ(SourceOf(""), "");
}

}  // namespace
}  // namespace cam::envelope
