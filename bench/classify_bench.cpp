// Classifier throughput on one core: articles/s for seed-size (~3.4 KB news article)
// and note-size (~200 B) texts, with the project's rules and gazetteer.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "classify/classifier.h"

namespace {

namespace fs = std::filesystem;

const sahelwatch::classify::Classifier& Shared() {
  static const auto classifier = sahelwatch::classify::Classifier::Load(
      {fs::path(SAHELWATCH_SOURCE_DIR) / "config/rules", fs::path(SAHELWATCH_SOURCE_DIR) / "config/gazetteer"});
  return *classifier;
}

std::string SeedText() {
  std::ifstream in(fs::path(SAHELWATCH_SOURCE_DIR) / "seeds/000_a07272663d127e51.txt", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void Run(benchmark::State& state, const std::string& text) {
  sahelwatch::Article article;
  article.id = "bench";
  article.text = text;
  std::size_t events = 0;
  for (auto _ : state) {
    auto found = Shared().Classify(article);
    events += found.size();
    benchmark::DoNotOptimize(found);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
  state.counters["articles/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["events/article"] = static_cast<double>(events) / static_cast<double>(state.iterations());
}

void BM_ClassifySeedArticle(benchmark::State& state) {
  static const std::string text = SeedText();
  Run(state, text);
}
BENCHMARK(BM_ClassifySeedArticle);

void BM_ClassifyNote(benchmark::State& state) {
  static const std::string text =
      "On 14 March 2024, suspected JNIM militants ambushed a Malian army convoy near Boni (Douentza, "
      "Mopti). Six soldiers were killed and at least 15 assailants neutralised.";
  Run(state, text);
}
BENCHMARK(BM_ClassifyNote);

void BM_ClassifyFrenchNote(benchmark::State& state) {
  static const std::string text =
      "Des hommes armés non identifiés ont attaqué le village de Kompienga, tuant une dizaine de "
      "civils, selon un bilan provisoire.";
  Run(state, text);
}
BENCHMARK(BM_ClassifyFrenchNote);

}  // namespace

BENCHMARK_MAIN();
