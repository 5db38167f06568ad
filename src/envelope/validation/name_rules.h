// File: envelope/validation/name_rules.h
// The settled name rules of DESIGN section 5: namespaces, keys, key prefixes, agent ids and
// identifiers. Written by hand rather than as regexes: they run on every call, and the key rule
// has segment conditions a regex states badly.
#ifndef CAM_ENVELOPE_VALIDATION_NAME_RULES_H_
#define CAM_ENVELOPE_VALIDATION_NAME_RULES_H_

#include <cstddef>
#include <string_view>

namespace cam::envelope {

struct NameLimits {
  size_t max_namespace_len = 64;  // ^[a-z0-9][a-z0-9_-]{0,63}$
  size_t max_key_len = 256;       // ^[A-Za-z0-9_.\-/]{1,256}$
  size_t max_agent_id_len = 128;  // ^[A-Za-z0-9_-]{1,128}$
  size_t max_identifier_len = 128;
};

bool IsValidNamespace(std::string_view name, const NameLimits& limits);
// A key: allowed characters, no leading '/', no empty, '.' or '..' segment.
bool IsValidKey(std::string_view key, const NameLimits& limits);
// A key prefix for listing: empty, or a key that may end with '/'.
bool IsValidKeyPrefix(std::string_view prefix, const NameLimits& limits);
bool IsValidAgentId(std::string_view id, const NameLimits& limits);
// ^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$
bool IsValidIdentifier(std::string_view id, const NameLimits& limits);

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_VALIDATION_NAME_RULES_H_
