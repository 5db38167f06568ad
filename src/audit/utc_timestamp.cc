#include "audit/utc_timestamp.h"

#include <cstdint>

namespace cam::audit {
namespace {

// Writes `value` as exactly `digits` decimal digits ending just before `end`.
void PutDigits(char* end, int64_t value, int digits) {
  for (int i = 0; i < digits; ++i) {
    *--end = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

void AppendUtcTimestamp(std::string& out, absl::Time time) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  const absl::TimeZone::CivilInfo civil = utc.At(time);
  const int64_t nanos = absl::ToInt64Nanoseconds(civil.subsecond);
  if (time == absl::InfiniteFuture() || time == absl::InfinitePast() || civil.cs.year() < 1000 ||
      civil.cs.year() > 9999 || absl::Nanoseconds(nanos) != civil.subsecond) {
    out += absl::FormatTime(absl::RFC3339_full, time, utc);
    return;
  }
  // "YYYY-MM-DDTHH:MM:SS" + "." + 9 digits + "+00:00"
  char text[36] = "0000-00-00T00:00:00.000000000";
  PutDigits(text + 4, civil.cs.year(), 4);
  PutDigits(text + 7, civil.cs.month(), 2);
  PutDigits(text + 10, civil.cs.day(), 2);
  PutDigits(text + 13, civil.cs.hour(), 2);
  PutDigits(text + 16, civil.cs.minute(), 2);
  PutDigits(text + 19, civil.cs.second(), 2);
  size_t length = 19;
  if (nanos != 0) {
    PutDigits(text + 29, nanos, 9);
    length = 29;
    while (text[length - 1] == '0') --length;
  }
  out.append(text, length);
  out += "+00:00";
}

}  // namespace cam::audit
