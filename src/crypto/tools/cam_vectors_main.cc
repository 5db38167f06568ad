// cam-vectors: runs NIST ACVP folders and Wycheproof / X-Wing vector files through camd's own
// crypto and prints one PASS/FAIL line per path, then "N passed, M failed" (counting paths).
// Exit status: 0 when every path passed, 1 when any failed or was not recognised, 2 on a usage
// error. See crypto/tools/vector_runners.h for what is covered.
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/tools/vector_report.h"
#include "crypto/tools/vector_runners.h"

namespace {

constexpr size_t kFailuresShown = 10;

void PrintUsage(std::ostream& out) {
  out << "usage: cam-vectors [--verbose] PATH...\n"
         "  PATH: an ACVP folder (prompt.json + expectedResults.json), a Wycheproof\n"
         "        testvectors_v1 JSON file, or an X-Wing test-vectors.json file.\n"
         "  --verbose: list every failing case and every skipped group.\n";
}

void PrintReport(const cam::crypto::tools::VectorFileReport& report, bool verbose) {
  std::cout << (report.ok() ? "PASS " : "FAIL ") << report.path;
  if (!report.kind.empty()) std::cout << " [" << report.kind << "]";
  std::cout << ": " << report.passed << " passed, " << report.failed << " failed, "
            << report.skipped << " skipped";
  if (!report.error.empty()) std::cout << "; " << report.error;
  if (report.error.empty() && report.failed == 0 && report.passed == 0) {
    std::cout << "; no case ran";
  }
  std::cout << "\n";
  for (const std::string& reason : report.skip_reasons) {
    std::cout << "    skipped " << reason << "\n";
  }
  const size_t shown =
      verbose ? report.failures.size() : std::min(report.failures.size(), kFailuresShown);
  for (size_t i = 0; i < shown; ++i) std::cout << "    " << report.failures[i] << "\n";
  if (shown < report.failures.size()) {
    std::cout << "    ... " << report.failures.size() - shown << " more failures (use --verbose)\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool verbose = false;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      PrintUsage(std::cout);
      return 0;
    }
    if (arg == "--verbose" || arg == "-v") {
      verbose = true;
    } else if (arg.starts_with("-")) {
      std::cerr << "cam-vectors: unknown option " << arg << "\n";
      PrintUsage(std::cerr);
      return 2;
    } else {
      paths.emplace_back(arg);
    }
  }
  if (paths.empty()) {
    PrintUsage(std::cerr);
    return 2;
  }
  int passed = 0;
  int failed = 0;
  for (const std::string& path : paths) {
    const cam::crypto::tools::VectorFileReport report = cam::crypto::tools::RunVectorPath(path);
    PrintReport(report, verbose);
    ++(report.ok() ? passed : failed);
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}
