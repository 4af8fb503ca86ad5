// Correlator throughput and memory bound: 1,000,000 synthetic events stream through one
// Correlator (the daemon's shape: one instance, Observe per article). Reports events/s,
// peak RSS (getrusage ru_maxrss) and the state counters, so a leak or an unbounded
// structure shows up as RSS growing with the event count instead of levelling off.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "core/model.h"
#include "correlate/alert_policy.h"
#include "correlate/correlator.h"

namespace {

using sahelwatch::Article;
using sahelwatch::Event;
using sahelwatch::EventType;
using sahelwatch::Place;
using sahelwatch::PlacePrecision;
using sahelwatch::Severity;
using sahelwatch::correlate::AlertPolicy;
using sahelwatch::correlate::Correlator;

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Deterministic pseudo-random stream (splitmix64): every run sees the same events.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::size_t Below(std::size_t bound) { return static_cast<std::size_t>(Next() % bound); }

 private:
  std::uint64_t state_;
};

constexpr std::array<EventType, 4> kTypes = {EventType::kBattle, EventType::kAttackOnCivilians, EventType::kExplosion,
                                             EventType::kAbduction};
constexpr std::size_t kCountries = 8;
constexpr std::size_t kAdmin1PerCountry = 12;
constexpr std::size_t kTownsPerAdmin1 = 40;
constexpr std::int64_t kStart = 1'700'000'000'000;
constexpr std::int64_t kStepMs = 20'000;  // one event every 20 s of event time: 1M ≈ 231 days

// A pool of article bodies: text generation is not what this measures.
std::vector<std::string> TextPool(std::size_t size) {
  static constexpr std::array<const char*, 24> kWords = {
      "armed",    "men",     "attacked", "village", "soldiers",  "killed", "civilians", "market",
      "region",   "sources", "said",     "army",    "convoy",    "road",   "explosive", "device",
      "hostages", "fled",    "town",     "night",   "motorbike", "post",   "officials", "toll"};
  Random random(7);
  std::vector<std::string> pool;
  for (std::size_t i = 0; i < size; ++i) {
    std::string text;
    for (int word = 0; word < 60; ++word) {
      text += kWords[random.Below(kWords.size())];
      text += random.Below(7) == 0 ? ". " : " ";
      if (random.Below(10) == 0) text += std::to_string(random.Below(500)) + " ";
    }
    pool.push_back(std::move(text));
  }
  return pool;
}

struct Stream {
  Random random{42};
  std::vector<std::string> texts = TextPool(4096);
  std::uint64_t serial = 0;

  // One article with one event. About a third re-report a recent event (same town, type and
  // a close time; sometimes a syndicated copy of a pooled text), the rest are new events.
  void Next(Article& article, std::vector<Event>& events, std::int64_t& now_ms) {
    ++serial;
    now_ms = kStart + static_cast<std::int64_t>(serial) * kStepMs;
    const std::size_t country = random.Below(kCountries);
    const std::size_t admin1 = random.Below(kAdmin1PerCountry);
    const std::size_t town = random.Below(kTownsPerAdmin1);
    const EventType type = kTypes[random.Below(kTypes.size())];

    article.id = "bench-" + std::to_string(serial);
    article.source = "outlet-" + std::to_string(random.Below(40));
    article.text = texts[random.Below(texts.size())];
    article.published_at_ms = now_ms - static_cast<std::int64_t>(random.Below(std::size_t{6} * 3600)) * 1000;

    Event& event = events.front();
    event.id = sahelwatch::MakeEventId(article.id, type, 0);
    event.article_id = article.id;
    event.type = type;
    event.confidence = 0.9;
    event.severity = static_cast<Severity>(random.Below(4));
    Place& place = event.place;
    place.country = "C" + std::to_string(country);
    place.admin1 = "A" + std::to_string(admin1);
    place.name = "T" + std::to_string(town);
    // Towns on a 0.6° grid (~66 km) per admin1: distinct towns never count as "nearby".
    place.lat = 5.0 + 5.0 * static_cast<double>(admin1) + 0.6 * static_cast<double>(town % 5);
    const std::size_t column = town / 5;  // grid column
    place.lon = -15.0 + 6.0 * static_cast<double>(country) + 0.6 * static_cast<double>(column);
    place.precision = PlacePrecision::kTown;
    event.countries = {place.country};
    event.counts.fatalities = static_cast<std::uint32_t>(random.Below(40));
  }
};

void RunStream(benchmark::State& state, const char* name, const AlertPolicy& policy) {
  const auto events_total = static_cast<std::uint64_t>(state.range(0));
  const long rss_before_kb = PeakRssKb();
  for (auto _ : state) {
    auto correlator = Correlator::Create(policy);
    Stream stream;
    Article article;
    std::vector<Event> events(1);
    std::int64_t now_ms = 0;
    std::uint64_t alerts = 0;
    std::size_t max_open = 0;
    for (std::uint64_t i = 0; i < events_total; ++i) {
      stream.Next(article, events, now_ms);
      alerts += correlator->Observe(article, events, now_ms).size();
      if ((i & 0xFFFF) == 0) max_open = std::max(max_open, correlator->GetStats().incidents_open);
    }
    const auto stats = correlator->GetStats();
    state.counters["alerts"] = static_cast<double>(alerts);
    state.counters["incidents_open"] = static_cast<double>(stats.incidents_open);
    state.counters["incidents_open_max"] = static_cast<double>(max_open);
    state.counters["incidents_created"] = static_cast<double>(stats.incidents_created);
    state.counters["expired"] = static_cast<double>(stats.incidents_expired);
    state.counters["evicted"] = static_cast<double>(stats.incidents_evicted);
    state.counters["duplicates"] = static_cast<double>(stats.duplicates_suppressed);
    state.counters["spikes"] = static_cast<double>(stats.spike_episodes);
  }
  const long rss_after_kb = PeakRssKb();
  state.counters["events_per_second"] = benchmark::Counter(
      static_cast<double>(events_total) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["peak_rss_mb"] = static_cast<double>(rss_after_kb) / 1024.0;
  std::printf("%s: %llu events, peak RSS %.1f MiB (%.1f MiB before the stream)\n", name,
              static_cast<unsigned long long>(events_total), static_cast<double>(rss_after_kb) / 1024.0,
              static_cast<double>(rss_before_kb) / 1024.0);
}

// Shipped defaults: state bounded by windows + TTL (max_incidents 100000 never reached).
void BM_CorrelateDefaultPolicy(benchmark::State& state) { RunStream(state, "default policy", AlertPolicy{}); }

// A small max_incidents: oldest-first eviction is what bounds the state.
void BM_CorrelateEvictionBound(benchmark::State& state) {
  AlertPolicy policy;
  policy.max_incidents = 2000;
  RunStream(state, "max_incidents 2000", policy);
}

}  // namespace

// Increasing stream lengths: peak RSS must level off, not grow with the count.
BENCHMARK(BM_CorrelateDefaultPolicy)->Arg(100'000)->Arg(1'000'000)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CorrelateEvictionBound)->Arg(1'000'000)->Iterations(1)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
