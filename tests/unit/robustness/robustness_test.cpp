// Deterministic fuzzing: hostile inputs and seeded random mutations of real articles go
// through decode → classify → correlate → encode; nothing may crash (run it under the asan
// preset to catch memory errors) and the harness's invariants must hold.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "../../fuzz/fuzz_target.h"
#include "kafka/codec.h"

namespace sahelwatch::fuzz {
namespace {

std::vector<std::string> SeedTexts() {
  std::vector<std::string> texts;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(SAHELWATCH_SOURCE_DIR) + "/seeds")) {
    if (entry.path().extension() != ".txt") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    texts.push_back(buffer.str());
  }
  return texts;
}

std::size_t RunString(Harness& harness, const std::string& input) {
  return harness.Run(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

TEST(Robustness, HostileInputs) {
  Harness harness(SAHELWATCH_SOURCE_DIR);
  const std::vector<std::string> inputs = {
      "",
      std::string(1, '\0'),
      "{",
      "{\"text\": 5}",
      "{\"id\": \"x\", \"text\": \"\\ud800\"}",
      "\x0a\xff\xff\xff\xff\x0f",  // protobuf length far beyond the buffer
      "\xc3\x28 invalid",
      std::string(100000, 'a'),
      std::string(5000, '.') + " killed " + std::string(5000, '9'),
      "At least 99999999999999999999 people were killed in Djibo, Burkina Faso.",
      "Plus de 1,85 million de personnes ont fui. 1,,,,2 morts. ,,,, 3..4 tués à Gao.",
      "(((((((((( Gao, Gao ))))))))))",
      "killed killed killed killed killed " + std::string(2000, ' ') + "enlevés",
  };
  for (const auto& input : inputs) EXPECT_NO_THROW(RunString(harness, input)) << input.substr(0, 60);
}

TEST(Robustness, MutatedArticlesKeepInvariants) {
  Harness harness(SAHELWATCH_SOURCE_DIR);
  const auto seeds = SeedTexts();
  ASSERT_FALSE(seeds.empty());
  std::mt19937 random(12345);  // fixed seed: a failure reproduces
  std::size_t events = 0;
  for (int round = 0; round < 1500; ++round) {
    std::string text = seeds[random() % seeds.size()];
    const int edits = 1 + static_cast<int>(random() % 8);
    for (int edit = 0; edit < edits && !text.empty(); ++edit) {
      const std::size_t at = random() % text.size();
      switch (random() % 4) {
        case 0:
          text[at] = static_cast<char>(random() % 256);
          break;  // flip a byte
        case 1:
          text.erase(at, random() % 64);
          break;  // cut
        case 2:
          text.insert(at, text.substr(random() % text.size(), 40));
          break;  // duplicate
        default:
          text.resize(at);
          break;  // truncate
      }
    }
    // Half as JSON articles so the JSON path is mutated too.
    if (round % 2 == 0) {
      events += RunString(harness, text);
    } else {
      const nlohmann::json article = {{"id", "m" + std::to_string(round)}, {"text", text}};
      events += RunString(harness, article.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
  }
  EXPECT_GT(events, 0U) << "mutations should still leave recognisable events";
}

TEST(Robustness, ProtobufRoundTripOfEveryFieldSurvivesTruncation) {
  Harness harness(SAHELWATCH_SOURCE_DIR);
  Article article;
  article.id = "pb-1";
  article.title = "Attaque à Djibo";
  article.text = "Douze soldats ont été tués lundi dans une attaque contre leur poste à Djibo, au Burkina Faso.";
  article.lang = "fr";
  const std::string bytes = kafka::EncodeArticle(article);
  EXPECT_GT(RunString(harness, bytes), 0U);
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    EXPECT_NO_THROW(RunString(harness, bytes.substr(0, cut)));
  }
}

}  // namespace
}  // namespace sahelwatch::fuzz
