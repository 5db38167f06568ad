// File: tests/unit/store/store_crash_writer.cc
// A child process for rocksdb_store_test: opens a RocksDbStore at argv[1], then writes forever
// from several threads with sync=true, printing "<key>\n" to stdout only after Write returned OK
// (the acknowledgement). The test kills it with SIGKILL and checks every acknowledged key.
// With argv[2] = "async" each writer keeps several WriteAsync calls in flight and acknowledges
// a key from its completion, on the store's commit thread.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <semaphore>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "store/rocksdb/rocksdb_store.h"
#include "tests/unit/store/crash_writer_protocol.h"

namespace {

// One write(2) per line: lines are far below PIPE_BUF, so lines of different threads never
// interleave.
bool Ack(const std::string& key) {
  const std::string line = key + "\n";
  return ::write(STDOUT_FILENO, line.data(), line.size()) == static_cast<ssize_t>(line.size());
}

}  // namespace

void Fail(const absl::Status& s) {
  std::fprintf(stderr, "write failed: %s\n", s.ToString().c_str());
  std::_Exit(1);
}

void WriteSynchronously(cam::store::Store& store, int thread) {
  for (int n = 0;; ++n) {
    const std::string key = cam::store::testing::CrashWriterKey(thread, n);
    absl::Status s = store.Put({.sync = true}, key, cam::store::testing::CrashWriterValue(key));
    if (!s.ok()) Fail(s);
    if (!Ack(key)) std::_Exit(1);
  }
}

void WriteAsynchronously(cam::store::Store& store, int thread) {
  std::counting_semaphore<> in_flight(8);
  for (int n = 0;; ++n) {
    in_flight.acquire();
    const std::string key = cam::store::testing::CrashWriterKey(thread, n);
    cam::store::WriteBatch batch;
    batch.Put(key, cam::store::testing::CrashWriterValue(key));
    store.WriteAsync({.sync = true}, std::move(batch), [key, &in_flight](absl::Status s) {
      if (!s.ok()) Fail(s);
      if (!Ack(key)) std::_Exit(1);
      in_flight.release();
    });
  }
}

int main(int argc, char** argv) {
  const bool async = argc == 3 && std::string_view(argv[2]) == "async";
  if (argc != 2 && !async) {
    std::fprintf(stderr, "usage: store_crash_writer <db dir> [async]\n");
    return 2;
  }
  auto store = cam::store::RocksDbStore::Open(argv[1]);
  if (!store.ok()) {
    std::fprintf(stderr, "open failed: %s\n", store.status().ToString().c_str());
    return 1;
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < cam::store::testing::kCrashWriterThreads; ++t) {
    threads.emplace_back([&store, t, async] {
      if (async) {
        WriteAsynchronously(**store, t);
      } else {
        WriteSynchronously(**store, t);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  return 0;
}
