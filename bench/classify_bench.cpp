// Classifier throughput on one core: articles/s for seed-size (~3.4 KB news article)
// and note-size (~200 B) texts, with the project's rules and gazetteer.
//
// `classify_bench --profile=seed|note|french [--iterations=N]` skips Google Benchmark and
// classifies one text N times (default 1000), for instruction counts that stay repeatable
// on a loaded machine:
//   valgrind --tool=callgrind --toggle-collect='*RuleClassifier::Classify*'
//            classify_bench --profile=seed --iterations=200
// then instructions per article = collected Ir / N.
#include <benchmark/benchmark.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

#include "classify/classifier.h"
#include "classify/database_cache.h"

namespace {

namespace fs = std::filesystem;

const sahelwatch::classify::Classifier& Shared() {
  static const auto classifier = sahelwatch::classify::Classifier::Load(
      {fs::path(SAHELWATCH_SOURCE_DIR) / "config/rules", fs::path(SAHELWATCH_SOURCE_DIR) / "config/gazetteer",
       sahelwatch::classify::DefaultCacheDirectory()});
  return *classifier;
}

const std::string& SeedText() {
  static const std::string text = [] {
    std::ifstream in(fs::path(SAHELWATCH_SOURCE_DIR) / "seeds/000_a07272663d127e51.txt", std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  }();
  return text;
}

const std::string& NoteText() {
  static const std::string text =
      "On 14 March 2024, suspected JNIM militants ambushed a Malian army convoy near Boni (Douentza, "
      "Mopti). Six soldiers were killed and at least 15 assailants neutralised.";
  return text;
}

const std::string& FrenchNoteText() {
  static const std::string text =
      "Des hommes armés non identifiés ont attaqué le village de Kompienga, tuant une dizaine de "
      "civils, selon un bilan provisoire.";
  return text;
}

sahelwatch::Article MakeArticle(const std::string& text) {
  sahelwatch::Article article;
  article.id = "bench";
  article.text = text;
  return article;
}

void Run(benchmark::State& state, const std::string& text) {
  const auto article = MakeArticle(text);
  std::size_t events = 0;
  for (auto _ : state) {
    auto found = Shared().Classify(article);
    events += found.size();
    benchmark::DoNotOptimize(found);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
  state.counters["articles_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["events_per_article"] = static_cast<double>(events) / static_cast<double>(state.iterations());
}

void BM_ClassifySeedArticle(benchmark::State& state) { Run(state, SeedText()); }
BENCHMARK(BM_ClassifySeedArticle);

void BM_ClassifyNote(benchmark::State& state) { Run(state, NoteText()); }
BENCHMARK(BM_ClassifyNote);

void BM_ClassifyFrenchNote(benchmark::State& state) { Run(state, FrenchNoteText()); }
BENCHMARK(BM_ClassifyFrenchNote);

// The profiling mode described at the top; returns the exit status.
int Profile(std::string_view which, long iterations) {
  const std::string* text = which == "seed"     ? &SeedText()
                            : which == "note"   ? &NoteText()
                            : which == "french" ? &FrenchNoteText()
                                                : nullptr;
  if (text == nullptr || iterations <= 0) {
    std::fprintf(stderr, "usage: classify_bench --profile=seed|note|french [--iterations=N]\n");
    return 2;
  }
  const auto article = MakeArticle(*text);
  const auto& classifier = Shared();
  std::size_t events = 0;
  for (long i = 0; i < iterations; ++i) events += classifier.Classify(article).size();
  std::printf("%s: %ld articles, %zu events\n", std::string(which).c_str(), iterations, events);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string_view profile;
  long iterations = 1000;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("--profile=")) profile = arg.substr(10);
    if (arg.starts_with("--iterations=")) {
      const auto value = arg.substr(13);
      std::from_chars(value.data(), value.data() + value.size(), iterations);
    }
  }
  if (!profile.empty()) return Profile(profile, iterations);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  // Load (rule parsing, Hyperscan compilation: about a second) before any timing starts;
  // otherwise the first benchmark's first iteration includes it and Google Benchmark,
  // seeing one iteration already past its minimum time, reports that iteration alone.
  Shared();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
