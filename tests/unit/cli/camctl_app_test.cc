// Whole command lines run in-process against a fake camd (an in-process gRPC server), checking
// what reaches the server, what is printed, and the exit code.
#include "cli/camctl_app.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "cam/v1/memory.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace cam::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

grpc::Status Refusal(grpc::StatusCode code, const std::string& reason, const std::string& message,
                     const std::string& request_id) {
  google::rpc::Status details;
  details.set_code(code);
  details.set_message(message);
  google::rpc::ErrorInfo info;
  info.set_reason(reason);
  (*info.mutable_metadata())["request_id"] = request_id;
  details.add_details()->PackFrom(info);
  return grpc::Status(code, message, details.SerializeAsString());
}

class FakeMemory final : public v1::Memory::Service {
 public:
  grpc::Status ContextWrite(grpc::ServerContext* context, const v1::ContextWriteRequest* request,
                            v1::ContextWriteResponse* response) override {
    std::lock_guard<std::mutex> lock(mu);
    last_write = *request;
    auto auth = context->client_metadata().find("authorization");
    authorization = auth == context->client_metadata().end()
                        ? ""
                        : std::string(auth->second.data(), auth->second.size());
    if (request->has_expected_version() && request->expected_version() != 0) {
      return Refusal(grpc::StatusCode::ABORTED, "CAM_STORE_CAS_MISMATCH",
                     "the expected version does not match the current version; re-read and retry",
                     "req-cas");
    }
    values[request->key()] = request->value();
    response->set_version(1);
    response->set_sha256("5891b5b5");
    return grpc::Status::OK;
  }

  grpc::Status ContextRead(grpc::ServerContext*, const v1::ContextReadRequest* request,
                           v1::ContextReadResponse* response) override {
    std::lock_guard<std::mutex> lock(mu);
    auto it = values.find(request->key());
    if (it == values.end()) {
      return Refusal(grpc::StatusCode::NOT_FOUND, "CAM_STORE_NOT_FOUND", "the key was not found",
                     "req-nf");
    }
    v1::ContextEntry* entry = response->mutable_entry();
    entry->set_namespace_(request->namespace_());
    entry->set_key(request->key());
    entry->set_value(it->second);
    entry->set_version(1);
    return grpc::Status::OK;
  }

  grpc::Status ContextDelete(grpc::ServerContext*, const v1::ContextDeleteRequest* request,
                             v1::ContextDeleteResponse* response) override {
    std::lock_guard<std::mutex> lock(mu);
    last_delete = *request;
    response->set_deleted(true);
    response->set_destroyed_versions(request->versions_size());
    return grpc::Status::OK;
  }

  // Three pages: "" -> "p2" -> "p3" -> end.
  grpc::Status ContextList(grpc::ServerContext*, const v1::ContextListRequest* request,
                           v1::ContextListResponse* response) override {
    std::lock_guard<std::mutex> lock(mu);
    ++list_calls;
    const std::string& token = request->page_token();
    const std::string key = token.empty() ? "a" : token == "p2" ? "b" : "c";
    v1::ContextSummary* summary = response->add_entries();
    summary->set_key(key);
    summary->set_version(1);
    response->set_next_page_token(token.empty() ? "p2" : token == "p2" ? "p3" : "");
    return grpc::Status::OK;
  }

  grpc::Status NamespaceList(grpc::ServerContext*, const v1::NamespaceListRequest*,
                             v1::NamespaceListResponse* response) override {
    v1::NamespaceInfo* info = response->add_namespaces();
    info->set_namespace_("team-a");
    info->set_owner("operator");
    info->mutable_usage()->set_keys(2);
    return grpc::Status::OK;
  }

  // Answers too late for a short --timeout.
  grpc::Status NamespaceCreate(grpc::ServerContext*, const v1::NamespaceCreateRequest*,
                               v1::NamespaceCreateResponse*) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return grpc::Status::OK;
  }

  std::mutex mu;
  std::map<std::string, std::string> values;
  v1::ContextWriteRequest last_write;
  v1::ContextDeleteRequest last_delete;
  std::string authorization;
  int list_calls = 0;
};

class FakeHealth final : public grpc::health::v1::Health::Service {
 public:
  grpc::Status Check(grpc::ServerContext*, const grpc::health::v1::HealthCheckRequest* request,
                     grpc::health::v1::HealthCheckResponse* response) override {
    response->set_status(request->service() == "down"
                             ? grpc::health::v1::HealthCheckResponse::NOT_SERVING
                             : grpc::health::v1::HealthCheckResponse::SERVING);
    return grpc::Status::OK;
  }
};

class CamctlAppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.RegisterService(&memory_);
    builder.RegisterService(&health_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
  }
  void TearDown() override { server_->Shutdown(); }

  struct Result {
    int code;
    std::string out;
    std::string err;
  };

  Result Run(std::vector<std::string> args, std::string stdin_data = "") {
    std::ostringstream out;
    std::ostringstream err;
    std::istringstream in(stdin_data);
    const CommandEnv env{.out = out,
                         .err = err,
                         .in = in,
                         .getenv = [this](std::string_view name) -> std::optional<std::string> {
                           auto it = env_.find(std::string(name));
                           if (it == env_.end()) return std::nullopt;
                           return it->second;
                         },
                         .dial = [this](const ConnectionOptions& options)
                             -> absl::StatusOr<std::shared_ptr<grpc::ChannelInterface>> {
                           ++dials_;
                           dialed_addr_ = options.addr;
                           if (dial_unreachable_) {
                             return std::shared_ptr<grpc::ChannelInterface>(grpc::CreateChannel(
                                 "127.0.0.1:1", grpc::InsecureChannelCredentials()));
                           }
                           return std::shared_ptr<grpc::ChannelInterface>(
                               server_->InProcessChannel(grpc::ChannelArguments()));
                         }};
    const int code = RunCamctl(std::move(args), env);
    return {code, out.str(), err.str()};
  }

  FakeMemory memory_;
  FakeHealth health_;
  std::unique_ptr<grpc::Server> server_;
  std::map<std::string, std::string> env_;
  int dials_ = 0;
  std::string dialed_addr_;
  bool dial_unreachable_ = false;
};

TEST_F(CamctlAppTest, PutSendsValueMetadataAndToken) {
  env_["CAM_TOKEN"] = "tok123";
  env_["CAM_ADDR"] = "camd.test:9443";
  const Result r =
      Run({"context", "put", "team-a", "notes/today", "hello", "--meta", "a=1", "--meta", "b=x=y"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, IsEmpty());
  EXPECT_THAT(r.out, HasSubstr("version:"));
  EXPECT_THAT(r.out, HasSubstr("5891b5b5"));
  EXPECT_EQ(dialed_addr_, "camd.test:9443");
  EXPECT_EQ(memory_.last_write.namespace_(), "team-a");
  EXPECT_EQ(memory_.last_write.key(), "notes/today");
  EXPECT_EQ(memory_.last_write.value(), "hello");
  EXPECT_EQ(memory_.last_write.metadata().at("a"), "1");
  EXPECT_EQ(memory_.last_write.metadata().at("b"), "x=y");
  EXPECT_FALSE(memory_.last_write.has_expected_version());
  EXPECT_EQ(memory_.authorization, "Bearer tok123");
}

TEST_F(CamctlAppTest, BinaryValueRoundTripsThroughStdinAndRaw) {
  std::string binary;
  for (int i = 0; i < 256; ++i) binary.push_back(static_cast<char>(i));
  binary += binary;
  ASSERT_EQ(Run({"context", "put", "team-a", "blob", "--stdin"}, binary).code, 0);
  EXPECT_EQ(memory_.last_write.value(), binary);
  const Result raw = Run({"context", "get", "team-a", "blob", "--raw"});
  EXPECT_EQ(raw.code, 0) << raw.err;
  EXPECT_EQ(raw.out, binary);
  const Result table = Run({"context", "get", "team-a", "blob"});
  EXPECT_EQ(table.code, 0);
  EXPECT_THAT(table.out, HasSubstr("(binary, 512 bytes; use --raw to write it unchanged)"));
}

TEST_F(CamctlAppTest, GetPrintsTextValues) {
  ASSERT_EQ(Run({"context", "put", "team-a", "k", "two\nlines"}).code, 0);
  const Result r = Run({"context", "get", "team-a", "k"});
  EXPECT_EQ(r.code, 0);
  EXPECT_THAT(r.out, HasSubstr("key:"));
  EXPECT_THAT(r.out, HasSubstr("\ntwo\nlines\n"));
  const Result field = Run({"context", "get", "team-a", "k", "--field", "version"});
  EXPECT_EQ(field.out, "1\n");
}

TEST_F(CamctlAppTest, ValueSourcesAreExclusiveAndChecked) {
  EXPECT_EQ(Run({"context", "put", "team-a", "k"}).code, 2);
  EXPECT_EQ(Run({"context", "put", "team-a", "k", "v", "--stdin"}).code, 2);
  const Result missing = Run({"context", "put", "team-a", "k", "--file", "/nonexistent/x"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_THAT(missing.err, HasSubstr("cannot read --file \"/nonexistent/x\""));
  EXPECT_EQ(Run({"context", "put", "team-a", "k", "v", "--meta", "novalue"}).code, 2);
  EXPECT_EQ(dials_, 0);
}

TEST_F(CamctlAppTest, RefusalIsOneLineWithReasonAndExitsOne) {
  const Result r = Run({"context", "put", "team-a", "k", "v", "--expected-version", "4"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_EQ(r.err,
            "Error: the expected version does not match the current version; re-read and retry "
            "(CAM_STORE_CAS_MISMATCH, request req-cas)\n");
  EXPECT_EQ(memory_.last_write.expected_version(), 4);
}

TEST_F(CamctlAppTest, RefusalAsJson) {
  env_["CAM_FORMAT"] = "json";
  const Result r = Run({"context", "get", "team-a", "absent"});
  EXPECT_EQ(r.code, 1);
  const nlohmann::json json = nlohmann::json::parse(r.err);
  EXPECT_EQ(json["error"]["code"], 404);
  EXPECT_EQ(json["error"]["reason"], "CAM_STORE_NOT_FOUND");
  EXPECT_EQ(json["error"]["message"], "the key was not found");
  EXPECT_EQ(json["error"]["request_id"], "req-nf");
}

TEST_F(CamctlAppTest, ListFollowsPagesWithAll) {
  const Result all = Run({"context", "ls", "team-a", "--all", "--field", "key"});
  EXPECT_EQ(all.code, 0) << all.err;
  EXPECT_EQ(all.out, "a\nb\nc\n");
  EXPECT_EQ(memory_.list_calls, 3);

  const Result one = Run({"context", "ls", "team-a"});
  EXPECT_EQ(one.code, 0);
  EXPECT_THAT(one.out, HasSubstr("KEY"));
  EXPECT_THAT(one.err, HasSubstr("--page-token p2"));

  const Result json = Run({"context", "ls", "team-a", "--all", "-o", "json"});
  const nlohmann::json body = nlohmann::json::parse(json.out);
  EXPECT_EQ(body["entries"].size(), 3u);
  EXPECT_EQ(body["nextPageToken"], "");
}

TEST_F(CamctlAppTest, RemoveModes) {
  EXPECT_EQ(Run({"context", "rm", "team-a", "k", "--destroy", "--versions", "1,2"}).code, 0);
  EXPECT_EQ(memory_.last_delete.mode(), v1::DELETE_MODE_DESTROY);
  EXPECT_THAT(memory_.last_delete.versions(), ::testing::ElementsAre(1, 2));
  EXPECT_EQ(Run({"context", "rm", "team-a", "k", "--undelete"}).code, 0);
  EXPECT_EQ(memory_.last_delete.mode(), v1::DELETE_MODE_UNDELETE);
  EXPECT_EQ(Run({"context", "rm", "team-a", "k"}).code, 0);
  EXPECT_EQ(memory_.last_delete.mode(), v1::DELETE_MODE_SOFT);
  EXPECT_EQ(Run({"context", "rm", "team-a", "k", "--versions", "1"}).code, 2);
  EXPECT_EQ(Run({"context", "rm", "team-a", "k", "--undelete", "--destroy"}).code, 2);
}

TEST_F(CamctlAppTest, NamespaceListTable) {
  const Result r = Run({"ns", "ls"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("NAMESPACE"));
  EXPECT_THAT(r.out, HasSubstr("team-a"));
  EXPECT_THAT(r.out, HasSubstr("operator"));
}

TEST_F(CamctlAppTest, HealthPrintsStatusAndExitCode) {
  const Result up = Run({"health"});
  EXPECT_EQ(up.code, 0);
  EXPECT_EQ(up.out, "SERVING\n");
  const Result down = Run({"health", "--service", "down"});
  EXPECT_EQ(down.code, 1);
  EXPECT_EQ(down.out, "NOT_SERVING\n");
  const Result json = Run({"health", "-o", "json"});
  EXPECT_EQ(nlohmann::json::parse(json.out)["status"], "SERVING");
}

TEST_F(CamctlAppTest, BadEnvironmentValueIsAUsageError) {
  env_["CAM_ADDR"] = "localhost";
  const Result r = Run({"health"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "Error: invalid CAM_ADDR \"localhost\": expected HOST:PORT, e.g. 127.0.0.1:7443\n");
  EXPECT_EQ(dials_, 0);
  env_["CAM_ADDR"] = "127.0.0.1:7443";
  env_["CAM_FORMAT"] = "yaml";
  EXPECT_EQ(Run({"health"}).code, 2);
}

TEST_F(CamctlAppTest, UnknownFieldIsRejectedBeforeTheCall) {
  const Result r = Run({"context", "get", "team-a", "k", "--field", "nope"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown --field \"nope\""));
  EXPECT_EQ(dials_, 0);
}

TEST_F(CamctlAppTest, UnreachableServerIsNoAnswer) {
  dial_unreachable_ = true;
  const Result r = Run({"health", "--timeout", "5s"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("cannot reach camd at 127.0.0.1:7443"));
  EXPECT_THAT(r.err, HasSubstr("(UNAVAILABLE)"));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
  env_["CAM_FORMAT"] = "json";
  const Result json = Run({"health"});
  EXPECT_EQ(json.code, 2);
  EXPECT_EQ(nlohmann::json::parse(json.err)["error"]["code"], 503);
}

TEST_F(CamctlAppTest, ClientDeadlineIsNoAnswer) {
  const Result r = Run({"ns", "create", "team-b", "--timeout", "50ms"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("no answer from camd at 127.0.0.1:7443 within 50ms"));
  EXPECT_THAT(r.err, HasSubstr("(DEADLINE_EXCEEDED)"));
}

TEST_F(CamctlAppTest, UsageErrorsAndHelp) {
  EXPECT_EQ(Run({}).code, 2);
  EXPECT_EQ(Run({"context"}).code, 2);
  EXPECT_EQ(Run({"context", "frobnicate"}).code, 2);
  EXPECT_EQ(Run({"context", "get", "team-a"}).code, 2);
  EXPECT_EQ(Run({"health", "--bogus"}).code, 2);
  EXPECT_EQ(Run({"context", "get", "team-a", "k", "--version", "0"}).code, 2);
  const Result help = Run({"context", "put", "--help"});
  EXPECT_EQ(help.code, 0);
  EXPECT_THAT(help.out, HasSubstr("camctl context put team-a notes/today \"hello\""));
  EXPECT_THAT(help.out, HasSubstr("CAM_ADDR"));
  EXPECT_EQ(dials_, 0);
}

}  // namespace
}  // namespace cam::cli
