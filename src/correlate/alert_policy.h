// Alert policy: which events alert, how incidents are windowed, spike rules, state bounds.
#pragma once

#include <cstdint>
#include <string>

namespace YAML {
class Node;
}

namespace sahelwatch::correlate {

struct AlertPolicy {
  double min_confidence = 0.5;
  bool alert_planned_joint_operations = true;
  std::int64_t incident_window_seconds = 72 * 3600;
  std::size_t max_incidents = 100000;
};

// Reads the `alerts:` section; throws std::runtime_error naming the key on a bad value.
AlertPolicy ParseAlertPolicy(const YAML::Node& node);

}  // namespace sahelwatch::correlate
