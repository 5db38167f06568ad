#include "cli/camctl_app.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <memory>
#include <ostream>

#include "cli/context_commands.h"
#include "cli/crypto_commands.h"
#include "cli/health_command.h"
#include "cli/identity_commands.h"
#include "cli/jwt_commands.h"
#include "cli/namespace_commands.h"
#include "cli/policy_commands.h"

namespace cam::cli {

int RunCamctl(std::vector<std::string> args, const CommandEnv& env) {
  CLI::App app("camctl: the command-line client of camd", "camctl");
  app.require_subcommand(1);
  app.footer(
      "Connection settings come from flags or CAM_ADDR, CAM_CACERT, CAM_CLIENT_CERT, "
      "CAM_CLIENT_KEY, CAM_TOKEN, CAM_API_KEY; output from --output or CAM_FORMAT.\n"
      "Run 'camctl COMMAND --help' for a command's flags and an example.");
  std::vector<std::unique_ptr<Command>> commands;
  AddContextCommands(app, commands);
  AddNamespaceCommands(app, commands);
  AddHealthCommand(app, commands);
  AddCryptoCommands(app, commands);
  AddIdentityCommands(app, commands);
  AddPolicyCommands(app, commands);
  AddJwtCommands(app, commands);

  // CLI11 consumes its argument vector from the back.
  std::reverse(args.begin(), args.end());
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
      return app.exit(e, env.out, env.err);
    }
    env.err << "Error: " << e.what() << " (run with --help for usage)\n";
    return kExitNoAnswer;
  }
  for (const auto& command : commands) {
    if (command->app() != nullptr && command->app()->parsed()) return command->Run(env);
  }
  env.err << "Error: no command given (run with --help for usage)\n";
  return kExitNoAnswer;
}

}  // namespace cam::cli
