#include "correlate/alert_policy.h"

#include <yaml-cpp/yaml.h>

#include <stdexcept>

namespace sahelwatch::correlate {

AlertPolicy ParseAlertPolicy(const YAML::Node& node) {
  AlertPolicy policy;
  if (!node || node.IsNull()) return policy;
  if (!node.IsMap()) throw std::runtime_error("alerts: must be a mapping");
  try {
    if (node["min_confidence"]) policy.min_confidence = node["min_confidence"].as<double>();
    if (node["planned_joint_operations"]) {
      policy.alert_planned_joint_operations = node["planned_joint_operations"].as<bool>();
    }
    if (node["incident_window_seconds"]) {
      policy.incident_window_seconds = node["incident_window_seconds"].as<std::int64_t>();
    }
    if (node["max_incidents"]) policy.max_incidents = node["max_incidents"].as<std::size_t>();
  } catch (const YAML::Exception& error) {
    throw std::runtime_error("alerts: " + std::string(error.what()));
  }
  if (policy.min_confidence < 0.0 || policy.min_confidence > 1.0) {
    throw std::runtime_error("alerts.min_confidence: must be between 0 and 1");
  }
  return policy;
}

}  // namespace sahelwatch::correlate
