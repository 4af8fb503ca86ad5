// The classifier built from the project's own config/ (rules and gazetteer), loaded once
// per test binary: every test file that classifies real text shares this one instance.
#pragma once

#include <filesystem>

#include "classify/classifier.h"
#include "classify/database_cache.h"

namespace sahelwatch::classify {

inline const Classifier& ProjectClassifier() {
  static const auto classifier =
      Classifier::Load({std::filesystem::path(SAHELWATCH_SOURCE_DIR) / "config/rules",
                        std::filesystem::path(SAHELWATCH_SOURCE_DIR) / "config/gazetteer", DefaultCacheDirectory()});
  return *classifier;
}

}  // namespace sahelwatch::classify
