#include "kafka/article_consumer.h"

#include <nlohmann/json.hpp>
#include <thread>

#include "observe/log.h"

namespace sahelwatch::kafka {
namespace {

PartitionKey KeyOf(const RdKafka::TopicPartition& partition) { return {partition.topic(), partition.partition()}; }

std::vector<PartitionKey> KeysOf(const std::vector<RdKafka::TopicPartition*>& partitions) {
  std::vector<PartitionKey> keys;
  keys.reserve(partitions.size());
  for (const auto* partition : partitions) keys.push_back(KeyOf(*partition));
  return keys;
}

// Owns TopicPartition objects for calls that take raw vectors.
struct PartitionList {
  std::vector<std::unique_ptr<RdKafka::TopicPartition>> owned;
  std::vector<RdKafka::TopicPartition*> raw;
  void Add(const std::string& topic, std::int32_t partition, std::int64_t offset) {
    owned.emplace_back(RdKafka::TopicPartition::create(topic, partition, offset));
    raw.push_back(owned.back().get());
  }
};

}  // namespace

ArticleConsumer::ArticleConsumer(ConsumerOptions options, observe::Metrics& metrics, Sink sink, Pump pump)
    : options_(std::move(options)), metrics_(metrics), sink_(std::move(sink)), pump_(std::move(pump)) {
  const Properties defaults = {
      {"bootstrap.servers", options_.bootstrap_servers},
      {"group.id", options_.group_id},
      {"client.id", "sahelwatchd"},
      {"partition.assignment.strategy", "cooperative-sticky"},
      // Offsets are ours to commit, only after the article's outputs are acknowledged.
      {"enable.auto.commit", "false"},
      {"enable.auto.offset.store", "false"},
      {"auto.offset.reset", "earliest"},
      {"statistics.interval.ms", "1000"},
      {"max.poll.interval.ms", "300000"},
      {"session.timeout.ms", "45000"},
  };
  auto conf = MakeConf(Merge(defaults, options_.user_properties));
  std::string error;
  conf->set("rebalance_cb", static_cast<RdKafka::RebalanceCb*>(this), error);
  conf->set("event_cb", static_cast<RdKafka::EventCb*>(this), error);
  conf->set("offset_commit_cb", static_cast<RdKafka::OffsetCommitCb*>(this), error);
  consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer_) throw KafkaError("cannot create consumer: " + error);
  queue_ = ConsumerQueue(*consumer_);
  EnableQueueEvents(queue_.get(), wake_.write_fd());
  const RdKafka::ErrorCode err = consumer_->subscribe({options_.topic});
  if (err != RdKafka::ERR_NO_ERROR) {
    throw KafkaError("cannot subscribe to " + options_.topic + ": " + RdKafka::err2str(err));
  }
}

ArticleConsumer::~ArticleConsumer() {
  if (!closed_) Close();
  queue_.reset();
  consumer_.reset();
}

bool ArticleConsumer::ServeQueue(std::size_t budget) {
  wake_.Drain();
  if (closed_) return false;
  for (std::size_t served = 0; served < budget; ++served) {
    std::unique_ptr<RdKafka::Message> message(consumer_->consume(0));
    switch (message->err()) {
      case RdKafka::ERR__TIMED_OUT:
        return false;
      case RdKafka::ERR_NO_ERROR:
        Handle(*message);
        break;
      case RdKafka::ERR__PARTITION_EOF:
        break;
      default:
        observe::LogWarn("consumer error", {{"error", message->errstr()}});
        break;
    }
  }
  return true;
}

void ArticleConsumer::Handle(RdKafka::Message& message) {
  last_message_at_ = std::chrono::steady_clock::now();
  ConsumedMessage consumed;
  consumed.topic = message.topic_name();
  consumed.partition = message.partition();
  consumed.offset = message.offset();
  if (message.key() != nullptr) consumed.key = *message.key();
  consumed.value.assign(static_cast<const char*>(message.payload()), message.len());
  consumed.content_type = HeaderValue(message, "content-type");
  const RdKafka::MessageTimestamp timestamp = message.timestamp();
  if (timestamp.type != RdKafka::MessageTimestamp::MSG_TIMESTAMP_NOT_AVAILABLE) {
    consumed.timestamp_ms = timestamp.timestamp;
  }
  consumed.job = std::make_shared<ArticleJob>(PartitionKey{consumed.topic, consumed.partition}, consumed.offset);
  tracker_.Add(consumed.job);
  metrics_.ArticleConsumed(consumed.value.size());
  metrics_.in_flight.Set(static_cast<double>(tracker_.InFlight()));
  if (tracker_.InFlight() >= options_.max_in_flight) SetPaused(true);
  sink_(std::move(consumed));
}

// While the group rebalances, a commit is refused (ILLEGAL_GENERATION or
// REBALANCE_IN_PROGRESS) and librdkafka answers the refusal by dropping the whole
// assignment and rejoining, which starts yet another rebalance: a storm in which every
// member reprocesses its partitions. So periodic commits wait for the rebalance to end
// (rebalance callback, or statistics back to "steady"); completed articles stay in the
// tracker meanwhile. Bounded, in case neither signal comes.
bool ArticleConsumer::CommitsHeld() const {
  constexpr auto kMaxHold = std::chrono::seconds(15);
  if (!commits_held_since_) return false;
  return std::chrono::steady_clock::now() - *commits_held_since_ < kMaxHold;
}

void ArticleConsumer::HoldCommits(bool hold) {
  if (!hold) {
    commits_held_since_.reset();
  } else if (!commits_held_since_) {
    commits_held_since_ = std::chrono::steady_clock::now();
  }
}

void ArticleConsumer::Tick() {
  if (closed_) return;
  if (!CommitsHeld()) Commit(tracker_.TakeCommittable(), false);
  metrics_.in_flight.Set(static_cast<double>(tracker_.InFlight()));
  // Hysteresis: resume at half the window so we do not flap on every message.
  if (paused_ && !stopping_ && tracker_.InFlight() <= options_.max_in_flight / 2) SetPaused(false);
}

void ArticleConsumer::SetPaused(bool paused) {
  if (paused == paused_) return;
  std::vector<RdKafka::TopicPartition*> assignment;
  consumer_->assignment(assignment);
  const RdKafka::ErrorCode err = paused ? consumer_->pause(assignment) : consumer_->resume(assignment);
  if (err != RdKafka::ERR_NO_ERROR) {
    observe::LogWarn(paused ? "pause failed" : "resume failed", {{"error", RdKafka::err2str(err)}});
  }
  metrics_.paused_partitions.Set(paused ? static_cast<double>(assignment.size()) : 0.0);
  observe::LogDebug(paused ? "backpressure: partitions paused" : "backpressure: partitions resumed",
                    {{"in_flight", tracker_.InFlight()}, {"partitions", assignment.size()}});
  RdKafka::TopicPartition::destroy(assignment);
  paused_ = paused;
}

void ArticleConsumer::StopFetching() {
  stopping_ = true;
  SetPaused(true);
}

void ArticleConsumer::Commit(const std::vector<CommitOffset>& offsets, bool synchronous) {
  if (offsets.empty()) return;
  PartitionList list;
  for (const auto& offset : offsets) list.Add(offset.key.topic, offset.key.partition, offset.next_offset);
  if (synchronous) {
    const RdKafka::ErrorCode err = consumer_->commitSync(list.raw);
    offset_commit_cb(err, list.raw);
  } else {
    const RdKafka::ErrorCode err = consumer_->commitAsync(list.raw);
    if (err != RdKafka::ERR_NO_ERROR) offset_commit_cb(err, list.raw);
  }
}

void ArticleConsumer::offset_commit_cb(RdKafka::ErrorCode err, std::vector<RdKafka::TopicPartition*>& offsets) {
  if (err == RdKafka::ERR__NO_OFFSET) return;  // nothing to commit
  for (const auto* partition : offsets) {
    const RdKafka::ErrorCode partition_err = err != RdKafka::ERR_NO_ERROR ? err : partition->err();
    if (partition_err == RdKafka::ERR_NO_ERROR) {
      metrics_.commits.Increment();
      continue;
    }
    metrics_.commit_failures.Increment();
    if (partition_err == RdKafka::ERR_ILLEGAL_GENERATION || partition_err == RdKafka::ERR_REBALANCE_IN_PROGRESS ||
        partition_err == RdKafka::ERR_UNKNOWN_MEMBER_ID) {
      HoldCommits(true);
    }
    observe::LogWarn("offset commit failed; will retry", {{"topic", partition->topic()},
                                                          {"partition", partition->partition()},
                                                          {"offset", partition->offset()},
                                                          {"error", RdKafka::err2str(partition_err)}});
    tracker_.MarkCommitFailed(KeyOf(*partition), partition->offset());
  }
}

void ArticleConsumer::WaitForPartitions(const std::vector<PartitionKey>& keys) {
  const auto deadline = std::chrono::steady_clock::now() + options_.drain_timeout;
  while (true) {
    Commit(tracker_.TakeCommittable(keys), true);
    if (tracker_.InFlight(keys) == 0) return;
    if (std::chrono::steady_clock::now() >= deadline) {
      observe::LogWarn("revoked partitions not drained in time; their tail will be reprocessed",
                       {{"in_flight", tracker_.InFlight(keys)}});
      return;
    }
    pump_();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void ArticleConsumer::rebalance_cb(RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode err,
                                   std::vector<RdKafka::TopicPartition*>& partitions) {
  metrics_.rebalances.Increment();
  HoldCommits(false);  // a new generation: commits are accepted again
  // Asked outside close() only: during close librdkafka 2.0 can block forever in
  // rd_kafka_rebalance_protocol() called from this callback (seen as a hung SIGTERM).
  if (!closing_ || rebalance_protocol_.empty()) rebalance_protocol_ = consumer->rebalance_protocol();
  const bool cooperative = rebalance_protocol_ == "COOPERATIVE";
  const auto keys = KeysOf(partitions);
  if (err == RdKafka::ERR__ASSIGN_PARTITIONS) {
    for (const auto& key : keys) tracker_.Assign(key);
    // librdkafka's C++ API hands a returned Error over to the caller.
    std::unique_ptr<RdKafka::Error> error;
    if (cooperative) {
      error.reset(consumer->incremental_assign(partitions));
    } else {
      consumer->assign(partitions);
    }
    if (error) observe::LogError("incremental_assign failed", {{"error", error->str()}});
    if (paused_) consumer->pause(partitions);
  } else {
    // Revoked: finish what we hold for these partitions and commit it, so the next owner
    // starts exactly after our last completed article. A lost assignment cannot commit.
    // Closing, the daemon has drained already (within its own deadline): commit, no wait.
    if (closing_ && !consumer->assignment_lost()) {
      Commit(tracker_.TakeCommittable(keys), true);
    } else if (!consumer->assignment_lost()) {
      WaitForPartitions(keys);
    }
    for (const auto& key : keys) {
      tracker_.Forget(key);
      metrics_.ForgetConsumerLag(key.topic, key.partition);
    }
    if (cooperative) {
      const std::unique_ptr<RdKafka::Error> error(consumer->incremental_unassign(partitions));
      if (error) observe::LogError("incremental_unassign failed", {{"error", error->str()}});
    } else {
      consumer->unassign();
    }
  }
  std::vector<RdKafka::TopicPartition*> assignment;
  consumer->assignment(assignment);
  assigned_ = assignment.size();
  RdKafka::TopicPartition::destroy(assignment);
  metrics_.assigned_partitions.Set(static_cast<double>(assigned_));
  // While paused, partitions gained are paused too and partitions lost are no longer ours.
  if (paused_) metrics_.paused_partitions.Set(static_cast<double>(assigned_));
  metrics_.in_flight.Set(static_cast<double>(tracker_.InFlight()));
  observe::LogInfo(err == RdKafka::ERR__ASSIGN_PARTITIONS ? "partitions assigned" : "partitions revoked",
                   {{"count", partitions.size()}, {"assigned", assigned_}, {"protocol", rebalance_protocol_}});
}

void ArticleConsumer::event_cb(RdKafka::Event& event) {
  switch (event.type()) {
    case RdKafka::Event::EVENT_STATS:
      ReadStatistics(event.str());
      break;
    case RdKafka::Event::EVENT_ERROR:
      if (event.err() == RdKafka::ERR__ALL_BROKERS_DOWN) broker_reachable_ = false;
      observe::Log(event.fatal() ? observe::LogLevel::kError : observe::LogLevel::kWarn, "consumer error",
                   {{"error", RdKafka::err2str(event.err())}, {"detail", event.str()}});
      break;
    default:
      break;
  }
}

// librdkafka statistics JSON: brokers[*].state and topics[*].partitions[*].consumer_lag.
void ArticleConsumer::ReadStatistics(const std::string& json) {
  const auto stats = nlohmann::json::parse(json, nullptr, false);
  if (stats.is_discarded()) return;
  bool any_up = false;
  if (const auto brokers = stats.find("brokers"); brokers != stats.end() && brokers->is_object()) {
    for (const auto& [name, broker] : brokers->items()) {
      if (broker.value("nodeid", -1) >= 0 && broker.value("state", "") == "UP") any_up = true;
    }
  }
  broker_reachable_ = any_up;
  if (const auto group = stats.find("cgrp"); group != stats.end() && group->is_object()) {
    HoldCommits(group->value("join_state", "steady") != "steady");
  }
  const auto topics = stats.find("topics");
  if (topics == stats.end() || !topics->is_object()) return;
  for (const auto& [topic_name, topic] : topics->items()) {
    const auto partitions = topic.find("partitions");
    if (partitions == topic.end() || !partitions->is_object()) continue;
    for (const auto& [partition_id, partition] : partitions->items()) {
      const int id = std::atoi(partition_id.c_str());
      if (id < 0 || !tracker_.IsAssigned(PartitionKey{topic_name, id})) continue;
      const std::int64_t lag = partition.value("consumer_lag", std::int64_t{-1});
      if (lag >= 0) metrics_.ConsumerLag(topic_name, id, lag);
    }
  }
}

std::size_t ArticleConsumer::Close() {
  if (closed_) return 0;
  Commit(tracker_.TakeCommittable(), true);
  const std::size_t uncommitted = tracker_.InFlight();
  closing_ = true;
  // librdkafka before 2.4 can hang in close() when an incremental assignment arrives while
  // it closes (confluentinc/librdkafka#4527; seen here as a SIGTERM 2 s after joining that
  // only the shutdown watchdog ended). The maintainers' workaround: unsubscribe, serve the
  // final revoke until nothing is assigned, then close. Messages fetched meanwhile are not
  // processed and their offsets never committed, so the next owner reads them.
  if (consumer_->unsubscribe() == RdKafka::ERR_NO_ERROR) {
    constexpr auto kUnassignWait = std::chrono::seconds(1);
    const auto deadline = std::chrono::steady_clock::now() + kUnassignWait;
    while (assigned_ > 0 && std::chrono::steady_clock::now() < deadline) {
      const std::unique_ptr<RdKafka::Message> dropped(consumer_->consume(20));
    }
  }
  // close() leaves the group; with nothing assigned there is no revoke left to serve.
  consumer_->close();
  closed_ = true;
  assigned_ = 0;
  metrics_.assigned_partitions.Set(0);
  return uncommitted;
}

}  // namespace sahelwatch::kafka
