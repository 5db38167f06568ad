// File: policy/policy_store.h
// PolicyStore: persistence of policy documents on cam::store::Store, every version kept.
//
// Keyspace (policy ids are identifiers, so they hold no NUL):
//   policy/h/<policy_id>                      head: the latest version, 8 bytes big-endian
//   policy/v/<policy_id>\0<version:be64>      the stored PolicyDocument of that version
// A Put writes the version record and the head in one atomic batch.
//
// The stored document carries the server-set fields: version (1, 2, ...), update_time (the
// clock), updated_by, and sha256: lower-case hex SHA-256 of the document's canonical bytes,
// which are its deterministic protobuf serialization with unknown fields dropped and sha256
// empty (so anyone holding the document can recompute it).
//
// PolicyStore does not validate documents: PolicyEngine compiles them first. Thread-safe; Puts
// are serialised so that version numbering and check-and-set hold within this process (several
// processes on one shared store need the store's own transactions: not done yet).
#ifndef CAM_POLICY_POLICY_STORE_H_
#define CAM_POLICY_POLICY_STORE_H_

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "base/clock.h"
#include "cam/v1/policy.pb.h"
#include "store/store.h"

namespace cam::policy {

class PolicyStore {
 public:
  // Page size used when List is asked for 0, and the largest it serves.
  static constexpr int kDefaultPageSize = 100;
  static constexpr int kMaxPageSize = 1000;

  // `store` and `clock` must outlive this object.
  PolicyStore(store::Store* store, const base::Clock* clock);
  PolicyStore(const PolicyStore&) = delete;
  PolicyStore& operator=(const PolicyStore&) = delete;

  // Runs between stamping and writing; a non-OK status aborts the Put with that status.
  using BeforeWrite = std::function<absl::Status(const cam::v1::PolicyDocument& stamped)>;

  // Put stores `document` as the next version of its policy_id and returns it as stored (with
  // version, update_time, updated_by, sha256 set; the input's values of these are ignored).
  // Check-and-set: with `expected_version`, the latest stored version must equal it (0: the
  // policy must not exist), otherwise CAM_POLICY_VERSION_CONFLICT and nothing is written.
  // `before_write`, when set, sees the stamped document and may refuse it (PolicyEngine compiles
  // it there, so an invalid document is never stored). Store failures map to
  // CAM_STORE_UNAVAILABLE, CAM_STORE_CORRUPT or CAM_DEADLINE_EXCEEDED.
  absl::StatusOr<cam::v1::PolicyDocument> Put(const cam::v1::PolicyDocument& document,
                                              std::optional<int64_t> expected_version,
                                              std::string_view updated_by,
                                              absl::Time deadline = absl::InfiniteFuture(),
                                              const BeforeWrite& before_write = nullptr);

  // Get returns version `version` of a policy (0 = the latest), or CAM_POLICY_NOT_FOUND.
  absl::StatusOr<cam::v1::PolicyDocument> Get(std::string_view policy_id, int64_t version = 0,
                                              absl::Time deadline = absl::InfiniteFuture()) const;

  struct ListPage {
    std::vector<cam::v1::PolicySummary> policies;  // latest versions, by policy_id
    std::string next_page_token;                   // empty on the last page
  };
  // List pages through the latest version of every policy in policy_id order. `page_size` 0
  // means kDefaultPageSize; more than kMaxPageSize or negative is CAM_VALIDATION_OUT_OF_RANGE;
  // a token not made by List is CAM_VALIDATION_PAGE_TOKEN.
  absl::StatusOr<ListPage> List(int page_size, std::string_view page_token,
                                absl::Time deadline = absl::InfiniteFuture()) const;

  // LoadAll returns the latest version of every policy (startup), in policy_id order.
  absl::StatusOr<std::vector<cam::v1::PolicyDocument>> LoadAll(
      absl::Time deadline = absl::InfiniteFuture()) const;

  // CanonicalSha256 returns the hex SHA-256 of `document`'s canonical bytes (see above).
  static absl::StatusOr<std::string> CanonicalSha256(const cam::v1::PolicyDocument& document);

 private:
  absl::StatusOr<int64_t> LatestVersion(std::string_view policy_id,
                                        const store::ReadOptions& options) const;
  absl::StatusOr<cam::v1::PolicyDocument> ReadVersion(std::string_view policy_id, int64_t version,
                                                      const store::ReadOptions& options) const;

  store::Store* store_;
  const base::Clock* clock_;
  std::mutex put_mu_;  // serialises Put: read the head, check, write
};

}  // namespace cam::policy

#endif  // CAM_POLICY_POLICY_STORE_H_
