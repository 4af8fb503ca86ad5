#include "app/config.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <functional>
#include <set>

#include "classify/database_cache.h"

namespace sahelwatch::app {
namespace {

class Reader {
 public:
  explicit Reader(std::filesystem::path file) : file_(std::move(file)) {}

  [[noreturn]] void Fail(const std::string& key, const std::string& problem, const YAML::Node* node = nullptr) const {
    std::string where = file_.string();
    if (node != nullptr && node->Mark().line >= 0) {
      where += ":" + std::to_string(node->Mark().line + 1);
    }
    throw ConfigError(where + ": " + key + ": " + problem);
  }

  template <typename T>
  void Read(const YAML::Node& parent, const char* name, const std::string& path, T& target) const {
    const YAML::Node node = parent[name];
    if (!node) return;
    try {
      target = node.as<T>();
    } catch (const YAML::Exception&) {
      Fail(path, std::string("expected ") + TypeName<T>() + ", got '" + Scalar(node) + "'", &node);
    }
  }

  void RequireMap(const YAML::Node& node, const std::string& path) const {
    if (node && !node.IsNull() && !node.IsMap()) Fail(path, "must be a mapping", &node);
  }

  // Unknown keys are errors: a misspelt key silently ignored is a misconfigured daemon.
  void RejectUnknown(const YAML::Node& node, const std::string& path, const std::set<std::string>& known) const {
    if (!node || !node.IsMap()) return;
    for (const auto& entry : node) {
      const auto key = entry.first.as<std::string>();
      if (!known.contains(key)) {
        Fail(path.empty() ? key : path + "." + key, "unknown key", &entry.first);
      }
    }
  }

  std::map<std::string, std::string> Properties(const YAML::Node& node, const std::string& path) const {
    std::map<std::string, std::string> out;
    if (!node || node.IsNull()) return out;
    if (!node.IsMap()) Fail(path, "must be a mapping of librdkafka properties", &node);
    for (const auto& entry : node) {
      const auto key = entry.first.as<std::string>();
      if (!entry.second.IsScalar()) Fail(path + "." + key, "must be a scalar", &entry.second);
      out[key] = entry.second.as<std::string>();
    }
    return out;
  }

  std::filesystem::path Resolve(const std::string& value) const {
    std::filesystem::path path(value);
    if (path.is_relative()) path = file_.parent_path() / path;
    return path.lexically_normal();
  }

 private:
  template <typename T>
  static const char* TypeName() {
    if constexpr (std::is_same_v<T, bool>)
      return "true or false";
    else if constexpr (std::is_integral_v<T>)
      return "an integer";
    else if constexpr (std::is_floating_point_v<T>)
      return "a number";
    else
      return "a string";
  }
  static std::string Scalar(const YAML::Node& node) {
    return node.IsScalar() ? node.Scalar() : std::string("a non-scalar value");
  }

  std::filesystem::path file_;
};

// ${VAR} in a property value is taken from the environment, so secrets (SASL passwords)
// stay out of the file.
std::string ExpandEnvironment(const std::string& value, const Reader& reader, const std::string& key) {
  std::string out;
  std::size_t i = 0;
  while (i < value.size()) {
    if (value.compare(i, 2, "${") == 0) {
      const auto end = value.find('}', i);
      if (end == std::string::npos) reader.Fail(key, "unterminated ${ in value");
      const std::string name = value.substr(i + 2, end - i - 2);
      const char* env = std::getenv(name.c_str());
      if (env == nullptr) reader.Fail(key, "environment variable " + name + " is not set");
      out += env;
      i = end + 1;
    } else {
      out += value[i++];
    }
  }
  return out;
}

}  // namespace

Config DefaultConfig(const std::filesystem::path& config_dir) {
  Config config;
  config.classifier.rules_dir = config_dir / "rules";
  config.classifier.gazetteer_dir = config_dir / "gazetteer";
  config.classifier.cache_dir = classify::DefaultCacheDirectory();
  return config;
}

std::optional<std::filesystem::path> FindDefaultConfig() {
  if (const char* env = std::getenv("SAHELWATCH_CONFIG"); env != nullptr && *env != '\0') {
    return std::filesystem::path(env);
  }
  for (const std::filesystem::path& candidate :
       {std::filesystem::path("config/sahelwatch.yaml"),
        std::filesystem::path(SAHELWATCH_DEFAULT_CONFIG_DIR) / "sahelwatch.yaml"}) {
    if (std::filesystem::exists(candidate)) return candidate;
  }
  return std::nullopt;
}

Config LoadConfig(const std::filesystem::path& file) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::BadFile&) {
    throw ConfigError(file.string() + ": cannot read file");
  } catch (const YAML::ParserException& error) {
    throw ConfigError(file.string() + ":" + std::to_string(error.mark.line + 1) + ": YAML syntax error: " + error.msg);
  }
  const Reader reader(file);
  Config config = DefaultConfig(file.parent_path());
  config.source = file;
  if (!root || root.IsNull()) return config;
  reader.RequireMap(root, "(top level)");
  reader.RejectUnknown(root, "", {"kafka", "pipeline", "classifier", "alerts", "metrics", "log", "demo"});

  if (const YAML::Node kafka = root["kafka"]) {
    reader.RequireMap(kafka, "kafka");
    reader.RejectUnknown(kafka, "kafka",
                         {"bootstrap_servers", "group_id", "topics", "consumer", "producer", "embedded_partitions"});
    reader.Read(kafka, "bootstrap_servers", "kafka.bootstrap_servers", config.kafka.bootstrap_servers);
    reader.Read(kafka, "group_id", "kafka.group_id", config.kafka.group_id);
    reader.Read(kafka, "embedded_partitions", "kafka.embedded_partitions", config.kafka.embedded_partitions);
    if (config.kafka.embedded_partitions < 1 || config.kafka.embedded_partitions > 256) {
      reader.Fail("kafka.embedded_partitions", "must be between 1 and 256");
    }
    if (const YAML::Node topics = kafka["topics"]) {
      reader.RequireMap(topics, "kafka.topics");
      reader.RejectUnknown(topics, "kafka.topics", {"articles", "events", "alerts", "dlq"});
      reader.Read(topics, "articles", "kafka.topics.articles", config.kafka.topics.articles);
      reader.Read(topics, "events", "kafka.topics.events", config.kafka.topics.events);
      reader.Read(topics, "alerts", "kafka.topics.alerts", config.kafka.topics.alerts);
      reader.Read(topics, "dlq", "kafka.topics.dlq", config.kafka.topics.dlq);
    }
    config.kafka.consumer_properties = reader.Properties(kafka["consumer"], "kafka.consumer");
    config.kafka.producer_properties = reader.Properties(kafka["producer"], "kafka.producer");
    for (auto* properties : {&config.kafka.consumer_properties, &config.kafka.producer_properties}) {
      for (auto& [key, value] : *properties) value = ExpandEnvironment(value, reader, "kafka." + key);
    }
    if (config.kafka.group_id.empty()) reader.Fail("kafka.group_id", "must not be empty");
    if (config.kafka.bootstrap_servers.empty()) {
      reader.Fail("kafka.bootstrap_servers", "must not be empty (use 'embedded' for the built-in broker)");
    }
  }

  if (const YAML::Node pipeline = root["pipeline"]) {
    reader.RequireMap(pipeline, "pipeline");
    reader.RejectUnknown(pipeline, "pipeline",
                         {"workers", "max_in_flight", "max_message_bytes", "commit_interval_ms", "drain_timeout_ms"});
    reader.Read(pipeline, "workers", "pipeline.workers", config.pipeline.workers);
    reader.Read(pipeline, "max_in_flight", "pipeline.max_in_flight", config.pipeline.max_in_flight);
    reader.Read(pipeline, "max_message_bytes", "pipeline.max_message_bytes", config.pipeline.max_message_bytes);
    std::int64_t commit_ms = config.pipeline.commit_interval.count();
    std::int64_t drain_ms = config.pipeline.drain_timeout.count();
    reader.Read(pipeline, "commit_interval_ms", "pipeline.commit_interval_ms", commit_ms);
    reader.Read(pipeline, "drain_timeout_ms", "pipeline.drain_timeout_ms", drain_ms);
    if (config.pipeline.workers < 1 || config.pipeline.workers > 256) {
      reader.Fail("pipeline.workers", "must be between 1 and 256");
    }
    if (config.pipeline.max_in_flight < 1) reader.Fail("pipeline.max_in_flight", "must be at least 1");
    if (config.pipeline.max_message_bytes < 1024) {
      reader.Fail("pipeline.max_message_bytes", "must be at least 1024");
    }
    if (commit_ms < 10) reader.Fail("pipeline.commit_interval_ms", "must be at least 10");
    if (drain_ms < 0) reader.Fail("pipeline.drain_timeout_ms", "must not be negative");
    config.pipeline.commit_interval = std::chrono::milliseconds(commit_ms);
    config.pipeline.drain_timeout = std::chrono::milliseconds(drain_ms);
  }

  if (const YAML::Node classifier = root["classifier"]) {
    reader.RequireMap(classifier, "classifier");
    reader.RejectUnknown(classifier, "classifier", {"rules", "gazetteer", "cache"});
    std::string rules;
    std::string gazetteer;
    std::string cache;
    reader.Read(classifier, "rules", "classifier.rules", rules);
    reader.Read(classifier, "gazetteer", "classifier.gazetteer", gazetteer);
    reader.Read(classifier, "cache", "classifier.cache", cache);
    if (!rules.empty()) config.classifier.rules_dir = reader.Resolve(rules);
    if (!gazetteer.empty()) config.classifier.gazetteer_dir = reader.Resolve(gazetteer);
    if (cache == "off") {
      config.classifier.cache_dir.clear();
    } else if (!cache.empty()) {
      config.classifier.cache_dir = reader.Resolve(cache);
    }
  }

  if (const YAML::Node metrics = root["metrics"]) {
    reader.RequireMap(metrics, "metrics");
    reader.RejectUnknown(metrics, "metrics", {"listen"});
    reader.Read(metrics, "listen", "metrics.listen", config.metrics_listen);
  }
  if (const YAML::Node log = root["log"]) {
    reader.RequireMap(log, "log");
    reader.RejectUnknown(log, "log", {"level"});
    reader.Read(log, "level", "log.level", config.log.level);
    if (config.log.level != "debug" && config.log.level != "info" && config.log.level != "warn" &&
        config.log.level != "error") {
      reader.Fail("log.level", "must be one of debug, info, warn, error");
    }
  }
  if (const YAML::Node demo = root["demo"]) {
    reader.RequireMap(demo, "demo");
    reader.RejectUnknown(demo, "demo", {"print_alerts"});
    reader.Read(demo, "print_alerts", "demo.print_alerts", config.print_alerts);
  }
  try {
    config.alerts = correlate::ParseAlertPolicy(root["alerts"]);
  } catch (const std::runtime_error& error) {
    throw ConfigError(file.string() + ": " + error.what());
  }
  return config;
}

}  // namespace sahelwatch::app
