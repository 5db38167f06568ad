// File: cli/command.h
// The shape every camctl command shares (after Vault's BaseCommand): CommandEnv (streams,
// environment and dialer, injected), Command (register flags, Run -> exit code), and
// RemoteCommand, which adds the connection and output groups and a Session for talking to camd.
#ifndef CAM_CLI_COMMAND_H_
#define CAM_CLI_COMMAND_H_

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cli/cli_errors.h"
#include "cli/connection_flags.h"
#include "cli/env_lookup.h"
#include "cli/output_format.h"

namespace CLI {
class App;
}  // namespace CLI

namespace google::protobuf {
class Descriptor;
}  // namespace google::protobuf

namespace grpc {
class ChannelInterface;
class ClientContext;
class Status;
}  // namespace grpc

namespace cam::cli {

// Opens a channel for resolved connection settings. Production uses DialTls; tests dial an
// in-process server.
using Dialer = std::function<absl::StatusOr<std::shared_ptr<grpc::ChannelInterface>>(
    const ConnectionOptions&)>;

struct CommandEnv {
  std::ostream& out;  // data
  std::ostream& err;  // errors and notes
  std::istream& in;   // for --stdin
  EnvLookup getenv;
  Dialer dial;
};

// What one command is told about itself; its help is built from it.
struct CommandSpec {
  std::string_view name;
  std::string_view synopsis;  // one line, shown in the parent's command list
  std::string_view usage;     // e.g. "camctl context get NS KEY [--version N] [--raw]"
  std::string_view example;   // a runnable command line
};

class Command {
 public:
  virtual ~Command() = default;
  // Register adds this command (its subcommand and flags) under `parent`.
  virtual void Register(CLI::App& parent) = 0;
  // Run executes the parsed command and returns the exit code.
  virtual int Run(const CommandEnv& env) = 0;
  // The subcommand created by Register.
  CLI::App* app() const { return app_; }

 protected:
  // AddSubcommand creates the subcommand with its synopsis, usage and example in its help.
  CLI::App* AddSubcommand(CLI::App& parent, const CommandSpec& spec);
  CLI::App* app_ = nullptr;
};

// Session: a resolved connection to camd plus the output settings of one command run.
class Session {
 public:
  Session(const CommandEnv& env, ConnectionOptions connection, OutputOptions output,
          std::shared_ptr<grpc::ChannelInterface> channel);

  const CommandEnv& env() const { return env_; }
  const OutputOptions& output() const { return output_; }
  const std::shared_ptr<grpc::ChannelInterface>& channel() const { return channel_; }

  // Prepare sets the deadline and the bearer token on a call's context.
  void Prepare(grpc::ClientContext& context) const;

  // Report prints `error` to stderr as one line, or as JSON with --output json, and returns its
  // exit code.
  int Report(const CliError& error) const;
  int ReportRpc(const grpc::Status& status, const grpc::ClientContext& context) const;
  int ReportLocal(const absl::Status& status) const;

  // Printed reports an output error (an unknown --field after the call) or returns kExitOk.
  int Printed(const absl::Status& status) const;

 private:
  const CommandEnv& env_;
  ConnectionOptions connection_;
  OutputOptions output_;
  std::shared_ptr<grpc::ChannelInterface> channel_;
};

// ReportError prints `error` per `format` and returns its exit code; used before a Session
// exists.
int ReportError(const CliError& error, OutputFormat format, std::ostream& err);

class RemoteCommand : public Command {
 public:
  int Run(const CommandEnv& env) final;

 protected:
  // AddRemoteSubcommand is AddSubcommand plus the connection and output groups.
  CLI::App* AddRemoteSubcommand(CLI::App& parent, const CommandSpec& spec);

  // Preflight runs after flags resolve and before dialing: local checks and input reading. An
  // error is a local error (exit 2).
  virtual absl::Status Preflight(const CommandEnv& env, const OutputOptions& output);
  // Execute talks to camd.
  virtual int Execute(Session& session) = 0;

  // FieldDescriptorRoot names the message --field applies to (checked in Preflight by default);
  // nullptr accepts no --field.
  virtual const google::protobuf::Descriptor* FieldRoot() const = 0;

 private:
  ConnectionFlags connection_;
  OutputFlags output_;
};

}  // namespace cam::cli

#endif  // CAM_CLI_COMMAND_H_
