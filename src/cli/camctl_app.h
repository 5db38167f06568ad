// File: cli/camctl_app.h
// RunCamctl: the whole camctl command line (every family registered, parse, run the chosen
// command) as a function of its arguments and a CommandEnv, so tests run it in-process.
#ifndef CAM_CLI_CAMCTL_APP_H_
#define CAM_CLI_CAMCTL_APP_H_

#include <string>
#include <vector>

#include "cli/command.h"

namespace cam::cli {

// RunCamctl parses `args` (without the program name) and runs the command; returns the exit
// code. Help exits 0; a usage error prints one `Error:` line and exits 2.
int RunCamctl(std::vector<std::string> args, const CommandEnv& env);

}  // namespace cam::cli

#endif  // CAM_CLI_CAMCTL_APP_H_
