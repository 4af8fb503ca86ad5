// Incident correlation: one alert per real-world event, versions on material change,
// syndicated copies, restart, spikes, planned joint operations, bounded state.
#include "correlate/correlator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "correlate/alert_policy.h"

namespace sahelwatch::correlate {
namespace {

constexpr std::int64_t kHour = std::int64_t{3600} * 1000;
constexpr std::int64_t kDay = 24 * kHour;
constexpr std::int64_t kT0 = 1'700'000'000'000;  // Nov 2023

Place Town(std::string country, std::string admin1, std::string name, std::optional<double> lat,
           std::optional<double> lon) {
  Place place;
  place.country = std::move(country);
  place.admin1 = std::move(admin1);
  place.name = std::move(name);
  place.lat = lat;
  place.lon = lon;
  place.precision = PlacePrecision::kTown;
  return place;
}

Place Djibo() { return Town("BF", "Sahel", "Djibo", 14.10, -1.63); }
Place Kaya() { return Town("BF", "Centre-Nord", "Kaya", 13.09, -1.08); }

Place Region(std::string country, std::string admin1) {
  Place place;
  place.country = std::move(country);
  place.admin1 = std::move(admin1);
  place.precision = PlacePrecision::kAdmin1;
  return place;
}

struct Report {
  Article article;
  std::vector<Event> events;
};

Event MakeEvent(const Article& article, EventType type, Place place, std::optional<std::uint32_t> fatalities,
                Severity severity = Severity::kHigh, EventStatus status = EventStatus::kOccurred) {
  Event event;
  event.article_id = article.id;
  event.id = MakeEventId(article.id, type, 0);
  event.type = type;
  event.status = status;
  event.confidence = 0.8;
  event.severity = severity;
  event.countries = {place.country};
  event.place = std::move(place);
  event.counts.fatalities = fatalities;
  event.evidence = {{0, 10, article.text.substr(0, 10)}};
  return event;
}

Report MakeReport(std::string id, std::string source, std::string lang, std::string text, std::int64_t published_at,
                  EventType type, Place place, std::optional<std::uint32_t> fatalities) {
  Report report;
  report.article.id = std::move(id);
  report.article.source = std::move(source);
  report.article.lang = std::move(lang);
  report.article.text = std::move(text);
  report.article.published_at_ms = published_at;
  report.events = {MakeEvent(report.article, type, std::move(place), fatalities)};
  return report;
}

// Six reports of one attack on Djibo (EN/FR, different outlets, tolls 4 → 12 → 12 → 15,
// one without a toll, one placed only at the region), and two of an unrelated attack in Kaya.
std::vector<Report> DjiboStoryWithKaya() {
  std::vector<Report> reports;
  reports.push_back(MakeReport("afp-1", "AFP", "en",
                               "Gunmen attacked the town of Djibo in northern Burkina Faso early "
                               "on Sunday, killing at least "
                               "four civilians, security sources said. The assailants arrived on "
                               "motorcycles and opened fire "
                               "near the main market before withdrawing towards the north.",
                               kT0, EventType::kAttackOnCivilians, Djibo(), 4));
  reports.back().events[0].actors = {{"JNIM", "armed_group", "", ActorRole::kPerpetrator}};
  reports.push_back(
      MakeReport("kaya-1", "Reuters", "en",
                 "Seven people were killed when armed men raided a livestock market on the outskirts of Kaya, "
                 "the capital of the Centre-Nord region, local officials told Reuters on Sunday afternoon.",
                 kT0 + kHour, EventType::kAttackOnCivilians, Kaya(), 7));
  reports.push_back(
      MakeReport("rfi-1", "RFI", "fr",
                 "Une attaque d'hommes armés a visé dimanche matin la ville de Djibo, dans le nord du Burkina "
                 "Faso. Plusieurs habitants ont été tués selon des sources locales jointes par RFI, qui "
                 "évoquent des tirs nourris pendant plus d'une heure.",
                 kT0 + 2 * kHour, EventType::kAttackOnCivilians, Djibo(), std::nullopt));
  reports.push_back(
      MakeReport("reuters-1", "Reuters", "en",
                 "The death toll from Sunday's assault on Djibo has risen to 12, a regional official said, as "
                 "residents described fighters going from house to house. The town has been under blockade by "
                 "jihadist groups for more than a year.",
                 kT0 + 5 * kHour, EventType::kAttackOnCivilians, Djibo(), 12));
  reports.push_back(
      MakeReport("omega-1", "Radio Omega", "fr",
                 "Le bilan de l'attaque contre Djibo s'établit à douze morts, d'après un responsable "
                 "municipal. Les forces de défense et de sécurité ont riposté et ratissent les environs de la "
                 "commune depuis lundi.",
                 kT0 + 9 * kHour, EventType::kBattle, Djibo(), 12));
  reports.push_back(
      MakeReport("kaya-2", "Sidwaya", "fr",
                 "À Kaya, sept personnes ont perdu la vie lors d'une incursion d'individus armés au marché à "
                 "bétail, selon la direction régionale de la communication.",
                 kT0 + 10 * kHour, EventType::kAttackOnCivilians, Kaya(), 7));
  reports.push_back(
      MakeReport("army-1", "Armée burkinabè", "fr",
                 "L'état-major général des armées informe qu'une attaque terroriste a été repoussée dans la "
                 "région du Sahel. Des opérations de sécurisation sont en cours et un bilan sera communiqué "
                 "ultérieurement.",
                 kT0 + 12 * kHour, EventType::kAttackOnCivilians, Region("BF", "Sahel"), std::nullopt));
  reports.push_back(
      MakeReport("ap-1", "AP", "en",
                 "Fifteen civilians were killed in Djibo on Sunday, the regional governor said on Monday, "
                 "raising the toll from an attack that local people blamed on al-Qaeda-linked fighters. "
                 "Humanitarian workers said dozens of families had fled to nearby villages.",
                 kT0 + 20 * kHour, EventType::kAttackOnCivilians, Djibo(), 15));
  return reports;
}

std::vector<Alert> Feed(Correlator& correlator, const std::vector<Report>& reports) {
  std::vector<Alert> all;
  for (const auto& report : reports) {
    auto alerts = correlator.Observe(report.article, report.events, report.article.published_at_ms);
    all.insert(all.end(), alerts.begin(), alerts.end());
  }
  return all;
}

std::vector<Alert> OfIncident(const std::vector<Alert>& alerts, const std::string& incident_id) {
  std::vector<Alert> out;
  for (const auto& alert : alerts) {
    if (alert.incident_id == incident_id) out.push_back(alert);
  }
  return out;
}

std::vector<Alert> OfKind(const std::vector<Alert>& alerts, AlertKind kind) {
  std::vector<Alert> out;
  for (const auto& alert : alerts) {
    if (alert.kind == kind) out.push_back(alert);
  }
  return out;
}

std::string IncidentWithArticle(const std::vector<Alert>& alerts, const std::string& article_id) {
  for (const auto& alert : alerts) {
    if (std::find(alert.article_ids.begin(), alert.article_ids.end(), article_id) != alert.article_ids.end()) {
      return alert.incident_id;
    }
  }
  return "";
}

std::unique_ptr<Correlator> MakeCorrelator(const AlertPolicy& policy = AlertPolicy{}) {
  return Correlator::Create(policy);
}

TEST(Correlator, SixReportsOfOneAttackAndAnUnrelatedOneMakeTwoIncidents) {
  auto correlator = MakeCorrelator();
  const auto alerts = Feed(*correlator, DjiboStoryWithKaya());

  std::set<std::string> incidents;
  for (const auto& alert : alerts) incidents.insert(alert.incident_id);
  EXPECT_EQ(incidents.size(), 2U);
  EXPECT_EQ(correlator->GetStats().incidents_open, 2U);

  const std::string djibo = IncidentWithArticle(alerts, "afp-1");
  const auto versions = OfIncident(alerts, djibo);
  ASSERT_FALSE(versions.empty());
  EXPECT_LE(versions.size(), 3U);
  const Alert& last = versions.back();
  EXPECT_EQ(last.source_count, 6U);
  ASSERT_TRUE(last.counts.fatalities);
  EXPECT_EQ(*last.counts.fatalities, 15U);
  EXPECT_EQ(last.article_ids.size(), 6U);
  EXPECT_EQ(last.id, djibo + "/v" + std::to_string(last.version));
  EXPECT_EQ(last.first_seen_ms, kT0);
  EXPECT_EQ(last.last_seen_ms, kT0 + 20 * kHour);
  EXPECT_EQ(last.places.front().name, "Djibo");

  // Versions count up from 1, each with its reason.
  ASSERT_EQ(versions.size(), 3U);
  EXPECT_EQ(versions[0].version, 1U);
  EXPECT_EQ(versions[0].change, "new");
  EXPECT_EQ(versions[1].change, "toll_rose");
  EXPECT_EQ(*versions[1].counts.fatalities, 12U);
  EXPECT_EQ(versions[2].version, 3U);

  const std::string kaya = IncidentWithArticle(alerts, "kaya-1");
  EXPECT_NE(kaya, djibo);
  EXPECT_EQ(OfIncident(alerts, kaya).size(), 1U);
  EXPECT_EQ(IncidentWithArticle(alerts, "kaya-1"), IncidentWithArticle(alerts, "kaya-1"));
  EXPECT_TRUE(OfKind(alerts, AlertKind::kSpike).empty());
}

TEST(Correlator, IncidentIdsAreDeterministicAcrossRuns) {
  auto first = MakeCorrelator();
  auto second = MakeCorrelator();
  const auto a = Feed(*first, DjiboStoryWithKaya());
  const auto b = Feed(*second, DjiboStoryWithKaya());
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].id, b[i].id);
}

TEST(Correlator, SyndicatedCopyWithSameTextCountsAsOneSource) {
  auto correlator = MakeCorrelator();
  auto reports = DjiboStoryWithKaya();
  Report copy = reports[0];
  copy.article.id = "lefaso-copy";
  copy.article.source = "LeFaso.net";
  copy.events = {MakeEvent(copy.article, EventType::kAttackOnCivilians, Djibo(), 4)};

  Feed(*correlator, {reports[0]});
  const auto after_copy = Feed(*correlator, {copy});
  EXPECT_TRUE(after_copy.empty());  // nothing changed: no new version
  EXPECT_EQ(correlator->GetStats().duplicates_suppressed, 1U);

  // The next material change shows the copy listed but counted once.
  const auto update = Feed(*correlator, {reports[3]});
  ASSERT_EQ(update.size(), 1U);
  EXPECT_EQ(update[0].source_count, 2U);  // afp-1 (+ its copy) and reuters-1
  EXPECT_EQ(update[0].article_ids.size(), 3U);
}

TEST(Correlator, CopyUnderAnotherDatelineAndFooterCountsAsOneSource) {
  auto correlator = MakeCorrelator();
  auto reports = DjiboStoryWithKaya();
  Report copy = reports[3];
  copy.article.id = "wire-copy";
  copy.article.source = "Yahoo News";
  copy.article.text = "OUAGADOUGOU, Burkina Faso (Reuters) - " + copy.article.text +
                      " (Reporting by our correspondent; Editing by the Africa desk) "
                      "Copyright 2023 Reuters. All rights reserved.";
  copy.events = {MakeEvent(copy.article, EventType::kAttackOnCivilians, Djibo(), 12)};

  Feed(*correlator, {reports[0], reports[3]});
  EXPECT_TRUE(Feed(*correlator, {copy}).empty());
  EXPECT_EQ(correlator->GetStats().duplicates_suppressed, 1U);
  const auto update = Feed(*correlator, {reports[7]});
  ASSERT_EQ(update.size(), 1U);
  EXPECT_EQ(update[0].source_count, 3U);  // afp-1, reuters-1 (+ copy), ap-1
}

TEST(Correlator, IndependentReportsAreSeparateSources) {
  auto correlator = MakeCorrelator();
  const auto reports = DjiboStoryWithKaya();
  Feed(*correlator, {reports[0], reports[2], reports[3]});
  EXPECT_EQ(correlator->GetStats().duplicates_suppressed, 0U);
  const auto update = Feed(*correlator, {reports[7]});
  ASSERT_EQ(update.size(), 1U);
  EXPECT_EQ(update[0].source_count, 4U);
}

TEST(Correlator, RedeliveredArticleChangesNothing) {
  auto correlator = MakeCorrelator();
  const auto reports = DjiboStoryWithKaya();
  ASSERT_EQ(Feed(*correlator, {reports[0]}).size(), 1U);
  EXPECT_TRUE(Feed(*correlator, {reports[0]}).empty());
  EXPECT_EQ(correlator->GetStats().repeats_ignored, 1U);
  const auto update = Feed(*correlator, {reports[3]});
  ASSERT_EQ(update.size(), 1U);
  EXPECT_EQ(update[0].source_count, 2U);
  EXPECT_EQ(update[0].version, 2U);
}

TEST(Correlator, NewSourceWithoutChangeIsCountedButNotPublished) {
  auto correlator = MakeCorrelator();
  const auto reports = DjiboStoryWithKaya();
  Feed(*correlator, {reports[0], reports[3]});
  EXPECT_TRUE(Feed(*correlator, {reports[4]}).empty());  // toll 12 again
  EXPECT_TRUE(Feed(*correlator, {reports[2]}).empty());  // no toll
  const auto update = Feed(*correlator, {reports[7]});
  ASSERT_EQ(update.size(), 1U);
  EXPECT_EQ(update[0].source_count, 5U);
  EXPECT_EQ(update[0].version, 3U);
}

TEST(Correlator, RestartWithRestoredAlertsContinuesVersions) {
  const auto reports = DjiboStoryWithKaya();
  const std::vector<Report> before(reports.begin(), reports.begin() + 4);
  const std::vector<Report> after(reports.begin() + 4, reports.end());

  auto reference = MakeCorrelator();
  const auto uninterrupted = Feed(*reference, reports);

  auto first = MakeCorrelator();
  const auto published = Feed(*first, before);
  auto restarted = MakeCorrelator();
  restarted->Restore(published);
  EXPECT_EQ(restarted->GetStats().incidents_open, 2U);

  // A redelivery of an article already published is recognised after the restart.
  EXPECT_TRUE(Feed(*restarted, {reports[3]}).empty());
  const auto resumed = Feed(*restarted, after);
  for (const auto& alert : resumed) EXPECT_NE(alert.change, "new") << alert.id;

  const std::string djibo = IncidentWithArticle(published, "afp-1");
  const auto versions = OfIncident(resumed, djibo);
  ASSERT_EQ(versions.size(), 1U);
  EXPECT_EQ(versions[0].version, 3U);
  EXPECT_EQ(*versions[0].counts.fatalities, 15U);
  EXPECT_EQ(versions[0].source_count, 6U);
  EXPECT_EQ(versions[0].id, uninterrupted.back().id);
}

TEST(Correlator, RestoreKeepsTheHighestVersionOfEachIncident) {
  auto first = MakeCorrelator();
  auto published = Feed(*first, DjiboStoryWithKaya());
  std::reverse(published.begin(), published.end());  // order must not matter
  auto restarted = MakeCorrelator();
  restarted->Restore(published);
  auto reports = DjiboStoryWithKaya();
  Report later = reports[7];
  later.article.id = "ap-2";
  later.article.source = "BBC";
  later.article.text = "Burkina Faso mourns 21 people killed in the Djibo attack, officials said.";
  later.article.published_at_ms += kHour;
  later.events = {MakeEvent(later.article, EventType::kAttackOnCivilians, Djibo(), 21)};
  const auto update = Feed(*restarted, {later});
  ASSERT_EQ(update.size(), 1U);
  EXPECT_EQ(update[0].version, 4U);
  EXPECT_EQ(update[0].change, "toll_rose");
  EXPECT_EQ(update[0].source_count, 7U);
}

TEST(Correlator, MaterialChangesAreNamed) {
  auto correlator = MakeCorrelator();
  const auto reports = DjiboStoryWithKaya();
  Feed(*correlator, {reports[0]});

  Report spread = reports[2];
  spread.events[0].countries = {"BF", "NE"};
  spread.events[0].severity = Severity::kCritical;
  const auto update = Feed(*correlator, {spread});
  ASSERT_EQ(update.size(), 1U);
  EXPECT_EQ(update[0].change, "new_country,severity_up");
  EXPECT_EQ(update[0].countries, (std::vector<std::string>{"BF", "NE"}));
}

TEST(Correlator, PlaceRefinementIsMaterial) {
  auto correlator = MakeCorrelator();
  const auto reports = DjiboStoryWithKaya();
  ASSERT_EQ(Feed(*correlator, {reports[6]}).size(), 1U);  // region only
  const auto update = Feed(*correlator, {reports[2]});    // the town
  ASSERT_EQ(update.size(), 1U);
  EXPECT_EQ(update[0].change, "place_refined");
  EXPECT_EQ(update[0].places.front().name, "Djibo");
}

TEST(Correlator, OutlierTollIsIgnoredOnceThreeFiguresAreKnown) {
  auto correlator = MakeCorrelator();
  auto reports = DjiboStoryWithKaya();
  Feed(*correlator, {reports[0], reports[3]});  // 4, 12
  Report aggregate = reports[7];
  aggregate.events[0].counts.fatalities = 16000;  // "16,000 killed since 2015" misread
  EXPECT_TRUE(Feed(*correlator, {aggregate}).empty());
}

TEST(Correlator, NearbyPointsMergeAndDistantOnesDoNot) {
  auto correlator = MakeCorrelator();
  const auto reports = DjiboStoryWithKaya();
  Feed(*correlator, {reports[0]});
  // ~20 km away: the same attack placed at a neighbouring village.
  Report near = MakeReport("near", "Burkina24", "fr", "Attaque près de Djibo, à Gaskindé.", kT0 + kHour,
                           EventType::kAttackOnCivilians, Town("BF", "Sahel", "Gaskinde", 14.25, -1.50), 4);
  // ~120 km away, same admin1: another attack.
  Report far = MakeReport("far", "Burkina24", "fr", "Attaque à Dori.", kT0 + kHour, EventType::kAttackOnCivilians,
                          Town("BF", "Sahel", "Dori", 14.03, -0.03), 4);
  Feed(*correlator, {near});
  EXPECT_EQ(correlator->GetStats().incidents_open, 1U);
  Feed(*correlator, {far});
  EXPECT_EQ(correlator->GetStats().incidents_open, 2U);
}

TEST(Correlator, TownsWithoutCoordinatesMatchByFoldedName) {
  auto correlator = MakeCorrelator();
  Report first = MakeReport("m1", "RFI", "fr", "Attaque à Ménaka.", kT0, EventType::kAttackOnCivilians,
                            Town("ML", "Ménaka", "Ménaka", std::nullopt, std::nullopt), 3);
  Report second = MakeReport("m2", "AFP", "en", "Attack in MENAKA.", kT0 + kHour, EventType::kAttackOnCivilians,
                             Town("ML", "MENAKA", "MENAKA", std::nullopt, std::nullopt), 3);
  Report other = MakeReport("m3", "AFP", "en", "Attack in Inekar.", kT0 + kHour, EventType::kAttackOnCivilians,
                            Town("ML", "Ménaka", "Inekar", std::nullopt, std::nullopt), 3);
  Feed(*correlator, {first, second});
  EXPECT_EQ(correlator->GetStats().incidents_open, 1U);
  Feed(*correlator, {other});
  EXPECT_EQ(correlator->GetStats().incidents_open, 2U);
}

TEST(Correlator, CountryOnlyReportJoinsAnIncidentInThatCountry) {
  auto correlator = MakeCorrelator();
  const auto reports = DjiboStoryWithKaya();
  Feed(*correlator, {reports[0]});
  Place country;
  country.country = "BF";
  country.precision = PlacePrecision::kCountry;
  Report vague = MakeReport("vague", "BBC", "en", "Attack in Burkina Faso.", kT0 + kHour, EventType::kAttackOnCivilians,
                            country, std::nullopt);
  Feed(*correlator, {vague});
  EXPECT_EQ(correlator->GetStats().incidents_open, 1U);
  Place elsewhere = country;
  elsewhere.country = "NE";
  Report niger = MakeReport("niger", "BBC", "en", "Attack in Niger.", kT0 + kHour, EventType::kAttackOnCivilians,
                            elsewhere, std::nullopt);
  Feed(*correlator, {niger});
  EXPECT_EQ(correlator->GetStats().incidents_open, 2U);
}

TEST(Correlator, IncompatibleTypesAndCoarseCrossTypeMatchesStaySeparate) {
  auto correlator = MakeCorrelator();
  const auto reports = DjiboStoryWithKaya();
  Feed(*correlator, {reports[0]});
  Report blast = MakeReport("ied", "AFP", "en", "A roadside bomb exploded in Djibo.", kT0 + kHour,
                            EventType::kExplosion, Djibo(), 2);
  Feed(*correlator, {blast});
  EXPECT_EQ(correlator->GetStats().incidents_open, 2U);
  // A battle known only at the region does not join the attack on civilians.
  Report clash = MakeReport("clash", "AFP", "en", "Clashes in the Sahel region.", kT0 + kHour, EventType::kBattle,
                            Region("BF", "Sahel"), 2);
  Feed(*correlator, {clash});
  EXPECT_EQ(correlator->GetStats().incidents_open, 3U);
}

TEST(Correlator, ReportsOutsideTheWindowOpenANewIncident) {
  AlertPolicy policy;
  policy.type_window_seconds[static_cast<std::size_t>(EventType::kAttackOnCivilians)] = 2 * kDaySeconds;
  auto correlator = MakeCorrelator(policy);
  const auto reports = DjiboStoryWithKaya();
  Feed(*correlator, {reports[0]});
  Report week_later = reports[7];
  week_later.article.published_at_ms = kT0 + 3 * kDay;
  const auto alerts = Feed(*correlator, {week_later});
  ASSERT_EQ(alerts.size(), 1U);
  EXPECT_EQ(alerts[0].change, "new");
  EXPECT_EQ(correlator->GetStats().incidents_open, 2U);
}

TEST(Correlator, PolicyFiltersConfidenceStatusAndType) {
  AlertPolicy policy;
  policy.types[static_cast<std::size_t>(EventType::kProtest)] = false;
  auto correlator = MakeCorrelator(policy);
  auto reports = DjiboStoryWithKaya();
  Report weak = reports[0];
  weak.events[0].confidence = 0.3;
  Report nan = reports[0];
  nan.events[0].confidence = std::numeric_limits<double>::quiet_NaN();
  Report background = reports[0];
  background.events[0].status = EventStatus::kBackground;
  Report protest = reports[0];
  protest.events[0].type = EventType::kProtest;
  EXPECT_TRUE(Feed(*correlator, {weak, nan, background, protest}).empty());
  EXPECT_EQ(correlator->GetStats().incidents_open, 0U);
}

TEST(Correlator, IncidentIsPublishedOnceItReachesMinSeverity) {
  AlertPolicy policy;
  policy.min_severity = Severity::kHigh;
  auto correlator = MakeCorrelator(policy);
  auto reports = DjiboStoryWithKaya();
  reports[0].events[0].severity = Severity::kMedium;
  EXPECT_TRUE(Feed(*correlator, {reports[0]}).empty());
  const auto alerts = Feed(*correlator, {reports[3]});
  ASSERT_EQ(alerts.size(), 1U);
  EXPECT_EQ(alerts[0].version, 1U);
  EXPECT_EQ(alerts[0].change, "new");
  EXPECT_EQ(alerts[0].source_count, 2U);
}

Report PlannedJointOperation(std::string id, std::string text, std::int64_t at, std::vector<std::string> countries) {
  Report report;
  report.article.id = std::move(id);
  report.article.source = "ORTM";
  report.article.text = std::move(text);
  report.article.published_at_ms = at;
  Event event = MakeEvent(report.article, EventType::kJointOperation, Region("ML", ""), std::nullopt, Severity::kMedium,
                          EventStatus::kPlanned);
  event.place.precision = PlacePrecision::kCountry;
  event.countries = std::move(countries);
  report.events = {event};
  return report;
}

TEST(Correlator, PlannedJointOperationIsDeduplicatedByParticipantsAndWindow) {
  auto correlator = MakeCorrelator();
  const auto alerts = Feed(
      *correlator, {PlannedJointOperation("aes-1", "AES leaders pledge joint operations.", kT0, {"ML", "BF", "NE"}),
                    PlannedJointOperation("aes-2", "Les chefs de l'AES promettent des opérations conjointes.",
                                          kT0 + kDay, {"NE", "ML", "BF"}),
                    PlannedJointOperation("bilateral", "Mali and Burkina to patrol their border jointly.", kT0 + kDay,
                                          {"ML", "BF"})});
  const auto planned = OfKind(alerts, AlertKind::kPlannedJointOperation);
  ASSERT_EQ(planned.size(), 2U);
  EXPECT_EQ(planned[0].countries, (std::vector<std::string>{"BF", "ML", "NE"}));
  EXPECT_EQ(planned[0].status, EventStatus::kPlanned);
  EXPECT_NE(planned[0].incident_id, planned[1].incident_id);
  EXPECT_EQ(planned[0].incident_id.rfind("jop-", 0), 0U);
  // The summary an ops team reads names the participants, not where it was announced.
  EXPECT_EQ(planned[0].summary.rfind("planned joint operation by BF, ML, NE", 0), 0U) << planned[0].summary;
}

TEST(Correlator, PlannedJointOperationSurvivesRestart) {
  auto first = MakeCorrelator();
  const auto published =
      Feed(*first, {PlannedJointOperation("aes-1", "AES leaders pledge joint operations.", kT0, {"ML", "BF", "NE"})});
  ASSERT_EQ(published.size(), 1U);
  auto restarted = MakeCorrelator();
  restarted->Restore(published);
  EXPECT_TRUE(Feed(*restarted, {PlannedJointOperation("aes-2", "Une force unifiée sera déployée.", kT0 + kHour,
                                                      {"BF", "NE", "ML"})})
                  .empty());
}

// One new incident (a distinct village, no coordinates) in `admin1` at `at`.
Report VillageAttack(const std::string& admin1, int serial, std::int64_t at) {
  const std::string village = admin1 + "-village-" + std::to_string(serial);
  return MakeReport(village, "Local radio", "fr", "Attaque armée contre le village " + village + ".", at,
                    EventType::kAttackOnCivilians, Town("BF", admin1, village, std::nullopt, std::nullopt), 2);
}

TEST(Correlator, BurstInOneAdmin1RaisesExactlyOneSpike) {
  auto correlator = MakeCorrelator();
  std::vector<Report> reports;
  int serial = 0;
  // Twenty quiet days: one attack a day in Est, two in Boucle du Mouhoun.
  for (int day = 0; day < 20; ++day) {
    reports.push_back(VillageAttack("Est", serial++, kT0 + day * kDay));
    reports.push_back(VillageAttack("Boucle du Mouhoun", serial++, kT0 + day * kDay + 3 * kHour));
    reports.push_back(VillageAttack("Boucle du Mouhoun", serial++, kT0 + day * kDay + 15 * kHour));
  }
  // Then eight attacks in Est within ten hours.
  for (int i = 0; i < 8; ++i) {
    reports.push_back(VillageAttack("Est", serial++, kT0 + 20 * kDay + i * kHour + kHour / 2));
  }
  const auto spikes = OfKind(Feed(*correlator, reports), AlertKind::kSpike);
  ASSERT_EQ(spikes.size(), 1U);
  EXPECT_EQ(spikes[0].places.front().admin1, "Est");
  EXPECT_EQ(spikes[0].type, EventType::kAttackOnCivilians);
  EXPECT_GE(spikes[0].spike_count, 5U);
  EXPECT_GT(spikes[0].spike_baseline, 0.5);
  EXPECT_LT(spikes[0].spike_baseline, 2.0);
  EXPECT_EQ(spikes[0].spike_window_seconds, 86400U);
  EXPECT_EQ(correlator->GetStats().spike_episodes, 1U);
}

TEST(Correlator, SteadyHighRateIsNoSpike) {
  auto correlator = MakeCorrelator();
  std::vector<Report> reports;
  int serial = 0;
  // Six attacks a day, every day, for three weeks: above min_events, never above baseline.
  for (int day = 0; day < 21; ++day) {
    for (int slot = 0; slot < 6; ++slot) {
      reports.push_back(VillageAttack("Sahel", serial++, kT0 + day * kDay + slot * 4 * kHour));
    }
  }
  EXPECT_TRUE(OfKind(Feed(*correlator, reports), AlertKind::kSpike).empty());
}

TEST(Correlator, SpikeEpisodeEndsAndASecondBurstAlertsAgain) {
  auto correlator = MakeCorrelator();
  std::vector<Report> reports;
  int serial = 0;
  for (int day = 0; day < 10; ++day) reports.push_back(VillageAttack("Est", serial++, kT0 + day * kDay));
  for (int i = 0; i < 6; ++i) reports.push_back(VillageAttack("Est", serial++, kT0 + 10 * kDay + i * kHour));
  for (int day = 12; day < 20; ++day) reports.push_back(VillageAttack("Est", serial++, kT0 + day * kDay));
  for (int i = 0; i < 12; ++i) reports.push_back(VillageAttack("Est", serial++, kT0 + 20 * kDay + i * kHour));
  const auto spikes = OfKind(Feed(*correlator, reports), AlertKind::kSpike);
  ASSERT_EQ(spikes.size(), 2U);
  EXPECT_NE(spikes[0].incident_id, spikes[1].incident_id);
}

TEST(Correlator, OpenSpikeEpisodeIsNotRealertedAfterRestart) {
  auto first = MakeCorrelator();
  std::vector<Report> before;
  int serial = 0;
  for (int day = 0; day < 10; ++day) before.push_back(VillageAttack("Est", serial++, kT0 + day * kDay));
  for (int i = 0; i < 6; ++i) before.push_back(VillageAttack("Est", serial++, kT0 + 10 * kDay + i * kHour));
  const auto published = Feed(*first, before);
  ASSERT_EQ(OfKind(published, AlertKind::kSpike).size(), 1U);

  auto restarted = MakeCorrelator();
  restarted->Restore(published);
  std::vector<Report> after;
  for (int i = 6; i < 10; ++i) after.push_back(VillageAttack("Est", serial++, kT0 + 10 * kDay + i * kHour));
  EXPECT_TRUE(OfKind(Feed(*restarted, after), AlertKind::kSpike).empty());
}

TEST(Correlator, StateIsBoundedByMaxIncidentsOldestFirst) {
  AlertPolicy policy;
  policy.max_incidents = 10;
  auto correlator = MakeCorrelator(policy);
  std::vector<Report> reports;
  for (int i = 0; i < 25; ++i) reports.push_back(VillageAttack("Nord", i, kT0 + i * 60 * 1000));
  Feed(*correlator, reports);
  auto stats = correlator->GetStats();
  EXPECT_EQ(stats.incidents_open, 10U);
  EXPECT_EQ(stats.incidents_evicted, 15U);
  EXPECT_EQ(stats.incidents_created, 25U);
  // The newest is still known (a repeat), the oldest was evicted (a new incident again).
  EXPECT_TRUE(Feed(*correlator, {reports.back()}).empty());
  EXPECT_EQ(Feed(*correlator, {reports.front()}).size(), 1U);
}

TEST(Correlator, IncidentsExpireAfterWindowPlusTtl) {
  auto correlator = MakeCorrelator();
  const auto reports = DjiboStoryWithKaya();
  Feed(*correlator, {reports[0], reports[1]});
  EXPECT_EQ(correlator->GetStats().incidents_open, 2U);
  Feed(*correlator, {VillageAttack("Est", 1, kT0 + 10 * kDay)});
  const auto stats = correlator->GetStats();
  EXPECT_EQ(stats.incidents_open, 1U);
  EXPECT_EQ(stats.incidents_expired, 2U);
}

TEST(Correlator, ConcurrentObserversAgreeWithSequentialCounts) {
  auto correlator = MakeCorrelator();
  constexpr int kThreads = 4;
  constexpr int kPerThread = 200;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&correlator, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Every thread reports the same 50 incidents: duplicates across threads must merge.
        const int incident = i % 50;
        Report report = VillageAttack("Centre", incident, kT0 + incident * 1000);
        report.article.id += "-t" + std::to_string(t) + "-" + std::to_string(i);
        report.article.source = "outlet-" + std::to_string(t);
        correlator->Observe(report.article, report.events, kT0 + kHour);
        (void)correlator->GetStats();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const auto stats = correlator->GetStats();
  EXPECT_EQ(stats.incidents_open, 50U);
  EXPECT_EQ(stats.incidents_created, 50U);
}

TEST(Correlator, MalformedInputDoesNotBreakIt) {
  auto correlator = MakeCorrelator();
  Report report = MakeReport("bad", "", "", std::string(200000, 'x') + " \xC3 \xE2\x80", -5,
                             EventType::kAttackOnCivilians, Place{}, std::nullopt);
  report.events[0].place.lat = std::numeric_limits<double>::quiet_NaN();
  report.events[0].place.lon = 1e9;
  report.events[0].place.precision = PlacePrecision::kTown;
  report.events[0].confidence = 7.0;
  Report twin = report;
  twin.article.id = "bad-2";
  twin.article.text.clear();
  twin.events[0].id = "";
  twin.events[0].countries = {""};
  EXPECT_EQ(Feed(*correlator, {report, twin}).size(), 1U);
  correlator->Observe(report.article, {}, 0);
  correlator->Observe(report.article, report.events, std::numeric_limits<std::int64_t>::max());

  Alert junk;
  junk.incident_id = "inc-junk";
  junk.first_seen_ms = std::numeric_limits<std::int64_t>::min();
  junk.last_seen_ms = std::numeric_limits<std::int64_t>::max();
  Alert spike;
  spike.kind = AlertKind::kSpike;
  spike.incident_id = "spk-junk";
  correlator->Restore({junk, spike, junk});
  SUCCEED();
}

}  // namespace
}  // namespace sahelwatch::correlate
