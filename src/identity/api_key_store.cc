#include "identity/api_key_store.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/hex.h"
#include "base/reasons.h"
#include "identity/api_key.h"
#include "identity/base64url.h"
#include "store/write_batch.h"

namespace cam::identity {

using ::nlohmann::json;

// The stored form of one key: its info (with the stored, not the effective, state) and hash.
struct ApiKeyStore::Record {
  ApiKeyInfo info;
  ApiKeyHash hash{};
};

namespace {

constexpr size_t kMaxNameBytes = 128;
constexpr size_t kMaxScopes = 64;
constexpr size_t kMaxThrottleEntries = 100000;
constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;

absl::Status StoreError(const absl::Status& status, std::string_view what) {
  if (status.code() == absl::StatusCode::kDataLoss) {
    return base::Error(base::Reason::kStoreCorrupt, absl::StrCat("api keys: ", std::string(what)));
  }
  return base::Error(base::Reason::kStoreUnavailable,
                     absl::StrCat("api keys: ", std::string(what), ": ", status.message()));
}

bool IsPrincipalId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

int64_t Nanos(absl::Time t) { return absl::ToUnixNanos(t); }

std::optional<absl::Time> OptionalTime(const json& doc, const char* name) {
  auto it = doc.find(name);
  if (it == doc.end() || !it->is_number_integer()) return std::nullopt;
  return absl::FromUnixNanos(it->get<int64_t>());
}

std::string_view StoredStateName(ApiKeyState state) { return ApiKeyStateName(state); }

std::optional<ApiKeyState> StateFromName(std::string_view name) {
  for (ApiKeyState s :
       {ApiKeyState::kActive, ApiKeyState::kGrace, ApiKeyState::kRevoked, ApiKeyState::kExpired}) {
    if (ApiKeyStateName(s) == name) return s;
  }
  return std::nullopt;
}

std::string Serialize(const ApiKeyInfo& info, const ApiKeyHash& hash) {
  json doc;
  doc["v"] = 1;
  doc["key_id"] = info.key_id;
  doc["name"] = info.name;
  doc["principal_id"] = info.principal_id;
  doc["principal_kind"] = info.principal_kind;
  doc["tenant"] = info.tenant;
  doc["scopes"] = info.scopes;
  doc["create_time"] = Nanos(info.create_time);
  if (info.expire_time) doc["expire_time"] = Nanos(*info.expire_time);
  doc["state"] = std::string(StoredStateName(info.state));
  if (info.grace_expire_time) doc["grace_expire_time"] = Nanos(*info.grace_expire_time);
  doc["replaced_by_key_id"] = info.replaced_by_key_id;
  doc["created_by"] = info.created_by;
  doc["hash"] = base::HexEncode(hash);
  return doc.dump();
}

// ApplyExpiry turns the stored state into the effective state at `now`.
ApiKeyState EffectiveState(const ApiKeyInfo& info, absl::Time now) {
  if (info.state == ApiKeyState::kRevoked) return ApiKeyState::kRevoked;
  if (info.expire_time && now >= *info.expire_time) return ApiKeyState::kExpired;
  if (info.state == ApiKeyState::kGrace &&
      (!info.grace_expire_time || now >= *info.grace_expire_time)) {
    return ApiKeyState::kRevoked;
  }
  return info.state;
}

}  // namespace

std::string_view ApiKeyStateName(ApiKeyState state) {
  switch (state) {
    case ApiKeyState::kActive:
      return "ACTIVE";
    case ApiKeyState::kGrace:
      return "GRACE";
    case ApiKeyState::kRevoked:
      return "REVOKED";
    case ApiKeyState::kExpired:
      return "EXPIRED";
  }
  return "";
}

absl::StatusOr<std::unique_ptr<ApiKeyStore>> ApiKeyStore::Open(store::Store* store,
                                                               base::SecureBuffer server_key,
                                                               ApiKeyStoreConfig config) {
  if (store == nullptr) return absl::InvalidArgumentError("api keys: no store");
  if (server_key.size() < kApiKeyServerKeyBytes) {
    return absl::InvalidArgumentError("api keys: server key shorter than 32 bytes");
  }
  if (config.key_prefix.empty()) return absl::InvalidArgumentError("api keys: empty key prefix");
  if (config.default_ttl <= absl::ZeroDuration() || config.max_ttl < config.default_ttl ||
      config.max_grace < absl::ZeroDuration() ||
      config.last_used_granularity < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("api keys: durations out of range");
  }
  return std::unique_ptr<ApiKeyStore>(
      new ApiKeyStore(store, std::move(server_key), std::move(config)));
}

std::string ApiKeyStore::RecordKey(std::string_view id) const {
  return absl::StrCat(config_.key_prefix, "k/", std::string(id));
}

std::string ApiKeyStore::UsedKey(std::string_view id) const {
  return absl::StrCat(config_.key_prefix, "u/", std::string(id));
}

absl::StatusOr<ApiKeyStore::Record> ApiKeyStore::Load(std::string_view id) {
  absl::StatusOr<std::string> value = store_->Get({}, RecordKey(id));
  if (!value.ok()) {
    if (absl::IsNotFound(value.status())) {
      return base::Error(base::Reason::kApiKeyNotFound, "api keys: no such key");
    }
    return StoreError(value.status(), "read");
  }
  Record record;
  const auto corrupt = [] { return base::Error(base::Reason::kStoreCorrupt, "api keys: record"); };
  json doc = json::parse(*value, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return corrupt();
  try {
    ApiKeyInfo& info = record.info;
    info.key_id = doc.at("key_id").get<std::string>();
    info.name = doc.at("name").get<std::string>();
    info.principal_id = doc.at("principal_id").get<std::string>();
    info.principal_kind = doc.at("principal_kind").get<std::string>();
    info.tenant = doc.at("tenant").get<std::string>();
    info.scopes = doc.at("scopes").get<std::vector<std::string>>();
    info.create_time = absl::FromUnixNanos(doc.at("create_time").get<int64_t>());
    info.expire_time = OptionalTime(doc, "expire_time");
    info.grace_expire_time = OptionalTime(doc, "grace_expire_time");
    info.replaced_by_key_id = doc.at("replaced_by_key_id").get<std::string>();
    info.created_by = doc.at("created_by").get<std::string>();
    std::optional<ApiKeyState> state = StateFromName(doc.at("state").get<std::string>());
    if (!state) return corrupt();
    info.state = *state;
    absl::StatusOr<std::vector<uint8_t>> hash = base::HexDecode(doc.at("hash").get<std::string>());
    if (!hash.ok() || hash->size() != record.hash.size() || info.key_id != id) return corrupt();
    std::copy(hash->begin(), hash->end(), record.hash.begin());
  } catch (const json::exception&) {
    return corrupt();
  }
  return record;
}

absl::StatusOr<ApiKeyInfo> ApiKeyStore::ToInfo(const Record& record, absl::Time now) {
  ApiKeyInfo info = record.info;
  info.state = EffectiveState(info, now);
  absl::StatusOr<std::string> used = store_->Get({}, UsedKey(info.key_id));
  if (used.ok()) {
    int64_t nanos = 0;
    if (absl::SimpleAtoi(*used, &nanos)) info.last_used_time = absl::FromUnixNanos(nanos);
  } else if (!absl::IsNotFound(used.status())) {
    return StoreError(used.status(), "read last used");
  }
  return info;
}

absl::StatusOr<ApiKeyStore::Record> ApiKeyStore::NewRecord(const ApiKeyCreateParams& params,
                                                           std::optional<absl::Time> expire_time,
                                                           absl::Time now, CreatedApiKey& out) {
  // Ids are 16 random alphanumerics (95 bits); a collision is astronomically unlikely, but an
  // existing record must never be overwritten, so look before taking one.
  for (int attempt = 0; attempt < 4; ++attempt) {
    GeneratedApiKey generated = GenerateApiKey();
    absl::StatusOr<std::string> existing = store_->Get({}, RecordKey(generated.id));
    if (existing.ok()) continue;
    if (!absl::IsNotFound(existing.status())) return StoreError(existing.status(), "read");

    const std::string_view presented = generated.presented_view();
    const std::string_view secret = presented.substr(kApiKeyPrefix.size() + kApiKeyIdLength + 1);
    absl::StatusOr<ApiKeyHash> hash = HashApiKey(
        server_key_.span(), generated.id,
        std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(secret.data()), secret.size()));
    if (!hash.ok()) return hash.status();

    Record record;
    record.hash = *hash;
    ApiKeyInfo& info = record.info;
    info.key_id = generated.id;
    info.name = params.name;
    info.principal_id = params.principal_id;
    info.principal_kind = params.principal_kind;
    info.tenant = params.tenant;
    info.scopes = params.scopes;
    info.create_time = now;
    info.expire_time = expire_time;
    info.state = ApiKeyState::kActive;
    info.created_by = params.created_by;
    out.info = info;
    out.secret = std::move(generated.presented);
    return record;
  }
  return base::Error(base::Reason::kInternal, "api keys: could not allocate an id");
}

absl::StatusOr<CreatedApiKey> ApiKeyStore::CreateKey(const ApiKeyCreateParams& params,
                                                     absl::Time now) {
  using base::Reason;
  if (params.name.empty()) return base::Error(Reason::kValidationRequired, "name");
  if (params.name.size() > kMaxNameBytes)
    return base::Error(Reason::kValidationFieldTooLong, "name");
  if (!IsPrincipalId(params.principal_id)) {
    return base::Error(Reason::kValidationAgentIdPattern, "principal_id");
  }
  if (params.principal_kind != "agent" && params.principal_kind != "operator" &&
      params.principal_kind != "service") {
    return base::Error(Reason::kValidationOutOfRange, "principal_kind");
  }
  if (params.scopes.empty()) return base::Error(Reason::kValidationRequired, "scopes");
  if (params.scopes.size() > kMaxScopes)
    return base::Error(Reason::kValidationTooManyItems, "scopes");
  for (const std::string& scope : params.scopes) {
    if (scope.empty() || scope.find(' ') != std::string::npos) {
      return base::Error(Reason::kValidationPattern, "scopes");
    }
  }
  const absl::Duration ttl = params.ttl.value_or(config_.default_ttl);
  std::optional<absl::Time> expire_time;
  if (ttl == absl::InfiniteDuration()) {
    if (!config_.allow_no_expiry) return base::Error(Reason::kValidationOutOfRange, "ttl");
  } else {
    if (ttl <= absl::ZeroDuration() || ttl > config_.max_ttl) {
      return base::Error(Reason::kValidationOutOfRange, "ttl");
    }
    expire_time = now + ttl;
  }

  absl::MutexLock lock(&write_mu_);
  CreatedApiKey created;
  absl::StatusOr<Record> record = NewRecord(params, expire_time, now, created);
  if (!record.ok()) return record.status();
  if (absl::Status s =
          store_->Put({}, RecordKey(record->info.key_id), Serialize(record->info, record->hash));
      !s.ok()) {
    return StoreError(s, "write");
  }
  return created;
}

absl::StatusOr<ApiKeyInfo> ApiKeyStore::Authenticate(std::string_view presented, absl::Time now) {
  const auto invalid = [] {
    return base::Error(base::Reason::kAuthCredentialsInvalid, "api key not accepted");
  };
  absl::StatusOr<ParsedApiKey> parsed = ParseApiKey(presented);
  if (!parsed.ok()) return invalid();

  absl::StatusOr<Record> record = Load(parsed->id);
  const bool found = record.ok();
  if (!found && base::ReasonOf(record.status()) != base::Reason::kApiKeyNotFound) {
    return record.status();  // the store failed: not the caller's fault, not a refusal
  }
  // Hash even for an unknown id, so that unknown and wrong secrets take the same time.
  absl::StatusOr<ApiKeyHash> hash =
      HashApiKey(server_key_.span(), parsed->id, parsed->secret.span());
  if (!hash.ok()) return hash.status();
  if (!found) return invalid();
  if (!ApiKeyHashEqual(*hash, record->hash)) return invalid();

  const ApiKeyState state = EffectiveState(record->info, now);
  if (state != ApiKeyState::kActive && state != ApiKeyState::kGrace) return invalid();

  ApiKeyInfo info = record->info;
  info.state = state;
  NoteUsed(info.key_id, now);
  info.last_used_time = now;
  return info;
}

void ApiKeyStore::NoteUsed(std::string_view id, absl::Time now) {
  {
    absl::MutexLock lock(&used_mu_);
    auto it = last_used_written_.find(std::string(id));
    if (it != last_used_written_.end() && now - it->second < config_.last_used_granularity) {
      return;
    }
    if (last_used_written_.size() >= kMaxThrottleEntries) last_used_written_.clear();
    last_used_written_[std::string(id)] = now;
  }
  // Unsynced: losing the last minute of last-used times in a machine crash is harmless, and a
  // synced write per authentication would cost far more.
  absl::Status s =
      store_->Put(store::WriteOptions{.sync = false}, UsedKey(id), absl::StrCat(Nanos(now)));
  // A failed last-used write must not fail an authentication that succeeded; the next use
  // after the throttle interval writes it again.
  s.IgnoreError();
}

absl::StatusOr<ApiKeyInfo> ApiKeyStore::Get(std::string_view key_id, absl::Time now) {
  if (!IsValidApiKeyId(key_id)) {
    return base::Error(base::Reason::kApiKeyNotFound, "api keys: no such key");
  }
  absl::StatusOr<Record> record = Load(key_id);
  if (!record.ok()) return record.status();
  return ToInfo(*record, now);
}

absl::StatusOr<ApiKeyListPage> ApiKeyStore::List(const ApiKeyListParams& params, absl::Time now) {
  if (params.page_size < 0 || params.page_size > kMaxPageSize) {
    return base::Error(base::Reason::kValidationOutOfRange, "page_size");
  }
  const size_t page_size = params.page_size == 0 ? kDefaultPageSize : params.page_size;
  std::string after;
  if (!params.page_token.empty()) {
    absl::StatusOr<std::string> decoded = Base64UrlDecodeToString(params.page_token);
    if (!decoded.ok() || !IsValidApiKeyId(*decoded)) {
      return base::Error(base::Reason::kValidationPageToken, "page_token");
    }
    after = *std::move(decoded);
  }

  const std::string prefix = absl::StrCat(config_.key_prefix, "k/");
  std::string upper = prefix;
  upper.back() = static_cast<char>(upper.back() + 1);
  std::unique_ptr<store::Iterator> it = store_->NewIterator({.upper_bound = upper});
  it->Seek(after.empty() ? prefix : absl::StrCat(prefix, after));

  ApiKeyListPage page;
  std::string last_id;
  for (; it->Valid(); it->Next()) {
    const std::string_view id = it->key().substr(prefix.size());
    if (!after.empty() && id == after) continue;
    if (page.keys.size() == page_size) {
      page.next_page_token = Base64UrlEncode(last_id);
      break;
    }
    last_id = std::string(id);
    absl::StatusOr<Record> record = Load(id);
    if (!record.ok()) {
      // Deleted between the scan and the read: skip it; anything else is an error.
      if (base::ReasonOf(record.status()) == base::Reason::kApiKeyNotFound) continue;
      return record.status();
    }
    if (!params.principal_id.empty() && record->info.principal_id != params.principal_id) {
      continue;
    }
    absl::StatusOr<ApiKeyInfo> info = ToInfo(*record, now);
    if (!info.ok()) return info.status();
    if (!params.include_revoked &&
        (info->state == ApiKeyState::kRevoked || info->state == ApiKeyState::kExpired)) {
      continue;
    }
    page.keys.push_back(*std::move(info));
  }
  if (absl::Status s = it->status(); !s.ok()) return StoreError(s, "scan");
  return page;
}

absl::StatusOr<ApiKeyInfo> ApiKeyStore::Revoke(std::string_view key_id, absl::Time now) {
  if (!IsValidApiKeyId(key_id)) {
    return base::Error(base::Reason::kApiKeyNotFound, "api keys: no such key");
  }
  absl::MutexLock lock(&write_mu_);
  absl::StatusOr<Record> record = Load(key_id);
  if (!record.ok()) return record.status();
  if (record->info.state != ApiKeyState::kRevoked) {
    record->info.state = ApiKeyState::kRevoked;
    if (absl::Status s = store_->Put({}, RecordKey(key_id), Serialize(record->info, record->hash));
        !s.ok()) {
      return StoreError(s, "write");
    }
  }
  return ToInfo(*record, now);
}

absl::StatusOr<RotatedApiKey> ApiKeyStore::Rotate(std::string_view key_id, absl::Duration grace,
                                                  absl::Time now, std::string_view rotated_by) {
  if (grace < absl::ZeroDuration() || grace > config_.max_grace) {
    return base::Error(base::Reason::kValidationOutOfRange, "grace_period_seconds");
  }
  if (!IsValidApiKeyId(key_id)) {
    return base::Error(base::Reason::kApiKeyNotFound, "api keys: no such key");
  }
  absl::MutexLock lock(&write_mu_);
  absl::StatusOr<Record> old_record = Load(key_id);
  if (!old_record.ok()) return old_record.status();
  if (EffectiveState(old_record->info, now) != ApiKeyState::kActive) {
    return base::Error(base::Reason::kApiKeyNotFound, "api keys: key is not active");
  }

  const ApiKeyInfo& old = old_record->info;
  std::optional<absl::Time> expire_time;
  if (old.expire_time) expire_time = now + (*old.expire_time - old.create_time);
  ApiKeyCreateParams params{
      .name = old.name,
      .principal_id = old.principal_id,
      .principal_kind = old.principal_kind,
      .tenant = old.tenant,
      .scopes = old.scopes,
      .ttl = std::nullopt,
      .created_by = rotated_by.empty() ? old.created_by : std::string(rotated_by)};
  RotatedApiKey out;
  absl::StatusOr<Record> new_record = NewRecord(params, expire_time, now, out.new_key);
  if (!new_record.ok()) return new_record.status();

  Record updated = *old_record;
  updated.info.replaced_by_key_id = new_record->info.key_id;
  if (grace == absl::ZeroDuration()) {
    updated.info.state = ApiKeyState::kRevoked;
  } else {
    updated.info.state = ApiKeyState::kGrace;
    absl::Time grace_end = now + grace;
    if (old.expire_time) grace_end = std::min(grace_end, *old.expire_time);
    updated.info.grace_expire_time = grace_end;
  }
  store::WriteBatch batch;
  batch.Put(RecordKey(new_record->info.key_id), Serialize(new_record->info, new_record->hash));
  batch.Put(RecordKey(key_id), Serialize(updated.info, updated.hash));
  if (absl::Status s = store_->Write({}, batch); !s.ok()) return StoreError(s, "write");

  absl::StatusOr<ApiKeyInfo> old_info = ToInfo(updated, now);
  if (!old_info.ok()) return old_info.status();
  out.old_key = *std::move(old_info);
  return out;
}

}  // namespace cam::identity
