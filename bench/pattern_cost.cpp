// Which rule regexes cost the most scan time: each regex that goes to the Hyperscan
// database (not the word-literal table) is compiled alone and timed over the seed article,
// and the costliest are printed with their file and line. A regex that opens on a common
// word or a wide alternation makes Hyperscan confirm at many offsets; such a pattern once
// made the seed article 50 % slower.
//
//   build/release/bench/pattern_cost [RULES_DIR] [TOP]
#include <hs/hs.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "classify/database_cache.h"
#include "classify/rules.h"
#include "core/text.h"

namespace {

namespace fs = std::filesystem;
using sahelwatch::classify::Phrase;

struct Cost {
  double nanoseconds;
  std::size_t matches;
  std::string where;
  std::string pattern;
};

int CountMatch(unsigned int, unsigned long long, unsigned long long, unsigned int, void* context) {
  ++*static_cast<std::size_t*>(context);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const fs::path rules_dir = argc > 1 ? fs::path(argv[1]) : fs::path(SAHELWATCH_SOURCE_DIR) / "config/rules";
  const std::size_t top = argc > 2 ? static_cast<std::size_t>(std::strtoul(argv[2], nullptr, 10)) : 25;
  std::ifstream seed_file(fs::path(SAHELWATCH_SOURCE_DIR) / "seeds/000_a07272663d127e51.txt");
  std::stringstream seed;
  seed << seed_file.rdbuf();
  const std::string text = sahelwatch::Normalize(seed.str()).text;

  std::vector<std::string> problems;
  const auto book = sahelwatch::classify::ParseRuleFiles(sahelwatch::classify::RuleFilesIn(rules_dir), problems);
  if (!problems.empty()) {
    for (const auto& problem : problems) std::cerr << problem << "\n";
    return 1;
  }
  std::vector<const Phrase*> phrases;
  const auto add = [&](const std::vector<Phrase>& list) {
    for (const auto& phrase : list) phrases.push_back(&phrase);
  };
  for (const auto& rule : book.rules) {
    for (const auto* list : {&rule.trigger, &rule.context, &rule.before, &rule.after, &rule.exclude}) add(*list);
  }
  for (const auto& cue : book.cues) add(cue.items);
  for (const auto& count : book.counts) add(count.items);

  std::vector<Cost> costs;
  std::set<std::string> seen;
  double total = 0;
  for (const Phrase* phrase : phrases) {
    if (!phrase->is_regex ||
        sahelwatch::classify::ExpandToLiterals(phrase->pattern, sahelwatch::classify::kMaxLiteralExpansion)) {
      continue;  // the word-literal table's, not Hyperscan's
    }
    const std::string expression = sahelwatch::classify::PhraseExpression(*phrase);
    if (!seen.insert(expression).second) continue;
    sahelwatch::classify::DatabaseCache memory_only;
    const auto database = memory_only.Compile(expression, HS_FLAG_DOTALL);
    hs_scratch_t* scratch = nullptr;
    if (hs_alloc_scratch(database.get(), &scratch) != HS_SUCCESS) return 1;
    std::size_t matches = 0;
    hs_scan(database.get(), text.data(), static_cast<unsigned int>(text.size()), 0, scratch, CountMatch, &matches);
    constexpr int kRounds = 400;
    std::size_t ignored = 0;
    const auto started = std::chrono::steady_clock::now();
    for (int round = 0; round < kRounds; ++round) {
      hs_scan(database.get(), text.data(), static_cast<unsigned int>(text.size()), 0, scratch, CountMatch, &ignored);
    }
    const double nanoseconds =
        std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - started).count() / kRounds;
    hs_free_scratch(scratch);
    total += nanoseconds;
    costs.push_back(Cost{nanoseconds, matches, phrase->where.ToString(), phrase->pattern});
  }
  std::sort(costs.begin(), costs.end(), [](const Cost& a, const Cost& b) { return a.nanoseconds > b.nanoseconds; });
  std::printf("%zu regexes, each alone over the seed article (%zu bytes): %.1f us in all\n", costs.size(), text.size(),
              total / 1000);
  for (std::size_t i = 0; i < std::min(top, costs.size()); ++i) {
    const Cost& cost = costs[i];
    std::printf("%8.0f ns %4zu matches  %s  %.110s\n", cost.nanoseconds, cost.matches, cost.where.c_str(),
                cost.pattern.c_str());
  }
  return 0;
}
