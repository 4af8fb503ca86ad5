#include "observe/http_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <thread>

#include "observe/metrics.h"

namespace sahelwatch::observe {
namespace {

namespace asio = boost::asio;

// Serves on a background thread; requests are made with plain blocking sockets.
class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<HttpServer>(io_, "127.0.0.1:0", metrics_.shared_registry(), [this] {
      return std::pair<bool, std::string>{ready_.load(), ready_.load() ? "" : "no partitions assigned"};
    });
    thread_ = std::thread([this] { io_.run(); });
  }
  void TearDown() override {
    asio::post(io_, [this] { server_->Stop(); });
    io_.stop();
    thread_.join();
  }

  // Sends raw bytes, returns the whole response.
  std::string Send(const std::string& request) {
    asio::io_context client;
    asio::ip::tcp::socket socket(client);
    const std::string address = server_->local_address();
    const auto colon = address.rfind(':');
    socket.connect({asio::ip::make_address(address.substr(0, colon)),
                    static_cast<unsigned short>(std::stoi(address.substr(colon + 1)))});
    boost::system::error_code error;
    asio::write(socket, asio::buffer(request), error);  // the server may close early on garbage
    std::string response;
    asio::read(socket, asio::dynamic_buffer(response), error);
    return response;
  }
  std::string Get(const std::string& path) { return Send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n"); }

  Metrics metrics_{"test"};
  std::atomic<bool> ready_{false};
  asio::io_context io_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

TEST_F(HttpServerTest, HealthzIsAlwaysOk) { EXPECT_EQ(Get("/healthz").rfind("HTTP/1.1 200 OK\r\n", 0), 0u); }

TEST_F(HttpServerTest, ReadyzFollowsTheProbeAndSaysWhyNot) {
  const std::string not_ready = Get("/readyz");
  EXPECT_EQ(not_ready.rfind("HTTP/1.1 503 ", 0), 0u) << not_ready;
  EXPECT_NE(not_ready.find("not ready: no partitions assigned"), std::string::npos);
  ready_ = true;
  EXPECT_EQ(Get("/readyz").rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
}

TEST_F(HttpServerTest, MetricsServesTheTextFormatWithAQueryStringToo) {
  const std::string response = Get("/metrics?x=1");
  EXPECT_EQ(response.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  EXPECT_NE(response.find("Content-Type: text/plain; version=0.0.4"), std::string::npos);
  EXPECT_NE(response.find("\nsahelwatch_build_info{version=\"test\"} 1"), std::string::npos);
}

TEST_F(HttpServerTest, UnknownPathsMethodsAndGarbageGetAnAnswerAndTheServerKeepsServing) {
  EXPECT_EQ(Get("/nope").rfind("HTTP/1.1 404 ", 0), 0u);
  EXPECT_EQ(Send("POST /metrics HTTP/1.1\r\n\r\n").rfind("HTTP/1.1 405 ", 0), 0u);
  Send(std::string("\0\xff\r\n\r\n", 6));
  Send(std::string(20000, 'A'));  // no end of head within the buffer limit: dropped
  EXPECT_EQ(Get("/healthz").rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
}

TEST(HttpServerListen, ABadAddressIsAnErrorNamingIt) {
  asio::io_context io;
  Metrics metrics("test");
  const auto probe = [] { return std::pair<bool, std::string>{true, ""}; };
  for (const std::string bad : {"nocolon", "127.0.0.1:notaport", "127.0.0.1:70000", "not-an-ip:1"}) {
    try {
      HttpServer server(io, bad, metrics.shared_registry(), probe);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const std::runtime_error& error) {
      EXPECT_NE(std::string(error.what()).find(bad), std::string::npos) << error.what();
    }
  }
}

}  // namespace
}  // namespace sahelwatch::observe
