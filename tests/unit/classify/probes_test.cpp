// Short news-style probe sentences (tests/unit/classify/probes.jsonl, written for this
// project, English and French): each must give exactly its labelled (type, status) pairs,
// with the labelled country among the event's countries and, where given, the exact toll.
// A label "a|b" accepts either type. Probes marked known_gap document a phenomenon the
// rules do not handle yet: they must still fail, so that a fix is noticed and the mark
// removed.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "classify/classifier.h"
#include "project_classifier.h"

namespace sahelwatch::classify {
namespace {

struct Probe {
  std::string id;
  Article article;
  nlohmann::json gold;
  bool known_gap = false;
};

std::vector<Probe> LoadProbes() {
  std::vector<Probe> probes;
  std::ifstream in(std::filesystem::path(SAHELWATCH_SOURCE_DIR) / "tests/unit/classify/probes.jsonl");
  for (std::string line; std::getline(in, line);) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto json = nlohmann::json::parse(line);
    Probe probe;
    probe.id = json.at("id").get<std::string>();
    probe.article.id = probe.id;
    probe.article.text = json.at("text").get<std::string>();
    probe.article.lang = json.at("lang").get<std::string>();
    probe.gold = json.at("gold");
    probe.known_gap = json.value("known_gap", false);
    probes.push_back(std::move(probe));
  }
  return probes;
}

std::set<std::string> Alternatives(const std::string& label) {
  std::set<std::string> types;
  std::stringstream parts(label);
  for (std::string part; std::getline(parts, part, '|');) types.insert(part);
  return types;
}

// Empty when the events match the labels; otherwise what differs.
std::string Mismatch(const std::vector<Event>& events, const nlohmann::json& gold) {
  std::ostringstream problems;
  std::vector<bool> explained(events.size(), false);
  for (const auto& label : gold) {
    const auto types = Alternatives(label.at(0).get<std::string>());
    const auto status = label.at(1).get<std::string>();
    bool found = false;
    for (std::size_t i = 0; i < events.size(); ++i) {
      const Event& event = events[i];
      if (!types.contains(std::string(Name(event.type))) || Name(event.status) != status) continue;
      found = true;
      explained[i] = true;
      const auto country = label.at(2).get<std::string>();
      if (std::find(event.countries.begin(), event.countries.end(), country) == event.countries.end()) {
        problems << " country of " << label.dump() << " missing;";
      }
      if (!label.at(3).is_null() && event.counts.fatalities != label.at(3).get<std::uint32_t>()) {
        problems << " toll of " << label.dump() << " is " << event.counts.fatalities.value_or(0) << ";";
      }
    }
    if (!found) problems << " no event for " << label.dump() << ";";
  }
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (!explained[i]) problems << " extra " << Name(events[i].type) << "/" << Name(events[i].status) << ";";
  }
  return problems.str();
}

TEST(Probes, EveryProbeGivesItsLabelledEvents) {
  const Classifier* classifier = &ProjectClassifier();
  const auto probes = LoadProbes();
  ASSERT_GE(probes.size(), 40U);
  for (const auto& probe : probes) {
    const std::string problems = Mismatch(classifier->Classify(probe.article), probe.gold);
    if (probe.known_gap) {
      EXPECT_FALSE(problems.empty()) << probe.id << " now passes: remove its known_gap mark";
    } else {
      EXPECT_TRUE(problems.empty()) << probe.id << ":" << problems << "\n  " << probe.article.text;
    }
  }
}

}  // namespace
}  // namespace sahelwatch::classify
