// File: tests/unit/store/store_test_util.h
// Helpers shared by the store tests: a self-deleting temporary directory, the list of Store
// implementations every conformance test runs against, and a full dump of a store's contents.
#ifndef CAM_TESTS_UNIT_STORE_STORE_TEST_UTIL_H_
#define CAM_TESTS_UNIT_STORE_STORE_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "store/fault_injection/fault_injection_store.h"
#include "store/memory/memory_store.h"
#include "store/rocksdb/rocksdb_store.h"
#include "store/store.h"

namespace cam::store::testing {

// A fresh directory under the test temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::string templ = ::testing::TempDir() + "cam_store_XXXXXX";
    char* made = ::mkdtemp(templ.data());
    EXPECT_NE(made, nullptr) << "mkdtemp failed";
    path_ = templ;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A store under test, plus the store it decorates when it is a decorator. Reset() destroys the
// decorator first.
struct OpenedStore {
  std::unique_ptr<Store> base;
  std::unique_ptr<Store> decorator;

  Store& get() { return decorator != nullptr ? *decorator : *base; }
  void Reset() {
    decorator.reset();
    base.reset();
  }
};

// One implementation: a name for test output, and how to open one in an empty directory.
struct StoreKind {
  std::string name;
  std::function<absl::StatusOr<OpenedStore>(const std::string& dir)> open;
};

// Test names and failure messages show the kind's name, not its bytes.
inline void PrintTo(const StoreKind& kind, std::ostream* os) { *os << kind.name; }

inline absl::StatusOr<OpenedStore> OpenMemory(const std::string&) {
  return OpenedStore{std::make_unique<MemoryStore>(), nullptr};
}

inline absl::StatusOr<OpenedStore> OpenRocksDb(const std::string& dir) {
  absl::StatusOr<std::unique_ptr<Store>> store = RocksDbStore::Open(dir + "/db");
  if (!store.ok()) return store.status();
  return OpenedStore{*std::move(store), nullptr};
}

// A FaultInjectionStore with no fault armed must be indistinguishable from its base.
inline absl::StatusOr<OpenedStore> OpenPassThroughFaultInjection(const std::string&) {
  OpenedStore opened{std::make_unique<MemoryStore>(), nullptr};
  opened.decorator = std::make_unique<FaultInjectionStore>(*opened.base);
  return opened;
}

// The real implementations.
inline std::vector<StoreKind> RealStoreKinds() {
  return {{"Memory", OpenMemory}, {"RocksDb", OpenRocksDb}};
}

inline std::string StoreKindName(const ::testing::TestParamInfo<StoreKind>& info) {
  return info.param.name;
}

// Dump returns every key and value visible with `options`, failing the test on an iterator
// error.
inline std::map<std::string, std::string> Dump(Store& store, const ReadOptions& options = {}) {
  std::map<std::string, std::string> out;
  std::unique_ptr<Iterator> it = store.NewIterator(options);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    out.emplace(std::string(it->key()), std::string(it->value()));
  }
  EXPECT_TRUE(it->status().ok()) << it->status();
  return out;
}

}  // namespace cam::store::testing

#endif  // CAM_TESTS_UNIT_STORE_STORE_TEST_UTIL_H_
