#include "identity/auth_backoff.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/reasons.h"

namespace cam::identity {

bool AuthBackoff::Idle(const Entry& entry, absl::Time now) const {
  // Quiet for a whole window since the last failure and since the end of the last refusal.
  return now - entry.last_failure >= config_.window &&
         (entry.blocked_until == absl::InfinitePast() ||
          now - entry.blocked_until >= config_.window);
}

absl::Status AuthBackoff::Check(std::string_view source) const {
  const absl::Duration remaining = RemainingPenalty(source);
  if (remaining <= absl::ZeroDuration()) return absl::OkStatus();
  return base::Error(
      base::Reason::kAuthBackoff,
      absl::StrCat("auth backoff: refused for ",
                   absl::ToInt64Seconds(absl::Ceil(remaining, absl::Seconds(1))), " s"));
}

absl::Duration AuthBackoff::RemainingPenalty(std::string_view source) const {
  const absl::Time now = clock_->Now();
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(std::string(source));
  if (it == entries_.end() || now >= it->second.blocked_until) return absl::ZeroDuration();
  return it->second.blocked_until - now;
}

void AuthBackoff::RecordFailure(std::string_view source) {
  const absl::Time now = clock_->Now();
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(std::string(source));
  if (it == entries_.end()) {
    if (entries_.size() >= config_.max_sources) MakeRoom(now);
    it = entries_.emplace(std::string(source), Entry{}).first;
    it->second.window_start = now;
    it->second.next_penalty = config_.initial_penalty;
  }
  Entry& e = it->second;
  if (Idle(e, now)) {
    e = Entry{};
    e.window_start = now;
    e.next_penalty = config_.initial_penalty;
  } else if (e.failures < config_.max_failures && now - e.window_start >= config_.window) {
    // Below the threshold, failures older than the window no longer count.
    e.failures = 0;
    e.window_start = now;
  }
  e.last_failure = now;
  ++e.failures;
  if (e.failures >= config_.max_failures) {
    e.blocked_until = now + e.next_penalty;
    e.next_penalty = std::min(e.next_penalty * 2, config_.max_penalty);
  }
}

void AuthBackoff::RecordSuccess(std::string_view source) {
  absl::MutexLock lock(&mu_);
  entries_.erase(std::string(source));
}

size_t AuthBackoff::tracked_sources() const {
  absl::MutexLock lock(&mu_);
  return entries_.size();
}

void AuthBackoff::MakeRoom(absl::Time now) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = Idle(it->second, now) ? entries_.erase(it) : std::next(it);
  }
  if (entries_.size() < config_.max_sources) return;
  // Every tracked source is recent: drop the older half by last failure, so a flood of distinct
  // sources costs amortized constant time per source rather than a scan each.
  std::vector<absl::Time> times;
  times.reserve(entries_.size());
  for (const auto& [name, entry] : entries_) times.push_back(entry.last_failure);
  std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
  const absl::Time median = times[times.size() / 2];
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = it->second.last_failure < median ? entries_.erase(it) : std::next(it);
  }
  if (entries_.size() >= config_.max_sources) entries_.clear();
}

}  // namespace cam::identity
