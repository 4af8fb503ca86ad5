// The daemon's Prometheus metrics (names per ARCHITECTURE.md, bounded label sets only:
// type, status, severity, kind, country code, DLQ reason, topic/partition — never ids or
// free-text places). One instance per process, shared by all stages through a reference.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <mutex>
#include <string>

#include "core/model.h"

namespace sahelwatch::observe {

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
  void RulesLoaded(const std::string& sha256, std::size_t rule_count);
  void RulesReloadFailed();

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
  prometheus::Family<prometheus::Counter>& dlq_;
  prometheus::Histogram& processing_seconds_;
  prometheus::Histogram& end_to_end_lag_seconds_;
  prometheus::Family<prometheus::Gauge>& consumer_lag_;
  prometheus::Family<prometheus::Gauge>& rules_info_;
  prometheus::Gauge& rules_count_;
  prometheus::Counter& rules_reload_failures_;
  prometheus::Gauge& rules_last_reload_;
  std::mutex rules_mutex_;
  prometheus::Gauge* current_rules_info_ = nullptr;
};

}  // namespace sahelwatch::observe
