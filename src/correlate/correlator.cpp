// Incident correlator: groups the events of many articles into incidents (type, place, time
// window), counts independent sources, and publishes a new alert version only when an
// incident changes materially. Also planned joint operations and spike episodes.
//
// Grouping rules (AlertPolicy configures the numbers):
// - same status, same type or a configured compatible type (battle ~ attack_on_civilians:
//   outlets often describe one raid on a town either as a clash with the army or as an attack
//   on residents; only merged when both are placed at the same town, never on a province match);
// - event time (published_at, else processing time) within the type's window of the
//   incident's first event time (anchored, so a daily series cannot chain into one incident);
// - place: two points (coordinates ≤ nearby_km, or the same town name) match; two different
//   points never do; otherwise the coarser side decides (same admin1, or same country when
//   only a country is known). Candidates come from the incident's own country × admin1 bucket,
//   so two towns within nearby_km but in different admin1 stay separate incidents.
#include "correlate/correlator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <mutex>
#include <numbers>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "correlate/alert_policy.h"
#include "correlate/fingerprint.h"
#include "correlate/spike_detector.h"

namespace sahelwatch::correlate {
namespace {

// Per-incident bounds: a long-running story cannot grow state without limit.
constexpr std::size_t kMaxTrackedArticles = 256;  // redelivery detection
constexpr std::size_t kMaxListedIds = 100;        // article/event ids carried in an alert
constexpr std::size_t kMaxFingerprints = 32;      // syndicated-copy comparison
constexpr std::size_t kMaxOutlets = 64;
constexpr std::size_t kMaxPlaces = 16;
constexpr std::size_t kMaxActors = 16;
constexpr std::size_t kMaxEvidence = 4;
constexpr std::size_t kMaxReports = 64;  // reported figures per count kind
constexpr std::size_t kCountKinds = 4;   // fatalities, injured, abducted, displaced

std::string Hex16(std::uint64_t value) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

// The count kinds in one order, so figures are handled by one loop.
constexpr std::array<std::optional<std::uint32_t> Counts::*, kCountKinds> kCountFields = {
    &Counts::fatalities, &Counts::injured, &Counts::abducted, &Counts::displaced};

constexpr std::array<std::string_view, kCountKinds> kCountRose = {"toll_rose", "injured_rose", "abducted_rose",
                                                                  "displaced_rose"};

// Times from restored alerts are not trusted to be sane: keep window arithmetic in range.
std::int64_t ClampTime(std::int64_t time_ms) {
  constexpr std::int64_t kLatest = std::int64_t{1} << 52;  // ~142,000 years after 1970
  return std::clamp<std::int64_t>(time_ms, 0, kLatest);
}

bool ValidPoint(const Place& place) {
  return place.lat && place.lon && std::isfinite(*place.lat) && std::isfinite(*place.lon) &&
         std::abs(*place.lat) <= 90.0 && std::abs(*place.lon) <= 180.0;
}

// A point: coordinates or a named town; what "same town or nearby" compares.
bool IsPoint(const Place& place) {
  return ValidPoint(place) || (place.precision == PlacePrecision::kTown && !place.name.empty());
}

double DistanceKm(const Place& a, const Place& b) {
  constexpr double kEarthRadiusKm = 6371.0;
  constexpr double kRadians = std::numbers::pi / 180.0;
  const double lat1 = *a.lat * kRadians;
  const double lat2 = *b.lat * kRadians;
  const double dlat = lat2 - lat1;
  const double dlon = (*b.lon - *a.lon) * kRadians;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1) * std::cos(lat2) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2.0 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

enum class PlaceMatch : std::uint8_t { kNone, kCoarse, kTown };

// Place as held in state: names folded once for comparison.
struct KnownPlace {
  Place place;
  std::string folded_admin1;
  std::string folded_admin2;
  std::string folded_name;
};

KnownPlace Know(const Place& place) {
  return {place, FoldForMatching(place.admin1), FoldForMatching(place.admin2), FoldForMatching(place.name)};
}

PlaceMatch Compare(const KnownPlace& a, const KnownPlace& b, double nearby_km) {
  if (a.place.country != b.place.country) return PlaceMatch::kNone;
  if (IsPoint(a.place) && IsPoint(b.place)) {
    if (ValidPoint(a.place) && ValidPoint(b.place)) {
      return DistanceKm(a.place, b.place) <= nearby_km ? PlaceMatch::kTown : PlaceMatch::kNone;
    }
    return !a.folded_name.empty() && a.folded_name == b.folded_name ? PlaceMatch::kTown : PlaceMatch::kNone;
  }
  const auto differ = [](const std::string& x, const std::string& y) { return !x.empty() && !y.empty() && x != y; };
  if (differ(a.folded_admin1, b.folded_admin1) || differ(a.folded_admin2, b.folded_admin2)) {
    return PlaceMatch::kNone;
  }
  return PlaceMatch::kCoarse;
}

struct Incident {
  std::uint64_t handle = 0;
  std::string id;
  AlertKind kind = AlertKind::kIncident;
  EventType type = EventType::kBattle;
  EventStatus status = EventStatus::kOccurred;
  std::string subtype;
  std::string participants;  // planned joint operation: sorted country codes
  std::int64_t anchor_ms = 0;
  std::int64_t expires_at_ms = 0;
  std::int64_t first_seen_ms = 0;
  std::int64_t last_seen_ms = 0;
  std::uint32_t version = 0;  // 0 = not published yet (below min_severity)
  Severity severity = Severity::kLow;
  double confidence = 0.0;
  std::vector<KnownPlace> places;
  std::vector<std::string> countries;
  std::vector<Actor> actors;
  std::array<std::vector<std::uint32_t>, kCountKinds> reports;
  std::vector<std::string> article_ids;
  std::vector<std::string> event_ids;
  std::vector<std::uint64_t> article_hashes;
  std::vector<TextFingerprint> fingerprints;
  std::vector<std::uint64_t> outlet_hashes;
  std::uint32_t source_count = 0;
  std::vector<Evidence> evidence;
  std::vector<std::string> index_keys;

  // What the last published version said: material change is judged against it.
  struct Published {
    Counts counts;
    Severity severity = Severity::kLow;
    std::size_t country_count = 0;
    PlacePrecision precision = PlacePrecision::kNone;
    bool perpetrator = false;
  } published;
};

PlacePrecision BestPrecision(const Incident& incident) {
  PlacePrecision best = PlacePrecision::kNone;
  for (const auto& known : incident.places) best = std::max(best, known.place.precision);
  return best;
}

bool HasPerpetrator(const Incident& incident) {
  return std::any_of(incident.actors.begin(), incident.actors.end(),
                     [](const Actor& actor) { return actor.role == ActorRole::kPerpetrator; });
}

template <typename T>
bool Contains(const std::vector<T>& values, const T& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

template <typename T>
void AddBounded(std::vector<T>& values, T value, std::size_t limit) {
  if (values.size() < limit && !Contains(values, value)) values.push_back(std::move(value));
}

class IncidentCorrelator final : public Correlator {
 public:
  explicit IncidentCorrelator(const AlertPolicy& policy)
      : policy_(policy), spikes_(policy.spike, std::max<std::size_t>(policy.max_incidents, 1024)) {
    for (std::size_t i = 0; i < kEventTypeCount; ++i) merge_group_[i] = 100 + i;
    for (std::size_t group = 0; group < policy_.merge_types.size(); ++group) {
      for (const EventType type : policy_.merge_types[group]) {
        std::size_t& slot = merge_group_[static_cast<std::size_t>(type)];
        if (slot >= 100) slot = group;
      }
    }
  }

  std::vector<Alert> Observe(const Article& article, const std::vector<Event>& events, std::int64_t now_ms) override {
    const bool relevant =
        std::any_of(events.begin(), events.end(), [this](const Event& event) { return Accepts(event) != kSkip; });
    if (!relevant) return {};
    // Outside the lock: fingerprinting is the expensive part and needs no shared state.
    const TextFingerprint fingerprint =
        TextFingerprint::Of(article.text.empty() ? std::string_view(article.title) : article.text);
    // Event time: published_at, but never in the future of the processing clock.
    const std::int64_t time_ms =
        ClampTime(article.published_at_ms > 0 ? std::min(article.published_at_ms, now_ms) : now_ms);
    const std::uint64_t article_hash = StableHash64(article.id);

    std::lock_guard lock(mutex_);
    watermark_ms_ = std::max(watermark_ms_, time_ms);
    spikes_.NoteTime(time_ms);
    std::vector<Alert> alerts;
    std::vector<Incident*> touched;
    for (const auto& event : events) {
      const Route route = Accepts(event);
      if (route == kSkip) continue;
      Incident* incident = route == kPlannedJointOperation ? FindPlanned(event, time_ms) : FindIncident(event, time_ms);
      const bool created = incident == nullptr;
      if (created) {
        incident = Create(event, route, time_ms);
      } else if (!Contains(touched, incident)) {
        if (Contains(incident->article_hashes, article_hash)) {
          ++stats_.repeats_ignored;  // redelivered: already counted, nothing can change
          continue;
        }
      }
      if (!Contains(touched, incident)) {
        CountSource(*incident, article, article_hash, fingerprint);
        touched.push_back(incident);
      }
      Absorb(*incident, event, time_ms);
      if (created && route == kIncident) RecordForSpike(*incident, alerts);
    }
    for (Incident* incident : touched) {
      if (auto alert = MaybePublish(*incident)) alerts.push_back(std::move(*alert));
    }
    Sweep();
    stats_.alerts_emitted += alerts.size();
    return alerts;
  }

  void Restore(const std::vector<Alert>& recent_alerts) override {
    std::map<std::string, const Alert*> latest;
    for (const auto& alert : recent_alerts) {
      const Alert*& slot = latest[alert.incident_id];
      if (slot == nullptr || alert.version > slot->version) slot = &alert;
    }
    std::lock_guard lock(mutex_);
    for (const auto& [id, alert] : latest) {
      watermark_ms_ = std::max(watermark_ms_, ClampTime(alert->last_seen_ms));
      if (alert->kind == AlertKind::kSpike) {
        if (!alert->places.empty()) {
          spikes_.MarkOpen(SpikeKey(alert->places.front(), alert->type), ClampTime(alert->last_seen_ms));
        }
        continue;
      }
      if (by_id_.contains(id)) continue;
      RestoreIncident(*alert);
    }
    Sweep();
  }

  Stats GetStats() const override {
    std::lock_guard lock(mutex_);
    Stats snapshot = stats_;
    snapshot.incidents_open = incidents_.size();
    return snapshot;
  }

 private:
  enum Route : std::uint8_t { kSkip, kIncident, kPlannedJointOperation };

  Route Accepts(const Event& event) const {
    if (!(event.confidence >= policy_.min_confidence)) return kSkip;  // NaN-safe
    if (event.type == EventType::kJointOperation && event.status == EventStatus::kPlanned &&
        policy_.alert_planned_joint_operations) {
      return kPlannedJointOperation;
    }
    return policy_.Alerts(event.type) && policy_.Alerts(event.status) ? kIncident : kSkip;
  }

  std::int64_t Window(EventType type) const { return policy_.WindowSeconds(type) * 1000; }

  std::string BucketKey(EventType type, EventStatus status, const std::string& country,
                        const std::string& folded_admin1) const {
    return std::to_string(merge_group_[static_cast<std::size_t>(type)]) + '|' + std::string(Name(status)) + '|' +
           country + '|' + folded_admin1;
  }

  // A planned joint operation is identified by its participating countries (sorted).
  static std::vector<std::string> Participants(const Event& event) {
    std::vector<std::string> countries = event.countries;
    countries.push_back(event.place.country);
    for (const auto& actor : event.actors) countries.push_back(actor.country);
    return SortedCountries(std::move(countries));
  }

  static std::vector<std::string> SortedCountries(std::vector<std::string> countries) {
    std::erase_if(countries, [](const std::string& code) { return code.empty(); });
    std::sort(countries.begin(), countries.end());
    countries.erase(std::unique(countries.begin(), countries.end()), countries.end());
    return countries;
  }

  static std::string PlannedKey(const std::vector<std::string>& participants) {
    std::string key = "jop";
    for (const auto& code : participants) key += '|' + code;
    return key;
  }

  static std::string SpikeKey(const Place& place, EventType type) {
    return place.country + '|' + FoldForMatching(place.admin1) + '|' + std::string(Name(type));
  }

  bool InWindow(const Incident& incident, std::int64_t time_ms) const {
    const std::int64_t distance =
        time_ms > incident.anchor_ms ? time_ms - incident.anchor_ms : incident.anchor_ms - time_ms;
    return distance <= Window(incident.type);
  }

  Incident* FindIncident(const Event& event, std::int64_t time_ms) {
    const KnownPlace place = Know(event.place);
    // Coarse events (admin1 or country only) look at the whole country; others at their
    // admin1 plus the country's coarse incidents.
    std::vector<std::string> keys;
    const std::string& country = event.place.country;
    if (place.folded_admin1.empty()) {
      keys.push_back(BucketKey(event.type, event.status, country, "*"));
    } else {
      keys.push_back(BucketKey(event.type, event.status, country, place.folded_admin1));
      keys.push_back(BucketKey(event.type, event.status, country, ""));
    }
    Incident* best = nullptr;
    PlaceMatch best_match = PlaceMatch::kNone;
    std::int64_t best_distance = 0;
    for (const auto& key : keys) {
      const auto bucket = index_.find(key);
      if (bucket == index_.end()) continue;
      for (Incident* const pointer : bucket->second) {
        Incident& candidate = *pointer;
        if (candidate.kind != AlertKind::kIncident || !InWindow(candidate, time_ms)) continue;
        PlaceMatch match = PlaceMatch::kNone;
        for (const auto& known : candidate.places) {
          match = std::max(match, Compare(known, place, policy_.nearby_km));
        }
        // Compatible but different types merge only on a town-level match.
        if (candidate.type != event.type && match != PlaceMatch::kTown) continue;
        if (match == PlaceMatch::kNone) continue;
        const std::int64_t distance = std::abs(time_ms - candidate.anchor_ms);
        if (best == nullptr || match > best_match || (match == best_match && distance < best_distance)) {
          best = &candidate;
          best_match = match;
          best_distance = distance;
        }
      }
    }
    return best;
  }

  Incident* FindPlanned(const Event& event, std::int64_t time_ms) {
    const auto bucket = index_.find(PlannedKey(Participants(event)));
    if (bucket == index_.end()) return nullptr;
    for (Incident* const pointer : bucket->second) {
      Incident& candidate = *pointer;
      if (InWindow(candidate, time_ms)) return &candidate;
    }
    return nullptr;
  }

  Incident& Insert(Incident incident) {
    incident.handle = next_handle_++;
    incident.expires_at_ms = incident.anchor_ms + Window(incident.type) + policy_.ttl_after_window_seconds * 1000;
    by_expiry_.emplace(incident.expires_at_ms, incident.handle);
    by_id_.emplace(incident.id, incident.handle);
    const std::uint64_t handle = incident.handle;
    Incident& stored = incidents_.emplace(handle, std::move(incident)).first->second;
    if (stored.kind == AlertKind::kPlannedJointOperation) Index(stored, stored.participants);
    for (const auto& known : stored.places) IndexPlace(stored, known);
    return stored;
  }

  void Index(Incident& incident, const std::string& key) {
    if (Contains(incident.index_keys, key)) return;
    incident.index_keys.push_back(key);
    index_[key].push_back(&incident);
  }

  void IndexPlace(Incident& incident, const KnownPlace& known) {
    if (incident.kind != AlertKind::kIncident) return;
    const std::string& country = known.place.country;
    Index(incident, BucketKey(incident.type, incident.status, country, known.folded_admin1));
    Index(incident, BucketKey(incident.type, incident.status, country, "*"));
  }

  Incident* Create(const Event& event, Route route, std::int64_t time_ms) {
    Incident incident;
    incident.kind = route == kPlannedJointOperation ? AlertKind::kPlannedJointOperation : AlertKind::kIncident;
    incident.type = event.type;
    incident.status = event.status;
    incident.subtype = event.subtype;
    incident.anchor_ms = incident.first_seen_ms = incident.last_seen_ms = time_ms;
    const KnownPlace place = Know(event.place);
    const std::int64_t window_bucket = time_ms / std::max<std::int64_t>(1, Window(event.type));
    std::string key;
    if (route == kPlannedJointOperation) {
      incident.countries = Participants(event);
      incident.participants = PlannedKey(incident.countries);
      key = incident.participants;
    } else {
      key = std::string(Name(event.type)) + '|' + std::string(Name(event.status)) + '|' + event.place.country + '|' +
            place.folded_admin1 + '|' + place.folded_name;
    }
    key += '|' + std::to_string(window_bucket) + '|' + event.id;
    incident.id = (route == kPlannedJointOperation ? "jop-" : "inc-") + Hex16(StableHash64(key));
    ++stats_.incidents_created;
    return &Insert(std::move(incident));
  }

  void CountSource(Incident& incident, const Article& article, std::uint64_t article_hash,
                   const TextFingerprint& fingerprint) {
    AddBounded(incident.article_hashes, article_hash, kMaxTrackedArticles);
    AddBounded(incident.article_ids, article.id, kMaxListedIds);
    const bool copy =
        std::any_of(incident.fingerprints.begin(), incident.fingerprints.end(), [&](const TextFingerprint& known) {
          return known.Similarity(fingerprint) >= policy_.near_duplicate_similarity;
        });
    const std::uint64_t outlet = StableHash64(FoldForMatching(article.source));
    const bool same_outlet = !article.source.empty() && Contains(incident.outlet_hashes, outlet);
    if (copy || same_outlet) {
      ++stats_.duplicates_suppressed;
      return;
    }
    ++incident.source_count;
    if (!fingerprint.Empty() && incident.fingerprints.size() < kMaxFingerprints) {
      incident.fingerprints.push_back(fingerprint);
    }
    if (!article.source.empty()) AddBounded(incident.outlet_hashes, outlet, kMaxOutlets);
  }

  void AddPlace(Incident& incident, const Place& place) {
    KnownPlace known = Know(place);
    const bool seen = std::any_of(incident.places.begin(), incident.places.end(), [&](const auto& p) {
      return p.place.country == place.country && p.folded_admin1 == known.folded_admin1 &&
             p.folded_name == known.folded_name && p.place.precision == place.precision;
    });
    if (seen || incident.places.size() >= kMaxPlaces) return;
    incident.places.push_back(std::move(known));
    IndexPlace(incident, incident.places.back());
  }

  void Absorb(Incident& incident, const Event& event, std::int64_t time_ms) {
    incident.first_seen_ms = std::min(incident.first_seen_ms, time_ms);
    incident.last_seen_ms = std::max(incident.last_seen_ms, time_ms);
    incident.severity = std::max(incident.severity, event.severity);
    incident.confidence = std::max(incident.confidence, std::min(event.confidence, 1.0));
    if (incident.subtype.empty()) incident.subtype = event.subtype;
    AddPlace(incident, event.place);
    if (!event.place.country.empty()) {
      AddBounded(incident.countries, event.place.country, kMaxPlaces);
    }
    for (const auto& country : event.countries) {
      if (!country.empty()) AddBounded(incident.countries, country, kMaxPlaces);
    }
    for (const auto& actor : event.actors) {
      const bool known = std::any_of(incident.actors.begin(), incident.actors.end(),
                                     [&](const Actor& a) { return a.name == actor.name && a.role == actor.role; });
      if (!known && incident.actors.size() < kMaxActors) incident.actors.push_back(actor);
    }
    for (std::size_t kind = 0; kind < kCountKinds; ++kind) {
      const auto& figure = event.counts.*kCountFields[kind];
      if (figure && incident.reports[kind].size() < kMaxReports) {
        incident.reports[kind].push_back(*figure);
      }
    }
    AddBounded(incident.event_ids, event.id, kMaxListedIds);
    for (const auto& span : event.evidence) {
      if (incident.evidence.size() >= kMaxEvidence) break;
      incident.evidence.push_back(span);
    }
  }

  // Best figure: the maximum, except that with three or more reports a figure far above
  // their median is taken for a misreading (an aggregate, a typo) and skipped.
  std::optional<std::uint32_t> BestFigure(std::vector<std::uint32_t> figures) const {
    if (figures.empty()) return std::nullopt;
    std::sort(figures.begin(), figures.end());
    if (policy_.toll_outlier_factor > 0.0 && figures.size() >= 3) {
      const double limit =
          policy_.toll_outlier_factor * std::max(1.0, static_cast<double>(figures[figures.size() / 2]));
      while (static_cast<double>(figures.back()) > limit) figures.pop_back();
    }
    return figures.back();
  }

  Counts BestCounts(const Incident& incident) const {
    Counts counts;
    for (std::size_t kind = 0; kind < kCountKinds; ++kind) {
      counts.*kCountFields[kind] = BestFigure(incident.reports[kind]);
    }
    return counts;
  }

  std::optional<Alert> MaybePublish(Incident& incident) {
    const Counts counts = BestCounts(incident);
    std::string change;
    const auto note = [&change](std::string_view reason) {
      if (!change.empty()) change += ',';
      change += reason;
    };
    if (incident.version == 0) {
      if (incident.severity < policy_.min_severity) return std::nullopt;
      note("new");
    } else {
      for (std::size_t kind = 0; kind < kCountKinds; ++kind) {
        const auto& now = counts.*kCountFields[kind];
        const auto& before = incident.published.counts.*kCountFields[kind];
        if (now && (!before || *now > *before)) note(kCountRose[kind]);
      }
      if (incident.countries.size() > incident.published.country_count) note("new_country");
      if (incident.severity > incident.published.severity) note("severity_up");
      if (BestPrecision(incident) > incident.published.precision) note("place_refined");
      if (HasPerpetrator(incident) && !incident.published.perpetrator) {
        note("perpetrator_identified");
      }
      if (change.empty()) return std::nullopt;
    }
    ++incident.version;
    // Figures only rise in published versions: a later outlier filter never lowers them.
    Counts published_counts = counts;
    for (std::size_t kind = 0; kind < kCountKinds; ++kind) {
      auto& slot = published_counts.*kCountFields[kind];
      const auto& before = incident.published.counts.*kCountFields[kind];
      if (before && (!slot || *before > *slot)) slot = before;
    }
    incident.published = {published_counts, incident.severity, incident.countries.size(), BestPrecision(incident),
                          HasPerpetrator(incident)};
    return ToAlert(incident, published_counts, change);
  }

  static Alert ToAlert(const Incident& incident, const Counts& counts, std::string change) {
    Alert alert;
    alert.incident_id = incident.id;
    alert.version = incident.version;
    alert.id = incident.id + "/v" + std::to_string(incident.version);
    alert.kind = incident.kind;
    alert.type = incident.type;
    alert.subtype = incident.subtype;
    alert.status = incident.status;
    alert.severity = incident.severity;
    alert.confidence = incident.confidence;
    for (const auto& known : incident.places) alert.places.push_back(known.place);
    std::stable_sort(alert.places.begin(), alert.places.end(),
                     [](const Place& a, const Place& b) { return a.precision > b.precision; });
    alert.countries = incident.countries;
    alert.actors = incident.actors;
    alert.counts = counts;
    alert.article_ids = incident.article_ids;
    alert.event_ids = incident.event_ids;
    alert.source_count = incident.source_count;
    alert.first_seen_ms = incident.first_seen_ms;
    alert.last_seen_ms = incident.last_seen_ms;
    alert.evidence = incident.evidence;
    alert.change = std::move(change);
    alert.summary = Summary(alert);
    return alert;
  }

  static std::string Summary(const Alert& alert) {
    std::string summary =
        alert.kind == AlertKind::kPlannedJointOperation ? "planned joint operation" : std::string(Name(alert.type));
    if (alert.countries.size() > 1 && alert.kind == AlertKind::kPlannedJointOperation) {
      // Several states: the participants are the news, not where the announcement was made.
      std::string participants;
      for (const auto& country : alert.countries) participants += (participants.empty() ? "" : ", ") + country;
      summary += " by " + participants;
    } else if (!alert.places.empty()) {
      const Place& place = alert.places.front();
      const std::string& where = !place.name.empty() ? place.name : place.admin1;
      if (!where.empty()) summary += " in " + where;
      if (!place.country.empty()) summary += " (" + place.country + ")";
    } else if (!alert.countries.empty()) {
      summary += " (" + alert.countries.front() + ")";
    }
    if (alert.counts.fatalities) {
      summary += ": " + std::to_string(*alert.counts.fatalities) + " killed";
    }
    summary += ", " + std::to_string(alert.source_count) + (alert.source_count == 1 ? " source" : " sources");
    return summary;
  }

  void RecordForSpike(const Incident& incident, std::vector<Alert>& alerts) {
    if (incident.places.empty()) return;
    const Place& place = incident.places.front().place;
    if (place.country.empty() || place.admin1.empty()) return;  // no admin1: no rate to judge
    const auto spike = spikes_.Record(SpikeKey(place, incident.type), incident.anchor_ms);
    if (!spike) return;
    ++stats_.spike_episodes;
    Alert alert;
    const std::int64_t window_ms = policy_.spike.window_seconds * 1000;
    alert.incident_id =
        "spk-" +
        Hex16(StableHash64(SpikeKey(place, incident.type) + '|' + std::to_string(incident.anchor_ms / window_ms)));
    alert.version = 1;
    alert.id = alert.incident_id + "/v1";
    alert.kind = AlertKind::kSpike;
    alert.type = incident.type;
    alert.status = incident.status;
    alert.severity = policy_.spike.severity;
    alert.confidence = 1.0;
    Place area;
    area.country = place.country;
    area.admin1 = place.admin1;
    area.precision = PlacePrecision::kAdmin1;
    alert.places = {area};
    alert.countries = {place.country};
    alert.first_seen_ms = incident.anchor_ms - window_ms;
    alert.last_seen_ms = incident.anchor_ms;
    alert.spike_count = spike->count;
    alert.spike_baseline = spike->baseline;
    alert.spike_window_seconds = static_cast<std::uint32_t>(policy_.spike.window_seconds);
    alert.change = "new";
    alert.summary = "spike: " + std::to_string(spike->count) + " " + std::string(Name(incident.type)) +
                    " incidents in " + place.admin1 + " (" + place.country + ") within " +
                    std::to_string(policy_.spike.window_seconds / 3600) + " h";
    alerts.push_back(std::move(alert));
  }

  void RestoreIncident(const Alert& alert) {
    Incident incident;
    incident.id = alert.incident_id;
    incident.kind = alert.kind;
    incident.type = alert.type;
    incident.status = alert.status;
    incident.subtype = alert.subtype;
    incident.anchor_ms = incident.first_seen_ms = ClampTime(alert.first_seen_ms);
    incident.last_seen_ms = std::max(incident.first_seen_ms, ClampTime(alert.last_seen_ms));
    incident.version = alert.version;
    incident.severity = alert.severity;
    incident.confidence = alert.confidence;
    for (const auto& place : alert.places) {
      if (incident.places.size() < kMaxPlaces) incident.places.push_back(Know(place));
    }
    incident.countries = alert.countries;
    incident.actors = alert.actors;
    for (std::size_t kind = 0; kind < kCountKinds; ++kind) {
      if (const auto& figure = alert.counts.*kCountFields[kind]) {
        incident.reports[kind].push_back(*figure);
      }
    }
    for (const auto& article_id : alert.article_ids) {
      AddBounded(incident.article_hashes, StableHash64(article_id), kMaxTrackedArticles);
      AddBounded(incident.article_ids, article_id, kMaxListedIds);
    }
    for (const auto& event_id : alert.event_ids) {
      AddBounded(incident.event_ids, event_id, kMaxListedIds);
    }
    incident.source_count = alert.source_count;
    incident.evidence = alert.evidence;
    if (incident.kind == AlertKind::kPlannedJointOperation) {
      incident.participants = PlannedKey(SortedCountries(alert.countries));
    }
    incident.published = {alert.counts, alert.severity, alert.countries.size(), BestPrecision(incident),
                          HasPerpetrator(incident)};
    const Incident& stored = Insert(std::move(incident));
    spikes_.NoteTime(stored.first_seen_ms);
    if (stored.kind == AlertKind::kIncident && stored.status == EventStatus::kOccurred && !stored.places.empty() &&
        !stored.places.front().place.admin1.empty()) {
      spikes_.Record(SpikeKey(stored.places.front().place, stored.type), stored.anchor_ms, false);
    }
  }

  void Remove(std::uint64_t handle) {
    const auto found = incidents_.find(handle);
    if (found == incidents_.end()) return;
    for (const auto& key : found->second.index_keys) {
      const auto bucket = index_.find(key);
      if (bucket == index_.end()) continue;
      std::erase(bucket->second, &found->second);
      if (bucket->second.empty()) index_.erase(bucket);
    }
    by_id_.erase(found->second.id);
    by_expiry_.erase({found->second.expires_at_ms, handle});
    incidents_.erase(found);
  }

  // Expired first (past window + TTL at the event-time watermark), then the oldest
  // (soonest to expire) while above max_incidents.
  void Sweep() {
    while (!by_expiry_.empty() && by_expiry_.begin()->first < watermark_ms_) {
      Remove(by_expiry_.begin()->second);
      ++stats_.incidents_expired;
    }
    while (incidents_.size() > policy_.max_incidents && !by_expiry_.empty()) {
      Remove(by_expiry_.begin()->second);
      ++stats_.incidents_evicted;
    }
    if (++sweeps_since_prune_ >= 4096) {
      sweeps_since_prune_ = 0;
      spikes_.Prune(watermark_ms_);
    }
  }

  const AlertPolicy policy_;
  std::array<std::size_t, kEventTypeCount> merge_group_{};
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, Incident> incidents_;
  std::unordered_map<std::string, std::uint64_t> by_id_;
  // Buckets hold pointers: unordered_map nodes never move, and a scan must not pay a hash
  // lookup per candidate.
  std::unordered_map<std::string, std::vector<Incident*>> index_;
  std::set<std::pair<std::int64_t, std::uint64_t>> by_expiry_;
  std::uint64_t next_handle_ = 1;
  std::int64_t watermark_ms_ = 0;  // highest event time seen: expiry runs on event time
  std::size_t sweeps_since_prune_ = 0;
  SpikeDetector spikes_;
  Stats stats_;
};

}  // namespace

std::unique_ptr<Correlator> Correlator::Create(const AlertPolicy& policy) {
  return std::make_unique<IncidentCorrelator>(policy);
}

}  // namespace sahelwatch::correlate
