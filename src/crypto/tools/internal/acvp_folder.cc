#include "crypto/tools/internal/acvp_folder.h"

#include <system_error>

#include "absl/status/status.h"
#include "crypto/tools/internal/vector_json.h"

namespace cam::crypto::tools::internal {

bool IsAcvpFolder(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::is_regular_file(dir / "prompt.json", ec) &&
         std::filesystem::is_regular_file(dir / "expectedResults.json", ec);
}

absl::StatusOr<AcvpFolder> LoadAcvpFolder(const std::filesystem::path& dir) {
  AcvpFolder folder;
  absl::StatusOr<nlohmann::json> prompt = LoadJsonFile(dir / "prompt.json");
  if (!prompt.ok()) return absl::InvalidArgumentError("prompt.json: " + prompt.status().ToString());
  absl::StatusOr<nlohmann::json> expected = LoadJsonFile(dir / "expectedResults.json");
  if (!expected.ok()) {
    return absl::InvalidArgumentError("expectedResults.json: " + expected.status().ToString());
  }
  folder.prompt = *std::move(prompt);
  folder.expected = *std::move(expected);
  folder.algorithm = StringOr(folder.prompt, "algorithm");
  folder.mode = StringOr(folder.prompt, "mode");
  folder.revision = StringOr(folder.prompt, "revision");
  if (folder.algorithm.empty() || folder.mode.empty() ||
      FindArray(folder.prompt, "testGroups") == nullptr ||
      FindArray(folder.expected, "testGroups") == nullptr) {
    return absl::InvalidArgumentError("not an ACVP vector set (algorithm, mode, testGroups)");
  }
  const nlohmann::json* prompt_vs = Find(folder.prompt, "vsId");
  const nlohmann::json* expected_vs = Find(folder.expected, "vsId");
  if (prompt_vs == nullptr || expected_vs == nullptr || *prompt_vs != *expected_vs) {
    return absl::InvalidArgumentError("prompt.json and expectedResults.json have different vsId");
  }
  for (const nlohmann::json& group : *FindArray(folder.expected, "testGroups")) {
    const nlohmann::json* tests = FindArray(group, "tests");
    if (tests == nullptr) return absl::InvalidArgumentError("expected group without tests");
    for (const nlohmann::json& test : *tests) {
      const nlohmann::json* id = Find(test, "tcId");
      if (id == nullptr || !id->is_number_integer()) {
        return absl::InvalidArgumentError("expected result without a tcId");
      }
      if (!folder.expected_by_tc.emplace(id->get<int64_t>(), &test).second) {
        return absl::InvalidArgumentError("duplicate tcId in expectedResults.json");
      }
    }
  }
  return folder;
}

void WalkAcvp(const AcvpFolder& folder, const std::string& parameter_set,
              const AcvpCaseCheck& check, VectorFileReport& report) {
  size_t prompt_cases = 0;
  for (const nlohmann::json& group : *FindArray(folder.prompt, "testGroups")) {
    const nlohmann::json* tests = FindArray(group, "tests");
    if (tests == nullptr) {
      report.error = "prompt group without tests";
      return;
    }
    prompt_cases += tests->size();
    const nlohmann::json* tg_id = Find(group, "tgId");
    const std::string tg =
        "tgId " + (tg_id != nullptr && tg_id->is_number_integer() ? tg_id->dump() : "?");
    const std::string set = StringOr(group, "parameterSet");
    if (set != parameter_set) {
      report.Skip(
          static_cast<int>(tests->size()),
          tg + " has parameterSet '" + set + "': camd implements " + parameter_set + " only");
      continue;
    }
    for (const nlohmann::json& test : *tests) {
      const nlohmann::json* id = Find(test, "tcId");
      const auto it = id != nullptr && id->is_number_integer()
                          ? folder.expected_by_tc.find(id->get<int64_t>())
                          : folder.expected_by_tc.end();
      if (it == folder.expected_by_tc.end()) {
        report.Fail(tg + " " + CaseLabel(test) + ": no expected result");
        continue;
      }
      const std::string problem = check(group, test, *it->second);
      if (problem.empty()) {
        report.Pass();
      } else {
        report.Fail(tg + " " + CaseLabel(test) + ": " + problem);
      }
    }
  }
  if (prompt_cases != folder.expected_by_tc.size()) {
    report.error = "prompt.json has " + std::to_string(prompt_cases) +
                   " cases but expectedResults.json has " +
                   std::to_string(folder.expected_by_tc.size());
  }
}

}  // namespace cam::crypto::tools::internal
