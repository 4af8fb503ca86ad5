#include "app/pipeline.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "core/json.h"
#include "observe/log.h"

namespace sahelwatch::app {
namespace {

std::chrono::milliseconds SlowClassifyTestHook() {
  const char* value = std::getenv("SAHELWATCH_TEST_SLOW_CLASSIFY_MS");
  if (value == nullptr) return std::chrono::milliseconds(0);
  const long milliseconds = std::strtol(value, nullptr, 10);
  if (milliseconds > 0) {
    observe::LogWarn("test hook active: every classification is slowed down",
                     {{"SAHELWATCH_TEST_SLOW_CLASSIFY_MS", milliseconds}});
  }
  return std::chrono::milliseconds(std::max(milliseconds, 0L));
}

std::int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Pipeline::Pipeline(const Config& config, observe::Metrics& metrics, kafka::Publisher& publisher,
                   std::shared_ptr<const classify::Classifier> classifier,
                   std::unique_ptr<correlate::Correlator> correlator)
    : topics_(config.kafka.topics),
      limits_{config.pipeline.max_message_bytes},
      print_alerts_(config.print_alerts),
      test_slow_classify_(SlowClassifyTestHook()),
      metrics_(metrics),
      publisher_(publisher),
      classifier_(std::move(classifier)),
      correlator_(std::move(correlator)) {}

void Pipeline::SwapClassifier(std::shared_ptr<const classify::Classifier> classifier) {
  classifier_.store(std::move(classifier));
}

void Pipeline::Process(const kafka::ConsumedMessage& message) {
  const auto started = std::chrono::steady_clock::now();
  const std::int64_t now_ms = NowMillis();
  if (message.timestamp_ms > 0) {
    metrics_.EndToEndLag(static_cast<double>(now_ms - message.timestamp_ms) / 1000.0);
  }
  auto decoded =
      kafka::DecodeArticle(message.value, message.key, kafka::ParseContentType(message.content_type), limits_);
  if (auto* error = std::get_if<kafka::DecodeError>(&decoded)) {
    DeadLetter(message, kafka::Name(error->reason), error->detail);
  } else {
    try {
      Publish(message, std::get<Article>(decoded), now_ms);
    } catch (const std::exception& failure) {
      // A bug triggered by one article must not stop the partition: park it in the DLQ.
      // Outputs already produced stay (their ids repeat if the article is replayed).
      DeadLetter(message, "processing_error", failure.what());
    }
  }
  metrics_.ProcessingTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  message.job->Release();  // the worker's own hold
}

void Pipeline::Publish(const kafka::ConsumedMessage& message, Article& article, std::int64_t now_ms) {
  if (article.published_at_ms == 0) article.published_at_ms = message.timestamp_ms;
  if (test_slow_classify_.count() > 0) std::this_thread::sleep_for(test_slow_classify_);
  const auto classifier = classifier_.load();
  const std::vector<Event> events = classifier->Classify(article);
  for (const auto& event : events) {
    publisher_.Produce(topics_.events, article.id, kafka::EncodeEvent(event, article, now_ms),
                       {{"content-type", "application/x-protobuf; proto=sahelwatch.v1.Event"}}, message.job);
    metrics_.EventFound(event);
  }
  for (const auto& alert : correlator_->Observe(article, events, now_ms)) {
    publisher_.Produce(topics_.alerts, alert.incident_id, kafka::EncodeAlert(alert),
                       {{"content-type", "application/x-protobuf; proto=sahelwatch.v1.Alert"}}, message.job);
    metrics_.AlertPublished(alert);
    if (print_alerts_) observe::WriteLine(ToJson(alert).dump());
  }
}

void Pipeline::DeadLetter(const kafka::ConsumedMessage& message, std::string_view reason, const std::string& detail) {
  const std::string reason_label(reason);
  observe::LogWarn("undecodable article sent to dead-letter topic", {{"reason", reason_label},
                                                                     {"detail", detail},
                                                                     {"topic", message.topic},
                                                                     {"partition", message.partition},
                                                                     {"offset", message.offset}});
  metrics_.DeadLettered(reason_label);
  kafka::Headers headers = {{"sahelwatch-error", reason_label + ": " + detail},
                            {"sahelwatch-error-reason", reason_label},
                            {"sahelwatch-source-topic", message.topic},
                            {"sahelwatch-source-partition", std::to_string(message.partition)},
                            {"sahelwatch-source-offset", std::to_string(message.offset)}};
  // An oversized message would be refused by the broker as well: keep its head, say so.
  std::string_view value = message.value;
  if (value.size() > limits_.max_message_bytes) {
    headers.emplace_back("sahelwatch-original-bytes", std::to_string(value.size()));
    value = value.substr(0, limits_.max_message_bytes);
  }
  publisher_.Produce(topics_.dlq, message.key, std::string(value), headers, message.job);
}

}  // namespace sahelwatch::app
