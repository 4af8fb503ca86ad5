// The `alerts:` section: defaults, the shipped config, and rejection of bad values by key.
#include "correlate/alert_policy.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <stdexcept>
#include <string>

namespace sahelwatch::correlate {
namespace {

std::size_t Index(EventType type) { return static_cast<std::size_t>(type); }

TEST(AlertPolicy, ShippedConfigMatchesBuiltInDefaults) {
  const YAML::Node root = YAML::LoadFile(std::string(SAHELWATCH_SOURCE_DIR) + "/config/sahelwatch.yaml");
  const AlertPolicy parsed = ParseAlertPolicy(root["alerts"]);
  const AlertPolicy defaults;
  EXPECT_EQ(parsed.min_confidence, defaults.min_confidence);
  EXPECT_EQ(parsed.types, defaults.types);
  EXPECT_EQ(parsed.statuses, defaults.statuses);
  EXPECT_EQ(parsed.min_severity, defaults.min_severity);
  EXPECT_EQ(parsed.incident_window_seconds, defaults.incident_window_seconds);
  EXPECT_EQ(parsed.type_window_seconds, defaults.type_window_seconds);
  EXPECT_EQ(parsed.nearby_km, defaults.nearby_km);
  EXPECT_EQ(parsed.merge_types, defaults.merge_types);
  EXPECT_EQ(parsed.near_duplicate_similarity, defaults.near_duplicate_similarity);
  EXPECT_EQ(parsed.toll_outlier_factor, defaults.toll_outlier_factor);
  EXPECT_EQ(parsed.ttl_after_window_seconds, defaults.ttl_after_window_seconds);
  EXPECT_EQ(parsed.max_incidents, defaults.max_incidents);
  EXPECT_EQ(parsed.spike.window_seconds, defaults.spike.window_seconds);
  EXPECT_EQ(parsed.spike.min_events, defaults.spike.min_events);
  EXPECT_EQ(parsed.spike.baseline_factor, defaults.spike.baseline_factor);
  EXPECT_EQ(parsed.spike.baseline_days, defaults.spike.baseline_days);
  EXPECT_EQ(parsed.spike.min_history_days, defaults.spike.min_history_days);
  EXPECT_EQ(parsed.spike.severity, defaults.spike.severity);
}

TEST(AlertPolicy, AbsentSectionGivesDefaults) {
  const AlertPolicy policy = ParseAlertPolicy(YAML::Node());
  EXPECT_EQ(policy.WindowSeconds(EventType::kAbduction), 72 * 3600);
  EXPECT_EQ(policy.WindowSeconds(EventType::kBattle), 48 * 3600);
  EXPECT_TRUE(policy.Alerts(EventStatus::kOccurred));
  EXPECT_FALSE(policy.Alerts(EventStatus::kPlanned));
}

TEST(AlertPolicy, ReadsEveryKey) {
  const AlertPolicy policy = ParseAlertPolicy(YAML::Load(R"(
min_confidence: 0.7
planned_joint_operations: false
types: [battle, explosion]
statuses: [occurred, planned]
min_severity: medium
incident_window_seconds: 3600
windows: {explosion: 7200}
nearby_km: 25
merge_types: [[battle, explosion], [abduction, attack_on_civilians]]
near_duplicate_similarity: 0.8
toll_outlier_factor: 0
ttl_after_window_seconds: 60
max_incidents: 42
spike: {enabled: false, window_seconds: 43200, min_events: 3, baseline_factor: 2.5,
        baseline_days: 7, min_history_days: 1, severity: critical}
)"));
  EXPECT_EQ(policy.min_confidence, 0.7);
  EXPECT_FALSE(policy.alert_planned_joint_operations);
  EXPECT_TRUE(policy.Alerts(EventType::kExplosion));
  EXPECT_FALSE(policy.Alerts(EventType::kProtest));
  EXPECT_TRUE(policy.Alerts(EventStatus::kPlanned));
  EXPECT_EQ(policy.min_severity, Severity::kMedium);
  EXPECT_EQ(policy.WindowSeconds(EventType::kExplosion), 7200);
  EXPECT_EQ(policy.type_window_seconds[Index(EventType::kExplosion)], 7200);
  EXPECT_EQ(policy.nearby_km, 25.0);
  ASSERT_EQ(policy.merge_types.size(), 2U);
  EXPECT_EQ(policy.merge_types[1][0], EventType::kAbduction);
  EXPECT_EQ(policy.near_duplicate_similarity, 0.8);
  EXPECT_EQ(policy.toll_outlier_factor, 0.0);
  EXPECT_EQ(policy.ttl_after_window_seconds, 60);
  EXPECT_EQ(policy.max_incidents, 42U);
  EXPECT_FALSE(policy.spike.enabled);
  EXPECT_EQ(policy.spike.window_seconds, 43200);
  EXPECT_EQ(policy.spike.min_events, 3U);
  EXPECT_EQ(policy.spike.baseline_factor, 2.5);
  EXPECT_EQ(policy.spike.baseline_days, 7U);
  EXPECT_EQ(policy.spike.min_history_days, 1U);
  EXPECT_EQ(policy.spike.severity, Severity::kCritical);
}

struct BadValue {
  const char* yaml;
  const char* key;  // the message must start with it
};

class AlertPolicyRejects : public ::testing::TestWithParam<BadValue> {};

TEST_P(AlertPolicyRejects, NamingTheKey) {
  const BadValue& bad = GetParam();
  try {
    ParseAlertPolicy(YAML::Load(bad.yaml));
    FAIL() << "accepted: " << bad.yaml;
  } catch (const std::runtime_error& error) {
    EXPECT_EQ(std::string(error.what()).rfind(bad.key, 0), 0U) << error.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    BadValues, AlertPolicyRejects,
    ::testing::Values(
        BadValue{"min_confidence: 1.5", "alerts.min_confidence:"},
        BadValue{"min_confidence: high", "alerts.min_confidence:"},
        BadValue{"planned_joint_operations: maybe", "alerts.planned_joint_operations:"},
        BadValue{"types: [battle, skirmish]", "alerts.types:"}, BadValue{"types: battle", "alerts.types:"},
        BadValue{"statuses: [rumoured]", "alerts.statuses:"}, BadValue{"min_severity: extreme", "alerts.min_severity:"},
        BadValue{"incident_window_seconds: 0", "alerts.incident_window_seconds:"},
        BadValue{"windows: {battel: 3600}", "alerts.windows.battel:"},
        BadValue{"windows: {battle: -1}", "alerts.windows.battle:"}, BadValue{"windows: [battle]", "alerts.windows:"},
        BadValue{"nearby_km: -3", "alerts.nearby_km:"}, BadValue{"merge_types: [battle]", "alerts.merge_types:"},
        BadValue{"merge_types: [[battle, riot]]", "alerts.merge_types:"},
        BadValue{"near_duplicate_similarity: 2", "alerts.near_duplicate_similarity:"},
        BadValue{"toll_outlier_factor: 0.5", "alerts.toll_outlier_factor:"},
        BadValue{"ttl_after_window_seconds: -1", "alerts.ttl_after_window_seconds:"},
        BadValue{"max_incidents: 0", "alerts.max_incidents:"}, BadValue{"max_incidents: lots", "alerts.max_incidents:"},
        BadValue{"spike: {min_events: 0}", "alerts.spike.min_events:"},
        BadValue{"spike: {baseline_factor: 0.5}", "alerts.spike.baseline_factor:"},
        BadValue{"spike: {baseline_days: 0}", "alerts.spike.baseline_days:"},
        BadValue{"spike: {min_history_days: 30}", "alerts.spike.min_history_days:"},
        BadValue{"spike: {window_seconds: 99999999}", "alerts.spike.window_seconds:"},
        BadValue{"spike: {severity: huge}", "alerts.spike.severity:"},
        BadValue{"spike: {every: 1}", "alerts.spike.every:"}, BadValue{"spike: 3", "alerts.spike:"},
        BadValue{"windwos: {}", "alerts.windwos:"}, BadValue{"[1, 2]", "alerts:"}));

}  // namespace
}  // namespace sahelwatch::correlate
