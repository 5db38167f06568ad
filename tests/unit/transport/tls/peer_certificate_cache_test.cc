// The cache must return exactly what a fresh parse returns, keep distinct certificates apart,
// and stay within its capacity.
#include "transport/tls/peer_certificate_cache.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/testing/file_text.h"
#include "tests/unit/transport/http/test_pki.h"
#include "transport/tls/peer_certificate.h"

namespace cam::transport {
namespace {

using ::cam::testing::ReadFile;

TEST(PeerCertificateCacheTest, ReturnsWhatAFreshParseReturns) {
  http::testing::TestPki pki;
  ASSERT_TRUE(pki.ok());
  const std::string pem = ReadFile(pki.client_cert());
  PeerCertificateCache cache;
  const envelope::PeerCertificate fresh = PeerCertificateFromPem(pem, /*verified=*/true);
  for (int i = 0; i < 3; ++i) {
    const envelope::PeerCertificate cached = cache.Get(pem);
    EXPECT_TRUE(cached.present);
    EXPECT_TRUE(cached.verified);
    EXPECT_EQ(cached.subject_common_name, fresh.subject_common_name);
    EXPECT_EQ(cached.uri_sans, fresh.uri_sans);
  }
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(fresh.subject_common_name, "tester");
}

TEST(PeerCertificateCacheTest, KeepsDistinctCertificatesApart) {
  http::testing::TestPki pki;
  ASSERT_TRUE(pki.ok());
  PeerCertificateCache cache;
  const envelope::PeerCertificate client = cache.Get(ReadFile(pki.client_cert()));
  const envelope::PeerCertificate server = cache.Get(ReadFile(pki.server_cert()));
  EXPECT_NE(client.subject_common_name, server.subject_common_name);
  EXPECT_EQ(cache.Get(ReadFile(pki.client_cert())).subject_common_name, client.subject_common_name);
  EXPECT_EQ(cache.size(), 2u);
}

TEST(PeerCertificateCacheTest, StaysWithinCapacity) {
  http::testing::TestPki pki;
  ASSERT_TRUE(pki.ok());
  PeerCertificateCache cache(/*capacity=*/2);
  cache.Get(ReadFile(pki.client_cert()));
  cache.Get(ReadFile(pki.server_cert()));
  cache.Get(ReadFile(pki.rogue_cert()));
  EXPECT_LE(cache.size(), 2u);
  // Garbage is cached as "present, unverifiable" like a fresh parse says, not dropped.
  const envelope::PeerCertificate garbage = cache.Get("not a certificate");
  EXPECT_TRUE(garbage.present);
  EXPECT_FALSE(garbage.verified);
}

}  // namespace
}  // namespace cam::transport
