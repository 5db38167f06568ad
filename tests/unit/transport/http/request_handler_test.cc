#include "transport/http/request_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "envelope/method_table.h"
#include "tests/testing/status_matchers.h"
#include "tests/unit/transport/http/test_chain.h"

namespace cam::transport::http {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class RequestHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CAM_ASSERT_OK_AND_ASSIGN(methods_, envelope::MethodTable::Build());
    chain_ = testing::MakeEchoChain(&observed_, absl::Milliseconds(1));
    ASSERT_NE(chain_, nullptr);
    CAM_ASSERT_OK_AND_ASSIGN(RouteTable routes, RouteTable::Build(*methods_));
    handler_ = std::make_unique<RequestHandler>(std::move(routes), chain_.get(),
                                                [this] { return ready_.load(); });
  }

  HttpAnswer Call(std::string method, std::string target, std::string body = "") {
    HttpRequest request;
    request.method = std::move(method);
    request.target = std::move(target);
    request.body = std::move(body);
    request.request_id = "req-1";
    request.received_at = absl::Now();
    request.peer.address = "127.0.0.1:5555";
    return handler_->Handle(request);
  }

  static nlohmann::json Json(const HttpAnswer& answer) {
    return nlohmann::json::parse(answer.body, nullptr, /*allow_exceptions=*/false);
  }

  std::unique_ptr<envelope::MethodTable> methods_;
  testing::Observed observed_;
  std::unique_ptr<envelope::Chain> chain_;
  std::unique_ptr<RequestHandler> handler_;
  std::atomic<bool> ready_{true};
};

TEST_F(RequestHandlerTest, WriteEchoesThroughTheChain) {
  const HttpAnswer answer =
      Call("PUT", "/v1/namespaces/team-a/keys/notes%2Ftoday", R"({"value":"aGVsbG8="})");
  EXPECT_EQ(answer.status, 200);
  const nlohmann::json json = Json(answer);
  EXPECT_EQ(json["version"], "5");
  EXPECT_EQ(json["sha256"], "team-a/notes/today");
  EXPECT_EQ(observed_.request_id, "req-1");
  EXPECT_EQ(observed_.method, "cam.v1.Memory.ContextWrite");
  EXPECT_EQ(observed_.peer.address, "127.0.0.1:5555");
  EXPECT_EQ(observed_.request_bytes, std::string(R"({"value":"aGVsbG8="})").size());
}

TEST_F(RequestHandlerTest, ReadTakesQueryParameters) {
  const HttpAnswer answer = Call("GET", "/v1/namespaces/a/keys/k/v?version=3");
  ASSERT_EQ(answer.status, 200);
  const nlohmann::json json = Json(answer);
  EXPECT_EQ(json["entry"]["key"], "k/v");
  EXPECT_EQ(json["entry"]["version"], "3");
  EXPECT_EQ(json["entry"]["value"], "aGk=");
}

TEST_F(RequestHandlerTest, RouteErrors) {
  const HttpAnswer missing = Call("GET", "/v1/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Json(missing)["error"]["reason"], "CAM_VALIDATION_ROUTE");
  EXPECT_EQ(Json(missing)["error"]["request_id"], "req-1");
  const HttpAnswer wrong = Call("POST", "/v1/namespaces/a/keys/k");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.allow, "DELETE, GET, PUT");
  EXPECT_EQ(Json(wrong)["error"]["code"], 405);
  EXPECT_EQ(Json(wrong)["error"]["reason"], "CAM_VALIDATION_ROUTE");
  EXPECT_EQ(observed_.calls, 0);
}

TEST_F(RequestHandlerTest, MalformedInputIs400BeforeTheChain) {
  for (const auto& [method, target, body] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"PUT", "/v1/namespaces/a/keys/k", "{"},
           {"PUT", "/v1/namespaces/a/keys/k", R"({"bogus":1})"},
           {"PUT", "/v1/namespaces/a/keys/k", std::string(40, '[') + std::string(40, ']')},
           {"PUT", "/v1/namespaces/a/keys/k", R"({"namespace":"b"})"},
           {"GET", "/v1/namespaces/a/keys/k?version=x", ""},
           {"GET", "/v1/namespaces/a/keys/k?version=1&version=2", ""},
           {"GET", "/v1/namespaces/a/keys/%C0%AF", ""},
       }) {
    const HttpAnswer answer = Call(method, target, body);
    EXPECT_EQ(answer.status, 400) << target << " " << body;
    EXPECT_EQ(Json(answer)["error"]["reason"], "CAM_VALIDATION_MALFORMED_BODY");
  }
  EXPECT_EQ(observed_.calls, 0);
}

TEST_F(RequestHandlerTest, HandlerErrorsAreSanitizedAndRetryableOnesSayRetryAfter) {
  const HttpAnswer failed = Call("PUT", "/v1/namespaces/a/keys/fail", "");
  EXPECT_EQ(failed.status, 503);
  EXPECT_TRUE(failed.retry_after);
  EXPECT_EQ(Json(failed)["error"]["reason"], "CAM_STORE_UNAVAILABLE");
  EXPECT_THAT(failed.body, Not(HasSubstr("secret")));
  const HttpAnswer thrown = Call("PUT", "/v1/namespaces/a/keys/throw", "");
  EXPECT_EQ(thrown.status, 500);
  EXPECT_FALSE(thrown.retry_after);
  EXPECT_EQ(Json(thrown)["error"]["reason"], "CAM_INTERNAL_ERROR");
  EXPECT_THAT(thrown.body, Not(HasSubstr("secret")));
  EXPECT_THAT(thrown.body, Not(HasSubstr("/var/lib")));
}

TEST_F(RequestHandlerTest, DeadlineHeader) {
  HttpRequest request;
  request.method = "GET";
  request.target = "/v1/namespaces/a/keys/k";
  request.request_id = "r";
  request.received_at = absl::FromUnixSeconds(1000);
  request.deadline_header = "250";
  EXPECT_EQ(handler_->Handle(request).status, 200);
  EXPECT_EQ(observed_.client_deadline, absl::FromUnixSeconds(1000) + absl::Milliseconds(250));
  for (const char* bad : {"0", "-5", "abc", "1.5", "99999999999999999999", "86400001"}) {
    request.deadline_header = bad;
    const HttpAnswer answer = handler_->Handle(request);
    EXPECT_EQ(answer.status, 400) << bad;
    EXPECT_EQ(Json(answer)["error"]["reason"], "CAM_VALIDATION_OUT_OF_RANGE");
  }
}

TEST_F(RequestHandlerTest, RequestIds) {
  EXPECT_EQ(RequestHandler::ResolveRequestId("client.id_1-A"), "client.id_1-A");
  EXPECT_EQ(RequestHandler::ResolveRequestId(std::string(64, 'a')), std::string(64, 'a'));
  for (const std::string& bad : {std::string(), std::string(65, 'a'), std::string("a b"),
                                 std::string("a\r\nX: y"), std::string("ü")}) {
    const std::string id = RequestHandler::ResolveRequestId(bad);
    EXPECT_NE(id, bad);
    EXPECT_EQ(id.size(), 32u);
  }
  EXPECT_NE(RequestHandler::ResolveRequestId(""), RequestHandler::ResolveRequestId(""));
}

TEST_F(RequestHandlerTest, Probes) {
  EXPECT_TRUE(RequestHandler::IsProbe("/healthz"));
  EXPECT_TRUE(RequestHandler::IsProbe("/readyz?verbose"));
  EXPECT_FALSE(RequestHandler::IsProbe("/healthz/x"));
  EXPECT_EQ(handler_->Probe("GET", "/healthz", "r").body, R"({"status":"SERVING"})");
  EXPECT_EQ(handler_->Probe("GET", "/readyz", "r").status, 200);
  ready_ = false;
  EXPECT_EQ(handler_->Probe("GET", "/readyz", "r").status, 503);
  EXPECT_EQ(handler_->Probe("GET", "/healthz", "r").status, 200);
  const HttpAnswer post = handler_->Probe("POST", "/healthz", "r");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.allow, "GET");
  EXPECT_EQ(observed_.calls, 0);
}

// Hostile input: random mixes of path, query and body fragments never crash and always get a
// JSON answer with a status from the reason table.
TEST_F(RequestHandlerTest, RandomInputIsAnsweredCleanly) {
  const std::vector<std::string> paths = {
      "/v1/namespaces/", "a",         "/keys/", "%",  "%2F", "%zz", "/", "//",
      "\xC0\xAF",        "snapshots", "{x}",    "..", "?"};
  const std::vector<std::string> queries = {"",        "version=",     "version=-1", "=",
                                            "&",       "pageSize=1e9", "mode=7",     "versions=1",
                                            "%00=%00", "prefix=%C3%28"};
  const std::vector<std::string> bodies = {"",
                                           "{",
                                           "}",
                                           "[",
                                           "\"",
                                           "{\"value\":",
                                           "{\"value\":\"aGk=\"}",
                                           "\xFF",
                                           "null",
                                           "{\"expectedVersion\":1e999}",
                                           "{\"metadata\":{\"a\":1}}",
                                           "\\u0000",
                                           "[[[[[[[[[["};
  const std::vector<std::string> methods = {"GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", ""};
  std::mt19937 rng(20261123);
  auto pick = [&rng](const std::vector<std::string>& from) {
    return from[std::uniform_int_distribution<size_t>(0, from.size() - 1)(rng)];
  };
  for (int i = 0; i < 3000; ++i) {
    std::string target = "/v1/namespaces/";
    for (int k = 0; k < 4; ++k) target += pick(paths);
    target += "?" + pick(queries) + "&" + pick(queries);
    std::string body;
    for (int k = 0; k < 3; ++k) body += pick(bodies);
    const HttpAnswer answer = Call(pick(methods), target, body);
    const nlohmann::json json = Json(answer);
    ASSERT_FALSE(json.is_discarded()) << target << " " << body;
    EXPECT_TRUE(answer.status == 200 || answer.status == 400 || answer.status == 404 ||
                answer.status == 405)
        << answer.status << " " << target << " " << body;
  }
}

// The chain finishes on the handler's own thread, as a ContextWrite does on the store's commit
// thread: HandleAsync returns before the answer exists, and the answer comes once, from there.
class AsyncRequestHandlerTest : public ::testing::Test {
 protected:
  // What `done` received, and how often.
  struct Delivery {
    std::mutex mu;
    std::condition_variable cv;
    int count = 0;
    HttpAnswer answer;
    std::thread::id thread;
  };

  void SetUp() override {
    CAM_ASSERT_OK_AND_ASSIGN(methods_, envelope::MethodTable::Build());
    chain_ = testing::MakeDeferringEchoChain(&observed_);
    ASSERT_NE(chain_, nullptr);
    CAM_ASSERT_OK_AND_ASSIGN(RouteTable routes, RouteTable::Build(*methods_));
    handler_ = std::make_unique<RequestHandler>(std::move(routes), chain_.get(), nullptr);
  }

  static HttpRequest Put(const std::string& key, std::string body) {
    HttpRequest request;
    request.method = "PUT";
    request.target = "/v1/namespaces/team-a/keys/" + key;
    request.body = std::move(body);
    request.request_id = "req-async";
    request.received_at = absl::Now();
    return request;
  }

  void Start(const HttpRequest& request, Delivery& delivery) {
    handler_->HandleAsync(request, [&delivery](HttpAnswer answer) {
      std::lock_guard lock(delivery.mu);
      ++delivery.count;
      delivery.answer = std::move(answer);
      delivery.thread = std::this_thread::get_id();
      delivery.cv.notify_all();
    });
  }

  // WaitCompleted waits until `n` completions have returned on the handler's threads, so that
  // a second delivery, had there been one, would already be counted.
  void WaitCompleted(int n) {
    for (int i = 0; i < 2000 && observed_.completed < n; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ASSERT_EQ(observed_.completed, n);
  }

  std::unique_ptr<envelope::MethodTable> methods_;
  testing::Observed observed_;
  std::unique_ptr<envelope::Chain> chain_;
  std::unique_ptr<RequestHandler> handler_;
};

TEST_F(AsyncRequestHandlerTest, AnswersOnceFromTheCompletingThreadForOkAndError) {
  struct Case {
    std::string key, body;
    int status;
  };
  int runs = 0;
  for (const Case& c : {Case{"notes", R"({"value":"aGVsbG8="})", 200}, Case{"fail", "", 503}}) {
    SCOPED_TRACE(c.key);
    observed_.hold_writes = true;
    Delivery delivery;
    Start(Put(c.key, c.body), delivery);
    ++runs;
    // HandleAsync returned with the handler run but its completion held on another thread.
    EXPECT_EQ(observed_.calls, runs);
    {
      std::lock_guard lock(delivery.mu);
      EXPECT_EQ(delivery.count, 0);
    }
    observed_.hold_writes = false;
    WaitCompleted(runs);
    std::unique_lock lock(delivery.mu);
    ASSERT_TRUE(delivery.cv.wait_for(lock, std::chrono::seconds(10),
                                     [&delivery] { return delivery.count > 0; }));
    EXPECT_EQ(delivery.count, 1);
    EXPECT_NE(delivery.thread, std::this_thread::get_id());
    {
      std::lock_guard observed_lock(observed_.mu);
      ASSERT_EQ(observed_.completing_threads.size(), static_cast<size_t>(runs));
      EXPECT_EQ(delivery.thread, observed_.completing_threads.back());
      EXPECT_NE(delivery.thread, observed_.handler_threads.back());
    }
    EXPECT_EQ(delivery.answer.status, c.status);
    const nlohmann::json json =
        nlohmann::json::parse(delivery.answer.body, nullptr, /*allow_exceptions=*/false);
    if (c.status == 200) {
      EXPECT_EQ(json["version"], "5");
      EXPECT_EQ(json["sha256"], "team-a/notes");
    } else {
      EXPECT_EQ(json["error"]["reason"], "CAM_STORE_UNAVAILABLE");
      EXPECT_EQ(json["error"]["request_id"], "req-async");
      EXPECT_TRUE(delivery.answer.retry_after);
      EXPECT_THAT(delivery.answer.body, Not(HasSubstr("secret")));
    }
  }
  // Both outcomes went through the finishing stages.
  std::lock_guard lock(observed_.mu);
  EXPECT_EQ(observed_.audited.size(), 2u);
}

TEST_F(AsyncRequestHandlerTest, ThrowsAreAnsweredOnceOnTheCallingThread) {
  // "throw" throws before the handler finishes; "throw-late" finishes it (the chain answers at
  // once), then throws out of the chain: still one answer, the chain's.
  for (const auto& [key, status] :
       std::vector<std::pair<std::string, int>>{{"throw", 500}, {"throw-late", 200}}) {
    SCOPED_TRACE(key);
    Delivery delivery;
    Start(Put(key, R"({"value":"aGk="})"), delivery);
    std::lock_guard lock(delivery.mu);
    EXPECT_EQ(delivery.count, 1);
    EXPECT_EQ(delivery.thread, std::this_thread::get_id());
    EXPECT_EQ(delivery.answer.status, status);
    EXPECT_THAT(delivery.answer.body, Not(HasSubstr("secret")));
  }
}

TEST_F(AsyncRequestHandlerTest, RefusalsBeforeTheChainAnswerOnTheCallingThread) {
  HttpRequest request = Put("k", "{");
  Delivery delivery;
  Start(request, delivery);
  std::lock_guard lock(delivery.mu);
  EXPECT_EQ(delivery.count, 1);
  EXPECT_EQ(delivery.thread, std::this_thread::get_id());
  EXPECT_EQ(delivery.answer.status, 400);
  EXPECT_EQ(observed_.calls, 0);
}

TEST_F(AsyncRequestHandlerTest, HandleWaitsForTheCompletion) {
  const HttpAnswer answer = handler_->Handle(Put("k", R"({"value":"aGk="})"));
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(nlohmann::json::parse(answer.body, nullptr, false)["version"], "2");
  EXPECT_EQ(observed_.calls, 1);
}

}  // namespace
}  // namespace cam::transport::http
