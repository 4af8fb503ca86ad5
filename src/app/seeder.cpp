#include "app/seeder.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

namespace sahelwatch::app {

std::size_t PublishSeedArticles(kafka::Publisher& publisher, const std::string& topic,
                                const std::filesystem::path& directory) {
  if (!std::filesystem::is_directory(directory)) {
    throw std::runtime_error("seeds directory " + directory.string() + " does not exist");
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (entry.is_regular_file() && entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    publisher.Produce(topic, file.stem().string(), text.str(), {{"content-type", "text/plain; charset=utf-8"}},
                      nullptr);
  }
  publisher.Flush(std::chrono::seconds(10));
  return files.size();
}

}  // namespace sahelwatch::app
