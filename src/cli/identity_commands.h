// File: cli/identity_commands.h
// Identity commands: `whoami` (Profile), `token issue` (TokenIssue; prints the token for
// CAM_TOKEN; `--totp CODE` adds the TOTP factor, `--bound` binds it to the client certificate),
// `apikey create|ls|revoke|rotate` and `totp enroll|confirm|reset`.
#ifndef CAM_CLI_IDENTITY_COMMANDS_H_
#define CAM_CLI_IDENTITY_COMMANDS_H_

#include <memory>
#include <vector>

#include "cli/command.h"

namespace cam::cli {

void AddIdentityCommands(CLI::App& root, std::vector<std::unique_ptr<Command>>& commands);

}  // namespace cam::cli

#endif  // CAM_CLI_IDENTITY_COMMANDS_H_
