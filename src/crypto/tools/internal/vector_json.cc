#include "crypto/tools/internal/vector_json.h"

#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "base/hex.h"

namespace cam::crypto::tools::internal {

absl::StatusOr<nlohmann::json> LoadJsonFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot open " + path.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  nlohmann::json doc = nlohmann::json::parse(buffer.str(), /*cb=*/nullptr,
                                             /*allow_exceptions=*/false);
  if (doc.is_discarded()) return absl::InvalidArgumentError("not valid JSON");
  return doc;
}

const nlohmann::json* Find(const nlohmann::json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  const auto it = obj.find(std::string(key));
  return it == obj.end() ? nullptr : &*it;
}

const nlohmann::json* FindArray(const nlohmann::json& obj, std::string_view key) {
  const nlohmann::json* value = Find(obj, key);
  return value != nullptr && value->is_array() ? value : nullptr;
}

std::string StringOr(const nlohmann::json& obj, std::string_view key, std::string fallback) {
  const nlohmann::json* value = Find(obj, key);
  return value != nullptr && value->is_string() ? value->get<std::string>() : fallback;
}

std::string CaseLabel(const nlohmann::json& test) {
  std::string label = "tcId ";
  const nlohmann::json* id = Find(test, "tcId");
  label += id != nullptr && id->is_number_integer() ? std::to_string(id->get<int64_t>()) : "?";
  const std::string comment = StringOr(test, "comment");
  if (!comment.empty()) label += " (" + comment + ")";
  return label;
}

void FieldReader::Note(std::string_view key, std::string_view problem) {
  if (error_.empty()) error_ = "vector member '" + std::string(key) + "' " + std::string(problem);
}

Bytes FieldReader::Hex(std::string_view key) {
  const nlohmann::json* value = Find(obj_, key);
  if (value == nullptr || !value->is_string()) {
    Note(key, value == nullptr ? "is missing" : "is not a string");
    return {};
  }
  absl::StatusOr<Bytes> bytes = base::HexDecode(value->get_ref<const std::string&>());
  if (!bytes.ok()) {
    Note(key, "is not hex");
    return {};
  }
  return *std::move(bytes);
}

Bytes FieldReader::HexOrEmpty(std::string_view key) {
  const nlohmann::json* value = Find(obj_, key);
  return value == nullptr || value->is_null() ? Bytes{} : Hex(key);
}

std::string FieldReader::String(std::string_view key) {
  const nlohmann::json* value = Find(obj_, key);
  if (value == nullptr || !value->is_string()) {
    Note(key, value == nullptr ? "is missing" : "is not a string");
    return {};
  }
  return value->get<std::string>();
}

int64_t FieldReader::Int(std::string_view key) {
  const nlohmann::json* value = Find(obj_, key);
  if (value == nullptr || !value->is_number_integer()) {
    Note(key, value == nullptr ? "is missing" : "is not an integer");
    return 0;
  }
  return value->get<int64_t>();
}

bool FieldReader::Bool(std::string_view key) {
  const nlohmann::json* value = Find(obj_, key);
  if (value == nullptr || !value->is_boolean()) {
    Note(key, value == nullptr ? "is missing" : "is not a boolean");
    return false;
  }
  return value->get<bool>();
}

bool FieldReader::BoolOr(std::string_view key, bool fallback) {
  return Find(obj_, key) == nullptr ? fallback : Bool(key);
}

}  // namespace cam::crypto::tools::internal
