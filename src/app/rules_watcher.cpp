#include "app/rules_watcher.h"

#include <algorithm>

namespace sahelwatch::app {

RulesWatcher::RulesWatcher(boost::asio::io_context& io, std::vector<std::filesystem::path> directories,
                           std::chrono::milliseconds interval, std::function<void()> on_change)
    : timer_(io),
      directories_(std::move(directories)),
      interval_(interval),
      on_change_(std::move(on_change)),
      fingerprint_(Fingerprint()) {
  Schedule();
}

std::string RulesWatcher::Fingerprint() const {
  std::vector<std::string> entries;
  for (const auto& directory : directories_) {
    std::error_code error;
    for (std::filesystem::recursive_directory_iterator it(directory, error), end; !error && it != end;
         it.increment(error)) {
      std::error_code stat_error;
      if (!it->is_regular_file(stat_error)) continue;
      const auto size = it->file_size(stat_error);
      const auto mtime = it->last_write_time(stat_error).time_since_epoch().count();
      entries.push_back(it->path().string() + ":" + std::to_string(size) + ":" + std::to_string(mtime));
    }
  }
  std::sort(entries.begin(), entries.end());
  std::string out;
  for (const auto& entry : entries) out += entry + "\n";
  return out;
}

void RulesWatcher::Schedule() {
  timer_.expires_after(interval_);
  timer_.async_wait([this](boost::system::error_code error) {
    if (error) return;
    std::string current = Fingerprint();
    if (current != fingerprint_) {
      fingerprint_ = std::move(current);
      on_change_();
    }
    Schedule();
  });
}

}  // namespace sahelwatch::app
