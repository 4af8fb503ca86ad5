#include "observe/metrics.h"

#include <chrono>
#include <string_view>

namespace sahelwatch::observe {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

prometheus::Counter& PlainCounter(prometheus::Registry& registry, const std::string& name, const std::string& help) {
  return BuildCounter().Name(name).Help(help).Register(registry).Add({});
}

prometheus::Gauge& PlainGauge(prometheus::Registry& registry, const std::string& name, const std::string& help) {
  return BuildGauge().Name(name).Help(help).Register(registry).Add({});
}

double UnixSeconds() {
  return static_cast<double>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

std::string CountryLabel(std::string_view country) {
  return country.empty() ? std::string("unknown") : std::string(country);
}

// Advances a counter to a cumulative total taken from elsewhere; a smaller total (the
// source restarted) starts over from it, as Prometheus's rate() would read a reset.
void AdvanceTo(prometheus::Counter& counter, std::uint64_t previous, std::uint64_t current) {
  counter.Increment(static_cast<double>(current >= previous ? current - previous : current));
}

prometheus::Histogram& PlainHistogram(prometheus::Registry& registry, const std::string& name, const std::string& help,
                                      const prometheus::Histogram::BucketBoundaries& buckets) {
  return BuildHistogram().Name(name).Help(help).Register(registry).Add({}, buckets);
}

}  // namespace

Metrics::Metrics(const std::string& version)
    : registry_(std::make_shared<prometheus::Registry>()),
      in_flight(PlainGauge(*registry_, "sahelwatch_in_flight_articles",
                           "Articles fetched but not yet committed (the backpressure window)")),
      paused_partitions(PlainGauge(*registry_, "sahelwatch_paused_partitions", "Partitions paused by backpressure")),
      assigned_partitions(
          PlainGauge(*registry_, "sahelwatch_assigned_partitions", "Partitions currently assigned to this consumer")),
      rebalances(PlainCounter(*registry_, "sahelwatch_rebalances_total",
                              "Consumer group rebalances seen (assign and revoke)")),
      commit_failures(PlainCounter(*registry_, "sahelwatch_commit_failures_total", "Offset commits that failed")),
      commits(PlainCounter(*registry_, "sahelwatch_commits_total", "Offset commits that succeeded")),
      producer_queue_depth(
          PlainGauge(*registry_, "sahelwatch_producer_queue_messages", "Messages waiting in the producer queue")),
      delivery_errors(PlainCounter(*registry_, "sahelwatch_delivery_errors_total",
                                   "Produced messages whose delivery failed (they are retried)")),
      messages_produced(
          PlainCounter(*registry_, "sahelwatch_messages_produced_total", "Messages acknowledged by the broker")),
      ready(PlainGauge(*registry_, "sahelwatch_ready",
                       "1 when the consumer has an assignment and the broker is reachable")),
      articles_consumed_(
          PlainCounter(*registry_, "sahelwatch_articles_consumed_total", "Messages consumed from the articles topic")),
      article_bytes_(
          PlainCounter(*registry_, "sahelwatch_article_bytes_total", "Bytes consumed from the articles topic")),
      events_(BuildCounter()
                  .Name("sahelwatch_events_total")
                  .Help("Events found, by type, status and country (ISO code)")
                  .Register(*registry_)),
      alerts_(BuildCounter()
                  .Name("sahelwatch_alerts_published_total")
                  .Help("Alerts published (new and updated incidents, spikes, planned joint "
                        "operations), by type, severity and kind")
                  .Register(*registry_)),
      new_incidents_(BuildCounter()
                         .Name("sahelwatch_incidents_total")
                         .Help("New incidents (first alert of an incident, whatever the number of "
                               "reports), by type and primary country (ISO code)")
                         .Register(*registry_)),
      dlq_(BuildCounter()
               .Name("sahelwatch_dlq_messages_total")
               .Help("Messages sent to the dead-letter topic, by reason")
               .Register(*registry_)),
      processing_seconds_(PlainHistogram(*registry_, "sahelwatch_processing_seconds",
                                         "Worker time per article: decode, classify, correlate, queue every output",
                                         {0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5})),
      end_to_end_lag_seconds_(PlainHistogram(*registry_, "sahelwatch_end_to_end_lag_seconds",
                                             "Now minus the article message's Kafka timestamp, at processing",
                                             {0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60, 300, 1800, 3600})),
      consumer_lag_(BuildGauge()
                        .Name("sahelwatch_consumer_lag")
                        .Help("Messages between the group's committed offset and the high watermark, per "
                              "assigned partition (librdkafka statistics; from the first commit on)")
                        .Register(*registry_)),
      rules_info_(BuildGauge()
                      .Name("sahelwatch_rules_loaded_info")
                      .Help("The loaded rule set (value 1), identified by its sha256")
                      .Register(*registry_)),
      rules_count_(PlainGauge(*registry_, "sahelwatch_rules_loaded", "Rules in the loaded rule set")),
      rules_reload_failures_(PlainCounter(*registry_, "sahelwatch_rules_reload_failures_total",
                                          "Rule reloads rejected (the old rules stay active)")),
      rules_last_reload_(PlainGauge(*registry_, "sahelwatch_rules_last_reload_timestamp_seconds",
                                    "Unix time of the last successful rules load")),
      rules_last_reload_failure_(
          PlainGauge(*registry_, "sahelwatch_rules_last_reload_failure_timestamp_seconds",
                     "Unix time of the last rejected rules reload (0: none); newer than the last successful "
                     "load means the rules on disk are broken")),
      incidents_open_(PlainGauge(*registry_, "sahelwatch_incidents_open", "Incidents held in the correlator's state")),
      incidents_expired_(PlainCounter(*registry_, "sahelwatch_incidents_expired_total",
                                      "Incidents dropped from state after their window and TTL")),
      incidents_evicted_(PlainCounter(*registry_, "sahelwatch_incidents_evicted_total",
                                      "Incidents dropped early, oldest first, at the state bound")),
      duplicates_suppressed_(
          PlainCounter(*registry_, "sahelwatch_duplicate_reports_suppressed_total",
                       "Reports joined to an incident without counting as a new source (syndicated copies)")),
      repeats_ignored_(PlainCounter(*registry_, "sahelwatch_repeated_articles_ignored_total",
                                    "Articles the correlator had already counted (redeliveries)")),
      spike_episodes_(PlainCounter(*registry_, "sahelwatch_spike_episodes_total",
                                   "Spike episodes detected (new incidents above baseline)")) {
  BuildGauge()
      .Name("sahelwatch_build_info")
      .Help("Build information (value 1)")
      .Register(*registry_)
      .Add({{"version", version}})
      .Set(1);
  // Pre-create the DLQ reasons and event types so dashboards show zeros, not gaps.
  for (const std::string_view reason : kDeadLetterReasons) dlq_.Add({{"reason", std::string(reason)}});
}

void Metrics::ArticleConsumed(std::size_t bytes) {
  articles_consumed_.Increment();
  article_bytes_.Increment(static_cast<double>(bytes));
}

void Metrics::EventFound(const Event& event) {
  events_
      .Add({{"type", std::string(Name(event.type))},
            {"status", std::string(Name(event.status))},
            {"country", CountryLabel(event.place.country)}})
      .Increment();
}

void Metrics::AlertPublished(const Alert& alert) {
  alerts_
      .Add({{"type", std::string(Name(alert.type))},
            {"severity", std::string(Name(alert.severity))},
            {"kind", std::string(Name(alert.kind))}})
      .Increment();
  if (alert.kind == AlertKind::kIncident && alert.version == 1) {
    new_incidents_
        .Add({{"type", std::string(Name(alert.type))},
              {"country", CountryLabel(alert.countries.empty() ? std::string_view() : alert.countries.front())}})
        .Increment();
  }
}

void Metrics::DeadLettered(std::string_view reason) { dlq_.Add({{"reason", std::string(reason)}}).Increment(); }

void Metrics::ProcessingTime(double seconds) { processing_seconds_.Observe(seconds); }
void Metrics::EndToEndLag(double seconds) { end_to_end_lag_seconds_.Observe(seconds); }

void Metrics::ConsumerLag(const std::string& topic, std::int32_t partition, std::int64_t lag) {
  consumer_lag_.Add({{"topic", topic}, {"partition", std::to_string(partition)}}).Set(static_cast<double>(lag));
}

void Metrics::ForgetConsumerLag(const std::string& topic, std::int32_t partition) {
  const prometheus::Labels labels = {{"topic", topic}, {"partition", std::to_string(partition)}};
  if (consumer_lag_.Has(labels)) consumer_lag_.Remove(&consumer_lag_.Add(labels));
}

void Metrics::RulesLoaded(const std::string& sha256, std::size_t rule_count) {
  const std::lock_guard lock(rules_mutex_);
  if (current_rules_info_ != nullptr) rules_info_.Remove(current_rules_info_);
  current_rules_info_ = &rules_info_.Add({{"sha256", sha256}});
  current_rules_info_->Set(1);
  rules_count_.Set(static_cast<double>(rule_count));
  rules_last_reload_.Set(UnixSeconds());
}

void Metrics::RulesReloadFailed() {
  rules_reload_failures_.Increment();
  rules_last_reload_failure_.Set(UnixSeconds());
}

void Metrics::IncidentState(const IncidentStateCounts& counts) {
  const std::lock_guard lock(incident_state_mutex_);
  const IncidentStateCounts& last = last_incident_state_;
  incidents_open_.Set(static_cast<double>(counts.open));
  AdvanceTo(incidents_expired_, last.expired, counts.expired);
  AdvanceTo(incidents_evicted_, last.evicted, counts.evicted);
  AdvanceTo(duplicates_suppressed_, last.duplicates_suppressed, counts.duplicates_suppressed);
  AdvanceTo(repeats_ignored_, last.repeats_ignored, counts.repeats_ignored);
  AdvanceTo(spike_episodes_, last.spike_episodes, counts.spike_episodes);
  last_incident_state_ = counts;
}

}  // namespace sahelwatch::observe
