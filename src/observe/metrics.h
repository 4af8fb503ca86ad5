// The daemon's Prometheus metrics (names per ARCHITECTURE.md, bounded label sets only:
// type, status, severity, kind, country code, DLQ reason, topic/partition — never ids or
// free-text places). One instance per process, shared by all stages through a reference.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/model.h"

namespace sahelwatch::observe {

// The incident correlator's state, as the daemon samples it on each tick (observe knows
// nothing of correlate; the app copies the correlator's Stats into this).
struct IncidentStateCounts {
  std::uint64_t open = 0;
  std::uint64_t expired = 0;
  std::uint64_t evicted = 0;
  std::uint64_t duplicates_suppressed = 0;
  std::uint64_t repeats_ignored = 0;
  std::uint64_t spike_episodes = 0;
};

// DLQ reasons whose series exist from the start, so a DLQ panel and rate alert read zero
// rather than nothing (unit test: every kafka::DecodeReason name is here).
inline constexpr std::string_view kDeadLetterReasons[] = {"empty",          "too_large",          "invalid_utf8",
                                                          "malformed_json", "malformed_protobuf", "invalid_field",
                                                          "missing_text",   "processing_error"};

class Metrics {
  // Declared first: every metric below registers into it during construction.
  std::shared_ptr<prometheus::Registry> registry_;

 public:
  explicit Metrics(const std::string& version);

  prometheus::Registry& registry() { return *registry_; }
  std::shared_ptr<prometheus::Registry> shared_registry() { return registry_; }

  void ArticleConsumed(std::size_t bytes);
  void EventFound(const Event& event);
  void AlertPublished(const Alert& alert);
  void DeadLettered(std::string_view reason);
  void ProcessingTime(double seconds);
  void EndToEndLag(double seconds);
  void ConsumerLag(const std::string& topic, std::int32_t partition, std::int64_t lag);
  // A revoked partition's lag is another consumer's now: drop the series, don't freeze it.
  void ForgetConsumerLag(const std::string& topic, std::int32_t partition);
  void RulesLoaded(const std::string& sha256, std::size_t rule_count);
  void RulesReloadFailed();
  // Cumulative counts arrive as snapshots; counters advance by the difference.
  void IncidentState(const IncidentStateCounts& counts);

  prometheus::Gauge& in_flight;
  prometheus::Gauge& paused_partitions;
  prometheus::Gauge& assigned_partitions;
  prometheus::Counter& rebalances;
  prometheus::Counter& commit_failures;
  prometheus::Counter& commits;
  prometheus::Gauge& producer_queue_depth;
  prometheus::Counter& delivery_errors;
  prometheus::Counter& messages_produced;
  prometheus::Gauge& ready;

 private:
  prometheus::Counter& articles_consumed_;
  prometheus::Counter& article_bytes_;
  prometheus::Family<prometheus::Counter>& events_;
  prometheus::Family<prometheus::Counter>& alerts_;
  prometheus::Family<prometheus::Counter>& new_incidents_;
  prometheus::Family<prometheus::Counter>& dlq_;
  prometheus::Histogram& processing_seconds_;
  prometheus::Histogram& end_to_end_lag_seconds_;
  prometheus::Family<prometheus::Gauge>& consumer_lag_;
  prometheus::Family<prometheus::Gauge>& rules_info_;
  prometheus::Gauge& rules_count_;
  prometheus::Counter& rules_reload_failures_;
  prometheus::Gauge& rules_last_reload_;
  prometheus::Gauge& rules_last_reload_failure_;
  std::mutex rules_mutex_;
  prometheus::Gauge* current_rules_info_ = nullptr;
  prometheus::Gauge& incidents_open_;
  prometheus::Counter& incidents_expired_;
  prometheus::Counter& incidents_evicted_;
  prometheus::Counter& duplicates_suppressed_;
  prometheus::Counter& repeats_ignored_;
  prometheus::Counter& spike_episodes_;
  std::mutex incident_state_mutex_;
  IncidentStateCounts last_incident_state_;
};

}  // namespace sahelwatch::observe
