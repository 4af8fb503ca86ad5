// Alert policy: which events alert, how incidents are windowed and merged, spike rules,
// state bounds. Read from the `alerts:` section of sahelwatch.yaml.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/taxonomy.h"

namespace YAML {
class Node;
}

namespace sahelwatch::correlate {

inline constexpr std::int64_t kHourSeconds = 3600;
inline constexpr std::int64_t kDaySeconds = 24 * kHourSeconds;

// Rate of new incidents per country × admin1 × type against the same key's rolling baseline.
struct SpikeRule {
  bool enabled = true;
  std::int64_t window_seconds = kDaySeconds;
  std::uint32_t min_events = 5;      // at least this many incidents in the window ...
  double baseline_factor = 3.0;      // ... and at least this × the baseline expected in a window
  std::uint32_t baseline_days = 14;  // baseline: daily mean over the days before the window
  // A baseline needs history: with fewer days observed (a fresh start without restored
  // alerts), no spike is judged, so the first day of data is not a "spike" of its own.
  std::uint32_t min_history_days = 3;
  Severity severity = Severity::kHigh;
};

struct AlertPolicy {
  double min_confidence = 0.5;
  bool alert_planned_joint_operations = true;
  // Events of these types and statuses form incidents; the rest only feed nothing.
  std::array<bool, kEventTypeCount> types = {true, true, true, true, true, true, true, true, true};
  std::array<bool, kEventStatusCount> statuses = {true, false, false, false};  // occurred only
  // An incident is published once its highest severity reaches this.
  Severity min_severity = Severity::kLow;
  // Time window per type (seconds, around the incident's first event time); 0 = use the default.
  std::int64_t incident_window_seconds = 3 * kDaySeconds;
  // Order of kAllEventTypes: battle, attack_on_civilians, abduction, explosion,
  // military_operation, joint_operation, displacement, protest, coup. A raid is reported
  // within a day or two; displacement flows and coups are followed for longer.
  std::array<std::int64_t, kEventTypeCount> type_window_seconds = {
      2 * kDaySeconds,  2 * kDaySeconds, 0,           2 * kDaySeconds, 0,
      14 * kDaySeconds, 7 * kDaySeconds, kDaySeconds, 14 * kDaySeconds};
  double nearby_km = 50.0;
  // Groups of types that may merge into one incident when reported at the same town.
  std::vector<std::vector<EventType>> merge_types = {{EventType::kBattle, EventType::kAttackOnCivilians}};
  // MinHash Jaccard estimate at or above which two article texts are copies of one story.
  double near_duplicate_similarity = 0.6;
  // With three or more reported tolls, a figure above this × their median is ignored
  // as a likely misreading (an aggregate or a typo); 0 disables the check.
  double toll_outlier_factor = 5.0;
  // State is kept this long past an incident's window for late reports, then dropped.
  std::int64_t ttl_after_window_seconds = kDaySeconds;
  std::size_t max_incidents = 100000;
  SpikeRule spike;

  std::int64_t WindowSeconds(EventType type) const {
    const std::int64_t specific = type_window_seconds[static_cast<std::size_t>(type)];
    return specific > 0 ? specific : incident_window_seconds;
  }
  bool Alerts(EventType type) const { return types[static_cast<std::size_t>(type)]; }
  bool Alerts(EventStatus status) const { return statuses[static_cast<std::size_t>(status)]; }
};

// Reads the `alerts:` section (null or absent = defaults); throws std::runtime_error naming
// the key ("alerts.spike.min_events: must be at least 1") on a bad value or an unknown key.
AlertPolicy ParseAlertPolicy(const YAML::Node& node);

}  // namespace sahelwatch::correlate
