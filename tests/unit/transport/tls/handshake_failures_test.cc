// Handshake failures are classified from OpenSSL's own error codes (not its message texts) and
// counted with bounded memory per source.
#include "transport/tls/handshake_failures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <string>

namespace cam::transport {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

unsigned long SslError(int reason) { return ERR_PACK(ERR_LIB_SSL, 0, reason); }

TEST(HandshakeFailuresTest, ClassifiesTheRefusalsCamdMakes) {
  EXPECT_EQ(ClassifyOpenSslError(SslError(SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE)),
            HandshakeFailure::kNoCertificate);
  EXPECT_EQ(ClassifyOpenSslError(SslError(SSL_R_CERTIFICATE_VERIFY_FAILED)),
            HandshakeFailure::kUntrustedCertificate);
  EXPECT_EQ(ClassifyOpenSslError(SslError(SSL_R_UNSUPPORTED_PROTOCOL)),
            HandshakeFailure::kProtocolVersion);
  EXPECT_EQ(ClassifyOpenSslError(SslError(SSL_R_HTTP_REQUEST)), HandshakeFailure::kNotTls);
  EXPECT_EQ(ClassifyOpenSslError(SslError(SSL_R_UNEXPECTED_EOF_WHILE_READING)),
            HandshakeFailure::kAborted);
  EXPECT_EQ(ClassifyOpenSslError(SslError(SSL_R_BAD_PACKET_LENGTH)), HandshakeFailure::kOther);
  // The same reason number from another library is not a TLS refusal.
  EXPECT_EQ(ClassifyOpenSslError(ERR_PACK(ERR_LIB_X509, 0, SSL_R_CERTIFICATE_VERIFY_FAILED)),
            HandshakeFailure::kOther);
}

TEST(HandshakeFailuresTest, ClassifiesTheCodeInsideALogLine) {
  // What gRPC's TLS layer prints, with the code OpenSSL 3 uses for "no certificate".
  char line[256];
  ERR_error_string_n(SslError(SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE), line, sizeof(line));
  const std::string message =
      std::string("Handshake failed with fatal error SSL_ERROR_SSL: ") + line + ".";
  EXPECT_EQ(ClassifyOpenSslErrorText(message), HandshakeFailure::kNoCertificate);
  EXPECT_EQ(ClassifyOpenSslErrorText("error:0A000086:SSL routines::certificate verify failed"),
            HandshakeFailure::kUntrustedCertificate);
  EXPECT_EQ(ClassifyOpenSslErrorText("no code here"), HandshakeFailure::kOther);
  EXPECT_EQ(ClassifyOpenSslErrorText("error::"), HandshakeFailure::kOther);
  EXPECT_EQ(ClassifyOpenSslErrorText("error:zzzz: then error:0A000086:x"),
            HandshakeFailure::kUntrustedCertificate);
  EXPECT_EQ(ClassifyOpenSslErrorText("error:123456789:too long"), HandshakeFailure::kOther);
}

TEST(HandshakeFailuresTest, DrainSummarisesPerTransportAndKindThenStartsOver) {
  HandshakeFailureTally tally(/*max_sources=*/16, /*top_sources=*/2);
  for (int i = 0; i < 3; ++i) tally.Record("http", HandshakeFailure::kNoCertificate, "10.0.0.9");
  tally.Record("http", HandshakeFailure::kNoCertificate, "10.0.0.1");
  tally.Record("http", HandshakeFailure::kNoCertificate, "10.0.0.2");
  tally.Record("http", HandshakeFailure::kNoCertificate, "10.0.0.2");
  tally.Record("grpc", HandshakeFailure::kProtocolVersion, "");

  const auto summaries = tally.Drain();
  ASSERT_EQ(summaries.size(), 2u);
  EXPECT_EQ(summaries[0].transport, "grpc");
  EXPECT_EQ(summaries[0].failure, HandshakeFailure::kProtocolVersion);
  EXPECT_EQ(summaries[0].count, 1u);
  EXPECT_EQ(summaries[0].distinct_sources, 0u);
  EXPECT_TRUE(summaries[0].top_sources.empty());
  EXPECT_EQ(summaries[1].transport, "http");
  EXPECT_EQ(summaries[1].count, 6u);
  EXPECT_EQ(summaries[1].distinct_sources, 3u);
  EXPECT_FALSE(summaries[1].sources_truncated);
  EXPECT_THAT(summaries[1].top_sources, ElementsAre(Pair("10.0.0.9", 3u), Pair("10.0.0.2", 2u)));

  EXPECT_TRUE(tally.Drain().empty());
}

TEST(HandshakeFailuresTest, ManySourcesAreCountedButNotAllNamed) {
  HandshakeFailureTally tally(/*max_sources=*/4, /*top_sources=*/10);
  for (int i = 0; i < 100; ++i) {
    tally.Record("http", HandshakeFailure::kUntrustedCertificate, "10.0.0." + std::to_string(i));
  }
  const auto summaries = tally.Drain();
  ASSERT_EQ(summaries.size(), 1u);
  EXPECT_EQ(summaries[0].count, 100u);
  EXPECT_EQ(summaries[0].distinct_sources, 4u);
  EXPECT_TRUE(summaries[0].sources_truncated);
  EXPECT_EQ(summaries[0].top_sources.size(), 4u);
}

TEST(HandshakeFailuresTest, NamesAreStable) {
  EXPECT_EQ(HandshakeFailureName(HandshakeFailure::kNoCertificate), "no_certificate");
  EXPECT_EQ(HandshakeFailureName(HandshakeFailure::kUntrustedCertificate), "untrusted_certificate");
  EXPECT_EQ(HandshakeFailureName(HandshakeFailure::kProtocolVersion), "protocol_version");
  EXPECT_EQ(HandshakeFailureName(HandshakeFailure::kNotTls), "not_tls");
  EXPECT_EQ(HandshakeFailureName(HandshakeFailure::kAborted), "aborted");
  EXPECT_EQ(HandshakeFailureName(HandshakeFailure::kOther), "other");
}

}  // namespace
}  // namespace cam::transport
