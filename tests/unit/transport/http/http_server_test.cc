// Real sockets: the gateway on 127.0.0.1 with a generated PKI, driven by curl and by a small
// Boost.Asio TLS client for the cases curl cannot express (slow headers, connection cap).
#include "transport/http/http_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdio.h>
#include <sys/wait.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include "envelope/method_table.h"
#include "tests/testing/status_matchers.h"
#include "tests/unit/transport/http/test_chain.h"
#include "tests/unit/transport/http/test_pki.h"

namespace cam::transport {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
namespace net = ::boost::asio;
using http::testing::Observed;
using http::testing::TestPki;

std::string Quote(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

struct CurlResult {
  int exit_code = -1;
  std::string out;      // what -w printed
  std::string body;     // the last response body
  std::string headers;  // the last response headers
  int http_code() const { return out.size() >= 3 ? std::atoi(out.substr(0, 3).c_str()) : 0; }
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
};

class Curl {
 public:
  Curl(const TestPki& pki, int port) : pki_(pki), port_(port) {}

  std::string Url(const std::string& target) const {
    return "https://127.0.0.1:" + std::to_string(port_) + target;
  }

  // Run calls curl with a trusted CA and (unless `with_cert` is false) the test client cert.
  CurlResult Run(const std::vector<std::string>& args, bool with_cert = true,
                 const std::string& format = "%{http_code}") const {
    static std::atomic<int> counter{0};
    const std::string tag = std::to_string(counter.fetch_add(1));
    const std::string body_file = pki_.Path("body-" + tag);
    const std::string header_file = pki_.Path("headers-" + tag);
    std::string command = "curl -sS --max-time 20 --cacert " + Quote(pki_.ca()) + " -o " +
                          Quote(body_file) + " -D " + Quote(header_file) + " -w " + Quote(format);
    if (with_cert) {
      command += " --cert " + Quote(pki_.client_cert()) + " --key " + Quote(pki_.client_key());
    }
    for (const std::string& arg : args) command += " " + Quote(arg);
    command += " 2>/dev/null";
    CurlResult result;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return result;
    char buf[512];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) result.out.append(buf, n);
    const int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.body = Slurp(body_file);
    result.headers = Slurp(header_file);
    return result;
  }

 private:
  static std::string Slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  const TestPki& pki_;
  int port_;
};

// A raw TLS 1.3 client with a client certificate, for byte-level control.
class RawTlsClient {
 public:
  explicit RawTlsClient(const TestPki& pki) : tls_(net::ssl::context::tls_client) {
    tls_.load_verify_file(pki.ca());
    tls_.use_certificate_chain_file(pki.client_cert());
    tls_.use_private_key_file(pki.client_key(), net::ssl::context::pem);
    stream_.emplace(ioc_, tls_);
  }

  // Connect returns true once TCP and the client side of the TLS handshake succeed.
  bool Connect(int port) {
    boost::system::error_code ec;
    stream_->lowest_layer().connect(
        net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
    if (ec) return false;
    stream_->handshake(net::ssl::stream_base::client, ec);
    return !ec;
  }

  bool Send(const std::string& data) {
    boost::system::error_code ec;
    net::write(*stream_, net::buffer(data), ec);
    return !ec;
  }

  // WaitClosed reads until the server ends the connection; the time it took, or nullopt if the
  // connection is still open after `limit`.
  std::optional<std::chrono::milliseconds> WaitClosed(std::chrono::milliseconds limit) {
    const auto start = std::chrono::steady_clock::now();
    bool closed = false;
    std::function<void()> read = [&] {
      stream_->async_read_some(net::buffer(buf_), [&](boost::system::error_code ec, size_t n) {
        received_.append(buf_, n);
        if (ec) {
          closed = true;
          return;
        }
        read();
      });
    };
    read();
    ioc_.restart();
    ioc_.run_for(limit);
    if (!closed) return std::nullopt;
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 start);
  }

  const std::string& received() const { return received_; }

 private:
  net::io_context ioc_;
  net::ssl::context tls_;
  std::optional<net::ssl::stream<net::ip::tcp::socket>> stream_;
  char buf_[4096];
  std::string received_;
};

class HttpServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_ = new TestPki();
    auto methods = envelope::MethodTable::Build();
    ASSERT_TRUE(methods.ok()) << methods.status();
    methods_ = methods->release();
  }
  static void TearDownTestSuite() {
    delete pki_;
    delete methods_;
  }

  void SetUp() override {
    ASSERT_TRUE(pki_->ok()) << "openssl could not make the test PKI";
    chain_ = http::testing::MakeEchoChain(&observed_);
    ASSERT_NE(chain_, nullptr);
  }

  HttpServerConfig Config() const {
    HttpServerConfig config;
    config.address = "127.0.0.1:0";
    config.cert_file = pki_->server_cert();
    config.key_file = pki_->server_key();
    config.client_ca_file = pki_->ca();
    config.max_body_bytes = 4096;
    config.max_header_bytes = 8192;
    config.io_threads = 2;
    config.worker_threads = 4;
    config.header_timeout = absl::Seconds(1);
    config.idle_timeout = absl::Seconds(5);
    return config;
  }

  void StartServer(HttpServerConfig config) {
    auto server = HttpServer::Start(std::move(config), methods_, chain_.get(),
                                    [this] { return ready_.load(); });
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ASSERT_GT(server_->port(), 0);
    curl_.emplace(*pki_, server_->port());
  }

  // Starts a server over the deferring chain and one PUT whose completion is held (check
  // observed_.held == 1); the result comes once observed_.hold_writes is lifted.
  std::future<CurlResult> StartHeldWrite() {
    chain_ = http::testing::MakeDeferringEchoChain(&observed_);
    if (chain_ == nullptr) return {};
    StartServer(Config());
    if (server_ == nullptr) return {};
    observed_.hold_writes = true;
    std::future<CurlResult> write = std::async(std::launch::async, [this] {
      return curl_->Run(
          {"-X", "PUT", "--data-binary", "{}", curl_->Url("/v1/namespaces/a/keys/k")});
    });
    for (int i = 0; i < 1000 && observed_.held == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return write;
  }

  static TestPki* pki_;
  static envelope::MethodTable* methods_;
  Observed observed_;
  std::unique_ptr<envelope::Chain> chain_;
  std::atomic<bool> ready_{true};
  std::unique_ptr<HttpServer> server_;
  std::optional<Curl> curl_;
};

TestPki* HttpServerTest::pki_ = nullptr;
envelope::MethodTable* HttpServerTest::methods_ = nullptr;

TEST_F(HttpServerTest, AnswersJsonAndPassesThePeerCertificate) {
  StartServer(Config());
  const CurlResult r =
      curl_->Run({"-X", "PUT", "-H", "Content-Type: application/json", "-H",
                  "X-Request-Id: client-req.1", "--data-binary", R"({"value":"aGVsbG8="})",
                  curl_->Url("/v1/namespaces/team-a/keys/notes/today")});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.http_code(), 200);
  EXPECT_EQ(r.json()["version"], "5");
  EXPECT_EQ(r.json()["sha256"], "team-a/notes/today");
  EXPECT_THAT(r.headers, HasSubstr("X-Request-Id: client-req.1"));
  EXPECT_THAT(r.headers, HasSubstr("Content-Type: application/json"));
  std::lock_guard<std::mutex> lock(observed_.mu);
  EXPECT_EQ(observed_.request_id, "client-req.1");
  EXPECT_THAT(observed_.peer.address, StartsWith("127.0.0.1:"));
  EXPECT_TRUE(observed_.peer.certificate.present);
  EXPECT_TRUE(observed_.peer.certificate.verified);
  EXPECT_EQ(observed_.peer.certificate.subject_common_name, "tester");
  EXPECT_THAT(observed_.peer.certificate.uri_sans,
              ::testing::ElementsAre("spiffe://cam.test/agent/tester"));
}

TEST_F(HttpServerTest, GetWithQueryAndGeneratedRequestId) {
  StartServer(Config());
  const CurlResult r = curl_->Run({curl_->Url("/v1/namespaces/a/keys/k%2Fx?version=2")});
  ASSERT_EQ(r.http_code(), 200);
  EXPECT_EQ(r.json()["entry"]["key"], "k/x");
  EXPECT_EQ(r.json()["entry"]["version"], "2");
  std::lock_guard<std::mutex> lock(observed_.mu);
  EXPECT_EQ(observed_.request_id.size(), 32u);
  EXPECT_THAT(r.headers, HasSubstr("X-Request-Id: " + observed_.request_id));
}

TEST_F(HttpServerTest, RouteAndBodyErrors) {
  StartServer(Config());
  const CurlResult missing = curl_->Run({curl_->Url("/v1/nothing")});
  EXPECT_EQ(missing.http_code(), 404);
  EXPECT_EQ(missing.json()["error"]["reason"], "CAM_VALIDATION_ROUTE");
  EXPECT_THAT(missing.headers, HasSubstr("X-Request-Id: "));

  const CurlResult wrong = curl_->Run({"-X", "POST", curl_->Url("/v1/namespaces/a/keys/k")});
  EXPECT_EQ(wrong.http_code(), 405);
  EXPECT_THAT(wrong.headers, HasSubstr("Allow: DELETE, GET, PUT"));

  const CurlResult malformed = curl_->Run(
      {"-X", "PUT", "--data-binary", "{\"value\":", curl_->Url("/v1/namespaces/a/keys/k")});
  EXPECT_EQ(malformed.http_code(), 400);
  EXPECT_EQ(malformed.json()["error"]["reason"], "CAM_VALIDATION_MALFORMED_BODY");

  const CurlResult deep =
      curl_->Run({"-X", "PUT", "--data-binary", std::string(1000, '[') + std::string(1000, ']'),
                  curl_->Url("/v1/namespaces/a/keys/k")});
  EXPECT_EQ(deep.http_code(), 400);

  const CurlResult bad_escape = curl_->Run({curl_->Url("/v1/namespaces/a/keys/%zz")});
  EXPECT_EQ(bad_escape.http_code(), 404);
  {
    // Refusals before the handler are audited too: the unknown route and the wrong method.
    std::lock_guard lock(observed_.mu);
    ASSERT_GE(observed_.audited.size(), 2u);
    EXPECT_THAT(observed_.audited[0], HasSubstr("http:/v1/nothing refused http_status=404"));
    EXPECT_THAT(observed_.audited[1], HasSubstr("http_status=405"));
  }

  const CurlResult failing =
      curl_->Run({"-X", "PUT", "--data-binary", "{}", curl_->Url("/v1/namespaces/a/keys/fail")});
  EXPECT_EQ(failing.http_code(), 503);
  EXPECT_THAT(failing.headers, HasSubstr("Retry-After: 1"));
  EXPECT_THAT(failing.body, Not(HasSubstr("secret")));

  const CurlResult thrown =
      curl_->Run({"-X", "PUT", "--data-binary", "{}", curl_->Url("/v1/namespaces/a/keys/throw")});
  EXPECT_EQ(thrown.http_code(), 500);
  EXPECT_THAT(thrown.body, Not(HasSubstr("secret")));
  EXPECT_EQ(thrown.json()["error"]["reason"], "CAM_INTERNAL_ERROR");
}

TEST_F(HttpServerTest, OversizeBodyIs413AndCloses) {
  StartServer(Config());
  const std::string big_file = pki_->Path("big.json");
  {
    std::ofstream out(big_file);
    out << "{\"value\":\"" << std::string(64 * 1024, 'A') << "\"}";
  }
  // Content-Length over the limit, with and without waiting for 100-continue. (A chunked body
  // over the limit also gets 413, but curl sometimes fails its upload with EPIPE before reading
  // the answer; see the report.)
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{"-H", "Expect:"},
        std::vector<std::string>{"-H", "Expect: 100-continue"}}) {
    std::vector<std::string> args = {"-X", "PUT", "--data-binary", "@" + big_file};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(curl_->Url("/v1/namespaces/a/keys/k"));
    const CurlResult r = curl_->Run(args);
    EXPECT_EQ(r.http_code(), 413) << extra.back() << " exit " << r.exit_code;
    EXPECT_EQ(r.json()["error"]["reason"], "CAM_VALIDATION_PAYLOAD_TOO_LARGE");
    EXPECT_THAT(r.headers, HasSubstr("Connection: close"));
  }
  const CurlResult header_bomb =
      curl_->Run({"-H", "X-Big: " + std::string(20000, 'a'), curl_->Url("/healthz")});
  EXPECT_EQ(header_bomb.http_code(), 431);
  EXPECT_EQ(header_bomb.json()["error"]["reason"], "CAM_VALIDATION_PAYLOAD_TOO_LARGE");
  EXPECT_EQ(observed_.calls, 0);
  // None reached a handler, yet each refusal was audited, with the client's certificate.
  {
    std::lock_guard lock(observed_.mu);
    ASSERT_EQ(observed_.audited.size(), 3u);
    EXPECT_THAT(observed_.audited[0], HasSubstr("http:/v1/namespaces/a/keys/k refused"));
    EXPECT_THAT(observed_.audited[0], HasSubstr("http_status=413"));
    EXPECT_THAT(observed_.audited[2], HasSubstr("http_status=431"));
    EXPECT_THAT(observed_.audited[2], HasSubstr("client_certificate="));
  }
  // The server is still fine.
  EXPECT_EQ(curl_->Run({curl_->Url("/healthz")}).http_code(), 200);
}

TEST_F(HttpServerTest, SmallBodyWithExpectContinue) {
  StartServer(Config());
  const CurlResult r = curl_->Run({"-X", "PUT", "-H", "Expect: 100-continue", "--data-binary",
                                   R"({"value":"aGk="})", curl_->Url("/v1/namespaces/a/keys/k")});
  EXPECT_EQ(r.http_code(), 200);
  EXPECT_EQ(r.json()["version"], "2");
}

TEST_F(HttpServerTest, RefusesTls12AndMissingOrUntrustedClientCertificates) {
  StartServer(Config());
  const CurlResult tls12 = curl_->Run({"--tls-max", "1.2", curl_->Url("/healthz")});
  EXPECT_NE(tls12.exit_code, 0);
  EXPECT_EQ(tls12.http_code(), 0);
  const CurlResult no_cert = curl_->Run({curl_->Url("/healthz")}, /*with_cert=*/false);
  EXPECT_NE(no_cert.exit_code, 0);
  EXPECT_EQ(no_cert.http_code(), 0);
  const CurlResult rogue =
      curl_->Run({"--cert", pki_->rogue_cert(), "--key", pki_->rogue_key(), curl_->Url("/healthz")},
                 /*with_cert=*/false);
  EXPECT_NE(rogue.exit_code, 0);
  EXPECT_EQ(rogue.http_code(), 0);
  // The same request with a good certificate and TLS 1.3 works.
  const CurlResult good = curl_->Run({"--tlsv1.3", curl_->Url("/healthz")});
  EXPECT_EQ(good.http_code(), 200);
  EXPECT_EQ(good.body, R"({"status":"SERVING"})");
}

TEST_F(HttpServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  StartServer(Config());
  const CurlResult r =
      curl_->Run({"-o", "/dev/null", curl_->Url("/healthz"), curl_->Url("/v1/namespaces/a/keys/k")},
                 true, "%{http_code} %{num_connects}\n");
  EXPECT_EQ(r.out, "200 1\n200 0\n");
}

TEST_F(HttpServerTest, Probes) {
  StartServer(Config());
  EXPECT_EQ(curl_->Run({curl_->Url("/readyz")}).http_code(), 200);
  ready_ = false;
  const CurlResult not_ready = curl_->Run({curl_->Url("/readyz")});
  EXPECT_EQ(not_ready.http_code(), 503);
  EXPECT_EQ(curl_->Run({curl_->Url("/healthz")}).http_code(), 200);
  EXPECT_EQ(observed_.calls, 0);
}

TEST_F(HttpServerTest, SlowHeadersAreCutOffAndGarbageIsHarmless) {
  StartServer(Config());  // header timeout 1 s, idle 5 s
  RawTlsClient slow(*pki_);
  ASSERT_TRUE(slow.Connect(server_->port()));
  ASSERT_TRUE(slow.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n"));  // never finishes
  const auto closed = slow.WaitClosed(std::chrono::seconds(4));
  ASSERT_TRUE(closed.has_value());
  EXPECT_GE(closed->count(), 700);

  RawTlsClient garbage(*pki_);
  ASSERT_TRUE(garbage.Connect(server_->port()));
  ASSERT_TRUE(garbage.Send(std::string("\x16\x03\x01\x00\x00\xff\xfe GARBAGE\r\n\r\n", 20)));
  ASSERT_TRUE(garbage.WaitClosed(std::chrono::seconds(4)).has_value());
  EXPECT_THAT(garbage.received(), StartsWith("HTTP/1.1 400"));

  RawTlsClient idle(*pki_);
  ASSERT_TRUE(idle.Connect(server_->port()));
  ASSERT_TRUE(idle.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  // Answered, then kept open while idle (longer than the header timeout).
  EXPECT_FALSE(idle.WaitClosed(std::chrono::milliseconds(1500)).has_value());
  EXPECT_THAT(idle.received(), StartsWith("HTTP/1.1 200"));
  EXPECT_EQ(curl_->Run({curl_->Url("/healthz")}).http_code(), 200);
}

TEST_F(HttpServerTest, ConnectionCap) {
  HttpServerConfig config = Config();
  config.max_connections = 2;
  StartServer(config);
  RawTlsClient a(*pki_), b(*pki_), c(*pki_);
  ASSERT_TRUE(a.Connect(server_->port()));
  ASSERT_TRUE(a.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(b.Connect(server_->port()));
  ASSERT_TRUE(b.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_FALSE(a.WaitClosed(std::chrono::milliseconds(300)).has_value());
  EXPECT_FALSE(b.WaitClosed(std::chrono::milliseconds(300)).has_value());
  // The third is closed right after accept: the handshake or the first read fails.
  const bool third = c.Connect(server_->port()) &&
                     c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n") &&
                     !c.WaitClosed(std::chrono::milliseconds(500)).has_value();
  EXPECT_FALSE(third);
  EXPECT_EQ(c.received().find("200"), std::string::npos);
}

TEST_F(HttpServerTest, ShutdownLetsTheInFlightRequestFinish) {
  StartServer(Config());
  RawTlsClient late(*pki_);  // connected before shutdown, asks only during the drain
  ASSERT_TRUE(late.Connect(server_->port()));
  std::future<CurlResult> slow = std::async(std::launch::async, [this] {
    return curl_->Run(
        {"-X", "PUT", "--data-binary", "{}", curl_->Url("/v1/namespaces/a/keys/slow")});
  });
  for (int i = 0; i < 1000 && !observed_.slow_started; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(observed_.slow_started);
  const auto start = std::chrono::steady_clock::now();
  std::future<void> shutdown =
      std::async(std::launch::async, [this] { server_->Shutdown(absl::Seconds(10)); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(late.Send("GET /v1/namespaces/a/keys/k HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_TRUE(late.WaitClosed(std::chrono::seconds(5)).has_value());
  EXPECT_THAT(late.received(), StartsWith("HTTP/1.1 503"));
  EXPECT_THAT(late.received(), HasSubstr("CAM_SERVER_DRAINING"));
  EXPECT_THAT(late.received(), HasSubstr("Retry-After: 1"));
  shutdown.get();
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(observed_.slow_finished);
  EXPECT_LT(took, std::chrono::seconds(5));
  const CurlResult r = slow.get();
  EXPECT_EQ(r.http_code(), 200);
  EXPECT_THAT(r.headers, HasSubstr("Connection: close"));
  EXPECT_EQ(observed_.calls, 1);
  // Nothing listens any more; Shutdown again is a no-op.
  EXPECT_EQ(curl_->Run({curl_->Url("/healthz")}).http_code(), 0);
  server_->Shutdown(absl::Seconds(1));
}

TEST_F(HttpServerTest, ShutdownWithShortDrainDoesNotWaitForever) {
  StartServer(Config());
  std::future<CurlResult> slow = std::async(std::launch::async, [this] {
    return curl_->Run(
        {"-X", "PUT", "--data-binary", "{}", curl_->Url("/v1/namespaces/a/keys/slow")});
  });
  for (int i = 0; i < 1000 && !observed_.slow_started; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(observed_.slow_started);
  server_->Shutdown(absl::Milliseconds(50));
  server_.reset();
  EXPECT_NE(slow.get().http_code(), 200);
}

// The chain finishes on the handler's own thread, as a ContextWrite does once its batch is
// durable. With one worker, a write whose completion is held must not stop a read behind it:
// the worker is free as soon as the chain has taken the call.
TEST_F(HttpServerTest, AnswersFromTheChainsCompletionWithoutHoldingAWorker) {
  chain_ = http::testing::MakeDeferringEchoChain(&observed_);
  ASSERT_NE(chain_, nullptr);
  HttpServerConfig config = Config();
  config.worker_threads = 1;
  StartServer(config);
  observed_.hold_writes = true;
  std::future<CurlResult> write = std::async(std::launch::async, [this] {
    return curl_->Run({"-X", "PUT", "--data-binary", R"({"value":"aGVsbG8="})",
                       curl_->Url("/v1/namespaces/a/keys/held")});
  });
  for (int i = 0; i < 1000 && observed_.held == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(observed_.held, 1);
  const CurlResult read =
      curl_->Run({"--max-time", "5", curl_->Url("/v1/namespaces/a/keys/k?version=4")});
  EXPECT_EQ(read.http_code(), 200) << "the read waited behind the held write";
  if (read.http_code() == 200) {
    EXPECT_EQ(read.json()["entry"]["version"], "4");
  }
  EXPECT_EQ(write.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  observed_.hold_writes = false;
  const CurlResult written = write.get();
  EXPECT_EQ(written.http_code(), 200);
  EXPECT_EQ(written.json()["version"], "5");
  EXPECT_EQ(written.json()["sha256"], "a/held");
  std::lock_guard lock(observed_.mu);
  ASSERT_EQ(observed_.completing_threads.size(), 2u);
  ASSERT_EQ(observed_.handler_threads.size(), 2u);
  // Both calls entered the chain on the one worker, and went on from elsewhere.
  EXPECT_EQ(observed_.handler_threads[0], observed_.handler_threads[1]);
  for (const std::thread::id& completing : observed_.completing_threads) {
    EXPECT_NE(completing, observed_.handler_threads[0]);
  }
}

// The drain counts a request until its answer is written, not until a worker is idle: a call
// whose completion comes later is still answered.
TEST_F(HttpServerTest, DrainWaitsForACompletionStillToCome) {
  std::future<CurlResult> write = StartHeldWrite();
  ASSERT_EQ(observed_.held, 1);
  std::future<void> shutdown =
      std::async(std::launch::async, [this] { server_->Shutdown(absl::Seconds(10)); });
  EXPECT_EQ(shutdown.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout);
  observed_.hold_writes = false;
  shutdown.get();
  const CurlResult r = write.get();
  EXPECT_EQ(r.http_code(), 200);
  EXPECT_THAT(r.headers, HasSubstr("Connection: close"));
}

// Past a short drain the answer is dropped, but Shutdown still waits for the completion: it
// posts into the server's io_context and holds the session, so neither may be gone before.
TEST_F(HttpServerTest, ShutdownWaitsForACompletionPastTheDrain) {
  std::future<CurlResult> write = StartHeldWrite();
  ASSERT_EQ(observed_.held, 1);
  std::future<void> shutdown =
      std::async(std::launch::async, [this] { server_->Shutdown(absl::Milliseconds(50)); });
  EXPECT_EQ(shutdown.wait_for(std::chrono::milliseconds(500)), std::future_status::timeout);
  EXPECT_EQ(observed_.completed, 0);
  observed_.hold_writes = false;
  shutdown.get();
  {
    std::lock_guard lock(observed_.mu);
    EXPECT_EQ(observed_.completing_threads.size(), 1u);
    EXPECT_EQ(observed_.audited.size(), 1u);  // the completion came through the audit stage
  }
  server_.reset();
  EXPECT_NE(write.get().http_code(), 200);
}

TEST_F(HttpServerTest, StartFailsCleanly) {
  HttpServerConfig config = Config();
  config.cert_file = pki_->Path("missing.pem");
  EXPECT_FALSE(HttpServer::Start(config, methods_, chain_.get(), nullptr).ok());
  config = Config();
  config.key_file = pki_->client_key();  // does not match the certificate
  EXPECT_FALSE(HttpServer::Start(config, methods_, chain_.get(), nullptr).ok());
  config = Config();
  config.address = "127.0.0.1";
  EXPECT_FALSE(HttpServer::Start(config, methods_, chain_.get(), nullptr).ok());
  StartServer(Config());
  config = Config();
  config.address = "127.0.0.1:" + std::to_string(server_->port());
  EXPECT_FALSE(HttpServer::Start(config, methods_, chain_.get(), nullptr).ok());
}

}  // namespace
}  // namespace cam::transport
