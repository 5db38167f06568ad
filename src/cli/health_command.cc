#include "cli/health_command.h"

#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>

#include "grpc/health/v1/health.grpc.pb.h"

namespace cam::cli {
namespace {

using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;

class HealthCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    CLI::App* app = AddRemoteSubcommand(
        parent, {.name = "health",
                 .synopsis = "Ask camd whether it is serving (grpc.health.v1 Check)",
                 .usage = "camctl health [--service NAME]",
                 .example = "camctl health --addr 127.0.0.1:7443"});
    app->add_option("--service", service_, "a service name, e.g. cam.v1.Memory (default: camd)");
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return HealthCheckResponse::descriptor();
  }

  int Execute(Session& session) override {
    HealthCheckRequest request;
    request.set_service(service_);
    grpc::ClientContext context;
    session.Prepare(context);
    HealthCheckResponse response;
    const grpc::Status status =
        grpc::health::v1::Health::NewStub(session.channel())->Check(&context, request, &response);
    if (!status.ok()) return session.ReportRpc(status, context);
    std::ostream& out = session.env().out;
    if (session.output().format == OutputFormat::kJson || !session.output().field.empty()) {
      if (int code = session.Printed(PrintObject(response, response, session.output(), out));
          code != kExitOk) {
        return code;
      }
    } else {
      out << HealthCheckResponse::ServingStatus_Name(response.status()) << '\n';
    }
    // Anything but SERVING is camd's "no".
    return response.status() == HealthCheckResponse::SERVING ? kExitOk : kExitRefused;
  }

 private:
  std::string service_;
};

}  // namespace

void AddHealthCommand(CLI::App& root, std::vector<std::unique_ptr<Command>>& commands) {
  auto command = std::make_unique<HealthCommand>();
  command->Register(root);
  commands.push_back(std::move(command));
}

}  // namespace cam::cli
