#include "identity/api_key_store.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "identity/api_key.h"
#include "store/memory/memory_store.h"
#include "tests/testing/status_matchers.h"

namespace cam::identity {
namespace {

using ::cam::testing::HasReason;

constexpr char kInvalid[] = "CAM_AUTH_CREDENTIALS_INVALID";

class ApiKeyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto keys = ApiKeyStore::Open(&store_, base::SecureBuffer::CopyOf(server_key_));
    ASSERT_TRUE(keys.ok()) << keys.status();
    keys_ = *std::move(keys);
  }

  ApiKeyCreateParams Params(std::string principal = "agent-1") const {
    return {.name = "ci key",
            .principal_id = std::move(principal),
            .principal_kind = "agent",
            .tenant = "acme",
            .scopes = {"memory.read", "memory.write"},
            .ttl = absl::Hours(24),
            .created_by = "op-1"};
  }

  CreatedApiKey Create(ApiKeyCreateParams params) {
    auto created = keys_->CreateKey(params, now_);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *std::move(created) : CreatedApiKey{};
  }

  // Every byte the store holds, for leak checks.
  std::string DumpStore() {
    std::string all;
    auto it = store_.NewIterator({});
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      all += std::string(it->key()) + "=" + std::string(it->value()) + "\n";
    }
    return all;
  }

  const std::vector<uint8_t> server_key_ = std::vector<uint8_t>(32, 0x5a);
  store::MemoryStore store_;
  std::unique_ptr<ApiKeyStore> keys_;
  absl::Time now_ = absl::FromUnixSeconds(1'800'000'000);
};

TEST_F(ApiKeyStoreTest, CreateThenAuthenticate) {
  CreatedApiKey created = Create(Params());
  EXPECT_EQ(created.info.state, ApiKeyState::kActive);
  EXPECT_EQ(created.info.expire_time, now_ + absl::Hours(24));
  EXPECT_EQ(created.secret_view().substr(4, 16), created.info.key_id);

  CAM_ASSERT_OK_AND_ASSIGN(ApiKeyInfo info, keys_->Authenticate(created.secret_view(), now_));
  EXPECT_EQ(info.key_id, created.info.key_id);
  EXPECT_EQ(info.principal_id, "agent-1");
  EXPECT_EQ(info.principal_kind, "agent");
  EXPECT_EQ(info.tenant, "acme");
  EXPECT_EQ(info.scopes, (std::vector<std::string>{"memory.read", "memory.write"}));
  EXPECT_EQ(info.created_by, "op-1");
}

TEST_F(ApiKeyStoreTest, WrongUnknownAndMalformedKeysAreTheSameRefusal) {
  CreatedApiKey created = Create(Params());
  std::string wrong_secret(created.secret_view());
  wrong_secret.back() = wrong_secret.back() == 'A' ? 'B' : 'A';
  std::string unknown_id(created.secret_view());
  unknown_id[4] = unknown_id[4] == 'A' ? 'B' : 'A';
  std::vector<absl::Status> refusals;
  for (const std::string& presented :
       {wrong_secret, unknown_id, std::string("cam_nope"), std::string(""),
        std::string(GenerateApiKey().presented_view())}) {
    refusals.push_back(keys_->Authenticate(presented, now_).status());
  }
  for (const absl::Status& s : refusals) {
    EXPECT_THAT(s, HasReason(kInvalid));
    EXPECT_EQ(s.message(), refusals.front().message());
  }
}

TEST_F(ApiKeyStoreTest, ListNeverLeaksSecretsOrHashes) {
  CreatedApiKey created = Create(Params());
  const std::string secret_part(created.secret_view().substr(21));
  // Nothing the store holds contains the secret.
  EXPECT_EQ(DumpStore().find(secret_part), std::string::npos);
  CAM_ASSERT_OK_AND_ASSIGN(ApiKeyListPage page, keys_->List({}, now_));
  ASSERT_EQ(page.keys.size(), 1u);
  const ApiKeyInfo& info = page.keys[0];
  EXPECT_EQ(info.key_id, created.info.key_id);
  for (const std::string& field : {info.key_id, info.name, info.principal_id, info.tenant,
                                   info.replaced_by_key_id, info.created_by}) {
    EXPECT_EQ(field.find(secret_part), std::string::npos);
  }
}

TEST_F(ApiKeyStoreTest, RevokeIsImmediate) {
  CreatedApiKey created = Create(Params());
  CAM_ASSERT_OK(keys_->Authenticate(created.secret_view(), now_).status());
  CAM_ASSERT_OK_AND_ASSIGN(ApiKeyInfo revoked, keys_->Revoke(created.info.key_id, now_));
  EXPECT_EQ(revoked.state, ApiKeyState::kRevoked);
  EXPECT_THAT(keys_->Authenticate(created.secret_view(), now_), HasReason(kInvalid));
  // Idempotent; unknown ids are reported as such to the operator.
  CAM_EXPECT_OK(keys_->Revoke(created.info.key_id, now_).status());
  EXPECT_THAT(keys_->Revoke("AAAAAAAAAAAAAAAA", now_), HasReason("CAM_APIKEY_NOT_FOUND"));
  EXPECT_THAT(keys_->Revoke("../../x", now_), HasReason("CAM_APIKEY_NOT_FOUND"));
  // Hidden from the default listing, shown with include_revoked.
  CAM_ASSERT_OK_AND_ASSIGN(ApiKeyListPage page, keys_->List({}, now_));
  EXPECT_TRUE(page.keys.empty());
  CAM_ASSERT_OK_AND_ASSIGN(page, keys_->List({.include_revoked = true}, now_));
  ASSERT_EQ(page.keys.size(), 1u);
  EXPECT_EQ(page.keys[0].state, ApiKeyState::kRevoked);
}

TEST_F(ApiKeyStoreTest, RotateWithGrace) {
  CreatedApiKey old_key = Create(Params());
  CAM_ASSERT_OK_AND_ASSIGN(RotatedApiKey rotated,
                           keys_->Rotate(old_key.info.key_id, absl::Hours(1), now_, "op-2"));
  EXPECT_NE(rotated.new_key.info.key_id, old_key.info.key_id);
  EXPECT_EQ(rotated.old_key.state, ApiKeyState::kGrace);
  EXPECT_EQ(rotated.old_key.grace_expire_time, now_ + absl::Hours(1));
  EXPECT_EQ(rotated.old_key.replaced_by_key_id, rotated.new_key.info.key_id);
  EXPECT_EQ(rotated.new_key.info.scopes, old_key.info.scopes);
  EXPECT_EQ(rotated.new_key.info.principal_id, "agent-1");
  EXPECT_EQ(rotated.new_key.info.created_by, "op-2");
  EXPECT_EQ(rotated.new_key.info.expire_time, now_ + absl::Hours(24));

  // Both work during the grace period.
  CAM_ASSERT_OK_AND_ASSIGN(ApiKeyInfo old_info,
                           keys_->Authenticate(old_key.secret_view(), now_ + absl::Minutes(59)));
  EXPECT_EQ(old_info.state, ApiKeyState::kGrace);
  CAM_EXPECT_OK(
      keys_->Authenticate(rotated.new_key.secret_view(), now_ + absl::Minutes(59)).status());
  // After it, only the new one.
  EXPECT_THAT(keys_->Authenticate(old_key.secret_view(), now_ + absl::Hours(1)),
              HasReason(kInvalid));
  CAM_EXPECT_OK(keys_->Authenticate(rotated.new_key.secret_view(), now_ + absl::Hours(1)).status());
  CAM_ASSERT_OK_AND_ASSIGN(ApiKeyInfo old_now,
                           keys_->Get(old_key.info.key_id, now_ + absl::Hours(2)));
  EXPECT_EQ(old_now.state, ApiKeyState::kRevoked);

  // A key in grace cannot be rotated again; nor can a revoked one.
  EXPECT_THAT(keys_->Rotate(old_key.info.key_id, absl::Hours(1), now_),
              HasReason("CAM_APIKEY_NOT_FOUND"));
}

TEST_F(ApiKeyStoreTest, RotateWithoutGraceRevokesAtOnce) {
  CreatedApiKey old_key = Create(Params());
  CAM_ASSERT_OK_AND_ASSIGN(RotatedApiKey rotated,
                           keys_->Rotate(old_key.info.key_id, absl::ZeroDuration(), now_));
  EXPECT_EQ(rotated.old_key.state, ApiKeyState::kRevoked);
  EXPECT_THAT(keys_->Authenticate(old_key.secret_view(), now_), HasReason(kInvalid));
  CAM_EXPECT_OK(keys_->Authenticate(rotated.new_key.secret_view(), now_).status());
  EXPECT_THAT(keys_->Rotate(rotated.new_key.info.key_id, absl::Hours(24 * 31), now_),
              HasReason("CAM_VALIDATION_OUT_OF_RANGE"));
  EXPECT_THAT(keys_->Rotate(rotated.new_key.info.key_id, -absl::Seconds(1), now_),
              HasReason("CAM_VALIDATION_OUT_OF_RANGE"));
}

TEST_F(ApiKeyStoreTest, GraceNeverOutlivesTheOldKey) {
  ApiKeyCreateParams params = Params();
  params.ttl = absl::Hours(2);
  CreatedApiKey old_key = Create(params);
  CAM_ASSERT_OK_AND_ASSIGN(RotatedApiKey rotated,
                           keys_->Rotate(old_key.info.key_id, absl::Hours(24), now_));
  EXPECT_EQ(rotated.old_key.grace_expire_time, now_ + absl::Hours(2));
  EXPECT_THAT(keys_->Authenticate(old_key.secret_view(), now_ + absl::Hours(3)),
              HasReason(kInvalid));
}

TEST_F(ApiKeyStoreTest, Expiry) {
  ApiKeyCreateParams params = Params();
  params.ttl = absl::Hours(1);
  CreatedApiKey created = Create(params);
  CAM_EXPECT_OK(keys_->Authenticate(created.secret_view(), now_ + absl::Minutes(59)).status());
  EXPECT_THAT(keys_->Authenticate(created.secret_view(), now_ + absl::Hours(1)),
              HasReason(kInvalid));
  CAM_ASSERT_OK_AND_ASSIGN(ApiKeyInfo info, keys_->Get(created.info.key_id, now_ + absl::Hours(1)));
  EXPECT_EQ(info.state, ApiKeyState::kExpired);
  CAM_ASSERT_OK_AND_ASSIGN(ApiKeyListPage page, keys_->List({}, now_ + absl::Hours(1)));
  EXPECT_TRUE(page.keys.empty());
  // Expired keys cannot be rotated back to life.
  EXPECT_THAT(keys_->Rotate(created.info.key_id, absl::Hours(1), now_ + absl::Hours(2)),
              HasReason("CAM_APIKEY_NOT_FOUND"));
}

TEST_F(ApiKeyStoreTest, CreateValidatesItsInput) {
  auto with = [&](auto mutate) {
    ApiKeyCreateParams p = Params();
    mutate(p);
    return keys_->CreateKey(p, now_).status();
  };
  EXPECT_THAT(with([](auto& p) { p.name = ""; }), HasReason("CAM_VALIDATION_REQUIRED"));
  EXPECT_THAT(with([](auto& p) { p.name = std::string(129, 'n'); }),
              HasReason("CAM_VALIDATION_FIELD_TOO_LONG"));
  EXPECT_THAT(with([](auto& p) { p.principal_id = "bad id"; }),
              HasReason("CAM_VALIDATION_AGENT_ID_PATTERN"));
  EXPECT_THAT(with([](auto& p) { p.principal_kind = "root"; }),
              HasReason("CAM_VALIDATION_OUT_OF_RANGE"));
  EXPECT_THAT(with([](auto& p) { p.scopes.clear(); }), HasReason("CAM_VALIDATION_REQUIRED"));
  EXPECT_THAT(with([](auto& p) { p.scopes = std::vector<std::string>(65, "s"); }),
              HasReason("CAM_VALIDATION_TOO_MANY_ITEMS"));
  EXPECT_THAT(with([](auto& p) { p.ttl = absl::ZeroDuration(); }),
              HasReason("CAM_VALIDATION_OUT_OF_RANGE"));
  EXPECT_THAT(with([](auto& p) { p.ttl = absl::Hours(24 * 400); }),
              HasReason("CAM_VALIDATION_OUT_OF_RANGE"));
  EXPECT_THAT(with([](auto& p) { p.ttl = absl::InfiniteDuration(); }),
              HasReason("CAM_VALIDATION_OUT_OF_RANGE"));
  CAM_ASSERT_OK_AND_ASSIGN(CreatedApiKey defaulted, keys_->CreateKey(
                                                        [&] {
                                                          ApiKeyCreateParams p = Params();
                                                          p.ttl.reset();
                                                          return p;
                                                        }(),
                                                        now_));
  EXPECT_EQ(defaulted.info.expire_time, now_ + absl::Hours(24 * 90));
}

TEST_F(ApiKeyStoreTest, NoExpiryNeedsConfiguration) {
  auto keys = ApiKeyStore::Open(&store_, base::SecureBuffer::CopyOf(server_key_),
                                {.allow_no_expiry = true});
  ASSERT_TRUE(keys.ok());
  ApiKeyCreateParams p = Params();
  p.ttl = absl::InfiniteDuration();
  CAM_ASSERT_OK_AND_ASSIGN(CreatedApiKey created, (*keys)->CreateKey(p, now_));
  EXPECT_FALSE(created.info.expire_time.has_value());
  CAM_EXPECT_OK(
      (*keys)->Authenticate(created.secret_view(), now_ + absl::Hours(24 * 3650)).status());
}

TEST_F(ApiKeyStoreTest, AnotherServerKeyRejectsEveryKey) {
  CreatedApiKey created = Create(Params());
  auto other = ApiKeyStore::Open(&store_, base::SecureBuffer::CopyOf(std::vector<uint8_t>(32, 1)));
  ASSERT_TRUE(other.ok());
  EXPECT_THAT((*other)->Authenticate(created.secret_view(), now_), HasReason(kInvalid));
  EXPECT_FALSE(ApiKeyStore::Open(&store_, base::SecureBuffer(16)).ok());
}

TEST_F(ApiKeyStoreTest, LastUsedIsThrottledToOncePerMinute) {
  CreatedApiKey created = Create(Params());
  CAM_ASSERT_OK_AND_ASSIGN(ApiKeyInfo info, keys_->Get(created.info.key_id, now_));
  EXPECT_FALSE(info.last_used_time.has_value());

  CAM_ASSERT_OK(keys_->Authenticate(created.secret_view(), now_).status());
  CAM_ASSERT_OK(keys_->Authenticate(created.secret_view(), now_ + absl::Seconds(30)).status());
  CAM_ASSERT_OK_AND_ASSIGN(info, keys_->Get(created.info.key_id, now_ + absl::Seconds(30)));
  EXPECT_EQ(info.last_used_time, now_);  // the second use was not written

  CAM_ASSERT_OK(keys_->Authenticate(created.secret_view(), now_ + absl::Seconds(61)).status());
  CAM_ASSERT_OK_AND_ASSIGN(info, keys_->Get(created.info.key_id, now_ + absl::Seconds(61)));
  EXPECT_EQ(info.last_used_time, now_ + absl::Seconds(61));
}

TEST_F(ApiKeyStoreTest, LastUsedWriteNeverUndoesARevoke) {
  CreatedApiKey created = Create(Params());
  CAM_ASSERT_OK(keys_->Revoke(created.info.key_id, now_).status());
  // Even a use recorded later (e.g. one that raced the revoke) leaves the record revoked.
  CAM_ASSERT_OK(store_.Put({}, "identity/apikey/u/" + created.info.key_id, "1"));
  EXPECT_THAT(keys_->Authenticate(created.secret_view(), now_), HasReason(kInvalid));
}

TEST_F(ApiKeyStoreTest, ListPagesAndFilters) {
  std::set<std::string> agent1;
  for (int i = 0; i < 5; ++i) agent1.insert(Create(Params("agent-1")).info.key_id);
  for (int i = 0; i < 3; ++i) Create(Params("agent-2"));

  std::set<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    CAM_ASSERT_OK_AND_ASSIGN(
        ApiKeyListPage page,
        keys_->List({.principal_id = "agent-1", .page_size = 2, .page_token = token}, now_));
    EXPECT_LE(page.keys.size(), 2u);
    for (const ApiKeyInfo& k : page.keys) {
      EXPECT_EQ(k.principal_id, "agent-1");
      EXPECT_TRUE(seen.insert(k.key_id).second) << "duplicate across pages";
    }
    token = page.next_page_token;
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(seen, agent1);
  EXPECT_EQ(pages, 3);

  CAM_ASSERT_OK_AND_ASSIGN(ApiKeyListPage all, keys_->List({}, now_));
  EXPECT_EQ(all.keys.size(), 8u);
  EXPECT_TRUE(all.next_page_token.empty());
  EXPECT_THAT(keys_->List({.page_token = "garbage!"}, now_),
              HasReason("CAM_VALIDATION_PAGE_TOKEN"));
  EXPECT_THAT(keys_->List({.page_size = 1001}, now_), HasReason("CAM_VALIDATION_OUT_OF_RANGE"));
}

}  // namespace
}  // namespace cam::identity
