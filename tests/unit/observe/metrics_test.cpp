#include "observe/metrics.h"

#include <gtest/gtest.h>
#include <prometheus/text_serializer.h>

#include <regex>
#include <string>

#include "kafka/codec.h"

namespace sahelwatch::observe {
namespace {

std::string Exposition(Metrics& metrics) {
  return prometheus::TextSerializer().Serialize(metrics.registry().Collect());
}

// The value of one exposition line, e.g. Sample(text, "sahelwatch_dlq_messages_total{reason=\"empty\"}").
std::optional<double> Sample(const std::string& text, const std::string& series) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  }
  return std::nullopt;
}

TEST(Metrics, EveryDecodeReasonHasADeadLetterSeriesFromTheStart) {
  Metrics metrics("1.2.3");
  const std::string text = Exposition(metrics);
  for (std::size_t i = 0; i < kafka::kDecodeReasonCount; ++i) {
    const std::string reason(kafka::Name(static_cast<kafka::DecodeReason>(i)));
    EXPECT_EQ(Sample(text, "sahelwatch_dlq_messages_total{reason=\"" + reason + "\"}"), 0.0) << reason;
  }
  EXPECT_EQ(Sample(text, "sahelwatch_dlq_messages_total{reason=\"processing_error\"}"), 0.0);
  EXPECT_EQ(Sample(text, "sahelwatch_build_info{version=\"1.2.3\"}"), 1.0);
}

TEST(Metrics, EventsAreCountedByTypeStatusAndCountryWithUnknownForNoCountry) {
  Metrics metrics("test");
  Event event;
  event.type = EventType::kExplosion;
  event.status = EventStatus::kOccurred;
  event.place.country = "NE";
  metrics.EventFound(event);
  metrics.EventFound(event);
  event.place.country.clear();
  metrics.EventFound(event);
  const std::string text = Exposition(metrics);
  EXPECT_EQ(Sample(text, R"(sahelwatch_events_total{country="NE",status="occurred",type="explosion"})"), 2.0);
  EXPECT_EQ(Sample(text, R"(sahelwatch_events_total{country="unknown",status="occurred",type="explosion"})"), 1.0);
}

TEST(Metrics, OnlyTheFirstVersionOfAnIncidentCountsAsANewIncident) {
  Metrics metrics("test");
  Alert alert;
  alert.kind = AlertKind::kIncident;
  alert.type = EventType::kAttackOnCivilians;
  alert.severity = Severity::kHigh;
  alert.countries = {"BF", "NE"};
  alert.version = 1;
  metrics.AlertPublished(alert);
  alert.version = 2;  // an update of the same incident
  metrics.AlertPublished(alert);
  alert.kind = AlertKind::kSpike;
  alert.version = 1;
  metrics.AlertPublished(alert);
  const std::string text = Exposition(metrics);
  EXPECT_EQ(Sample(text, R"(sahelwatch_incidents_total{country="BF",type="attack_on_civilians"})"), 1.0);
  EXPECT_FALSE(Sample(text, R"(sahelwatch_incidents_total{country="NE",type="attack_on_civilians"})"));
  EXPECT_EQ(
      Sample(text, R"(sahelwatch_alerts_published_total{kind="incident",severity="high",type="attack_on_civilians"})"),
      2.0);
  EXPECT_EQ(
      Sample(text, R"(sahelwatch_alerts_published_total{kind="spike",severity="high",type="attack_on_civilians"})"),
      1.0);
}

TEST(Metrics, ARevokedPartitionsLagSeriesDisappears) {
  Metrics metrics("test");
  metrics.ConsumerLag("articles", 0, 5);
  metrics.ConsumerLag("articles", 1, 7);
  metrics.ForgetConsumerLag("articles", 0);
  metrics.ForgetConsumerLag("articles", 9);  // never seen: no effect
  const std::string text = Exposition(metrics);
  EXPECT_FALSE(Sample(text, R"(sahelwatch_consumer_lag{partition="0",topic="articles"})"));
  EXPECT_EQ(Sample(text, R"(sahelwatch_consumer_lag{partition="1",topic="articles"})"), 7.0);
}

TEST(Metrics, ReloadingRulesReplacesTheInfoSeriesAndAFailureIsNewerThanTheLastLoad) {
  Metrics metrics("test");
  metrics.RulesLoaded("aaaa", 10);
  metrics.RulesLoaded("bbbb", 12);
  std::string text = Exposition(metrics);
  EXPECT_FALSE(Sample(text, R"(sahelwatch_rules_loaded_info{sha256="aaaa"})"));
  EXPECT_EQ(Sample(text, R"(sahelwatch_rules_loaded_info{sha256="bbbb"})"), 1.0);
  EXPECT_EQ(Sample(text, "sahelwatch_rules_loaded"), 12.0);
  EXPECT_EQ(Sample(text, "sahelwatch_rules_last_reload_failure_timestamp_seconds"), 0.0);
  metrics.RulesReloadFailed();
  text = Exposition(metrics);
  EXPECT_EQ(Sample(text, "sahelwatch_rules_reload_failures_total"), 1.0);
  EXPECT_GE(Sample(text, "sahelwatch_rules_last_reload_failure_timestamp_seconds"),
            Sample(text, "sahelwatch_rules_last_reload_timestamp_seconds"));
}

TEST(Metrics, IncidentStateSnapshotsAdvanceCountersByTheirDifference) {
  Metrics metrics("test");
  // open, expired, evicted, duplicates suppressed, repeats ignored, spike episodes
  metrics.IncidentState({4, 1, 0, 3, 0, 0});
  metrics.IncidentState({2, 5, 2, 3, 0, 0});
  const std::string text = Exposition(metrics);
  EXPECT_EQ(Sample(text, "sahelwatch_incidents_open"), 2.0);
  EXPECT_EQ(Sample(text, "sahelwatch_incidents_expired_total"), 5.0);
  EXPECT_EQ(Sample(text, "sahelwatch_incidents_evicted_total"), 2.0);
  EXPECT_EQ(Sample(text, "sahelwatch_duplicate_reports_suppressed_total"), 3.0);
}

TEST(Metrics, EverySeriesNameIsSahelwatchPrefixedAndHasHelp) {
  Metrics metrics("test");
  const std::string text = Exposition(metrics);
  const std::regex help(R"(^# HELP (\S+) \S)");
  std::istringstream lines(text);
  int families = 0;
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (std::regex_search(line, match, help)) {
      ++families;
      EXPECT_EQ(match[1].str().rfind("sahelwatch_", 0), 0u) << line;
    }
  }
  EXPECT_GE(families, 20);
}

}  // namespace
}  // namespace sahelwatch::observe
