// The correlate stage: events of many articles → incidents → alerts.
//
// Thread-safe: workers call Observe concurrently; the correlator serialises internally.
#pragma once

#include <cstddef>
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
  // Counters for the metrics exporter; a snapshot, cheap to take.
  struct Stats {
    std::size_t incidents_open = 0;  // incidents (and planned operations) held in state
    std::uint64_t incidents_created = 0;
    std::uint64_t incidents_expired = 0;      // dropped after their window + TTL
    std::uint64_t incidents_evicted = 0;      // dropped early, oldest first, at max_incidents
    std::uint64_t duplicates_suppressed = 0;  // syndicated copies / same outlet: not a new source
    std::uint64_t repeats_ignored = 0;        // an article already counted, seen again (redelivery)
    std::uint64_t spike_episodes = 0;
    std::uint64_t alerts_emitted = 0;
  };

  virtual ~Correlator() = default;

  static std::unique_ptr<Correlator> Create(const AlertPolicy& policy);

  // Feeds one article's events (all statuses); returns the alerts this changes
  // (new incidents, material updates, spikes, planned joint operations), possibly none.
  // `now_ms` is the processing time; the article's published_at_ms, when set, places it
  // in time for windows.
  virtual std::vector<Alert> Observe(const Article& article, const std::vector<Event>& events, std::int64_t now_ms) = 0;

  // Rebuilds incident state (ids, versions, counts, sources, places, first/last seen, open
  // spike episodes) from previously published alerts, any order, several versions each, so
  // that a restarted daemon neither re-alerts known incidents nor restarts their versions.
  // Call before the first Observe. Syndicated-copy fingerprints are not in alerts: a copy
  // first seen after a restart counts as a new source.
  virtual void Restore(const std::vector<Alert>& recent_alerts) = 0;

  virtual Stats GetStats() const = 0;
};

}  // namespace sahelwatch::correlate
