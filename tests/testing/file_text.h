// File: tests/testing/file_text.h
// ReadFile: a whole file as a string, for tests that inspect PEM files, audit logs and the like.
#ifndef CAM_TESTS_TESTING_FILE_TEXT_H_
#define CAM_TESTS_TESTING_FILE_TEXT_H_

#include <string>

namespace cam::testing {

// ReadFile returns the file's bytes, or "" when it cannot be read (the test's own assertions on
// the content then fail with something to look at).
std::string ReadFile(const std::string& path);

}  // namespace cam::testing

#endif  // CAM_TESTS_TESTING_FILE_TEXT_H_
