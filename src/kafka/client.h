// RAII around librdkafka's C++ handles, plus the few C-API features the C++ API lacks
// (consumer-queue I/O events). Every handle is owned by a unique_ptr and destroyed in
// the order librdkafka requires (consumer closed before destroy, producer flushed).
#pragma once

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace sahelwatch::kafka {

class KafkaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using Properties = std::map<std::string, std::string>;

// Builds a global Conf; an unknown property or bad value throws KafkaError naming it.
std::unique_ptr<RdKafka::Conf> MakeConf(const Properties& properties);

// Applies `overrides` on top of `defaults` (user config wins).
Properties Merge(Properties defaults, const Properties& overrides);

// One message header set, in order.
using Headers = std::vector<std::pair<std::string, std::string>>;

// Reads the value of header `name` from a consumed message; empty when absent.
std::string HeaderValue(RdKafka::Message& message, const std::string& name);

// Tells librdkafka to write one byte to `fd` whenever `queue` turns non-empty, so an
// event loop can wait on the fd instead of blocking in poll().
void EnableQueueEvents(rd_kafka_queue_t* queue, int fd);

struct QueueDeleter {
  void operator()(rd_kafka_queue_t* queue) const;
};
using QueueHandle = std::unique_ptr<rd_kafka_queue_t, QueueDeleter>;

// The consumer's own queue (where messages, rebalances and errors are served).
QueueHandle ConsumerQueue(RdKafka::KafkaConsumer& consumer);
// The handle's main queue (delivery reports, statistics, errors for a producer).
QueueHandle MainQueue(RdKafka::Handle& handle);

}  // namespace sahelwatch::kafka
