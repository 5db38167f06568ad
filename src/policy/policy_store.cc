// File: policy/policy_store.cc
#include "policy/policy_store.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <span>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/hex.h"
#include "base/reasons.h"
#include "base/status_macros.h"
#include "crypto/primitives/sha2.h"

namespace cam::policy {
namespace {

using base::Error;
using base::Reason;

constexpr std::string_view kHeadPrefix = "policy/h/";
constexpr std::string_view kHeadEnd = "policy/h0";  // '0' follows '/': the end of the heads
constexpr std::string_view kVersionPrefix = "policy/v/";
constexpr std::string_view kPageTokenPrefix = "pl1.";  // versions the token format

std::string HeadKey(std::string_view policy_id) {
  return std::string(kHeadPrefix) + std::string(policy_id);
}

std::string EncodeVersion(int64_t version) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) {
    out[static_cast<size_t>(i)] =
        static_cast<char>((static_cast<uint64_t>(version) >> (56 - 8 * i)) & 0xff);
  }
  return out;
}

std::optional<int64_t> DecodeVersion(std::string_view bytes) {
  if (bytes.size() != 8) return std::nullopt;
  uint64_t value = 0;
  for (const char c : bytes) value = (value << 8) | static_cast<unsigned char>(c);
  if (value == 0 || value > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<int64_t>(value);
}

std::string VersionKey(std::string_view policy_id, int64_t version) {
  std::string key = std::string(kVersionPrefix) + std::string(policy_id);
  key.push_back('\0');
  key += EncodeVersion(version);
  return key;
}

// StoreError turns a store failure into a reason-coded status, keeping the detail internal.
absl::Status StoreError(const absl::Status& status) {
  const absl::string_view message = status.message();
  const std::string detail(message.data(), message.size());
  switch (status.code()) {
    case absl::StatusCode::kDeadlineExceeded:
      return Error(Reason::kDeadlineExceeded, detail);
    case absl::StatusCode::kDataLoss:
      return Error(Reason::kStoreCorrupt, detail);
    default:
      return Error(Reason::kStoreUnavailable, detail);
  }
}

absl::StatusOr<std::string> CanonicalBytes(const cam::v1::PolicyDocument& document) {
  cam::v1::PolicyDocument copy = document;
  copy.clear_sha256();
  copy.DiscardUnknownFields();
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    if (!copy.SerializeToCodedStream(&coded)) {
      return Error(Reason::kInternal, "policy document serialization failed");
    }
  }
  return bytes;
}

cam::v1::PolicySummary Summarise(const cam::v1::PolicyDocument& document) {
  cam::v1::PolicySummary summary;
  summary.set_policy_id(document.policy_id());
  summary.set_version(document.version());
  summary.set_description(document.description());
  summary.set_tenant(document.tenant());
  summary.set_enforcement(document.enforcement());
  summary.set_rule_count(document.rules_size());
  *summary.mutable_update_time() = document.update_time();
  summary.set_sha256(document.sha256());
  return summary;
}

}  // namespace

PolicyStore::PolicyStore(store::Store* store, const base::Clock* clock)
    : store_(store), clock_(clock) {}

absl::StatusOr<std::string> PolicyStore::CanonicalSha256(const cam::v1::PolicyDocument& document) {
  CAM_ASSIGN_OR_RETURN(const std::string bytes, CanonicalBytes(document));
  CAM_ASSIGN_OR_RETURN(const crypto::Sha256Digest digest,
                       crypto::Sha256(std::span<const uint8_t>(
                           reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size())));
  return base::HexEncode(digest);
}

absl::StatusOr<int64_t> PolicyStore::LatestVersion(std::string_view policy_id,
                                                   const store::ReadOptions& options) const {
  absl::StatusOr<std::string> head = store_->Get(options, HeadKey(policy_id));
  if (absl::IsNotFound(head.status())) return 0;
  if (!head.ok()) return StoreError(head.status());
  const std::optional<int64_t> version = DecodeVersion(*head);
  if (!version.has_value()) return Error(Reason::kStoreCorrupt, "policy head");
  return *version;
}

absl::StatusOr<cam::v1::PolicyDocument> PolicyStore::ReadVersion(
    std::string_view policy_id, int64_t version, const store::ReadOptions& options) const {
  absl::StatusOr<std::string> raw = store_->Get(options, VersionKey(policy_id, version));
  if (absl::IsNotFound(raw.status())) {
    return Error(Reason::kPolicyNotFound, absl::StrCat("policy version ", version));
  }
  if (!raw.ok()) return StoreError(raw.status());
  cam::v1::PolicyDocument document;
  if (!document.ParseFromString(*raw) || document.policy_id() != policy_id ||
      document.version() != version) {
    return Error(Reason::kStoreCorrupt, "policy version record");
  }
  return document;
}

absl::StatusOr<cam::v1::PolicyDocument> PolicyStore::Put(const cam::v1::PolicyDocument& document,
                                                         std::optional<int64_t> expected_version,
                                                         std::string_view updated_by,
                                                         absl::Time deadline,
                                                         const BeforeWrite& before_write) {
  std::lock_guard<std::mutex> lock(put_mu_);
  const store::ReadOptions read{.deadline = deadline};
  CAM_ASSIGN_OR_RETURN(const int64_t latest, LatestVersion(document.policy_id(), read));
  if (expected_version.has_value() && *expected_version != latest) {
    return Error(Reason::kPolicyVersionConflict,
                 absl::StrCat("expected version ", *expected_version, ", stored ", latest));
  }
  if (latest == INT64_MAX) return Error(Reason::kInternal, "policy version overflow");

  cam::v1::PolicyDocument stamped = document;
  stamped.DiscardUnknownFields();
  stamped.set_version(latest + 1);
  *stamped.mutable_update_time() =
      google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(clock_->Now()));
  stamped.set_updated_by(std::string(updated_by));
  stamped.clear_sha256();
  CAM_ASSIGN_OR_RETURN(std::string sha256, CanonicalSha256(stamped));
  stamped.set_sha256(std::move(sha256));
  if (before_write) CAM_RETURN_IF_ERROR(before_write(stamped));

  std::string record;
  if (!stamped.SerializeToString(&record)) {
    return Error(Reason::kInternal, "policy document serialization failed");
  }
  store::WriteBatch batch;
  batch.Put(VersionKey(stamped.policy_id(), stamped.version()), record);
  batch.Put(HeadKey(stamped.policy_id()), EncodeVersion(stamped.version()));
  const absl::Status written = store_->Write(store::WriteOptions{.deadline = deadline}, batch);
  if (!written.ok()) return StoreError(written);
  return stamped;
}

absl::StatusOr<cam::v1::PolicyDocument> PolicyStore::Get(std::string_view policy_id,
                                                         int64_t version,
                                                         absl::Time deadline) const {
  if (version < 0) return Error(Reason::kValidationOutOfRange, "negative policy version");
  // One snapshot, so the head and the record it names are read consistently.
  const std::unique_ptr<store::Snapshot> snapshot = store_->GetSnapshot();
  const store::ReadOptions read{.snapshot = snapshot.get(), .deadline = deadline};
  if (version == 0) {
    CAM_ASSIGN_OR_RETURN(version, LatestVersion(policy_id, read));
    if (version == 0) return Error(Reason::kPolicyNotFound, "no such policy");
  }
  return ReadVersion(policy_id, version, read);
}

absl::StatusOr<PolicyStore::ListPage> PolicyStore::List(int page_size, std::string_view page_token,
                                                        absl::Time deadline) const {
  if (page_size < 0 || page_size > kMaxPageSize) {
    return Error(Reason::kValidationOutOfRange, "page_size");
  }
  if (page_size == 0) page_size = kDefaultPageSize;
  std::string after;
  if (!page_token.empty()) {
    if (!page_token.starts_with(kPageTokenPrefix)) {
      return Error(Reason::kValidationPageToken, "policy list token prefix");
    }
    absl::StatusOr<std::vector<uint8_t>> decoded =
        base::HexDecode(page_token.substr(kPageTokenPrefix.size()));
    if (!decoded.ok() || decoded->empty()) {
      return Error(Reason::kValidationPageToken, "policy list token encoding");
    }
    after.assign(decoded->begin(), decoded->end());
  }

  const std::unique_ptr<store::Snapshot> snapshot = store_->GetSnapshot();
  store::ReadOptions read{
      .snapshot = snapshot.get(), .upper_bound = std::string(kHeadEnd), .deadline = deadline};
  const std::unique_ptr<store::Iterator> it = store_->NewIterator(read);
  if (after.empty()) {
    it->Seek(kHeadPrefix);
  } else {
    // The first head strictly after `after`.
    std::string start = HeadKey(after);
    start.push_back('\0');
    it->Seek(start);
  }
  ListPage page;
  const store::ReadOptions point{.snapshot = snapshot.get(), .deadline = deadline};
  std::string last;
  for (; it->Valid(); it->Next()) {
    if (static_cast<int>(page.policies.size()) == page_size) {
      page.next_page_token = std::string(kPageTokenPrefix) +
                             base::HexEncode(std::span<const uint8_t>(
                                 reinterpret_cast<const uint8_t*>(last.data()), last.size()));
      break;
    }
    const std::string_view key = it->key();
    const std::string policy_id(key.substr(kHeadPrefix.size()));
    const std::optional<int64_t> version = DecodeVersion(it->value());
    if (!version.has_value()) return Error(Reason::kStoreCorrupt, "policy head");
    absl::StatusOr<cam::v1::PolicyDocument> document = ReadVersion(policy_id, *version, point);
    if (!document.ok()) {
      // A head naming a missing record is corruption, not "not found".
      return base::ReasonOf(document.status()) == Reason::kPolicyNotFound
                 ? Error(Reason::kStoreCorrupt, "policy head without record")
                 : document.status();
    }
    page.policies.push_back(Summarise(*document));
    last = policy_id;
  }
  if (!it->status().ok()) return StoreError(it->status());
  return page;
}

absl::StatusOr<std::vector<cam::v1::PolicyDocument>> PolicyStore::LoadAll(
    absl::Time deadline) const {
  const std::unique_ptr<store::Snapshot> snapshot = store_->GetSnapshot();
  const store::ReadOptions read{
      .snapshot = snapshot.get(), .upper_bound = std::string(kHeadEnd), .deadline = deadline};
  const store::ReadOptions point{.snapshot = snapshot.get(), .deadline = deadline};
  std::vector<cam::v1::PolicyDocument> documents;
  const std::unique_ptr<store::Iterator> it = store_->NewIterator(read);
  for (it->Seek(kHeadPrefix); it->Valid(); it->Next()) {
    const std::string policy_id(it->key().substr(kHeadPrefix.size()));
    const std::optional<int64_t> version = DecodeVersion(it->value());
    if (!version.has_value()) return Error(Reason::kStoreCorrupt, "policy head");
    absl::StatusOr<cam::v1::PolicyDocument> document = ReadVersion(policy_id, *version, point);
    if (!document.ok()) {
      return base::ReasonOf(document.status()) == Reason::kPolicyNotFound
                 ? Error(Reason::kStoreCorrupt, "policy head without record")
                 : document.status();
    }
    documents.push_back(*std::move(document));
  }
  if (!it->status().ok()) return StoreError(it->status());
  return documents;
}

}  // namespace cam::policy
