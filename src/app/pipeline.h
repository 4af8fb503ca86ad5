// decode → classify → correlate → publish, for one consumed message, on a worker thread.
// Stages hand plain values forward and never call back; the only way out is the
// Publisher, and the ArticleJob is released when every output is queued (the broker's
// acknowledgements release the rest).
//
// Test hook: SAHELWATCH_TEST_SLOW_CLASSIFY_MS (read once, at construction) makes every
// classification sleep that long first, so tests can prove a slow pipeline keeps its
// group membership. Unset in production.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string_view>

#include "app/config.h"
#include "classify/classifier.h"
#include "correlate/correlator.h"
#include "kafka/article_consumer.h"
#include "kafka/codec.h"
#include "kafka/publisher.h"
#include "observe/metrics.h"

namespace sahelwatch::app {

class Pipeline {
 public:
  Pipeline(const Config& config, observe::Metrics& metrics, kafka::Publisher& publisher,
           std::shared_ptr<const classify::Classifier> classifier, std::unique_ptr<correlate::Correlator> correlator);

  // Thread-safe; runs the whole article through every stage.
  void Process(const kafka::ConsumedMessage& message);

  // Atomically replaces the rules: articles already being classified finish on the old ones.
  void SwapClassifier(std::shared_ptr<const classify::Classifier> classifier);
  std::shared_ptr<const classify::Classifier> classifier() const { return classifier_.load(); }
  correlate::Correlator& correlator() { return *correlator_; }

 private:
  // Classify, correlate and publish one decoded article.
  void Publish(const kafka::ConsumedMessage& message, Article& article, std::int64_t now_ms);
  // The original bytes (cut to the size limit) to the dead-letter topic, with reason and origin.
  void DeadLetter(const kafka::ConsumedMessage& message, std::string_view reason, const std::string& detail);

  const TopicNames topics_;
  const kafka::DecodeLimits limits_;
  const bool print_alerts_;
  const std::chrono::milliseconds test_slow_classify_;
  observe::Metrics& metrics_;
  kafka::Publisher& publisher_;
  std::atomic<std::shared_ptr<const classify::Classifier>> classifier_;
  std::unique_ptr<correlate::Correlator> correlator_;
};

}  // namespace sahelwatch::app
