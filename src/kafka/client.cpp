#include "kafka/client.h"

#include <fcntl.h>
#include <librdkafka/rdkafka.h>
#include <unistd.h>

namespace sahelwatch::kafka {

std::unique_ptr<RdKafka::Conf> MakeConf(const Properties& properties) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string error;
  for (const auto& [key, value] : properties) {
    if (conf->set(key, value, error) != RdKafka::Conf::CONF_OK) {
      throw KafkaError("librdkafka property '" + key + "': " + error);
    }
  }
  return conf;
}

Properties Merge(Properties defaults, const Properties& overrides) {
  for (const auto& [key, value] : overrides) defaults[key] = value;
  return defaults;
}

std::string HeaderValue(RdKafka::Message& message, const std::string& name) {
  RdKafka::Headers* headers = message.headers();
  if (headers == nullptr) return {};
  const RdKafka::Headers::Header header = headers->get_last(name);
  if (header.err() != RdKafka::ERR_NO_ERROR || header.value() == nullptr) return {};
  return std::string(static_cast<const char*>(header.value()), header.value_size());
}

WakePipe::WakePipe() {
  int fds[2];
  if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) throw KafkaError("cannot create wake-up pipe");
  read_fd_ = fds[0];
  write_fd_ = fds[1];
}

WakePipe::~WakePipe() {
  close(read_fd_);
  close(write_fd_);
}

void WakePipe::Drain() const {
  char bytes[64];
  while (read(read_fd_, bytes, sizeof bytes) > 0) {
  }
}

void EnableQueueEvents(rd_kafka_queue_t* queue, int fd) {
  static const char kWakeByte = 'k';
  rd_kafka_queue_io_event_enable(queue, fd, &kWakeByte, 1);
}

void QueueDeleter::operator()(rd_kafka_queue_t* queue) const {
  if (queue != nullptr) {
    rd_kafka_queue_io_event_enable(queue, -1, nullptr, 0);
    rd_kafka_queue_destroy(queue);
  }
}

QueueHandle ConsumerQueue(RdKafka::KafkaConsumer& consumer) {
  return QueueHandle(rd_kafka_queue_get_consumer(consumer.c_ptr()));
}

QueueHandle MainQueue(RdKafka::Handle& handle) { return QueueHandle(rd_kafka_queue_get_main(handle.c_ptr())); }

}  // namespace sahelwatch::kafka
