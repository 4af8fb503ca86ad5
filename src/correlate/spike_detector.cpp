#include "correlate/spike_detector.h"

#include <algorithm>
#include <limits>

namespace sahelwatch::correlate {
namespace {

constexpr std::int64_t kHourMs = kHourSeconds * 1000;

std::int64_t HourOf(std::int64_t time_ms) {
  // Floor division: times before the epoch (bad input) still land in a consistent bucket.
  const std::int64_t hour = time_ms / kHourMs;
  return time_ms % kHourMs < 0 ? hour - 1 : hour;
}

}  // namespace

std::int64_t SpikeDetector::WindowHours() const {
  return std::max<std::int64_t>(1, (rule_.window_seconds + kHourSeconds - 1) / kHourSeconds);
}

std::int64_t SpikeDetector::HorizonHours() const {
  return WindowHours() + static_cast<std::int64_t>(rule_.baseline_days) * 24;
}

void SpikeDetector::NoteTime(std::int64_t time_ms) { history_start_ms_ = std::min(history_start_ms_, time_ms); }

std::optional<SpikeDetector::Spike> SpikeDetector::Record(const std::string& key, std::int64_t time_ms, bool judge) {
  NoteTime(time_ms);
  if (!keys_.contains(key) && keys_.size() >= max_keys_) EvictOldestKey();
  KeyState& state = keys_[key];
  const std::int64_t hour = HourOf(time_ms);
  auto at = std::lower_bound(state.hours.begin(), state.hours.end(), hour,
                             [](const auto& bucket, std::int64_t h) { return bucket.first < h; });
  if (at != state.hours.end() && at->first == hour) {
    ++at->second;
  } else {
    state.hours.insert(at, {hour, 1});
  }
  state.latest_ms = std::max(state.latest_ms, time_ms);
  const std::int64_t newest_hour = HourOf(state.latest_ms);
  while (!state.hours.empty() && state.hours.front().first <= newest_hour - HorizonHours()) {
    state.hours.pop_front();
  }
  if (!rule_.enabled || !judge) return std::nullopt;

  // Judged at this incident's time: the window ends at its hour, the baseline precedes it.
  const std::int64_t window_start = hour - WindowHours();  // exclusive
  const std::int64_t baseline_start = window_start - static_cast<std::int64_t>(rule_.baseline_days) * 24;
  std::uint64_t in_window = 0;
  std::uint64_t in_baseline = 0;
  for (const auto& [bucket, count] : state.hours) {
    if (bucket > window_start && bucket <= hour) {
      in_window += count;
    } else if (bucket > baseline_start && bucket <= window_start) {
      in_baseline += count;
    }
  }
  const std::int64_t history_hours = std::min(window_start - HourOf(history_start_ms_), window_start - baseline_start);
  const bool history_known =
      history_hours >= static_cast<std::int64_t>(rule_.min_history_days) * 24 && history_hours > 0;
  const double expected = history_hours > 0 ? static_cast<double>(in_baseline) / static_cast<double>(history_hours) *
                                                  static_cast<double>(WindowHours())
                                            : 0.0;
  const bool above =
      in_window >= rule_.min_events && static_cast<double>(in_window) >= rule_.baseline_factor * expected;
  if (!above) {
    state.episode_open = false;
    return std::nullopt;
  }
  if (state.episode_open || !history_known) return std::nullopt;
  state.episode_open = true;
  return Spike{
      static_cast<std::uint32_t>(std::min<std::uint64_t>(in_window, std::numeric_limits<std::uint32_t>::max())),
      expected};
}

void SpikeDetector::MarkOpen(const std::string& key, std::int64_t time_ms) {
  NoteTime(time_ms);
  if (!keys_.contains(key) && keys_.size() >= max_keys_) EvictOldestKey();
  KeyState& state = keys_[key];
  state.episode_open = true;
  state.latest_ms = std::max(state.latest_ms, time_ms);
}

void SpikeDetector::Prune(std::int64_t watermark_ms) {
  const std::int64_t oldest_kept = HourOf(watermark_ms) - HorizonHours();
  std::erase_if(keys_, [oldest_kept](const auto& entry) { return HourOf(entry.second.latest_ms) <= oldest_kept; });
}

void SpikeDetector::EvictOldestKey() {
  // Linear, but only when the key cap is hit, which real admin1 × type sets never reach.
  auto oldest = std::min_element(keys_.begin(), keys_.end(),
                                 [](const auto& a, const auto& b) { return a.second.latest_ms < b.second.latest_ms; });
  if (oldest != keys_.end()) keys_.erase(oldest);
}

}  // namespace sahelwatch::correlate
