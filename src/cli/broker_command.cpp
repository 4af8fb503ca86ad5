// `sahelwatch broker`: the embedded mock cluster in its own process, so kcat, several
// daemons and tests share one cluster. With --control FIFO it also takes fault-injection
// commands, one per line (the reliability tests' way to break the cluster from outside):
//   down ID | up ID                          take a broker off the network / bring it back
//   leader TOPIC|* PARTITION|* ID            move partition leadership
//   coordinator group NAME ID                move a consumer group's coordinator
//   errors REQUEST COUNT ERROR               next COUNT requests of that kind fail with ERROR
//                                            (REQUEST: Produce, Fetch, OffsetCommit, ...;
//                                            ERROR: a librdkafka name, e.g. NOT_LEADER_FOR_PARTITION)
//   rtt ID MILLISECONDS                      add round-trip delay to a broker
// Every command is answered with one JSON line on stdout ({"msg":"control",...,"ok":...}).
#include <fcntl.h>
#include <librdkafka/rdkafka.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>
// rdkafka_mock.h must follow rdkafka.h.
#include <librdkafka/rdkafka_mock.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/embedded_broker.h"
#include "cli/commands.h"

namespace sahelwatch::cli {
namespace {

volatile std::sig_atomic_t g_stop = 0;
extern "C" void OnStopSignal(int /*signal*/) { g_stop = 1; }

constexpr const char* kBrokerUsage =
    "usage: sahelwatch broker [--bootstrap-file F] [--partitions N] [--brokers N] [--control FIFO]\n";

// Kafka protocol ApiKeys the tests inject errors into (not exported by librdkafka).
std::optional<std::int16_t> ApiKey(const std::string& name) {
  static const std::array<std::pair<const char*, std::int16_t>, 12> kKeys = {{{"Produce", 0},
                                                                              {"Fetch", 1},
                                                                              {"ListOffsets", 2},
                                                                              {"Metadata", 3},
                                                                              {"OffsetCommit", 8},
                                                                              {"OffsetFetch", 9},
                                                                              {"FindCoordinator", 10},
                                                                              {"JoinGroup", 11},
                                                                              {"Heartbeat", 12},
                                                                              {"LeaveGroup", 13},
                                                                              {"SyncGroup", 14},
                                                                              {"InitProducerId", 22}}};
  for (const auto& [key_name, key] : kKeys) {
    if (name == key_name) return key;
  }
  return std::nullopt;
}

std::optional<rd_kafka_resp_err_t> ErrorCode(const std::string& name) {
  const rd_kafka_err_desc* descriptions = nullptr;
  std::size_t count = 0;
  rd_kafka_get_err_descs(&descriptions, &count);
  for (std::size_t i = 0; i < count; ++i) {
    if (descriptions[i].name != nullptr && name == descriptions[i].name) return descriptions[i].code;
  }
  return std::nullopt;
}

class ControlChannel {
 public:
  ControlChannel(const app::EmbeddedBroker& broker, std::vector<std::string> topics, int partitions)
      : cluster_(broker.mock_cluster()), topics_(std::move(topics)), partitions_(partitions) {}

  // Runs one command line; returns an error message, empty on success.
  std::string Execute(const std::string& line) {
    std::istringstream in(line);
    std::string verb;
    in >> verb;
    if (verb == "down" || verb == "up") {
      std::int32_t id = 0;
      if (!(in >> id)) return "usage: " + verb + " BROKER_ID";
      return Check(verb == "down" ? rd_kafka_mock_broker_set_down(cluster_, id)
                                  : rd_kafka_mock_broker_set_up(cluster_, id));
    }
    if (verb == "leader") {
      std::string topic;
      std::string partition;
      std::int32_t id = 0;
      if (!(in >> topic >> partition >> id)) return "usage: leader TOPIC|* PARTITION|* BROKER_ID";
      return SetLeaders(topic, partition, id);
    }
    if (verb == "coordinator") {
      std::string type;
      std::string key;
      std::int32_t id = 0;
      if (!(in >> type >> key >> id)) return "usage: coordinator group NAME BROKER_ID";
      return Check(rd_kafka_mock_coordinator_set(cluster_, type.c_str(), key.c_str(), id));
    }
    if (verb == "errors") {
      std::string request;
      std::size_t count = 0;
      std::string error;
      if (!(in >> request >> count >> error)) return "usage: errors REQUEST COUNT ERROR_NAME";
      const auto key = ApiKey(request);
      if (!key) return "unknown request " + request;
      const auto code = ErrorCode(error);
      if (!code) return "unknown error " + error;
      const std::vector<rd_kafka_resp_err_t> errors(count, *code);
      rd_kafka_mock_push_request_errors_array(cluster_, *key, count, errors.data());
      return {};
    }
    if (verb == "rtt") {
      std::int32_t id = 0;
      int milliseconds = 0;
      if (!(in >> id >> milliseconds)) return "usage: rtt BROKER_ID MILLISECONDS";
      return Check(rd_kafka_mock_broker_set_rtt(cluster_, id, milliseconds));
    }
    return "unknown command '" + verb + "'";
  }

 private:
  static std::string Check(rd_kafka_resp_err_t err) {
    return err == RD_KAFKA_RESP_ERR_NO_ERROR ? std::string() : std::string(rd_kafka_err2str(err));
  }

  std::string SetLeaders(const std::string& topic, const std::string& partition, std::int32_t id) {
    const std::vector<std::string> topics = topic == "*" ? topics_ : std::vector<std::string>{topic};
    std::vector<std::int32_t> partitions;
    if (partition == "*") {
      for (std::int32_t p = 0; p < partitions_; ++p) partitions.push_back(p);
    } else {
      try {
        partitions.push_back(std::stoi(partition));
      } catch (const std::exception&) {
        return "partition must be a number or *";
      }
    }
    for (const auto& name : topics) {
      for (const auto p : partitions) {
        if (auto error = Check(rd_kafka_mock_partition_set_leader(cluster_, name.c_str(), p, id)); !error.empty()) {
          return error;
        }
      }
    }
    return {};
  }

  rd_kafka_mock_cluster_s* cluster_;
  std::vector<std::string> topics_;
  int partitions_;
};

// Opened read-write so the broker never sees end-of-file between writers, and a writer
// never blocks waiting for a reader.
int OpenControlFifo(const std::string& path) {
  if (::mkfifo(path.c_str(), 0600) != 0 && errno != EEXIST) {
    throw std::runtime_error("cannot create control FIFO " + path);
  }
  const int fd = ::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open control FIFO " + path);
  return fd;
}

void ServeControl(int fd, ControlChannel& control, std::string& pending) {
  pollfd ready{fd, POLLIN, 0};
  if (::poll(&ready, 1, 100) <= 0) return;
  char buffer[4096];
  const ssize_t got = ::read(fd, buffer, sizeof buffer);
  if (got <= 0) return;
  pending.append(buffer, static_cast<std::size_t>(got));
  for (auto newline = pending.find('\n'); newline != std::string::npos; newline = pending.find('\n')) {
    const std::string line = pending.substr(0, newline);
    pending.erase(0, newline + 1);
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string error = control.Execute(line);
    nlohmann::json reply = {{"msg", "control"}, {"command", line}, {"ok", error.empty()}};
    if (!error.empty()) reply["error"] = error;
    std::cout << reply.dump() << std::endl;
  }
}

}  // namespace

int RunBroker(const std::vector<std::string>& args) {
  std::string bootstrap_file;
  std::string control_path;
  int partitions = 4;
  int brokers = 3;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--bootstrap-file" && i + 1 < args.size()) {
      bootstrap_file = args[++i];
    } else if (args[i] == "--partitions" && i + 1 < args.size()) {
      partitions = std::stoi(args[++i]);
    } else if (args[i] == "--brokers" && i + 1 < args.size()) {
      brokers = std::stoi(args[++i]);
    } else if (args[i] == "--control" && i + 1 < args.size()) {
      control_path = args[++i];
    } else {
      std::cerr << kBrokerUsage;
      return 2;
    }
  }
  if (partitions < 1 || brokers < 1) {
    std::cerr << "sahelwatch broker: --partitions and --brokers must be at least 1\n";
    return 2;
  }
  const std::vector<std::string> topics = app::AllTopics(app::TopicNames{});
  const app::EmbeddedBroker broker(brokers, topics, partitions);
  ControlChannel control(broker, topics, partitions);
  const int control_fd = control_path.empty() ? -1 : OpenControlFifo(control_path);
  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
  if (!bootstrap_file.empty()) {
    // Written to a temporary name and renamed, so a reader never sees half a line.
    const std::string temporary = bootstrap_file + ".tmp";
    std::ofstream(temporary) << broker.bootstrap_servers() << "\n";
    std::filesystem::rename(temporary, bootstrap_file);
  }
  std::cout << "{\"msg\":\"embedded broker ready\",\"bootstrap_servers\":\"" << broker.bootstrap_servers()
            << "\",\"brokers\":" << brokers << ",\"partitions\":" << partitions << "}" << std::endl;
  std::string pending;
  while (g_stop == 0) {
    if (control_fd >= 0) {
      ServeControl(control_fd, control, pending);
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  if (control_fd >= 0) ::close(control_fd);
  return 0;
}

}  // namespace sahelwatch::cli
