#include "tests/testing/file_text.h"

#include <fstream>
#include <sstream>

namespace cam::testing {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace cam::testing
