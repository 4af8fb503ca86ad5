// The classify stage: one article in, the security events it reports out.
//
// A Classifier is immutable once loaded and safe to call from many worker threads at
// once. Reloading rules builds a new Classifier and swaps the shared_ptr; articles
// already in flight finish on the old one.
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/model.h"

namespace sahelwatch::classify {

struct ClassifierPaths {
  std::filesystem::path rules_dir;      // config/rules: *.yaml
  std::filesystem::path gazetteer_dir;  // config/gazetteer: *.tsv
  // Compiled pattern databases kept between loads (database_cache.h); empty: none, every
  // load compiles.
  std::filesystem::path cache_dir;
};

// How a load went, for the log line that reports it.
struct LoadStats {
  double seconds = 0;
  std::size_t databases_compiled = 0;
  std::size_t databases_reused = 0;  // from the cache directory's bundle, or compiled twice
  std::filesystem::path cache_bundle;
  std::string cache_problem;  // why the bundle could not be written; empty when it was
};

// A rule, gazetteer or lexicon file that does not load. what() names file, line and problem.
class LoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Classifier {
 public:
  virtual ~Classifier() = default;

  // Reads, validates and compiles every rule and gazetteer file. Throws LoadError.
  static std::shared_ptr<const Classifier> Load(const ClassifierPaths& paths);

  // Thread-safe. Never throws for any article content (text is valid UTF-8 by contract
  // of the decode stage).
  virtual std::vector<Event> Classify(const Article& article) const = 0;

  // sha256 over the loaded rule and gazetteer files, for the rules_loaded_info metric.
  virtual const std::string& RulesSha256() const = 0;
  virtual std::size_t RuleCount() const = 0;
  virtual const LoadStats& Stats() const = 0;
};

// Validates rule files without building a classifier (`sahelwatch rules check`).
// Returns one message per problem, each "FILE:LINE: problem"; empty when all are valid.
// `cache_dir` as in ClassifierPaths.
std::vector<std::string> CheckRuleFiles(const std::vector<std::filesystem::path>& files,
                                        const std::filesystem::path& cache_dir = {});

}  // namespace sahelwatch::classify
