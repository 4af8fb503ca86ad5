// Where an event happened versus where the story was filed, and who takes part in a joint
// operation: what an ops team reads first in an alert.
#include <gtest/gtest.h>

#include <algorithm>

#include "classify/classifier.h"
#include "project_classifier.h"

namespace sahelwatch::classify {
namespace {

std::vector<Event> Classify(const std::string& text) {
  Article article;
  article.id = "dateline";
  article.text = text;
  return ProjectClassifier().Classify(article);
}

const Event* FindType(const std::vector<Event>& events, EventType type) {
  const auto it = std::find_if(events.begin(), events.end(), [&](const Event& e) { return e.type == type; });
  return it == events.end() ? nullptr : &*it;
}

TEST(Dateline, EventPlaceNamedInTheSentenceBeatsTheFilingCity) {
  const auto events = Classify(
      "NIAMEY, Niger — Seven soldiers were killed when a roadside bomb hit their vehicle near Ayorou on Sunday, "
      "the defence ministry said.");
  const Event* explosion = FindType(events, EventType::kExplosion);
  ASSERT_NE(explosion, nullptr);
  EXPECT_EQ(explosion->place.name, "Ayorou");
  EXPECT_EQ(explosion->place.country, "NE");
}

TEST(Dateline, FilingCityPlacesTheEventWhenNothingFinerIsNamed) {
  const auto events = Classify(
      "DJIBO, Burkina Faso — Gunmen attacked an army post on Monday, killing 12 soldiers, security sources said.");
  const Event* battle = FindType(events, EventType::kBattle);
  ASSERT_NE(battle, nullptr);
  EXPECT_EQ(battle->place.name, "Djibo");
}

TEST(JointOperation, CountriesAreTheRegionsStatesNotForeignContext) {
  const auto events = Classify(
      "BAMAKO, Mali — The armies of Mali, Burkina Faso and Niger will launch joint military operations against "
      "armed groups, the chiefs of staff announced. Observers note the bloc's growing alignment with Russia and "
      "China after French forces left the region.");
  const Event* joint = FindType(events, EventType::kJointOperation);
  ASSERT_NE(joint, nullptr);
  std::vector<std::string> countries = joint->countries;
  std::sort(countries.begin(), countries.end());
  EXPECT_EQ(countries, (std::vector<std::string>{"BF", "ML", "NE"}));
}

}  // namespace
}  // namespace sahelwatch::classify
