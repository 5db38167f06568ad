// File: cli/crypto_commands.h
// `camctl crypto`: offline post-quantum operations for users and interop tests, hex in and hex
// out, with no connection to camd: `mlkem768 keygen|encaps|decaps|check-ek`,
// `mldsa65 keygen|sign|verify`, `xwing keygen|encaps|decaps`. They run the same code as camd
// (src/crypto/tools/hex_crypto_ops.h).
//
// Output: one `name value` line per result (`--output json`: one JSON object). Exit codes: 0 done
// (and, for verify and check-ek, valid), 1 the input was well-formed but the signature or key is
// invalid, 2 usage error or malformed input.
#ifndef CAM_CLI_CRYPTO_COMMANDS_H_
#define CAM_CLI_CRYPTO_COMMANDS_H_

#include <memory>
#include <vector>

#include "cli/command.h"

namespace cam::cli {

// AddCryptoCommands adds `crypto` and its subcommands under `root`.
void AddCryptoCommands(CLI::App& root, std::vector<std::unique_ptr<Command>>& commands);

}  // namespace cam::cli

#endif  // CAM_CLI_CRYPTO_COMMANDS_H_
