#include "envelope/chain.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "base/one_shot.h"
#include "base/reasons.h"
#include "cam/v1/memory.pb.h"
#include "tests/testing/status_matchers.h"
#include "tests/unit/envelope/test_calls.h"

namespace cam::envelope {
namespace {

using ::cam::testing::HasReason;

// Records the order of calls so tests can check the chain's shape.
class RecordingStage : public Stage {
 public:
  RecordingStage(std::string name, std::vector<std::string>* log, absl::Status result = {},
                 bool terminal = false)
      : name_(std::move(name)), log_(log), result_(std::move(result)), terminal_(terminal) {}
  std::string_view name() const override { return name_; }
  bool is_terminal() const override { return terminal_; }
  absl::Status OnRequest(Call&) override {
    log_->push_back(name_ + ".request");
    return result_;
  }
  void OnResponse(Call&, absl::Status& status) override {
    log_->push_back(name_ + ".response:" + (status.ok() ? "OK" : base::FieldOf(status) + "err"));
  }

 private:
  std::string name_;
  std::vector<std::string>* log_;
  absl::Status result_;
  bool terminal_;
};

std::vector<std::unique_ptr<Stage>> Stages(std::vector<std::string>* log,
                                           absl::Status auth_result) {
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<RecordingStage>("authenticate", log, auth_result));
  stages.push_back(std::make_unique<RecordingStage>("validate", log));
  stages.push_back(std::make_unique<RecordingStage>("handler", log, absl::OkStatus(), true));
  stages.push_back(std::make_unique<RecordingStage>("audit", log));
  stages.push_back(std::make_unique<RecordingStage>("sanitize", log));
  return stages;
}

TEST(ChainTest, RequestsInOrderResponsesInReverseThenAuditAndSanitize) {
  std::vector<std::string> log;
  auto chain = Chain::Create(Stages(&log, absl::OkStatus()));
  ASSERT_TRUE(chain.ok());
  Call call;
  CAM_EXPECT_OK((*chain)->Run(call));
  EXPECT_EQ(log, (std::vector<std::string>{"authenticate.request", "validate.request",
                                           "handler.request", "handler.response:OK",
                                           "validate.response:OK", "authenticate.response:OK",
                                           "audit.response:OK", "sanitize.response:OK"}));
}

TEST(ChainTest, DenialAtAuthenticateIsStillAuditedAndSanitized) {
  std::vector<std::string> log;
  auto chain = Chain::Create(Stages(&log, base::Error(base::Reason::kAuthClientCertRequired)));
  ASSERT_TRUE(chain.ok());
  Call call;
  EXPECT_THAT((*chain)->Run(call), HasReason("CAM_AUTH_CLIENT_CERT_REQUIRED"));
  EXPECT_EQ(log, (std::vector<std::string>{"authenticate.request", "authenticate.response:err",
                                           "audit.response:err", "sanitize.response:err"}));
}

// Later runs a continuation on its own thread after a short delay, as the audit log's writer
// and the store's commit thread do; its destructor waits for that thread.
class Later {
 public:
  ~Later() { Join(); }
  void Run(absl::AnyInvocable<void() &&> continuation) {
    Join();
    thread_ = std::thread([continuation = std::move(continuation)]() mutable {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      std::move(continuation)();
    });
  }

 private:
  void Join() {
    if (thread_.joinable()) thread_.join();
  }
  std::thread thread_;
};

// An audit-like finishing stage that completes later, from its own thread, as the audit log's
// writer does once a record is durable.
class DeferringStage : public RecordingStage {
 public:
  DeferringStage(std::string name, std::vector<std::string>* log) : RecordingStage(name, log) {}
  void OnResponseAsync(Call& call, absl::Status status, Next next) override {
    OnResponse(call, status);
    later_.Run([status = std::move(status), next = std::move(next)]() mutable {
      std::move(next)(std::move(status));
    });
  }

 private:
  Later later_;
};

TEST(ChainTest, RunAsyncFinishesOnTheDeferringStagesThreadAndKeepsTheOrder) {
  std::vector<std::string> log;
  auto stages = Stages(&log, absl::OkStatus());
  stages[3] = std::make_unique<DeferringStage>("audit", &log);
  auto chain = Chain::Create(std::move(stages));
  ASSERT_TRUE(chain.ok());
  Call call;
  base::OneShot<std::pair<absl::Status, std::thread::id>> finished;
  (*chain)->RunAsync(call, [&](absl::Status status) {
    log.push_back("done");
    finished.Set({std::move(status), std::this_thread::get_id()});
  });
  auto [status, thread] = finished.Wait();
  CAM_EXPECT_OK(status);
  EXPECT_NE(thread, std::this_thread::get_id());
  EXPECT_EQ(log, (std::vector<std::string>{"authenticate.request", "validate.request",
                                           "handler.request", "handler.response:OK",
                                           "validate.response:OK", "authenticate.response:OK",
                                           "audit.response:OK", "sanitize.response:OK", "done"}));
}

TEST(ChainTest, RunAndRefuseWaitForADeferredFinish) {
  std::vector<std::string> log;
  auto stages = Stages(&log, base::Error(base::Reason::kAuthClientCertRequired));
  stages[3] = std::make_unique<DeferringStage>("audit", &log);
  auto chain = Chain::Create(std::move(stages));
  ASSERT_TRUE(chain.ok());
  Call call;
  EXPECT_THAT((*chain)->Run(call), HasReason("CAM_AUTH_CLIENT_CERT_REQUIRED"));
  EXPECT_EQ(log.back(), "sanitize.response:err");
  log.clear();
  EXPECT_THAT((*chain)->Refuse(call, base::Error(base::Reason::kValidationRoute)),
              HasReason("CAM_VALIDATION_ROUTE"));
  EXPECT_EQ(log, (std::vector<std::string>{"audit.response:err", "sanitize.response:err"}));
}

// A terminal stage that finishes later on its own thread, as ContextWrite does once its batch is
// durable on the store's commit thread.
class DeferringHandler : public RecordingStage {
 public:
  DeferringHandler(std::vector<std::string>* log, absl::Status result)
      : RecordingStage("handler", log, std::move(result), /*terminal=*/true) {}
  void OnRequestAsync(Call& call, Next next) override {
    later_.Run([status = OnRequest(call), next = std::move(next)]() mutable {
      std::move(next)(std::move(status));
    });
  }

 private:
  Later later_;
};

TEST(ChainTest, AHandlerFinishingOnAnotherThreadStillUnwindsInOrder) {
  for (absl::Status result : {absl::OkStatus(), base::Error(base::Reason::kStoreCasMismatch)}) {
    std::vector<std::string> log;
    auto stages = Stages(&log, absl::OkStatus());
    stages[2] = std::make_unique<DeferringHandler>(&log, result);
    auto chain = Chain::Create(std::move(stages));
    ASSERT_TRUE(chain.ok());
    Call call;
    base::OneShot<std::pair<absl::Status, std::thread::id>> finished;
    (*chain)->RunAsync(call, [&](absl::Status status) {
      log.push_back("done");
      finished.Set({std::move(status), std::this_thread::get_id()});
    });
    auto [status, thread] = finished.Wait();
    EXPECT_EQ(status.code(), result.code());
    EXPECT_NE(thread, std::this_thread::get_id());
    const std::string outcome = result.ok() ? "OK" : "err";
    EXPECT_EQ(log, (std::vector<std::string>{
                       "authenticate.request", "validate.request", "handler.request",
                       "handler.response:" + outcome, "validate.response:" + outcome,
                       "authenticate.response:" + outcome, "audit.response:" + outcome,
                       "sanitize.response:" + outcome, "done"}));
  }
}

TEST(ChainTest, RejectsMalformedShapes) {
  std::vector<std::string> log;
  {
    auto stages = Stages(&log, absl::OkStatus());
    stages.pop_back();  // no sanitize
    EXPECT_FALSE(Chain::Create(std::move(stages)).ok());
  }
  {
    auto stages = Stages(&log, absl::OkStatus());
    std::swap(stages[3], stages[4]);  // sanitize before audit
    EXPECT_FALSE(Chain::Create(std::move(stages)).ok());
  }
  {
    auto stages = Stages(&log, absl::OkStatus());
    stages.erase(stages.begin() + 2);  // no handler
    EXPECT_FALSE(Chain::Create(std::move(stages)).ok());
  }
  {
    auto stages = Stages(&log, absl::OkStatus());
    stages.insert(stages.begin(),
                  std::make_unique<RecordingStage>("handler2", &log, absl::OkStatus(), true));
    EXPECT_FALSE(Chain::Create(std::move(stages)).ok());
  }
}

}  // namespace
}  // namespace cam::envelope
