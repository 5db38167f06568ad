// File: cli/policy_commands.h
// `camctl policy get|put|ls` against camd, and `camctl policy test FILE` for policy authors:
// compiles a policy document (protobuf JSON) locally with camd's own compiler and shows the
// decision for one request (exit 0 allowed, 1 denied, 2 invalid document or usage).
#ifndef CAM_CLI_POLICY_COMMANDS_H_
#define CAM_CLI_POLICY_COMMANDS_H_

#include <memory>
#include <vector>

#include "cli/command.h"

namespace cam::cli {

void AddPolicyCommands(CLI::App& root, std::vector<std::unique_ptr<Command>>& commands);

}  // namespace cam::cli

#endif  // CAM_CLI_POLICY_COMMANDS_H_
