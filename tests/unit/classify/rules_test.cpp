// Rule files: validation with file:line, list expansion, literal expansion, Load errors.
#include <gtest/gtest.h>

#include <fstream>

#include "classify/classifier.h"
#include "classify/rules.h"

namespace sahelwatch::classify {
namespace {

class RuleFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sahelwatch_rules_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path Write(const std::string& name, const std::string& content) {
    const auto path = dir_ / name;
    std::ofstream(path) << content;
    return path;
  }

  std::filesystem::path dir_;
};

TEST_F(RuleFiles, ValidFileHasNoProblems) {
  const auto file = Write("ok.yaml", R"(
- list: fighters
  items: [militants, "hommes armés"]
- rule: test.clash
  type: battle
  subtype: battle/armed_clash
  trigger: ["clash(es|ed)?"]
  context: [fighters]
- cue: negated
  scope: before
  window: 20
  items: ["did not"]
- count: killed
  items: [killed]
- filler: count
  items: [at, least]
)");
  EXPECT_TRUE(CheckRuleFiles({file}).empty());
  std::vector<std::string> problems;
  const RuleBook book = ParseRuleFiles({file}, problems);
  ASSERT_EQ(book.rules.size(), 1U);
  ASSERT_EQ(book.rules[0].context.size(), 2U);
  EXPECT_EQ(book.rules[0].context[1].pattern, "hommes armes");  // normalised like text
  EXPECT_EQ(book.count_fillers, (std::vector<std::string>{"at", "least"}));
}

TEST_F(RuleFiles, ReadsRuleFlags) {
  const auto file = Write("flags.yaml", R"(
- rule: test.toll
  type: battle
  subtype: battle/armed_clash
  trigger: ["soldiers were killed"]
  dependent: true
- rule: test.deployed
  type: military_operation
  subtype: military_operation/deployment
  trigger: ["deployed troops"]
  standalone: true
- rule: test.bad
  type: battle
  subtype: battle/armed_clash
  trigger: ["clashed"]
  standalone: maybe
)");
  std::vector<std::string> problems;
  const RuleBook book = ParseRuleFiles({file}, problems);
  ASSERT_EQ(book.rules.size(), 3U);
  EXPECT_TRUE(book.rules[0].dependent);
  EXPECT_FALSE(book.rules[0].standalone);
  EXPECT_TRUE(book.rules[1].standalone);
  EXPECT_FALSE(book.rules[1].dependent);
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_NE(problems[0].find("'standalone' must be true or false"), std::string::npos);
  EXPECT_NE(problems[0].find("flags.yaml:16"), std::string::npos);
}

TEST_F(RuleFiles, ProblemsNameFileAndLine) {
  const auto file = Write("bad.yaml", R"(- rule: a
  type: battel
  trigger: [x]
- rule: b
  type: protest
  subtype: battle/ambush
  trigger: ["(unclosed"]
- rule: c
  type: coup
  trigger: [unknown_list]
  colour: red
- cue: maybe
  items: [x]
- rule: d
  type: protest
  trigger: [march]
  exclude: [football]
  exclude: [parade]
)");
  const auto problems = CheckRuleFiles({file});
  const auto has = [&](const std::string& needle) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const std::string& p) { return p.find(needle) != std::string::npos; });
  };
  const std::string name = file.string();
  EXPECT_TRUE(has(name + ":2: rule 'a': unknown type 'battel'")) << ::testing::PrintToString(problems);
  EXPECT_TRUE(has(name + ":6: subtype 'battle/ambush' must start with 'protest/'"));
  EXPECT_TRUE(has(name + ":7: bad pattern '(unclosed'"));
  EXPECT_TRUE(has(name + ":10: unknown list 'unknown_list'"));
  EXPECT_TRUE(has(name + ":11: unknown key 'colour'"));
  EXPECT_TRUE(has(name + ":12: cue must be"));
  // YAML keeps one of two equal keys: the other's phrases would silently do nothing.
  EXPECT_TRUE(has(name + ":18: key 'exclude' given twice"));
}

TEST_F(RuleFiles, APhraseThatLostItsOpeningQuoteIsAnError) {
  const auto file = Write("quote.yaml",
                          "- rule: a\n  type: battle\n  trigger:\n    - 'clash'\n    - fighting broke out'\n"
                          "    - \"soldiers' camp\"\n");
  const auto problems = CheckRuleFiles({file});
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0],
            file.string() + ":5: phrase 'fighting broke out'' ends in a stray quote (quote the whole phrase)");
}

TEST_F(RuleFiles, YamlSyntaxErrorHasItsLine) {
  const auto file = Write("syntax.yaml", "- rule: a\n  type: battle\n  trigger: [a, b\n");
  const auto problems = CheckRuleFiles({file});
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0].rfind(file.string() + ":", 0), 0U) << problems[0];
}

TEST_F(RuleFiles, LoadRefusesInvalidRules) {
  Write("bad.yaml", "- rule: x\n  type: nonsense\n  trigger: [a]\n");
  try {
    Classifier::Load({dir_, dir_ / "no-gazetteer", {}});
    FAIL() << "Load accepted an invalid rule file";
  } catch (const LoadError& error) {
    EXPECT_NE(std::string(error.what()).find("bad.yaml:2:"), std::string::npos) << error.what();
  }
  EXPECT_THROW(Classifier::Load({dir_ / "missing", dir_, {}}), LoadError);
}

TEST_F(RuleFiles, MalformedGazetteerRowIsALoadError) {
  Write("ok.yaml", "- rule: x\n  type: battle\n  trigger: [clash]\n");
  const auto gazetteer = dir_ / "gaz";
  std::filesystem::create_directories(gazetteer);
  std::ofstream(gazetteer / "admin1.tsv") << "country\tname\taliases\tlat\tlon\nML\tGao\t\tnot-a-number\t0\n";
  try {
    Classifier::Load({dir_, gazetteer, {}});
    FAIL() << "Load accepted a bad coordinate";
  } catch (const LoadError& error) {
    EXPECT_NE(std::string(error.what()).find("admin1.tsv:2:"), std::string::npos) << error.what();
  }
}

TEST_F(RuleFiles, LocalityWithoutCoordinatesIsMappedAtItsUnit) {
  Write("ok.yaml", "- rule: x\n  type: battle\n  trigger: [clashes]\n");
  const auto gazetteer = dir_ / "gaz";
  std::filesystem::create_directories(gazetteer);
  std::ofstream(gazetteer / "countries.tsv") << "code\tname_en\tname_fr\taliases\tdemonyms\tlat\tlon\n"
                                                "ML\tMali\tMali\t\t\t17.0000\t-4.0000\n";
  std::ofstream(gazetteer / "admin1.tsv") << "country\tname\taliases\tlat\tlon\nML\tMopti\t\t14.5000\t-4.2000\n";
  std::ofstream(gazetteer / "admin2.tsv") << "country\tadmin1\tname\taliases\tlat\tlon\n"
                                             "ML\tMopti\tBankass\t\t14.0800\t-3.5200\n";
  std::ofstream(gazetteer / "localities_ML.tsv") << "country\tadmin1\tadmin2\tname\taliases\tlat\tlon\tkind\n"
                                                    "ML\tMopti\tBankass\tOuenkoro\t\t\t\tcommune\n"
                                                    "ML\tMopti\tBankass\tBaye\t\t13.9000\t-3.5000\tvillage\n";
  const auto classifier = Classifier::Load({dir_, gazetteer, {}});
  Article article;
  article.id = "a";
  article.text = "Heavy clashes were reported in Ouenkoro on Monday.";
  auto events = classifier->Classify(article);
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].place.country, "ML");
  EXPECT_EQ(events[0].place.admin2, "Bankass");
  EXPECT_EQ(events[0].place.name, "Ouenkoro");
  EXPECT_EQ(events[0].place.precision, PlacePrecision::kAdmin2);  // the coordinates are Bankass's
  ASSERT_TRUE(events[0].place.lat.has_value());
  EXPECT_DOUBLE_EQ(*events[0].place.lat, 14.08);
  article.text = "Heavy clashes were reported in Baye on Monday.";
  events = classifier->Classify(article);
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].place.precision, PlacePrecision::kTown);
  EXPECT_DOUBLE_EQ(*events[0].place.lat, 13.9);
}

TEST(LiteralExpansion, ExpandsSimplePatternsOnly) {
  EXPECT_EQ(ExpandToLiterals("kill(ed|ing)?", 100), (std::vector<std::string>{"killed", "killing", "kill"}));
  EXPECT_EQ(ExpandToLiterals("neutrali[sz]ed", 100), (std::vector<std::string>{"neutralised", "neutralized"}));
  EXPECT_EQ(ExpandToLiterals("(19|20)[0-1]", 100), (std::vector<std::string>{"190", "191", "200", "201"}));
  EXPECT_FALSE(ExpandToLiterals("katiba [a-z]+", 100));
  EXPECT_FALSE(ExpandToLiterals("(a|b)(c|d)(e|f)", 4));  // over the limit
}

TEST(LiteralExpansion, SplitsOptionalGroupsThatDoNotExpand) {
  // Without and with the group, so the variant without may expand to literals.
  EXPECT_EQ(WithoutOptionalGroups("(jnim|isgs)( \\([a-z -]+\\))? fighters", 8),
            (std::vector<std::string>{"(jnim|isgs) fighters", "(jnim|isgs)( \\([a-z -]+\\)) fighters"}));
  // Groups that expand stay; every top-level alternative gets its variants.
  EXPECT_EQ(WithoutOptionalGroups("kill(ed|ing)? [0-9]+|a( [a-z]+)? b( [0-9]+)?", 8),
            (std::vector<std::string>{"kill(ed|ing)? [0-9]+", "a b", "a( [a-z]+) b", "a b( [0-9]+)",
                                      "a( [a-z]+) b( [0-9]+)"}));
  // Lazy optional groups and alternatives with too many variants stay as they are.
  EXPECT_EQ(WithoutOptionalGroups("a( [a-z]+)?? b", 8), (std::vector<std::string>{"a( [a-z]+)?? b"}));
  EXPECT_EQ(WithoutOptionalGroups("a( [a-z]+)? b( [a-z]+)?", 3), (std::vector<std::string>{"a( [a-z]+)? b( [a-z]+)?"}));
}

}  // namespace
}  // namespace sahelwatch::classify
