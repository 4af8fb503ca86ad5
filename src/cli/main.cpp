// `sahelwatch`: the operator's tool. Subcommands share the daemon's library.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "app/config.h"
#include "classify/classifier.h"
#include "cli/commands.h"
#include "kafka/codec.h"

namespace {

constexpr const char* kUsage =
    "usage: sahelwatch <command> [args]\n"
    "commands:\n"
    "  classify [--config FILE] [FILE...]   classify article JSONL or text files, JSON lines out\n"
    "  broker [--bootstrap-file F] [--partitions N] [--brokers N] [--control FIFO]\n"
    "                                       run the embedded Kafka mock cluster with the topics\n"
    "  rules check FILE...                  validate rule files (errors name file and line)\n";

}  // namespace

int main(int argc, char** argv) {
  sahelwatch::kafka::RouteProtobufLogs();
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  try {
    if (command == "classify") return sahelwatch::cli::RunClassify(args);
    if (command == "broker") return sahelwatch::cli::RunBroker(args);
    if (command == "rules" && !args.empty() && args[0] == "check") {
      args.erase(args.begin());
      return sahelwatch::cli::RunRulesCheck(args);
    }
  } catch (const sahelwatch::app::ConfigError& error) {
    std::cerr << "sahelwatch: config error: " << error.what() << "\n";
    return 2;
  } catch (const sahelwatch::classify::LoadError& error) {
    std::cerr << "sahelwatch: rules error: " << error.what() << "\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "sahelwatch: " << error.what() << "\n";
    return 1;
  }
  std::cerr << "sahelwatch: unknown command '" << command << "'\n" << kUsage;
  return 2;
}
