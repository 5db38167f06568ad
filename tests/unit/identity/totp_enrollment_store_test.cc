#include "identity/totp_enrollment_store.h"

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "identity/base32.h"
#include "identity/base64url.h"
#include "identity/totp.h"
#include "store/memory/memory_store.h"
#include "tests/testing/status_matchers.h"

namespace cam::identity {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::IsOk;

constexpr char kInvalid[] = "CAM_AUTH_CREDENTIALS_INVALID";
constexpr absl::Duration kStep = absl::Seconds(30);

class TotpEnrollmentStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { totp_ = OpenStore(seal_key_); }

  std::unique_ptr<TotpEnrollmentStore> OpenStore(const std::vector<uint8_t>& key) {
    auto opened = TotpEnrollmentStore::Open(&store_, base::SecureBuffer::CopyOf(key));
    EXPECT_TRUE(opened.ok()) << opened.status();
    return opened.ok() ? *std::move(opened) : nullptr;
  }

  // Enrolls `who` and returns the decoded secret.
  std::vector<uint8_t> Enroll(const TotpPrincipal& who, std::string_view current_code = "") {
    absl::StatusOr<NewTotpSecret> enrolled = totp_->Enroll(who, current_code, now_);
    EXPECT_TRUE(enrolled.ok()) << enrolled.status();
    if (!enrolled.ok()) return {};
    absl::StatusOr<std::vector<uint8_t>> secret = Base32Decode(enrolled->secret_base32_view());
    EXPECT_TRUE(secret.ok());
    return secret.ok() ? *secret : std::vector<uint8_t>{};
  }

  // Enrolls and confirms `who`, leaving the clock one step later.
  std::vector<uint8_t> EnrollActive(const TotpPrincipal& who) {
    std::vector<uint8_t> secret = Enroll(who);
    EXPECT_THAT(totp_->Confirm(who, Code(secret), now_), IsOk());
    now_ += kStep;
    return secret;
  }

  std::string Code(const std::vector<uint8_t>& secret, absl::Duration offset = {}) const {
    absl::StatusOr<std::string> code = TotpCode(secret, now_ + offset);
    EXPECT_TRUE(code.ok());
    return code.ok() ? *code : "";
  }

  // A code that is not the secret's at any step of the window.
  std::string WrongCode(const std::vector<uint8_t>& secret) const {
    for (int candidate = 0;; ++candidate) {
      std::string code = std::to_string(100000 + candidate);
      if (code != Code(secret, -kStep) && code != Code(secret) && code != Code(secret, kStep)) {
        return code;
      }
    }
  }

  std::string DumpStore() {
    std::string all;
    auto it = store_.NewIterator({});
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      all += std::string(it->key()) + "=" + std::string(it->value()) + "\n";
    }
    return all;
  }

  std::string Key(const TotpPrincipal& who) const {
    return "identity/totp/p/" + who.tenant + "/" + who.kind + "/" + who.id;
  }

  const std::vector<uint8_t> seal_key_ = std::vector<uint8_t>(32, 0x42);
  store::MemoryStore store_;
  std::unique_ptr<TotpEnrollmentStore> totp_;
  absl::Time now_ = absl::FromUnixSeconds(1'800'000'000);
  const TotpPrincipal alice_{.tenant = "acme", .kind = "operator", .id = "alice"};
  const TotpPrincipal bob_{.tenant = "acme", .kind = "operator", .id = "bob"};
};

TEST_F(TotpEnrollmentStoreTest, EnrollReturnsTheSecretOnceInBase32AndAnOtpauthUri) {
  absl::StatusOr<NewTotpSecret> enrolled = totp_->Enroll(alice_, "", now_);
  ASSERT_TRUE(enrolled.ok()) << enrolled.status();
  const std::string secret(enrolled->secret_base32_view());
  EXPECT_EQ(secret.size(), 32u);
  ASSERT_TRUE(Base32Decode(secret).ok());
  EXPECT_EQ(Base32Decode(secret)->size(), TotpEnrollmentStore::kSecretBytes);
  EXPECT_EQ(std::string(enrolled->otpauth_uri_view()),
            "otpauth://totp/camd:alice?secret=" + secret +
                "&issuer=camd&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(enrolled->digits, 6);
  EXPECT_EQ(enrolled->period_seconds, 30);
  EXPECT_EQ(enrolled->confirm_before, now_ + absl::Minutes(10));
  // Two enrolments never share a secret.
  absl::StatusOr<NewTotpSecret> again = totp_->Enroll(bob_, "", now_);
  ASSERT_TRUE(again.ok());
  EXPECT_NE(std::string(again->secret_base32_view()), secret);
}

TEST_F(TotpEnrollmentStoreTest, StoredRecordHoldsNoSecretInTheClear) {
  const std::vector<uint8_t> secret = Enroll(alice_);
  const std::string dump = DumpStore();
  EXPECT_NE(dump.find(Key(alice_)), std::string::npos);
  base::SecureBuffer b32 = Base32Encode(secret);
  EXPECT_EQ(dump.find(std::string(reinterpret_cast<const char*>(b32.data()), b32.size())),
            std::string::npos);
  EXPECT_EQ(dump.find(Base64UrlEncode(secret)), std::string::npos);
  EXPECT_EQ(dump.find(std::string(secret.begin(), secret.end())), std::string::npos);
}

TEST_F(TotpEnrollmentStoreTest, PendingUntilConfirmedThenActive) {
  const std::vector<uint8_t> secret = Enroll(alice_);
  CAM_ASSERT_OK_AND_ASSIGN(TotpEnrollmentStatus status, totp_->Describe(alice_, now_));
  EXPECT_TRUE(status.pending);
  EXPECT_FALSE(status.active);
  // A pending secret is not a second factor yet.
  EXPECT_THAT(totp_->Verify(alice_, Code(secret), now_), HasReason(kInvalid));

  EXPECT_THAT(totp_->Confirm(alice_, WrongCode(secret), now_), HasReason(kInvalid));
  EXPECT_THAT(totp_->Confirm(alice_, Code(secret, kStep), now_), IsOk());
  CAM_ASSERT_OK_AND_ASSIGN(status, totp_->Describe(alice_, now_));
  EXPECT_TRUE(status.active);
  EXPECT_FALSE(status.pending);
  EXPECT_EQ(status.activate_time, now_);

  now_ += 2 * kStep;
  EXPECT_THAT(totp_->Verify(alice_, Code(secret), now_), IsOk());
  EXPECT_THAT(totp_->Verify(alice_, WrongCode(secret), now_), HasReason(kInvalid));
  // Nothing to confirm any more.
  EXPECT_THAT(totp_->Confirm(alice_, Code(secret, kStep), now_), HasReason(kInvalid));
}

TEST_F(TotpEnrollmentStoreTest, OneStepOfSkewEitherSideAndNoMore) {
  const std::vector<uint8_t> secret = EnrollActive(alice_);
  now_ += 10 * kStep;
  EXPECT_THAT(totp_->Verify(alice_, Code(secret, -kStep), now_), IsOk());
  now_ += 10 * kStep;
  EXPECT_THAT(totp_->Verify(alice_, Code(secret, kStep), now_), IsOk());
  now_ += 10 * kStep;
  EXPECT_THAT(totp_->Verify(alice_, Code(secret, -2 * kStep), now_), HasReason(kInvalid));
  EXPECT_THAT(totp_->Verify(alice_, Code(secret, 2 * kStep), now_), HasReason(kInvalid));
}

TEST_F(TotpEnrollmentStoreTest, ACodeIsAcceptedOnlyOnce) {
  const std::vector<uint8_t> secret = EnrollActive(alice_);
  const std::string code = Code(secret);
  EXPECT_THAT(totp_->Verify(alice_, code, now_), IsOk());
  EXPECT_THAT(totp_->Verify(alice_, code, now_), HasReason(kInvalid));
  EXPECT_THAT(totp_->Verify(alice_, code, now_ + absl::Seconds(20)), HasReason(kInvalid));
  // The code used to confirm cannot be replayed either.
  const std::vector<uint8_t> other = Enroll(bob_);
  const std::string confirm_code = Code(other);
  ASSERT_THAT(totp_->Confirm(bob_, confirm_code, now_), IsOk());
  EXPECT_THAT(totp_->Verify(bob_, confirm_code, now_), HasReason(kInvalid));
  EXPECT_THAT(totp_->Verify(bob_, Code(other, kStep), now_), IsOk());
}

TEST_F(TotpEnrollmentStoreTest, EveryRefusalLooksTheSame) {
  const std::vector<uint8_t> secret = EnrollActive(alice_);
  const absl::Status wrong = totp_->Verify(alice_, WrongCode(secret), now_);
  const absl::Status none = totp_->Verify(bob_, "123456", now_);
  const absl::Status malformed = totp_->Verify(alice_, "12ab", now_);
  const absl::Status bad_principal =
      totp_->Verify({.tenant = "acme", .kind = "x", .id = "a"}, "123456", now_);
  for (const absl::Status& s : {wrong, none, malformed, bad_principal}) {
    EXPECT_THAT(s, HasReason(kInvalid));
    EXPECT_EQ(s.message(), wrong.message());
  }
}

TEST_F(TotpEnrollmentStoreTest, ReplacingAnActiveEnrolmentNeedsACurrentCode) {
  const std::vector<uint8_t> old_secret = EnrollActive(alice_);
  EXPECT_THAT(totp_->Enroll(alice_, "", now_).status(), HasReason(kInvalid));
  EXPECT_THAT(totp_->Enroll(alice_, WrongCode(old_secret), now_).status(), HasReason(kInvalid));
  const std::vector<uint8_t> new_secret = Enroll(alice_, Code(old_secret));
  ASSERT_FALSE(new_secret.empty());
  now_ += kStep;
  // The old secret stays in force until the new one is confirmed.
  EXPECT_THAT(totp_->Verify(alice_, Code(old_secret), now_), IsOk());
  EXPECT_THAT(totp_->Verify(alice_, Code(new_secret, kStep), now_), HasReason(kInvalid));
  ASSERT_THAT(totp_->Confirm(alice_, Code(new_secret), now_), IsOk());
  now_ += kStep;
  EXPECT_THAT(totp_->Verify(alice_, Code(old_secret, kStep), now_), HasReason(kInvalid));
  EXPECT_THAT(totp_->Verify(alice_, Code(new_secret, kStep), now_), IsOk());
}

TEST_F(TotpEnrollmentStoreTest, PendingEnrolmentExpires) {
  const std::vector<uint8_t> secret = Enroll(alice_);
  now_ += absl::Minutes(10);
  EXPECT_THAT(totp_->Confirm(alice_, Code(secret), now_), HasReason(kInvalid));
  CAM_ASSERT_OK_AND_ASSIGN(TotpEnrollmentStatus status, totp_->Describe(alice_, now_));
  EXPECT_FALSE(status.pending);
  EXPECT_FALSE(status.active);
}

TEST_F(TotpEnrollmentStoreTest, TamperedSecretDoesNotOpen) {
  const std::vector<uint8_t> secret = EnrollActive(alice_);
  absl::StatusOr<std::string> raw = store_.Get({}, Key(alice_));
  ASSERT_TRUE(raw.ok());
  nlohmann::json doc = nlohmann::json::parse(*raw);
  std::string sealed = doc["active"]["sealed"];
  absl::StatusOr<std::vector<uint8_t>> bytes = Base64UrlDecode(sealed);
  ASSERT_TRUE(bytes.ok());
  (*bytes)[bytes->size() / 2] ^= 0x01;
  doc["active"]["sealed"] = Base64UrlEncode(*bytes);
  ASSERT_THAT(store_.Put({}, Key(alice_), doc.dump()), IsOk());
  const absl::Status s = totp_->Verify(alice_, Code(secret), now_);
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s, HasReason("CAM_STORE_CORRUPT"));
}

TEST_F(TotpEnrollmentStoreTest, SecretMovedToAnotherPrincipalDoesNotOpen) {
  const std::vector<uint8_t> secret = EnrollActive(alice_);
  absl::StatusOr<std::string> raw = store_.Get({}, Key(alice_));
  ASSERT_TRUE(raw.ok());
  ASSERT_THAT(store_.Put({}, Key(bob_), *raw), IsOk());
  EXPECT_FALSE(totp_->Verify(bob_, Code(secret), now_).ok());
  // The same record stays good where it belongs.
  EXPECT_THAT(totp_->Verify(alice_, Code(secret), now_), IsOk());
}

TEST_F(TotpEnrollmentStoreTest, PendingSecretMovedToTheActiveSlotDoesNotOpen) {
  const std::vector<uint8_t> secret = Enroll(alice_);
  absl::StatusOr<std::string> raw = store_.Get({}, Key(alice_));
  ASSERT_TRUE(raw.ok());
  nlohmann::json doc = nlohmann::json::parse(*raw);
  doc["active"] = doc["pending"];
  doc.erase("pending");
  ASSERT_THAT(store_.Put({}, Key(alice_), doc.dump()), IsOk());
  EXPECT_FALSE(totp_->Verify(alice_, Code(secret), now_).ok());
}

TEST_F(TotpEnrollmentStoreTest, AnotherSealKeyCannotOpen) {
  const std::vector<uint8_t> secret = EnrollActive(alice_);
  std::unique_ptr<TotpEnrollmentStore> other = OpenStore(std::vector<uint8_t>(32, 0x43));
  ASSERT_NE(other, nullptr);
  EXPECT_FALSE(other->Verify(alice_, Code(secret), now_).ok());
}

TEST_F(TotpEnrollmentStoreTest, ResetRemovesTheEnrolment) {
  const std::vector<uint8_t> secret = EnrollActive(alice_);
  CAM_ASSERT_OK_AND_ASSIGN(bool removed, totp_->Reset(alice_));
  EXPECT_TRUE(removed);
  EXPECT_THAT(totp_->Verify(alice_, Code(secret), now_), HasReason(kInvalid));
  EXPECT_EQ(DumpStore(), "");
  CAM_ASSERT_OK_AND_ASSIGN(removed, totp_->Reset(alice_));
  EXPECT_FALSE(removed);
  // After a reset, enrolling needs no code.
  EXPECT_FALSE(Enroll(alice_).empty());
}

TEST_F(TotpEnrollmentStoreTest, FiveFailuresLockThePrincipalOutForTheWindow) {
  const std::vector<uint8_t> secret = EnrollActive(alice_);
  const std::vector<uint8_t> bobs = EnrollActive(bob_);
  const absl::Time start = now_;
  for (int i = 0; i < 5; ++i) {
    EXPECT_THAT(totp_->Verify(alice_, WrongCode(secret), now_), HasReason(kInvalid));
  }
  // The right code is refused now, and the same way as a wrong one.
  now_ = start + absl::Minutes(1);
  const absl::Status locked = totp_->Verify(alice_, Code(secret), now_);
  EXPECT_THAT(locked, HasReason(kInvalid));
  EXPECT_EQ(locked.message(), totp_->Verify(alice_, WrongCode(secret), now_).message());
  // Another principal is not affected.
  EXPECT_THAT(totp_->Verify(bob_, Code(bobs), now_), IsOk());
  now_ = start + absl::Minutes(14);
  EXPECT_THAT(totp_->Verify(alice_, Code(secret), now_), HasReason(kInvalid));
  // Once the 15-minute window is over, the right code works again.
  now_ = start + absl::Minutes(15);
  EXPECT_THAT(totp_->Verify(alice_, Code(secret), now_), IsOk());
}

TEST_F(TotpEnrollmentStoreTest, FailuresCountAcrossEnrollConfirmAndVerify) {
  const std::vector<uint8_t> secret = EnrollActive(alice_);
  const std::string wrong = WrongCode(secret);
  EXPECT_FALSE(totp_->Enroll(alice_, wrong, now_).ok());
  EXPECT_FALSE(totp_->Enroll(alice_, wrong, now_).ok());
  EXPECT_FALSE(totp_->Confirm(alice_, wrong, now_).ok());
  EXPECT_FALSE(totp_->Verify(alice_, wrong, now_).ok());
  // A success before the fifth failure forgets the earlier ones.
  EXPECT_THAT(totp_->Verify(alice_, Code(secret), now_), IsOk());
  now_ += kStep;
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(totp_->Verify(alice_, wrong, now_).ok());
  EXPECT_THAT(totp_->Verify(alice_, Code(secret), now_), IsOk());
  now_ += kStep;
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(totp_->Verify(alice_, WrongCode(secret), now_).ok());
  EXPECT_FALSE(totp_->Enroll(alice_, Code(secret), now_).ok());
}

TEST_F(TotpEnrollmentStoreTest, MalformedPrincipalsAreValidationErrors) {
  EXPECT_THAT(totp_->Enroll({.tenant = "acme", .kind = "agent", .id = "a/b"}, "", now_).status(),
              HasReason("CAM_VALIDATION_AGENT_ID_PATTERN"));
  EXPECT_THAT(totp_->Enroll({.tenant = "a/b", .kind = "agent", .id = "a"}, "", now_).status(),
              HasReason("CAM_VALIDATION_PATTERN"));
  EXPECT_THAT(totp_->Reset({.tenant = "acme", .kind = "robot", .id = "a"}).status(),
              HasReason("CAM_VALIDATION_OUT_OF_RANGE"));
}

TEST_F(TotpEnrollmentStoreTest, OpenChecksItsArguments) {
  EXPECT_FALSE(TotpEnrollmentStore::Open(nullptr, base::SecureBuffer(32)).ok());
  EXPECT_FALSE(TotpEnrollmentStore::Open(&store_, base::SecureBuffer(16)).ok());
  EXPECT_FALSE(
      TotpEnrollmentStore::Open(&store_, base::SecureBuffer(32), {.issuer = "cam d"}).ok());
}

}  // namespace
}  // namespace cam::identity
