#include "identity/totp_enrollment_store.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/random.h"
#include "base/reasons.h"
#include "crypto/primitives/aead.h"
#include "identity/base32.h"
#include "identity/base64url.h"

namespace cam::identity {

using ::nlohmann::json;

// One sealed secret: which enrolment it is, its sealed bytes (base64url of nonce || ciphertext
// || tag) and when it was made and activated.
struct TotpEnrollmentStore::Slot {
  std::string id;
  std::string sealed;
  absl::Time create_time;
  std::optional<absl::Time> activate_time;
};

struct TotpEnrollmentStore::Record {
  std::optional<Slot> active;
  std::optional<Slot> pending;
};

namespace {

constexpr std::string_view kActive = "active";
constexpr std::string_view kPending = "pending";

absl::Status Refused() {
  return base::Error(base::Reason::kAuthCredentialsInvalid, "totp: code not accepted");
}

absl::Status StoreError(const absl::Status& status, std::string_view what) {
  if (status.code() == absl::StatusCode::kDataLoss) {
    return base::Error(base::Reason::kStoreCorrupt, absl::StrCat("totp: ", std::string(what)));
  }
  return base::Error(base::Reason::kStoreUnavailable,
                     absl::StrCat("totp: ", std::string(what), ": ", status.message()));
}

bool IsIdChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

bool IsPrincipalId(std::string_view id) {
  return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), IsIdChar);
}

bool IsTenant(std::string_view tenant) {
  if (tenant.empty()) return true;
  if (tenant.size() > 128 || !IsIdChar(tenant[0]) || tenant[0] == '_' || tenant[0] == '-') {
    return false;
  }
  return std::all_of(tenant.begin(), tenant.end(), [](char c) { return IsIdChar(c) || c == '.'; });
}

int64_t Nanos(absl::Time t) { return absl::ToUnixNanos(t); }

json SlotToJson(const auto& slot) {
  json doc;
  doc["id"] = slot.id;
  doc["sealed"] = slot.sealed;
  doc["create_time"] = Nanos(slot.create_time);
  if (slot.activate_time) doc["activate_time"] = Nanos(*slot.activate_time);
  return doc;
}

std::span<const uint8_t> Bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// Appends `text` to `out` at `*n`.
void Append(base::SecureBuffer& out, size_t* n, std::string_view text) {
  std::memcpy(out.data() + *n, text.data(), text.size());
  *n += text.size();
}

}  // namespace

absl::StatusOr<std::unique_ptr<TotpEnrollmentStore>> TotpEnrollmentStore::Open(
    store::Store* store, base::SecureBuffer seal_key, TotpEnrollmentConfig config) {
  if (store == nullptr) return absl::InvalidArgumentError("totp: no store");
  if (seal_key.size() != crypto::kAeadKeySize) {
    return absl::InvalidArgumentError("totp: seal key must be 32 bytes");
  }
  if (config.key_prefix.empty()) return absl::InvalidArgumentError("totp: empty key prefix");
  // The issuer goes into the otpauth URI unescaped.
  if (config.issuer.empty() || config.issuer.size() > 64 ||
      !std::all_of(config.issuer.begin(), config.issuer.end(),
                   [](char c) { return IsIdChar(c) || c == '.'; })) {
    return absl::InvalidArgumentError("totp: issuer must match [A-Za-z0-9_.-]{1,64}");
  }
  if (config.pending_ttl <= absl::ZeroDuration() || config.failure_window <= absl::ZeroDuration() ||
      config.max_failures < 1 || config.max_tracked < 1) {
    return absl::InvalidArgumentError("totp: limits out of range");
  }
  return std::unique_ptr<TotpEnrollmentStore>(
      new TotpEnrollmentStore(store, std::move(seal_key), std::move(config)));
}

TotpEnrollmentStore::TotpEnrollmentStore(store::Store* store, base::SecureBuffer seal_key,
                                         TotpEnrollmentConfig config)
    : store_(store),
      seal_key_(std::move(seal_key)),
      dummy_key_([] {
        base::SecureBuffer key(kSecretBytes);
        base::FillRandom(key.span());
        return key;
      }()),
      config_(std::move(config)),
      verifier_(TotpParams{}, &replay_guard_),
      unguarded_verifier_(TotpParams{}, nullptr) {}

absl::StatusOr<std::string> TotpEnrollmentStore::RecordKey(const TotpPrincipal& principal) const {
  if (!IsPrincipalId(principal.id)) {
    return base::WithField(base::Error(base::Reason::kValidationAgentIdPattern, "totp: id"),
                           "principal_id");
  }
  if (principal.kind != "agent" && principal.kind != "operator" && principal.kind != "service") {
    return base::WithField(base::Error(base::Reason::kValidationOutOfRange, "totp: kind"),
                           "principal_kind");
  }
  if (!IsTenant(principal.tenant)) {
    return base::WithField(base::Error(base::Reason::kValidationPattern, "totp: tenant"), "tenant");
  }
  return absl::StrCat(config_.key_prefix, "p/", principal.tenant, "/", principal.kind, "/",
                      principal.id);
}

absl::StatusOr<TotpEnrollmentStore::Record> TotpEnrollmentStore::Load(const std::string& key) {
  Record record;
  absl::StatusOr<std::string> value = store_->Get({}, key);
  if (!value.ok()) {
    if (absl::IsNotFound(value.status())) return record;
    return StoreError(value.status(), "read");
  }
  const auto corrupt = [] { return base::Error(base::Reason::kStoreCorrupt, "totp: record"); };
  json doc = json::parse(*value, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return corrupt();
  try {
    if (doc.at("v").get<int>() != 1) return corrupt();
    const std::pair<std::string_view, std::optional<Slot>*> slots[] = {{kActive, &record.active},
                                                                       {kPending, &record.pending}};
    for (const auto& [name, slot] : slots) {
      auto it = doc.find(std::string(name));
      if (it == doc.end()) continue;
      Slot parsed;
      parsed.id = it->at("id").get<std::string>();
      parsed.sealed = it->at("sealed").get<std::string>();
      parsed.create_time = absl::FromUnixNanos(it->at("create_time").get<int64_t>());
      if (auto at = it->find("activate_time"); at != it->end()) {
        parsed.activate_time = absl::FromUnixNanos(at->get<int64_t>());
      }
      if (parsed.id.empty() || parsed.sealed.empty()) return corrupt();
      *slot = std::move(parsed);
    }
  } catch (const json::exception&) {
    return corrupt();
  }
  return record;
}

absl::Status TotpEnrollmentStore::Save(const std::string& key, const Record& record) {
  absl::Status s;
  if (!record.active && !record.pending) {
    s = store_->Delete({}, key);
  } else {
    json doc;
    doc["v"] = 1;
    if (record.active) doc[std::string(kActive)] = SlotToJson(*record.active);
    if (record.pending) doc[std::string(kPending)] = SlotToJson(*record.pending);
    s = store_->Put({}, key, doc.dump());
  }
  if (!s.ok()) return StoreError(s, "write");
  return absl::OkStatus();
}

namespace {

// The associated data of a sealed secret: which record, which slot, which enrolment. NUL
// separators cannot occur in any of the parts.
std::string AssociatedData(const std::string& key, std::string_view slot_name,
                           std::string_view enrolment_id) {
  std::string ad = "cam/identity/totp/v1";
  for (std::string_view part : {std::string_view(key), slot_name, enrolment_id}) {
    ad.push_back('\0');
    ad.append(part);
  }
  return ad;
}

}  // namespace

absl::StatusOr<std::string> TotpEnrollmentStore::Seal(const std::string& key,
                                                      std::string_view slot_name,
                                                      std::string_view enrolment_id,
                                                      std::span<const uint8_t> secret) const {
  const std::string ad = AssociatedData(key, slot_name, enrolment_id);
  absl::StatusOr<std::vector<uint8_t>> sealed = crypto::AeadSealWithRandomNonce(
      crypto::AeadAlgorithm::kAes256Gcm, seal_key_.span(), secret, Bytes(ad));
  if (!sealed.ok()) return sealed.status();
  return Base64UrlEncode(*sealed);
}

absl::StatusOr<base::SecureBuffer> TotpEnrollmentStore::Unseal(const std::string& key,
                                                               std::string_view slot_name,
                                                               const Slot& slot) const {
  const auto corrupt = [] {
    return base::Error(base::Reason::kStoreCorrupt, "totp: sealed secret does not open");
  };
  absl::StatusOr<std::vector<uint8_t>> sealed = Base64UrlDecode(slot.sealed);
  if (!sealed.ok() ||
      sealed->size() != crypto::kAeadNonceSize + kSecretBytes + crypto::kAeadTagSize) {
    return corrupt();
  }
  const std::string ad = AssociatedData(key, slot_name, slot.id);
  const std::span<const uint8_t> all(*sealed);
  base::SecureBuffer secret(kSecretBytes);
  if (absl::Status s = crypto::AeadOpenInto(
          crypto::AeadAlgorithm::kAes256Gcm, seal_key_.span(), all.first(crypto::kAeadNonceSize),
          all.subspan(crypto::kAeadNonceSize), Bytes(ad), secret.span());
      !s.ok()) {
    return corrupt();
  }
  return secret;
}

void TotpEnrollmentStore::DropEndedWindows(absl::Time now) {
  std::erase_if(failures_, [&](const auto& entry) {
    return now >= entry.second.window_start + config_.failure_window;
  });
}

bool TotpEnrollmentStore::LockedOut(const std::string& key, absl::Time now) {
  absl::MutexLock lock(&failures_mu_);
  auto it = failures_.find(key);
  if (it == failures_.end()) {
    if (failures_.size() < config_.max_tracked) return false;
    DropEndedWindows(now);
    // No room to count this principal's failures: refuse rather than allow unlimited guesses.
    return failures_.size() >= config_.max_tracked;
  }
  if (now >= it->second.window_start + config_.failure_window) {
    failures_.erase(it);
    return false;
  }
  return it->second.count >= config_.max_failures;
}

void TotpEnrollmentStore::RecordFailure(const std::string& key, absl::Time now) {
  absl::MutexLock lock(&failures_mu_);
  auto it = failures_.find(key);
  if (it == failures_.end()) {
    if (failures_.size() >= config_.max_tracked) DropEndedWindows(now);
    if (failures_.size() >= config_.max_tracked) return;  // LockedOut refuses it anyway
    failures_[key] = Failures{.window_start = now, .count = 1};
    return;
  }
  if (now >= it->second.window_start + config_.failure_window) {
    it->second = Failures{.window_start = now, .count = 1};
  } else {
    ++it->second.count;
  }
}

void TotpEnrollmentStore::ClearFailures(const std::string& key) {
  absl::MutexLock lock(&failures_mu_);
  failures_.erase(key);
}

absl::Status TotpEnrollmentStore::CheckCode(const std::string& key,
                                            const std::string& guard_subject,
                                            const base::SecureBuffer* secret, std::string_view code,
                                            absl::Time now) {
  if (LockedOut(key, now)) return Refused();
  if (secret == nullptr) {
    // Same work as a real check, so "no enrolment" does not answer faster than "wrong code".
    unguarded_verifier_.Verify(dummy_key_.span(), code, guard_subject, now).IgnoreError();
    RecordFailure(key, now);
    return Refused();
  }
  if (!verifier_.Verify(secret->span(), code, guard_subject, now).ok()) {
    RecordFailure(key, now);
    return Refused();
  }
  ClearFailures(key);
  return absl::OkStatus();
}

absl::StatusOr<NewTotpSecret> TotpEnrollmentStore::Enroll(const TotpPrincipal& principal,
                                                          std::string_view current_code,
                                                          absl::Time now) {
  absl::StatusOr<std::string> key = RecordKey(principal);
  if (!key.ok()) return key.status();
  absl::MutexLock lock(&write_mu_);
  absl::StatusOr<Record> record = Load(*key);
  if (!record.ok()) return record.status();
  if (record->active) {
    absl::StatusOr<base::SecureBuffer> active = Unseal(*key, kActive, *record->active);
    if (!active.ok()) return active.status();
    if (absl::Status s = CheckCode(*key, absl::StrCat(*key, "#", record->active->id), &*active,
                                   current_code, now);
        !s.ok()) {
      return s;
    }
  }

  base::SecureBuffer secret(kSecretBytes);
  base::FillRandom(secret.span());
  const std::string id = base::NewRequestId();
  absl::StatusOr<std::string> sealed = Seal(*key, kPending, id, secret.span());
  if (!sealed.ok()) return sealed.status();
  record->pending = Slot{.id = id, .sealed = *std::move(sealed), .create_time = now};
  if (absl::Status s = Save(*key, *record); !s.ok()) return s;

  NewTotpSecret out;
  out.secret_base32 = Base32Encode(secret.span());
  out.confirm_before = now + config_.pending_ttl;
  const std::string head =
      absl::StrCat("otpauth://totp/", config_.issuer, ":", principal.id, "?secret=");
  const std::string tail =
      absl::StrCat("&issuer=", config_.issuer, "&algorithm=SHA1&digits=6&period=30");
  out.otpauth_uri = base::SecureBuffer(head.size() + out.secret_base32.size() + tail.size());
  size_t n = 0;
  Append(out.otpauth_uri, &n, head);
  Append(out.otpauth_uri, &n, out.secret_base32_view());
  Append(out.otpauth_uri, &n, tail);
  return out;
}

absl::Status TotpEnrollmentStore::Confirm(const TotpPrincipal& principal, std::string_view code,
                                          absl::Time now) {
  absl::StatusOr<std::string> key = RecordKey(principal);
  if (!key.ok()) return Refused();
  absl::MutexLock lock(&write_mu_);
  absl::StatusOr<Record> record = Load(*key);
  if (!record.ok()) return record.status();
  if (!record->pending || now >= record->pending->create_time + config_.pending_ttl) {
    return CheckCode(*key, *key, nullptr, code, now);
  }
  const Slot pending = *record->pending;
  absl::StatusOr<base::SecureBuffer> secret = Unseal(*key, kPending, pending);
  if (!secret.ok()) return secret.status();
  if (absl::Status s = CheckCode(*key, absl::StrCat(*key, "#", pending.id), &*secret, code, now);
      !s.ok()) {
    return s;
  }
  // Re-sealed for the active slot: the slot is part of the associated data.
  absl::StatusOr<std::string> sealed = Seal(*key, kActive, pending.id, secret->span());
  if (!sealed.ok()) return sealed.status();
  record->active = Slot{.id = pending.id,
                        .sealed = *std::move(sealed),
                        .create_time = pending.create_time,
                        .activate_time = now};
  record->pending.reset();
  return Save(*key, *record);
}

absl::Status TotpEnrollmentStore::Verify(const TotpPrincipal& principal, std::string_view code,
                                         absl::Time now) {
  absl::StatusOr<std::string> key = RecordKey(principal);
  if (!key.ok()) return Refused();
  absl::StatusOr<Record> record = Load(*key);
  if (!record.ok()) return record.status();
  if (!record->active) return CheckCode(*key, *key, nullptr, code, now);
  absl::StatusOr<base::SecureBuffer> secret = Unseal(*key, kActive, *record->active);
  if (!secret.ok()) return secret.status();
  return CheckCode(*key, absl::StrCat(*key, "#", record->active->id), &*secret, code, now);
}

absl::StatusOr<bool> TotpEnrollmentStore::Reset(const TotpPrincipal& principal) {
  absl::StatusOr<std::string> key = RecordKey(principal);
  if (!key.ok()) return key.status();
  absl::MutexLock lock(&write_mu_);
  absl::StatusOr<Record> record = Load(*key);
  if (!record.ok()) return record.status();
  const bool existed = record->active.has_value() || record->pending.has_value();
  if (existed) {
    if (absl::Status s = Save(*key, Record{}); !s.ok()) return s;
  }
  ClearFailures(*key);
  return existed;
}

absl::StatusOr<TotpEnrollmentStatus> TotpEnrollmentStore::Describe(const TotpPrincipal& principal,
                                                                   absl::Time now) {
  absl::StatusOr<std::string> key = RecordKey(principal);
  if (!key.ok()) return key.status();
  absl::StatusOr<Record> record = Load(*key);
  if (!record.ok()) return record.status();
  TotpEnrollmentStatus status;
  if (record->active) {
    status.active = true;
    status.activate_time = record->active->activate_time;
  }
  if (record->pending) {
    const absl::Time deadline = record->pending->create_time + config_.pending_ttl;
    if (now < deadline) {
      status.pending = true;
      status.confirm_before = deadline;
    }
  }
  return status;
}

}  // namespace cam::identity
