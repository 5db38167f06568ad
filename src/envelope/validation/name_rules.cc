#include "envelope/validation/name_rules.h"

namespace cam::envelope {
namespace {

bool IsLowerOrDigit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsAlnum(char c) { return IsLowerOrDigit(c) || (c >= 'A' && c <= 'Z'); }
bool IsKeyChar(char c) { return IsAlnum(c) || c == '_' || c == '.' || c == '-' || c == '/'; }

// Checks the segment rules on a key (or a prefix without its final '/').
bool SegmentsAreValid(std::string_view key) {
  size_t start = 0;
  while (start <= key.size()) {
    size_t end = key.find('/', start);
    if (end == std::string_view::npos) end = key.size();
    const std::string_view segment = key.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

bool IsValidNamespace(std::string_view name, const NameLimits& limits) {
  if (name.empty() || name.size() > limits.max_namespace_len) return false;
  if (!IsLowerOrDigit(name[0])) return false;
  for (char c : name) {
    if (!IsLowerOrDigit(c) && c != '_' && c != '-') return false;
  }
  return true;
}

bool IsValidKey(std::string_view key, const NameLimits& limits) {
  if (key.empty() || key.size() > limits.max_key_len || key.front() == '/') return false;
  for (char c : key) {
    if (!IsKeyChar(c)) return false;
  }
  return SegmentsAreValid(key);
}

bool IsValidKeyPrefix(std::string_view prefix, const NameLimits& limits) {
  if (prefix.empty()) return true;
  if (prefix.back() == '/') prefix.remove_suffix(1);
  return IsValidKey(prefix, limits);
}

bool IsValidAgentId(std::string_view id, const NameLimits& limits) {
  if (id.empty() || id.size() > limits.max_agent_id_len) return false;
  for (char c : id) {
    if (!IsAlnum(c) && c != '_' && c != '-') return false;
  }
  return true;
}

bool IsValidIdentifier(std::string_view id, const NameLimits& limits) {
  if (id.empty() || id.size() > limits.max_identifier_len || !IsAlnum(id[0])) return false;
  for (char c : id) {
    if (!IsAlnum(c) && c != '_' && c != '.' && c != '-') return false;
  }
  return true;
}

}  // namespace cam::envelope
