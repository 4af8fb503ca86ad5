// The classifier with the project's own rules and gazetteer (config/): types, statuses,
// counts, places, evidence and ids.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "classify/classifier.h"
#include "classify/text_units.h"
#include "project_classifier.h"

namespace sahelwatch::classify {
namespace {

const Classifier& Shared() { return ProjectClassifier(); }

std::vector<Event> ClassifyText(const std::string& text, const std::string& lang = "",
                                std::int64_t published_at_ms = 0) {
  Article article;
  article.id = "test";
  article.text = text;
  article.lang = lang;
  article.published_at_ms = published_at_ms;
  return Shared().Classify(article);
}

const Event* Find(const std::vector<Event>& events, EventType type, EventStatus status) {
  for (const auto& event : events) {
    if (event.type == type && event.status == status) return &event;
  }
  return nullptr;
}

bool AnyOccurred(const std::vector<Event>& events) {
  return std::any_of(events.begin(), events.end(), [](const Event& e) { return e.status == EventStatus::kOccurred; });
}

TEST(Classifier, LoadsTheProjectRules) {
  EXPECT_GT(Shared().RuleCount(), 40U);
  EXPECT_EQ(Shared().RulesSha256().size(), 64U);
}

TEST(Classifier, SeedArticleIsAPlannedJointOperationAndNoIncident) {
  std::ifstream in(std::filesystem::path(SAHELWATCH_SOURCE_DIR) / "seeds/000_a07272663d127e51.txt");
  ASSERT_TRUE(in);
  std::ostringstream text;
  text << in.rdbuf();
  const auto events = ClassifyText(text.str());
  const Event* joint = Find(events, EventType::kJointOperation, EventStatus::kPlanned);
  ASSERT_NE(joint, nullptr);
  for (const char* code : {"ML", "BF", "NE"}) {
    EXPECT_NE(std::find(joint->countries.begin(), joint->countries.end(), code), joint->countries.end()) << code;
  }
  EXPECT_FALSE(AnyOccurred(events));
}

TEST(Classifier, FatalitiesSumAllSides) {
  const auto events = ClassifyText(
      "Militants attacked an army post near Boulsa on Monday. Six soldiers were killed and at least "
      "15 assailants neutralised, the army said.");
  const Event* battle = Find(events, EventType::kBattle, EventStatus::kOccurred);
  ASSERT_NE(battle, nullptr);
  EXPECT_EQ(battle->counts.fatalities, 21U);
  EXPECT_EQ(battle->place.country, "BF");
}

TEST(Classifier, FrenchAttackWithNumberWords) {
  const auto events = ClassifyText(
      "Des hommes armés non identifiés ont attaqué le village de Kompienga dimanche, tuant une "
      "dizaine de civils, selon un bilan provisoire.",
      "fr");
  const Event* attack = Find(events, EventType::kAttackOnCivilians, EventStatus::kOccurred);
  ASSERT_NE(attack, nullptr);
  EXPECT_EQ(attack->counts.fatalities, 10U);
  EXPECT_EQ(attack->place.country, "BF");
}

TEST(Classifier, PlannedNegatedBackgroundAndHabitual) {
  EXPECT_NE(Find(ClassifyText("The junta vowed to launch a major offensive against the jihadists in Mali."),
                 EventType::kMilitaryOperation, EventStatus::kPlanned),
            nullptr);
  EXPECT_NE(Find(ClassifyText("L'armée malienne dément toute attaque contre des civils à Gao.", "fr"),
                 EventType::kAttackOnCivilians, EventStatus::kNegated),
            nullptr);
  EXPECT_FALSE(AnyOccurred(ClassifyText("Since 2015 the conflict in Burkina Faso has displaced two million people.")));
  EXPECT_FALSE(AnyOccurred(ClassifyText("Jihadists often plant IEDs on this road near Djibo.")));
}

TEST(Classifier, DeploymentIsNewsOnlyOnItsOwn) {
  const auto alone = ClassifyText(
      "COTONOU - Benin has deployed around 3,000 additional soldiers to its northern departments of Alibori "
      "and Atacora, the army said on Monday.",
      "en");
  EXPECT_NE(Find(alone, EventType::kMilitaryOperation, EventStatus::kOccurred), nullptr);
  const auto french = ClassifyText(
      "Lomé - Les Forces armées togolaises ont déployé cette semaine des renforts dans la préfecture de "
      "Kpendjal, a annoncé le ministère des Armées.",
      "fr");
  EXPECT_NE(Find(french, EventType::kMilitaryOperation, EventStatus::kOccurred), nullptr);
  // After an attack, the same words tell its aftermath, not an operation of their own.
  const auto aftermath = ClassifyText(
      "Gunmen attacked a police post in Kandi on Sunday, killing two officers. The army has since deployed "
      "reinforcements to the area.",
      "en");
  EXPECT_NE(Find(aftermath, EventType::kBattle, EventStatus::kOccurred), nullptr);
  EXPECT_EQ(Find(aftermath, EventType::kMilitaryOperation, EventStatus::kOccurred), nullptr);
}

TEST(Classifier, OldDatedEventIsBackground) {
  // Published 24 June 2025; the attack was in April.
  const auto events = ClassifyText(
      "In April 2025, dozens of Beninese soldiers were killed when jihadists attacked "
      "army positions in the W national park.",
      "en", 1750766400000);
  EXPECT_FALSE(AnyOccurred(events));
  EXPECT_NE(Find(events, EventType::kBattle, EventStatus::kBackground), nullptr);
}

TEST(Classifier, CountryFromAcledStyleParentheses) {
  const auto events = ClassifyText("On 3 May 2021, unknown gunmen killed two civilians in Zzyzx (Gao, Gao).");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[0].place.country, "ML");
  EXPECT_EQ(events[0].counts.fatalities, 2U);
}

TEST(Classifier, CountryFromDemonymAndDateline) {
  const auto demonym = ClassifyText("Des soldats burkinabè ont été tués dans une embuscade.", "fr");
  ASSERT_FALSE(demonym.empty());
  EXPECT_EQ(demonym[0].countries.front(), "BF");
  const auto dateline = ClassifyText("OUAGADOUGOU (AFP) - Gunmen kidnapped three teachers on Tuesday.");
  const Event* abduction = Find(dateline, EventType::kAbduction, EventStatus::kOccurred);
  ASSERT_NE(abduction, nullptr);
  EXPECT_EQ(abduction->place.country, "BF");
}

TEST(Classifier, EvidenceIsAByteRangeOfTheOriginalAndIdsAreDeterministic) {
  const std::string text = "Réunion à Bamako. Des hommes armés ont enlevé deux enseignants à Ménaka jeudi.";
  const auto events = ClassifyText(text, "fr");
  const Event* abduction = Find(events, EventType::kAbduction, EventStatus::kOccurred);
  ASSERT_NE(abduction, nullptr);
  ASSERT_FALSE(abduction->evidence.empty());
  const Evidence& evidence = abduction->evidence[0];
  EXPECT_EQ(text.substr(evidence.byte_begin, evidence.byte_end - evidence.byte_begin), evidence.text);
  EXPECT_EQ(evidence.text, "Des hommes armés ont enlevé deux enseignants à Ménaka jeudi.");
  EXPECT_EQ(abduction->id, MakeEventId("test", EventType::kAbduction, evidence.byte_begin));
  EXPECT_EQ(abduction->counts.abducted, 2U);
  EXPECT_EQ(abduction->place.country, "ML");
  EXPECT_FALSE(abduction->rule_ids.empty());
}

TEST(Classifier, NegativesRaiseNothing) {
  EXPECT_FALSE(
      AnyOccurred(ClassifyText("A polio vaccination campaign began on Monday in Tillabéri, health officials said.")));
  EXPECT_FALSE(
      AnyOccurred(ClassifyText("Le Stade malien a battu le Djoliba 2-1 samedi au stade du 26-Mars de Bamako.", "fr")));
  EXPECT_FALSE(
      AnyOccurred(ClassifyText("Gold output at the Fekola mine in Mali rose 12 percent in the third quarter.")));
}

TEST(Classifier, JointOperationNeedsTwoStates) {
  EXPECT_NE(Find(ClassifyText("Malian and Burkinabe troops launched a joint operation near the border on Sunday."),
                 EventType::kJointOperation, EventStatus::kOccurred),
            nullptr);
}

TEST(Classifier, AYearlessDayInThePluperfectStaysInItsOldStory) {
  // Published on 31 October 2026: « le 30 octobre » alone would be yesterday.
  const std::int64_t published = DaysFromCivil(2026, 10, 31) * 86'400'000;
  const std::string story =
      "En octobre 2014, des centaines de milliers de Burkinabè étaient descendus dans les rues de Ouagadougou. "
      "Le 30 octobre, les manifestants avaient pris d'assaut l'Assemblée nationale et incendié une partie du "
      "bâtiment.";
  const auto events = ClassifyText(story, "fr", published);
  EXPECT_EQ(Find(events, EventType::kProtest, EventStatus::kOccurred), nullptr);
  EXPECT_NE(Find(events, EventType::kProtest, EventStatus::kBackground), nullptr);
  // The same day told in the passé composé, after no old sentence, is news.
  EXPECT_NE(Find(ClassifyText("Le 30 octobre, des manifestants ont pris d'assaut l'Assemblée nationale à Ouagadougou.",
                              "fr", published),
                 EventType::kProtest, EventStatus::kOccurred),
            nullptr);
}

TEST(Classifier, ASpanToldFarOffDoesNotDateAnEventOfThisWeek) {
  const std::int64_t published = DaysFromCivil(2026, 11, 23) * 86'400'000;
  const auto events = ClassifyText(
      "Burkinabe troops repelled an attack on their base in Djibo on Saturday, killing dozens of militants, as the "
      "country marked six years since its heaviest loss.",
      "en", published);
  EXPECT_NE(Find(events, EventType::kBattle, EventStatus::kOccurred), nullptr);
  // Next to the span, what it dates is history, whatever day the telling names.
  EXPECT_EQ(
      Find(ClassifyText("Six years since the attack on their base in Djibo, soldiers held a ceremony on Saturday.",
                        "en", published),
           EventType::kBattle, EventStatus::kOccurred),
      nullptr);
}

TEST(Classifier, AnyInputIsSafeAndConcurrentCallsAgree) {
  EXPECT_TRUE(ClassifyText("").empty());
  EXPECT_NO_THROW(ClassifyText(std::string(5000, '.') + "killed" + std::string(3000, ' ') + "12"));
  const std::string text = "Gunmen killed 12 villagers in Solhan, Burkina Faso, on Friday.";
  const auto expected = ClassifyText(text);
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        const auto got = ClassifyText(text);
        if (got.size() != expected.size() || got[0].id != expected[0].id) ++mismatches;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace sahelwatch::classify
