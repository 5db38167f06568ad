#include "tests/unit/transport/http/test_chain.h"

#include <stdexcept>
#include <thread>
#include <vector>

#include "base/reasons.h"
#include "cam/v1/memory.pb.h"
#include "envelope/method_table.h"
#include "envelope/stages/sanitize_stage.h"

namespace cam::transport::http::testing {
namespace {

class EchoHandler final : public envelope::PassThroughStage {
 public:
  EchoHandler(Observed* observed, absl::Duration slow) : observed_(observed), slow_(slow) {}
  std::string_view name() const override { return "handler"; }
  bool is_terminal() const override { return true; }

  absl::Status OnRequest(envelope::Call& call) override {
    {
      std::lock_guard<std::mutex> lock(observed_->mu);
      ++observed_->calls;
      observed_->request_id = call.request_id;
      observed_->method = call.method->full_name;
      observed_->peer = call.peer;
      observed_->request_bytes = call.request_bytes;
      observed_->received_at = call.received_at;
      observed_->client_deadline = call.client_deadline;
    }
    if (auto* write = dynamic_cast<cam::v1::ContextWriteRequest*>(call.request)) {
      if (write->key() == "slow") {
        observed_->slow_started = true;
        absl::SleepFor(slow_);
        observed_->slow_finished = true;
      } else if (write->key() == "throw") {
        throw std::runtime_error("secret internals at /var/lib/camd");
      } else if (write->key() == "fail") {
        return base::Error(base::Reason::kStoreUnavailable, "secret: rocksdb at /var/lib/camd");
      }
      auto* response = dynamic_cast<cam::v1::ContextWriteResponse*>(call.response);
      response->set_version(static_cast<int64_t>(write->value().size()));
      response->set_sha256(write->namespace_() + "/" + write->key());
      return absl::OkStatus();
    }
    if (auto* read = dynamic_cast<cam::v1::ContextReadRequest*>(call.request)) {
      auto* response = dynamic_cast<cam::v1::ContextReadResponse*>(call.response);
      response->mutable_entry()->set_namespace_(read->namespace_());
      response->mutable_entry()->set_key(read->key());
      response->mutable_entry()->set_version(read->version());
      response->mutable_entry()->set_value("hi");
    }
    return absl::OkStatus();
  }

 private:
  Observed* observed_;
  absl::Duration slow_;
};

// The echo handler, finishing on a thread of its own.
class DeferringEchoHandler final : public envelope::PassThroughStage {
 public:
  DeferringEchoHandler(Observed* observed, absl::Duration delay)
      : echo_(observed, absl::ZeroDuration()), observed_(observed), delay_(delay) {}
  ~DeferringEchoHandler() override {
    std::lock_guard lock(mu_);
    for (std::thread& thread : threads_) thread.join();
  }
  std::string_view name() const override { return "handler"; }
  bool is_terminal() const override { return true; }

  void OnRequestAsync(envelope::Call& call, Next next) override {
    auto* write = dynamic_cast<cam::v1::ContextWriteRequest*>(call.request);
    {
      std::lock_guard lock(observed_->mu);
      observed_->handler_threads.push_back(std::this_thread::get_id());
    }
    absl::Status status = echo_.OnRequest(call);  // "throw" throws here, before any thread
    if (write != nullptr && write->key() == "throw-late") {
      std::move(next)(std::move(status));
      throw std::runtime_error("secret internals, thrown after the handler finished");
    }
    std::lock_guard lock(mu_);
    threads_.emplace_back([this, hold = write != nullptr, status = std::move(status),
                           next = std::move(next)]() mutable {
      absl::SleepFor(delay_);
      if (hold && observed_->hold_writes) {
        ++observed_->held;
        const absl::Time give_up = absl::Now() + absl::Seconds(10);
        while (observed_->hold_writes && absl::Now() < give_up) {
          absl::SleepFor(absl::Milliseconds(2));
        }
      }
      {
        std::lock_guard observed_lock(observed_->mu);
        observed_->completing_threads.push_back(std::this_thread::get_id());
      }
      std::move(next)(std::move(status));
      ++observed_->completed;
    });
  }

 private:
  EchoHandler echo_;
  Observed* observed_;
  absl::Duration delay_;
  std::mutex mu_;
  std::vector<std::thread> threads_;
};

class NamedPassThrough final : public envelope::PassThroughStage {
 public:
  explicit NamedPassThrough(std::string name) : name_(std::move(name)) {}
  std::string_view name() const override { return name_; }

 private:
  std::string name_;
};

// Notes what the real audit stage would record: the resource and the outcome, per call.
class RecordingAudit final : public envelope::PassThroughStage {
 public:
  explicit RecordingAudit(Observed* observed) : observed_(observed) {}
  std::string_view name() const override { return "audit"; }
  void OnResponse(envelope::Call& call, absl::Status& status) override {
    std::lock_guard lock(observed_->mu);
    std::string line = call.audit.resource + " " + std::string(status.ok() ? "OK" : "refused");
    for (const auto& [key, value] : call.audit.details) line += " " + key + "=" + value;
    observed_->audited.push_back(std::move(line));
  }

 private:
  Observed* observed_;
};

std::unique_ptr<envelope::Chain> ChainOf(std::unique_ptr<envelope::Stage> handler,
                                         Observed* observed) {
  std::vector<std::unique_ptr<envelope::Stage>> stages;
  stages.push_back(std::move(handler));
  stages.push_back(std::make_unique<RecordingAudit>(observed));
  stages.push_back(std::make_unique<envelope::SanitizeStage>(nullptr));
  auto chain = envelope::Chain::Create(std::move(stages));
  return chain.ok() ? *std::move(chain) : nullptr;
}

}  // namespace

std::unique_ptr<envelope::Chain> MakeDeferringEchoChain(Observed* observed, absl::Duration delay) {
  return ChainOf(std::make_unique<DeferringEchoHandler>(observed, delay), observed);
}

std::unique_ptr<envelope::Chain> MakeEchoChain(Observed* observed, absl::Duration slow) {
  return ChainOf(std::make_unique<EchoHandler>(observed, slow), observed);
}

}  // namespace cam::transport::http::testing
