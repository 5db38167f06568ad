#include "crypto/tools/internal/wycheproof_walk.h"

#include "crypto/tools/internal/vector_json.h"

namespace cam::crypto::tools::internal {

std::string RunAllGroups(const nlohmann::json&) { return ""; }

void WalkWycheproof(const nlohmann::json& doc, const WycheproofGroupGate& gate,
                    const WycheproofCaseCheck& check, VectorFileReport& report) {
  const nlohmann::json* groups = FindArray(doc, "testGroups");
  if (groups == nullptr) {
    report.error = "no testGroups array";
    return;
  }
  int64_t seen = 0;
  for (const nlohmann::json& group : *groups) {
    const nlohmann::json* tests = FindArray(group, "tests");
    if (tests == nullptr) {
      report.error = "a test group has no tests array";
      return;
    }
    seen += static_cast<int64_t>(tests->size());
    if (const std::string reason = gate(group); !reason.empty()) {
      report.Skip(static_cast<int>(tests->size()), reason);
      continue;
    }
    for (const nlohmann::json& test : *tests) {
      const std::string result = StringOr(test, "result");
      Expect expect;
      if (result == "valid") {
        expect = Expect::kValid;
      } else if (result == "invalid") {
        expect = Expect::kInvalid;
      } else if (result == "acceptable") {
        expect = Expect::kAcceptable;
      } else {
        report.Fail(CaseLabel(test) + ": unknown result '" + result + "'");
        continue;
      }
      const std::string problem = check(group, test, expect);
      if (problem.empty()) {
        report.Pass();
      } else {
        report.Fail(CaseLabel(test) + " [" + result + "]: " + problem);
      }
    }
  }
  const nlohmann::json* declared = Find(doc, "numberOfTests");
  if (declared == nullptr || !declared->is_number_integer() || declared->get<int64_t>() != seen) {
    report.error = "numberOfTests does not match the " + std::to_string(seen) + " cases found";
  }
}

}  // namespace cam::crypto::tools::internal
