#include "observe/http_server.h"

#include <prometheus/text_serializer.h>

#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <sstream>

#include "observe/log.h"

namespace sahelwatch::observe {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

asio::ip::tcp::endpoint ParseListen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    throw std::runtime_error("metrics listen address '" + listen + "' must be HOST:PORT");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  boost::system::error_code error;
  const auto address = asio::ip::make_address(host, error);
  if (error) throw std::runtime_error("metrics listen address '" + listen + "': bad host: " + host);
  int port = 0;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (const std::exception&) {
    port = -1;
  }
  if (port < 0 || port > 65535) throw std::runtime_error("metrics listen address '" + listen + "': bad port");
  return {address, static_cast<unsigned short>(port)};
}

// One connection: read the request head, answer, close.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<prometheus::Registry> registry, HttpServer::ReadinessProbe readiness)
      : socket_(std::move(socket)), registry_(std::move(registry)), readiness_(std::move(readiness)) {}

  void Start() {
    buffer_.prepare(8192);
    asio::async_read_until(socket_, buffer_, "\r\n\r\n",
                           [self = shared_from_this()](boost::system::error_code error, std::size_t) {
                             if (!error) self->Respond();
                           });
  }

 private:
  void Respond() {
    std::istream stream(&buffer_);
    std::string method;
    std::string target;
    stream >> method >> target;
    const auto query = target.find('?');
    if (query != std::string::npos) target.resize(query);

    int status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
    if (method != "GET" && method != "HEAD") {
      status = 405;
      body = "method not allowed\n";
    } else if (target == "/metrics") {
      content_type = "text/plain; version=0.0.4; charset=utf-8";
      body = prometheus::TextSerializer().Serialize(registry_->Collect());
    } else if (target == "/healthz") {
      body = "ok\n";
    } else if (target == "/readyz") {
      const auto [ready, reason] = readiness_();
      status = ready ? 200 : 503;
      body = (ready ? "ready" : "not ready: " + reason) + "\n";
    } else {
      status = 404;
      body = "not found; try /metrics, /healthz or /readyz\n";
    }
    std::ostringstream response;
    response << "HTTP/1.1 " << status << ' '
             << (status == 200   ? "OK"
                 : status == 404 ? "Not Found"
                 : status == 405 ? "Method Not Allowed"
                                 : "Service Unavailable")
             << "\r\nContent-Type: " << content_type << "\r\nContent-Length: " << body.size()
             << "\r\nConnection: close\r\n\r\n";
    if (method != "HEAD") response << body;
    response_ = response.str();
    asio::async_write(socket_, asio::buffer(response_),
                      [self = shared_from_this()](boost::system::error_code, std::size_t) {
                        boost::system::error_code ignored;
                        self->socket_.shutdown(tcp::socket::shutdown_both, ignored);
                      });
  }

  tcp::socket socket_;
  std::shared_ptr<prometheus::Registry> registry_;
  HttpServer::ReadinessProbe readiness_;
  asio::streambuf buffer_{16384};
  std::string response_;
};

}  // namespace

HttpServer::HttpServer(asio::io_context& io, const std::string& listen, std::shared_ptr<prometheus::Registry> registry,
                       ReadinessProbe readiness)
    : acceptor_(io), registry_(std::move(registry)), readiness_(std::move(readiness)) {
  const auto endpoint = ParseListen(listen);
  boost::system::error_code error;
  acceptor_.open(endpoint.protocol(), error);
  if (!error) acceptor_.set_option(tcp::acceptor::reuse_address(true), error);
  if (!error) acceptor_.bind(endpoint, error);
  if (!error) acceptor_.listen(asio::socket_base::max_listen_connections, error);
  if (error) throw std::runtime_error("cannot listen on " + listen + ": " + error.message());
  Accept();
}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Stop() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

std::string HttpServer::local_address() const {
  boost::system::error_code error;
  const auto endpoint = acceptor_.local_endpoint(error);
  if (error) return {};
  return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

void HttpServer::Accept() {
  acceptor_.async_accept([this](boost::system::error_code error, tcp::socket socket) {
    if (error == asio::error::operation_aborted) return;
    if (!error) std::make_shared<Session>(std::move(socket), registry_, readiness_)->Start();
    if (acceptor_.is_open()) Accept();
  });
}

}  // namespace sahelwatch::observe
