// File: transport/http/http_session.h
// HttpSession: one accepted TLS connection, driven on its own strand. It reads requests with
// bounded headers and bodies under the idle and header timeouts, answers probes inline, hands
// API requests to the worker pool and writes each answer back on the strand. Internal to
// transport/http (it exposes Boost.Beast types).
#ifndef CAM_TRANSPORT_HTTP_HTTP_SESSION_H_
#define CAM_TRANSPORT_HTTP_HTTP_SESSION_H_

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <memory>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "envelope/call.h"
#include "transport/http/request_handler.h"
#include "transport/http/server_state.h"

namespace cam::transport::http {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  // The caller has already counted the connection in state.connections(); the session
  // uncounts it when destroyed.
  HttpSession(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& tls,
              ServerState& state);
  ~HttpSession();
  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  void Start();

 private:
  enum class Close { kNo, kGraceful, kLinger };

  void OnHandshake(boost::beast::error_code ec);
  void AwaitRequest();
  void ReadHeader();
  void OnHeader(boost::beast::error_code ec);
  void ReadBody();
  void OnBody(boost::beast::error_code ec);
  void Dispatch();
  void OnReadError(boost::beast::error_code ec);
  void Answer(HttpAnswer answer, Close close, bool counted);
  void OnWrite(boost::beast::error_code ec, bool keep_alive, Close close, bool counted);
  void CloseGracefully();
  void Linger();

  boost::beast::ssl_stream<boost::beast::tcp_stream> stream_;
  ServerState& state_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::optional<boost::beast::http::response<boost::beast::http::string_body>> response_;
  std::optional<boost::beast::http::response<boost::beast::http::empty_body>> continue_;
  envelope::Peer peer_;
  std::string request_id_;
  absl::Time received_at_ = absl::InfinitePast();
  unsigned version_ = 11;
  bool keep_alive_ = true;
  size_t lingered_ = 0;
  char linger_buffer_[4096];
};

}  // namespace cam::transport::http

#endif  // CAM_TRANSPORT_HTTP_HTTP_SESSION_H_
