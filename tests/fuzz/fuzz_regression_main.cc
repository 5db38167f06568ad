// Regression driver for the libFuzzer targets in normal (non-fuzzing) builds: feeds every file
// of the given corpus folders, then CAM_FUZZ_RANDOM_INPUTS (default 2000) pseudo-random inputs
// from a fixed seed, through LLVMFuzzerTestOneInput. A broken invariant aborts, failing the test.
// A corpus folder that is missing or empty is an error, so a lost corpus cannot pass silently.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

// Long enough for every target's full layout (the largest is ML-DSA: 3 + 255 + 256 + 1952 +
// 3309 bytes), with half the inputs short so the zero-padding paths run too.
constexpr size_t kMaxRandomLength = 8192;
constexpr size_t kShortLength = 64;

void RunOne(const std::vector<uint8_t>& input) {
  LLVMFuzzerTestOneInput(input.empty() ? nullptr : input.data(), input.size());
}

}  // namespace

int main(int argc, char** argv) {
  size_t corpus_inputs = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path dir = argv[i];
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
    if (ec || files.empty()) {
      std::cerr << "corpus folder " << dir << " is missing or empty\n";
      return 1;
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      std::ifstream in(file, std::ios::binary);
      RunOne(std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {}));
      ++corpus_inputs;
    }
  }
  const char* count_env = std::getenv("CAM_FUZZ_RANDOM_INPUTS");
  const long random_inputs = count_env != nullptr ? std::atol(count_env) : 2000;
  std::mt19937_64 rng(0x63616d66757a7aULL);  // Fixed: a failure reproduces on every run.
  for (long n = 0; n < random_inputs; ++n) {
    const size_t limit = n % 2 == 0 ? kShortLength : kMaxRandomLength;
    std::vector<uint8_t> input(std::uniform_int_distribution<size_t>(0, limit)(rng));
    for (uint8_t& b : input) b = static_cast<uint8_t>(rng());
    RunOne(input);
  }
  std::cout << corpus_inputs << " corpus inputs and " << random_inputs
            << " random inputs ran without a broken invariant\n";
  return 0;
}
