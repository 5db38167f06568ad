// camctl: the command-line client of camd. Everything but process wiring lives in camctl_app.
#include <grpc/support/log.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cli/camctl_app.h"
#include "cli/connection_flags.h"

namespace {

// gRPC's own log lines would break the one-line error contract on stderr; they come back when
// the user asks for them with GRPC_VERBOSITY.
void DropGrpcLog(gpr_log_func_args*) {}

}  // namespace

int main(int argc, char** argv) {
  if (std::getenv("GRPC_VERBOSITY") == nullptr) gpr_set_log_function(DropGrpcLog);
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  const cam::cli::CommandEnv env{.out = std::cout,
                                 .err = std::cerr,
                                 .in = std::cin,
                                 .getenv = cam::cli::ProcessEnv(),
                                 .dial = cam::cli::DialTls};
  const int code = cam::cli::RunCamctl(std::move(args), env);
  std::cout.flush();
  return code;
}
