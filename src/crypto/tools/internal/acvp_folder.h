// File: crypto/tools/internal/acvp_folder.h
// AcvpFolder: a NIST ACVP vector set as published by ACVP-Server (a folder holding prompt.json
// and expectedResults.json), loaded and with the expected results indexed by tcId.
#ifndef CAM_CRYPTO_TOOLS_INTERNAL_ACVP_FOLDER_H_
#define CAM_CRYPTO_TOOLS_INTERNAL_ACVP_FOLDER_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "absl/status/statusor.h"
#include "crypto/tools/vector_report.h"

namespace cam::crypto::tools::internal {

struct AcvpFolder {
  nlohmann::json prompt;
  nlohmann::json expected;
  std::string algorithm;  // "ML-KEM", "ML-DSA", ...
  std::string mode;       // "keyGen", "encapDecap", "sigGen", "sigVer", ...
  std::string revision;   // "FIPS203", "FIPS204", ...
  // Expected result of each test case, pointing into `expected`.
  std::map<int64_t, const nlohmann::json*> expected_by_tc;
};

// IsAcvpFolder reports whether `dir` holds prompt.json and expectedResults.json.
bool IsAcvpFolder(const std::filesystem::path& dir);

// LoadAcvpFolder reads both files and checks they describe the same vector set.
absl::StatusOr<AcvpFolder> LoadAcvpFolder(const std::filesystem::path& dir);

// AcvpCase is what a per-case check receives: the prompt group and test, and the expected
// result for the same tcId.
using AcvpCaseCheck = std::function<std::string(
    const nlohmann::json& group, const nlohmann::json& test, const nlohmann::json& expected)>;

// WalkAcvp runs `check` on every prompt test of every group whose parameterSet is
// `parameter_set` (other groups are skipped with the reason), failing a case that has no
// expected result, and checks that prompt and expected results hold the same number of cases.
void WalkAcvp(const AcvpFolder& folder, const std::string& parameter_set,
              const AcvpCaseCheck& check, VectorFileReport& report);

}  // namespace cam::crypto::tools::internal

#endif  // CAM_CRYPTO_TOOLS_INTERNAL_ACVP_FOLDER_H_
