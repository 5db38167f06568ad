// File: crypto/tools/internal/vector_json.h
// Exception-free access to vector JSON: load a file (nlohmann parse with allow_exceptions=false)
// and read typed members through FieldReader, which records the first missing or mistyped
// member instead of throwing, so a malformed vector is a failed case, never a crash.
#ifndef CAM_CRYPTO_TOOLS_INTERNAL_VECTOR_JSON_H_
#define CAM_CRYPTO_TOOLS_INTERNAL_VECTOR_JSON_H_

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace cam::crypto::tools::internal {

using Bytes = std::vector<uint8_t>;

// LoadJsonFile reads and parses `path`; an unreadable file or malformed JSON is an error.
absl::StatusOr<nlohmann::json> LoadJsonFile(const std::filesystem::path& path);

// Find returns the member `key` of `obj`, or nullptr if `obj` is not an object or lacks it.
const nlohmann::json* Find(const nlohmann::json& obj, std::string_view key);

// FindArray is Find restricted to array members.
const nlohmann::json* FindArray(const nlohmann::json& obj, std::string_view key);

// StringOr returns the string member `key`, or `fallback` if absent or not a string.
std::string StringOr(const nlohmann::json& obj, std::string_view key, std::string fallback = "");

// CaseLabel names a test case for failure lines: "tcId 12 (comment)".
std::string CaseLabel(const nlohmann::json& test);

// FieldReader reads members of one JSON object. Each getter returns a neutral value (empty,
// 0, false) on a problem and remembers the first problem; check ok() after reading.
class FieldReader {
 public:
  explicit FieldReader(const nlohmann::json& obj) : obj_(obj) {}

  // Hex decodes a required hex-string member.
  Bytes Hex(std::string_view key);
  // HexOrEmpty is Hex, but an absent or null member reads as empty bytes.
  Bytes HexOrEmpty(std::string_view key);
  std::string String(std::string_view key);
  int64_t Int(std::string_view key);
  bool Bool(std::string_view key);
  // BoolOr returns `fallback` when the member is absent (but still flags a non-boolean).
  bool BoolOr(std::string_view key, bool fallback);
  bool Has(std::string_view key) const { return Find(obj_, key) != nullptr; }

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  void Note(std::string_view key, std::string_view problem);

  const nlohmann::json& obj_;
  std::string error_;
};

}  // namespace cam::crypto::tools::internal

#endif  // CAM_CRYPTO_TOOLS_INTERNAL_VECTOR_JSON_H_
