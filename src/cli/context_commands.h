// File: cli/context_commands.h
// The `camctl context ...` family (put, get, ls, versions, rm, snapshot, restore, snapshots):
// one small command class each, over the cam.v1.Memory service.
#ifndef CAM_CLI_CONTEXT_COMMANDS_H_
#define CAM_CLI_CONTEXT_COMMANDS_H_

#include <memory>
#include <vector>

#include "cli/command.h"

namespace cam::cli {

// AddContextCommands adds the `context` family under `root` and its commands to `commands`.
void AddContextCommands(CLI::App& root, std::vector<std::unique_ptr<Command>>& commands);

}  // namespace cam::cli

#endif  // CAM_CLI_CONTEXT_COMMANDS_H_
