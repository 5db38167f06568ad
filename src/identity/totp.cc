#include "identity/totp.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <vector>

#include "base/reasons.h"
#include "base/secure_buffer.h"
#include "crypto/ct.h"

namespace cam::identity {
namespace {

const char* DigestName(TotpHash hash) {
  switch (hash) {
    case TotpHash::kSha1:
      return "SHA1";
    case TotpHash::kSha256:
      return "SHA256";
    case TotpHash::kSha512:
      return "SHA512";
  }
  return "SHA1";
}

// HotpValue returns the truncated integer (RFC 4226 section 5.3) before reduction.
absl::StatusOr<uint32_t> HotpValue(std::span<const uint8_t> key, uint64_t counter, TotpHash hash) {
  if (key.empty()) return absl::InvalidArgumentError("totp: empty key");
  std::array<uint8_t, 8> message;
  for (int i = 7; i >= 0; --i) {
    message[i] = static_cast<uint8_t>(counter & 0xff);
    counter >>= 8;
  }
  std::array<uint8_t, EVP_MAX_MD_SIZE> mac;
  size_t mac_len = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, DigestName(hash), nullptr, key.data(), key.size(),
                message.data(), message.size(), mac.data(), mac.size(), &mac_len) == nullptr ||
      mac_len < 20) {
    return absl::InternalError("totp: HMAC failed");
  }
  // The offset is derived from the MAC: a secret-dependent index. RFC 4226 requires it, and the
  // MAC is ephemeral; the index only chooses which 4 of its bytes form the code.
  const size_t offset = mac[mac_len - 1] & 0x0f;
  const uint32_t value = (static_cast<uint32_t>(mac[offset] & 0x7f) << 24) |
                         (static_cast<uint32_t>(mac[offset + 1]) << 16) |
                         (static_cast<uint32_t>(mac[offset + 2]) << 8) | mac[offset + 3];
  base::SecureZero(mac);
  return value;
}

void FormatCode(uint32_t value, int digits, std::span<uint8_t> out) {
  uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  uint32_t v = value % modulus;
  for (int i = digits - 1; i >= 0; --i) {
    out[i] = static_cast<uint8_t>('0' + v % 10);
    v /= 10;
  }
}

}  // namespace

absl::StatusOr<std::string> HotpCode(std::span<const uint8_t> key, uint64_t counter, TotpHash hash,
                                     int digits) {
  if (digits != 6 && digits != 8) return absl::InvalidArgumentError("totp: digits must be 6 or 8");
  absl::StatusOr<uint32_t> value = HotpValue(key, counter, hash);
  if (!value.ok()) return value.status();
  std::string code(static_cast<size_t>(digits), '0');
  FormatCode(*value, digits,
             std::span<uint8_t>(reinterpret_cast<uint8_t*>(code.data()), code.size()));
  return code;
}

absl::StatusOr<uint64_t> TotpStep(absl::Time time, const TotpParams& params) {
  if (params.step <= absl::ZeroDuration()) return absl::InvalidArgumentError("totp: bad step");
  if (time < params.t0) return absl::InvalidArgumentError("totp: time before t0");
  absl::Duration remainder;  // IDivDuration requires somewhere to put it
  return static_cast<uint64_t>(absl::IDivDuration(time - params.t0, params.step, &remainder));
}

absl::StatusOr<std::string> TotpCode(std::span<const uint8_t> key, absl::Time time,
                                     const TotpParams& params) {
  absl::StatusOr<uint64_t> step = TotpStep(time, params);
  if (!step.ok()) return step.status();
  return HotpCode(key, *step, params.hash, params.digits);
}

bool InMemoryTotpReplayGuard::Accept(std::string_view subject, uint64_t step) {
  absl::MutexLock lock(&mu_);
  auto it = last_step_.find(std::string(subject));
  if (it != last_step_.end()) {
    if (it->second >= step) return false;
    it->second = step;
    return true;
  }
  if (last_step_.size() >= max_subjects_) {
    // Keep the newer half: a forgotten subject could replay only a code of its forgotten step,
    // and only if that step is still inside the window.
    std::vector<uint64_t> steps;
    steps.reserve(last_step_.size());
    for (const auto& [name, s] : last_step_) steps.push_back(s);
    std::nth_element(steps.begin(), steps.begin() + steps.size() / 2, steps.end());
    const uint64_t median = steps[steps.size() / 2];
    for (auto i = last_step_.begin(); i != last_step_.end();) {
      i = i->second < median ? last_step_.erase(i) : std::next(i);
    }
    if (last_step_.size() >= max_subjects_) last_step_.clear();
  }
  last_step_.emplace(std::string(subject), step);
  return true;
}

void InMemoryTotpReplayGuard::Prune(uint64_t min_step) {
  absl::MutexLock lock(&mu_);
  for (auto i = last_step_.begin(); i != last_step_.end();) {
    i = i->second < min_step ? last_step_.erase(i) : std::next(i);
  }
}

size_t InMemoryTotpReplayGuard::size() const {
  absl::MutexLock lock(&mu_);
  return last_step_.size();
}

absl::Status TotpVerifier::Verify(std::span<const uint8_t> key, std::string_view code,
                                  std::string_view subject, absl::Time now) const {
  const auto invalid = [] {
    return base::Error(base::Reason::kAuthCredentialsInvalid, "totp: code not accepted");
  };
  if ((params_.digits != 6 && params_.digits != 8) || params_.window < 0 || params_.window > 2) {
    return absl::InvalidArgumentError("totp: bad parameters");
  }
  // The length is public (it is fixed by configuration); the digits themselves are compared in
  // constant time below, so a non-digit simply never matches.
  if (code.size() != static_cast<size_t>(params_.digits)) return invalid();
  absl::StatusOr<uint64_t> current = TotpStep(now, params_);
  if (!current.ok()) return invalid();

  const std::span<const uint8_t> presented(reinterpret_cast<const uint8_t*>(code.data()),
                                           code.size());
  uint32_t matched = 0;       // all ones once any step matched
  uint64_t matched_step = 0;  // the step that matched, selected without branching
  std::array<uint8_t, 8> expected;
  for (int delta = -params_.window; delta <= params_.window; ++delta) {
    if (delta < 0 && *current < static_cast<uint64_t>(-delta)) continue;  // before t0: public
    const uint64_t step = *current + static_cast<int64_t>(delta);
    absl::StatusOr<uint32_t> value = HotpValue(key, step, params_.hash);
    if (!value.ok()) return value.status();
    const std::span<uint8_t> digits(expected.data(), static_cast<size_t>(params_.digits));
    FormatCode(*value, params_.digits, digits);
    const uint32_t eq = crypto::ct::MaskFromBit32(crypto::ct::EqualMask(digits, presented) & 1);
    const uint32_t take = eq & ~matched;
    const uint64_t take64 = (static_cast<uint64_t>(take) << 32) | take;
    matched_step = (take64 & step) | (~take64 & matched_step);
    matched |= eq;
  }
  base::SecureZero(expected);
  if (crypto::ct::Declassify(matched) == 0) return invalid();
  if (guard_ != nullptr && !guard_->Accept(subject, crypto::ct::Declassify(matched_step))) {
    return invalid();
  }
  return absl::OkStatus();
}

}  // namespace cam::identity
