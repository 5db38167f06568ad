#include "cli/identity_commands.h"

#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>

#include "cam/v1/identity.grpc.pb.h"
#include "cli/paging.h"

namespace cam::cli {
namespace {

using ::cam::v1::Identity;

// UnaryCall runs one Identity RPC with the session's deadline and token and prints `shown`.
template <typename Request, typename Response, typename Rpc>
int UnaryCall(Session& session, const Request& request, Response& response, Rpc rpc) {
  grpc::ClientContext context;
  session.Prepare(context);
  auto stub = Identity::NewStub(session.channel());
  const grpc::Status status = ((*stub).*rpc)(&context, request, &response);
  if (!status.ok()) return session.ReportRpc(status, context);
  return kExitOk;
}

v1::PrincipalKind ParseKind(const std::string& kind) {
  if (kind == "operator") return v1::PRINCIPAL_KIND_OPERATOR;
  if (kind == "service") return v1::PRINCIPAL_KIND_SERVICE;
  return v1::PRINCIPAL_KIND_AGENT;
}

class WhoamiCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    AddRemoteSubcommand(parent, {.name = "whoami",
                                 .synopsis = "Show the principal camd sees for your credentials",
                                 .usage = "camctl whoami",
                                 .example = "camctl whoami --output json"});
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return v1::Principal::descriptor();
  }
  int Execute(Session& session) override {
    v1::ProfileResponse response;
    if (int code = UnaryCall(session, v1::ProfileRequest(), response, &Identity::Stub::Profile);
        code != kExitOk) {
      return code;
    }
    return session.Printed(
        PrintObject(response, response.principal(), session.output(), session.env().out));
  }
};

class TokenIssueCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    CLI::App* app = AddRemoteSubcommand(
        parent, {.name = "issue",
                 .synopsis = "Get a short-lived access token for your certificate or API key",
                 .usage = "camctl token issue [--scope S]... [--ttl SECONDS] [--mldsa] "
                          "[--totp CODE] [--bound]",
                 .example = "export CAM_TOKEN=$(camctl token issue --totp 123456 --field "
                            "access_token)"});
    app->add_option("--scope", scopes_, "limit the token to these scopes (e.g. memory.read)");
    app->add_option("--ttl", ttl_seconds_, "lifetime in seconds (default: camd's, 15 min)")
        ->check(CLI::PositiveNumber);
    app->add_option("--audience", audience_, "audience (default: camd's)");
    app->add_flag("--mldsa", mldsa_, "sign with ML-DSA-65 instead of Ed25519");
    app->add_option("--totp", totp_code_,
                    "a code from your authenticator: adds the TOTP factor (operators with an "
                    "API key need it)");
    app->add_flag("--bound", bound_,
                  "bind the token to this connection's client certificate (RFC 8705)");
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return v1::TokenIssueResponse::descriptor();
  }
  int Execute(Session& session) override {
    v1::TokenIssueRequest request;
    for (const std::string& scope : scopes_) request.add_scopes(scope);
    if (ttl_seconds_ > 0) request.mutable_lifetime()->set_seconds(ttl_seconds_);
    request.set_audience(audience_);
    if (mldsa_) request.set_algorithm(v1::TOKEN_ALGORITHM_ML_DSA_65);
    request.set_totp_code(totp_code_);
    request.set_certificate_bound(bound_);
    v1::TokenIssueResponse response;
    if (int code = UnaryCall(session, request, response, &Identity::Stub::TokenIssue);
        code != kExitOk) {
      return code;
    }
    return session.Printed(PrintObject(response, response, session.output(), session.env().out));
  }

 private:
  std::vector<std::string> scopes_;
  int64_t ttl_seconds_ = 0;
  std::string audience_;
  bool mldsa_ = false;
  std::string totp_code_;
  bool bound_ = false;
};

class TotpEnrollCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    CLI::App* app =
        AddRemoteSubcommand(parent, {.name = "enroll",
                                     .synopsis = "Start TOTP enrolment (the secret is shown once)",
                                     .usage = "camctl totp enroll [--current-code CODE]",
                                     .example = "camctl totp enroll --output json"});
    app->add_option("--current-code", current_code_,
                    "a code from your current authenticator (needed to replace an active one)");
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return v1::TotpEnrollResponse::descriptor();
  }
  int Execute(Session& session) override {
    v1::TotpEnrollRequest request;
    request.set_current_code(current_code_);
    v1::TotpEnrollResponse response;
    if (int code = UnaryCall(session, request, response, &Identity::Stub::TotpEnroll);
        code != kExitOk) {
      return code;
    }
    session.env().err << "note: the secret is shown this once; add it to your authenticator "
                         "now, then run `camctl totp confirm CODE`\n";
    return session.Printed(PrintObject(response, response, session.output(), session.env().out));
  }

 private:
  std::string current_code_;
};

class TotpConfirmCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    CLI::App* app = AddRemoteSubcommand(
        parent, {.name = "confirm",
                 .synopsis = "Activate a pending TOTP enrolment with a code from it",
                 .usage = "camctl totp confirm CODE",
                 .example = "camctl totp confirm 123456"});
    app->add_option("CODE", code_, "the code your authenticator shows now")->required();
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override { return nullptr; }
  int Execute(Session& session) override {
    v1::TotpConfirmRequest request;
    request.set_code(code_);
    v1::TotpConfirmResponse response;
    if (int code = UnaryCall(session, request, response, &Identity::Stub::TotpConfirm);
        code != kExitOk) {
      return code;
    }
    if (session.output().format == OutputFormat::kJson) {
      return session.Printed(PrintObject(response, response, session.output(), session.env().out));
    }
    session.env().out << "TOTP enrolment active\n";
    return kExitOk;
  }

 private:
  std::string code_;
};

class TotpResetCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    CLI::App* app = AddRemoteSubcommand(
        parent, {.name = "reset",
                 .synopsis = "Remove a principal's TOTP enrolment, e.g. a lost device (operator)",
                 .usage = "camctl totp reset --principal ID --kind K [--tenant T]",
                 .example = "camctl totp reset --principal op-7 --kind operator"});
    app->add_option("--principal", principal_, "whose enrolment")->required();
    app->add_option("--kind", kind_, "agent, operator or service")
        ->required()
        ->check(CLI::IsMember({"agent", "operator", "service"}));
    app->add_option("--tenant", tenant_, "tenant (default: camd's)");
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return v1::TotpResetResponse::descriptor();
  }
  int Execute(Session& session) override {
    v1::TotpResetRequest request;
    request.set_principal_id(principal_);
    request.set_principal_kind(ParseKind(kind_));
    request.set_tenant(tenant_);
    v1::TotpResetResponse response;
    if (int code = UnaryCall(session, request, response, &Identity::Stub::TotpReset);
        code != kExitOk) {
      return code;
    }
    return session.Printed(PrintObject(response, response, session.output(), session.env().out));
  }

 private:
  std::string principal_, kind_, tenant_;
};

class ApiKeyCreateCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    CLI::App* app = AddRemoteSubcommand(
        parent,
        {.name = "create",
         .synopsis = "Create an API key (operator; the secret is shown once)",
         .usage =
             "camctl apikey create NAME --principal ID --scope S... [--kind K] [--ttl SECONDS]",
         .example = "camctl apikey create ci --principal agent-7 --scope memory"});
    app->add_option("NAME", name_, "a name for people")->required();
    app->add_option("--principal", principal_, "the agent, operator or service id it acts as")
        ->required();
    app->add_option("--kind", kind_, "agent (default), operator or service")
        ->check(CLI::IsMember({"agent", "operator", "service"}));
    app->add_option("--tenant", tenant_, "tenant (default: camd's)");
    app->add_option("--scope", scopes_, "what it may do: an action or a family")->required();
    app->add_option("--ttl", ttl_seconds_, "lifetime in seconds (default: camd's)")
        ->check(CLI::PositiveNumber);
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return v1::ApiKeyCreateResponse::descriptor();
  }
  int Execute(Session& session) override {
    v1::ApiKeyCreateRequest request;
    request.set_name(name_);
    request.set_principal_id(principal_);
    request.set_principal_kind(ParseKind(kind_));
    request.set_tenant(tenant_);
    for (const std::string& scope : scopes_) request.add_scopes(scope);
    if (ttl_seconds_ > 0) request.mutable_ttl()->set_seconds(ttl_seconds_);
    v1::ApiKeyCreateResponse response;
    if (int code = UnaryCall(session, request, response, &Identity::Stub::ApiKeyCreate);
        code != kExitOk) {
      return code;
    }
    return session.Printed(PrintObject(response, response, session.output(), session.env().out));
  }

 private:
  std::string name_, principal_, kind_ = "agent", tenant_;
  std::vector<std::string> scopes_;
  int64_t ttl_seconds_ = 0;
};

class ApiKeyListCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    CLI::App* app =
        AddRemoteSubcommand(parent, {.name = "ls",
                                     .synopsis = "List API keys (never their secrets)",
                                     .usage = "camctl apikey ls [--principal ID] [--all]",
                                     .example = "camctl apikey ls --principal agent-7"});
    app->add_option("--principal", principal_, "only this principal's keys");
    app->add_flag("--all", include_revoked_, "include revoked and expired keys");
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return v1::ApiKeyInfo::descriptor();
  }
  int Execute(Session& session) override {
    auto stub = Identity::NewStub(session.channel());
    v1::ApiKeyListResponse response;
    const int code = FetchAllPages(
        session, "", response,
        [&](grpc::ClientContext& context, const std::string& token, v1::ApiKeyListResponse& page) {
          v1::ApiKeyListRequest request;
          request.set_principal_id(principal_);
          request.set_include_revoked(include_revoked_);
          request.set_page_token(token);
          return stub->ApiKeyList(&context, request, &page);
        });
    if (code != kExitOk) return code;
    static constexpr Column kColumns[] = {
        {"key_id", "key_id"}, {"name", "name"},           {"principal", "principal_id"},
        {"state", "state"},   {"expires", "expire_time"}, {"last_used", "last_used_time"}};
    return session.Printed(
        PrintList(response, "keys", kColumns, session.output(), session.env().out));
  }

 private:
  std::string principal_;
  bool include_revoked_ = false;
};

class ApiKeyRevokeCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    CLI::App* app =
        AddRemoteSubcommand(parent, {.name = "revoke",
                                     .synopsis = "Revoke an API key at once (operator)",
                                     .usage = "camctl apikey revoke KEY_ID [--reason TEXT]",
                                     .example = "camctl apikey revoke Ab12Cd34Ef56Gh78"});
    app->add_option("KEY_ID", key_id_, "the key id")->required();
    app->add_option("--reason", reason_, "recorded in the audit log");
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return v1::ApiKeyInfo::descriptor();
  }
  int Execute(Session& session) override {
    v1::ApiKeyRevokeRequest request;
    request.set_key_id(key_id_);
    request.set_reason(reason_);
    v1::ApiKeyRevokeResponse response;
    if (int code = UnaryCall(session, request, response, &Identity::Stub::ApiKeyRevoke);
        code != kExitOk) {
      return code;
    }
    return session.Printed(
        PrintObject(response, response.key(), session.output(), session.env().out));
  }

 private:
  std::string key_id_, reason_;
};

class ApiKeyRotateCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    CLI::App* app = AddRemoteSubcommand(
        parent, {.name = "rotate",
                 .synopsis = "Replace an API key; the old one works for a grace period (operator)",
                 .usage = "camctl apikey rotate KEY_ID [--grace SECONDS]",
                 .example = "camctl apikey rotate Ab12Cd34Ef56Gh78 --grace 3600"});
    app->add_option("KEY_ID", key_id_, "the key id")->required();
    app->add_option("--grace", grace_seconds_, "seconds the old secret keeps working (0: none)")
        ->check(CLI::Range(0, 2592000));
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return v1::ApiKeyRotateResponse::descriptor();
  }
  int Execute(Session& session) override {
    v1::ApiKeyRotateRequest request;
    request.set_key_id(key_id_);
    request.set_grace_period_seconds(grace_seconds_);
    v1::ApiKeyRotateResponse response;
    if (int code = UnaryCall(session, request, response, &Identity::Stub::ApiKeyRotate);
        code != kExitOk) {
      return code;
    }
    return session.Printed(PrintObject(response, response, session.output(), session.env().out));
  }

 private:
  std::string key_id_;
  int64_t grace_seconds_ = 0;
};

template <typename... Commands>
void AddGroup(CLI::App* group, std::vector<std::unique_ptr<Command>>& commands) {
  group->require_subcommand(1);
  (
      [&] {
        auto command = std::make_unique<Commands>();
        command->Register(*group);
        commands.push_back(std::move(command));
      }(),
      ...);
}

}  // namespace

void AddIdentityCommands(CLI::App& root, std::vector<std::unique_ptr<Command>>& commands) {
  auto whoami = std::make_unique<WhoamiCommand>();
  whoami->Register(root);
  commands.push_back(std::move(whoami));
  AddGroup<TokenIssueCommand>(root.add_subcommand("token", "Access tokens: issue"), commands);
  AddGroup<ApiKeyCreateCommand, ApiKeyListCommand, ApiKeyRevokeCommand, ApiKeyRotateCommand>(
      root.add_subcommand("apikey", "API keys: create, ls, revoke, rotate"), commands);
  AddGroup<TotpEnrollCommand, TotpConfirmCommand, TotpResetCommand>(
      root.add_subcommand("totp", "TOTP second factor: enroll, confirm, reset"), commands);
}

}  // namespace cam::cli
