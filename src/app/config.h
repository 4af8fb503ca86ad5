// sahelwatch.yaml: the one config schema for the daemon, the CLI, the container and the
// systemd unit. Relative paths are resolved against the config file's directory.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "classify/classifier.h"
#include "correlate/alert_policy.h"

namespace sahelwatch::app {

struct TopicNames {
  std::string articles = "articles";
  std::string events = "security-events";
  std::string alerts = "alerts";
  std::string dlq = "articles.dlq";
};

struct KafkaConfig {
  std::string bootstrap_servers = "embedded";  // "embedded" = in-process mock cluster
  std::string group_id = "sahelwatch";
  TopicNames topics;
  int embedded_partitions = 4;
  // Passed to librdkafka unchanged (security.protocol, sasl.*, ssl.*, ...).
  std::map<std::string, std::string> consumer_properties;
  std::map<std::string, std::string> producer_properties;
};

struct PipelineConfig {
  unsigned workers = 2;
  std::size_t max_in_flight = 1000;
  std::size_t max_message_bytes = 1 << 20;
  std::chrono::milliseconds commit_interval{500};
  std::chrono::milliseconds drain_timeout{10000};
};

struct LogConfig {
  std::string level = "info";  // debug, info, warn, error
};

struct Config {
  std::filesystem::path source;  // the file it came from, empty for defaults
  KafkaConfig kafka;
  PipelineConfig pipeline;
  classify::ClassifierPaths classifier;
  correlate::AlertPolicy alerts;
  std::string metrics_listen = "127.0.0.1:9464";
  LogConfig log;
  bool print_alerts = false;  // also print every alert on stdout as a JSON line
};

// Names the file and the key: "config/sahelwatch.yaml: kafka.group_id: must be a string".
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Loads and validates; throws ConfigError.
Config LoadConfig(const std::filesystem::path& file);

// The file used when --config is absent: $SAHELWATCH_CONFIG, ./config/sahelwatch.yaml,
// then the installed /etc/sahelwatch/sahelwatch.yaml; nullopt = built-in defaults.
std::optional<std::filesystem::path> FindDefaultConfig();

// Built-in defaults with rules and gazetteer taken from `config_dir`.
Config DefaultConfig(const std::filesystem::path& config_dir);

}  // namespace sahelwatch::app
