// Watches the rules and gazetteer directories for changes (by polling size + mtime of every
// file, which works on any filesystem, including ConfigMap symlink swaps in Kubernetes)
// and calls back once per change.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace sahelwatch::app {

class RulesWatcher {
 public:
  RulesWatcher(boost::asio::io_context& io, std::vector<std::filesystem::path> directories,
               std::chrono::milliseconds interval, std::function<void()> on_change);

 private:
  std::string Fingerprint() const;
  void Schedule();

  boost::asio::steady_timer timer_;
  std::vector<std::filesystem::path> directories_;
  std::chrono::milliseconds interval_;
  std::function<void()> on_change_;
  std::string fingerprint_;
};

}  // namespace sahelwatch::app
