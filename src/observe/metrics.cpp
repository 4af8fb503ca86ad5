#include "observe/metrics.h"

#include <chrono>

namespace sahelwatch::observe {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

prometheus::Counter& PlainCounter(prometheus::Registry& registry, const std::string& name,
                                  const std::string& help) {
  return BuildCounter().Name(name).Help(help).Register(registry).Add({});
}

prometheus::Gauge& PlainGauge(prometheus::Registry& registry, const std::string& name,
                              const std::string& help) {
  return BuildGauge().Name(name).Help(help).Register(registry).Add({});
}

prometheus::Histogram& PlainHistogram(prometheus::Registry& registry, const std::string& name,
                                      const std::string& help,
                                      const prometheus::Histogram::BucketBoundaries& buckets) {
  return BuildHistogram().Name(name).Help(help).Register(registry).Add({}, buckets);
}

}  // namespace

Metrics::Metrics(const std::string& version)
    : registry_(std::make_shared<prometheus::Registry>()),
      in_flight(PlainGauge(*registry_, "sahelwatch_in_flight_articles",
                           "Articles fetched but not yet committed (the backpressure window)")),
      paused_partitions(PlainGauge(*registry_, "sahelwatch_paused_partitions",
                                   "Partitions paused by backpressure")),
      assigned_partitions(PlainGauge(*registry_, "sahelwatch_assigned_partitions",
                                     "Partitions currently assigned to this consumer")),
      rebalances(PlainCounter(*registry_, "sahelwatch_rebalances_total",
                              "Consumer group rebalances seen (assign and revoke)")),
      commit_failures(PlainCounter(*registry_, "sahelwatch_commit_failures_total",
                                   "Offset commits that failed")),
      commits(PlainCounter(*registry_, "sahelwatch_commits_total", "Offset commits that succeeded")),
      producer_queue_depth(PlainGauge(*registry_, "sahelwatch_producer_queue_messages",
                                      "Messages waiting in the producer queue")),
      delivery_errors(PlainCounter(*registry_, "sahelwatch_delivery_errors_total",
                                   "Produced messages whose delivery failed (they are retried)")),
      messages_produced(PlainCounter(*registry_, "sahelwatch_messages_produced_total",
                                     "Messages acknowledged by the broker")),
      ready(PlainGauge(*registry_, "sahelwatch_ready",
                       "1 when the consumer has an assignment and the broker is reachable")),
      articles_consumed_(PlainCounter(*registry_, "sahelwatch_articles_consumed_total",
                                      "Messages consumed from the articles topic")),
      article_bytes_(PlainCounter(*registry_, "sahelwatch_article_bytes_total",
                                  "Bytes consumed from the articles topic")),
      events_(BuildCounter()
                  .Name("sahelwatch_events_total")
                  .Help("Events found, by type, status and country (ISO code)")
                  .Register(*registry_)),
      alerts_(BuildCounter()
                  .Name("sahelwatch_alerts_published_total")
                  .Help("Alerts published, by type, severity and kind")
                  .Register(*registry_)),
      dlq_(BuildCounter()
               .Name("sahelwatch_dlq_messages_total")
               .Help("Messages sent to the dead-letter topic, by reason")
               .Register(*registry_)),
      processing_seconds_(PlainHistogram(*registry_, "sahelwatch_processing_seconds",
                                         "Time from fetch to all outputs produced, per article",
                                         {0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5})),
      end_to_end_lag_seconds_(PlainHistogram(
          *registry_, "sahelwatch_end_to_end_lag_seconds",
          "Now minus the article message's Kafka timestamp, at processing",
          {0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60, 300, 1800, 3600})),
      consumer_lag_(BuildGauge()
                        .Name("sahelwatch_consumer_lag")
                        .Help("Messages behind the high watermark, per partition")
                        .Register(*registry_)),
      rules_info_(BuildGauge()
                      .Name("sahelwatch_rules_loaded_info")
                      .Help("The loaded rule set (value 1), identified by its sha256")
                      .Register(*registry_)),
      rules_count_(PlainGauge(*registry_, "sahelwatch_rules_loaded", "Rules in the loaded rule set")),
      rules_reload_failures_(PlainCounter(*registry_, "sahelwatch_rules_reload_failures_total",
                                          "Rule reloads rejected (the old rules stay active)")),
      rules_last_reload_(PlainGauge(*registry_, "sahelwatch_rules_last_reload_timestamp_seconds",
                                    "Unix time of the last successful rules load")) {
  BuildGauge()
      .Name("sahelwatch_build_info")
      .Help("Build information (value 1)")
      .Register(*registry_)
      .Add({{"version", version}})
      .Set(1);
  // Pre-create the DLQ reasons and event types so dashboards show zeros, not gaps.
  for (const char* reason : {"empty", "too_large", "invalid_utf8", "malformed_json",
                             "malformed_protobuf", "invalid_field", "missing_text"}) {
    dlq_.Add({{"reason", reason}});
  }
}

void Metrics::ArticleConsumed(std::size_t bytes) {
  articles_consumed_.Increment();
  article_bytes_.Increment(static_cast<double>(bytes));
}

void Metrics::EventFound(const Event& event) {
  events_
      .Add({{"type", std::string(Name(event.type))},
            {"status", std::string(Name(event.status))},
            {"country", event.place.country.empty() ? "unknown" : event.place.country}})
      .Increment();
}

void Metrics::AlertPublished(const Alert& alert) {
  alerts_
      .Add({{"type", std::string(Name(alert.type))},
            {"severity", std::string(Name(alert.severity))},
            {"kind", std::string(Name(alert.kind))}})
      .Increment();
}

void Metrics::DeadLettered(std::string_view reason) {
  dlq_.Add({{"reason", std::string(reason)}}).Increment();
}

void Metrics::ProcessingTime(double seconds) { processing_seconds_.Observe(seconds); }
void Metrics::EndToEndLag(double seconds) { end_to_end_lag_seconds_.Observe(seconds); }

void Metrics::ConsumerLag(const std::string& topic, std::int32_t partition, std::int64_t lag) {
  consumer_lag_.Add({{"topic", topic}, {"partition", std::to_string(partition)}})
      .Set(static_cast<double>(lag));
}

void Metrics::RulesLoaded(const std::string& sha256, std::size_t rule_count) {
  const std::lock_guard lock(rules_mutex_);
  if (current_rules_info_ != nullptr) rules_info_.Remove(current_rules_info_);
  current_rules_info_ = &rules_info_.Add({{"sha256", sha256}});
  current_rules_info_->Set(1);
  rules_count_.Set(static_cast<double>(rule_count));
  rules_last_reload_.Set(static_cast<double>(
      std::chrono::duration_cast<std::chrono::seconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count()));
}

void Metrics::RulesReloadFailed() { rules_reload_failures_.Increment(); }

}  // namespace sahelwatch::observe
