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

// A non-blocking pipe for EnableQueueEvents: librdkafka writes to write_fd(), the event
// loop waits on read_fd(). Owns and closes both ends.
class WakePipe {
 public:
  WakePipe();  // throws KafkaError
  ~WakePipe();
  WakePipe(const WakePipe&) = delete;
  WakePipe& operator=(const WakePipe&) = delete;

  int read_fd() const { return read_fd_; }
  int write_fd() const { return write_fd_; }
  // Consumes every pending wake-up byte (the queue is then served until empty).
  void Drain() const;

 private:
  int read_fd_ = -1;
  int write_fd_ = -1;
};

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
