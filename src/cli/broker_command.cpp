#include <csignal>
#include <fstream>
#include <iostream>
#include <thread>

#include "app/embedded_broker.h"
#include "cli/commands.h"

namespace sahelwatch::cli {
namespace {

volatile std::sig_atomic_t g_stop = 0;
extern "C" void OnStopSignal(int /*signal*/) { g_stop = 1; }

}  // namespace

int RunBroker(const std::vector<std::string>& args) {
  std::string bootstrap_file;
  int partitions = 4;
  int brokers = 3;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--bootstrap-file" && i + 1 < args.size()) {
      bootstrap_file = args[++i];
    } else if (args[i] == "--partitions" && i + 1 < args.size()) {
      partitions = std::stoi(args[++i]);
    } else if (args[i] == "--brokers" && i + 1 < args.size()) {
      brokers = std::stoi(args[++i]);
    } else {
      std::cerr << "usage: sahelwatch broker [--bootstrap-file F] [--partitions N] [--brokers N]\n";
      return 2;
    }
  }
  if (partitions < 1 || brokers < 1) {
    std::cerr << "sahelwatch broker: --partitions and --brokers must be at least 1\n";
    return 2;
  }
  const app::EmbeddedBroker broker(brokers, app::AllTopics(app::TopicNames{}), partitions);
  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
  if (!bootstrap_file.empty()) {
    // Written to a temporary name and renamed, so a reader never sees half a line.
    const std::string temporary = bootstrap_file + ".tmp";
    std::ofstream(temporary) << broker.bootstrap_servers() << "\n";
    std::filesystem::rename(temporary, bootstrap_file);
  }
  std::cout << "{\"msg\":\"embedded broker ready\",\"bootstrap_servers\":\""
            << broker.bootstrap_servers() << "\",\"brokers\":" << brokers
            << ",\"partitions\":" << partitions << "}" << std::endl;
  while (g_stop == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  return 0;
}

}  // namespace sahelwatch::cli
