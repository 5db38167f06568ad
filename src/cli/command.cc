#include "cli/command.h"

#include <google/protobuf/descriptor.h>
#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <ostream>
#include <utility>

namespace cam::cli {

CLI::App* Command::AddSubcommand(CLI::App& parent, const CommandSpec& spec) {
  app_ = parent.add_subcommand(std::string(spec.name), std::string(spec.synopsis));
  app_->footer("Usage:\n  " + std::string(spec.usage) + "\n\nExample:\n  " +
               std::string(spec.example) + "\n\nExit codes: 0 success, 1 camd refused (reason " +
               "on stderr), 2 no answer (usage, local I/O or transport error).");
  return app_;
}

Session::Session(const CommandEnv& env, ConnectionOptions connection, OutputOptions output,
                 std::shared_ptr<grpc::ChannelInterface> channel)
    : env_(env),
      connection_(std::move(connection)),
      output_(std::move(output)),
      channel_(std::move(channel)) {}

void Session::Prepare(grpc::ClientContext& context) const { PrepareContext(connection_, context); }

int Session::Report(const CliError& error) const {
  return ReportError(error, output_.format, env_.err);
}

int Session::ReportRpc(const grpc::Status& status, const grpc::ClientContext& context) const {
  CliError error = ErrorFromCall(status, context);
  if (!error.from_server && status.error_code() == grpc::StatusCode::UNAVAILABLE) {
    error.message = "cannot reach camd at " + connection_.addr + ": " + error.message;
  } else if (!error.from_server && status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    error.message = "no answer from camd at " + connection_.addr + " within " +
                    std::to_string(connection_.timeout.count()) + "ms (--timeout)";
  }
  return Report(error);
}

int Session::ReportLocal(const absl::Status& status) const {
  return Report(LocalError(std::string(status.message())));
}

int Session::Printed(const absl::Status& status) const {
  if (status.ok()) return kExitOk;
  return ReportLocal(status);
}

int ReportError(const CliError& error, OutputFormat format, std::ostream& err) {
  err << (format == OutputFormat::kJson ? ErrorJson(error) : ErrorLine(error)) << '\n';
  err.flush();
  return ExitCodeFor(error);
}

CLI::App* RemoteCommand::AddRemoteSubcommand(CLI::App& parent, const CommandSpec& spec) {
  CLI::App* app = AddSubcommand(parent, spec);
  connection_.Register(*app);
  output_.Register(*app);
  return app;
}

absl::Status RemoteCommand::Preflight(const CommandEnv&, const OutputOptions& output) {
  if (output.field.empty()) return absl::OkStatus();
  const google::protobuf::Descriptor* root = FieldRoot();
  if (root == nullptr) return absl::InvalidArgumentError("this command has no fields to select");
  return CheckFieldPath(*root, output.field);
}

int RemoteCommand::Run(const CommandEnv& env) {
  // Until the output flags resolve, errors print as a plain line.
  absl::StatusOr<OutputOptions> output = output_.Resolve(env.getenv);
  if (!output.ok()) {
    return ReportError(LocalError(std::string(output.status().message())), OutputFormat::kTable,
                       env.err);
  }
  absl::StatusOr<ConnectionOptions> connection = connection_.Resolve(env.getenv);
  if (!connection.ok()) {
    return ReportError(LocalError(std::string(connection.status().message())), output->format,
                       env.err);
  }
  if (absl::Status s = Preflight(env, *output); !s.ok()) {
    return ReportError(LocalError(std::string(s.message())), output->format, env.err);
  }
  absl::StatusOr<std::shared_ptr<grpc::ChannelInterface>> channel = env.dial(*connection);
  if (!channel.ok()) {
    return ReportError(LocalError(std::string(channel.status().message())), output->format,
                       env.err);
  }
  Session session(env, *std::move(connection), *std::move(output), *std::move(channel));
  return Execute(session);
}

}  // namespace cam::cli
