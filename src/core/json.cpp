#include "core/json.h"

namespace sahelwatch {
namespace {

template <typename T>
Json OptionalJson(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json ToJson(const Place& place) {
  return {{"country", place.country},
          {"admin1", place.admin1},
          {"admin2", place.admin2},
          {"place", place.name},
          {"lat", OptionalJson(place.lat)},
          {"lon", OptionalJson(place.lon)},
          {"precision", Name(place.precision)}};
}

Json ToJson(const std::vector<Actor>& actors) {
  Json out = Json::array();
  for (const auto& actor : actors) {
    out.push_back({{"name", actor.name}, {"kind", actor.kind}, {"country", actor.country}, {"role", Name(actor.role)}});
  }
  return out;
}

Json ToJson(const std::vector<Evidence>& evidence) {
  Json out = Json::array();
  for (const auto& span : evidence) {
    out.push_back({{"begin", span.byte_begin}, {"end", span.byte_end}, {"text", span.text}});
  }
  return out;
}

void AddCounts(Json& out, const Counts& counts) {
  out["fatalities"] = OptionalJson(counts.fatalities);
  out["injured"] = OptionalJson(counts.injured);
  out["abducted"] = OptionalJson(counts.abducted);
  out["displaced"] = OptionalJson(counts.displaced);
}

}  // namespace

Json ToJson(const Event& event) {
  Json out = {
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

Json ToJson(const Alert& alert) {
  Json places = Json::array();
  for (const auto& place : alert.places) places.push_back(ToJson(place));
  Json out = {
      {"kind", Name(alert.kind)},
      {"type", Name(alert.type)},
      {"subtype", alert.subtype},
      {"status", Name(alert.status)},
      {"severity", Name(alert.severity)},
      {"countries", alert.countries},
      {"summary", alert.summary},
      {"id", alert.id},
      {"incident_id", alert.incident_id},
      {"version", alert.version},
      {"change", alert.change},
      {"source_count", alert.source_count},
      {"confidence", alert.confidence},
      {"places", places},
      {"actors", ToJson(alert.actors)},
      {"article_ids", alert.article_ids},
      {"event_ids", alert.event_ids},
      {"first_seen_ms", alert.first_seen_ms},
      {"last_seen_ms", alert.last_seen_ms},
      {"evidence", ToJson(alert.evidence)},
  };
  AddCounts(out, alert.counts);
  if (alert.kind == AlertKind::kSpike) {
    out["spike_count"] = alert.spike_count;
    out["spike_baseline"] = alert.spike_baseline;
    out["spike_window_seconds"] = alert.spike_window_seconds;
  }
  return out;
}

Json ClassifyLine(const Article& article, const std::vector<Event>& events) {
  Json list = Json::array();
  for (const auto& event : events) list.push_back(ToJson(event));
  return {{"id", article.id}, {"events", std::move(list)}};
}

}  // namespace sahelwatch
