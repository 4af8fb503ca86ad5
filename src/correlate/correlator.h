// The correlate stage: events of many articles → incidents → alerts.
//
// Thread-safe: workers call Observe concurrently; the correlator serialises internally.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/model.h"

namespace sahelwatch::correlate {

// Which events raise alerts, incident windows, spike rules, state bounds.
// Parsed from the `alerts:` section of sahelwatch.yaml (see alert_policy.h).
struct AlertPolicy;

class Correlator {
 public:
  virtual ~Correlator() = default;

  static std::unique_ptr<Correlator> Create(const AlertPolicy& policy);

  // Feeds one article's events (all statuses); returns the alerts this changes
  // (new incidents, material updates, spikes, planned joint operations), possibly none.
  // `now_ms` is the processing time; the article's published_at_ms, when set, places it
  // in time for windows.
  virtual std::vector<Alert> Observe(const Article& article, const std::vector<Event>& events,
                                     std::int64_t now_ms) = 0;
};

}  // namespace sahelwatch::correlate
