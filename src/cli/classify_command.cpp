#include "cli/commands.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "app/config.h"
#include "core/json.h"
#include "kafka/codec.h"

namespace sahelwatch::cli {
namespace {

// A file is article JSONL when its first non-blank character is '{'; otherwise the whole
// file is one plain-text article whose id is the file name.
bool LooksLikeJsonLines(const std::string& content) {
  const auto first = content.find_first_not_of(" \t\r\n");
  return first != std::string::npos && content[first] == '{';
}

int ClassifyStream(const classify::Classifier& classifier, const std::string& name, const std::string& content,
                   std::ostream& out) {
  int errors = 0;
  if (!LooksLikeJsonLines(content)) {
    kafka::DecodeLimits limits;
    limits.max_message_bytes = content.size() + 1;
    auto decoded =
        kafka::DecodeArticle(content, std::filesystem::path(name).stem().string(), kafka::ContentType::kText, limits);
    if (auto* error = std::get_if<kafka::DecodeError>(&decoded)) {
      std::cerr << name << ": " << kafka::Name(error->reason) << ": " << error->detail << "\n";
      return 1;
    }
    const auto& article = std::get<Article>(decoded);
    out << ClassifyLine(article, classifier.Classify(article)).dump() << "\n";
    return 0;
  }
  std::istringstream lines(content);
  std::string line;
  std::size_t line_number = 0;
  while (std::getline(lines, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto decoded = kafka::DecodeJsonArticle(line);
    if (auto* error = std::get_if<kafka::DecodeError>(&decoded)) {
      std::cerr << name << ":" << line_number << ": " << kafka::Name(error->reason) << ": " << error->detail << "\n";
      ++errors;
      continue;
    }
    const auto& article = std::get<Article>(decoded);
    out << ClassifyLine(article, classifier.Classify(article)).dump() << "\n";
  }
  return errors == 0 ? 0 : 1;
}

}  // namespace

int RunClassify(const std::vector<std::string>& args) {
  std::optional<std::filesystem::path> config_file;
  std::vector<std::string> inputs;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) {
      config_file = args[++i];
    } else if (args[i] == "-h" || args[i] == "--help") {
      std::cout << "usage: sahelwatch classify [--config FILE] [FILE...]\n"
                   "  Reads article JSONL ({\"id\",\"title\",\"text\",\"lang\",...} per line) or\n"
                   "  plain-text files (stdin when no FILE or FILE is -) and writes one JSON line\n"
                   "  per article: {\"id\": ..., \"events\": [...]}.\n";
      return 0;
    } else {
      inputs.push_back(args[i]);
    }
  }
  if (!config_file) config_file = app::FindDefaultConfig();
  const app::Config config = config_file ? app::LoadConfig(*config_file) : app::DefaultConfig("config");
  const auto classifier = classify::Classifier::Load(config.classifier);

  if (inputs.empty()) inputs.emplace_back("-");
  int status = 0;
  std::ios::sync_with_stdio(false);
  for (const auto& input : inputs) {
    std::string content;
    if (input == "-") {
      std::ostringstream buffer;
      buffer << std::cin.rdbuf();
      content = buffer.str();
    } else {
      std::ifstream file(input, std::ios::binary);
      if (!file) {
        std::cerr << input << ": cannot open\n";
        status = 1;
        continue;
      }
      std::ostringstream buffer;
      buffer << file.rdbuf();
      content = buffer.str();
    }
    status |= ClassifyStream(*classifier, input, content, std::cout);
  }
  return status;
}

}  // namespace sahelwatch::cli
