// The producer side: events, alerts and dead letters. Thread-safe Produce() from any
// worker; each message holds its ArticleJob until the broker acknowledges it, which is
// what lets the consumer commit the article's offset.
//
// Settings that hold order and survive broker faults: acks=all, enable.idempotence=true
// (ordered, no duplicates from internal retries), unlimited retries within
// message.timeout.ms; a delivery that still fails is produced again (counted), never dropped.
// The re-produce happens in Poll(), after the batch of delivery reports: inside dr_cb the
// reported messages still count against queue.buffering.max.messages, so producing there
// could wait forever for room only the same thread can free.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include "kafka/client.h"
#include "kafka/offset_tracker.h"
#include "observe/metrics.h"

namespace sahelwatch::kafka {

class Publisher final : public RdKafka::DeliveryReportCb, public RdKafka::EventCb {
 public:
  Publisher(const Properties& user_properties, const std::string& bootstrap_servers, observe::Metrics& metrics);
  ~Publisher() override;
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;

  // Queues one message; `job` (may be null) is held until delivery. Blocks briefly while
  // the local queue is full (backpressure onto the worker). Returns false only when the
  // publisher is shutting down or the message can never be produced (logged).
  bool Produce(const std::string& topic, const std::string& key, const std::string& value, const Headers& headers,
               const std::shared_ptr<ArticleJob>& job);

  // Serves delivery reports and re-produces failed deliveries; called by the event loop
  // when the queue fd fires.
  void Poll();
  // Waits up to `timeout` for every queued message (and retry) to be delivered. True when all were.
  bool Flush(std::chrono::milliseconds timeout);
  // Messages queued in librdkafka plus failed deliveries waiting to be produced again.
  std::size_t QueueDepth() const;
  // A fatal producer error (e.g. idempotence state lost): nothing more can be delivered;
  // the daemon must restart to recover (uncommitted articles are then reprocessed).
  bool Fatal() const { return fatal_.load(); }
  RdKafka::Producer& handle() { return *producer_; }
  int wake_fd() const { return wake_.read_fd(); }

  void dr_cb(RdKafka::Message& message) override;
  void event_cb(RdKafka::Event& event) override;

 private:
  struct Retry {
    std::string topic;
    std::string key;
    std::string value;
    Headers headers;
    std::shared_ptr<ArticleJob> job;
  };
  // Tries once (no waiting); on failure the ticket's hold stays with the caller.
  RdKafka::ErrorCode TryProduce(const std::string& topic, const std::string& key, const std::string& value,
                                const Headers& headers, const std::shared_ptr<ArticleJob>& job);
  void ProduceRetries();

  observe::Metrics& metrics_;
  WakePipe wake_;
  std::unique_ptr<RdKafka::Producer> producer_;
  QueueHandle main_queue_;
  std::atomic<bool> fatal_{false};
  mutable std::mutex retries_mutex_;
  std::deque<Retry> retries_;
};

}  // namespace sahelwatch::kafka
