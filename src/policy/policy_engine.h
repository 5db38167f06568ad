// File: policy/policy_engine.h
// PolicyEngine: the live policy of one camd. It loads every stored document at startup, serves
// decisions from an immutable CompiledPolicySet held behind an atomic shared_ptr, and replaces
// that set atomically after each successful update.
//
// An update is compiled together with every other current document BEFORE anything is stored:
// an invalid document (CAM_POLICY_INVALID) or a check-and-set miss (CAM_POLICY_VERSION_CONFLICT)
// changes neither the store nor the live set. Decisions never block on updates: a decision uses
// the set that was current when it started, whole.
#ifndef CAM_POLICY_POLICY_ENGINE_H_
#define CAM_POLICY_POLICY_ENGINE_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "base/clock.h"
#include "cam/v1/policy.pb.h"
#include "policy/access_request.h"
#include "policy/compiled_policy_set.h"
#include "policy/decision.h"
#include "policy/policy_store.h"
#include "store/store.h"

namespace cam::policy {

// Who is changing a policy: recorded as updated_by, and the tenant given to a document that
// names none.
struct PolicyUpdater {
  std::string id;
  std::string tenant;
};

class PolicyEngine {
 public:
  // Open loads and compiles every stored document. A stored document that no longer compiles
  // fails Open (fail closed: camd must not start with part of its policy silently dropped).
  // `store` and `clock` must outlive the engine.
  static absl::StatusOr<std::unique_ptr<PolicyEngine>> Open(
      store::Store* store, const base::Clock* clock, absl::Time deadline = absl::InfiniteFuture());

  PolicyEngine(const PolicyEngine&) = delete;
  PolicyEngine& operator=(const PolicyEngine&) = delete;

  // Decide evaluates `request` against the current set. Thread-safe, lock-free apart from the
  // shared_ptr load.
  Decision Decide(const AccessRequest& request) const { return Current()->Decide(request); }

  // Current returns the live set; holding it keeps that set alive across later updates.
  std::shared_ptr<const CompiledPolicySet> Current() const { return current_.load(); }

  // Update validates `document` (as it would be stored: tenant defaulted from `updater`) against
  // the current set, stores it as the next version (check-and-set on `expected_version`, see
  // PolicyStore::Put), then swaps in the new set. Returns the document as stored.
  absl::StatusOr<cam::v1::PolicyDocument> Update(const cam::v1::PolicyDocument& document,
                                                 std::optional<int64_t> expected_version,
                                                 const PolicyUpdater& updater,
                                                 absl::Time deadline = absl::InfiniteFuture());

  // Check is Update's dry run: the same validation, nothing stored or swapped. Returns the
  // document as it would be stored, without version, time or digest.
  absl::StatusOr<cam::v1::PolicyDocument> Check(const cam::v1::PolicyDocument& document,
                                                const PolicyUpdater& updater) const;

  // Reads, straight from the store.
  absl::StatusOr<cam::v1::PolicyDocument> Get(std::string_view policy_id, int64_t version = 0,
                                              absl::Time deadline = absl::InfiniteFuture()) const {
    return store_.Get(policy_id, version, deadline);
  }
  absl::StatusOr<PolicyStore::ListPage> List(int page_size, std::string_view page_token,
                                             absl::Time deadline = absl::InfiniteFuture()) const {
    return store_.List(page_size, page_token, deadline);
  }

 private:
  PolicyEngine(store::Store* store, const base::Clock* clock);

  // Compiles the current documents with `document` in place of its policy_id's.
  absl::StatusOr<std::shared_ptr<const CompiledPolicySet>> CompileWith(
      const cam::v1::PolicyDocument& document) const;

  PolicyStore store_;
  mutable std::mutex update_mu_;  // serialises updates; guards documents_
  std::map<std::string, cam::v1::PolicyDocument, std::less<>> documents_;  // latest of each
  std::atomic<std::shared_ptr<const CompiledPolicySet>> current_;
};

}  // namespace cam::policy

#endif  // CAM_POLICY_POLICY_ENGINE_H_
