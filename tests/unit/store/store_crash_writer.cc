// File: tests/unit/store/store_crash_writer.cc
// A child process for rocksdb_store_test: opens a RocksDbStore at argv[1], then writes forever
// from several threads with sync=true, printing "<key>\n" to stdout only after Write returned OK
// (the acknowledgement). The test kills it with SIGKILL and checks every acknowledged key.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
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

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: store_crash_writer <db dir>\n");
    return 2;
  }
  auto store = cam::store::RocksDbStore::Open(argv[1]);
  if (!store.ok()) {
    std::fprintf(stderr, "open failed: %s\n", store.status().ToString().c_str());
    return 1;
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < cam::store::testing::kCrashWriterThreads; ++t) {
    threads.emplace_back([&store, t] {
      for (int n = 0;; ++n) {
        const std::string key = cam::store::testing::CrashWriterKey(t, n);
        absl::Status s =
            (*store)->Put({.sync = true}, key, cam::store::testing::CrashWriterValue(key));
        if (!s.ok()) {
          std::fprintf(stderr, "write failed: %s\n", s.ToString().c_str());
          std::_Exit(1);
        }
        if (!Ack(key)) std::_Exit(1);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  return 0;
}
