// File: tests/unit/syscalls/write_offload_test.cc
// ContextWriteAsync on a thread that must not wait (call.run_blocking set, as gRPC's I/O thread
// does): an uncontended write goes through without a hand-off; a write to a key another write
// holds continues in a run_blocking task; a refused task still answers.
#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "base/one_shot.h"
#include "keys/namespace_key_cipher.h"
#include "store/memory/memory_store.h"
#include "syscalls/memory/memory_syscalls.h"
#include "tests/testing/status_matchers.h"

namespace cam::syscalls {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::IsOk;

// A store whose asynchronous writes wait, while `holding`, until Release: so a test can keep a
// ContextWrite between its head check and its durable batch, holding its key.
class HeldWritesStore final : public store::Store {
 public:
  absl::StatusOr<std::string> Get(const store::ReadOptions& options,
                                  std::string_view key) override {
    return base_.Get(options, key);
  }
  absl::Status Write(const store::WriteOptions& options, const store::WriteBatch& batch) override {
    return base_.Write(options, batch);
  }
  void WriteAsync(const store::WriteOptions& options, store::WriteBatch batch,
                  WriteDone done) override {
    {
      absl::MutexLock lock(&mu_);
      if (holding_) {
        held_.push_back({options, std::move(batch), std::move(done)});
        return;
      }
    }
    base_.WriteAsync(options, std::move(batch), std::move(done));
  }
  std::unique_ptr<store::Iterator> NewIterator(const store::ReadOptions& options) override {
    return base_.NewIterator(options);
  }
  std::unique_ptr<store::Snapshot> GetSnapshot() override { return base_.GetSnapshot(); }

  void Hold() {
    absl::MutexLock lock(&mu_);
    holding_ = true;
  }
  // Release stops holding and completes the held writes, in order, on this thread.
  void Release() {
    std::deque<HeldWrite> held;
    {
      absl::MutexLock lock(&mu_);
      holding_ = false;
      held.swap(held_);
    }
    for (HeldWrite& write : held) {
      base_.WriteAsync(write.options, std::move(write.batch), std::move(write.done));
    }
  }
  size_t held() {
    absl::MutexLock lock(&mu_);
    return held_.size();
  }

 private:
  struct HeldWrite {
    store::WriteOptions options;
    store::WriteBatch batch;
    WriteDone done;
  };
  store::MemoryStore base_;
  absl::Mutex mu_;
  bool holding_ ABSL_GUARDED_BY(mu_) = false;
  std::deque<HeldWrite> held_ ABSL_GUARDED_BY(mu_);
};

base::SecureBuffer TestRootKey() {
  base::SecureBuffer key(32);
  for (size_t i = 0; i < key.size(); ++i) key.data()[i] = static_cast<uint8_t>(7 * i);
  return key;
}

using WriteResult = absl::StatusOr<v1::ContextWriteResponse>;

class WriteOffloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = *NamespaceDirectory::Load(&store_, &cipher_);
    syscalls_ = std::make_unique<MemorySyscalls>(&store_, directory_.get(), &cipher_, &clock_,
                                                 MemoryConfig{});
    envelope::Call call = NewCall();
    v1::NamespaceCreateRequest create;
    create.set_namespace_("team-a");
    ASSERT_THAT(syscalls_->NamespaceCreate(call, create), IsOk());
  }

  void TearDown() override {
    store_.Release();
    for (std::thread& t : blocking_threads_) t.join();
  }

  static envelope::Call NewCall() {
    envelope::Call call;
    call.request_id = "test";
    call.principal = envelope::Principal{
        .id = "agent-1", .kind = envelope::PrincipalKind::kAgent, .tenant = "default"};
    return call;
  }

  static v1::ContextWriteRequest WriteRequest(const std::string& key) {
    v1::ContextWriteRequest request;
    request.set_namespace_("team-a");
    request.set_key(key);
    request.set_value("value of " + key);
    return request;
  }

  // Where a write starts: on a thread that may wait (no run_blocking), or on one that must not,
  // whose run_blocking counts its tasks and runs each on a thread of its own, or refuses them.
  enum class Thread { kMayWait, kMustNotWait, kDraining };

  // A write in flight: the call, its request and its answer stay in place until it completes.
  struct StartedWrite {
    envelope::Call call;
    v1::ContextWriteRequest request;
    base::OneShot<WriteResult> answer;
  };

  std::unique_ptr<StartedWrite> StartWrite(const std::string& key, Thread thread) {
    auto write = std::make_unique<StartedWrite>();
    write->call = NewCall();
    write->request = WriteRequest(key);
    if (thread != Thread::kMayWait) {
      write->call.run_blocking = [this, accept = thread ==
                                                 Thread::kMustNotWait](std::function<void()> task) {
        ++offloaded_;
        if (!accept) return false;
        blocking_threads_.emplace_back(std::move(task));
        return true;
      };
    }
    StartedWrite* started = write.get();
    syscalls_->ContextWriteAsync(write->call, write->request, [started](WriteResult result) {
      started->answer.Set(std::move(result));
    });
    return write;
  }

  base::FakeClock clock_{absl::FromUnixSeconds(1'700'000'000)};
  HeldWritesStore store_;
  keys::NamespaceKeyCipher cipher_{TestRootKey()};
  std::unique_ptr<NamespaceDirectory> directory_;
  std::unique_ptr<MemorySyscalls> syscalls_;
  int offloaded_ = 0;
  std::vector<std::thread> blocking_threads_;
};

TEST_F(WriteOffloadTest, UncontendedWriteGoesThroughWithoutAHandOff) {
  std::unique_ptr<StartedWrite> write = StartWrite("k", Thread::kMustNotWait);
  WriteResult written = write->answer.Wait();
  ASSERT_THAT(written.status(), IsOk());
  EXPECT_EQ(written->version(), 1);
  EXPECT_EQ(offloaded_, 0);
}

TEST_F(WriteOffloadTest, WriteToAHeldKeyContinuesOnABlockingThreadAfterTheHolder) {
  store_.Hold();
  std::unique_ptr<StartedWrite> first = StartWrite("k", Thread::kMayWait);
  ASSERT_EQ(store_.held(), 1U);  // the first write holds key k until its batch completes
  std::unique_ptr<StartedWrite> second = StartWrite("k", Thread::kMustNotWait);
  // The calling thread returned at once: the write went on in a task instead of waiting here.
  EXPECT_EQ(offloaded_, 1);

  store_.Release();
  WriteResult first_written = first->answer.Wait();
  WriteResult second_written = second->answer.Wait();
  ASSERT_THAT(first_written.status(), IsOk());
  ASSERT_THAT(second_written.status(), IsOk());
  EXPECT_EQ(first_written->version(), 1);
  EXPECT_EQ(second_written->version(), 2);
}

TEST_F(WriteOffloadTest, OtherKeysDoNotWaitForAHeldKey) {
  store_.Hold();
  std::unique_ptr<StartedWrite> held = StartWrite("k", Thread::kMayWait);
  // These keys share no lock stripe with "k" nor with each other (std::hash is deterministic;
  // with 4096 stripes a collision among 21 keys is unlikely, and would show here as a hand-off).
  std::vector<std::unique_ptr<StartedWrite>> others;
  for (int i = 0; i < 20; ++i) {
    others.push_back(StartWrite("other-" + std::to_string(i), Thread::kMustNotWait));
  }
  EXPECT_EQ(offloaded_, 0);
  EXPECT_EQ(store_.held(), 21U);
  store_.Release();
  EXPECT_THAT(held->answer.Wait().status(), IsOk());
  for (auto& other : others) EXPECT_THAT(other->answer.Wait().status(), IsOk());
}

TEST_F(WriteOffloadTest, RefusedHandOffAnswersDrainingAndLeavesTheKeyUsable) {
  store_.Hold();
  std::unique_ptr<StartedWrite> first = StartWrite("k", Thread::kMayWait);
  std::unique_ptr<StartedWrite> refused = StartWrite("k", Thread::kDraining);
  EXPECT_THAT(refused->answer.Wait().status(), HasReason("CAM_SERVER_DRAINING"));

  store_.Release();
  ASSERT_THAT(first->answer.Wait().status(), IsOk());
  // The refused write took no lock and wrote nothing: the next write is version 2.
  WriteResult written = StartWrite("k", Thread::kMustNotWait)->answer.Wait();
  ASSERT_THAT(written.status(), IsOk());
  EXPECT_EQ(written->version(), 2);
}

}  // namespace
}  // namespace cam::syscalls
