#include "cli/jwt_commands.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "base/reasons.h"
#include "identity/jwks_file.h"
#include "identity/jwt_verifier.h"

namespace cam::cli {
namespace {

class JwtVerifyCommand : public Command {
 public:
  void Register(CLI::App& parent) override {
    app_ = AddSubcommand(
        parent, {.name = "verify",
                 .synopsis = "Verify an access token offline (exit 0 valid, 1 invalid)",
                 .usage = "camctl jwt verify --jwks FILE [--iss X] [--aud Y] [--now UNIX] TOKEN",
                 .example = "camctl jwt verify --jwks camd-keys.json \"$CAM_TOKEN\""});
    app_->add_option("TOKEN", token_, "compact JWS")->required();
    app_->add_option("--jwks", jwks_, "JWK Set file with the issuer's public keys")->required();
    app_->add_option("--iss", issuer_, "required issuer (default camd)");
    app_->add_option("--aud", audience_, "required audience (default cam-api)");
    now_opt_ = app_->add_option("--now", now_unix_, "judge time at this UNIX time (default: now)");
    app_->add_option("-o,--output", format_, "table (default) or json");
  }

  int Run(const CommandEnv& env) override {
    absl::StatusOr<OutputFormat> format = ParseOutputFormat(format_.empty() ? "table" : format_);
    if (!format.ok()) {
      return ReportError(LocalError(std::string(format.status().message())), OutputFormat::kTable,
                         env.err);
    }
    absl::StatusOr<std::unique_ptr<identity::JwksFile>> keys = identity::JwksFile::Open(jwks_);
    if (!keys.ok())
      return ReportError(LocalError(std::string(keys.status().message())), *format, env.err);
    identity::JwtVerifierConfig config;
    config.issuer = issuer_;
    config.audiences = {audience_};
    config.cache_capacity = 0;
    absl::StatusOr<std::unique_ptr<identity::JwtVerifier>> verifier = identity::JwtVerifier::Create(
        config, std::shared_ptr<identity::JwksFile>(std::move(*keys)));
    if (!verifier.ok()) {
      return ReportError(LocalError(std::string(verifier.status().message())), *format, env.err);
    }
    const absl::Time now = now_opt_->count() > 0 ? absl::FromUnixSeconds(now_unix_) : absl::Now();
    absl::StatusOr<identity::VerifiedToken> token = (*verifier)->Verify(token_, now);
    if (!token.ok()) {
      // Offline, the rule that failed is the useful part; the reason is camd's.
      const CliError error = LocalErrorFromStatus(token.status());
      ReportError(error, *format, env.err);
      return kExitRefused;
    }
    const identity::TokenClaims& claims = token->claims;
    if (*format == OutputFormat::kJson) {
      nlohmann::json out = {{"valid", true},
                            {"sub", claims.sub},
                            {"iss", claims.iss},
                            {"aud", claims.aud},
                            {"kind", claims.kind},
                            {"tenant", claims.tenant},
                            {"scopes", claims.scopes},
                            {"amr", claims.amr},
                            {"jti", claims.jti},
                            {"alg", token->header.alg},
                            {"kid", token->header.kid},
                            {"exp", absl::ToUnixSeconds(claims.exp)}};
      env.out << out.dump() << '\n';
    } else {
      env.out << "valid sub=" << claims.sub << " kind=" << claims.kind
              << " tenant=" << claims.tenant << " alg=" << token->header.alg
              << " kid=" << token->header.kid << " exp=" << absl::ToUnixSeconds(claims.exp) << '\n';
    }
    return kExitOk;
  }

 private:
  std::string token_, jwks_, issuer_ = "camd", audience_ = "cam-api", format_;
  int64_t now_unix_ = 0;
  CLI::Option* now_opt_ = nullptr;
};

}  // namespace

void AddJwtCommands(CLI::App& root, std::vector<std::unique_ptr<Command>>& commands) {
  CLI::App* group = root.add_subcommand("jwt", "Access tokens offline: verify");
  group->require_subcommand(1);
  auto verify = std::make_unique<JwtVerifyCommand>();
  verify->Register(*group);
  commands.push_back(std::move(verify));
}

}  // namespace cam::cli
