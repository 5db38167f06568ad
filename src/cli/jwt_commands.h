// File: cli/jwt_commands.h
// `camctl jwt verify --jwks FILE [--iss X --aud Y] [--now UNIX] TOKEN`: checks an access token
// offline with the same verifier camd uses (exit 0 valid, 1 invalid with the reason, 2 usage).
#ifndef CAM_CLI_JWT_COMMANDS_H_
#define CAM_CLI_JWT_COMMANDS_H_

#include <memory>
#include <vector>

#include "cli/command.h"

namespace cam::cli {

void AddJwtCommands(CLI::App& root, std::vector<std::unique_ptr<Command>>& commands);

}  // namespace cam::cli

#endif  // CAM_CLI_JWT_COMMANDS_H_
