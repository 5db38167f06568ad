// File: tests/conformance/primitives/wycheproof_util.h
// Helpers shared by the Wycheproof conformance tests of crypto/primitives: load a vector file
// in place, walk its groups and tests, and tally how many cases passed, so the run reports
// "<file>: N/N" and fails if any case was not run.
#ifndef CAM_TESTS_CONFORMANCE_PRIMITIVES_WYCHEPROOF_UTIL_H_
#define CAM_TESTS_CONFORMANCE_PRIMITIVES_WYCHEPROOF_UTIL_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/testing/vectors.h"

namespace cam::testing {

// A case check returns "" on success or a description of what went wrong.
using WycheproofCheck =
    std::function<std::string(const nlohmann::json& group, const nlohmann::json& test)>;

// RunWycheproofFile runs `check` on every test of wycheproof/<file>, records one failure per
// failing case (with its tcId and comment), prints a one-line tally, and checks that the number
// of cases run equals the file's numberOfTests.
inline void RunWycheproofFile(const std::string& file, const WycheproofCheck& check) {
  const nlohmann::json doc = LoadJson(VectorsDir() / "wycheproof" / file);
  ASSERT_TRUE(doc.is_object()) << file;
  int run = 0, passed = 0, valid = 0, invalid = 0, acceptable = 0;
  for (const auto& group : doc.at("testGroups")) {
    for (const auto& test : group.at("tests")) {
      ++run;
      const std::string result = test.at("result").get<std::string>();
      valid += result == "valid";
      invalid += result == "invalid";
      acceptable += result == "acceptable";
      const std::string error = check(group, test);
      if (error.empty()) {
        ++passed;
      } else {
        ADD_FAILURE() << file << " tcId " << test.at("tcId") << " (" << result << ", "
                      << test.value("comment", "") << "): " << error;
      }
    }
  }
  EXPECT_EQ(run, doc.at("numberOfTests").get<int>()) << file;
  EXPECT_GT(run, 0) << file;
  std::cout << "[wycheproof] " << file << ": " << passed << "/" << run << " passed (valid " << valid
            << ", invalid " << invalid << ", acceptable " << acceptable << ")\n";
  ::testing::Test::RecordProperty(file, std::to_string(passed) + "/" + std::to_string(run));
}

// HexField decodes a hex string member of a vector object.
inline std::vector<uint8_t> HexField(const nlohmann::json& obj, const char* name) {
  return Hex(obj.at(name).get<std::string>());
}

}  // namespace cam::testing

#endif  // CAM_TESTS_CONFORMANCE_PRIMITIVES_WYCHEPROOF_UTIL_H_
