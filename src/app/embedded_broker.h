// The embedded broker: librdkafka's mock cluster, a real Kafka-protocol server on
// loopback (random ports), with sahelwatch's topics created. RAII: the cluster is
// destroyed before the handle that owns it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/config.h"

struct rd_kafka_s;
struct rd_kafka_mock_cluster_s;

namespace sahelwatch::app {

class EmbeddedBroker {
 public:
  // Starts `broker_count` brokers and creates `topics` with `partitions` each.
  EmbeddedBroker(int broker_count, const std::vector<std::string>& topics, int partitions);
  ~EmbeddedBroker();
  EmbeddedBroker(const EmbeddedBroker&) = delete;
  EmbeddedBroker& operator=(const EmbeddedBroker&) = delete;

  const std::string& bootstrap_servers() const { return bootstrap_servers_; }
  // For fault injection in tests (rd_kafka_mock_* functions).
  rd_kafka_mock_cluster_s* mock_cluster() const { return cluster_; }

 private:
  rd_kafka_s* handle_ = nullptr;
  rd_kafka_mock_cluster_s* cluster_ = nullptr;
  std::string bootstrap_servers_;
};

std::vector<std::string> AllTopics(const TopicNames& topics);

}  // namespace sahelwatch::app
