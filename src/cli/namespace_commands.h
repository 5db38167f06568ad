// File: cli/namespace_commands.h
// The `camctl ns ...` family (create, ls, rm) over the cam.v1.Memory namespace calls.
#ifndef CAM_CLI_NAMESPACE_COMMANDS_H_
#define CAM_CLI_NAMESPACE_COMMANDS_H_

#include <memory>
#include <vector>

#include "cli/command.h"

namespace cam::cli {

// AddNamespaceCommands adds the `ns` family under `root` and its commands to `commands`.
void AddNamespaceCommands(CLI::App& root, std::vector<std::unique_ptr<Command>>& commands);

}  // namespace cam::cli

#endif  // CAM_CLI_NAMESPACE_COMMANDS_H_
