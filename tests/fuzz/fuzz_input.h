// File: tests/fuzz/fuzz_input.h
// FuzzInput splits one fuzz input into fields without ever reading past it: a field asked for
// beyond the end is zero-padded, so every input of any length drives the target deep enough to
// reach the decoders, and the same bytes always give the same fields. CAM_FUZZ_CHECK aborts on a
// broken invariant so both libFuzzer and the regression driver report it.
#ifndef CAM_TESTS_FUZZ_FUZZ_INPUT_H_
#define CAM_TESTS_FUZZ_FUZZ_INPUT_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#define CAM_FUZZ_CHECK(condition)                                                                 \
  do {                                                                                            \
    if (!(condition)) {                                                                           \
      std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                               \
    }                                                                                             \
  } while (false)

namespace cam::fuzz {

class FuzzInput {
 public:
  FuzzInput(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  // Byte returns the next byte, or 0 past the end.
  uint8_t Byte() { return offset_ < size_ ? data_[offset_++] : 0; }

  // Take returns the next `n` bytes, zero-padded past the end.
  std::vector<uint8_t> Take(size_t n) {
    std::vector<uint8_t> out(n, 0);
    const size_t available = std::min(n, size_ - offset_);
    std::copy(data_ + offset_, data_ + offset_ + available, out.begin());
    offset_ += available;
    return out;
  }

  // Rest returns everything not yet taken (possibly empty, any length).
  std::vector<uint8_t> Rest() {
    std::vector<uint8_t> out(data_ + offset_, data_ + size_);
    offset_ = size_;
    return out;
  }

  // RestAsText is Rest as a string, for text decoders.
  std::string RestAsText() {
    std::string out(reinterpret_cast<const char*>(data_ + offset_), size_ - offset_);
    offset_ = size_;
    return out;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t offset_ = 0;
};

}  // namespace cam::fuzz

#endif  // CAM_TESTS_FUZZ_FUZZ_INPUT_H_
