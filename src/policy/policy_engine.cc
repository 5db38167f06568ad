// File: policy/policy_engine.cc
#include "policy/policy_engine.h"

#include <utility>
#include <vector>

#include "base/status_macros.h"
#include "policy/policy_compiler.h"

namespace cam::policy {
namespace {

// The document as the engine would store it: output-only fields cleared, tenant defaulted.
cam::v1::PolicyDocument Normalise(const cam::v1::PolicyDocument& document,
                                  const PolicyUpdater& updater) {
  cam::v1::PolicyDocument out = document;
  out.clear_version();
  out.clear_update_time();
  out.clear_updated_by();
  out.clear_sha256();
  if (out.tenant().empty()) out.set_tenant(updater.tenant);
  return out;
}

}  // namespace

PolicyEngine::PolicyEngine(store::Store* store, const base::Clock* clock)
    : store_(store, clock), current_(CompiledPolicySet::Empty()) {}

absl::StatusOr<std::unique_ptr<PolicyEngine>> PolicyEngine::Open(store::Store* store,
                                                                 const base::Clock* clock,
                                                                 absl::Time deadline) {
  std::unique_ptr<PolicyEngine> engine(new PolicyEngine(store, clock));
  CAM_ASSIGN_OR_RETURN(std::vector<cam::v1::PolicyDocument> documents,
                       engine->store_.LoadAll(deadline));
  CAM_ASSIGN_OR_RETURN(std::shared_ptr<const CompiledPolicySet> set, CompilePolicySet(documents));
  for (cam::v1::PolicyDocument& document : documents) {
    std::string id = document.policy_id();
    engine->documents_.emplace(std::move(id), std::move(document));
  }
  engine->current_.store(std::move(set));
  return engine;
}

absl::StatusOr<std::shared_ptr<const CompiledPolicySet>> PolicyEngine::CompileWith(
    const cam::v1::PolicyDocument& document) const {
  std::vector<cam::v1::PolicyDocument> documents;
  documents.reserve(documents_.size() + 1);
  for (const auto& [id, current] : documents_) {
    if (id != document.policy_id()) documents.push_back(current);
  }
  documents.push_back(document);
  return CompilePolicySet(documents);
}

absl::StatusOr<cam::v1::PolicyDocument> PolicyEngine::Check(const cam::v1::PolicyDocument& document,
                                                            const PolicyUpdater& updater) const {
  cam::v1::PolicyDocument normalised = Normalise(document, updater);
  // Validate alone first, so the error names the document's own field path.
  CAM_RETURN_IF_ERROR(ValidatePolicyDocument(normalised));
  std::lock_guard<std::mutex> lock(update_mu_);
  CAM_RETURN_IF_ERROR(CompileWith(normalised).status());
  return normalised;
}

absl::StatusOr<cam::v1::PolicyDocument> PolicyEngine::Update(
    const cam::v1::PolicyDocument& document, std::optional<int64_t> expected_version,
    const PolicyUpdater& updater, absl::Time deadline) {
  const cam::v1::PolicyDocument normalised = Normalise(document, updater);
  CAM_RETURN_IF_ERROR(ValidatePolicyDocument(normalised));
  std::lock_guard<std::mutex> lock(update_mu_);
  std::shared_ptr<const CompiledPolicySet> next;
  CAM_ASSIGN_OR_RETURN(cam::v1::PolicyDocument stored,
                       store_.Put(normalised, expected_version, updater.id, deadline,
                                  [&](const cam::v1::PolicyDocument& stamped) -> absl::Status {
                                    // Compiled with its final version, so decisions name the stored
                                    // version.
                                    CAM_ASSIGN_OR_RETURN(next, CompileWith(stamped));
                                    return absl::OkStatus();
                                  }));
  documents_.insert_or_assign(stored.policy_id(), stored);
  current_.store(std::move(next));
  return stored;
}

}  // namespace cam::policy
