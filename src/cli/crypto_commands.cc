#include "cli/crypto_commands.h"

#include <CLI/CLI.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <utility>

#include "base/reasons.h"
#include "base/secure_buffer.h"
#include "crypto/tools/hex_crypto_ops.h"

namespace cam::cli {
namespace {

namespace tools = ::cam::crypto::tools;

using Results = std::vector<std::pair<std::string, std::string>>;

// A flag given or not: CLI11 fills `value`; `given` tells an empty value from no flag.
struct HexFlag {
  std::string value;
  CLI::Option* option = nullptr;
  std::optional<std::string_view> get() const {
    if (option == nullptr || option->count() == 0) return std::nullopt;
    return std::string_view(value);
  }
};

void WipeString(std::string& text) {
  base::SecureZero(std::span<uint8_t>(reinterpret_cast<uint8_t*>(text.data()), text.size()));
}

// Results hold secrets (seeds, secret keys, shared secrets): wipe them once printed.
void Wipe(Results& results) {
  for (auto& [name, value] : results) WipeString(value);
}

// OfflineCryptoCommand is one leaf such as `crypto mlkem768 keygen`. `run` reads the parsed flags
// and returns the named results, or an error status carrying a reason.
class OfflineCryptoCommand : public Command {
 public:
  using Body = std::function<absl::StatusOr<Results>()>;

  OfflineCryptoCommand(CLI::App* group, CommandSpec spec) : group_(group), spec_(spec) {}

  HexFlag& AddHex(std::string name, std::string help, bool required) {
    flags_.push_back(std::make_unique<HexFlag>());
    pending_.push_back({std::move(name), std::move(help), required});
    return *flags_.back();
  }
  bool& AddSwitch(std::string name, std::string help) {
    switches_.push_back(std::make_unique<bool>(false));
    pending_switches_.push_back({std::move(name), std::move(help)});
    return *switches_.back();
  }
  void SetBody(Body body) { body_ = std::move(body); }

  void Register(CLI::App& /*parent*/) override {
    app_ = AddSubcommand(*group_, spec_);
    for (size_t i = 0; i < pending_.size(); ++i) {
      CLI::Option* option = app_->add_option(pending_[i].name, flags_[i]->value, pending_[i].help);
      if (pending_[i].required) option->required();
      flags_[i]->option = option;
    }
    for (size_t i = 0; i < pending_switches_.size(); ++i) {
      app_->add_flag(pending_switches_[i].name, *switches_[i], pending_switches_[i].help);
    }
    app_->add_option("-o,--output", format_, "table (default) or json");
  }

  int Run(const CommandEnv& env) override {
    absl::StatusOr<OutputFormat> format =
        ParseOutputFormat(format_.empty() ? std::string_view("table") : std::string_view(format_));
    if (!format.ok())
      return ReportError(LocalError(std::string(format.status().message())), OutputFormat::kTable,
                         env.err);
    absl::StatusOr<Results> results = body_();
    if (!results.ok()) return Fail(results.status(), *format, env);
    if (*format == OutputFormat::kJson) {
      nlohmann::json object = nlohmann::json::object();
      for (const auto& [name, value] : *results) object[name] = value;
      std::string text = object.dump();
      env.out << text << '\n';
      WipeString(text);
    } else {
      for (const auto& [name, value] : *results) env.out << name << ' ' << value << '\n';
    }
    env.out.flush();
    Wipe(*results);
    return kExitOk;
  }

 private:
  struct PendingFlag {
    std::string name, help;
    bool required;
  };
  struct PendingSwitch {
    std::string name, help;
  };

  // A verdict (signature or key invalid) is exit 1; malformed input is a usage error, exit 2.
  static int Fail(const absl::Status& status, OutputFormat format, const CommandEnv& env) {
    // Offline, the detail (which argument, which length) is the useful part and reveals nothing.
    const CliError error = LocalErrorFromStatus(status);
    const std::optional<base::Reason> reason = base::ReasonOf(status);
    const bool verdict = reason == base::Reason::kCryptoVerifyFailed;
    ReportError(error, format, env.err);
    return verdict ? kExitRefused : kExitNoAnswer;
  }

  CLI::App* group_;
  CommandSpec spec_;
  std::vector<std::unique_ptr<HexFlag>> flags_;
  std::vector<PendingFlag> pending_;
  std::vector<std::unique_ptr<bool>> switches_;
  std::vector<PendingSwitch> pending_switches_;
  std::string format_;
  Body body_;
};

Results KemKeyPair(tools::KemKeyPairHex keys) {
  return {{"seed", std::move(keys.seed)},
          {"ek", std::move(keys.encapsulation_key)},
          {"dk", std::move(keys.decapsulation_key)}};
}

Results KemEncaps(tools::KemEncapsHex out) {
  return {{"ct", std::move(out.ciphertext)}, {"ss", std::move(out.shared_secret)}};
}

template <typename T, typename F>
absl::StatusOr<Results> Map(absl::StatusOr<T> value, F to_results) {
  if (!value.ok()) return value.status();
  return to_results(*std::move(value));
}

class CommandAdder {
 public:
  CommandAdder(std::vector<std::unique_ptr<Command>>& commands) : commands_(commands) {}

  OfflineCryptoCommand& Add(CLI::App* group, CommandSpec spec) {
    auto command = std::make_unique<OfflineCryptoCommand>(group, spec);
    OfflineCryptoCommand& ref = *command;
    commands_.push_back(std::move(command));
    return ref;
  }

 private:
  std::vector<std::unique_ptr<Command>>& commands_;
};

void AddMlKem(CLI::App* crypto, CommandAdder& adder, std::vector<OfflineCryptoCommand*>& made) {
  CLI::App* group = crypto->add_subcommand("mlkem768", "ML-KEM-768 (FIPS 203)");
  group->require_subcommand(1);

  OfflineCryptoCommand& keygen = adder.Add(
      group,
      {.name = "keygen",
       .synopsis = "Key pair from a 64-byte seed d||z (random when omitted)",
       .usage = "camctl crypto mlkem768 keygen [--seed HEX]",
       .example = "camctl crypto mlkem768 keygen --seed $(head -c64 /dev/urandom | xxd -p -c64)"});
  HexFlag& seed = keygen.AddHex("--seed", "64-byte seed d||z, hex", false);
  keygen.SetBody([&seed] { return Map(tools::MlKem768KeyGenHex(seed.get()), KemKeyPair); });
  made.push_back(&keygen);

  OfflineCryptoCommand& encaps =
      adder.Add(group, {.name = "encaps",
                        .synopsis = "Ciphertext and shared secret for an encapsulation key",
                        .usage = "camctl crypto mlkem768 encaps --ek HEX [--m HEX]",
                        .example = "camctl crypto mlkem768 encaps --ek $EK"});
  HexFlag& ek = encaps.AddHex("--ek", "1184-byte encapsulation key, hex", true);
  HexFlag& m =
      encaps.AddHex("--m", "32-byte message m for a deterministic result (tests only)", false);
  encaps.SetBody([&ek, &m] { return Map(tools::MlKem768EncapsHex(ek.value, m.get()), KemEncaps); });
  made.push_back(&encaps);

  OfflineCryptoCommand& decaps =
      adder.Add(group, {.name = "decaps",
                        .synopsis = "Shared secret of a ciphertext (implicit rejection)",
                        .usage = "camctl crypto mlkem768 decaps --dk HEX --ct HEX",
                        .example = "camctl crypto mlkem768 decaps --dk $DK --ct $CT"});
  HexFlag& dk = decaps.AddHex("--dk", "2400-byte decapsulation key, hex", true);
  HexFlag& ct = decaps.AddHex("--ct", "1088-byte ciphertext, hex", true);
  decaps.SetBody([&dk, &ct] {
    return Map(tools::MlKem768DecapsHex(dk.value, ct.value), [](std::string ss) {
      return Results{{"ss", std::move(ss)}};
    });
  });
  made.push_back(&decaps);

  OfflineCryptoCommand& check =
      adder.Add(group, {.name = "check-ek",
                        .synopsis = "FIPS 203 input checks on an encapsulation key (exit 0 valid)",
                        .usage = "camctl crypto mlkem768 check-ek --ek HEX",
                        .example = "camctl crypto mlkem768 check-ek --ek $EK"});
  HexFlag& check_ek = check.AddHex("--ek", "encapsulation key, hex", true);
  check.SetBody([&check_ek]() -> absl::StatusOr<Results> {
    absl::Status valid = tools::MlKem768CheckEkHex(check_ek.value);
    if (!valid.ok()) {
      // A key of the right shape that fails the modulus check is a verdict, not a usage error.
      return base::ReasonOf(valid) == base::Reason::kCryptoInvalidInput &&
                     base::FieldOf(valid) == "ek"
                 ? base::Error(base::Reason::kCryptoVerifyFailed, std::string(valid.message()))
                 : valid;
    }
    return Results{{"valid", "true"}};
  });
  made.push_back(&check);
}

void AddMlDsa(CLI::App* crypto, CommandAdder& adder, std::vector<OfflineCryptoCommand*>& made) {
  CLI::App* group = crypto->add_subcommand("mldsa65", "ML-DSA-65 (FIPS 204)");
  group->require_subcommand(1);

  OfflineCryptoCommand& keygen =
      adder.Add(group, {.name = "keygen",
                        .synopsis = "Key pair from a 32-byte seed xi (random when omitted)",
                        .usage = "camctl crypto mldsa65 keygen [--seed HEX]",
                        .example = "camctl crypto mldsa65 keygen"});
  HexFlag& seed = keygen.AddHex("--seed", "32-byte seed xi, hex", false);
  keygen.SetBody([&seed] {
    return Map(tools::MlDsa65KeyGenHex(seed.get()), [](tools::SignatureKeyPairHex keys) {
      return Results{{"seed", std::move(keys.seed)},
                     {"pk", std::move(keys.public_key)},
                     {"sk", std::move(keys.secret_key)}};
    });
  });
  made.push_back(&keygen);

  OfflineCryptoCommand& sign =
      adder.Add(group, {.name = "sign",
                        .synopsis = "Sign a message (hedged unless --deterministic or --rnd)",
                        .usage = "camctl crypto mldsa65 sign --sk HEX --msg HEX [--ctx HEX] "
                                 "[--deterministic | --rnd HEX]",
                        .example = "camctl crypto mldsa65 sign --sk $SK --msg 68656c6c6f"});
  HexFlag& sk = sign.AddHex("--sk", "4032-byte secret key, hex", true);
  HexFlag& msg = sign.AddHex("--msg", "message, hex", true);
  HexFlag& ctx = sign.AddHex("--ctx", "context string (at most 255 bytes), hex", false);
  HexFlag& rnd = sign.AddHex("--rnd", "32-byte randomness, hex (tests only)", false);
  bool& deterministic = sign.AddSwitch("--deterministic", "rnd = 32 zero bytes");
  sign.SetBody([&sk, &msg, &ctx, &rnd, &deterministic]() -> absl::StatusOr<Results> {
    if (deterministic && rnd.get().has_value()) {
      return base::WithField(base::Error(base::Reason::kCryptoInvalidInput,
                                         "--deterministic and --rnd exclude each other"),
                             "rnd");
    }
    return Map(
        tools::MlDsa65SignHex(
            sk.value, msg.value,
            {.context_hex = ctx.value, .deterministic = deterministic, .rnd_hex = rnd.get()}),
        [](std::string sig) {
          return Results{{"sig", std::move(sig)}};
        });
  });
  made.push_back(&sign);

  OfflineCryptoCommand& verify = adder.Add(
      group, {.name = "verify",
              .synopsis = "Verify a signature (exit 0 valid, 1 invalid)",
              .usage = "camctl crypto mldsa65 verify --pk HEX --msg HEX --sig HEX [--ctx HEX]",
              .example = "camctl crypto mldsa65 verify --pk $PK --msg 68656c6c6f --sig $SIG"});
  HexFlag& pk = verify.AddHex("--pk", "1952-byte public key, hex", true);
  HexFlag& vmsg = verify.AddHex("--msg", "message, hex", true);
  HexFlag& sig = verify.AddHex("--sig", "3309-byte signature, hex", true);
  HexFlag& vctx = verify.AddHex("--ctx", "context string, hex", false);
  verify.SetBody([&pk, &vmsg, &sig, &vctx]() -> absl::StatusOr<Results> {
    absl::Status valid = tools::MlDsa65VerifyHex(pk.value, vmsg.value, vctx.value, sig.value);
    if (!valid.ok()) return valid;
    return Results{{"valid", "true"}};
  });
  made.push_back(&verify);
}

void AddXWing(CLI::App* crypto, CommandAdder& adder, std::vector<OfflineCryptoCommand*>& made) {
  CLI::App* group = crypto->add_subcommand("xwing", "X-Wing hybrid KEM (X25519 + ML-KEM-768)");
  group->require_subcommand(1);

  OfflineCryptoCommand& keygen =
      adder.Add(group, {.name = "keygen",
                        .synopsis = "Key pair from a 32-byte seed (random when omitted)",
                        .usage = "camctl crypto xwing keygen [--seed HEX]",
                        .example = "camctl crypto xwing keygen"});
  HexFlag& seed = keygen.AddHex("--seed", "32-byte seed, hex", false);
  keygen.SetBody([&seed] { return Map(tools::XWingKeyGenHex(seed.get()), KemKeyPair); });
  made.push_back(&keygen);

  OfflineCryptoCommand& encaps =
      adder.Add(group, {.name = "encaps",
                        .synopsis = "Ciphertext and shared secret for an X-Wing key",
                        .usage = "camctl crypto xwing encaps --ek HEX [--eseed HEX]",
                        .example = "camctl crypto xwing encaps --ek $EK"});
  HexFlag& ek = encaps.AddHex("--ek", "1216-byte encapsulation key, hex", true);
  HexFlag& eseed =
      encaps.AddHex("--eseed", "64-byte seed for a deterministic result (tests only)", false);
  encaps.SetBody(
      [&ek, &eseed] { return Map(tools::XWingEncapsHex(ek.value, eseed.get()), KemEncaps); });
  made.push_back(&encaps);

  OfflineCryptoCommand& decaps =
      adder.Add(group, {.name = "decaps",
                        .synopsis = "Shared secret of an X-Wing ciphertext",
                        .usage = "camctl crypto xwing decaps --dk HEX --ct HEX",
                        .example = "camctl crypto xwing decaps --dk $DK --ct $CT"});
  HexFlag& dk = decaps.AddHex("--dk", "32-byte decapsulation key, hex", true);
  HexFlag& ct = decaps.AddHex("--ct", "1120-byte ciphertext, hex", true);
  decaps.SetBody([&dk, &ct] {
    return Map(tools::XWingDecapsHex(dk.value, ct.value), [](std::string ss) {
      return Results{{"ss", std::move(ss)}};
    });
  });
  made.push_back(&decaps);
}

}  // namespace

void AddCryptoCommands(CLI::App& root, std::vector<std::unique_ptr<Command>>& commands) {
  CLI::App* crypto = root.add_subcommand(
      "crypto", "Offline post-quantum operations, hex in and hex out (no camd needed)");
  crypto->require_subcommand(1);
  CommandAdder adder(commands);
  std::vector<OfflineCryptoCommand*> made;
  AddMlKem(crypto, adder, made);
  AddMlDsa(crypto, adder, made);
  AddXWing(crypto, adder, made);
  for (OfflineCryptoCommand* command : made) command->Register(root);
}

}  // namespace cam::cli
