// The consumer side: group membership, rebalances, backpressure and contiguous commits.
//
// How librdkafka's queues are driven: the consumer queue is told (rd_kafka_queue_io_event_enable)
// to write a byte to a pipe whenever it turns non-empty; the daemon's Asio loop waits on that
// pipe and then calls ServeQueue(), which consumes with timeout 0 until the queue is empty.
// Messages, rebalance callbacks, errors and statistics are all served there, on the loop
// thread, so every consumer call and all OffsetTracker state stay on one thread. A periodic
// tick (Tick) commits, applies backpressure and keeps polling while partitions are paused,
// so the member never exceeds max.poll.interval.ms and stays in the group. Periodic commits
// pause while the group rebalances (see CommitsHeld), so refused commits do not make
// librdkafka drop the assignment and start another rebalance.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kafka/client.h"
#include "kafka/offset_tracker.h"
#include "observe/metrics.h"

namespace sahelwatch::kafka {

struct ConsumedMessage {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::string key;
  std::string value;
  std::string content_type;  // header value, may be empty
  std::int64_t timestamp_ms = 0;
  std::shared_ptr<ArticleJob> job;  // release it when every output was produced
};

struct ConsumerOptions {
  std::string bootstrap_servers;
  std::string group_id;
  std::string topic;
  std::size_t max_in_flight = 1000;
  std::chrono::milliseconds drain_timeout{10000};
  Properties user_properties;
};

class ArticleConsumer final : public RdKafka::RebalanceCb, public RdKafka::EventCb, public RdKafka::OffsetCommitCb {
 public:
  using Sink = std::function<void(ConsumedMessage)>;
  // Called while a revoke waits for in-flight work, so delivery reports keep flowing.
  using Pump = std::function<void()>;

  ArticleConsumer(ConsumerOptions options, observe::Metrics& metrics, Sink sink, Pump pump);
  ~ArticleConsumer() override;
  ArticleConsumer(const ArticleConsumer&) = delete;
  ArticleConsumer& operator=(const ArticleConsumer&) = delete;

  int wake_fd() const { return wake_.read_fd(); }

  // Consumes until the queue is empty or `budget` messages were handed to the sink.
  // Returns true when messages may remain (call again soon).
  bool ServeQueue(std::size_t budget);
  // Commits completed prefixes and applies/release backpressure.
  void Tick();

  // Stops fetching (pauses every partition) for shutdown; messages already consumed finish.
  void StopFetching();
  std::size_t InFlight() const { return tracker_.InFlight(); }
  // Final commit (synchronous) and group leave. Call after in-flight work is drained.
  // Returns how many consumed articles were left uncommitted (reprocessed by the next owner).
  std::size_t Close();

  bool HasAssignment() const { return assigned_ > 0; }
  bool BrokerReachable() const { return broker_reachable_; }
  std::chrono::steady_clock::time_point last_message_at() const { return last_message_at_; }

  void rebalance_cb(RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode err,
                    std::vector<RdKafka::TopicPartition*>& partitions) override;
  void event_cb(RdKafka::Event& event) override;
  void offset_commit_cb(RdKafka::ErrorCode err, std::vector<RdKafka::TopicPartition*>& offsets) override;

 private:
  void Handle(RdKafka::Message& message);
  void Commit(const std::vector<CommitOffset>& offsets, bool synchronous);
  void SetPaused(bool paused);
  bool CommitsHeld() const;
  void HoldCommits(bool hold);
  void WaitForPartitions(const std::vector<PartitionKey>& keys);
  void ReadStatistics(const std::string& json);

  ConsumerOptions options_;
  observe::Metrics& metrics_;
  Sink sink_;
  Pump pump_;
  WakePipe wake_;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  QueueHandle queue_;
  OffsetTracker tracker_;
  std::size_t assigned_ = 0;
  bool paused_ = false;
  bool stopping_ = false;
  std::optional<std::chrono::steady_clock::time_point> commits_held_since_;  // rebalancing
  bool closing_ = false;            // Close() called: the final revoke must not wait for work
  std::string rebalance_protocol_;  // "COOPERATIVE" or "EAGER", as of the last rebalance before Close()
  bool closed_ = false;
  bool broker_reachable_ = false;
  std::chrono::steady_clock::time_point last_message_at_ = std::chrono::steady_clock::now();
};

}  // namespace sahelwatch::kafka
