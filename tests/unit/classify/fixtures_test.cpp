// Every labelled fixture article (tests/fixtures/*.articles.jsonl + *.gold.jsonl) is
// classified as labelled: the same occurred types (any one of a gold event's acceptable
// types), no event called occurred that the label says is planned, background or negated,
// planned/negated events found with their status, and the gold country among ours.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "classify/classifier.h"
#include "kafka/codec.h"
#include "project_classifier.h"

namespace sahelwatch::classify {
namespace {

namespace fs = std::filesystem;

struct Fixture {
  Article article;
  nlohmann::json gold;
};

std::vector<Fixture> LoadFixtures() {
  std::vector<Fixture> fixtures;
  const fs::path dir = fs::path(SAHELWATCH_SOURCE_DIR) / "tests/fixtures";
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    const std::string name = entry.path().filename().string();
    const std::string suffix = ".articles.jsonl";
    if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) {
      continue;
    }
    std::map<std::string, nlohmann::json> gold;
    std::ifstream gold_in(dir / (name.substr(0, name.size() - suffix.size()) + ".gold.jsonl"));
    for (std::string line; std::getline(gold_in, line);) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      auto label = nlohmann::json::parse(line);
      const auto id = label.at("id").get<std::string>();
      gold[id] = std::move(label);
    }
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      auto decoded = kafka::DecodeJsonArticle(line);
      if (!std::holds_alternative<Article>(decoded)) continue;
      Fixture fixture{std::get<Article>(std::move(decoded)), {}};
      const auto it = gold.find(fixture.article.id);
      if (it == gold.end()) continue;
      fixture.gold = it->second;
      fixtures.push_back(std::move(fixture));
    }
  }
  return fixtures;
}

std::set<std::string> TypesOf(const nlohmann::json& event) {
  std::set<std::string> types;
  const auto& type = event.at("type");
  if (type.is_array()) {
    for (const auto& t : type) types.insert(t.get<std::string>());
  } else {
    types.insert(type.get<std::string>());
  }
  return types;
}

std::string Describe(const std::vector<Event>& events) {
  std::string out;
  for (const auto& e : events) {
    out += std::string(Name(e.type)) + "/" + std::string(Name(e.status)) + "[" +
           (e.countries.empty() ? "" : e.countries.front()) + "] ";
  }
  return out.empty() ? "(none)" : out;
}

class FixtureArticles : public ::testing::TestWithParam<std::size_t> {
 public:
  static const std::vector<Fixture>& All() {
    static const std::vector<Fixture> fixtures = LoadFixtures();
    return fixtures;
  }
  static const Classifier& Shared() { return ProjectClassifier(); }
};

TEST(FixtureFiles, ArePresent) { EXPECT_FALSE(FixtureArticles::All().empty()); }

TEST_P(FixtureArticles, ClassifiedAsLabelled) {
  if (GetParam() >= All().size()) GTEST_SKIP() << "fewer fixtures than test slots";
  const Fixture& fixture = All()[GetParam()];
  const auto events = Shared().Classify(fixture.article);
  SCOPED_TRACE(fixture.article.id + ": predicted " + Describe(events));

  std::set<std::string> predicted_occurred;
  std::set<std::string> predicted_countries;
  std::map<std::string, std::set<std::string>> predicted_by_status;
  for (const auto& event : events) {
    predicted_by_status[std::string(Name(event.status))].insert(std::string(Name(event.type)));
    if (event.status == EventStatus::kOccurred) predicted_occurred.insert(std::string(Name(event.type)));
    predicted_countries.insert(event.countries.begin(), event.countries.end());
  }
  std::set<std::string> scored;
  for (const auto& t : fixture.gold.value("scored_types", nlohmann::json::array())) scored.insert(t.get<std::string>());

  std::set<std::string> gold_occurred_alternatives;
  for (const auto& event : fixture.gold.at("events")) {
    if (event.value("status", "occurred") == "occurred") {
      const auto types = TypesOf(event);
      gold_occurred_alternatives.insert(types.begin(), types.end());
    }
  }
  for (const auto& event : fixture.gold.at("events")) {
    const auto types = TypesOf(event);
    const std::string status = event.value("status", "occurred");
    const bool found_occurred =
        std::any_of(types.begin(), types.end(), [&](const std::string& t) { return predicted_occurred.contains(t); });
    if (status == "occurred") {
      EXPECT_TRUE(found_occurred) << "missed occurred " << event.at("type").dump();
      if (event.contains("country") && event["country"].is_string() && !event["country"].get<std::string>().empty()) {
        std::stringstream codes(event["country"].get<std::string>());
        bool country_hit = false;
        for (std::string code; std::getline(codes, code, ',');) country_hit |= predicted_countries.contains(code);
        EXPECT_TRUE(country_hit) << "country " << event["country"] << " not among predicted countries";
      }
      continue;
    }
    const bool also_occurred = std::any_of(
        types.begin(), types.end(), [&](const std::string& t) { return gold_occurred_alternatives.contains(t); });
    if (!also_occurred) {
      EXPECT_FALSE(found_occurred) << event.at("type").dump() << " is " << status << ", predicted occurred";
    }
    if (status == "planned" || status == "negated") {
      const auto& with_status = predicted_by_status[status];
      EXPECT_TRUE(
          std::any_of(types.begin(), types.end(), [&](const std::string& t) { return with_status.contains(t); }))
          << "missed " << status << " " << event.at("type").dump();
    }
  }
  for (const auto& type : predicted_occurred) {
    if (!scored.empty() && !scored.contains(type)) continue;
    EXPECT_TRUE(gold_occurred_alternatives.contains(type)) << "false alarm: " << type << " occurred";
  }
}

// One test per fixture article, so a failure names the article.
INSTANTIATE_TEST_SUITE_P(All, FixtureArticles, ::testing::Range<std::size_t>(0, FixtureArticles::All().size()),
                         [](const ::testing::TestParamInfo<std::size_t>& param_info) {
                           const auto& all = FixtureArticles::All();
                           if (param_info.param >= all.size()) return "unused_" + std::to_string(param_info.param);
                           std::string name;
                           for (const char c : all[param_info.param].article.id)
                             name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

}  // namespace
}  // namespace sahelwatch::classify
