#pragma once

#include <filesystem>
#include <string>

#include "kafka/publisher.h"

namespace sahelwatch::app {

// Publishes every *.txt file of `directory` (sorted by name) as a plain-text article,
// key = file name without extension. Returns the number published; throws when the
// directory cannot be read.
std::size_t PublishSeedArticles(kafka::Publisher& publisher, const std::string& topic,
                                const std::filesystem::path& directory);

}  // namespace sahelwatch::app
