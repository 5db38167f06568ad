// File: tests/unit/envelope/handler_stage_test.cc
// Which calls may hold their thread: what transports read to run a call on their I/O thread.
#include "envelope/stages/handler_stage.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cam/v1/memory.pb.h"
#include "envelope/chain.h"
#include "envelope/method_table.h"

namespace cam::envelope {
namespace {

absl::StatusOr<v1::ContextReadResponse> SyncRead(Call& /*call*/,
                                                 const v1::ContextReadRequest& /*request*/) {
  return v1::ContextReadResponse();
}

void AsyncWrite(Call& /*call*/, const v1::ContextWriteRequest& /*request*/,
                Respond<v1::ContextWriteResponse> respond) {
  std::move(respond)(v1::ContextWriteResponse());
}

MethodInfo Method(std::string full_name, bool safe) {
  MethodInfo method;
  method.full_name = std::move(full_name);
  method.safe = safe;
  return method;
}

class HandlerStageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        registry_
            .Register("cam.v1.Test.SyncChange",
                      TypedHandler<v1::ContextReadRequest, v1::ContextReadResponse>(SyncRead))
            .ok());
    ASSERT_TRUE(
        registry_
            .Register("cam.v1.Test.SyncSafe",
                      TypedHandler<v1::ContextReadRequest, v1::ContextReadResponse>(SyncRead))
            .ok());
    ASSERT_TRUE(registry_
                    .Register("cam.v1.Test.AsyncChange",
                              AsyncTypedHandler<v1::ContextWriteRequest, v1::ContextWriteResponse>(
                                  AsyncWrite))
                    .ok());
  }
  HandlerRegistry registry_;
};

TEST_F(HandlerStageTest, OnlyASynchronousHandlerOfAStateChangingMethodMayBlock) {
  HandlerStage stage(&registry_);
  EXPECT_TRUE(stage.MayBlock(Method("cam.v1.Test.SyncChange", /*safe=*/false)));
  EXPECT_FALSE(stage.MayBlock(Method("cam.v1.Test.SyncSafe", /*safe=*/true)));
  EXPECT_FALSE(stage.MayBlock(Method("cam.v1.Test.AsyncChange", /*safe=*/false)));
  // Not implemented: answered at once with CAM_NOT_IMPLEMENTED.
  EXPECT_FALSE(stage.MayBlock(Method("cam.v1.Test.Missing", /*safe=*/false)));
}

// A stage with no opinion, to fill the chain around the handler.
class QuietStage final : public PassThroughStage {
 public:
  explicit QuietStage(std::string name) : name_(std::move(name)) {}
  std::string_view name() const override { return name_; }

 private:
  std::string name_;
};

TEST_F(HandlerStageTest, TheChainMayBlockWhenAnyOfItsStagesMay) {
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<QuietStage>("authenticate"));
  stages.push_back(std::make_unique<HandlerStage>(&registry_));
  stages.push_back(std::make_unique<QuietStage>("audit"));
  stages.push_back(std::make_unique<QuietStage>("sanitize"));
  absl::StatusOr<std::unique_ptr<Chain>> chain = Chain::Create(std::move(stages));
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_TRUE((*chain)->MayBlock(Method("cam.v1.Test.SyncChange", /*safe=*/false)));
  EXPECT_FALSE((*chain)->MayBlock(Method("cam.v1.Test.AsyncChange", /*safe=*/false)));
  EXPECT_FALSE((*chain)->MayBlock(Method("cam.v1.Test.SyncSafe", /*safe=*/true)));
}

}  // namespace
}  // namespace cam::envelope
