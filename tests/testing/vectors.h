// File: tests/testing/vectors.h
// Access to the shared conformance vectors (../shared/vectors), which are read in place and
// never copied into the repository.
#ifndef CAM_TESTS_TESTING_VECTORS_H_
#define CAM_TESTS_TESTING_VECTORS_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace cam::testing {

// VectorsDir returns $CAM_VECTORS_DIR (set by ctest), or ../shared/vectors relative to the
// source tree.
std::filesystem::path VectorsDir();

// LoadJson parses a JSON file; fails the current test (and returns null) on error.
nlohmann::json LoadJson(const std::filesystem::path& path);

// Hex decodes a hex string, aborting the test on a malformed vector.
std::vector<uint8_t> Hex(std::string_view hex);

}  // namespace cam::testing

#endif  // CAM_TESTS_TESTING_VECTORS_H_
