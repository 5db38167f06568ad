// File: tests/unit/syscalls/write_locks_test.cc
// KeyWriteLocks and BulkGate: held on one thread, released on another, as ContextWrite does when
// its batch becomes durable on the store's commit thread.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <utility>

#include "syscalls/memory/bulk_gate.h"
#include "syscalls/memory/key_write_locks.h"

namespace cam::syscalls {
namespace {

using std::chrono::milliseconds;

TEST(KeyWriteLocksTest, AHoldReleasedOnAnotherThreadLetsTheNextWriterIn) {
  KeyWriteLocks locks;
  KeyWriteLocks::Hold first = locks.Acquire("ns", "k");
  std::atomic<bool> second_in{false};
  std::thread second([&] {
    KeyWriteLocks::Hold hold = locks.Acquire("ns", "k");
    second_in = true;
  });
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_FALSE(second_in.load());
  std::thread releaser([hold = std::move(first)]() mutable { hold = KeyWriteLocks::Hold(); });
  releaser.join();
  second.join();
  EXPECT_TRUE(second_in.load());
}

TEST(KeyWriteLocksTest, MovingAHoldKeepsOneOwner) {
  KeyWriteLocks locks;
  KeyWriteLocks::Hold a = locks.Acquire("ns", "k");
  KeyWriteLocks::Hold b = std::move(a);
  KeyWriteLocks::Hold c;
  c = std::move(b);
  // Only `c` owns the lock now; destroying the moved-from holds released nothing twice, so the
  // lock is taken exactly once more after `c` lets go.
  c = KeyWriteLocks::Hold();
  KeyWriteLocks::Hold again = locks.Acquire("ns", "k");
  std::atomic<bool> third_in{false};
  std::thread third([&] {
    KeyWriteLocks::Hold hold = locks.Acquire("ns", "k");
    third_in = true;
  });
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_FALSE(third_in.load());
  again = KeyWriteLocks::Hold();
  third.join();
  EXPECT_TRUE(third_in.load());
}

TEST(KeyWriteLocksTest, TryAcquireTakesOnlyAFreeStripe) {
  KeyWriteLocks locks;
  KeyWriteLocks::Hold first = locks.TryAcquire("ns", "k");
  EXPECT_TRUE(first.held());
  EXPECT_FALSE(locks.TryAcquire("ns", "k").held());
  first = KeyWriteLocks::Hold();
  EXPECT_TRUE(locks.TryAcquire("ns", "k").held());
}

TEST(BulkGateTest, TryEnterSharedIsRefusedWhileABulkOperationHoldsOrWaits) {
  BulkGate gate;
  BulkGate::Pass writer = gate.TryEnterShared();
  EXPECT_TRUE(writer.entered());
  std::atomic<bool> bulk_waiting{false};
  std::atomic<bool> release_bulk{false};
  std::thread bulk([&] {
    bulk_waiting = true;
    BulkGate::Pass pass = gate.EnterExclusive();
    while (!release_bulk.load()) std::this_thread::yield();
  });
  while (!bulk_waiting.load()) std::this_thread::yield();
  // Once the bulk operation waits for the gate, writers are kept out (polled: the bulk thread
  // may not have reached the gate yet; a gate that never refuses fails after 5 s).
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (gate.TryEnterShared().entered() && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(milliseconds(1));
  }
  EXPECT_FALSE(gate.TryEnterShared().entered());
  writer = BulkGate::Pass();
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_FALSE(gate.TryEnterShared().entered());  // the bulk operation is inside
  release_bulk = true;
  bulk.join();
  EXPECT_TRUE(gate.TryEnterShared().entered());
}

TEST(BulkGateTest, SharedPassesCoexistAndExclusiveWaitsForAllOfThem) {
  BulkGate gate;
  BulkGate::Pass one = gate.EnterShared();
  BulkGate::Pass two = gate.EnterShared();
  std::atomic<bool> bulk_in{false};
  std::thread bulk([&] {
    BulkGate::Pass pass = gate.EnterExclusive();
    bulk_in = true;
  });
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_FALSE(bulk_in.load());
  one = BulkGate::Pass();
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_FALSE(bulk_in.load());
  // The last writer finishes on another thread.
  std::thread([pass = std::move(two)]() mutable { pass = BulkGate::Pass(); }).join();
  bulk.join();
  EXPECT_TRUE(bulk_in.load());
}

TEST(BulkGateTest, AWaitingBulkOperationKeepsNewWritersOut) {
  BulkGate gate;
  BulkGate::Pass writer = gate.EnterShared();
  std::atomic<int> order{0};
  std::atomic<int> bulk_at{0};
  std::atomic<int> late_writer_at{0};
  std::atomic<bool> bulk_started{false};
  std::thread bulk([&] {
    bulk_started = true;
    BulkGate::Pass pass = gate.EnterExclusive();
    bulk_at = ++order;
  });
  // The bulk operation must be waiting before the late writer comes.
  while (!bulk_started.load()) std::this_thread::yield();
  std::this_thread::sleep_for(milliseconds(100));
  std::thread late_writer([&] {
    BulkGate::Pass pass = gate.EnterShared();
    late_writer_at = ++order;
  });
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_EQ(late_writer_at.load(), 0);
  writer = BulkGate::Pass();
  bulk.join();
  late_writer.join();
  EXPECT_EQ(bulk_at.load(), 1);
  EXPECT_EQ(late_writer_at.load(), 2);
}

}  // namespace
}  // namespace cam::syscalls
