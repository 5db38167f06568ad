#include "cli/policy_commands.h"

#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <sstream>

#include "cam/v1/policy.grpc.pb.h"
#include "cli/paging.h"
#include "policy/policy_compiler.h"
#include "syscalls/policy/policy_syscalls.h"

namespace cam::cli {
namespace {

using ::cam::v1::Policy;

absl::StatusOr<v1::PolicyDocument> ReadDocument(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot read \"" + path + "\"");
  std::ostringstream text;
  text << in.rdbuf();
  v1::PolicyDocument document;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto parsed = google::protobuf::util::JsonStringToMessage(text.str(), &document, options);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        "\"" + path + "\" is not a policy document: " + std::string(parsed.message()));
  }
  return document;
}

class PolicyTestCommand : public Command {
 public:
  void Register(CLI::App& parent) override {
    app_ = AddSubcommand(
        parent,
        {.name = "test",
         .synopsis = "Decide one request against a policy file, offline (exit 0 allowed, 1 denied)",
         .usage = "camctl policy test FILE --principal ID --action A --resource R [--kind K] "
                  "[--tenant T] [--scope S]... [--source IP] [--claim K=V]...",
         .example = "camctl policy test team.json --principal agent-7 --action memory.read "
                    "--resource ns/team-a/notes/x"});
    app_->add_option("FILE", file_, "policy document, protobuf JSON")->required();
    app_->add_option("--principal", request_.principal_id, "principal id")->required();
    app_->add_option("--kind", kind_, "agent (default), operator or service")
        ->check(CLI::IsMember({"agent", "operator", "service"}));
    app_->add_option("--tenant", request_.tenant, "principal tenant");
    app_->add_option("--scope", request_.scopes, "principal scopes");
    app_->add_option("--action", request_.action, "e.g. memory.write")->required();
    app_->add_option("--resource", request_.resource, "e.g. ns/team-a/notes/today")->required();
    app_->add_option("--source", request_.source_address, "source IP address");
    app_->add_option("--claim", claims_, "claim NAME=VALUE (repeatable)");
    app_->add_option("-o,--output", format_, "table (default) or json");
  }

  int Run(const CommandEnv& env) override {
    absl::StatusOr<OutputFormat> format = ParseOutputFormat(format_.empty() ? "table" : format_);
    if (!format.ok())
      return ReportError(LocalError(std::string(format.status().message())), OutputFormat::kTable,
                         env.err);
    absl::StatusOr<v1::PolicyDocument> document = ReadDocument(file_);
    if (!document.ok())
      return ReportError(LocalError(std::string(document.status().message())), *format, env.err);
    absl::StatusOr<std::shared_ptr<const policy::CompiledPolicySet>> compiled =
        policy::CompilePolicySet(std::span<const v1::PolicyDocument>(&*document, 1));
    if (!compiled.ok()) {
      CliError error = LocalError(std::string(compiled.status().message()));
      error.reason = "CAM_POLICY_INVALID";
      return ReportError(error, *format, env.err);
    }
    request_.principal_kind = kind_ == "operator"  ? policy::PrincipalKind::kOperator
                              : kind_ == "service" ? policy::PrincipalKind::kService
                                                   : policy::PrincipalKind::kAgent;
    for (const std::string& claim : claims_) {
      const size_t eq = claim.find('=');
      if (eq == std::string::npos) {
        return ReportError(LocalError("--claim wants NAME=VALUE, got \"" + claim + "\""), *format,
                           env.err);
      }
      request_.claims[claim.substr(0, eq)].push_back(claim.substr(eq + 1));
    }
    request_.time = absl::Now();
    const policy::Decision decision = (*compiled)->Decide(request_);
    const v1::PolicyQueryResponse response = syscalls::DecisionToProto(decision);
    if (*format == OutputFormat::kJson) {
      env.out << ToJson(response) << '\n';
    } else {
      env.out << (decision.allowed ? "ALLOW" : "DENY") << " (" << decision.DecidingRule() << ")\n";
      for (const policy::MatchedRule& rule : decision.matched_rules) {
        env.out << "  matched " << rule.policy_id << "/" << rule.rule_id
                << (rule.effect == policy::Effect::kDeny ? " deny" : " allow")
                << (rule.shadow ? " (shadow)" : "") << '\n';
      }
    }
    return decision.allowed ? kExitOk : kExitRefused;
  }

 private:
  std::string file_, kind_ = "agent", format_;
  std::vector<std::string> claims_;
  policy::AccessRequest request_;
};

class PolicyPutCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    CLI::App* app = AddRemoteSubcommand(
        parent, {.name = "put",
                 .synopsis = "Validate and store a policy document (operator; applied atomically)",
                 .usage = "camctl policy put FILE [--expected-version N] [--dry-run]",
                 .example = "camctl policy put team.json --expected-version 0"});
    app->add_option("FILE", file_, "policy document, protobuf JSON")->required();
    expected_opt_ = app->add_option("--expected-version", expected_version_,
                                    "store only if the current version is N (0: must not exist)");
    app->add_flag("--dry-run", dry_run_, "check and report; store nothing");
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return v1::PolicyUpdateResponse::descriptor();
  }
  absl::Status Preflight(const CommandEnv& env, const OutputOptions& output) override {
    if (absl::Status base = RemoteCommand::Preflight(env, output); !base.ok()) return base;
    absl::StatusOr<v1::PolicyDocument> document = ReadDocument(file_);
    if (!document.ok()) return document.status();
    *request_.mutable_document() = *std::move(document);
    if (expected_opt_->count() > 0) request_.set_expected_version(expected_version_);
    request_.set_dry_run(dry_run_);
    return absl::OkStatus();
  }
  int Execute(Session& session) override {
    grpc::ClientContext context;
    session.Prepare(context);
    v1::PolicyUpdateResponse response;
    const grpc::Status status =
        Policy::NewStub(session.channel())->PolicyUpdate(&context, request_, &response);
    if (!status.ok()) return session.ReportRpc(status, context);
    if (int code =
            session.Printed(PrintObject(response, response, session.output(), session.env().out));
        code != kExitOk) {
      return code;
    }
    return response.diagnostics_size() > 0 && !response.applied() && !dry_run_ ? kExitRefused
                                                                               : kExitOk;
  }

 private:
  std::string file_;
  int64_t expected_version_ = 0;
  CLI::Option* expected_opt_ = nullptr;
  bool dry_run_ = false;
  v1::PolicyUpdateRequest request_;
};

class PolicyGetCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    CLI::App* app =
        AddRemoteSubcommand(parent, {.name = "get",
                                     .synopsis = "Show a stored policy document",
                                     .usage = "camctl policy get ID [--version N]",
                                     .example = "camctl policy get team-a --output json"});
    app->add_option("ID", id_, "policy id")->required();
    app->add_option("--version", version_, "a past version (default: latest)")
        ->check(CLI::NonNegativeNumber);
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return v1::PolicyDocument::descriptor();
  }
  int Execute(Session& session) override {
    v1::PolicyGetRequest request;
    request.set_policy_id(id_);
    request.set_version(version_);
    grpc::ClientContext context;
    session.Prepare(context);
    v1::PolicyGetResponse response;
    const grpc::Status status =
        Policy::NewStub(session.channel())->PolicyGet(&context, request, &response);
    if (!status.ok()) return session.ReportRpc(status, context);
    return session.Printed(
        PrintObject(response, response.document(), session.output(), session.env().out));
  }

 private:
  std::string id_;
  int64_t version_ = 0;
};

class PolicyListCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    AddRemoteSubcommand(parent, {.name = "ls",
                                 .synopsis = "List stored policies (latest versions)",
                                 .usage = "camctl policy ls",
                                 .example = "camctl policy ls --field policy_id"});
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return v1::PolicySummary::descriptor();
  }
  int Execute(Session& session) override {
    auto stub = Policy::NewStub(session.channel());
    v1::PolicyListResponse response;
    const int code = FetchAllPages(
        session, "", response,
        [&](grpc::ClientContext& context, const std::string& token, v1::PolicyListResponse& page) {
          v1::PolicyListRequest request;
          request.set_page_token(token);
          return stub->PolicyList(&context, request, &page);
        });
    if (code != kExitOk) return code;
    static constexpr Column kColumns[] = {
        {"policy_id", "policy_id"}, {"version", "version"},         {"tenant", "tenant"},
        {"rules", "rule_count"},    {"enforcement", "enforcement"}, {"updated", "update_time"}};
    return session.Printed(
        PrintList(response, "policies", kColumns, session.output(), session.env().out));
  }
};

}  // namespace

void AddPolicyCommands(CLI::App& root, std::vector<std::unique_ptr<Command>>& commands) {
  CLI::App* group = root.add_subcommand("policy", "Policies: get, put, ls, and test offline");
  group->require_subcommand(1);
  std::vector<std::unique_ptr<Command>> added;
  added.push_back(std::make_unique<PolicyGetCommand>());
  added.push_back(std::make_unique<PolicyPutCommand>());
  added.push_back(std::make_unique<PolicyListCommand>());
  added.push_back(std::make_unique<PolicyTestCommand>());
  for (auto& command : added) {
    command->Register(*group);
    commands.push_back(std::move(command));
  }
}

}  // namespace cam::cli
