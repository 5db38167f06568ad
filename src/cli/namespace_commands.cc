#include "cli/namespace_commands.h"

#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>

#include "cam/v1/memory.grpc.pb.h"
#include "cli/paging.h"

namespace cam::cli {
namespace {

using ::cam::v1::Memory;

class CreateCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    CLI::App* app = AddRemoteSubcommand(
        parent, {.name = "create",
                 .synopsis = "Create a namespace, optionally with quotas",
                 .usage = "camctl ns create NS [--max-bytes N] [--max-keys N]",
                 .example = "camctl ns create team-a --max-bytes 104857600 --max-keys 10000"});
    app->add_option("NS", namespace_, "namespace")->required();
    app->add_option("--max-bytes", max_bytes_, "byte quota (0: unlimited)")
        ->check(CLI::NonNegativeNumber);
    app->add_option("--max-keys", max_keys_, "key quota (0: unlimited)")
        ->check(CLI::NonNegativeNumber);
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return v1::NamespaceInfo::descriptor();
  }

  int Execute(Session& session) override {
    v1::NamespaceCreateRequest request;
    request.set_namespace_(namespace_);
    request.mutable_quota()->set_max_bytes(max_bytes_);
    request.mutable_quota()->set_max_keys(max_keys_);
    grpc::ClientContext context;
    session.Prepare(context);
    v1::NamespaceCreateResponse response;
    const grpc::Status status =
        Memory::NewStub(session.channel())->NamespaceCreate(&context, request, &response);
    if (!status.ok()) return session.ReportRpc(status, context);
    return session.Printed(
        PrintObject(response, response.namespace_info(), session.output(), session.env().out));
  }

 private:
  std::string namespace_;
  int64_t max_bytes_ = 0;
  int64_t max_keys_ = 0;
};

class ListCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    AddRemoteSubcommand(parent, {.name = "ls",
                                 .synopsis = "List the namespaces you can see",
                                 .usage = "camctl ns ls",
                                 .example = "camctl ns ls --field namespace"});
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return v1::NamespaceInfo::descriptor();
  }

  int Execute(Session& session) override {
    auto stub = Memory::NewStub(session.channel());
    v1::NamespaceListResponse response;
    const int code = FetchAllPages(session, "", response,
                                   [&](grpc::ClientContext& context, const std::string& token,
                                       v1::NamespaceListResponse& page) {
                                     v1::NamespaceListRequest request;
                                     request.set_page_token(token);
                                     return stub->NamespaceList(&context, request, &page);
                                   });
    if (code != kExitOk) return code;
    static constexpr Column kColumns[] = {
        {"namespace", "namespace"},     {"owner", "owner"},
        {"keys", "usage.keys"},         {"bytes", "usage.bytes"},
        {"max_keys", "quota.max_keys"}, {"max_bytes", "quota.max_bytes"},
        {"created", "create_time"}};
    return session.Printed(
        PrintList(response, "namespaces", kColumns, session.output(), session.env().out));
  }
};

class RemoveCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    CLI::App* app = AddRemoteSubcommand(
        parent, {.name = "rm",
                 .synopsis = "Delete a namespace and destroy its data key (operator only)",
                 .usage = "camctl ns rm NS [--force]",
                 .example = "camctl ns rm team-a --force"});
    app->add_option("NS", namespace_, "namespace")->required();
    app->add_flag("--force", force_, "also destroy every key it still holds");
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return v1::NamespaceDeleteResponse::descriptor();
  }

  int Execute(Session& session) override {
    v1::NamespaceDeleteRequest request;
    request.set_namespace_(namespace_);
    request.set_force(force_);
    grpc::ClientContext context;
    session.Prepare(context);
    v1::NamespaceDeleteResponse response;
    const grpc::Status status =
        Memory::NewStub(session.channel())->NamespaceDelete(&context, request, &response);
    if (!status.ok()) return session.ReportRpc(status, context);
    return session.Printed(PrintObject(response, response, session.output(), session.env().out));
  }

 private:
  std::string namespace_;
  bool force_ = false;
};

}  // namespace

void AddNamespaceCommands(CLI::App& root, std::vector<std::unique_ptr<Command>>& commands) {
  CLI::App* family = root.add_subcommand("ns", "Namespaces and their quotas: create, ls, rm");
  family->require_subcommand(1);
  std::vector<std::unique_ptr<Command>> added;
  added.push_back(std::make_unique<CreateCommand>());
  added.push_back(std::make_unique<ListCommand>());
  added.push_back(std::make_unique<RemoveCommand>());
  for (auto& command : added) {
    command->Register(*family);
    commands.push_back(std::move(command));
  }
}

}  // namespace cam::cli
