#include "identity/api_key.h"

#include <array>
#include <cstring>

#include "base/random.h"
#include "base/reasons.h"
#include "crypto/ct.h"

namespace cam::identity {
namespace {

constexpr char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kHashDomain = "cam-apikey-v1";

// RandomAlnum fills `out` with uniform characters of [A-Za-z0-9] by rejection sampling (bytes
// >= 248 = 4 * 62 are discarded so that no character is more likely than another).
void RandomAlnum(std::span<uint8_t> out) {
  std::array<uint8_t, 64> pool;
  size_t used = pool.size();
  for (uint8_t& c : out) {
    while (true) {
      if (used == pool.size()) {
        base::FillRandom(pool);
        used = 0;
      }
      const uint8_t b = pool[used++];
      if (b < 248) {
        c = static_cast<uint8_t>(kAlnum[b % 62]);
        break;
      }
    }
  }
  base::SecureZero(pool);
}

// AlnumMask returns 0xFF if `c` is in [A-Za-z0-9], else 0, without branching on `c`.
uint8_t AlnumMask(uint8_t c) {
  auto in_range = [](uint32_t v, uint32_t lo, uint32_t hi) {
    // lo <= v <= hi  <=>  !(v < lo) && (v < hi + 1)
    return ~crypto::ct::LtMask32(v, lo) & crypto::ct::LtMask32(v, hi + 1);
  };
  const uint32_t m = in_range(c, 'A', 'Z') | in_range(c, 'a', 'z') | in_range(c, '0', '9');
  return static_cast<uint8_t>(m);
}

bool IsAlnumVartime(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

}  // namespace

bool IsValidApiKeyId(std::string_view id) {
  if (id.size() != kApiKeyIdLength) return false;
  for (char c : id) {
    if (!IsAlnumVartime(c)) return false;
  }
  return true;
}

GeneratedApiKey GenerateApiKey() {
  GeneratedApiKey key;
  std::array<uint8_t, kApiKeyIdLength> id;
  RandomAlnum(id);
  key.id.assign(id.begin(), id.end());
  key.presented = base::SecureBuffer(kApiKeyLength);
  uint8_t* p = key.presented.data();
  std::memcpy(p, kApiKeyPrefix.data(), kApiKeyPrefix.size());
  p += kApiKeyPrefix.size();
  std::memcpy(p, id.data(), id.size());
  p += id.size();
  *p++ = '_';
  RandomAlnum(std::span<uint8_t>(p, kApiKeySecretLength));
  return key;
}

absl::StatusOr<ParsedApiKey> ParseApiKey(std::string_view presented) {
  const auto invalid = [] {
    return base::Error(base::Reason::kAuthCredentialsInvalid, "api key: malformed");
  };
  if (presented.size() != kApiKeyLength ||
      presented.substr(0, kApiKeyPrefix.size()) != kApiKeyPrefix) {
    return invalid();
  }
  const std::string_view id = presented.substr(kApiKeyPrefix.size(), kApiKeyIdLength);
  if (!IsValidApiKeyId(id) || presented[kApiKeyPrefix.size() + kApiKeyIdLength] != '_') {
    return invalid();
  }
  const std::string_view secret = presented.substr(kApiKeyPrefix.size() + kApiKeyIdLength + 1);
  uint8_t all_alnum = 0xff;
  for (char c : secret) all_alnum &= AlnumMask(static_cast<uint8_t>(c));
  // Only the verdict leaves constant time; which character failed does not.
  if (crypto::ct::Declassify(all_alnum) != 0xff) return invalid();
  ParsedApiKey out;
  out.id = std::string(id);
  out.secret = base::SecureBuffer::CopyOf(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(secret.data()), secret.size()));
  return out;
}

absl::StatusOr<ApiKeyHash> HashApiKey(std::span<const uint8_t> server_key, std::string_view id,
                                      std::span<const uint8_t> secret) {
  absl::StatusOr<crypto::HmacSha256Context> mac = crypto::HmacSha256Context::Create(server_key);
  if (!mac.ok()) return mac.status();
  static constexpr uint8_t kZero[1] = {0};
  const auto bytes = [](std::string_view s) {
    return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  };
  for (std::span<const uint8_t> part : {bytes(kHashDomain), std::span<const uint8_t>(kZero),
                                        bytes(id), std::span<const uint8_t>(kZero), secret}) {
    if (absl::Status s = mac->Update(part); !s.ok()) return s;
  }
  return mac->Finish();
}

bool ApiKeyHashEqual(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  if (a.size() != b.size()) return false;
  return crypto::ct::Declassify(crypto::ct::EqualMask(a, b)) == 0xff;
}

}  // namespace cam::identity
