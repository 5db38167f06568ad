// File: audit/utc_timestamp.h
// The time of an audit line, written straight into the line. absl::FormatTime interprets its
// format string and time zone on every call: about 3,700 instructions of each call camd answers
// (docs/PERFORMANCE.md, "Per-call work of our own").
#ifndef CAM_AUDIT_UTC_TIMESTAMP_H_
#define CAM_AUDIT_UTC_TIMESTAMP_H_

#include <string>

#include "absl/time/time.h"

namespace cam::audit {

// AppendUtcTimestamp appends `time` exactly as absl::FormatTime(absl::RFC3339_full, time,
// absl::UTCTimeZone()) would: "2026-12-07T14:37:00.123456789+00:00", the fraction without
// trailing zeros and left out when zero. Times it has no fast form for (years outside 1000-9999,
// fractions finer than a nanosecond, infinities) are passed to absl::FormatTime.
void AppendUtcTimestamp(std::string& out, absl::Time time);

}  // namespace cam::audit

#endif  // CAM_AUDIT_UTC_TIMESTAMP_H_
