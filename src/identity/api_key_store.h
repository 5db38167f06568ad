// File: identity/api_key_store.h
// ApiKeyStore: the lifecycle of API keys over cam::store::Store: create (the secret is returned
// once), authenticate, list, revoke, rotate with a grace period, and expiry. Only an HMAC of
// each secret is stored (identity/api_key.h).
//
// Keyspace (under config.key_prefix, default "identity/apikey/"):
//   k/<id>   the key's record (JSON: metadata, state, hash)
//   u/<id>   its last-used time, kept apart so that the throttled last-used write can never
//            overwrite a concurrent revoke or rotate of the record
//
// States: ACTIVE and GRACE are stored; EXPIRED is derived from expire_time at read time, and a
// GRACE key whose grace period has ended reads as REVOKED. Authenticate accepts ACTIVE, and
// GRACE before grace_expire_time; unknown, malformed, revoked and expired keys all give the same
// CAM_AUTH_CREDENTIALS_INVALID (and cost the same HMAC), so a caller cannot tell them apart.
//
// Thread-safe. Mutations (create, revoke, rotate) are serialized within one ApiKeyStore; several
// camd processes sharing one Store would need the store's check-and-set, which it lacks today.
#ifndef CAM_IDENTITY_API_KEY_STORE_H_
#define CAM_IDENTITY_API_KEY_STORE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "base/secure_buffer.h"
#include "store/store.h"

namespace cam::identity {

enum class ApiKeyState { kActive, kGrace, kRevoked, kExpired };

// "ACTIVE", "GRACE", "REVOKED", "EXPIRED".
std::string_view ApiKeyStateName(ApiKeyState state);

// What is stored and shown about a key; mirrors cam.v1.ApiKeyInfo. Never holds the secret or
// its hash.
struct ApiKeyInfo {
  std::string key_id;
  std::string name;
  std::string principal_id;
  std::string principal_kind;  // "agent", "operator" or "service"
  std::string tenant;
  std::vector<std::string> scopes;
  absl::Time create_time;
  std::optional<absl::Time> expire_time;  // nullopt: no expiry
  std::optional<absl::Time> last_used_time;
  ApiKeyState state = ApiKeyState::kActive;  // the effective state at the time of reading
  std::optional<absl::Time> grace_expire_time;
  std::string replaced_by_key_id;
  std::string created_by;
};

struct ApiKeyStoreConfig {
  // Store keys live under this prefix.
  std::string key_prefix = "identity/apikey/";
  // TTL when a create request gives none. Default 90 days.
  absl::Duration default_ttl = absl::Hours(24 * 90);
  // Longest TTL a request may ask for. Default 1 year.
  absl::Duration max_ttl = absl::Hours(24 * 365);
  // Whether absl::InfiniteDuration() as a TTL (no expiry) is allowed. Default false.
  bool allow_no_expiry = false;
  // Longest rotation grace period. Default 30 days (the proto's bound).
  absl::Duration max_grace = absl::Hours(24 * 30);
  // last_used_time is written at most once per this interval per key. Default 1 min.
  absl::Duration last_used_granularity = absl::Minutes(1);
};

struct ApiKeyCreateParams {
  std::string name;          // required, at most 128 bytes
  std::string principal_id;  // required, ^[A-Za-z0-9_-]{1,128}$
  std::string principal_kind = "agent";
  std::string tenant;
  std::vector<std::string> scopes;    // required, 1-64 items
  std::optional<absl::Duration> ttl;  // nullopt: config.default_ttl
  std::string created_by;
};

// A new key and its secret. `secret` is the full `cam_<id>_<secret>` string, to be shown once.
struct CreatedApiKey {
  ApiKeyInfo info;
  base::SecureBuffer secret;
  std::string_view secret_view() const {
    return {reinterpret_cast<const char*>(secret.data()), secret.size()};
  }
};

struct RotatedApiKey {
  CreatedApiKey new_key;
  ApiKeyInfo old_key;  // GRACE, or REVOKED when the grace period was 0
};

struct ApiKeyListParams {
  std::string principal_id;      // empty: every key
  bool include_revoked = false;  // revoked and expired keys are hidden by default
  int page_size = 0;             // 0 means 100; at most 1000
  std::string page_token;        // from a previous page's next_page_token
};

struct ApiKeyListPage {
  std::vector<ApiKeyInfo> keys;
  std::string next_page_token;  // empty on the last page
};

class ApiKeyStore {
 public:
  // Open uses `store` (not owned; must outlive this object) and `server_key`, the HMAC key of
  // every stored hash (at least 32 bytes). Changing the server key invalidates every API key.
  static absl::StatusOr<std::unique_ptr<ApiKeyStore>> Open(store::Store* store,
                                                           base::SecureBuffer server_key,
                                                           ApiKeyStoreConfig config = {});

  ApiKeyStore(const ApiKeyStore&) = delete;
  ApiKeyStore& operator=(const ApiKeyStore&) = delete;

  // CreateKey validates `params` (CAM_VALIDATION_* reasons) and stores a new ACTIVE key.
  absl::StatusOr<CreatedApiKey> CreateKey(const ApiKeyCreateParams& params, absl::Time now);

  // Authenticate returns the key's info when `presented` is a valid, usable key at `now`, and
  // CAM_AUTH_CREDENTIALS_INVALID otherwise. Records last_used_time (throttled).
  absl::StatusOr<ApiKeyInfo> Authenticate(std::string_view presented, absl::Time now);

  // Get returns one key's info; CAM_APIKEY_NOT_FOUND if there is none.
  absl::StatusOr<ApiKeyInfo> Get(std::string_view key_id, absl::Time now);

  // List returns keys in key id order, one page at a time. CAM_VALIDATION_PAGE_TOKEN for a token
  // this store did not issue, CAM_VALIDATION_OUT_OF_RANGE for a page size outside [0, 1000].
  absl::StatusOr<ApiKeyListPage> List(const ApiKeyListParams& params, absl::Time now);

  // Revoke makes the key unusable at once (idempotent). CAM_APIKEY_NOT_FOUND if unknown.
  absl::StatusOr<ApiKeyInfo> Revoke(std::string_view key_id, absl::Time now);

  // Rotate issues a new key with the same principal, scopes and TTL length, and puts the old one
  // in GRACE until now + `grace` (never beyond its own expiry), or revokes it when `grace` is 0.
  // The old key must be ACTIVE (CAM_APIKEY_NOT_FOUND otherwise: a revoked or expired key is
  // gone); `grace` outside [0, max_grace] is CAM_VALIDATION_OUT_OF_RANGE. Both records change in
  // one atomic write.
  absl::StatusOr<RotatedApiKey> Rotate(std::string_view key_id, absl::Duration grace,
                                       absl::Time now, std::string_view rotated_by = {});

 private:
  struct Record;

  ApiKeyStore(store::Store* store, base::SecureBuffer server_key, ApiKeyStoreConfig config)
      : store_(store), server_key_(std::move(server_key)), config_(std::move(config)) {}

  std::string RecordKey(std::string_view id) const;
  std::string UsedKey(std::string_view id) const;
  absl::StatusOr<Record> Load(std::string_view id);
  absl::StatusOr<ApiKeyInfo> ToInfo(const Record& record, absl::Time now);
  absl::StatusOr<Record> NewRecord(const ApiKeyCreateParams& params,
                                   std::optional<absl::Time> expire_time, absl::Time now,
                                   CreatedApiKey& out);
  void NoteUsed(std::string_view id, absl::Time now);

  store::Store* const store_;
  const base::SecureBuffer server_key_;
  const ApiKeyStoreConfig config_;

  absl::Mutex write_mu_;  // serializes read-modify-write of records

  absl::Mutex used_mu_;
  std::unordered_map<std::string, absl::Time> last_used_written_ ABSL_GUARDED_BY(used_mu_);
};

}  // namespace cam::identity

#endif  // CAM_IDENTITY_API_KEY_STORE_H_
