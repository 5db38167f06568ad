// File: tests/unit/store/crash_writer_protocol.h
// What store_crash_writer writes, shared with the test that kills it: the key names and the
// value each key must hold, and the acknowledgement line format.
#ifndef CAM_TESTS_UNIT_STORE_CRASH_WRITER_PROTOCOL_H_
#define CAM_TESTS_UNIT_STORE_CRASH_WRITER_PROTOCOL_H_

#include <string>

#include "absl/strings/str_cat.h"

namespace cam::store::testing {

// Writer threads in the crash writer; each writes its own keys "w<thread>/<n>".
inline constexpr int kCrashWriterThreads = 4;

inline std::string CrashWriterKey(int thread, int n) { return absl::StrCat("w", thread, "/", n); }

// The value stored under `key`: derived from it, so the checker needs nothing else, and long
// enough (about 200 bytes) that records are not trivially small.
inline std::string CrashWriterValue(const std::string& key) {
  std::string value;
  for (int i = 0; i < 16; ++i) absl::StrAppend(&value, key, "|", i, ";");
  return value;
}

}  // namespace cam::store::testing

#endif  // CAM_TESTS_UNIT_STORE_CRASH_WRITER_PROTOCOL_H_
