// Spike detection: new incidents per country × admin1 × type, counted in hourly buckets;
// a spike episode opens when the count in the spike window reaches min_events and
// baseline_factor × the baseline (the key's daily mean over the preceding baseline_days,
// scaled to the window), and closes once the rate falls back, so one episode alerts once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "correlate/alert_policy.h"

namespace sahelwatch::correlate {

class SpikeDetector {
 public:
  struct Spike {
    std::uint32_t count = 0;  // incidents in the window, this one included
    double baseline = 0.0;    // incidents expected in a window of that length
  };

  SpikeDetector(const SpikeRule& rule, std::size_t max_keys) : rule_(rule), max_keys_(max_keys) {}

  // Any observed event time: history starts at the earliest (a baseline needs history).
  void NoteTime(std::int64_t time_ms);

  // Counts one new incident; returns a spike when this opens an episode. With `judge`
  // false (restoring state) it only counts.
  std::optional<Spike> Record(const std::string& key, std::int64_t time_ms, bool judge = true);

  // Restore: the key already alerted an episode, which is still open.
  void MarkOpen(const std::string& key, std::int64_t time_ms);

  // Drops keys with nothing left in the baseline horizon before `watermark_ms`.
  void Prune(std::int64_t watermark_ms);

 private:
  struct KeyState {
    std::deque<std::pair<std::int64_t, std::uint32_t>> hours;  // (hour index, incidents), sorted
    std::int64_t latest_ms = 0;
    bool episode_open = false;
  };

  std::int64_t WindowHours() const;
  std::int64_t HorizonHours() const;
  void EvictOldestKey();

  SpikeRule rule_;
  std::size_t max_keys_;
  std::int64_t history_start_ms_ = std::numeric_limits<std::int64_t>::max();
  std::unordered_map<std::string, KeyState> keys_;
};

}  // namespace sahelwatch::correlate
