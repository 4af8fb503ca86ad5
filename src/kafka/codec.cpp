#include "kafka/codec.h"

#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

#include <nlohmann/json.hpp>

#include <google/protobuf/stubs/logging.h>

#include "core/utf8.h"
#include "observe/log.h"
#include "sahelwatch/v1/article.pb.h"
#include "sahelwatch/v1/event.pb.h"

namespace sahelwatch::kafka {
namespace {

namespace pb = ::sahelwatch::v1;

std::string Lowercase(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string TrimmedLeadingSpace(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  return first == std::string_view::npos ? std::string() : std::string(text.substr(first, 1));
}

std::int64_t TimestampToMillis(const google::protobuf::Timestamp& ts) {
  return ts.seconds() * 1000 + ts.nanos() / 1000000;
}

void SetTimestamp(google::protobuf::Timestamp* ts, std::int64_t millis) {
  ts->set_seconds(millis / 1000);
  ts->set_nanos(static_cast<std::int32_t>((millis % 1000) * 1000000));
}

// Plain text without a key still needs a stable id: the same bytes give the same id.
std::string ContentId(std::string_view value) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(StableHash64(value)));
  return std::string("txt-") + buffer;
}

bool LooksLikeText(std::string_view value) {
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r' && byte != '\f') return false;
  }
  return !FindInvalidUtf8(value).has_value();
}

std::optional<DecodeError> CheckArticle(const Article& article) {
  if (article.text.empty() && article.title.empty()) {
    return DecodeError{DecodeReason::kMissingText, "article has neither text nor title"};
  }
  return std::nullopt;
}

std::variant<Article, DecodeError> DecodeProtobuf(std::string_view value) {
  pb::Article message;
  // proto3 string fields are UTF-8 checked by the parser, so invalid text fails here.
  if (!message.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return DecodeError{DecodeReason::kMalformedProtobuf, "bytes do not parse as sahelwatch.v1.Article"};
  }
  Article article{message.id(), message.title(), message.text(), message.lang(), message.source(), message.url(), 0};
  if (message.has_published_at()) article.published_at_ms = TimestampToMillis(message.published_at());
  if (auto error = CheckArticle(article)) return *error;
  return article;
}

// Strict about types: a number where a string belongs is an error, not a guess.
std::variant<Article, DecodeError> FromJsonObject(const nlohmann::json& object) {
  if (!object.is_object()) {
    return DecodeError{DecodeReason::kInvalidField, "JSON article must be an object"};
  }
  Article article;
  const std::pair<const char*, std::string*> string_fields[] = {{"id", &article.id},         {"title", &article.title},
                                                                {"text", &article.text},     {"lang", &article.lang},
                                                                {"source", &article.source}, {"url", &article.url}};
  for (const auto& [name, target] : string_fields) {
    const auto it = object.find(name);
    if (it == object.end() || it->is_null()) continue;
    if (!it->is_string()) {
      return DecodeError{DecodeReason::kInvalidField,
                         std::string("field '") + name + "' must be a string, got " + it->type_name()};
    }
    *target = it->get<std::string>();
  }
  if (const auto it = object.find("published_at"); it != object.end() && !it->is_null()) {
    if (it->is_number_integer()) {
      const auto value = it->get<std::int64_t>();
      // Seconds and milliseconds are both common; 1e11 s is the year 5138.
      article.published_at_ms = value < 100000000000LL ? value * 1000 : value;
    } else if (it->is_string()) {
      google::protobuf::Timestamp ts;
      if (!google::protobuf::util::TimeUtil::FromString(it->get<std::string>(), &ts)) {
        return DecodeError{DecodeReason::kInvalidField,
                           "field 'published_at' is not an RFC 3339 time: " + it->get<std::string>()};
      }
      article.published_at_ms = TimestampToMillis(ts);
    } else {
      return DecodeError{DecodeReason::kInvalidField,
                         std::string("field 'published_at' must be a string or integer, got ") + it->type_name()};
    }
  }
  if (auto error = CheckArticle(article)) return *error;
  return article;
}

}  // namespace

ContentType ParseContentType(std::string_view header_value) {
  const auto semicolon = header_value.find(';');
  const std::string type = Lowercase(header_value.substr(0, semicolon));
  if (type.find("protobuf") != std::string::npos) return ContentType::kProtobuf;
  if (type.find("json") != std::string::npos) return ContentType::kJson;
  if (type.rfind("text/", 0) == 0) return ContentType::kText;
  return ContentType::kUnknown;
}

std::string_view Name(DecodeReason reason) {
  switch (reason) {
    case DecodeReason::kEmpty:
      return "empty";
    case DecodeReason::kTooLarge:
      return "too_large";
    case DecodeReason::kInvalidUtf8:
      return "invalid_utf8";
    case DecodeReason::kMalformedJson:
      return "malformed_json";
    case DecodeReason::kMalformedProtobuf:
      return "malformed_protobuf";
    case DecodeReason::kInvalidField:
      return "invalid_field";
    case DecodeReason::kMissingText:
      return "missing_text";
  }
  return "unknown";
}

std::variant<Article, DecodeError> DecodeJsonArticle(std::string_view json) {
  if (const auto bad = FindInvalidUtf8(json)) {
    return DecodeError{DecodeReason::kInvalidUtf8, "invalid UTF-8 at byte " + std::to_string(*bad)};
  }
  const auto parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return DecodeError{DecodeReason::kMalformedJson, "not a JSON document"};
  }
  return FromJsonObject(parsed);
}

std::variant<Article, DecodeError> DecodeArticle(std::string_view value, std::string_view key, ContentType content_type,
                                                 const DecodeLimits& limits) {
  if (value.empty()) return DecodeError{DecodeReason::kEmpty, "message value is empty"};
  if (value.size() > limits.max_message_bytes) {
    return DecodeError{DecodeReason::kTooLarge, "message of " + std::to_string(value.size()) +
                                                    " bytes exceeds limit of " +
                                                    std::to_string(limits.max_message_bytes)};
  }
  if (content_type == ContentType::kUnknown) {
    // Detection: JSON starts with '{'; a protobuf Article starts with a field tag of
    // wire type 2 (length-delimited) for fields 1..6, i.e. bytes 0x0a..0x32; text rarely does.
    // Text is valid UTF-8 without C0 control bytes; a protobuf's length bytes are such
    // controls for any field shorter than 32 bytes, so a truncated protobuf is not text.
    const std::string first = TrimmedLeadingSpace(value);
    const auto lead = static_cast<unsigned char>(value.front());
    if (first == "{") {
      content_type = ContentType::kJson;
    } else if ((lead & 0x07) == 2 && (lead >> 3) >= 1 && (lead >> 3) <= 7) {
      const bool parses = std::holds_alternative<Article>(DecodeProtobuf(value));
      content_type = parses || !LooksLikeText(value) ? ContentType::kProtobuf : ContentType::kText;
    } else {
      content_type = ContentType::kText;
    }
  }
  std::variant<Article, DecodeError> result = DecodeError{DecodeReason::kMalformedProtobuf, ""};
  switch (content_type) {
    case ContentType::kProtobuf:
      result = DecodeProtobuf(value);
      break;
    case ContentType::kJson:
      result = DecodeJsonArticle(value);
      break;
    case ContentType::kText:
    case ContentType::kUnknown: {
      if (const auto bad = FindInvalidUtf8(value)) {
        return DecodeError{DecodeReason::kInvalidUtf8, "invalid UTF-8 at byte " + std::to_string(*bad)};
      }
      Article article;
      article.text.assign(value);
      result = std::move(article);
      break;
    }
  }
  if (auto* article = std::get_if<Article>(&result)) {
    if (article->id.empty()) article->id = key.empty() ? ContentId(value) : std::string(key);
  }
  return result;
}

void RouteProtobufLogs() {
  google::protobuf::SetLogHandler([](google::protobuf::LogLevel level, const char* filename, int line,
                                     const std::string& message) {
    observe::Log(level == google::protobuf::LOGLEVEL_FATAL ? observe::LogLevel::kError : observe::LogLevel::kDebug,
                 "libprotobuf", {{"detail", message}, {"where", std::string(filename) + ":" + std::to_string(line)}});
  });
}

std::string EncodeArticle(const Article& article) {
  pb::Article message;
  message.set_id(article.id);
  message.set_title(article.title);
  message.set_text(article.text);
  message.set_lang(article.lang);
  message.set_source(article.source);
  message.set_url(article.url);
  if (article.published_at_ms != 0) SetTimestamp(message.mutable_published_at(), article.published_at_ms);
  return message.SerializeAsString();
}

namespace {

void FillPlace(pb::Place* out, const Place& place) {
  out->set_country(place.country);
  out->set_admin1(place.admin1);
  out->set_admin2(place.admin2);
  out->set_name(place.name);
  if (place.lat) out->set_lat(*place.lat);
  if (place.lon) out->set_lon(*place.lon);
  out->set_precision(static_cast<pb::PlacePrecision>(static_cast<int>(place.precision)));
}

void FillActors(google::protobuf::RepeatedPtrField<pb::Actor>* out, const std::vector<Actor>& actors) {
  for (const auto& actor : actors) {
    auto* message = out->Add();
    message->set_name(actor.name);
    message->set_kind(actor.kind);
    message->set_country(actor.country);
    message->set_role(static_cast<pb::ActorRole>(static_cast<int>(actor.role)));
  }
}

void FillCounts(pb::Counts* out, const Counts& counts) {
  if (counts.fatalities) out->set_fatalities(*counts.fatalities);
  if (counts.injured) out->set_injured(*counts.injured);
  if (counts.abducted) out->set_abducted(*counts.abducted);
  if (counts.displaced) out->set_displaced(*counts.displaced);
}

void FillEvidence(google::protobuf::RepeatedPtrField<pb::Evidence>* out, const std::vector<Evidence>& evidence) {
  for (const auto& span : evidence) {
    auto* message = out->Add();
    message->set_byte_begin(span.byte_begin);
    message->set_byte_end(span.byte_end);
    message->set_text(span.text);
  }
}

// The C++ enums are declared in the protobuf order, offset by the UNSPECIFIED zero.
template <typename ProtoEnum, typename Enum>
ProtoEnum ToProto(Enum value) {
  return static_cast<ProtoEnum>(static_cast<int>(value) + 1);
}

}  // namespace

std::string EncodeEvent(const Event& event, const Article& article, std::int64_t detected_at_ms) {
  pb::Event message;
  message.set_schema_version(pb::SCHEMA_VERSION_1);
  message.set_id(event.id);
  message.set_article_id(article.id);
  message.set_type(ToProto<pb::EventType>(event.type));
  message.set_subtype(event.subtype);
  message.set_status(ToProto<pb::EventStatus>(event.status));
  message.set_confidence(static_cast<float>(event.confidence));
  message.set_severity(ToProto<pb::Severity>(event.severity));
  FillPlace(message.mutable_place(), event.place);
  for (const auto& country : event.countries) message.add_countries(country);
  FillActors(message.mutable_actors(), event.actors);
  FillCounts(message.mutable_counts(), event.counts);
  message.set_event_date(event.event_date);
  FillEvidence(message.mutable_evidence(), event.evidence);
  for (const auto& rule : event.rule_ids) message.add_rule_ids(rule);
  message.set_lang(article.lang);
  message.set_source(article.source);
  if (article.published_at_ms != 0) SetTimestamp(message.mutable_published_at(), article.published_at_ms);
  SetTimestamp(message.mutable_detected_at(), detected_at_ms);
  return message.SerializeAsString();
}

std::string EncodeAlert(const Alert& alert) {
  pb::Alert message;
  message.set_schema_version(pb::SCHEMA_VERSION_1);
  message.set_id(alert.id);
  message.set_incident_id(alert.incident_id);
  message.set_version(alert.version);
  message.set_kind(ToProto<pb::AlertKind>(alert.kind));
  message.set_type(ToProto<pb::EventType>(alert.type));
  message.set_subtype(alert.subtype);
  message.set_status(ToProto<pb::EventStatus>(alert.status));
  message.set_severity(ToProto<pb::Severity>(alert.severity));
  message.set_confidence(static_cast<float>(alert.confidence));
  for (const auto& place : alert.places) FillPlace(message.add_places(), place);
  for (const auto& country : alert.countries) message.add_countries(country);
  FillActors(message.mutable_actors(), alert.actors);
  FillCounts(message.mutable_counts(), alert.counts);
  for (const auto& id : alert.article_ids) message.add_article_ids(id);
  for (const auto& id : alert.event_ids) message.add_event_ids(id);
  message.set_source_count(alert.source_count);
  SetTimestamp(message.mutable_first_seen(), alert.first_seen_ms);
  SetTimestamp(message.mutable_last_seen(), alert.last_seen_ms);
  message.set_summary(alert.summary);
  FillEvidence(message.mutable_evidence(), alert.evidence);
  message.set_change(alert.change);
  message.set_spike_count(alert.spike_count);
  message.set_spike_baseline(alert.spike_baseline);
  message.set_spike_window_seconds(alert.spike_window_seconds);
  return message.SerializeAsString();
}

}  // namespace sahelwatch::kafka
