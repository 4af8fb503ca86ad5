// First correlator: one alert per occurred event above the confidence floor, and one per
// planned joint operation. Incident grouping across articles is issue 6.
#include "correlate/correlator.h"

#include <mutex>

#include "correlate/alert_policy.h"

namespace sahelwatch::correlate {
namespace {

class PerEventCorrelator final : public Correlator {
 public:
  explicit PerEventCorrelator(AlertPolicy policy) : policy_(policy) {}

  std::vector<Alert> Observe(const Article& article, const std::vector<Event>& events,
                             std::int64_t now_ms) override {
    std::vector<Alert> alerts;
    for (const auto& event : events) {
      if (event.confidence < policy_.min_confidence) continue;
      AlertKind kind = AlertKind::kIncident;
      if (event.status == EventStatus::kPlanned && event.type == EventType::kJointOperation &&
          policy_.alert_planned_joint_operations) {
        kind = AlertKind::kPlannedJointOperation;
      } else if (event.status != EventStatus::kOccurred) {
        continue;
      }
      Alert alert;
      alert.incident_id = "inc-" + event.id.substr(3);
      alert.version = 1;
      alert.id = alert.incident_id + "/v1";
      alert.kind = kind;
      alert.type = event.type;
      alert.subtype = event.subtype;
      alert.status = event.status;
      alert.severity = event.severity;
      alert.confidence = event.confidence;
      alert.places = {event.place};
      alert.countries = event.countries;
      alert.actors = event.actors;
      alert.counts = event.counts;
      alert.article_ids = {article.id};
      alert.event_ids = {event.id};
      alert.source_count = 1;
      alert.first_seen_ms = alert.last_seen_ms = now_ms;
      alert.evidence = event.evidence;
      alert.change = "new";
      alert.summary = std::string(Name(event.type)) + " (" + std::string(Name(event.status)) +
                      ")" + (event.place.name.empty() ? "" : " in " + event.place.name);
      alerts.push_back(std::move(alert));
    }
    return alerts;
  }

 private:
  AlertPolicy policy_;
};

}  // namespace

std::unique_ptr<Correlator> Correlator::Create(const AlertPolicy& policy) {
  return std::make_unique<PerEventCorrelator>(policy);
}

}  // namespace sahelwatch::correlate
