#include "app/embedded_broker.h"

#include <librdkafka/rdkafka.h>
// rdkafka_mock.h must follow rdkafka.h.
#include <librdkafka/rdkafka_mock.h>

#include <stdexcept>

namespace sahelwatch::app {

EmbeddedBroker::EmbeddedBroker(int broker_count, const std::vector<std::string>& topics, int partitions) {
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  // The mock cluster lives inside this otherwise idle producer handle.
  // The hosting handle has no brokers of its own; its "no bootstrap.servers" notice is noise.
  if (rd_kafka_conf_set(conf, "client.id", "sahelwatch-embedded-broker", error, sizeof error) != RD_KAFKA_CONF_OK ||
      rd_kafka_conf_set(conf, "log_level", "3", error, sizeof error) != RD_KAFKA_CONF_OK) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(std::string("embedded broker: ") + error);
  }
  handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  if (handle_ == nullptr) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(std::string("embedded broker: ") + error);
  }
  cluster_ = rd_kafka_mock_cluster_new(handle_, broker_count);
  if (cluster_ == nullptr) {
    rd_kafka_destroy(handle_);
    throw std::runtime_error("embedded broker: rd_kafka_mock_cluster_new failed");
  }
  for (const auto& topic : topics) {
    const rd_kafka_resp_err_t err =
        rd_kafka_mock_topic_create(cluster_, topic.c_str(), partitions, broker_count < 3 ? broker_count : 3);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      rd_kafka_mock_cluster_destroy(cluster_);
      rd_kafka_destroy(handle_);
      throw std::runtime_error("embedded broker: cannot create topic " + topic + ": " + rd_kafka_err2str(err));
    }
  }
  bootstrap_servers_ = rd_kafka_mock_cluster_bootstraps(cluster_);
}

EmbeddedBroker::~EmbeddedBroker() {
  rd_kafka_mock_cluster_destroy(cluster_);
  rd_kafka_destroy(handle_);
}

std::vector<std::string> AllTopics(const TopicNames& topics) {
  return {topics.articles, topics.events, topics.alerts, topics.dlq};
}

}  // namespace sahelwatch::app
