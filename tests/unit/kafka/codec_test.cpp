#include "kafka/codec.h"

#include <gtest/gtest.h>

#include <set>

#include "sahelwatch/v1/event.pb.h"

namespace sahelwatch::kafka {
namespace {

const DecodeLimits kLimits{4096};

std::variant<Article, DecodeError> Decode(std::string_view value, ContentType type = ContentType::kUnknown,
                                          std::string_view key = "key-1") {
  return DecodeArticle(value, key, type, kLimits);
}

DecodeReason ReasonOf(const std::variant<Article, DecodeError>& result) {
  const auto* error = std::get_if<DecodeError>(&result);
  if (error == nullptr) throw std::runtime_error("expected a decode error, got an article");
  return error->reason;
}

const Article& ArticleOf(const std::variant<Article, DecodeError>& result) {
  if (const auto* error = std::get_if<DecodeError>(&result)) {
    throw std::runtime_error("expected an article, got " + std::string(Name(error->reason)) + ": " + error->detail);
  }
  return std::get<Article>(result);
}

Article Sample() {
  return Article{"art-1",
                 "Attack in Djibo",
                 "On 3 March, gunmen killed 5 civilians in Djibo.",
                 "en",
                 "Wire",
                 "https://example.org/a",
                 1709460000000};
}

TEST(Codec, ContentTypeHeader) {
  EXPECT_EQ(ParseContentType("application/x-protobuf; proto=sahelwatch.v1.Article"), ContentType::kProtobuf);
  EXPECT_EQ(ParseContentType("Application/JSON"), ContentType::kJson);
  EXPECT_EQ(ParseContentType("text/plain; charset=utf-8"), ContentType::kText);
  EXPECT_EQ(ParseContentType(""), ContentType::kUnknown);
  EXPECT_EQ(ParseContentType("image/png"), ContentType::kUnknown);
}

TEST(Codec, ProtobufRoundTrip) {
  const Article original = Sample();
  for (const ContentType type : {ContentType::kProtobuf, ContentType::kUnknown}) {
    const Article decoded = ArticleOf(Decode(EncodeArticle(original), type));
    EXPECT_EQ(decoded.id, original.id);
    EXPECT_EQ(decoded.title, original.title);
    EXPECT_EQ(decoded.text, original.text);
    EXPECT_EQ(decoded.lang, original.lang);
    EXPECT_EQ(decoded.source, original.source);
    EXPECT_EQ(decoded.url, original.url);
    EXPECT_EQ(decoded.published_at_ms, original.published_at_ms);
  }
}

TEST(Codec, DetectsJsonAndText) {
  const Article json =
      ArticleOf(Decode(R"(  {"id":"j-1","text":"Gunmen attacked Djibo.","published_at":"2024-03-03T10:00:00Z"})"));
  EXPECT_EQ(json.id, "j-1");
  EXPECT_EQ(json.published_at_ms, 1709460000000);
  const Article text = ArticleOf(Decode("Gunmen attacked Djibo on Sunday."));
  EXPECT_EQ(text.id, "key-1") << "plain text takes its id from the key";
  EXPECT_EQ(text.text, "Gunmen attacked Djibo on Sunday.");
  // A newline is also a protobuf tag byte (field 1, length-delimited); text stays text.
  EXPECT_EQ(ArticleOf(Decode("\nGunmen attacked Djibo.")).text, "\nGunmen attacked Djibo.");
}

TEST(Codec, TextWithoutKeyGetsAStableContentId) {
  const Article a = ArticleOf(Decode("Gunmen attacked Djibo.", ContentType::kText, ""));
  const Article b = ArticleOf(Decode("Gunmen attacked Djibo.", ContentType::kText, ""));
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.id.rfind("txt-", 0), 0u);
}

TEST(Codec, PublishedAtSecondsOrMilliseconds) {
  EXPECT_EQ(ArticleOf(Decode(R"({"text":"x","published_at":1709460000})")).published_at_ms, 1709460000000);
  EXPECT_EQ(ArticleOf(Decode(R"({"text":"x","published_at":1709460000123})")).published_at_ms, 1709460000123);
}

TEST(Codec, EveryDeadLetterReason) {
  EXPECT_EQ(ReasonOf(Decode("")), DecodeReason::kEmpty);
  EXPECT_EQ(ReasonOf(Decode(std::string(kLimits.max_message_bytes + 1, 'a'))), DecodeReason::kTooLarge);
  EXPECT_EQ(ReasonOf(Decode("Gunmen \xff\xfe attacked", ContentType::kText)), DecodeReason::kInvalidUtf8);
  EXPECT_EQ(ReasonOf(Decode("caf\xc3")), DecodeReason::kInvalidUtf8) << "truncated multi-byte sequence";
  EXPECT_EQ(ReasonOf(Decode(R"({"id": "x", "text": "unterminated)")), DecodeReason::kMalformedJson);
  EXPECT_EQ(ReasonOf(Decode("{\"text\": \"\xff\"}")), DecodeReason::kInvalidUtf8);
  EXPECT_EQ(ReasonOf(Decode("not protobuf at all", ContentType::kProtobuf)), DecodeReason::kMalformedProtobuf);
  EXPECT_EQ(ReasonOf(Decode(R"({"id": 17, "text": "x"})")), DecodeReason::kInvalidField);
  EXPECT_EQ(ReasonOf(Decode(R"({"id": "x", "lang": "en"})")), DecodeReason::kMissingText);
}

TEST(Codec, TruncatedProtobufIsMalformedEvenWithoutContentType) {
  const std::string bytes = EncodeArticle(Sample());
  for (const std::size_t cut : {bytes.size() / 2, bytes.size() - 7, std::size_t{3}}) {
    const std::string truncated = bytes.substr(0, cut);
    EXPECT_EQ(ReasonOf(Decode(truncated, ContentType::kProtobuf)), DecodeReason::kMalformedProtobuf) << cut;
    EXPECT_EQ(ReasonOf(Decode(truncated)), DecodeReason::kMalformedProtobuf) << cut;
  }
}

TEST(Codec, JsonTypeErrorsNameTheField) {
  struct Case {
    const char* json;
    const char* field;
  };
  for (const Case& c :
       {Case{R"({"id": 5, "text": "x"})", "id"}, Case{R"({"text": ["a"]})", "text"},
        Case{R"({"text": "x", "title": {"a": 1}})", "title"}, Case{R"({"text": "x", "lang": true})", "lang"},
        Case{R"({"text": "x", "published_at": {"seconds": 1}})", "published_at"},
        Case{R"({"text": "x", "published_at": "yesterday"})", "published_at"}}) {
    const auto result = Decode(c.json);
    ASSERT_EQ(ReasonOf(result), DecodeReason::kInvalidField) << c.json;
    EXPECT_NE(std::get<DecodeError>(result).detail.find(c.field), std::string::npos) << c.json;
  }
  EXPECT_EQ(ReasonOf(Decode("[1, 2]", ContentType::kJson)), DecodeReason::kInvalidField);
  EXPECT_EQ(ArticleOf(Decode(R"({"id": null, "text": "x"})", ContentType::kJson, "k")).id, "k") << "null means absent";
}

TEST(Codec, ReasonNamesAreDistinctLabels) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < kDecodeReasonCount; ++i) {
    names.insert(std::string(Name(static_cast<DecodeReason>(i))));
  }
  EXPECT_EQ(names.size(), kDecodeReasonCount);
  EXPECT_FALSE(names.contains("unknown"));
}

TEST(Codec, EventEncodingCarriesIdsAndArticle) {
  Event event;
  event.id = "evt-1";
  event.type = EventType::kAttackOnCivilians;
  event.status = EventStatus::kOccurred;
  event.subtype = "attack_on_civilians/massacre";
  const std::string bytes = EncodeEvent(event, Sample(), 1709460000000);
  ::sahelwatch::v1::Event decoded;
  ASSERT_TRUE(decoded.ParseFromString(bytes));
  EXPECT_EQ(decoded.id(), "evt-1");
  EXPECT_EQ(decoded.article_id(), "art-1");
  EXPECT_EQ(decoded.subtype(), "attack_on_civilians/massacre");
  EXPECT_EQ(decoded.lang(), "en");
  EXPECT_EQ(decoded.detected_at().seconds(), 1709460000);
}

}  // namespace
}  // namespace sahelwatch::kafka
