#include "cli/env_lookup.h"

#include <cstdlib>

namespace cam::cli {

EnvLookup ProcessEnv() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

FlagOrEnv PickFlagOrEnv(bool flag_given, const std::string& flag_value, std::string_view flag_name,
                        std::string_view env_name, const EnvLookup& env,
                        std::string_view default_value) {
  if (flag_given) return {flag_value, std::string(flag_name)};
  if (!env_name.empty() && env) {
    if (std::optional<std::string> value = env(env_name); value.has_value() && !value->empty()) {
      return {*value, std::string(env_name)};
    }
  }
  return {std::string(default_value), "default"};
}

}  // namespace cam::cli
