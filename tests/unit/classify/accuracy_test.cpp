// Round-two accuracy rules, each pinned by a news-style sentence: kidnappers leading
// captives away, verbal coup attempts, air support, vehicle bombs, appositives in tolls,
// future deadlines and the Nigerian Civilian JTF.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>

#include "classify/classifier.h"
#include "project_classifier.h"

namespace sahelwatch::classify {
namespace {

const Classifier& Shared() { return ProjectClassifier(); }

// published_at_ms 0: undated, as most of these sentences are.
std::vector<Event> Classify(const std::string& text, const std::string& lang, std::int64_t published_at_ms = 0) {
  Article article;
  article.id = "accuracy";
  article.text = text;
  article.lang = lang;
  article.published_at_ms = published_at_ms;
  return Shared().Classify(article);
}

const Event* Find(const std::vector<Event>& events, EventType type, EventStatus status) {
  const auto it =
      std::find_if(events.begin(), events.end(), [&](const Event& e) { return e.type == type && e.status == status; });
  return it == events.end() ? nullptr : &*it;
}

bool Has(const std::vector<Event>& events, EventType type) {
  return std::any_of(events.begin(), events.end(), [&](const Event& e) { return e.type == type; });
}

// `text` tells `told` as occurred and nothing of type `absent`.
void ExpectToldWithout(const std::string& text, const std::string& lang, EventType told, EventType absent) {
  const auto events = Classify(text, lang);
  EXPECT_NE(Find(events, told, EventStatus::kOccurred), nullptr) << text;
  EXPECT_FALSE(Has(events, absent)) << text;
}

TEST(AccuracyRules, CaptivesLedAwayMakeTheRaidAKidnapping) {
  const auto events = Classify(
      "Gunmen stormed a boarding school in Zamfara state overnight, shot dead a watchman and led the "
      "pupils away into the bush, police said.",
      "en");
  const Event* abduction = Find(events, EventType::kAbduction, EventStatus::kOccurred);
  ASSERT_NE(abduction, nullptr);
  EXPECT_EQ(abduction->counts.fatalities, 1U);
  EXPECT_FALSE(Has(events, EventType::kAttackOnCivilians));
}

TEST(AccuracyRules, FoiledAttemptToOverthrowIsACoup) {
  const auto events = Classify(
      "The government said on Tuesday it had foiled an attempt to overthrow the head of state and "
      "arrested several officers.",
      "en");
  EXPECT_NE(Find(events, EventType::kCoup, EventStatus::kOccurred), nullptr);
}

TEST(AccuracyRules, CivilianJointTaskForceIsNoJointOperation) {
  const auto events = Classify(
      "A commander of the Civilian Joint Task Force said fighters attacked farmers near Mafa in Borno "
      "state.",
      "en");
  EXPECT_FALSE(Has(events, EventType::kJointOperation));
  EXPECT_FALSE(Has(events, EventType::kMilitaryOperation));
}

TEST(AccuracyRules, BurnedOutMilitaryCampIsNoRaidOnCivilians) {
  const auto events = Classify("The video showed armed men walking through a burned-out military camp.", "en");
  EXPECT_FALSE(Has(events, EventType::kAttackOnCivilians));
}

TEST(AccuracyRules, AirSupportIsPartOfTheBattle) {
  const auto events =
      Classify("L'attaque a été repoussée par les soldats, appuyés par les vecteurs aériens, selon l'armée.", "fr");
  EXPECT_NE(Find(events, EventType::kBattle, EventStatus::kOccurred), nullptr);
  EXPECT_FALSE(Has(events, EventType::kExplosion));
}

TEST(AccuracyRules, AircraftWithoutAStrikeAreNoExplosion) {
  const auto events = Classify("Les deux pays mettront en commun leurs moyens aériens.", "fr");
  EXPECT_FALSE(Has(events, EventType::kExplosion));
  const auto strike = Classify("Les vecteurs aériens de l'armée ont frappé une colonne de terroristes.", "fr");
  EXPECT_NE(Find(strike, EventType::kExplosion, EventStatus::kOccurred), nullptr);
}

TEST(AccuracyRules, BoobyTrappedVehiclesNeedAnExplosion) {
  const auto arrival = Classify(
      "Les assaillants sont arrivés à bord de motos et de véhicules piégés avant d'attaquer le camp militaire.", "fr");
  EXPECT_FALSE(Has(arrival, EventType::kExplosion));
  EXPECT_FALSE(Has(arrival, EventType::kDisplacement));
  const auto blast = Classify("Un véhicule piégé a explosé devant le camp militaire de Boulkessi.", "fr");
  EXPECT_NE(Find(blast, EventType::kExplosion, EventStatus::kOccurred), nullptr);
}

TEST(AccuracyRules, TollStepsOverAnAppositive) {
  const auto events = Classify(
      "Au moins 26 personnes, dont une majorité de civils, ont perdu la vie lors d'une attaque d'hommes "
      "armés contre des villages de la commune de Diallassagou.",
      "fr");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front().counts.fatalities, 26U);
}

TEST(AccuracyRules, LeavingTheAreaToTakeRefugeIsDisplacement) {
  const auto events = Classify("Des dizaines de familles ont quitté la zone pour se réfugier à Bankass.", "fr");
  EXPECT_NE(Find(events, EventType::kDisplacement, EventStatus::kOccurred), nullptr);
}

TEST(AccuracyRules, FutureDeadlineAndAuthorisationArePlanned) {
  const auto deployment = Classify(
      "Les ministres ont annoncé que les bataillons de la force unifiée seraient déployés d'ici fin mars.", "fr");
  EXPECT_NE(Find(deployment, EventType::kJointOperation, EventStatus::kPlanned), nullptr);
  const auto march = Classify(
      "Le ministère de l'Intérieur n'a pas encore indiqué s'il autoriserait la manifestation de samedi.", "fr");
  EXPECT_NE(Find(march, EventType::kProtest, EventStatus::kPlanned), nullptr);
}

TEST(AccuracyRules, ThreatToAttackTrucksIsPlanned) {
  const auto events =
      Classify("Le groupe jihadiste a menacé de s'en prendre à tout camion-citerne circulant vers le Mali.", "fr");
  const bool planned = Find(events, EventType::kAttackOnCivilians, EventStatus::kPlanned) != nullptr ||
                       Find(events, EventType::kBattle, EventStatus::kPlanned) != nullptr;
  EXPECT_TRUE(planned);
}

TEST(AccuracyCountry, CommunitiesAndHomeBasedGroupsPointToTheirCountry) {
  const auto dogon = Classify("Gunmen attacked the Dogon village of Sangari and killed two farmers.", "en");
  ASSERT_FALSE(dogon.empty());
  EXPECT_EQ(dogon.front().place.country, "ML");
  const auto ansarul = Classify("Ansarul Islam militants abducted a teacher near the school on Monday.", "en");
  ASSERT_FALSE(ansarul.empty());
  EXPECT_EQ(ansarul.front().place.country, "BF");
  // A place the text names outranks a community cue.
  const auto placed = Classify("Gunmen killed two Dogon traders in Djibo on Monday.", "en");
  ASSERT_FALSE(placed.empty());
  EXPECT_EQ(placed.front().place.country, "BF");
}

TEST(AccuracyCountry, UnitPairInParenthesesOutranksANamesake) {
  // "Bani" alone is a Burkinabe town; "Bani-Do" is another village, and the pair places it.
  const auto pair = Classify(
      "Militants attacked the villages of Mandoli and Bani-Do (Bandiagara, Mopti) on Sunday, killing two people.",
      "en");
  ASSERT_FALSE(pair.empty());
  EXPECT_EQ(pair.front().place.country, "ML");
  EXPECT_EQ(pair.front().place.admin1, "Mopti");
  // The first name a namesake in another country, the second a unit: the unit decides.
  const auto namesake = Classify("Residents staged a demonstration in Bama (Bama, Houet) on Monday.", "en");
  ASSERT_FALSE(namesake.empty());
  EXPECT_EQ(namesake.front().place.country, "BF");
}

TEST(AccuracyCountry, PersonNamesAreNoPlaces) {
  const auto events = Classify(
      "Residents staged a demonstration in support of deposed president Ibrahim Boubacar Keita in Bamako.", "en");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front().place.country, "ML");
  const auto titled = Classify("Supporters of President Boni Yayi protested in the streets of Cotonou.", "en");
  ASSERT_FALSE(titled.empty());
  EXPECT_EQ(titled.front().place.country, "BJ");
}

TEST(AccuracyCountry, ANeighbourNamedAsBorderIsNoLocation) {
  const auto events =
      Classify("Militants attacked an MSA convoy near the Niger border, killing twelve militiamen.", "en");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front().place.country, "ML");
}

std::optional<std::uint32_t> FatalitiesOf(const std::string& text, const std::string& lang = "en") {
  const auto events = Classify(text, lang);
  if (events.empty()) return std::nullopt;
  return events.front().counts.fatalities;
}

TEST(AccuracyTolls, TheWholeNotThePart) {
  EXPECT_EQ(FatalitiesOf("Gunmen attacked the village. Nine people including two policemen were killed."), 9U);
  EXPECT_EQ(FatalitiesOf("Gunmen killed five merchants including two Malians and three Burkinabes near the market."),
            5U);
  EXPECT_EQ(FatalitiesOf("Militants attacked an army post. Two fighters (members of the CMA) were killed."), 2U);
}

TEST(AccuracyTolls, OneVictimAndNoAnimals) {
  EXPECT_EQ(FatalitiesOf("Unknown gunmen assassinated a village chief in his home on Monday."), 1U);
  EXPECT_EQ(FatalitiesOf("Three civilians were killed by the explosion of an IED, which also killed three oxen."), 3U);
  EXPECT_EQ(FatalitiesOf("Militants ambushed an army convoy: 4 soldiers killed & 3 wounded, the army said."), 4U);
}

TEST(AccuracyTypes, KillingAMilitiaCommanderIsFighting) {
  const auto events = Classify("Militants aboard motorbikes killed a GATIA officer near Menaka on Tuesday.", "en");
  EXPECT_NE(Find(events, EventType::kBattle, EventStatus::kOccurred), nullptr);
  EXPECT_FALSE(Has(events, EventType::kAttackOnCivilians));
}

TEST(AccuracyTypes, ATollOfWoundedIsNoSeparateAssault) {
  const auto events = Classify(
      "Militants attacked the military camp in Douentza. Four dead, among them two assailants, and several wounded.",
      "en");
  EXPECT_NE(Find(events, EventType::kBattle, EventStatus::kOccurred), nullptr);
  EXPECT_FALSE(Has(events, EventType::kAttackOnCivilians));
}

TEST(AccuracyTypes, LootingDuringAnAttackIsPartOfIt) {
  const auto events =
      Classify("Militants attacked a checkpoint near San. They wounded a gendarme and seized four motorbikes.", "en");
  EXPECT_NE(Find(events, EventType::kBattle, EventStatus::kOccurred), nullptr);
  EXPECT_FALSE(Has(events, EventType::kAttackOnCivilians));
  const auto alone = Classify("Armed men stole the livestock of several herders near Ansongo.", "en");
  EXPECT_NE(Find(alone, EventType::kAttackOnCivilians, EventStatus::kOccurred), nullptr);
}

TEST(AccuracyTypes, VigilantesKillingIsMobViolence) {
  const auto events = Classify("A vigilante group killed a man suspected of theft in Bohicon on Sunday.", "en");
  EXPECT_NE(Find(events, EventType::kProtest, EventStatus::kOccurred), nullptr);
  EXPECT_FALSE(Has(events, EventType::kAttackOnCivilians));
}

TEST(AccuracyTypes, GunshotsAtForcesAndShootoutsAreBattles) {
  const auto shots = Classify("Militants fired gunshots at a gendarmerie unit between Dori and Seytenga.", "en");
  EXPECT_NE(Find(shots, EventType::kBattle, EventStatus::kOccurred), nullptr);
  EXPECT_FALSE(Has(shots, EventType::kAttackOnCivilians));
  const auto shootout = Classify("Soldiers killed two bandits in a shootout near Banikoara on Monday.", "en");
  EXPECT_NE(Find(shootout, EventType::kBattle, EventStatus::kOccurred), nullptr);
}

// A headline line speaks in the present tense without modality: its readings take the
// status the body gives their type, and a type only the headline reads is dropped.
TEST(AccuracyHeadline, TakesTheBodysStatus) {
  const auto planned = Classify(
      "Mali opposition calls nationwide protests for civilian rule\n\n"
      "BAMAKO - A coalition of Malian opposition parties called on its supporters to march through Bamako next "
      "Friday to demand a return to civilian rule, its spokesman said on Monday.",
      "en");
  EXPECT_NE(Find(planned, EventType::kProtest, EventStatus::kPlanned), nullptr);
  EXPECT_EQ(Find(planned, EventType::kProtest, EventStatus::kOccurred), nullptr);

  const auto strike = Classify(
      "Niger air force strikes kill 25 militants near Lake Chad, army says\n\n"
      "NIAMEY - Niger's air force carried out air strikes on Sunday on an ISWAP camp near Lake Chad, killing 25 "
      "militants, the army said.",
      "en");
  EXPECT_NE(Find(strike, EventType::kExplosion, EventStatus::kOccurred), nullptr);
  EXPECT_EQ(Find(strike, EventType::kBattle, EventStatus::kOccurred), nullptr);
}

TEST(AccuracyHeadline, AStoryThatIsOnlyAHeadlineKeepsItsReading) {
  const auto events = Classify("Gunmen kill 12 villagers in central Mali\n\nMore to follow.", "en");
  const Event* attack = Find(events, EventType::kAttackOnCivilians, EventStatus::kOccurred);
  ASSERT_NE(attack, nullptr);
  EXPECT_EQ(attack->counts.fatalities, 12U);
}

// Place names that are also words or names ("Save", "Say", "Boni") need a locative.
TEST(AccuracyPlaces, CommonWordNamesNeedALocative) {
  const auto charity =
      Classify("Save the Children said gunmen killed 12 villagers in northern Burkina Faso on Sunday.", "en");
  const Event* attack = Find(charity, EventType::kAttackOnCivilians, EventStatus::kOccurred);
  ASSERT_NE(attack, nullptr);
  EXPECT_EQ(attack->place.country, "BF");
  const auto town = Classify("Gunmen killed 12 villagers in Say on Sunday, local sources said.", "en");
  attack = Find(town, EventType::kAttackOnCivilians, EventStatus::kOccurred);
  ASSERT_NE(attack, nullptr);
  EXPECT_EQ(attack->place.country, "NE");
  EXPECT_EQ(attack->place.name, "Say");
  const auto pair = Classify("On 3 May 2021, unknown gunmen killed two herders near Kouré (Say, Tillaberi).", "en");
  attack = Find(pair, EventType::kAttackOnCivilians, EventStatus::kOccurred);
  ASSERT_NE(attack, nullptr);
  EXPECT_EQ(attack->place.country, "NE");
}

// "In a separate attack", "Par ailleurs": another incident, with its own toll.
TEST(AccuracyIncidents, SeparateIncidentsKeepTheirOwnTolls) {
  for (const auto& [text, lang] : std::vector<std::pair<std::string, std::string>>{
           {"Gunmen killed 12 civilians in the village of Dablo on Sunday. In a separate attack on Monday, suspected "
            "jihadists killed five villagers near Barsalogho, a resident said.",
            "en"},
           {"Des hommes armés ont tué 12 civils dimanche dans le village de Dablo. Par ailleurs, lundi, cinq "
            "villageois "
            "ont été tués par des jihadistes présumés près de Barsalogho, selon un habitant.",
            "fr"}}) {
    std::vector<std::uint32_t> tolls;
    for (const auto& event : Classify(text, lang)) {
      if (event.type == EventType::kAttackOnCivilians && event.status == EventStatus::kOccurred) {
        tolls.push_back(event.counts.fatalities.value_or(0));
      }
    }
    EXPECT_EQ(tolls, (std::vector<std::uint32_t>{12, 5})) << text;
  }
}

// A raid that harmed no one, told with a kidnapping, is how the kidnapping was done; a
// vehicle burned after it too.
TEST(AccuracyIncidents, AHarmlessRaidWithAKidnappingIsTheKidnapping) {
  const auto raid = Classify(
      "Gunmen kidnapped an Italian aid worker from her home in Agadez late on Tuesday. The assailants forced their "
      "way into the compound, fired shots into the air and drove off with the woman.",
      "en");
  EXPECT_NE(Find(raid, EventType::kAbduction, EventStatus::kOccurred), nullptr);
  EXPECT_FALSE(Has(raid, EventType::kAttackOnCivilians));
  const auto burned = Classify(
      "Des hommes armés ont enlevé lundi le chauffeur d'un camion sénégalais entre Diboli et Kayes avant d'incendier "
      "son véhicule.",
      "fr");
  EXPECT_NE(Find(burned, EventType::kAbduction, EventStatus::kOccurred), nullptr);
  // "No one was killed" is a toll of zero: still a raid that harmed no one.
  ExpectToldWithout(
      "Suspected Boko Haram militants kidnapped 12 people, including a local chief and three children, in an "
      "overnight raid on a village in Cameroon's Far North region, local officials said. No one was killed.",
      "en", EventType::kAbduction, EventType::kAttackOnCivilians);
  // A guard wounded as the kidnappers broke in is part of the kidnapping.
  ExpectToldWithout(
      "Un ressortissant étranger a été enlevé dimanche soir à Agadez par des hommes armés. « Trois hommes armés ont "
      "fait irruption dans son domicile et l'ont emmené de force », a indiqué une source sécuritaire. Son gardien a "
      "été blessé par balle à la jambe.",
      "fr", EventType::kAbduction, EventType::kAttackOnCivilians);
}

// Damage that harmed no one, told beside an assault on a post, is that fight's; a raid that
// killed villagers stays an attack on civilians.
TEST(AccuracyIncidents, AHarmlessRaidBesideAnAssaultIsTheFight) {
  ExpectToldWithout(
      "Des jihadistes ont attaqué jeudi un poste de l'armée malienne près de Nioro du Sahel, faisant huit morts "
      "parmi les soldats. Un élu local a indiqué que des boutiques avaient été incendiées.",
      "fr", EventType::kBattle, EventType::kAttackOnCivilians);
  const auto killing = Classify(
      "Des jihadistes ont attaqué jeudi un poste de l'armée malienne près de Nioro du Sahel, faisant huit morts "
      "parmi les soldats. Dans le village voisin, les assaillants ont tué trois civils.",
      "fr");
  EXPECT_NE(Find(killing, EventType::kBattle, EventStatus::kOccurred), nullptr);
  EXPECT_NE(Find(killing, EventType::kAttackOnCivilians, EventStatus::kOccurred), nullptr);
}

// A match report or a vaccination campaign told with the words of war is no event; an
// attack on vaccinators, with its armed actors, still is.
TEST(AccuracyNegatives, MetaphorsOfAnotherDomainAreNoEvents) {
  EXPECT_TRUE(
      Classify("Burkina Faso's Stallions ambushed Mali's Eagles with a late counter-attack to win the friendly "
               "2-1 at the stadium. The substitute striker fired a missile into the top corner before the final "
               "whistle. \"They thought the battle was won,\" the coach said. Thousands of fans poured into the "
               "streets.",
               "en")
          .empty());
  EXPECT_TRUE(
      Classify("Le ministre a lancé à Kaya une véritable offensive contre la méningite : la campagne de "
               "vaccination vise deux millions d'enfants, et 3 000 agents de santé, un « bataillon de la santé », "
               "seront déployés avec les vaccins et la chaîne du froid.",
               "fr")
          .empty());
  const auto attack = Classify(
      "Gunmen attacked a polio vaccination team near Diffa on Monday, killing two health "
      "workers, and the army said jihadists had threatened the vaccination campaign.",
      "en");
  EXPECT_NE(Find(attack, EventType::kAttackOnCivilians, EventStatus::kOccurred), nullptr);
}

// A foiled coup attempt is a coup that occurred (ARCHITECTURE), however its plan is told.
TEST(AccuracyStatus, AFoiledCoupOccurred) {
  const auto events = Classify(
      "Le gouvernement a annoncé l'arrestation d'une dizaine de militaires accusés d'avoir voulu déstabiliser les "
      "institutions. Selon le communiqué, le projet a été « déjoué » dans la nuit de mardi à mercredi.",
      "fr");
  EXPECT_NE(Find(events, EventType::kCoup, EventStatus::kOccurred), nullptr);
  EXPECT_EQ(Find(events, EventType::kCoup, EventStatus::kPlanned), nullptr);
}

// Civilian vehicles fired upon are attacks on civilians; an escorted or military convoy
// under fire is a battle.
TEST(AccuracyTypes, VehiclesFiredUpon) {
  const auto icrc =
      Classify("A vehicle of the ICRC was hit by gunfire on the Gao-Gossi road. The driver was wounded.", "en");
  EXPECT_NE(Find(icrc, EventType::kAttackOnCivilians, EventStatus::kOccurred), nullptr);
  const auto car =
      Classify("Un véhicule du CICR a essuyé des tirs sur l'axe Gao-Gossi. Le chauffeur a été blessé.", "fr");
  EXPECT_NE(Find(car, EventType::kAttackOnCivilians, EventStatus::kOccurred), nullptr);
  const auto patrol = Classify("A military patrol came under fire near Dori on Sunday, the army said.", "en");
  EXPECT_NE(Find(patrol, EventType::kBattle, EventStatus::kOccurred), nullptr);
  EXPECT_FALSE(Has(patrol, EventType::kAttackOnCivilians));
}

// "Town, Unit" in running text places the event in the unit, also when the town's name is
// a namesake elsewhere (Burkina has a Douna, the text means Mopti's); a list of places
// ("Djibo, Mopti and Gao") is no such pair.
TEST(AccuracyPlaces, TownCommaUnitInRunningText) {
  const auto events =
      Classify("Gunmen entered the village of Douna, Mopti and abducted a young herder on Sunday.", "en");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front().place.country, "ML");
  EXPECT_EQ(events.front().place.admin1, "Mopti");
}

// FDS is what every army of the region calls its troops: it names no country, so a
// Nigerien report with FDS and the FAN is no two-state operation and stays in Niger.
TEST(AccuracyActors, FdsNamesNoCountry) {
  const auto events = Classify(
      "Les Forces de défense et de sécurité (FDS) ont neutralisé douze terroristes lors d'une opération de "
      "ratissage menée avec les Forces armées nigériennes dans la zone de Téra, selon le ministère de la Défense.",
      "fr");
  const Event* operation = Find(events, EventType::kMilitaryOperation, EventStatus::kOccurred);
  ASSERT_NE(operation, nullptr);
  EXPECT_EQ(operation->place.country, "NE");
  EXPECT_FALSE(Has(events, EventType::kJointOperation));
}

// A claim told after the authorities' denial is part of the denial, even four sentences on.
TEST(AccuracyStatus, AClaimAfterTheDenialIsNegated) {
  const auto events = Classify(
      "Le préfet de Djibo a démenti lundi toute attaque contre la ville. « Tout est calme », a-t-il dit. "
      "Les marchés ont ouvert normalement. Selon lui, la situation est sous contrôle. Des comptes proches du "
      "JNIM affirmaient pourtant que des combattants avaient pris d'assaut le camp militaire.",
      "fr");
  EXPECT_EQ(Find(events, EventType::kBattle, EventStatus::kOccurred), nullptr);
  EXPECT_NE(Find(events, EventType::kBattle, EventStatus::kNegated), nullptr);
}

// "entre 2022 et 2023" dates its sentence like "en 2022"; "between 2000 and 3000 people" is
// a count, not a span of years.
TEST(AccuracyStatus, ASpanOfYearsIsHistory) {
  const auto span = Classify(
      "Entre 2022 et 2023, des dizaines de milliers de personnes ont trouvé refuge dans la ville de Ménaka.", "fr");
  EXPECT_EQ(Find(span, EventType::kDisplacement, EventStatus::kOccurred), nullptr);
  const auto count = Classify(
      "Between 2000 and 3000 people fled their villages near Djibo on Monday after gunmen attacked a market.", "en");
  EXPECT_NE(Find(count, EventType::kDisplacement, EventStatus::kOccurred), nullptr);
}

// A dateline abroad does not move an event its sentence places elsewhere.
TEST(AccuracyPlaces, ACountryTheSentenceNamesOutranksTheDateline) {
  const auto events = Classify(
      "DAKAR, Senegal (AP) — A drone strike carried out by Burkina Faso's army on a livestock market killed at "
      "least 18 civilians, witnesses said.",
      "en");
  const Event* strike = Find(events, EventType::kExplosion, EventStatus::kOccurred);
  ASSERT_NE(strike, nullptr);
  EXPECT_EQ(strike->place.country, "BF");
}

// A plan does not reach past "after" into what already happened.
TEST(AccuracyStatus, APlanStopsAtAfter) {
  const auto events = Classify(
      "The army said it would launch a ground offensive in the East region, after air strikes this week killed "
      "around a hundred militants near Fada N'Gourma.",
      "en");
  const Event* strike = Find(events, EventType::kExplosion, EventStatus::kOccurred);
  ASSERT_NE(strike, nullptr);
  EXPECT_EQ(strike->counts.fatalities, 100u);
}

// A drill acts an operation out: nothing happened.
TEST(AccuracyNegatives, ADrillIsNoEvent) {
  const auto events = Classify(
      "Lors d'un exercice de simulation à Thiès, les commandos ont donné l'assaut, « neutralisé » les assaillants "
      "fictifs et libéré les otages en quarante minutes.",
      "fr");
  EXPECT_TRUE(
      std::none_of(events.begin(), events.end(), [](const Event& e) { return e.status == EventStatus::kOccurred; }));
}

// Police firing tear gas at students is the riot, not a battle.
TEST(AccuracyTypes, TearGasIsNoBattle) {
  const auto events = Classify(
      "Les étudiants protestaient contre le retard de leurs bourses. Les policiers ont riposté par des tirs de "
      "grenades lacrymogènes.",
      "fr");
  EXPECT_NE(Find(events, EventType::kProtest, EventStatus::kOccurred), nullptr);
  EXPECT_FALSE(Has(events, EventType::kBattle));
}

// A stated total equal to the sum of the figures after it is their total.
TEST(AccuracyCounts, ATotalThatSumsItsPartsIsTheToll) {
  const auto events = Classify(
      "Thirty-five people were killed in all in the attack on the Djibo military post on Tuesday: eleven soldiers "
      "were killed and at least 24 assailants were neutralised, the army said.",
      "en");
  const Event* battle = Find(events, EventType::kBattle, EventStatus::kOccurred);
  ASSERT_NE(battle, nullptr);
  EXPECT_EQ(battle->counts.fatalities, 35u);
}

// Gunmen's victim told after a riot is an attack of its own; the army's "neutralised N"
// after a massacre is its operation's toll, not the massacre's.
TEST(AccuracyCounts, TollsStayWithTheirOwnEvents) {
  const auto riot = Classify(
      "Des centaines de jeunes ont érigé des barricades à Gao. La victime, un commerçant, a été abattue devant son "
      "domicile par des individus armés.",
      "fr");
  EXPECT_NE(Find(riot, EventType::kProtest, EventStatus::kOccurred), nullptr);
  EXPECT_NE(Find(riot, EventType::kAttackOnCivilians, EventStatus::kOccurred), nullptr);
  const auto massacre = Classify(
      "Gunmen killed 22 worshippers at a mosque in the village of Dargol on Friday. The army launched a pursuit "
      "operation and neutralised eight terrorists on Saturday.",
      "en");
  const Event* attack = Find(massacre, EventType::kAttackOnCivilians, EventStatus::kOccurred);
  ASSERT_NE(attack, nullptr);
  EXPECT_EQ(attack->counts.fatalities, 22u);
}

// "from" far before a month is no range ahead: "abducted from Kurmiya village on March 2",
// told on March 24, is history; "from March 30" told on March 24 lies ahead.
TEST(AccuracyStatus, FromBeforeAPlaceIsNoDeadline) {
  constexpr std::int64_t kMarch24 = 1774310400000;  // 2026-03-24
  const auto march2 = Classify(
      "Gunmen abducted 14 villagers from Kurmiya village on March 2 and held them in a forest camp.", "en", kMarch24);
  EXPECT_EQ(Find(march2, EventType::kAbduction, EventStatus::kOccurred), nullptr);
  const auto march20 = Classify(
      "Gunmen abducted 14 villagers from Kurmiya village on March 20 and held them in a forest camp.", "en", kMarch24);
  EXPECT_NE(Find(march20, EventType::kAbduction, EventStatus::kOccurred), nullptr);
}

// A sentence dated from the story's incident ("Depuis l'attaque, ...") is back in the story's
// time after a paragraph of history; without that anchor it would continue the history.
TEST(AccuracyStatus, SinceTheAttackReturnsToTheStory) {
  constexpr std::int64_t kMarch24 = 1774310400000;  // 2026-03-24
  const std::string history =
      "Des hommes armés ont attaqué dimanche un hameau de la préfecture de Kpendjal, au Togo, tuant neuf civils.\n\n"
      "En mai 2022, une attaque contre un poste militaire à Kpinkankandi avait tué huit soldats. Pour les "
      "chercheurs, le nord du Togo est devenu une zone de repli pour les combattants.\n\n";
  const auto anchored = Classify(history +
                                     "Depuis l'attaque, plusieurs familles ont quitté les hameaux isolés pour se "
                                     "réfugier à Dapaong, selon des sources humanitaires.",
                                 "fr", kMarch24);
  EXPECT_NE(Find(anchored, EventType::kDisplacement, EventStatus::kOccurred), nullptr);
  const auto unanchored =
      Classify(history + "Plusieurs familles avaient alors quitté les hameaux isolés pour se réfugier à Dapaong.", "fr",
               kMarch24);
  EXPECT_EQ(Find(unanchored, EventType::kDisplacement, EventStatus::kOccurred), nullptr);
}

// A figure the story itself replaces is no toll; the revised total stands.
TEST(AccuracyCounts, AnInitialTollIsReplaced) {
  const auto events = Classify(
      "A suicide bomber killed 12 people at a fish market in Konduga on Sunday evening. Police initially said "
      "five people had died, but the toll climbed to 12 on Monday after several of the wounded died in hospital.",
      "en");
  const Event* blast = Find(events, EventType::kExplosion, EventStatus::kOccurred);
  ASSERT_NE(blast, nullptr);
  EXPECT_EQ(blast->counts.fatalities, 12u);
}

// The gunfight of a coup attempt told in its sentence is the attempt, not a battle.
TEST(AccuracyTypes, ACoupAttemptsGunfightIsTheAttempt) {
  const auto events = Classify(
      "Chad's government said on Sunday it had foiled an attempt by a group of soldiers to seize power, after a "
      "gunfight near the presidential palace in N'Djamena left five people dead.",
      "en");
  EXPECT_NE(Find(events, EventType::kCoup, EventStatus::kOccurred), nullptr);
  EXPECT_FALSE(Has(events, EventType::kBattle));
}

// Regular clashes are a habit of the place, not today's event; a price explosion is no blast.
TEST(AccuracyNegatives, HabitsAndMetaphorsAreNoEvents) {
  const auto habit = Classify(
      "Le gouvernorat a justifié la fermeture du site par des accrochages réguliers entre groupes d'orpailleurs "
      "rivaux près de Tchibarakaten.",
      "fr");
  EXPECT_EQ(Find(habit, EventType::kBattle, EventStatus::kOccurred), nullptr);
  EXPECT_TRUE(Classify("Les consommateurs de Zinder assistent à une véritable explosion des prix des céréales sur "
                       "les marchés de la ville.",
                       "fr")
                  .empty());
}

// A sentence dated both long ago and this week: the rally held on Sunday is news, the coup
// its anniversary recalls is history.
TEST(AccuracyStatus, EachEventTakesTheNearerDate) {
  constexpr std::int64_t kJuly26 = 1785024000000;  // 2026-07-26
  const auto events = Classify(
      "Des milliers de personnes ont manifesté dimanche à Niamey, à l'occasion du troisième anniversaire des "
      "événements du 26 juillet 2023, date à laquelle des militaires ont renversé le président Mohamed Bazoum.",
      "fr", kJuly26);
  EXPECT_NE(Find(events, EventType::kProtest, EventStatus::kOccurred), nullptr);
  EXPECT_EQ(Find(events, EventType::kCoup, EventStatus::kOccurred), nullptr);
}

// A question asks about events and reports none, unless it gives a toll; "agreed to launch"
// is a plan wherever the force is named.
TEST(AccuracyStatus, QuestionsAndAgreementsAreNoNews) {
  const auto question =
      Classify("La force unifiée de la Confédération des États du Sahel peut-elle changer la donne ?", "fr");
  EXPECT_EQ(Find(question, EventType::kJointOperation, EventStatus::kOccurred), nullptr);
  const auto toll = Classify("Why did gunmen kill 12 villagers near Djibo on Sunday?", "en");
  EXPECT_NE(Find(toll, EventType::kAttackOnCivilians, EventStatus::kOccurred), nullptr);
  const auto agreed = Classify(
      "Last week, MNJTF commanders meeting in N'Djamena agreed to launch a new phase of joint operations across the "
      "lake next month.",
      "en");
  EXPECT_NE(Find(agreed, EventType::kJointOperation, EventStatus::kPlanned), nullptr);
  EXPECT_EQ(Find(agreed, EventType::kJointOperation, EventStatus::kOccurred), nullptr);
}

// French tens take one and eleven with "et": "trente et un" is 31, not the article "un".
TEST(AccuracyCounts, FrenchTensJoinedByEt) {
  EXPECT_EQ(
      FatalitiesOf("Trente et un terroristes ont été neutralisés lors d'une opération de l'armée près de Boni.", "fr"),
      31U);
  EXPECT_EQ(FatalitiesOf("Soixante et onze civils ont été tués à Boni.", "fr"), 71U);
}

// "fin 2017", "late 2019" date a sentence as "en 2017" does.
TEST(AccuracyStatus, LateInAYearIsThatYear) {
  constexpr std::int64_t kMarch24 = 1774310400000;  // 2026-03-24
  const auto events = Classify(
      "La Force conjointe du G5 Sahel, dont les premières opérations avaient été lancées fin 2017 entre le Mali, le "
      "Burkina Faso et le Niger, n'a jamais atteint sa pleine capacité.",
      "fr", kMarch24);
  EXPECT_NE(Find(events, EventType::kJointOperation, EventStatus::kBackground), nullptr);
  EXPECT_EQ(Find(events, EventType::kJointOperation, EventStatus::kOccurred), nullptr);
}

// The day a report was published dates the telling, not the killings it counts.
TEST(AccuracyStatus, APublicationDayDatesNoEvent) {
  constexpr std::int64_t kMarch24 = 1774310400000;  // 2026-03-24
  const auto events = Classify(
      "A report by a civil society network published last week said armed groups killed at least 85 civilians in "
      "the northern departments of Alibori and Atacora in 2025.",
      "en", kMarch24);
  EXPECT_NE(Find(events, EventType::kAttackOnCivilians, EventStatus::kBackground), nullptr);
  EXPECT_EQ(Find(events, EventType::kAttackOnCivilians, EventStatus::kOccurred), nullptr);
}

// A force's long name is one noun between the figure and its verb; communiqués count their
// dead as martyrs; « a coûté la vie à » tells a toll.
TEST(AccuracyCounts, TollsBehindLongNamesAndCommuniqueWords) {
  EXPECT_EQ(FatalitiesOf("Au moins 23 soldats et Volontaires pour la défense de la patrie (VDP) ont été tués samedi "
                         "lors d'une attaque contre le détachement militaire de Djibo.",
                         "fr"),
            23U);
  EXPECT_EQ(FatalitiesOf("Our valiant FAMa repelled a terrorist attack on the Léré camp this morning. Provisional "
                         "toll: 5 martyrs on our side, about thirty terrorists neutralised.",
                         "en"),
            35U);
  EXPECT_EQ(FatalitiesOf("L'attaque contre le camp de Boulkessi, qui a coûté la vie à une vingtaine de soldats mardi, "
                         "a choqué le pays.",
                         "fr"),
            20U);
}

// A roundup's paragraphs that open on their own date or place are separate incidents, each
// with its own toll; a timeline's "September 2024 – ..." lines are history, not new items.
TEST(AccuracyEvents, RoundupParagraphsAreSeparateIncidents) {
  const auto events = Classify(
      "Voici les faits sécuritaires de la semaine dans le pays.\n\n"
      "Mardi 18 août, huit personnes ont péri lorsqu'une charrette a heurté un engin explosif près de Titao.\n\n"
      "Jeudi 20 août, douze civils ont été tués par des hommes armés dans un village près de Djibo.\n\n"
      "Samedi 22 août, trois civils ont été tués par des hommes armés près de Sebba.",
      "fr");
  std::vector<std::uint32_t> civilian_tolls;
  for (const auto& event : events) {
    if (event.type == EventType::kAttackOnCivilians && event.status == EventStatus::kOccurred) {
      civilian_tolls.push_back(event.counts.fatalities.value_or(0));
    }
  }
  std::sort(civilian_tolls.begin(), civilian_tolls.end());
  EXPECT_EQ(civilian_tolls, (std::vector<std::uint32_t>{3, 12}));
}

// A toll named as the subject takes the figure of its rise; figures between commas that add
// up to the one before them break it down.
TEST(AccuracyCounts, RisenTollsAndBreakdowns) {
  EXPECT_EQ(FatalitiesOf("The number of soldiers killed in Sunday's attack on the army post in Djibo has risen to 29, "
                         "the army said on Tuesday."),
            29U);
  EXPECT_EQ(FatalitiesOf("The death toll from the attack on an army post in Djibo rose to 29."), 29U);
  EXPECT_EQ(FatalitiesOf("Le nombre de soldats tués lors de l'attaque de dimanche contre le poste de Djibo est passé "
                         "à 29, a indiqué l'armée.",
                         "fr"),
            29U);
  EXPECT_EQ(FatalitiesOf("Quatre militaires, deux Nigériens et deux Burkinabè, ont perdu la vie lors de l'embuscade "
                         "tendue mardi près de Téra.",
                         "fr"),
            4U);
  EXPECT_EQ(
      FatalitiesOf("Four soldiers, two Nigeriens and two Burkinabe, lost their lives in Tuesday's ambush near Tera."),
      4U);
  // A list without the closing comma is no breakdown: every group is dead.
  EXPECT_EQ(FatalitiesOf("Two soldiers, a gendarme and a civilian were killed in Tuesday's ambush near Tera."), 4U);
}

// Two figures for the same victims in two sentences are estimates of one toll (the lower
// stands); figures of the wounded who died add; a first statement's figure is replaced; a
// toll dated to an earlier year belongs to no event told now.
TEST(AccuracyCounts, EstimatesAdditionsAndOldTolls) {
  EXPECT_EQ(FatalitiesOf("Twenty-eight Beninese soldiers were killed in an attack on an army position in the far north "
                         "on Saturday, the government said. JNIM claimed responsibility and said it had killed 30 "
                         "soldiers."),
            28U);
  EXPECT_EQ(FatalitiesOf("At least 50 soldiers were killed when JNIM fighters stormed army positions in Djibo on "
                         "Sunday, security sources said. JNIM claimed on Monday to have killed \"more than 100\"."),
            50U);
  EXPECT_EQ(FatalitiesOf("Militants attacked an army post in Banibangou on Monday, killing at least 11 soldiers, the "
                         "ministry said. A security source said three wounded soldiers had died overnight."),
            14U);
  EXPECT_EQ(FatalitiesOf("Islamic extremists ambushed an army patrol near Tera, killing 10 soldiers, the ministry said "
                         "on Friday. A first statement released late Thursday had reported five soldiers killed."),
            10U);
  // A toll noun later estimates the victims counted before; the little words of a complement
  // and quotes do not hide a figure from its verb.
  EXPECT_EQ(FatalitiesOf("Le bilan officiel de l'attaque contre le village de Dinara s'établit à 21 civils tués, selon "
                         "le ministère. Des élus locaux évoquent, eux, « une quarantaine de morts ».",
                         "fr"),
            21U);
  EXPECT_EQ(FatalitiesOf("Quatre passagers d'un minibus de transport en commun ont trouvé la mort lundi lorsque leur "
                         "véhicule a sauté sur un engin explosif près de Diffa.",
                         "fr"),
            4U);
  EXPECT_EQ(
      FatalitiesOf(
          "Des hommes armés ont attaqué le camp militaire de Boni. Le ministère a affirmé qu'« une quarantaine de "
          "terroristes » avaient été « neutralisés » lors de la riposte.",
          "fr"),
      40U);
  constexpr std::int64_t kJanuary20 = 1768867200000;  // 2026-01-20
  const auto events = Classify(
      "Une dizaine de soldats ont été tués dimanche dans une embuscade contre un convoi de ravitaillement près de "
      "Djibo. L'embuscade n'a pas été revendiquée. En septembre 2022, un convoi de plus de 150 véhicules avait déjà "
      "été attaqué à Gaskindé, une attaque qui avait fait officiellement 37 morts.",
      "fr", kJanuary20);
  const Event* ambush = Find(events, EventType::kBattle, EventStatus::kOccurred);
  ASSERT_NE(ambush, nullptr);
  EXPECT_EQ(ambush->counts.fatalities, 10U);
}

// Words of another trade: « fabrication d'engins » is manufacture, not a denial; a season
// that runs "from March to June" is no march; patients "arriving in critical condition"
// are not displaced.
TEST(AccuracyTypes, WordsOfAnotherTrade) {
  const auto operation = Classify(
      "Les Forces armées maliennes ont mené du 5 au 9 avril une opération de fouille dans le cercle de Bankass, qui a "
      "permis de détruire un atelier de fabrication d'engins explosifs.",
      "fr");
  EXPECT_NE(Find(operation, EventType::kMilitaryOperation, EventStatus::kOccurred), nullptr);
  EXPECT_TRUE(Classify("The season's harvest campaign, which runs from March to June, produced about 45,000 tonnes for "
                       "export, according to the producers' association.",
                       "en")
                  .empty());
  EXPECT_TRUE(Classify("\"We are seeing children arriving in very critical condition, sometimes after travelling more "
                       "than a day with their mothers,\" said MSF's medical coordinator in Maradi.",
                       "en")
                  .empty());
}

// Captives "taken by the attackers" are abducted; goods taken away are loot.
TEST(AccuracyTypes, TakenAwayPeopleNotGoods) {
  EXPECT_TRUE(Has(Classify("Militants ambushed a fuel convoy near Kati on Sunday. At least three drivers were taken by "
                           "the attackers, and their whereabouts are unknown.",
                           "en"),
                  EventType::kAbduction));
  EXPECT_FALSE(
      Has(Classify("Armed men entered the health centre of Dinangourou on Thursday, fired at patients and took "
                   "away medicines and a solar battery.",
                   "en"),
          EventType::kAbduction));
}

// Security measures pledged or announced are planned operations; the same verbs in the past
// tell no event.
TEST(AccuracyStatus, PledgedReinforcementsArePlannedOperations) {
  for (const auto& [text, lang] : std::vector<std::pair<std::string, std::string>>{
           {"The government pledged to intensify operations against armed groups in the tri-border area.", "en"},
           {"The government announced that 3,000 additional troops would be deployed to the north.", "en"},
           {"Le gouverneur a promis des escortes militaires renforcées dès la semaine prochaine sur l'axe Kaya-Dori.",
            "fr"},
           {"L'armée entend poursuivre la traque des groupes armés dans la zone, a déclaré le ministre.", "fr"}}) {
    SCOPED_TRACE(text);
    const auto events = Classify(text, lang);
    EXPECT_NE(Find(events, EventType::kMilitaryOperation, EventStatus::kPlanned), nullptr);
    EXPECT_EQ(Find(events, EventType::kMilitaryOperation, EventStatus::kOccurred), nullptr);
  }
  EXPECT_TRUE(Classify("The army stepped up patrols in the area after the attack.", "en").empty());
}

}  // namespace
}  // namespace sahelwatch::classify
