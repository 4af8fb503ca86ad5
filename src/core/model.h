// Plain values handed from stage to stage: decode → classify → correlate → publish.
// No stage holds a reference into another's state; everything here is copyable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/taxonomy.h"

namespace sahelwatch {

struct Article {
  std::string id;
  std::string title;
  std::string text;
  std::string lang;    // "en", "fr" or empty (detect)
  std::string source;  // outlet
  std::string url;
  std::int64_t published_at_ms = 0;  // 0 = unknown
};

struct Place {
  std::string country;  // ISO 3166-1 alpha-2
  std::string admin1;
  std::string admin2;
  std::string name;
  std::optional<double> lat;
  std::optional<double> lon;
  PlacePrecision precision = PlacePrecision::kNone;
};

struct Actor {
  std::string name;  // canonical, e.g. "JNIM", "FAMa"
  std::string kind;  // state_force, armed_group, multinational_force, militia, civilians, ...
  std::string country;
  ActorRole role = ActorRole::kUnspecified;
};

struct Counts {
  std::optional<std::uint32_t> fatalities;
  std::optional<std::uint32_t> injured;
  std::optional<std::uint32_t> abducted;
  std::optional<std::uint32_t> displaced;
};

struct Evidence {
  std::uint32_t byte_begin = 0;  // into Article::text
  std::uint32_t byte_end = 0;
  std::string text;
};

struct Event {
  std::string id;  // deterministic, see MakeEventId
  std::string article_id;
  EventType type = EventType::kBattle;
  std::string subtype;  // "battle/ambush"
  EventStatus status = EventStatus::kOccurred;
  double confidence = 0.0;
  Severity severity = Severity::kLow;
  Place place;
  std::vector<std::string> countries;  // all involved, place.country first
  std::vector<Actor> actors;
  Counts counts;
  std::string event_date;
  std::vector<Evidence> evidence;
  std::vector<std::string> rule_ids;
};

enum class AlertKind : std::uint8_t { kIncident, kPlannedJointOperation, kSpike };
std::string_view Name(AlertKind kind);

// One new or updated incident (or spike). Published keyed by incident_id.
struct Alert {
  std::string id;           // incident_id + "/v" + version: deterministic
  std::string incident_id;  // stable across versions
  std::uint32_t version = 1;
  AlertKind kind = AlertKind::kIncident;
  EventType type = EventType::kBattle;
  std::string subtype;
  EventStatus status = EventStatus::kOccurred;
  Severity severity = Severity::kLow;
  double confidence = 0.0;
  std::vector<Place> places;
  std::vector<std::string> countries;
  std::vector<Actor> actors;
  Counts counts;
  std::vector<std::string> article_ids;
  std::vector<std::string> event_ids;
  std::uint32_t source_count = 0;
  std::int64_t first_seen_ms = 0;
  std::int64_t last_seen_ms = 0;
  std::string summary;
  std::vector<Evidence> evidence;
  std::string change;  // why this version: "new", "toll_rose", "new_country", "severity_up", ...
  std::uint32_t spike_count = 0;
  double spike_baseline = 0.0;
  std::uint32_t spike_window_seconds = 0;
};

// Deterministic event id: the same article, type and evidence offset always give the
// same id, so a redelivery after a crash repeats ids that consumers can drop.
std::string MakeEventId(const std::string& article_id, EventType type, std::uint32_t evidence_begin);

// Stable 64-bit FNV-1a, used for ids; std::hash is not stable across builds.
std::uint64_t StableHash64(std::string_view bytes, std::uint64_t seed = 14695981039346656037ULL);

}  // namespace sahelwatch
