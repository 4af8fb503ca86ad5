// decode → classify → correlate → publish, for one consumed message, on a worker thread.
// Stages hand plain values forward and never call back; the only way out is the
// Publisher, and the ArticleJob is released when every output is queued (the broker's
// acknowledgements release the rest).
#pragma once

#include <atomic>
#include <memory>

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
           std::shared_ptr<const classify::Classifier> classifier,
           std::unique_ptr<correlate::Correlator> correlator);

  // Thread-safe; runs the whole article through every stage.
  void Process(const kafka::ConsumedMessage& message);

  // Atomically replaces the rules: articles already being classified finish on the old ones.
  void SwapClassifier(std::shared_ptr<const classify::Classifier> classifier);
  std::shared_ptr<const classify::Classifier> classifier() const { return classifier_.load(); }
  correlate::Correlator& correlator() { return *correlator_; }

 private:
  void DeadLetter(const kafka::ConsumedMessage& message, const kafka::DecodeError& error);

  const TopicNames topics_;
  const kafka::DecodeLimits limits_;
  const bool print_alerts_;
  observe::Metrics& metrics_;
  kafka::Publisher& publisher_;
  std::atomic<std::shared_ptr<const classify::Classifier>> classifier_;
  std::unique_ptr<correlate::Correlator> correlator_;
};

}  // namespace sahelwatch::app
