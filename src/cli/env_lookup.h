// File: cli/env_lookup.h
// EnvLookup: how camctl reads its environment (CAM_ADDR, CAM_FORMAT, ...). Injected, so flag
// resolution is testable without touching the process environment.
#ifndef CAM_CLI_ENV_LOOKUP_H_
#define CAM_CLI_ENV_LOOKUP_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace cam::cli {

// Returns the variable's value, or nullopt when it is not set.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// ProcessEnv reads the real environment.
EnvLookup ProcessEnv();

// FlagOrEnv is the value a flag ends up with and where it came from, for error messages.
struct FlagOrEnv {
  std::string value;
  std::string source;  // "--addr", "CAM_ADDR" or "default"
};

// PickFlagOrEnv applies the precedence flag > environment > default. An environment variable set
// to the empty string counts as unset (the shell idiom `CAM_TOKEN= camctl ...`).
FlagOrEnv PickFlagOrEnv(bool flag_given, const std::string& flag_value, std::string_view flag_name,
                        std::string_view env_name, const EnvLookup& env,
                        std::string_view default_value);

}  // namespace cam::cli

#endif  // CAM_CLI_ENV_LOOKUP_H_
