// Round-three accuracy rules, each pinned by a news-style sentence written for this
// project: country evidence from operations, heads of state and possessives written
// without an apostrophe; tolls told with one victim or in a sentence a later event owns.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "classify/classifier.h"
#include "project_classifier.h"

namespace sahelwatch::classify {
namespace {

// `published_at_ms` 0: undated, as most of these sentences are.
std::vector<Event> Classify(const std::string& text, const std::string& lang, std::int64_t published_at_ms = 0) {
  Article article;
  article.id = "accuracy3";
  article.text = text;
  article.lang = lang;
  article.published_at_ms = published_at_ms;
  return ProjectClassifier().Classify(article);
}

const Event* Find(const std::vector<Event>& events, EventType type) {
  const auto it = std::find_if(events.begin(), events.end(), [&](const Event& e) { return e.type == type; });
  return it == events.end() ? nullptr : &*it;
}

bool InCountry(const Event* event, const std::string& code) {
  return event != nullptr &&
         std::find(event->countries.begin(), event->countries.end(), code) != event->countries.end();
}

TEST(CountryEvidence, OperationBarkhaneWasFoughtInMali) {
  const auto events = Classify(
      "French forces of Operation Barkhane carried out air strikes against militants near a remote camp.", "en");
  EXPECT_TRUE(InCountry(Find(events, EventType::kExplosion), "ML"));
}

TEST(CountryEvidence, HeadOfStateNamesTheCountry) {
  const auto events =
      Classify("Hundreds of protesters marched against President Talon's plan to reform the constitution.", "en");
  EXPECT_TRUE(InCountry(Find(events, EventType::kProtest), "BJ"));
}

TEST(CountryEvidence, PossessiveWithoutApostrophe) {
  const auto events =
      Classify("Protesters blocked roads in Benins main city on Thursday to demand new elections.", "en");
  EXPECT_TRUE(InCountry(Find(events, EventType::kProtest), "BJ"));
}

}  // namespace
}  // namespace sahelwatch::classify

namespace sahelwatch::classify {
namespace {

// The status of the first event of `type`, none when there is no such event.
std::optional<EventStatus> StatusOf(const std::vector<Event>& events, EventType type) {
  const Event* event = Find(events, type);
  return event == nullptr ? std::nullopt : std::optional<EventStatus>(event->status);
}

std::optional<std::uint32_t> TollOf(const std::vector<Event>& events, EventType type) {
  const Event* event = Find(events, type);
  return event == nullptr ? std::nullopt : event->counts.fatalities;
}

TEST(Tolls, OneVictimShotDead) {
  EXPECT_EQ(TollOf(Classify("A herder was shot dead near his camp by gunmen on Sunday.", "en"),
                   EventType::kAttackOnCivilians),
            1U);
}

TEST(Tolls, DefiniteSingularSubjectDied) {
  EXPECT_EQ(
      TollOf(
          Classify("A car bomb exploded at a checkpoint near Gao, the driver of the vehicle died in the blast.", "en"),
          EventType::kExplosion),
      1U);
  // A plural subject is no single victim.
  EXPECT_NE(TollOf(Classify("A bomb exploded near Gao, the drivers of the trucks died in the blast.", "en"),
                   EventType::kExplosion),
            1U);
}

TEST(Tolls, TollGoesToTheResponseThatReplacedItsSentence) {
  EXPECT_EQ(
      TollOf(Classify("Gunmen killed a shepherd near the village. The village militia repelled the attack.", "en"),
             EventType::kBattle),
      1U);
}

TEST(Tolls, ConjoinedGroupsCountWholeNumbersAndCompanions) {
  EXPECT_EQ(TollOf(Classify("Militants attacked the camp; twenty-seven soldiers and one assailant were killed.", "en"),
                   EventType::kBattle),
            28U);
  EXPECT_EQ(TollOf(Classify("Gunmen attacked the village and killed the mayor and his driver.", "en"),
                   EventType::kAttackOnCivilians),
            2U);
}

// One part of a conjoined toll told again later is the same dead, not more.
TEST(Tolls, APartOfAConjoinedTollToldAgainCountsOnce) {
  EXPECT_EQ(TollOf(Classify("Eight soldiers and at least 20 militants were killed when jihadists ambushed an army "
                            "convoy near Tenenkou on Sunday, the army said. \"The vigorous reaction of our troops "
                            "made it possible to neutralise at least 20 terrorists,\" it said.",
                            "en"),
                   EventType::kBattle),
            28U);
  // Another figure later still adds.
  EXPECT_EQ(TollOf(Classify("Eight soldiers and at least 20 militants were killed when jihadists ambushed an army "
                            "convoy near Tenenkou on Sunday. Three more soldiers died of their wounds on Monday.",
                            "en"),
                   EventType::kBattle),
            31U);
}

// An age told as an approximate figure is no toll: « d'une vingtaine d'années ».
TEST(Tolls, AnAgeIsNoToll) {
  EXPECT_EQ(TollOf(Classify("Une vingtaine de personnes ont été tuées jeudi à Adakpamé lors de manifestations.", "fr"),
                   EventType::kProtest),
            20U);
  EXPECT_NE(TollOf(Classify("Un jeune homme d'une vingtaine d'années a été tué par balle jeudi à Adakpamé lors de "
                            "manifestations hostiles au pouvoir.",
                            "fr"),
                   EventType::kProtest),
            20U);
}

// A sentence that marks this week the anniversary of an old date opens today's story: the
// march told after it is news; the old attack told in the pluperfect stays history.
TEST(Status, WhatFollowsAnAnniversaryIsToday) {
  const std::string text =
      "Niamey, 26 juillet 2026 - Des milliers de personnes ont défilé ce dimanche pour célébrer le troisième "
      "anniversaire des événements du 26 juillet 2023.\n\nPartis de la place de la Concertation, les manifestants "
      "ont rejoint le stade Général Seyni Kountché.\n\nCette nuit-là, des hommes armés avaient pris d'assaut le "
      "village de Solhan, tuant 132 personnes.";
  const auto events = Classify(text, "fr", 1785024000000);  // published 2026-07-26
  EXPECT_EQ(StatusOf(events, EventType::kProtest), EventStatus::kOccurred);
  EXPECT_EQ(StatusOf(events, EventType::kAttackOnCivilians), EventStatus::kBackground);
}

// A span told after what a protest is against dates the grievance, not the protest.
TEST(Status, ASpanAfterTheGrievanceDatesTheGrievance) {
  const auto grievance = Classify(
      "Un étudiant a été tué jeudi à N'Djamena lors de heurts entre la police et des étudiants qui protestaient "
      "contre le non-paiement de leurs bourses depuis plusieurs mois.",
      "fr");
  EXPECT_EQ(StatusOf(grievance, EventType::kProtest), EventStatus::kOccurred);
}

TEST(Tolls, PronounVictimsAndTradersOfAnimals) {
  EXPECT_EQ(TollOf(Classify("Gunmen broke into the house of a shopkeeper in Gao, robbing and killing him.", "en"),
                   EventType::kAttackOnCivilians),
            1U);
  EXPECT_EQ(
      TollOf(Classify("Gunmen killed a cattle trader near the market of Kandi.", "en"), EventType::kAttackOnCivilians),
      1U);
  // Animals alone stay out of the toll.
  EXPECT_NE(TollOf(Classify("Gunmen attacked a herder's camp near Kandi and killed three cattle.", "en"),
                   EventType::kAttackOnCivilians),
            3U);
  EXPECT_EQ(TollOf(Classify("A soldier was shot by gunmen near Gao. He later died of his injuries.", "en"),
                   EventType::kBattle),
            1U);
}

TEST(Abductions, KidnappingWithinAnAttackOnCiviliansIsPartOfIt) {
  const auto killed = Classify("Gunmen killed a farmer and abducted his two sons near Gao on Monday.", "en");
  EXPECT_NE(Find(killed, EventType::kAttackOnCivilians), nullptr);
  EXPECT_EQ(Find(killed, EventType::kAbduction), nullptr);
  // Looting stays part of the kidnapping.
  const auto looted = Classify("Militants abducted two herders and seized their livestock near Gao on Monday.", "en");
  EXPECT_NE(Find(looted, EventType::kAbduction), nullptr);
  const auto fr = Classify("Des hommes armés ont tué un commerçant et enlevé son fils près de Gao lundi.", "fr");
  EXPECT_NE(Find(fr, EventType::kAttackOnCivilians), nullptr);
  EXPECT_EQ(Find(fr, EventType::kAbduction), nullptr);
}

TEST(Abductions, KidnappingAProtestDenouncesIsItsCause) {
  const auto en =
      Classify("Health workers staged a sit-in in Mopti to denounce the abduction of two colleagues.", "en");
  EXPECT_NE(Find(en, EventType::kProtest), nullptr);
  EXPECT_EQ(Find(en, EventType::kAbduction), nullptr);
  const auto fr = Classify("Des habitants ont manifesté à Mopti pour dénoncer l'enlèvement d'un médecin.", "fr");
  EXPECT_NE(Find(fr, EventType::kProtest), nullptr);
  EXPECT_EQ(Find(fr, EventType::kAbduction), nullptr);
}

TEST(Targets, PeacekeepersCampsAndLightlyWoundedSoldiersAreNoCivilians) {
  const auto shelling = Classify("A peacekeeper was killed in a mortar attack on a UN camp near Kidal.", "en");
  EXPECT_NE(Find(shelling, EventType::kExplosion), nullptr);
  EXPECT_EQ(Find(shelling, EventType::kAttackOnCivilians), nullptr);
  const auto clash = Classify("The army killed two militants near Boni, a soldier was lightly wounded.", "en");
  EXPECT_NE(Find(clash, EventType::kBattle), nullptr);
  EXPECT_EQ(Find(clash, EventType::kAttackOnCivilians), nullptr);
}

TEST(Targets, ARiotOwnsTheTollToldWithIt) {
  const auto events = Classify(
      "Angry youths rioted in Nikki and threw stones at the police station. A policeman was lightly wounded.", "en");
  EXPECT_NE(Find(events, EventType::kProtest), nullptr);
  EXPECT_EQ(Find(events, EventType::kBattle), nullptr);
}

TEST(Tolls, AnEarlierKillingToldAsTheCauseIsNoPartOfTheToll) {
  EXPECT_EQ(TollOf(Classify("Soldiers shot dead 12 civilians in revenge for the killing of a colleague near Boulkessi.",
                            "en"),
                   EventType::kAttackOnCivilians),
            12U);
  EXPECT_EQ(TollOf(Classify("Gunmen shot dead a trader in Nodi whom they accused of having killed two herders.", "en"),
                   EventType::kAttackOnCivilians),
            1U);
  // Reported speech keeps its pluperfect toll.
  EXPECT_EQ(TollOf(Classify("Officials said militants had killed four soldiers in an ambush near Boni.", "en"),
                   EventType::kBattle),
            4U);
}

TEST(Tolls, CommaSeparatedGroupsAddUp) {
  EXPECT_EQ(TollOf(Classify("Gunmen attacked the camp in Gao: 5 guards, 1 gendarme & 6 assailants were killed.", "en"),
                   EventType::kBattle),
            12U);
  // A date or another harm before the comma is no group of the toll.
  EXPECT_EQ(TollOf(Classify("On 12 May, 3 soldiers were killed when militants attacked their post near Boni.", "en"),
                   EventType::kBattle),
            3U);
  EXPECT_EQ(
      TollOf(
          Classify("Militants ambushed a patrol near Boni, four soldiers were wounded, one soldier was killed.", "en"),
          EventType::kBattle),
      1U);
}

TEST(Tolls, RangesAppositiveListsAndCountNouns) {
  EXPECT_EQ(
      TollOf(Classify("Between 20 and 30 people were killed in heavy fighting between the army and rebels near Kidal.",
                      "en"),
             EventType::kBattle),
      20U);
  EXPECT_EQ(TollOf(Classify("At least 47 people, among them soldiers, auxiliaries and civilians, were killed when "
                            "jihadists stormed the army detachment in Barsalogho.",
                            "en"),
                   EventType::kBattle),
            47U);
  // A noun names no victim after it.
  EXPECT_EQ(TollOf(Classify("Gunmen killed at least 30 civilians in a raid on a village near Kaya. \"We counted the "
                            "bodies the next morning,\" a resident said.",
                            "en"),
                   EventType::kAttackOnCivilians),
            30U);
  EXPECT_EQ(
      TollOf(Classify("A militiaman shot dead his brother in arms near Gao.", "en"), EventType::kAttackOnCivilians),
      1U);
}

TEST(Triggers, HostagesDisappearancesDecapitationsAndDetonations) {
  EXPECT_NE(Find(Classify("Pirates took six crewmen as hostages off the coast of Benin on Sunday.", "en"),
                 EventType::kAbduction),
            nullptr);
  EXPECT_NE(Find(Classify("Rights groups reported the forced disappearance of two herders near Douentza.", "en"),
                 EventType::kAbduction),
            nullptr);
  EXPECT_NE(Find(Classify("Unknown men decapitated a village elder near Fana on Tuesday.", "en"),
                 EventType::kAttackOnCivilians),
            nullptr);
  EXPECT_NE(Find(Classify("Militants set off explosives under a bridge near Bandiagara.", "en"), EventType::kExplosion),
            nullptr);
  EXPECT_NE(
      Find(Classify("A crowd tried to lynch a suspected thief at the market in Parakou.", "en"), EventType::kProtest),
      nullptr);
}

TEST(Triggers, FrenchDecapitationsDisappearancesAndDetonations) {
  EXPECT_NE(Find(Classify("Des hommes armés ont décapité un chef coutumier près de Djibo.", "fr"),
                 EventType::kAttackOnCivilians),
            nullptr);
  EXPECT_NE(Find(Classify("Une ONG dénonce la disparition forcée de trois éleveurs près de Douentza.", "fr"),
                 EventType::kAbduction),
            nullptr);
  EXPECT_NE(
      Find(Classify("De fortes détonations ont été entendues à Kidal dans la nuit.", "fr"), EventType::kExplosion),
      nullptr);
}

TEST(Targets, ForestAgentsAreStateForces) {
  const auto events = Classify("Gunmen shot dead a forest agent on the road to Bougouni on Sunday.", "en");
  EXPECT_NE(Find(events, EventType::kBattle), nullptr);
  EXPECT_EQ(Find(events, EventType::kAttackOnCivilians), nullptr);
}

TEST(Targets, OffDutyFightersAreCivilianVictims) {
  const auto events = Classify("Militants killed an off-duty volunteer fighter on his farm near Matiacoali.", "en");
  EXPECT_NE(Find(events, EventType::kAttackOnCivilians), nullptr);
  EXPECT_EQ(Find(events, EventType::kBattle), nullptr);
}

TEST(Targets, ForcesAbusingPeopleInTheirHandsAttackCivilians) {
  const auto events = Classify("Policemen arrested and tortured a trader in Dedougou after the protest.", "en");
  EXPECT_NE(Find(events, EventType::kAttackOnCivilians), nullptr);
  // Troops beating back an attack fight a battle.
  const auto battle = Classify("Soldiers beat back an attack by militants on their post near Boni.", "en");
  EXPECT_EQ(Find(battle, EventType::kAttackOnCivilians), nullptr);
  const auto fr = Classify("Des hommes armés ont tué un gendarme en civil à son domicile près de Kaya.", "fr");
  EXPECT_EQ(Find(fr, EventType::kBattle), nullptr);
}

TEST(CountryEvidence, CountriesJoinedToAnOriginAreNoLocation) {
  const auto events = Classify(
      "Des hommes armés ont incendié des camions en provenance du Sénégal et de la Côte d'Ivoire, dans l'ouest du "
      "Mali.",
      "fr");
  const Event* attack = Find(events, EventType::kAttackOnCivilians);
  ASSERT_NE(attack, nullptr);
  EXPECT_EQ(attack->place.country, "ML");
}

TEST(Tolls, TheObjectOfAnEarlierVerbIsNoVictim) {
  EXPECT_EQ(TollOf(Classify("Militiamen attacked a vehicle and killed the driver and a passenger near Bargou.", "en"),
                   EventType::kAttackOnCivilians),
            2U);
  EXPECT_EQ(TollOf(Classify("Gunmen opened fire on a market in Bante, leaving one person shot and killed.", "en"),
                   EventType::kAttackOnCivilians),
            1U);
}

TEST(Tolls, OneVictimInRelativeClausesAndHeadlines) {
  EXPECT_EQ(
      TollOf(
          Classify("Gunmen opened fire on the car of the prefect and shot his wife who succumbed to her wounds.", "en"),
          EventType::kAttackOnCivilians),
      1U);
  EXPECT_EQ(TollOf(Classify("Village councillor assassinated by presumed jihadists near Gao.", "en"),
                   EventType::kAttackOnCivilians),
            1U);
  // A plural headline subject is no single victim.
  EXPECT_NE(TollOf(Classify("Villagers killed by presumed jihadists near Gao.", "en"), EventType::kAttackOnCivilians),
            1U);
}

TEST(Tolls, TheVerbGroupDoesNotCountTowardsTheReach) {
  EXPECT_EQ(TollOf(Classify("Gunmen attacked a bus near Mopti. Three members of the Fulani community (including a "
                            "trader) were shot and killed.",
                            "en"),
                   EventType::kAttackOnCivilians),
            3U);
}

TEST(Tolls, AFigureEightWordsBeforeItsVerb) {
  EXPECT_EQ(TollOf(Classify("Gunmen attacked the post. Two civilians who were informants of the customs officers died.",
                            "en"),
                   EventType::kBattle),
            2U);
}

TEST(Tolls, ThemNamesTheFigureGivenBefore) {
  EXPECT_EQ(
      TollOf(
          Classify("Soldiers arrested nine herders near Siguimara and later executed them outside the village.", "en"),
          EventType::kAttackOnCivilians),
      9U);
}

}  // namespace
}  // namespace sahelwatch::classify

namespace sahelwatch::classify {
namespace {

TEST(Tolls, ADateEndsTheReach) {
  const auto events = Classify(
      "Le gouvernement a annoncé jeudi avoir déjoué une tentative de coup d'Etat. Le projet devait être exécuté "
      "dans la nuit du 12 au 13 janvier et visait « l'assassinat du président du Faso ».",
      "fr");
  ASSERT_NE(Find(events, EventType::kCoup), nullptr);
  EXPECT_EQ(TollOf(events, EventType::kCoup), std::nullopt);
}

TEST(Tolls, TheCountedVictimsNamedBackBelongToTheIncident) {
  // Six sentences after the strike, "the two soldiers" are its dead, not a battle of their own.
  const auto events = Classify(
      "Militants used drones fitted with explosives to attack a military base in Djibo on Saturday, killing two "
      "soldiers. At least three quadcopters flew over the base at dawn. They released munitions on a store. "
      "Residents heard buzzing. A video showed a projectile falling on tents. The army did not comment. A military "
      "source said the two soldiers died of their wounds at the base's medical unit.",
      "en");
  ASSERT_NE(Find(events, EventType::kExplosion), nullptr);
  EXPECT_EQ(Find(events, EventType::kBattle), nullptr);
}

TEST(Tolls, ARunningTotalBelongsToTheIncidentHoweverFarBack) {
  // The toll sentence comes four sentences after the attack: "bringing the death toll to nine"
  // revises that incident's toll; it is no neutralisation of its own.
  const auto events = Classify(
      "Members of the Civilian Joint Task Force and local hunters on Monday repelled an attack by ISWAP fighters on "
      "Kirawa. A commander said the insurgents came at about 5pm. \"Our boys held them for an hour,\" he said. "
      "Troops arrived later. He said three CJTF members and a hunter were killed, while five insurgents were "
      "neutralised, bringing the death toll to nine.",
      "en");
  ASSERT_NE(Find(events, EventType::kBattle), nullptr);
  EXPECT_EQ(Find(events, EventType::kMilitaryOperation), nullptr);
  EXPECT_EQ(TollOf(events, EventType::kBattle), 9U);
}

TEST(Tolls, TheTollToldLaterIsTheStrikes) {
  const auto events = Classify(
      "Les vecteurs aériens de l'armée ont mené mardi une série de frappes contre un regroupement de terroristes "
      "près de Djibo. Une colonne de motos avait été repérée au nord-est de la ville. « Les éléments surveillaient "
      "ce groupe depuis plusieurs jours », explique une source. Les frappes ont été déclenchées dès que la cible a été "
      "confirmée. Le bilan fait état d'une vingtaine de terroristes neutralisés.",
      "fr");
  EXPECT_EQ(TollOf(events, EventType::kExplosion), 20U);
}

// A feast day named by its weekday ("Pentecost Sunday", « le dimanche de Pâques ») is no day of
// this week: the attack told in the sentence after an old date stays history.
TEST(Status, AFeastDayIsNoDayOfThisWeek) {
  const std::string text =
      "The Federal High Court in Abuja on Tuesday adjourned the trial of five men charged over the June 5, 2022 "
      "attack on a Catholic church in Owo. The defendants are accused of taking part in the Pentecost Sunday attack, "
      "in which gunmen opened fire on worshippers and detonated explosives, killing more than 40 people.";
  const auto events = Classify(text, "en", 1769558400000);  // published 2026-01-28
  for (const auto& event : events) EXPECT_NE(event.status, EventStatus::kOccurred) << Name(event.type);
}

TEST(Status, AThreatIsAPlanWhateverItsQuotes) {
  const auto events = Classify(
      "Des dizaines de familles quittaient mardi Djibo après la diffusion d'un message audio attribué au JNIM "
      "menaçant d'« attaquer la ville » si les habitants ne se désolidarisaient pas de l'armée.",
      "fr");
  for (const auto& event : events) {
    if (event.type == EventType::kAttackOnCivilians || event.type == EventType::kBattle) {
      EXPECT_EQ(event.status, EventStatus::kPlanned) << Name(event.type);
    }
  }
}

// After a flashback told in the pluperfect, « Dans la soirée » in the passé composé is the
// news day again.
TEST(Status, TheSameEveningAfterAFlashbackIsNews) {
  const std::string text =
      "Ouagadougou, 15 janvier 2026 - Le gouvernement a annoncé jeudi avoir déjoué une tentative de coup d'Etat. "
      "Le capitaine Traoré avait lui-même été porté au pouvoir par un coup d'Etat le 30 septembre 2022. Dans la "
      "soirée, des centaines de partisans du régime se sont rassemblés au rond-point des Nations unies pour exprimer "
      "leur soutien au chef de l'Etat.";
  const auto events = Classify(text, "fr", 1768435200000);  // published 2026-01-15
  EXPECT_EQ(StatusOf(events, EventType::kProtest), EventStatus::kOccurred);
}

TEST(Status, AnOperationToldWithoutFightingIsNotDenied) {
  const auto events = Classify(
      "Dans un communiqué, l'état-major affirme que ses unités ont mené du 2 au 4 avril une opération de "
      "sécurisation autour de Léré, au cours de laquelle douze terroristes ont été neutralisés. Le communiqué ne "
      "fait état d'aucun accrochage.",
      "fr");
  EXPECT_EQ(StatusOf(events, EventType::kMilitaryOperation), EventStatus::kOccurred);
}

TEST(Tolls, AnAgeBeforeTheVerbCountsNobody) {
  EXPECT_EQ(TollOf(Classify("Un jeune de 17 ans a été tué par balle lundi lors de manifestations contre les coupures "
                            "d'électricité à Conakry.",
                            "fr"),
                   EventType::kProtest),
            1U);
}

TEST(Tolls, TheDatelineDayIsNoToll) {
  EXPECT_EQ(
      TollOf(Classify("ZIGUINCHOR, May 30 (APS) - A 46-year-old farmer was killed on Thursday when he stepped on a "
                      "landmine near the village of Boughary, local officials said.",
                      "en"),
             EventType::kExplosion),
      1U);
}

TEST(Tolls, ASecondVerbShotDeadCountsItsOwnObject) {
  EXPECT_EQ(TollOf(Classify("Gunmen stopped 18 buses near Katari on Tuesday and shot dead the driver.", "en"),
                   EventType::kAttackOnCivilians),
            1U);
  EXPECT_EQ(TollOf(Classify("Six soldiers were shot dead near Katari on Tuesday.", "en"), EventType::kBattle), 6U);
}

TEST(Places, TheRiverNigerIsNoCountry) {
  const auto events = Classify(
      "Des jihadistes ont attaqué jeudi une position des FAMa sur la rive du fleuve Niger, tuant trois soldats.", "fr");
  const Event* attack = Find(events, EventType::kBattle);
  ASSERT_NE(attack, nullptr);
  EXPECT_TRUE(InCountry(attack, "ML"));
  EXPECT_FALSE(InCountry(attack, "NE"));
}

}  // namespace
}  // namespace sahelwatch::classify
