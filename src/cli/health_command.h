// File: cli/health_command.h
// `camctl health`: the standard grpc.health.v1 Check against camd; prints SERVING or NOT_SERVING.
#ifndef CAM_CLI_HEALTH_COMMAND_H_
#define CAM_CLI_HEALTH_COMMAND_H_

#include <memory>
#include <vector>

#include "cli/command.h"

namespace cam::cli {

// AddHealthCommand adds `health` under `root` and the command to `commands`.
void AddHealthCommand(CLI::App& root, std::vector<std::unique_ptr<Command>>& commands);

}  // namespace cam::cli

#endif  // CAM_CLI_HEALTH_COMMAND_H_
