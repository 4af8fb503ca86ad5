// sahelwatchd: a daemon as an ordered list of steps, each owning what it starts, with a
// teardown that always runs in reverse order (RAII members of Daemon, destroyed in
// reverse declaration order, whatever step failed).
#include "app/daemon.h"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>
#include <vector>

#include "app/alert_history.h"
#include "app/config.h"
#include "app/embedded_broker.h"
#include "app/pipeline.h"
#include "app/rules_watcher.h"
#include "app/seeder.h"
#include "classify/rules.h"
#include "kafka/article_consumer.h"
#include "kafka/client.h"
#include "kafka/codec.h"
#include "kafka/publisher.h"
#include "observe/http_server.h"
#include "observe/log.h"
#include "observe/metrics.h"

namespace sahelwatch::app {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

constexpr const char* kUsage =
    "usage: sahelwatchd [--config FILE] [--bootstrap-servers LIST] [--metrics-listen ADDR]\n"
    "                   [--demo [--seeds DIR]] [--exit-when-idle SECONDS]\n"
    "                   [--bootstrap-file FILE] [--log-level LEVEL] [--check-config FILE]\n"
    "  --config FILE            YAML config (default: $SAHELWATCH_CONFIG, ./config/sahelwatch.yaml,\n"
    "                           " SAHELWATCH_DEFAULT_CONFIG_DIR
    "/sahelwatch.yaml)\n"
    "  --bootstrap-servers LIST Kafka brokers, or 'embedded' for the built-in mock cluster\n"
    "  --metrics-listen ADDR    HOST:PORT for /metrics, /healthz, /readyz\n"
    "  --demo                   embedded broker, publish --seeds (default ./seeds), print alerts\n"
    "  --exit-when-idle N       exit 0 after N seconds without new input (and nothing in flight)\n"
    "  --bootstrap-file FILE    write the bootstrap list there once connected (embedded broker)\n"
    "  --check-config FILE      validate config, rules and gazetteer, then exit\n";

struct Options {
  std::optional<std::filesystem::path> config_file;
  std::optional<std::string> bootstrap_servers;
  std::optional<std::string> metrics_listen;
  std::optional<std::string> log_level;
  std::optional<std::filesystem::path> check_config;
  std::filesystem::path seeds = "seeds";
  std::string bootstrap_file;
  bool demo = false;
  std::optional<int> exit_when_idle_seconds;
};

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

Options ParseOptions(int argc, char** argv) {
  Options options;
  const std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw UsageError(arg + " needs a value");
      return args[++i];
    };
    if (arg == "--config")
      options.config_file = value();
    else if (arg == "--bootstrap-servers")
      options.bootstrap_servers = value();
    else if (arg == "--metrics-listen")
      options.metrics_listen = value();
    else if (arg == "--log-level")
      options.log_level = value();
    else if (arg == "--check-config")
      options.check_config = value();
    else if (arg == "--seeds")
      options.seeds = value();
    else if (arg == "--bootstrap-file")
      options.bootstrap_file = value();
    else if (arg == "--demo")
      options.demo = true;
    else if (arg == "--exit-when-idle") {
      const std::string text = value();
      try {
        options.exit_when_idle_seconds = std::stoi(text);
      } catch (const std::exception&) {
        throw UsageError("--exit-when-idle needs a number of seconds, got '" + text + "'");
      }
      if (*options.exit_when_idle_seconds < 1) throw UsageError("--exit-when-idle must be at least 1");
    } else {
      throw UsageError("unknown argument '" + arg + "'");
    }
  }
  return options;
}

Config ResolveConfig(const Options& options) {
  std::optional<std::filesystem::path> file = options.config_file;
  if (!file) file = FindDefaultConfig();
  Config config = file ? LoadConfig(*file) : DefaultConfig("config");
  if (options.bootstrap_servers) config.kafka.bootstrap_servers = *options.bootstrap_servers;
  if (options.metrics_listen) config.metrics_listen = *options.metrics_listen;
  if (options.log_level) config.log.level = *options.log_level;
  if (options.demo) {
    config.print_alerts = true;
    if (!options.bootstrap_servers) config.kafka.bootstrap_servers = "embedded";
  }
  return config;
}

// The mock cluster answers idle fetches only after fetch.wait.max.ms and waits a whole
// session timeout on rebalance: shorten both there, leave real clusters at their defaults.
kafka::Properties EmbeddedConsumerDefaults() {
  return {{"fetch.wait.max.ms", "10"},
          {"session.timeout.ms", "6000"},
          {"heartbeat.interval.ms", "500"},
          {"topic.metadata.refresh.interval.ms", "5000"}};
}

// Beyond the drain deadline, closing the consumer and destroying the librdkafka handles
// get this much longer before the watchdog ends the process.
constexpr std::chrono::seconds kShutdownGrace{15};
// Exit status when the watchdog had to end a shutdown that hung.
constexpr int kExitShutdownHung = 3;

// The last line of defence of a shutdown: librdkafka calls made while leaving the group
// have been seen to block forever (a hung SIGTERM). An ops team needs the process to end,
// so systemd or Kubernetes restart it; offsets not committed are reprocessed then.
class ShutdownWatchdog {
 public:
  void Arm(std::chrono::steady_clock::duration limit) {
    thread_ = std::jthread([limit](const std::stop_token& stop) {
      std::mutex mutex;
      std::condition_variable_any disarmed;
      std::unique_lock lock(mutex);
      disarmed.wait_for(lock, stop, limit, [] { return false; });
      if (stop.stop_requested()) return;
      observe::LogError("shutdown hung past the drain deadline and grace; exiting",
                        {{"limit_ms", std::chrono::duration_cast<std::chrono::milliseconds>(limit).count()},
                         {"exit_code", kExitShutdownHung}});
      std::_Exit(kExitShutdownHung);
    });
  }

 private:
  std::jthread thread_;  // its destructor disarms: stop requested, then joined
};

class Daemon {
 public:
  Daemon(Config config, Options options)
      : config_(std::move(config)), options_(std::move(options)), metrics_(SAHELWATCH_VERSION) {}

  int Run() {
    LoadRules();
    StartBroker();
    StartHttp();
    StartKafka();
    WatchSignals();
    WatchRules();
    if (options_.demo) PublishSeeds();
    if (options_.exit_when_idle_seconds) WatchIdle();
    ServeConsumerQueue();
    ServeProducerQueue();
    ScheduleTick();
    observe::LogInfo("sahelwatchd started", {{"version", SAHELWATCH_VERSION},
                                             {"bootstrap_servers", bootstrap_servers_},
                                             {"metrics", http_->local_address()},
                                             {"group_id", config_.kafka.group_id},
                                             {"topics", AllTopics(config_.kafka.topics)},
                                             {"rules_sha256", pipeline_->classifier()->RulesSha256()}});
    io_.run();
    observe::LogInfo("sahelwatchd stopped", {{"exit_code", exit_code_}});
    return exit_code_;
  }

 private:
  void LoadRules() {
    auto classifier = classify::Classifier::Load(config_.classifier);
    metrics_.RulesLoaded(classifier->RulesSha256(), classifier->RuleCount());
    LogLoad("rules loaded", *classifier, {});
    initial_classifier_ = std::move(classifier);
  }

  static void LogLoad(const std::string& message, const classify::Classifier& classifier, const std::string& why) {
    const classify::LoadStats& stats = classifier.Stats();
    nlohmann::json fields{{"sha256", classifier.RulesSha256()},
                          {"rules", classifier.RuleCount()},
                          {"seconds", std::round(stats.seconds * 1000) / 1000},
                          {"databases_compiled", stats.databases_compiled},
                          {"databases_reused", stats.databases_reused},
                          {"cache", stats.cache_bundle.empty() ? "off" : stats.cache_bundle.string()}};
    if (!why.empty()) fields["why"] = why;
    observe::LogInfo(message, fields);
    if (!stats.cache_problem.empty()) {
      observe::LogWarn("compiled rules not cached; the next start compiles them again",
                       {{"error", stats.cache_problem}});
    }
  }

  void StartBroker() {
    bootstrap_servers_ = config_.kafka.bootstrap_servers;
    if (bootstrap_servers_ == "embedded") {
      broker_.emplace(1, AllTopics(config_.kafka.topics), config_.kafka.embedded_partitions);
      bootstrap_servers_ = broker_->bootstrap_servers();
      observe::LogInfo("embedded broker started (librdkafka mock cluster)",
                       {{"bootstrap_servers", bootstrap_servers_}});
    }
    if (!options_.bootstrap_file.empty()) {
      const std::string temporary = options_.bootstrap_file + ".tmp";
      std::ofstream(temporary) << bootstrap_servers_ << "\n";
      std::filesystem::rename(temporary, options_.bootstrap_file);
    }
  }

  void StartHttp() {
    http_.emplace(io_, config_.metrics_listen, metrics_.shared_registry(), [this] { return Readiness(); });
  }

  std::pair<bool, std::string> Readiness() const {
    if (!consumer_) return {false, "starting"};
    if (stopping_) return {false, "shutting down"};
    if (!consumer_->BrokerReachable()) return {false, "broker unreachable"};
    if (!consumer_->HasAssignment()) return {false, "no partitions assigned"};
    return {true, ""};
  }

  void StartKafka() {
    kafka::Properties consumer_properties = config_.kafka.consumer_properties;
    kafka::Properties producer_properties = config_.kafka.producer_properties;
    if (broker_) consumer_properties = kafka::Merge(EmbeddedConsumerDefaults(), consumer_properties);
    // A dead letter carries up to max_message_bytes of the original plus headers.
    const std::size_t dead_letter_bytes = config_.pipeline.max_message_bytes + 64 * 1024;
    producer_properties =
        kafka::Merge({{"message.max.bytes", std::to_string(std::max<std::size_t>(dead_letter_bytes, 1000000))}},
                     producer_properties);
    publisher_.emplace(producer_properties, bootstrap_servers_, metrics_);
    // Restored before the consumer joins the group, so a slow restore never holds up a rebalance.
    auto correlator = correlate::Correlator::Create(config_.alerts);
    RestoreIncidents(*correlator);
    pipeline_.emplace(config_, metrics_, *publisher_, initial_classifier_, std::move(correlator));
    workers_.emplace(config_.pipeline.workers);
    kafka::ConsumerOptions consumer_options{bootstrap_servers_,
                                            config_.kafka.group_id,
                                            config_.kafka.topics.articles,
                                            config_.pipeline.max_in_flight,
                                            config_.pipeline.drain_timeout,
                                            consumer_properties};
    consumer_.emplace(
        std::move(consumer_options), metrics_,
        [this](kafka::ConsumedMessage message) {
          asio::post(*workers_, [this, message = std::move(message)] { pipeline_->Process(message); });
        },
        [this] { publisher_->Poll(); });
    consumer_fd_.emplace(io_, dup(consumer_->wake_fd()));
    producer_fd_.emplace(io_, dup(publisher_->wake_fd()));
  }

  // The alerts topic is the correlator's durable state: re-read the recent part of it so a
  // restart does not re-alert known incidents. Failing that costs repeated alerts, not data,
  // so it is a warning, not a refusal to start.
  void RestoreIncidents(correlate::Correlator& correlator) {
    const auto& policy = config_.alerts;
    std::int64_t lookback =
        policy.ttl_after_window_seconds + static_cast<std::int64_t>(policy.spike.baseline_days + 1) * 86400;
    std::int64_t longest_window = 0;
    for (const EventType type : kAllEventTypes) longest_window = std::max(longest_window, policy.WindowSeconds(type));
    lookback += longest_window;
    try {
      const AlertHistory history =
          ReadAlertHistory({bootstrap_servers_, config_.kafka.topics.alerts, config_.kafka.consumer_properties,
                            std::chrono::seconds(lookback), 15s});
      correlator.Restore(history.alerts);
      observe::LogInfo(
          "incident state restored from the alerts topic",
          {{"alerts", history.alerts.size()}, {"skipped", history.skipped}, {"lookback_seconds", lookback}});
    } catch (const std::exception& error) {
      observe::LogWarn("could not restore incident state; known incidents may alert again", {{"error", error.what()}});
    }
  }

  void WatchSignals() {
    signals_.async_wait([this](boost::system::error_code error, int signal) {
      if (error) return;
      if (signal == SIGHUP) {
        ReloadRules("SIGHUP");
        WatchSignals();
        return;
      }
      observe::LogInfo("signal received, draining", {{"signal", signal == SIGINT ? "SIGINT" : "SIGTERM"}});
      BeginShutdown();
    });
  }

  void WatchRules() {
    rules_watcher_.emplace(
        io_, std::vector<std::filesystem::path>{config_.classifier.rules_dir, config_.classifier.gazetteer_dir}, 2s,
        [this] { ReloadRules("rules files changed"); });
  }

  // Load and validate off the event loop and off the workers (a backlog of articles must
  // not delay it); swap only a complete, valid rule set. Articles being classified finish
  // on the rules they started with; none is dropped or classified twice.
  void ReloadRules(const std::string& why) {
    asio::post(reloader_, [this, why] {
      try {
        auto classifier = classify::Classifier::Load(config_.classifier);
        metrics_.RulesLoaded(classifier->RulesSha256(), classifier->RuleCount());
        LogLoad("rules reloaded", *classifier, why);
        pipeline_->SwapClassifier(std::move(classifier));
      } catch (const std::exception& error) {
        metrics_.RulesReloadFailed();
        observe::LogError("rules reload failed; keeping the previous rules", {{"why", why}, {"error", error.what()}});
      }
    });
  }

  void PublishSeeds() {
    const std::size_t count = PublishSeedArticles(*publisher_, config_.kafka.topics.articles, options_.seeds);
    observe::LogInfo("demo: seed articles published", {{"count", count}, {"dir", options_.seeds.string()}});
  }

  void WatchIdle() {
    idle_timer_.expires_after(500ms);
    idle_timer_.async_wait([this](boost::system::error_code error) {
      if (error || stopping_) return;
      const auto idle = std::chrono::steady_clock::now() - consumer_->last_message_at();
      if (idle >= std::chrono::seconds(*options_.exit_when_idle_seconds) && consumer_->InFlight() == 0 &&
          publisher_->QueueDepth() == 0) {
        observe::LogInfo("idle, exiting", {{"idle_seconds", *options_.exit_when_idle_seconds}});
        BeginShutdown();
        return;
      }
      WatchIdle();
    });
  }

  void ServeConsumerQueue() {
    consumer_fd_->async_wait(asio::posix::stream_descriptor::wait_read, [this](boost::system::error_code error) {
      if (error) return;
      DrainConsumer();
      ServeConsumerQueue();
    });
  }

  // Bounded batches keep timers and HTTP responsive under a full topic.
  void DrainConsumer() {
    if (consumer_->ServeQueue(500)) asio::post(io_, [this] { DrainConsumer(); });
  }

  void ServeProducerQueue() {
    producer_fd_->async_wait(asio::posix::stream_descriptor::wait_read, [this](boost::system::error_code error) {
      if (error) return;
      publisher_->Poll();
      ServeProducerQueue();
    });
  }

  // Commits, backpressure, and a safety poll in case a wake-up byte was coalesced.
  void ScheduleTick() {
    tick_timer_.expires_after(config_.pipeline.commit_interval);
    tick_timer_.async_wait([this](boost::system::error_code error) {
      if (error) return;
      publisher_->Poll();
      DrainConsumer();
      consumer_->Tick();
      metrics_.ready.Set(Readiness().first ? 1.0 : 0.0);
      ExportIncidentState();
      if (publisher_->Fatal() && !stopping_) {
        // Nothing can be delivered any more; a restart resumes from the last commit.
        observe::LogError("producer failed fatally; exiting so the supervisor restarts us", {});
        exit_code_ = 1;
        BeginShutdown();
        return;
      }
      if (!stopping_) ScheduleTick();
    });
  }

  void ExportIncidentState() {
    const correlate::Correlator::Stats stats = pipeline_->correlator().GetStats();
    metrics_.IncidentState({stats.incidents_open, stats.incidents_expired, stats.incidents_evicted,
                            stats.duplicates_suppressed, stats.repeats_ignored, stats.spike_episodes});
  }

  // SIGTERM: stop fetching, drain in-flight work, flush, commit, leave the group, exit 0,
  // all within pipeline.drain_timeout_ms; what misses the deadline stays uncommitted.
  void BeginShutdown() {
    if (stopping_) return;
    stopping_ = true;
    shutdown_watchdog_.Arm(config_.pipeline.drain_timeout + kShutdownGrace);
    metrics_.ready.Set(0.0);
    shutdown_started_ = std::chrono::steady_clock::now();
    shutdown_deadline_ = shutdown_started_ + config_.pipeline.drain_timeout;
    consumer_->StopFetching();
    rules_watcher_.reset();
    ContinueShutdown();
  }

  void ContinueShutdown() {
    publisher_->Poll();
    consumer_->Tick();
    const bool drained = consumer_->InFlight() == 0;
    if (!drained && std::chrono::steady_clock::now() < shutdown_deadline_) {
      tick_timer_.expires_after(10ms);
      tick_timer_.async_wait([this](boost::system::error_code) { ContinueShutdown(); });
      return;
    }
    if (!drained) {
      observe::LogWarn("drain deadline reached; uncommitted articles will be reprocessed on restart",
                       {{"in_flight", consumer_->InFlight()}});
      workers_->stop();  // queued articles are abandoned; the ones running finish
    }
    workers_->join();
    const auto remaining =
        std::chrono::duration_cast<std::chrono::milliseconds>(shutdown_deadline_ - std::chrono::steady_clock::now());
    publisher_->Flush(std::max(remaining, std::chrono::milliseconds(100)));
    const std::size_t uncommitted = consumer_->Close();  // synchronous final commit, leaves the group
    reloader_.join();
    signals_.cancel();
    idle_timer_.cancel();
    http_->Stop();
    consumer_fd_->cancel();
    producer_fd_->cancel();
    observe::LogInfo("shutdown complete", {{"shutdown_ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                                               std::chrono::steady_clock::now() - shutdown_started_)
                                                               .count()},
                                           {"uncommitted", uncommitted}});
    io_.stop();
  }

  // Declared first, destroyed last: it still guards the teardown of the Kafka handles.
  ShutdownWatchdog shutdown_watchdog_;
  Config config_;
  Options options_;
  observe::Metrics metrics_;
  asio::io_context io_;
  asio::signal_set signals_{io_, SIGINT, SIGTERM, SIGHUP};
  asio::steady_timer tick_timer_{io_};
  asio::steady_timer idle_timer_{io_};
  std::shared_ptr<const classify::Classifier> initial_classifier_;
  std::string bootstrap_servers_;
  // Started in this order by Run(), torn down in reverse by the destructor.
  std::optional<EmbeddedBroker> broker_;
  std::optional<observe::HttpServer> http_;
  std::optional<kafka::Publisher> publisher_;
  std::optional<Pipeline> pipeline_;
  std::optional<asio::thread_pool> workers_;
  std::optional<kafka::ArticleConsumer> consumer_;
  std::optional<asio::posix::stream_descriptor> consumer_fd_;
  std::optional<asio::posix::stream_descriptor> producer_fd_;
  std::optional<RulesWatcher> rules_watcher_;
  // One thread for rule reloads, so loading never competes with a backlog of articles.
  asio::thread_pool reloader_{1};
  std::chrono::steady_clock::time_point shutdown_started_;
  std::chrono::steady_clock::time_point shutdown_deadline_;
  bool stopping_ = false;
  int exit_code_ = 0;
};

// --check-config: everything the daemon would refuse at start, found before it starts
// (systemd ExecStartPre, the image build, CI). Every problem is one line naming file and
// key; exit 2 like a refused start, so the unit's RestartPreventExitStatus covers both.
std::vector<std::string> ConfigProblems(const Config& config) {
  std::vector<std::string> problems;
  const std::string file = config.source.string();
  // librdkafka would reject these only when the consumer or producer is created.
  const std::pair<const char*, const kafka::Properties*> clients[] = {
      {"kafka.consumer", &config.kafka.consumer_properties}, {"kafka.producer", &config.kafka.producer_properties}};
  for (const auto& [section, properties] : clients) {
    for (const auto& [key, value] : *properties) {
      try {
        kafka::MakeConf({{key, value}});
      } catch (const kafka::KafkaError& error) {
        problems.push_back(file + ": " + section + "." + key + ": " + error.what());
      }
    }
  }
  bool directories_present = true;
  for (const auto& [key, directory] : {std::pair{"classifier.rules", config.classifier.rules_dir},
                                       std::pair{"classifier.gazetteer", config.classifier.gazetteer_dir}}) {
    if (!std::filesystem::is_directory(directory)) {
      problems.push_back(file + ": " + key + ": " + directory.string() + " is not a directory");
      directories_present = false;
    }
  }
  if (!directories_present) return problems;
  // Every broken rule file at once, then the full load (gazetteer, compilation).
  const std::vector<std::string> rule_problems =
      classify::CheckRuleFiles(classify::RuleFilesIn(config.classifier.rules_dir), config.classifier.cache_dir);
  problems.insert(problems.end(), rule_problems.begin(), rule_problems.end());
  if (rule_problems.empty()) {
    try {
      classify::Classifier::Load(config.classifier);
    } catch (const classify::LoadError& error) {
      problems.push_back(error.what());
    }
  }
  return problems;
}

int CheckConfig(const std::filesystem::path& file) {
  std::optional<Config> config;
  std::vector<std::string> problems;
  try {
    config = LoadConfig(file);
    problems = ConfigProblems(*config);
  } catch (const ConfigError& error) {
    problems.push_back(error.what());
  }
  if (!problems.empty()) {
    for (const auto& problem : problems) std::cerr << "sahelwatchd: check-config: " << problem << "\n";
    std::cerr << file.string() << ": INVALID (" << problems.size()
              << (problems.size() == 1 ? " problem)\n" : " problems)\n");
    return 2;
  }
  const auto classifier = classify::Classifier::Load(config->classifier);
  std::cout << file.string() << ": OK (" << classifier->RuleCount() << " rules, sha256 " << classifier->RulesSha256()
            << "; brokers " << config->kafka.bootstrap_servers << ", group " << config->kafka.group_id << ", topics "
            << config->kafka.topics.articles << " -> " << config->kafka.topics.events << ", "
            << config->kafka.topics.alerts << ", dlq " << config->kafka.topics.dlq << "; metrics "
            << config->metrics_listen << ")\n";
  return 0;
}

}  // namespace

int DaemonMain(int argc, char** argv) {
  kafka::RouteProtobufLogs();
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      return 0;
    }
    if (arg == "--version") {
      std::cout << "sahelwatchd " << SAHELWATCH_VERSION << "\n";
      return 0;
    }
  }
  try {
    const Options options = ParseOptions(argc, argv);
    if (options.check_config) return CheckConfig(*options.check_config);
    Config config = ResolveConfig(options);
    observe::SetLogLevel(observe::ParseLogLevel(config.log.level));
    Daemon daemon(std::move(config), options);
    return daemon.Run();
  } catch (const UsageError& error) {
    std::cerr << "sahelwatchd: " << error.what() << "\n" << kUsage;
    return 2;
  } catch (const ConfigError& error) {
    std::cerr << "sahelwatchd: config error: " << error.what() << "\n";
    return 2;
  } catch (const classify::LoadError& error) {
    std::cerr << "sahelwatchd: invalid rules, refusing to start: " << error.what() << "\n";
    return 2;
  } catch (const std::exception& error) {
    observe::LogError("fatal", {{"error", error.what()}});
    std::cerr << "sahelwatchd: " << error.what() << "\n";
    return 1;
  }
}

}  // namespace sahelwatch::app
