// File: crypto/tools/vector_report.h
// VectorFileReport: the outcome of running one conformance-vector file (or ACVP folder) through
// camd's crypto: how many cases passed, failed and were skipped, why each failure happened, and
// the stated reason for every skipped test group. Shared by cam-vectors and any test that walks
// the same vectors.
#ifndef CAM_CRYPTO_TOOLS_VECTOR_REPORT_H_
#define CAM_CRYPTO_TOOLS_VECTOR_REPORT_H_

#include <string>
#include <vector>

namespace cam::crypto::tools {

struct VectorFileReport {
  std::string path;
  // What the file was recognised as, e.g. "wycheproof mlkem_test_schema.json (ML-KEM)"; empty if
  // the format was not recognised.
  std::string kind;
  int passed = 0;
  int failed = 0;
  int skipped = 0;
  // One line per failed case ("tcId 12 (comment): what went wrong").
  std::vector<std::string> failures;
  // One line per skipped group, each with the reason it cannot apply to camd.
  std::vector<std::string> skip_reasons;
  // Set when the file as a whole could not be run: unreadable, not JSON, a format or algorithm
  // this tool does not cover, or inconsistent counts.
  std::string error;

  // ok is true when every case that ran passed, at least one case ran, and the file had no
  // file-level error. A file whose every group was skipped is not ok: it tested nothing.
  bool ok() const { return error.empty() && failed == 0 && passed > 0; }

  void Pass() { ++passed; }
  void Fail(std::string what) {
    ++failed;
    failures.push_back(std::move(what));
  }
  void Skip(int cases, std::string reason) {
    skipped += cases;
    skip_reasons.push_back(std::move(reason));
  }
};

}  // namespace cam::crypto::tools

#endif  // CAM_CRYPTO_TOOLS_VECTOR_REPORT_H_
