#include "core/json.h"

namespace sahelwatch {
namespace {

template <typename T>
nlohmann::json OptionalJson(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json ToJson(const Place& place) {
  return {{"country", place.country}, {"admin1", place.admin1},   {"admin2", place.admin2},
          {"place", place.name},      {"lat", OptionalJson(place.lat)}, {"lon", OptionalJson(place.lon)},
          {"precision", Name(place.precision)}};
}

nlohmann::json ToJson(const std::vector<Actor>& actors) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& actor : actors) {
    out.push_back({{"name", actor.name},
                   {"kind", actor.kind},
                   {"country", actor.country},
                   {"role", Name(actor.role)}});
  }
  return out;
}

nlohmann::json ToJson(const std::vector<Evidence>& evidence) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& span : evidence) {
    out.push_back({{"begin", span.byte_begin}, {"end", span.byte_end}, {"text", span.text}});
  }
  return out;
}

void AddCounts(nlohmann::json& out, const Counts& counts) {
  out["fatalities"] = OptionalJson(counts.fatalities);
  out["injured"] = OptionalJson(counts.injured);
  out["abducted"] = OptionalJson(counts.abducted);
  out["displaced"] = OptionalJson(counts.displaced);
}

}  // namespace

nlohmann::json ToJson(const Event& event) {
  nlohmann::json out = {
      {"id", event.id},
      {"type", Name(event.type)},
      {"subtype", event.subtype},
      {"status", Name(event.status)},
      {"confidence", event.confidence},
      {"severity", Name(event.severity)},
      {"country", event.place.country},
      {"countries", event.countries},
      {"admin1", event.place.admin1},
      {"admin2", event.place.admin2},
      {"place", event.place.name},
      {"lat", OptionalJson(event.place.lat)},
      {"lon", OptionalJson(event.place.lon)},
      {"precision", Name(event.place.precision)},
      {"event_date", event.event_date},
      {"actors", ToJson(event.actors)},
      {"evidence", ToJson(event.evidence)},
      {"rules", event.rule_ids},
  };
  AddCounts(out, event.counts);
  return out;
}

nlohmann::json ToJson(const Alert& alert) {
  nlohmann::json places = nlohmann::json::array();
  for (const auto& place : alert.places) places.push_back(ToJson(place));
  nlohmann::json out = {
      {"id", alert.id},
      {"incident_id", alert.incident_id},
      {"version", alert.version},
      {"kind", Name(alert.kind)},
      {"type", Name(alert.type)},
      {"subtype", alert.subtype},
      {"status", Name(alert.status)},
      {"severity", Name(alert.severity)},
      {"confidence", alert.confidence},
      {"countries", alert.countries},
      {"places", places},
      {"actors", ToJson(alert.actors)},
      {"article_ids", alert.article_ids},
      {"event_ids", alert.event_ids},
      {"source_count", alert.source_count},
      {"first_seen_ms", alert.first_seen_ms},
      {"last_seen_ms", alert.last_seen_ms},
      {"summary", alert.summary},
      {"evidence", ToJson(alert.evidence)},
      {"change", alert.change},
  };
  AddCounts(out, alert.counts);
  if (alert.kind == AlertKind::kSpike) {
    out["spike_count"] = alert.spike_count;
    out["spike_baseline"] = alert.spike_baseline;
    out["spike_window_seconds"] = alert.spike_window_seconds;
  }
  return out;
}

nlohmann::json ClassifyLine(const Article& article, const std::vector<Event>& events) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& event : events) list.push_back(ToJson(event));
  return {{"id", article.id}, {"events", std::move(list)}};
}

}  // namespace sahelwatch
