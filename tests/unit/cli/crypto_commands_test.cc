// `camctl crypto` end to end, in-process: round trips between the commands, determinism where
// asked for, verdicts (exit 1) kept apart from malformed input (exit 2), and no dialing at all.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/camctl_app.h"

namespace cam::cli {
namespace {

using ::testing::HasSubstr;

struct Result {
  int code;
  std::string out;
  std::string err;
};

class CryptoCommandsTest : public ::testing::Test {
 protected:
  Result Run(std::vector<std::string> args) {
    std::ostringstream out;
    std::ostringstream err;
    std::istringstream in;
    const CommandEnv env{
        .out = out,
        .err = err,
        .in = in,
        .getenv = [](std::string_view) -> std::optional<std::string> { return std::nullopt; },
        .dial = [this](const ConnectionOptions&)
            -> absl::StatusOr<std::shared_ptr<grpc::ChannelInterface>> {
          ++dials_;
          return absl::UnavailableError("offline commands must not dial");
        }};
    const int code = RunCamctl(std::move(args), env);
    return {code, out.str(), err.str()};
  }

  // Parses `name value` lines.
  static std::map<std::string, std::string> Fields(const std::string& text) {
    std::map<std::string, std::string> fields;
    std::istringstream lines(text);
    std::string name, value;
    while (lines >> name >> value) fields[name] = value;
    return fields;
  }

  int dials_ = 0;
};

const std::string kSeed64(128, 'a');
const std::string kSeed32(64, '1');

TEST_F(CryptoCommandsTest, MlKemRoundTripAgreesOnTheSharedSecret) {
  const Result keys = Run({"crypto", "mlkem768", "keygen", "--seed", kSeed64});
  ASSERT_EQ(keys.code, 0) << keys.err;
  auto k = Fields(keys.out);
  EXPECT_EQ(k["seed"], kSeed64);
  EXPECT_EQ(k["ek"].size(), 2u * 1184);
  EXPECT_EQ(k["dk"].size(), 2u * 2400);
  // The same seed gives the same keys.
  EXPECT_EQ(Run({"crypto", "mlkem768", "keygen", "--seed", kSeed64}).out, keys.out);

  const Result enc = Run({"crypto", "mlkem768", "encaps", "--ek", k["ek"]});
  ASSERT_EQ(enc.code, 0) << enc.err;
  auto e = Fields(enc.out);
  ASSERT_EQ(e["ct"].size(), 2u * 1088);
  const Result dec = Run({"crypto", "mlkem768", "decaps", "--dk", k["dk"], "--ct", e["ct"]});
  ASSERT_EQ(dec.code, 0) << dec.err;
  EXPECT_EQ(Fields(dec.out)["ss"], e["ss"]);

  // A changed ciphertext decapsulates to a different (implicit-rejection) secret, still exit 0.
  std::string tampered = e["ct"];
  tampered[0] = tampered[0] == '0' ? '1' : '0';
  const Result rejected = Run({"crypto", "mlkem768", "decaps", "--dk", k["dk"], "--ct", tampered});
  ASSERT_EQ(rejected.code, 0);
  EXPECT_NE(Fields(rejected.out)["ss"], e["ss"]);
  EXPECT_EQ(dials_, 0);
}

TEST_F(CryptoCommandsTest, MlKemEncapsWithMIsDeterministic) {
  auto k = Fields(Run({"crypto", "mlkem768", "keygen"}).out);
  const std::string m(64, '7');
  const Result a = Run({"crypto", "mlkem768", "encaps", "--ek", k["ek"], "--m", m});
  const Result b = Run({"crypto", "mlkem768", "encaps", "--ek", k["ek"], "--m", m});
  ASSERT_EQ(a.code, 0);
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(Run({"crypto", "mlkem768", "encaps", "--ek", k["ek"]}).out, a.out);
}

TEST_F(CryptoCommandsTest, CheckEkSeparatesInvalidKeysFromUsageErrors) {
  auto k = Fields(Run({"crypto", "mlkem768", "keygen"}).out);
  EXPECT_EQ(Run({"crypto", "mlkem768", "check-ek", "--ek", k["ek"]}).code, 0);
  // First coefficient 0xFFF >= q: the FIPS 203 modulus check must refuse it.
  std::string bad = k["ek"];
  bad[0] = 'f';
  bad[1] = 'f';
  bad[3] = 'f';
  const Result refused = Run({"crypto", "mlkem768", "check-ek", "--ek", bad});
  EXPECT_EQ(refused.code, 1);
  EXPECT_THAT(refused.err, HasSubstr("CAM_CRYPTO"));
  // Not a flag at all: usage error.
  EXPECT_EQ(Run({"crypto", "mlkem768", "check-ek"}).code, 2);
}

TEST_F(CryptoCommandsTest, MlDsaSignVerifyAndVerdicts) {
  const Result keys = Run({"crypto", "mldsa65", "keygen", "--seed", kSeed32});
  ASSERT_EQ(keys.code, 0) << keys.err;
  auto k = Fields(keys.out);
  EXPECT_EQ(k["pk"].size(), 2u * 1952);
  EXPECT_EQ(k["sk"].size(), 2u * 4032);
  const std::string msg = "68656c6c6f";
  const std::string ctx = "6170700a";

  const Result det1 = Run({"crypto", "mldsa65", "sign", "--sk", k["sk"], "--msg", msg, "--ctx", ctx,
                           "--deterministic"});
  const Result det2 = Run({"crypto", "mldsa65", "sign", "--sk", k["sk"], "--msg", msg, "--ctx", ctx,
                           "--deterministic"});
  ASSERT_EQ(det1.code, 0) << det1.err;
  EXPECT_EQ(det1.out, det2.out);
  const Result hedged =
      Run({"crypto", "mldsa65", "sign", "--sk", k["sk"], "--msg", msg, "--ctx", ctx});
  ASSERT_EQ(hedged.code, 0);
  EXPECT_NE(hedged.out, det1.out);

  for (const Result& signed_ : {det1, hedged}) {
    const std::string sig = Fields(signed_.out)["sig"];
    ASSERT_EQ(sig.size(), 2u * 3309);
    EXPECT_EQ(Run({"crypto", "mldsa65", "verify", "--pk", k["pk"], "--msg", msg, "--sig", sig,
                   "--ctx", ctx})
                  .code,
              0);
    // Another message, another context, or no context: invalid, exit 1.
    const Result other = Run({"crypto", "mldsa65", "verify", "--pk", k["pk"], "--msg", "00",
                              "--sig", sig, "--ctx", ctx});
    EXPECT_EQ(other.code, 1);
    EXPECT_THAT(other.err, HasSubstr("CAM_CRYPTO_VERIFY_FAILED"));
    EXPECT_EQ(
        Run({"crypto", "mldsa65", "verify", "--pk", k["pk"], "--msg", msg, "--sig", sig}).code, 1);
  }
  // Malformed input is a usage error (exit 2) naming the argument, not a verdict.
  const Result bad_hex =
      Run({"crypto", "mldsa65", "verify", "--pk", "zz", "--msg", msg, "--sig", "00"});
  EXPECT_EQ(bad_hex.code, 2);
  EXPECT_THAT(bad_hex.err, HasSubstr("CAM_CRYPTO_INVALID_INPUT"));
  EXPECT_EQ(Run({"crypto", "mldsa65", "sign", "--sk", k["sk"], "--msg", msg, "--deterministic",
                 "--rnd", std::string(64, '0')})
                .code,
            2);
}

TEST_F(CryptoCommandsTest, MlDsaRndZeroEqualsDeterministic) {
  auto k = Fields(Run({"crypto", "mldsa65", "keygen"}).out);
  const Result zero = Run(
      {"crypto", "mldsa65", "sign", "--sk", k["sk"], "--msg", "01", "--rnd", std::string(64, '0')});
  const Result det =
      Run({"crypto", "mldsa65", "sign", "--sk", k["sk"], "--msg", "01", "--deterministic"});
  ASSERT_EQ(zero.code, 0) << zero.err;
  EXPECT_EQ(zero.out, det.out);
}

TEST_F(CryptoCommandsTest, XWingRoundTripAndJsonOutput) {
  const Result keys = Run({"crypto", "xwing", "keygen", "-o", "json"});
  ASSERT_EQ(keys.code, 0) << keys.err;
  const nlohmann::json k = nlohmann::json::parse(keys.out);
  const std::string ek = k.at("ek");
  const std::string dk = k.at("dk");
  EXPECT_EQ(ek.size(), 2u * 1216);
  EXPECT_EQ(dk, k.at("seed"));
  const nlohmann::json e =
      nlohmann::json::parse(Run({"crypto", "xwing", "encaps", "--ek", ek, "-o", "json"}).out);
  const Result dec = Run({"crypto", "xwing", "decaps", "--dk", dk, "--ct", e.at("ct")});
  ASSERT_EQ(dec.code, 0) << dec.err;
  EXPECT_EQ(Fields(dec.out)["ss"], e.at("ss").get<std::string>());
  const Result wrong_len = Run({"crypto", "xwing", "decaps", "--dk", dk, "--ct", "00"});
  EXPECT_EQ(wrong_len.code, 2);
  EXPECT_THAT(wrong_len.err, HasSubstr("CAM_CRYPTO_INVALID_INPUT"));
}

TEST_F(CryptoCommandsTest, UnknownOutputFormatIsAUsageError) {
  EXPECT_EQ(Run({"crypto", "xwing", "keygen", "-o", "yaml"}).code, 2);
}

}  // namespace
}  // namespace cam::cli
