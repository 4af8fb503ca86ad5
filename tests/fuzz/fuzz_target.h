// One input through every stage an untrusted message meets: decode (protobuf, JSON or
// text, as detected), classify, correlate, encode. Shared by the libFuzzer target
// (tests/fuzz/, clang only) and the deterministic robustness test (tests/unit/robustness/).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <variant>

#include "classify/classifier.h"
#include "classify/database_cache.h"
#include "core/utf8.h"
#include "correlate/alert_policy.h"
#include "correlate/correlator.h"
#include "kafka/codec.h"

namespace sahelwatch::fuzz {

class Harness {
 public:
  explicit Harness(const std::string& source_dir)
      : classifier_(classify::Classifier::Load(
            {source_dir + "/config/rules", source_dir + "/config/gazetteer", classify::DefaultCacheDirectory()})),
        correlator_(correlate::Correlator::Create(correlate::AlertPolicy{})) {
    kafka::RouteProtobufLogs();
  }

  // Returns the number of events found; throws std::logic_error on a broken invariant.
  std::size_t Run(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const std::string_view key = bytes.substr(0, std::min<std::size_t>(size, 8));
    auto decoded = kafka::DecodeArticle(bytes, key, kafka::ContentType::kUnknown, {1 << 20});
    if (std::holds_alternative<kafka::DecodeError>(decoded)) return 0;
    const Article& article = std::get<Article>(decoded);
    if (FindInvalidUtf8(article.text)) throw std::logic_error("decoder passed invalid UTF-8 text");
    const auto events = classifier_->Classify(article);
    for (const auto& event : events) {
      for (const auto& span : event.evidence) {
        if (span.byte_begin > span.byte_end || span.byte_end > article.text.size()) {
          throw std::logic_error("evidence offsets outside the article text");
        }
        if (article.text.compare(span.byte_begin, span.byte_end - span.byte_begin, span.text) != 0) {
          throw std::logic_error("evidence text does not match its offsets");
        }
      }
      if (event.confidence < 0.0 || event.confidence > 1.0) throw std::logic_error("confidence outside 0..1");
      static_cast<void>(kafka::EncodeEvent(event, article, 0));
    }
    for (const auto& alert : correlator_->Observe(article, events, 1'700'000'000'000)) {
      static_cast<void>(kafka::EncodeAlert(alert));
    }
    return events.size();
  }

 private:
  std::shared_ptr<const classify::Classifier> classifier_;
  std::unique_ptr<correlate::Correlator> correlator_;
};

}  // namespace sahelwatch::fuzz
