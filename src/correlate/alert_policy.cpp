#include "correlate/alert_policy.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sahelwatch::correlate {
namespace {

[[noreturn]] void Fail(const std::string& key, const std::string& message) {
  throw std::runtime_error("alerts." + key + ": " + message);
}

void RequireMap(const YAML::Node& node, const std::string& key) {
  if (!node.IsMap()) Fail(key, "must be a mapping");
}

void RejectUnknown(const YAML::Node& node, const std::string& prefix, std::initializer_list<std::string_view> known) {
  for (const auto& entry : node) {
    const std::string name = entry.first.Scalar();
    bool found = false;
    for (const auto candidate : known) found = found || candidate == name;
    if (!found) Fail(prefix + name, "unknown key");
  }
}

// Reads `parent[name]` as T when present; a type mismatch names the key.
template <typename T>
bool Read(const YAML::Node& parent, const char* name, const std::string& key, T& target) {
  const YAML::Node node = parent[name];
  if (!node || node.IsNull()) return false;
  if (!node.IsScalar()) Fail(key, "must be a scalar");
  try {
    target = node.as<T>();
  } catch (const YAML::Exception&) {
    Fail(key, "invalid value '" + node.Scalar() + "'");
  }
  return true;
}

void ReadPositiveSeconds(const YAML::Node& parent, const char* name, const std::string& key, std::int64_t& target) {
  constexpr std::int64_t kMaxSeconds = 366 * kDaySeconds;
  if (Read(parent, name, key, target) && (target <= 0 || target > kMaxSeconds)) {
    Fail(key, "must be a positive number of seconds, at most a year");
  }
}

void ReadFraction(const YAML::Node& parent, const char* name, const std::string& key, double& target) {
  if (Read(parent, name, key, target) && !(target >= 0.0 && target <= 1.0)) {
    Fail(key, "must be between 0 and 1");
  }
}

EventType TypeOrFail(const YAML::Node& node, const std::string& key) {
  if (!node.IsScalar()) Fail(key, "must be an event type name");
  const auto type = ParseEventType(node.Scalar());
  if (!type) Fail(key, "unknown event type '" + node.Scalar() + "'");
  return *type;
}

template <typename Enum, std::size_t N, typename ParseFn>
std::array<bool, N> ReadEnumSet(const YAML::Node& node, const std::string& key, ParseFn parse) {
  if (!node.IsSequence()) Fail(key, "must be a list");
  std::array<bool, N> set{};
  for (const auto& item : node) {
    const auto value = item.IsScalar() ? parse(item.Scalar()) : std::nullopt;
    if (!value) Fail(key, "unknown value '" + (item.IsScalar() ? item.Scalar() : "?") + "'");
    set[static_cast<std::size_t>(*value)] = true;
  }
  return set;
}

void ReadSpike(const YAML::Node& node, SpikeRule& spike) {
  RequireMap(node, "spike");
  RejectUnknown(
      node, "spike.",
      {"enabled", "window_seconds", "min_events", "baseline_factor", "baseline_days", "min_history_days", "severity"});
  Read(node, "enabled", "spike.enabled", spike.enabled);
  ReadPositiveSeconds(node, "window_seconds", "spike.window_seconds", spike.window_seconds);
  if (spike.window_seconds > 7 * kDaySeconds) {
    Fail("spike.window_seconds", "must be at most 7 days");
  }
  if (Read(node, "min_events", "spike.min_events", spike.min_events) && spike.min_events < 1) {
    Fail("spike.min_events", "must be at least 1");
  }
  if (Read(node, "baseline_factor", "spike.baseline_factor", spike.baseline_factor) &&
      !(spike.baseline_factor >= 1.0 && std::isfinite(spike.baseline_factor))) {
    Fail("spike.baseline_factor", "must be a number >= 1");
  }
  if (Read(node, "baseline_days", "spike.baseline_days", spike.baseline_days) &&
      (spike.baseline_days < 1 || spike.baseline_days > 90)) {
    Fail("spike.baseline_days", "must be between 1 and 90");
  }
  if (Read(node, "min_history_days", "spike.min_history_days", spike.min_history_days) &&
      spike.min_history_days > spike.baseline_days) {
    Fail("spike.min_history_days", "must not exceed baseline_days");
  }
  std::string severity;
  if (Read(node, "severity", "spike.severity", severity)) {
    const auto parsed = ParseSeverity(severity);
    if (!parsed) Fail("spike.severity", "must be one of low, medium, high, critical");
    spike.severity = *parsed;
  }
}

}  // namespace

AlertPolicy ParseAlertPolicy(const YAML::Node& node) {
  AlertPolicy policy;
  if (!node || node.IsNull()) return policy;
  if (!node.IsMap()) throw std::runtime_error("alerts: must be a mapping");
  RejectUnknown(node, "",
                {"min_confidence", "planned_joint_operations", "types", "statuses", "min_severity",
                 "incident_window_seconds", "windows", "nearby_km", "merge_types", "near_duplicate_similarity",
                 "toll_outlier_factor", "ttl_after_window_seconds", "max_incidents", "spike"});

  ReadFraction(node, "min_confidence", "min_confidence", policy.min_confidence);
  Read(node, "planned_joint_operations", "planned_joint_operations", policy.alert_planned_joint_operations);
  if (const YAML::Node types = node["types"]) {
    policy.types = ReadEnumSet<EventType, kEventTypeCount>(types, "types", ParseEventType);
  }
  if (const YAML::Node statuses = node["statuses"]) {
    policy.statuses = ReadEnumSet<EventStatus, kEventStatusCount>(statuses, "statuses", ParseEventStatus);
  }
  std::string severity;
  if (Read(node, "min_severity", "min_severity", severity)) {
    const auto parsed = ParseSeverity(severity);
    if (!parsed) Fail("min_severity", "must be one of low, medium, high, critical");
    policy.min_severity = *parsed;
  }
  ReadPositiveSeconds(node, "incident_window_seconds", "incident_window_seconds", policy.incident_window_seconds);
  if (const YAML::Node windows = node["windows"]) {
    RequireMap(windows, "windows");
    for (const auto& entry : windows) {
      const std::string name = entry.first.Scalar();
      const EventType type = TypeOrFail(entry.first, "windows." + name);
      ReadPositiveSeconds(windows, name.c_str(), "windows." + name,
                          policy.type_window_seconds[static_cast<std::size_t>(type)]);
    }
  }
  if (Read(node, "nearby_km", "nearby_km", policy.nearby_km) &&
      !(policy.nearby_km >= 0.0 && policy.nearby_km <= 1000.0)) {
    Fail("nearby_km", "must be between 0 and 1000");
  }
  if (const YAML::Node groups = node["merge_types"]) {
    if (!groups.IsSequence()) Fail("merge_types", "must be a list of lists of event types");
    policy.merge_types.clear();
    for (const auto& group : groups) {
      if (!group.IsSequence()) Fail("merge_types", "must be a list of lists of event types");
      std::vector<EventType> members;
      for (const auto& member : group) members.push_back(TypeOrFail(member, "merge_types"));
      policy.merge_types.push_back(std::move(members));
    }
  }
  ReadFraction(node, "near_duplicate_similarity", "near_duplicate_similarity", policy.near_duplicate_similarity);
  if (Read(node, "toll_outlier_factor", "toll_outlier_factor", policy.toll_outlier_factor) &&
      !(policy.toll_outlier_factor == 0.0 ||
        (policy.toll_outlier_factor >= 1.0 && std::isfinite(policy.toll_outlier_factor)))) {
    Fail("toll_outlier_factor", "must be 0 (off) or a number >= 1");
  }
  if (Read(node, "ttl_after_window_seconds", "ttl_after_window_seconds", policy.ttl_after_window_seconds) &&
      (policy.ttl_after_window_seconds < 0 || policy.ttl_after_window_seconds > 366 * kDaySeconds)) {
    Fail("ttl_after_window_seconds", "must be between 0 and a year of seconds");
  }
  if (const YAML::Node max = node["max_incidents"]) {
    std::int64_t value = 0;
    Read(node, "max_incidents", "max_incidents", value);
    if (value < 1) Fail("max_incidents", "must be at least 1");
    policy.max_incidents = static_cast<std::size_t>(value);
  }
  if (const YAML::Node spike = node["spike"]) ReadSpike(spike, policy.spike);
  return policy;
}

}  // namespace sahelwatch::correlate
