#include <gtest/gtest.h>

#include "core/json.h"
#include "core/model.h"
#include "core/taxonomy.h"

namespace sahelwatch {
namespace {

TEST(Taxonomy, NamesRoundTrip) {
  for (const EventType type : kAllEventTypes) EXPECT_EQ(ParseEventType(Name(type)), type);
  for (const EventStatus status : kAllEventStatuses) EXPECT_EQ(ParseEventStatus(Name(status)), status);
  EXPECT_EQ(Name(EventType::kJointOperation), "joint_operation");
  EXPECT_FALSE(ParseEventType("riot"));
}

TEST(EventId, DeterministicAndSensitiveToEachPart) {
  const std::string id = MakeEventId("a1", EventType::kBattle, 10);
  EXPECT_EQ(id, MakeEventId("a1", EventType::kBattle, 10));
  EXPECT_EQ(id.rfind("ev-", 0), 0U);
  EXPECT_NE(id, MakeEventId("a2", EventType::kBattle, 10));
  EXPECT_NE(id, MakeEventId("a1", EventType::kExplosion, 10));
  EXPECT_NE(id, MakeEventId("a1", EventType::kBattle, 11));
}

TEST(ClassifyJson, CarriesTheScorerFields) {
  Article article;
  article.id = "x";
  Event event;
  event.type = EventType::kAbduction;
  event.status = EventStatus::kOccurred;
  event.place.country = "ML";
  event.counts.abducted = 5;
  const auto line = ClassifyLine(article, {event});
  EXPECT_EQ(line["id"], "x");
  ASSERT_EQ(line["events"].size(), 1U);
  EXPECT_EQ(line["events"][0]["type"], "abduction");
  EXPECT_EQ(line["events"][0]["status"], "occurred");
  EXPECT_EQ(line["events"][0]["country"], "ML");
  EXPECT_EQ(line["events"][0]["abducted"], 5);
  EXPECT_TRUE(line["events"][0]["fatalities"].is_null());
}

}  // namespace
}  // namespace sahelwatch
