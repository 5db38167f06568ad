#include "crypto/tools/vector_runners.h"

#include <exception>
#include <nlohmann/json.hpp>
#include <string>
#include <system_error>

#include "crypto/tools/acvp_mldsa_runner.h"
#include "crypto/tools/acvp_mlkem_runner.h"
#include "crypto/tools/internal/acvp_folder.h"
#include "crypto/tools/internal/vector_json.h"
#include "crypto/tools/wycheproof_runner.h"
#include "crypto/tools/xwing_runner.h"

namespace cam::crypto::tools {
namespace {

constexpr const char* kNotCovered = "not a crypto vector file this tool covers";

void RunAcvp(const std::filesystem::path& dir, VectorFileReport& report) {
  absl::StatusOr<internal::AcvpFolder> folder = internal::LoadAcvpFolder(dir);
  if (!folder.ok()) {
    report.error = std::string(folder.status().message());
    return;
  }
  report.kind = "ACVP " + folder->algorithm + " " + folder->mode + " (" + folder->revision + ")";
  if (folder->algorithm == "ML-KEM") {
    RunAcvpMlKem(*folder, report);
  } else if (folder->algorithm == "ML-DSA") {
    RunAcvpMlDsa(*folder, report);
  } else {
    report.error = "ACVP algorithm '" + folder->algorithm + "' is not one this tool covers";
  }
}

void RunFile(const std::filesystem::path& path, VectorFileReport& report) {
  absl::StatusOr<nlohmann::json> doc = internal::LoadJsonFile(path);
  if (!doc.ok()) {
    report.error = std::string(kNotCovered) + " (" + std::string(doc.status().message()) + ")";
    return;
  }
  if (IsWycheproofDocument(*doc)) {
    RunWycheproofDocument(*doc, report);
  } else if (IsXWingVectorDocument(*doc)) {
    RunXWingVectors(*doc, report);
  } else if (internal::Find(*doc, "vsId") != nullptr) {
    report.error =
        "an ACVP file on its own: pass the folder holding prompt.json and "
        "expectedResults.json";
  } else {
    report.error = kNotCovered;
  }
}

}  // namespace

VectorFileReport RunVectorPath(const std::filesystem::path& path) {
  VectorFileReport report;
  report.path = path.string();
  std::error_code ec;
  try {
    if (std::filesystem::is_directory(path, ec)) {
      if (internal::IsAcvpFolder(path)) {
        RunAcvp(path, report);
      } else {
        report.error = std::string(kNotCovered) +
                       " (a folder must be an ACVP vector set with prompt.json and "
                       "expectedResults.json)";
      }
    } else if (std::filesystem::is_regular_file(path, ec)) {
      RunFile(path, report);
    } else {
      report.error = "no such file or folder";
    }
  } catch (const std::exception& e) {
    // The runners read JSON without throwing; this is the edge that keeps a library surprise
    // (allocation failure, a nlohmann type error missed above) a failed file, not a crash.
    report.error = std::string("exception while running vectors: ") + e.what();
  }
  return report;
}

}  // namespace cam::crypto::tools
