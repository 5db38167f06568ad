// File: tests/unit/policy/cidr_test.cc
#include "policy/cidr.h"

#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace cam::policy {
namespace {

bool In(const char* cidr, const char* address) {
  absl::StatusOr<Cidr> parsed = Cidr::Parse(cidr);
  EXPECT_TRUE(parsed.ok()) << cidr << ": " << parsed.status();
  const std::optional<IpAddress> ip = IpAddress::Parse(address);
  EXPECT_TRUE(ip.has_value()) << address;
  return parsed.ok() && ip.has_value() && parsed->Contains(*ip);
}

TEST(CidrTest, Ipv4) {
  EXPECT_TRUE(In("10.0.0.0/8", "10.1.2.3"));
  EXPECT_TRUE(In("10.0.0.0/8", "10.255.255.255"));
  EXPECT_FALSE(In("10.0.0.0/8", "11.0.0.0"));
  EXPECT_TRUE(In("192.168.1.128/25", "192.168.1.200"));
  EXPECT_FALSE(In("192.168.1.128/25", "192.168.1.127"));
  EXPECT_TRUE(In("0.0.0.0/0", "8.8.8.8"));
  EXPECT_TRUE(In("203.0.113.7/32", "203.0.113.7"));
  EXPECT_FALSE(In("203.0.113.7/32", "203.0.113.6"));
}

TEST(CidrTest, Ipv6) {
  EXPECT_TRUE(In("2001:db8::/32", "2001:db8:1::1"));
  EXPECT_FALSE(In("2001:db8::/32", "2001:db9::1"));
  EXPECT_TRUE(In("2001:db8:abcd:12::/63", "2001:db8:abcd:13::5"));
  EXPECT_FALSE(In("2001:db8:abcd:12::/63", "2001:db8:abcd:14::5"));
  EXPECT_TRUE(In("::/0", "::1"));
  EXPECT_TRUE(In("::1/128", "::1"));
}

TEST(CidrTest, FamiliesNeverMixButMappedAddressesAreIpv4) {
  EXPECT_FALSE(In("0.0.0.0/0", "::1"));
  EXPECT_FALSE(In("::/0", "10.0.0.1"));
  EXPECT_TRUE(In("10.0.0.0/8", "::ffff:10.9.8.7"));
  EXPECT_FALSE(In("::/0", "::ffff:10.9.8.7"));
}

TEST(CidrTest, RejectsBadText) {
  for (const char* bad : {"10.0.0.0", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/8x",
                          "10.0.0.1/8", "10.0.0/8", "2001:db8::/129", "2001:db8::1/32",
                          "::ffff:10.0.0.0/104", "host/8", "/8", "10.0.0.0/08", ""}) {
    EXPECT_FALSE(Cidr::Parse(bad).ok()) << bad;
  }
}

TEST(CidrTest, ParsesOnlyPlainAddresses) {
  for (const char* bad : {"", "10.0.0.1:443", "[::1]", "fe80::1%eth0", "10.0.0.256", "example"}) {
    EXPECT_FALSE(IpAddress::Parse(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace cam::policy
