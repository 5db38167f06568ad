// Peers refused during the TLS handshake never make a call, yet the audit log must show them: a
// real camd, real openssl clients failing in each way on both ports, and the summary records
// camd writes for them.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>

#include "tests/integration/camd_process.h"

namespace cam::testing {
namespace {

// (transport, failure) -> summed count, from every handshake summary in the audit log.
std::map<std::pair<std::string, std::string>, long> HandshakeSummaries(
    const std::string& audit_path) {
  std::map<std::pair<std::string, std::string>, long> out;
  std::ifstream in(audit_path);
  std::string line;
  while (std::getline(in, line)) {
    const nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
    if (record.is_discarded() || record.value("outcome", "") != "CAM_AUTH_TLS_HANDSHAKE_FAILED") {
      continue;
    }
    const nlohmann::json& details = record["details"];
    out[{record.value("transport", ""), details.value("failure", "")}] +=
        std::stol(details.value("count", "0"));
  }
  return out;
}

// Runs openssl s_client against `addr` with extra flags; it is expected to fail.
void FailedHandshake(const std::string& addr, const std::string& flags) {
  RunCommand("timeout 20 openssl s_client -connect " + addr + " " + flags +
             " -quiet -no_ign_eof </dev/null");
}

class HandshakeAuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = NewTempDir("cam-handshake-audit");
    ASSERT_FALSE(dir_.empty());
    camd_ = std::make_unique<CamdProcess>(dir_ + "/camd");
    camd_->SetEnv("CAM_AUDIT_HANDSHAKE_SUMMARY_MS", "200");
    ASSERT_TRUE(camd_->Start()) << camd_->failure();
    // An identity from a CA camd does not trust.
    ASSERT_EQ(RunCommand("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
                         "-keyout " +
                         dir_ + "/rogue.key -out " + dir_ +
                         "/rogue.pem "
                         "-subj /CN=rogue -days 1"),
              0);
  }

  // camd stops before its directory goes, so nothing writes into a removed tree.
  void TearDown() override {
    camd_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::string Trusted() const { return "-CAfile " + camd_->pki("ca.pem"); }

  std::string dir_;
  std::unique_ptr<CamdProcess> camd_;
};

TEST_F(HandshakeAuditTest, EveryKindOfRefusalOnBothPortsIsAudited) {
  for (const std::string& addr : {camd_->grpc_addr(), camd_->http_addr()}) {
    FailedHandshake(addr, Trusted() + " -tls1_3");  // no client certificate
    FailedHandshake(addr, Trusted() + " -tls1_3 -cert " + dir_ + "/rogue.pem -key " + dir_ +
                              "/rogue.key");        // untrusted certificate
    FailedHandshake(addr, Trusted() + " -tls1_2");  // TLS 1.2
  }
  // Plain HTTP on the TLS port.
  std::string tcp = camd_->http_addr();
  tcp.replace(tcp.rfind(':'), 1, "/");
  RunCommand("timeout 10 bash -c 'exec 3<>/dev/tcp/" + tcp +
             "; printf \"GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n\" >&3; timeout 3 cat <&3'");

  const std::set<std::pair<std::string, std::string>> want = {
      {"grpc", "no_certificate"}, {"grpc", "untrusted_certificate"}, {"grpc", "protocol_version"},
      {"http", "no_certificate"}, {"http", "untrusted_certificate"}, {"http", "protocol_version"},
      {"http", "not_tls"}};
  std::map<std::pair<std::string, std::string>, long> seen;
  for (int i = 0; i < 150; ++i) {  // summaries every 200 ms; allow a slow (sanitizer) build
    seen = HandshakeSummaries(camd_->data_dir() + "/audit.jsonl");
    bool all = true;
    for (const auto& key : want) all = all && seen.count(key) > 0;
    if (all) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (const auto& key : want) {
    EXPECT_GE(seen[key], 1) << key.first << " " << key.second;
  }
  // Nothing succeeded, so nothing was counted as a certificate that is fine.
  EXPECT_EQ(seen.count({"http", "other"}), 0u);
}

TEST_F(HandshakeAuditTest, AFloodIsCountedInFewRecords) {
  constexpr int kAttempts = 30;
  for (int i = 0; i < kAttempts; ++i) FailedHandshake(camd_->http_addr(), Trusted() + " -tls1_2");
  long counted = 0;
  for (int i = 0; i < 150 && counted < kAttempts; ++i) {
    counted = HandshakeSummaries(camd_->data_dir() + "/audit.jsonl")[{"http", "protocol_version"}];
    if (counted < kAttempts) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(counted, kAttempts);
  // Fewer records than failures: they are summaries, not one fsync per attempt.
  std::ifstream in(camd_->data_dir() + "/audit.jsonl");
  std::stringstream text;
  text << in.rdbuf();
  int records = 0;
  for (size_t at = text.str().find("tls.handshake"); at != std::string::npos;
       at = text.str().find("tls.handshake", at + 1)) {
    ++records;
  }
  EXPECT_LT(records, kAttempts);
  EXPECT_GE(records, 1);
}

}  // namespace
}  // namespace cam::testing
