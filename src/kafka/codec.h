// Codecs between Kafka message bytes and stage values.
//
// Input articles arrive as protobuf `sahelwatch.v1.Article`, the same fields as JSON,
// or plain UTF-8 text; anything else becomes a DecodeError whose reason is a bounded
// label (for metrics and the DLQ header) and whose detail is for humans.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/model.h"

namespace sahelwatch::kafka {

enum class ContentType { kUnknown, kProtobuf, kJson, kText };

// "application/x-protobuf", "application/json", "text/plain" (parameters ignored).
ContentType ParseContentType(std::string_view header_value);

enum class DecodeReason {
  kEmpty,
  kTooLarge,
  kInvalidUtf8,
  kMalformedJson,
  kMalformedProtobuf,
  kInvalidField,
  kMissingText,
};
inline constexpr std::size_t kDecodeReasonCount = 7;
std::string_view Name(DecodeReason reason);

struct DecodeError {
  DecodeReason reason;
  std::string detail;
};

struct DecodeLimits {
  std::size_t max_message_bytes = 1 << 20;
};

// `key` is the Kafka key (article id for text messages; may be empty).
std::variant<Article, DecodeError> DecodeArticle(std::string_view value, std::string_view key, ContentType content_type,
                                                 const DecodeLimits& limits);

// Parses one JSON object with the Article fields (the `sahelwatch classify` input line).
std::variant<Article, DecodeError> DecodeJsonArticle(std::string_view json);

std::string EncodeArticle(const Article& article);  // protobuf bytes

// libprotobuf prints a line to stderr for every string field with invalid UTF-8 it meets
// while parsing untrusted bytes; those are routed into the JSON log at debug level (the DLQ
// already records the reason). Call once at start-up.
void RouteProtobufLogs();
std::string EncodeEvent(const Event& event, const Article& article, std::int64_t detected_at_ms);
std::string EncodeAlert(const Alert& alert);

}  // namespace sahelwatch::kafka
