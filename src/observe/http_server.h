// The one HTTP port: /metrics (Prometheus text format), /healthz (process alive) and
// /readyz (consumer assigned and broker reachable). Runs on the daemon's Asio loop;
// each request is small, so connections are served one-shot (HTTP/1.1, Connection: close).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <memory>
#include <string>

#include <prometheus/registry.h>

namespace sahelwatch::observe {

class HttpServer {
 public:
  using ReadinessProbe = std::function<std::pair<bool, std::string>()>;  // ready?, reason

  // `listen` is "HOST:PORT" (port 0 picks a free port). Throws std::runtime_error naming
  // the address when it cannot bind.
  HttpServer(boost::asio::io_context& io, const std::string& listen, std::shared_ptr<prometheus::Registry> registry,
             ReadinessProbe readiness);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  std::string local_address() const;
  void Stop();

 private:
  void Accept();

  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<prometheus::Registry> registry_;
  ReadinessProbe readiness_;
};

}  // namespace sahelwatch::observe
