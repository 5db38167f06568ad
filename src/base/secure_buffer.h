// File: base/secure_buffer.h
// SecureBuffer: heap bytes for secrets. Locked in RAM (best effort: mlock may fail under a low
// RLIMIT_MEMLOCK, and an unlocked secret is still better than none), wiped on destruction and
// on move-from, never copied implicitly.
#ifndef CAM_BASE_SECURE_BUFFER_H_
#define CAM_BASE_SECURE_BUFFER_H_

#include <cstddef>
#include <cstdint>
#include <span>

namespace cam::base {

// SecureZero wipes `bytes` in a way the compiler may not elide.
void SecureZero(std::span<uint8_t> bytes);

class SecureBuffer {
 public:
  SecureBuffer() = default;
  // Allocates `size` zeroed bytes.
  explicit SecureBuffer(size_t size);
  // Copies `bytes` into a new locked buffer.
  static SecureBuffer CopyOf(std::span<const uint8_t> bytes);
  ~SecureBuffer();

  SecureBuffer(const SecureBuffer&) = delete;
  SecureBuffer& operator=(const SecureBuffer&) = delete;
  SecureBuffer(SecureBuffer&& other) noexcept;
  SecureBuffer& operator=(SecureBuffer&& other) noexcept;

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::span<uint8_t> span() { return {data_, size_}; }
  std::span<const uint8_t> span() const { return {data_, size_}; }

 private:
  void Release();

  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  bool locked_ = false;
};

}  // namespace cam::base

#endif  // CAM_BASE_SECURE_BUFFER_H_
