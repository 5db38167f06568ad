// The bridge takes gRPC's handshake-failure lines into the tally and passes every other line on;
// the real gRPC path is covered by the handshake audit integration test.
#include "transport/grpc/grpc_log_bridge.h"

#include <grpc/grpc.h>
#include <grpc/support/log.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "transport/tls/handshake_failures.h"

namespace cam::transport {
namespace {

struct Captured {
  std::vector<std::string> lines;
};

// gRPC prints nothing until grpc_init has read its verbosity; camd's servers initialise it.
class GrpcLibrary {
 public:
  GrpcLibrary() { grpc_init(); }
  ~GrpcLibrary() { grpc_shutdown(); }
};

TEST(GrpcLogBridgeTest, HandshakeFailuresAreCountedOtherLinesForwarded) {
  GrpcLibrary grpc;
  HandshakeFailureTally tally;
  Captured captured;
  auto bridge =
      GrpcLogBridge::Install(&tally, [&captured](GrpcLogSeverity, std::string_view message) {
        captured.lines.emplace_back(message);
      });
  ASSERT_TRUE(bridge.ok()) << bridge.status();

  // Through gRPC's own logging entry point, as gRPC core calls it.
  gpr_log(__FILE__, __LINE__, GPR_LOG_SEVERITY_ERROR, "%s",
          "Handshake failed with fatal error SSL_ERROR_SSL: error:0A0000C7:SSL "
          "routines::peer did not return a certificate.");
  gpr_log(__FILE__, __LINE__, GPR_LOG_SEVERITY_ERROR, "%s", "something else went wrong");

  const auto summaries = tally.Drain();
  ASSERT_EQ(summaries.size(), 1u);
  EXPECT_EQ(summaries[0].transport, "grpc");
  EXPECT_EQ(summaries[0].failure, HandshakeFailure::kNoCertificate);
  EXPECT_EQ(summaries[0].count, 1u);
  ASSERT_EQ(captured.lines.size(), 1u);
  EXPECT_EQ(captured.lines[0], "something else went wrong");
}

TEST(GrpcLogBridgeTest, OnlyOneBridgeAtATimeAndItLeavesCleanly) {
  GrpcLibrary grpc;
  HandshakeFailureTally tally;
  {
    auto first = GrpcLogBridge::Install(&tally, nullptr);
    ASSERT_TRUE(first.ok());
    EXPECT_FALSE(GrpcLogBridge::Install(&tally, nullptr).ok());
  }
  // Gone: lines no longer reach the tally, and a new bridge may be installed.
  gpr_log(__FILE__, __LINE__, GPR_LOG_SEVERITY_ERROR, "%s",
          "Handshake failed with fatal error SSL_ERROR_SSL: error:0A0000C7:x");
  EXPECT_TRUE(tally.Drain().empty());
  EXPECT_TRUE(GrpcLogBridge::Install(&tally, nullptr).ok());
}

}  // namespace
}  // namespace cam::transport
