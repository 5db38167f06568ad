#include "base/secure_buffer.h"

#include <sys/mman.h>

#include <cstring>
#include <new>
#include <utility>

namespace cam::base {

void SecureZero(std::span<uint8_t> bytes) {
  if (!bytes.empty()) explicit_bzero(bytes.data(), bytes.size());
}

SecureBuffer::SecureBuffer(size_t size) : size_(size) {
  if (size_ == 0) return;
  data_ = new uint8_t[size_]();
  locked_ = mlock(data_, size_) == 0;
}

SecureBuffer SecureBuffer::CopyOf(std::span<const uint8_t> bytes) {
  SecureBuffer buffer(bytes.size());
  if (!bytes.empty()) std::memcpy(buffer.data_, bytes.data(), bytes.size());
  return buffer;
}

SecureBuffer::~SecureBuffer() { Release(); }

SecureBuffer::SecureBuffer(SecureBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      locked_(std::exchange(other.locked_, false)) {}

SecureBuffer& SecureBuffer::operator=(SecureBuffer&& other) noexcept {
  if (this != &other) {
    Release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    locked_ = std::exchange(other.locked_, false);
  }
  return *this;
}

void SecureBuffer::Release() {
  if (data_ == nullptr) return;
  SecureZero({data_, size_});
  if (locked_) munlock(data_, size_);
  delete[] data_;
  data_ = nullptr;
  size_ = 0;
  locked_ = false;
}

}  // namespace cam::base
