#include "syscalls/memory/memory_syscalls.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "keys/namespace_key_cipher.h"
#include "store/fault_injection/fault_injection_store.h"
#include "store/memory/memory_store.h"
#include "store/rocksdb/rocksdb_store.h"
#include "syscalls/memory/keyspace.h"
#include "tests/testing/status_matchers.h"
#include "tests/unit/store/store_test_util.h"

namespace cam::syscalls {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::IsOk;

base::SecureBuffer TestRootKey() {
  base::SecureBuffer key(32);
  for (size_t i = 0; i < key.size(); ++i) key.data()[i] = static_cast<uint8_t>(i);
  return key;
}

// Every test runs over the in-memory store, whose WriteAsync completes before it returns, and
// over RocksDB, whose WriteAsync completes later on its commit thread.
enum class BaseStore { kMemory, kRocksDb };

class MemorySyscallsTest : public ::testing::TestWithParam<BaseStore> {
 protected:
  void SetUp() override {
    if (GetParam() == BaseStore::kRocksDb) {
      absl::StatusOr<std::unique_ptr<store::Store>> opened =
          store::RocksDbStore::Open(dir_.path() + "/db");
      ASSERT_THAT(opened.status(), IsOk());
      base_ = *std::move(opened);
    } else {
      base_ = std::make_unique<store::MemoryStore>();
    }
    faults_ = std::make_unique<store::FaultInjectionStore>(*base_);
    Reopen();
  }

  void Reopen(MemoryConfig config = {}) {
    syscalls_.reset();
    directory_ = *NamespaceDirectory::Load(faults_.get(), &cipher_);
    syscalls_ = std::make_unique<MemorySyscalls>(faults_.get(), directory_.get(), &cipher_, &clock_,
                                                 config);
  }

  envelope::Call CallAs(std::string id,
                        envelope::PrincipalKind kind = envelope::PrincipalKind::kAgent) {
    envelope::Call call;
    call.request_id = "test";
    call.principal = envelope::Principal{.id = std::move(id), .kind = kind, .tenant = "default"};
    return call;
  }

  void CreateNamespace(const std::string& ns, int64_t max_bytes = 0, int64_t max_keys = 0) {
    v1::NamespaceCreateRequest request;
    request.set_namespace_(ns);
    request.mutable_quota()->set_max_bytes(max_bytes);
    request.mutable_quota()->set_max_keys(max_keys);
    auto call = CallAs("agent-1");
    ASSERT_THAT(syscalls_->NamespaceCreate(call, request), IsOk());
  }

  absl::StatusOr<v1::ContextWriteResponse> Write(const std::string& ns, const std::string& key,
                                                 const std::string& value,
                                                 std::optional<int64_t> expected = std::nullopt) {
    v1::ContextWriteRequest request;
    request.set_namespace_(ns);
    request.set_key(key);
    request.set_value(value);
    if (expected.has_value()) request.set_expected_version(*expected);
    auto call = CallAs("agent-1");
    return syscalls_->ContextWrite(call, request);
  }

  absl::StatusOr<v1::ContextReadResponse> Read(const std::string& ns, const std::string& key,
                                               int64_t version = 0) {
    v1::ContextReadRequest request;
    request.set_namespace_(ns);
    request.set_key(key);
    request.set_version(version);
    auto call = CallAs("agent-1");
    return syscalls_->ContextRead(call, request);
  }

  absl::StatusOr<v1::ContextDeleteResponse> Delete(const std::string& ns, const std::string& key,
                                                   v1::DeleteMode mode,
                                                   std::vector<int64_t> versions = {}) {
    v1::ContextDeleteRequest request;
    request.set_namespace_(ns);
    request.set_key(key);
    request.set_mode(mode);
    for (int64_t v : versions) request.add_versions(v);
    auto call = CallAs("agent-1");
    return syscalls_->ContextDelete(call, request);
  }

  base::FakeClock clock_{absl::FromUnixSeconds(1'700'000'000)};
  store::testing::TempDir dir_;
  std::unique_ptr<store::Store> base_;
  std::unique_ptr<store::FaultInjectionStore> faults_;
  keys::NamespaceKeyCipher cipher_{TestRootKey()};
  std::unique_ptr<NamespaceDirectory> directory_;
  std::unique_ptr<MemorySyscalls> syscalls_;
};

TEST_P(MemorySyscallsTest, VersionsCountPerKeyAndReadsAnyKeptVersion) {
  CreateNamespace("team-a");
  for (int i = 1; i <= 3; ++i) {
    CAM_ASSERT_OK_AND_ASSIGN(auto written, Write("team-a", "notes/today", "v" + std::to_string(i)));
    EXPECT_EQ(written.version(), i);
  }
  CAM_ASSERT_OK_AND_ASSIGN(auto other, Write("team-a", "other", "x"));
  EXPECT_EQ(other.version(), 1);
  CAM_ASSERT_OK_AND_ASSIGN(auto latest, Read("team-a", "notes/today"));
  EXPECT_EQ(latest.entry().value(), "v3");
  EXPECT_EQ(latest.entry().version(), 3);
  EXPECT_EQ(latest.entry().sha256().size(), 64u);
  CAM_ASSERT_OK_AND_ASSIGN(auto first, Read("team-a", "notes/today", 1));
  EXPECT_EQ(first.entry().value(), "v1");
  EXPECT_THAT(Read("team-a", "notes/today", 4), HasReason("CAM_STORE_VERSION_NOT_FOUND"));
  EXPECT_THAT(Read("team-a", "missing"), HasReason("CAM_STORE_NOT_FOUND"));
  EXPECT_THAT(Read("nope", "k"), HasReason("CAM_STORE_NAMESPACE_NOT_FOUND"));
}

TEST_P(MemorySyscallsTest, Sha256IsOfTheValue) {
  CreateNamespace("team-a");
  CAM_ASSERT_OK_AND_ASSIGN(auto written, Write("team-a", "k", "hello"));
  EXPECT_EQ(written.sha256(), "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
}

TEST_P(MemorySyscallsTest, CheckAndSet) {
  CreateNamespace("team-a");
  EXPECT_THAT(Write("team-a", "k", "a", 0), IsOk());
  EXPECT_THAT(Write("team-a", "k", "b", 0), HasReason("CAM_STORE_CAS_MISMATCH"));
  EXPECT_THAT(Write("team-a", "k", "b", 5), HasReason("CAM_STORE_CAS_MISMATCH"));
  CAM_ASSERT_OK_AND_ASSIGN(auto second, Write("team-a", "k", "b", 1));
  EXPECT_EQ(second.version(), 2);
  CAM_ASSERT_OK_AND_ASSIGN(auto read, Read("team-a", "k"));
  EXPECT_EQ(read.entry().value(), "b");
}

TEST_P(MemorySyscallsTest, ConcurrentCasAllowsExactlyOneWinner) {
  CreateNamespace("team-a");
  ASSERT_THAT(Write("team-a", "counter", "0"), IsOk());
  std::atomic<int> winners{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      if (Write("team-a", "counter", "x", 1).ok()) ++winners;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(winners.load(), 1);
}

// Writers of one key are serialised until their batch is durable, even when it becomes durable
// on another thread: every write gets its own version, with no gap.
TEST_P(MemorySyscallsTest, ConcurrentWritersOfOneKeyGetDistinctSequentialVersions) {
  CreateNamespace("team-a");
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::vector<std::vector<int64_t>> versions(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        absl::StatusOr<v1::ContextWriteResponse> written = Write("team-a", "k", "v");
        EXPECT_THAT(written.status(), IsOk());
        if (written.ok()) versions[t].push_back(written->version());
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<int64_t> all;
  for (const auto& list : versions) all.insert(list.begin(), list.end());
  ASSERT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), kThreads * kPerThread);
  CAM_ASSERT_OK_AND_ASSIGN(auto read, Read("team-a", "k"));
  EXPECT_EQ(read.entry().version(), kThreads * kPerThread);
}

// Read-modify-write with check-and-set from several threads loses no increment.
TEST_P(MemorySyscallsTest, CasIncrementsFromManyThreadsLoseNoUpdate) {
  CreateNamespace("team-a");
  ASSERT_THAT(Write("team-a", "counter", "0"), IsOk());
  constexpr int kThreads = 6;
  constexpr int kIncrements = 15;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int done = 0; done < kIncrements;) {
        absl::StatusOr<v1::ContextReadResponse> read = Read("team-a", "counter");
        ASSERT_THAT(read.status(), IsOk());
        const int value = std::stoi(read->entry().value());
        if (Write("team-a", "counter", std::to_string(value + 1), read->entry().version()).ok()) {
          ++done;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  CAM_ASSERT_OK_AND_ASSIGN(auto read, Read("team-a", "counter"));
  EXPECT_EQ(read.entry().value(), std::to_string(kThreads * kIncrements));
  EXPECT_EQ(read.entry().version(), 1 + kThreads * kIncrements);
}

TEST_P(MemorySyscallsTest, KeepsOnlyConfiguredVersions) {
  Reopen({.versions_kept = 3});
  CreateNamespace("team-a");
  for (int i = 1; i <= 5; ++i) ASSERT_THAT(Write("team-a", "k", std::string(10, 'a' + i)), IsOk());
  v1::ContextVersionListRequest request;
  request.set_namespace_("team-a");
  request.set_key("k");
  auto call = CallAs("agent-1");
  CAM_ASSERT_OK_AND_ASSIGN(auto versions, syscalls_->ContextVersionList(call, request));
  ASSERT_EQ(versions.versions_size(), 3);
  EXPECT_EQ(versions.versions(0).version(), 5);
  EXPECT_EQ(versions.versions(2).version(), 3);
  EXPECT_THAT(Read("team-a", "k", 2), HasReason("CAM_STORE_VERSION_NOT_FOUND"));
  // Usage counts kept versions only.
  EXPECT_EQ(directory_->Find("team-a")->bytes.load(), 30);
}

TEST_P(MemorySyscallsTest, BinaryValuesRoundTripByteExact) {
  CreateNamespace("team-a");
  std::string binary;
  for (int i = 0; i < 256; ++i) binary.push_back(static_cast<char>(i));
  binary += std::string("\0\0\xff", 3);
  ASSERT_THAT(Write("team-a", "bin", binary), IsOk());
  CAM_ASSERT_OK_AND_ASSIGN(auto read, Read("team-a", "bin"));
  EXPECT_EQ(read.entry().value(), binary);
}

TEST_P(MemorySyscallsTest, ValuesAreEncryptedAtRestAndBoundToTheirKey) {
  CreateNamespace("team-a");
  ASSERT_THAT(Write("team-a", "a", "secret-value-123"), IsOk());
  ASSERT_THAT(Write("team-a", "b", "other"), IsOk());
  auto it = base_->NewIterator({});
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    EXPECT_EQ(std::string(it->value()).find("secret-value-123"), std::string::npos);
  }
  // Moving a's sealed version record under b's key must not decrypt.
  const std::string a_record = *base_->Get({}, keyspace::VersionKey("team-a", "a", 1));
  ASSERT_THAT(base_->Put({}, keyspace::VersionKey("team-a", "b", 1), a_record), IsOk());
  EXPECT_THAT(Read("team-a", "b"), HasReason("CAM_STORE_CORRUPT"));
}

TEST_P(MemorySyscallsTest, SoftDeleteUndeleteAndDestroy) {
  CreateNamespace("team-a");
  ASSERT_THAT(Write("team-a", "k", "1"), IsOk());
  ASSERT_THAT(Write("team-a", "k", "2"), IsOk());
  ASSERT_THAT(Delete("team-a", "k", v1::DELETE_MODE_SOFT), IsOk());
  EXPECT_THAT(Read("team-a", "k"), HasReason("CAM_STORE_NOT_FOUND"));
  ASSERT_THAT(Delete("team-a", "k", v1::DELETE_MODE_UNDELETE), IsOk());
  CAM_ASSERT_OK_AND_ASSIGN(auto read, Read("team-a", "k"));
  EXPECT_EQ(read.entry().value(), "2");

  CAM_ASSERT_OK_AND_ASSIGN(auto destroyed, Delete("team-a", "k", v1::DELETE_MODE_DESTROY, {1}));
  EXPECT_EQ(destroyed.destroyed_versions(), 1);
  EXPECT_THAT(Read("team-a", "k", 1), HasReason("CAM_STORE_VERSION_NOT_FOUND"));
  EXPECT_THAT(Delete("team-a", "k", v1::DELETE_MODE_DESTROY, {7}),
              HasReason("CAM_STORE_VERSION_NOT_FOUND"));
  CAM_ASSERT_OK_AND_ASSIGN(auto all, Delete("team-a", "k", v1::DELETE_MODE_DESTROY));
  EXPECT_TRUE(all.deleted());
  EXPECT_THAT(Read("team-a", "k"), HasReason("CAM_STORE_NOT_FOUND"));
  EXPECT_EQ(directory_->Find("team-a")->keys.load(), 0);
  EXPECT_EQ(directory_->Find("team-a")->bytes.load(), 0);
  EXPECT_THAT(Delete("team-a", "k", v1::DELETE_MODE_SOFT), HasReason("CAM_STORE_NOT_FOUND"));
}

TEST_P(MemorySyscallsTest, ListPagesThroughPrefixAndRejectsForeignTokens) {
  CreateNamespace("team-a");
  CreateNamespace("team-b");
  for (int i = 0; i < 25; ++i) {
    char key[32];
    std::snprintf(key, sizeof(key), "notes/%02d", i);
    ASSERT_THAT(Write("team-a", key, "v"), IsOk());
  }
  ASSERT_THAT(Write("team-a", "other", "v"), IsOk());
  ASSERT_THAT(Delete("team-a", "notes/03", v1::DELETE_MODE_SOFT), IsOk());

  std::vector<std::string> seen;
  v1::ContextListRequest request;
  request.set_namespace_("team-a");
  request.set_prefix("notes/");
  request.set_page_size(10);
  std::string token;
  int pages = 0;
  do {
    request.set_page_token(token);
    auto call = CallAs("agent-1");
    CAM_ASSERT_OK_AND_ASSIGN(auto page, syscalls_->ContextList(call, request));
    for (const auto& e : page.entries()) seen.push_back(e.key());
    token = page.next_page_token();
    ++pages;
  } while (!token.empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 24u);  // 25 minus the soft-deleted one; "other" is outside the prefix
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size());

  // A token from team-a's listing is refused on team-b and on another prefix.
  request.set_page_token("");
  request.set_page_size(1);
  auto call = CallAs("agent-1");
  CAM_ASSERT_OK_AND_ASSIGN(auto first, syscalls_->ContextList(call, request));
  ASSERT_FALSE(first.next_page_token().empty());
  v1::ContextListRequest replay = request;
  replay.set_namespace_("team-b");
  replay.set_page_token(first.next_page_token());
  EXPECT_THAT(syscalls_->ContextList(call, replay), HasReason("CAM_VALIDATION_PAGE_TOKEN"));
  replay = request;
  replay.set_prefix("other");
  replay.set_page_token(first.next_page_token());
  EXPECT_THAT(syscalls_->ContextList(call, replay), HasReason("CAM_VALIDATION_PAGE_TOKEN"));
  replay.set_page_token("%%%not-base64");
  EXPECT_THAT(syscalls_->ContextList(call, replay), HasReason("CAM_VALIDATION_PAGE_TOKEN"));
}

TEST_P(MemorySyscallsTest, QuotasOnBytesAndKeys) {
  CreateNamespace("small", /*max_bytes=*/10, /*max_keys=*/2);
  EXPECT_THAT(Write("small", "a", "12345"), IsOk());
  EXPECT_THAT(Write("small", "b", "12345"), IsOk());
  EXPECT_THAT(Write("small", "c", ""), HasReason("CAM_STORE_QUOTA_KEYS"));
  EXPECT_THAT(Write("small", "a", "x"), HasReason("CAM_STORE_QUOTA_BYTES"));
  // Freeing space makes room again, and a refused write changed nothing.
  ASSERT_THAT(Delete("small", "b", v1::DELETE_MODE_DESTROY), IsOk());
  EXPECT_THAT(Write("small", "c", "123"), IsOk());
  EXPECT_EQ(directory_->Find("small")->keys.load(), 2);
  EXPECT_EQ(directory_->Find("small")->bytes.load(), 8);
  // Usage is rebuilt from the store on restart.
  Reopen();
  EXPECT_EQ(directory_->Find("small")->keys.load(), 2);
  EXPECT_EQ(directory_->Find("small")->bytes.load(), 8);
}

TEST_P(MemorySyscallsTest, FailedWriteLosesNothingAndReleasesQuota) {
  CreateNamespace("team-a", /*max_bytes=*/100);
  ASSERT_THAT(Write("team-a", "k", "first"), IsOk());
  faults_->FailNextWrites(1, absl::UnavailableError("disk gone /dev/sda"));
  absl::Status failed = Write("team-a", "k", "second").status();
  EXPECT_THAT(failed, HasReason("CAM_STORE_UNAVAILABLE"));
  CAM_ASSERT_OK_AND_ASSIGN(auto read, Read("team-a", "k"));
  EXPECT_EQ(read.entry().value(), "first");
  EXPECT_EQ(read.entry().version(), 1);
  EXPECT_EQ(directory_->Find("team-a")->bytes.load(), 5);
}

TEST_P(MemorySyscallsTest, SnapshotAndRestoreWithAndWithoutForce) {
  CreateNamespace("team-a");
  std::string binary("\x00\x01\xfe\xff", 4);
  ASSERT_THAT(Write("team-a", "bin", binary), IsOk());
  ASSERT_THAT(Write("team-a", "text", "before"), IsOk());
  v1::ContextSnapshotRequest snap;
  snap.set_namespace_("team-a");
  snap.set_snapshot_id("s1");
  auto op = CallAs("admin", envelope::PrincipalKind::kOperator);
  CAM_ASSERT_OK_AND_ASSIGN(auto made, syscalls_->ContextSnapshot(op, snap));
  EXPECT_EQ(made.snapshot().key_count(), 2);
  EXPECT_THAT(syscalls_->ContextSnapshot(op, snap), HasReason("CAM_STORE_SNAPSHOT_EXISTS"));

  ASSERT_THAT(Write("team-a", "text", "after"), IsOk());
  ASSERT_THAT(Write("team-a", "new", "added later"), IsOk());

  v1::ContextRestoreRequest restore;
  restore.set_namespace_("team-a");
  restore.set_snapshot_id("s1");
  EXPECT_THAT(syscalls_->ContextRestore(op, restore), HasReason("CAM_STORE_RESTORE_CONFLICT"));
  restore.set_force(true);
  CAM_ASSERT_OK_AND_ASSIGN(auto restored, syscalls_->ContextRestore(op, restore));
  EXPECT_EQ(restored.keys_restored(), 2);
  CAM_ASSERT_OK_AND_ASSIGN(auto text, Read("team-a", "text"));
  EXPECT_EQ(text.entry().value(), "before");
  EXPECT_EQ(text.entry().version(), 3);  // restore writes a new version, history kept
  CAM_ASSERT_OK_AND_ASSIGN(auto bin, Read("team-a", "bin"));
  EXPECT_EQ(bin.entry().value(), binary);
  EXPECT_THAT(Read("team-a", "new"), HasReason("CAM_STORE_NOT_FOUND"));  // soft-deleted
  ASSERT_THAT(Delete("team-a", "new", v1::DELETE_MODE_UNDELETE), IsOk());

  restore.set_snapshot_id("missing");
  EXPECT_THAT(syscalls_->ContextRestore(op, restore), HasReason("CAM_STORE_SNAPSHOT_NOT_FOUND"));

  // Restore without force succeeds into an empty namespace.
  CreateNamespace("empty");
  v1::ContextSnapshotRequest empty_snap;
  empty_snap.set_namespace_("team-a");
  CAM_ASSERT_OK_AND_ASSIGN(auto generated, syscalls_->ContextSnapshot(op, empty_snap));
  EXPECT_FALSE(generated.snapshot().snapshot_id().empty());
  v1::SnapshotListRequest list;
  list.set_namespace_("team-a");
  CAM_ASSERT_OK_AND_ASSIGN(auto listed, syscalls_->SnapshotList(op, list));
  EXPECT_EQ(listed.snapshots_size(), 2);
}

TEST_P(MemorySyscallsTest, NamespacesCreateListDeleteAndShred) {
  CreateNamespace("team-a");
  v1::NamespaceCreateRequest again;
  again.set_namespace_("team-a");
  auto agent2 = CallAs("agent-2");
  EXPECT_THAT(syscalls_->NamespaceCreate(agent2, again), HasReason("CAM_STORE_NAMESPACE_EXISTS"));
  ASSERT_THAT(Write("team-a", "k", "v"), IsOk());

  v1::NamespaceListRequest list;
  CAM_ASSERT_OK_AND_ASSIGN(auto mine, syscalls_->NamespaceList(agent2, list));
  EXPECT_EQ(mine.namespaces_size(), 0);  // agent-2 owns nothing and sees nothing
  auto op = CallAs("admin", envelope::PrincipalKind::kOperator);
  CAM_ASSERT_OK_AND_ASSIGN(auto all, syscalls_->NamespaceList(op, list));
  ASSERT_EQ(all.namespaces_size(), 1);
  EXPECT_EQ(all.namespaces(0).owner(), "agent-1");
  EXPECT_EQ(all.namespaces(0).usage().keys(), 1);

  v1::NamespaceDeleteRequest del;
  del.set_namespace_("team-a");
  EXPECT_THAT(syscalls_->NamespaceDelete(op, del), HasReason("CAM_STORE_NAMESPACE_NOT_EMPTY"));
  del.set_force(true);
  CAM_ASSERT_OK_AND_ASSIGN(auto deleted, syscalls_->NamespaceDelete(op, del));
  EXPECT_EQ(deleted.keys_destroyed(), 1);
  EXPECT_THAT(Read("team-a", "k"), HasReason("CAM_STORE_NAMESPACE_NOT_FOUND"));
  // Nothing of the namespace remains in the store: no record, no salt, no data.
  auto it = base_->NewIterator({});
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    EXPECT_EQ(std::string(it->key()).find("team-a"), std::string::npos) << it->key();
  }
  // A namespace of the same name later gets a fresh data key.
  CreateNamespace("team-a");
  EXPECT_THAT(Read("team-a", "k"), HasReason("CAM_STORE_NOT_FOUND"));
}

INSTANTIATE_TEST_SUITE_P(OverStores, MemorySyscallsTest,
                         ::testing::Values(BaseStore::kMemory, BaseStore::kRocksDb),
                         [](const ::testing::TestParamInfo<BaseStore>& info) {
                           return info.param == BaseStore::kMemory ? "Memory" : "RocksDb";
                         });

}  // namespace
}  // namespace cam::syscalls
