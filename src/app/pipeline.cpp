#include "app/pipeline.h"

#include <chrono>

#include "core/json.h"
#include "observe/log.h"

namespace sahelwatch::app {
namespace {

std::int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Pipeline::Pipeline(const Config& config, observe::Metrics& metrics, kafka::Publisher& publisher,
                   std::shared_ptr<const classify::Classifier> classifier,
                   std::unique_ptr<correlate::Correlator> correlator)
    : topics_(config.kafka.topics),
      limits_{config.pipeline.max_message_bytes},
      print_alerts_(config.print_alerts),
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
  auto decoded = kafka::DecodeArticle(message.value, message.key,
                                      kafka::ParseContentType(message.content_type), limits_);
  if (auto* error = std::get_if<kafka::DecodeError>(&decoded)) {
    DeadLetter(message, *error);
  } else {
    Article& article = std::get<Article>(decoded);
    if (article.published_at_ms == 0) article.published_at_ms = message.timestamp_ms;
    const auto classifier = classifier_.load();
    const std::vector<Event> events = classifier->Classify(article);
    for (const auto& event : events) {
      publisher_.Produce(topics_.events, article.id, kafka::EncodeEvent(event, article, now_ms),
                         {{"content-type", "application/x-protobuf; proto=sahelwatch.v1.Event"}},
                         message.job);
      metrics_.EventFound(event);
    }
    for (const auto& alert : correlator_->Observe(article, events, now_ms)) {
      publisher_.Produce(topics_.alerts, alert.incident_id, kafka::EncodeAlert(alert),
                         {{"content-type", "application/x-protobuf; proto=sahelwatch.v1.Alert"}},
                         message.job);
      metrics_.AlertPublished(alert);
      if (print_alerts_) observe::WriteLine(ToJson(alert).dump());
    }
  }
  metrics_.ProcessingTime(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  message.job->Release();  // the worker's own hold
}

void Pipeline::DeadLetter(const kafka::ConsumedMessage& message, const kafka::DecodeError& error) {
  const std::string reason(kafka::Name(error.reason));
  observe::LogWarn("undecodable article sent to dead-letter topic",
                   {{"reason", reason}, {"detail", error.detail}, {"topic", message.topic},
                    {"partition", message.partition}, {"offset", message.offset}});
  metrics_.DeadLettered(reason);
  publisher_.Produce(topics_.dlq, message.key, message.value,
                     {{"sahelwatch-error", reason + ": " + error.detail},
                      {"sahelwatch-error-reason", reason},
                      {"sahelwatch-source-topic", message.topic},
                      {"sahelwatch-source-partition", std::to_string(message.partition)},
                      {"sahelwatch-source-offset", std::to_string(message.offset)}},
                     message.job);
}

}  // namespace sahelwatch::app
