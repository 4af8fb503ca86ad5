#include "kafka/publisher.h"

#include <algorithm>
#include <thread>

#include "observe/log.h"

namespace sahelwatch::kafka {
namespace {

// Owned by librdkafka between produce() and the delivery report.
struct DeliveryTicket {
  std::shared_ptr<ArticleJob> job;
};

std::unique_ptr<RdKafka::Headers> MakeHeaders(const Headers& headers) {
  std::unique_ptr<RdKafka::Headers> out(RdKafka::Headers::create());
  for (const auto& [name, value] : headers) out->add(name, value);
  return out;
}

}  // namespace

Publisher::Publisher(const Properties& user_properties, const std::string& bootstrap_servers, observe::Metrics& metrics)
    : metrics_(metrics) {
  const Properties defaults = {
      {"bootstrap.servers", bootstrap_servers},
      {"client.id", "sahelwatchd"},
      {"acks", "all"},
      {"enable.idempotence", "true"},
      {"max.in.flight.requests.per.connection", "5"},
      {"linger.ms", "5"},
      {"compression.type", "lz4"},
      {"message.timeout.ms", "300000"},
      {"queue.buffering.max.messages", "100000"},
  };
  auto conf = MakeConf(Merge(defaults, user_properties));
  std::string error;
  conf->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(this), error);
  conf->set("event_cb", static_cast<RdKafka::EventCb*>(this), error);
  producer_.reset(RdKafka::Producer::create(conf.get(), error));
  if (!producer_) throw KafkaError("cannot create producer: " + error);
  main_queue_ = MainQueue(*producer_);
  EnableQueueEvents(main_queue_.get(), wake_.write_fd());
}

Publisher::~Publisher() {
  if (producer_) {
    producer_->flush(5000);
    // Anything still queued is abandoned; reclaim the tickets so nothing leaks.
    producer_->purge(RdKafka::Producer::PURGE_QUEUE | RdKafka::Producer::PURGE_INFLIGHT);
    producer_->poll(0);
  }
  main_queue_.reset();
  producer_.reset();
}

RdKafka::ErrorCode Publisher::TryProduce(const std::string& topic, const std::string& key, const std::string& value,
                                         const Headers& headers, const std::shared_ptr<ArticleJob>& job) {
  auto ticket = std::make_unique<DeliveryTicket>(DeliveryTicket{job});
  auto kafka_headers = MakeHeaders(headers);
  const RdKafka::ErrorCode err = producer_->produce(topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
                                                    const_cast<char*>(value.data()), value.size(), key.data(),
                                                    key.size(), 0, kafka_headers.get(), ticket.get());
  if (err == RdKafka::ERR_NO_ERROR) {
    // librdkafka now owns both: the headers with the message, the ticket until dr_cb.
    static_cast<void>(kafka_headers.release());
    static_cast<void>(ticket.release());
  }
  // On failure librdkafka took nothing over; the unique_ptrs free both.
  return err;
}

bool Publisher::Produce(const std::string& topic, const std::string& key, const std::string& value,
                        const Headers& headers, const std::shared_ptr<ArticleJob>& job) {
  if (job) job->Hold();
  for (int attempt = 0;; ++attempt) {
    const RdKafka::ErrorCode err = TryProduce(topic, key, value, headers, job);
    if (err == RdKafka::ERR_NO_ERROR) return true;
    if (err == RdKafka::ERR__QUEUE_FULL && !fatal_.load()) {
      // The event loop drains delivery reports; wait for room instead of dropping.
      std::this_thread::sleep_for(std::chrono::milliseconds(attempt < 10 ? 1 : 20));
      continue;
    }
    observe::LogError("produce failed; the article's offset will not be committed",
                      {{"topic", topic}, {"error", RdKafka::err2str(err)}});
    metrics_.delivery_errors.Increment();
    // Keep the hold: an output that cannot be written must block the commit, not vanish.
    return false;
  }
}

void Publisher::dr_cb(RdKafka::Message& message) {
  std::unique_ptr<DeliveryTicket> ticket(static_cast<DeliveryTicket*>(message.msg_opaque()));
  if (!ticket) return;
  if (message.err() == RdKafka::ERR_NO_ERROR) {
    metrics_.messages_produced.Increment();
    if (ticket->job) ticket->job->Release();
    return;
  }
  metrics_.delivery_errors.Increment();
  if (message.err() == RdKafka::ERR__PURGE_QUEUE || message.err() == RdKafka::ERR__PURGE_INFLIGHT || fatal_.load()) {
    return;  // shutting down: the job stays unfinished, so its offset is not committed
  }
  observe::LogWarn("delivery failed, producing again", {{"topic", message.topic_name()}, {"error", message.errstr()}});
  // The same bytes go out again from Poll(); the job's hold moves to the retry meanwhile.
  Retry retry{message.topic_name(),
              message.key() ? *message.key() : std::string(),
              std::string(static_cast<const char*>(message.payload()), message.len()),
              {},
              ticket->job};
  if (RdKafka::Headers* original = message.headers()) {
    for (const auto& header : original->get_all()) {
      retry.headers.emplace_back(header.key(),
                                 std::string(static_cast<const char*>(header.value()), header.value_size()));
    }
  }
  const std::lock_guard lock(retries_mutex_);
  retries_.push_back(std::move(retry));
}

void Publisher::ProduceRetries() {
  const std::lock_guard lock(retries_mutex_);
  while (!retries_.empty() && !fatal_.load()) {
    const Retry& retry = retries_.front();
    const RdKafka::ErrorCode err = TryProduce(retry.topic, retry.key, retry.value, retry.headers, retry.job);
    if (err == RdKafka::ERR__QUEUE_FULL) return;  // next Poll
    if (err != RdKafka::ERR_NO_ERROR) {
      observe::LogError("re-produce failed; the article's offset will not be committed",
                        {{"topic", retry.topic}, {"error", RdKafka::err2str(err)}});
    }
    retries_.pop_front();
  }
}

void Publisher::event_cb(RdKafka::Event& event) {
  if (event.type() != RdKafka::Event::EVENT_ERROR) return;
  if (event.fatal()) {
    fatal_.store(true);
    observe::LogError("producer fatal error", {{"error", event.str()}});
  } else {
    observe::LogWarn("producer error", {{"error", RdKafka::err2str(event.err())}, {"detail", event.str()}});
  }
}

void Publisher::Poll() {
  wake_.Drain();
  producer_->poll(0);
  ProduceRetries();
  metrics_.producer_queue_depth.Set(static_cast<double>(QueueDepth()));
}

bool Publisher::Flush(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    producer_->flush(static_cast<int>(std::clamp(left.count(), std::int64_t{0}, std::int64_t{100})));
    ProduceRetries();
    if (QueueDepth() == 0) return true;
    if (std::chrono::steady_clock::now() >= deadline || fatal_.load()) return false;
  }
}

std::size_t Publisher::QueueDepth() const {
  std::size_t retries = 0;
  {
    const std::lock_guard lock(retries_mutex_);
    retries = retries_.size();
  }
  return static_cast<std::size_t>(producer_->outq_len()) + retries;
}

}  // namespace sahelwatch::kafka
