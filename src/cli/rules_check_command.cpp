#include <iostream>

#include "classify/classifier.h"
#include "classify/database_cache.h"
#include "cli/commands.h"

namespace sahelwatch::cli {

int RunRulesCheck(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::cerr << "usage: sahelwatch rules check FILE...\n";
    return 2;
  }
  std::vector<std::filesystem::path> files(args.begin(), args.end());
  const auto problems = classify::CheckRuleFiles(files, classify::DefaultCacheDirectory());
  for (const auto& problem : problems) std::cerr << problem << "\n";
  if (problems.empty()) {
    std::cout << files.size() << " rule file(s) OK\n";
    return 0;
  }
  std::cerr << problems.size() << " problem(s)\n";
  return 1;
}

}  // namespace sahelwatch::cli
