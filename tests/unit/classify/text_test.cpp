// Normalisation (core/text.h), sentences, tokens, numbers and dates (classify/text_units.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <span>
#include <string>

#include "classify/text_units.h"
#include "core/text.h"

namespace sahelwatch::classify {
namespace {

TEST(Normalize, FoldsCaseAccentsAndQuotes) {
  EXPECT_EQ(NormalizeKey("Enlèvement à MÉNAKA"), "enlevement a menaka");
  EXPECT_EQ(NormalizeKey("Burkinabè, nigérienne, Tillabéri, Œuvre"), "burkinabe, nigerienne, tillaberi, oeuvre");
  EXPECT_EQ(NormalizeKey("l’armée « FAMa » — 2 morts"), "l'armee \" fama \" - 2 morts");
  EXPECT_EQ(NormalizeKey("a\xC2\xA0\xC2\xA0  b\tc"), "a b c");  // nbsp and runs of space collapse
}

TEST(Normalize, OffsetsPointIntoTheOriginal) {
  const std::string original = "Un enlèvement à Ménaka.";
  const NormalizedText norm = Normalize(original);
  ASSERT_EQ(norm.origin.size(), norm.text.size() + 1);
  const auto at = norm.text.find("menaka");
  ASSERT_NE(at, std::string::npos);
  const auto begin = norm.OriginalOffset(at);
  const auto end = norm.OriginalOffset(at + 6);
  EXPECT_EQ(original.substr(begin, end - begin), "Ménaka");
  EXPECT_EQ(norm.OriginalOffset(norm.text.size()), original.size());
}

TEST(Normalize, InvalidUtf8BecomesSpaceAndNeverThrows) {
  const std::string bad = std::string("ab") + '\xC3' + "c" + '\xFF';
  const NormalizedText norm = Normalize(bad);
  EXPECT_EQ(norm.text, "ab c ");
  EXPECT_EQ(norm.origin.back(), bad.size());
  EXPECT_TRUE(Normalize("").text.empty());
}

std::vector<std::string> SentencesOf(const std::string& original) {
  const NormalizedText norm = Normalize(original);
  std::vector<Span> spans;
  SplitSentences(norm.text, original, norm.origin, spans);
  std::vector<std::string> out;
  for (const auto& span : spans) {
    const auto begin = norm.OriginalOffset(span.begin);
    out.push_back(original.substr(begin, norm.OriginalOffset(span.end) - begin));
  }
  return out;
}

TEST(Sentences, AbbreviationsDecimalsAndLines) {
  EXPECT_EQ(SentencesOf("Capt. Ibrahim Traoré spoke. Gen. Tiani agreed."),
            (std::vector<std::string>{"Capt. Ibrahim Traoré spoke.", "Gen. Tiani agreed."}));
  EXPECT_EQ(SentencesOf("M. Diallo a parlé. Le bilan est de 1,85 million de déplacés."),
            (std::vector<std::string>{"M. Diallo a parlé.", "Le bilan est de 1,85 million de déplacés."}));
  EXPECT_EQ(SentencesOf("BAMAKO, Mali\nTroops left. \"It is over.\" They said"),
            (std::vector<std::string>{"BAMAKO, Mali", "Troops left.", "\"It is over.\"", "They said"}));
  EXPECT_EQ(SentencesOf("the U.S. army arrived."), (std::vector<std::string>{"the U.S. army arrived."}));
}

std::optional<std::uint32_t> NumberIn(const std::string& text, bool article_is_one = false, bool french = false) {
  const std::string norm = NormalizeKey(text);
  std::vector<Token> tokens;
  Tokenize(norm, Span{0, static_cast<std::uint32_t>(norm.size())}, tokens);
  const auto number = ParseNumberAt(norm, tokens, 0, article_is_one, french);
  if (!number) return std::nullopt;
  return number->value;
}

TEST(Numbers, EnglishAndFrenchWordsAndDigits) {
  EXPECT_EQ(NumberIn("twelve soldiers"), 12U);
  EXPECT_EQ(NumberIn("douze soldats"), 12U);
  EXPECT_EQ(NumberIn("a dozen farmers"), 12U);
  EXPECT_EQ(NumberIn("une dizaine de morts"), 10U);
  EXPECT_EQ(NumberIn("une vingtaine de villageois"), 20U);
  EXPECT_EQ(NumberIn("une trentaine"), 30U);
  EXPECT_EQ(NumberIn("twenty-five militants"), 25U);
  EXPECT_EQ(NumberIn("vingt-cinq"), 25U);
  EXPECT_EQ(NumberIn("vingt et un"), 21U);
  EXPECT_EQ(NumberIn("quatre-vingts"), 80U);
  EXPECT_EQ(NumberIn("one hundred and twenty"), 120U);
  EXPECT_EQ(NumberIn("12 people"), 12U);
  EXPECT_EQ(NumberIn("1,850 people"), 1850U);
  EXPECT_EQ(NumberIn("1,85 million"), 1850000U);
  EXPECT_EQ(NumberIn("2.5 million"), 2500000U);
  EXPECT_EQ(NumberIn("2 million people"), 2000000U);
  EXPECT_EQ(NumberIn("deux millions"), 2000000U);
  EXPECT_EQ(NumberIn("1.500 personnes"), 1500U);
  EXPECT_FALSE(NumberIn("thousands of people"));
  EXPECT_FALSE(NumberIn("des milliers"));
  EXPECT_FALSE(NumberIn("a man"));
  EXPECT_EQ(NumberIn("a man", true), 1U);
  EXPECT_FALSE(NumberIn("4km away"));
}

TEST(Numbers, FrenchThousandsAndTheWordA) {
  EXPECT_EQ(NumberIn("70 000 personnes"), 70000U);
  EXPECT_EQ(NumberIn("1 500 000 déplacés"), 1500000U);
  EXPECT_EQ(NumberIn("12 100 blessés"), 12100U);   // a digit group joins its thousands
  EXPECT_EQ(NumberIn("2019 000"), 2019U);          // four digits lead no group
  EXPECT_EQ(NumberIn("à Sévaré", true), 1U);       // English reading of "a"
  EXPECT_FALSE(NumberIn("à Sévaré", true, true));  // French: "à" is no article
  EXPECT_EQ(NumberIn("une femme", true, true), 1U);
}

// What DatesIn reads in `text` (one sentence) told on day `published`.
DateCues CuesOf(const std::string& text, std::int64_t published) {
  const std::string norm = NormalizeKey(text);
  std::vector<Token> tokens;
  Tokenize(norm, Span{0, static_cast<std::uint32_t>(norm.size())}, tokens);
  return DatesIn(norm, tokens, published);
}

std::optional<std::string> EventDayOf(const std::string& text, std::optional<std::int64_t> published) {
  const std::string norm = NormalizeKey(text);
  std::vector<Token> tokens;
  Tokenize(norm, Span{0, static_cast<std::uint32_t>(norm.size())}, tokens);
  const auto day = EventDayIn(norm, tokens, published);
  if (!day) return std::nullopt;
  return IsoDate(*day);
}

TEST(Dates, EventDayFromCalendarDatesWeekdaysAndYesterday) {
  const std::int64_t wednesday = DaysFromCivil(2025, 11, 26);
  EXPECT_EQ(IsoDate(wednesday), "2025-11-26");
  EXPECT_EQ(IsoDate(DaysFromCivil(2024, 2, 29)), "2024-02-29");
  EXPECT_EQ(EventDayOf("On 27 December 2022, gunmen killed a civilian.", std::nullopt), "2022-12-27");
  EXPECT_EQ(EventDayOf("Le 3 mai, des hommes armés ont attaqué le village.", wednesday), "2025-05-03");
  EXPECT_EQ(EventDayOf("Gunmen attacked the market on Sunday.", wednesday), "2025-11-23");
  EXPECT_EQ(EventDayOf("Des soldats ont été tués mercredi.", wednesday), "2025-11-26");
  EXPECT_EQ(EventDayOf("The convoy was ambushed yesterday.", wednesday), "2025-11-25");
  // The day of the telling is not the day of the event.
  EXPECT_EQ(EventDayOf("Twelve people were killed, officials said on Tuesday.", wednesday), std::nullopt);
  // Without a publication day only a full calendar date dates an event; a month or year names no day.
  EXPECT_EQ(EventDayOf("Gunmen attacked the market on Sunday.", std::nullopt), std::nullopt);
  EXPECT_EQ(EventDayOf("In April 2024 the army launched an offensive.", wednesday), std::nullopt);
}

TEST(Dates, OldestDateResolvesAgainstPublication) {
  const std::int64_t published = DaysFromCivil(2025, 6, 24);
  const auto oldest = [&](const std::string& text) { return CuesOf(text, published).oldest; };
  EXPECT_EQ(oldest("In April 2025, soldiers were killed"), DaysFromCivil(2025, 4, 28));
  EXPECT_EQ(oldest("on 3 June 2025"), DaysFromCivil(2025, 6, 3));
  EXPECT_EQ(oldest("le 12 mai dernier"), DaysFromCivil(2025, 5, 12));
  EXPECT_EQ(oldest("on December 1"), DaysFromCivil(2024, 12, 1));  // no year: the latest past one
  EXPECT_EQ(oldest("since 2015"), DaysFromCivil(2015, 12, 31));
  // The part of a month named dates within it: early (5th), mid (15th), otherwise the 28th.
  EXPECT_EQ(oldest("clashes were reported in early April"), DaysFromCivil(2025, 4, 5));
  EXPECT_EQ(oldest("des affrontements signalés début avril"), DaysFromCivil(2025, 4, 5));
  EXPECT_EQ(oldest("at the beginning of April"), DaysFromCivil(2025, 4, 5));
  EXPECT_EQ(oldest("in mid-April"), DaysFromCivil(2025, 4, 15));
  EXPECT_EQ(oldest("à la fin du mois d'avril"), DaysFromCivil(2025, 4, 28));
  EXPECT_FALSE(oldest("they may attack on Tuesday"));
  EXPECT_FALSE(oldest("the march was peaceful"));
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
}

// The classifier tokenises a sentence for dates only when it holds a DayWords / DateWords
// word (the matcher finds them): every cue must come with one.
TEST(Dates, CuesComeWithTheirMarkerWords) {
  const std::int64_t published = DaysFromCivil(2025, 11, 26);
  const auto holds = [](const std::string& norm, const std::vector<Token>& tokens,
                        std::span<const std::string_view> words) {
    return std::any_of(tokens.begin(), tokens.end(), [&](const Token& token) {
      const std::string_view word = std::string_view(norm).substr(token.begin, token.end - token.begin);
      return std::find(words.begin(), words.end(), word) != words.end();
    });
  };
  for (const std::string text :
       {"On 27 December 2022, gunmen killed a civilian.", "Le 3 mai, des hommes armés ont attaqué le village.",
        "Gunmen attacked the market on Sunday.", "The convoy was ambushed yesterday.", "since 2015 the war",
        "This week, ten were killed.", "Depuis le début de la semaine, 12 morts.", "on the night of March 30-31, 2021",
        "aujourd'hui les déplacés", "in 1,850 villages", "Twelve people were killed in 2019 and 2024.",
        "overnight raids", "the weekend attack", "12 soldiers killed near Boni", "plus de 2000 morts",
        "arrived over the past fortnight", "fled in recent days", "ces dix derniers jours"}) {
    const std::string norm = NormalizeKey(text);
    std::vector<Token> tokens;
    Tokenize(norm, Span{0, static_cast<std::uint32_t>(norm.size())}, tokens);
    const DateCues cues = DatesIn(norm, tokens, published);
    if (cues.recent || cues.oldest) {
      EXPECT_TRUE(holds(norm, tokens, DateWords())) << text;
    }
    if (EventDayIn(norm, tokens, published)) {
      EXPECT_TRUE(holds(norm, tokens, DayWords())) << text;
    }
  }
}

TEST(Dates, SinceClosingAComparisonDatesNothing) {
  const std::int64_t published = DaysFromCivil(2026, 2, 21);
  const auto oldest = [&](const std::string& text) { return CuesOf(text, published).oldest.has_value(); };
  EXPECT_FALSE(oldest("the deadliest attack in the area since 2019"));
  EXPECT_FALSE(oldest("the largest protests since June 2025"));
  EXPECT_FALSE(oldest("l'attaque la plus meurtrière depuis 2019"));
  EXPECT_TRUE(oldest("attacks have killed hundreds since 2019"));
  EXPECT_TRUE(oldest("it was the worst. Since 2019 the army has lost ground"));  // a new clause
}

TEST(Dates, RunningSinceAFewWeeksIsOngoing) {
  const std::int64_t published = DaysFromCivil(2026, 11, 27);
  const std::int64_t old_before = published - 14;
  const auto old = [&](const std::string& text) {
    const DateCues cues = CuesOf(text, published);
    return cues.oldest.has_value() && *cues.oldest < old_before;
  };
  EXPECT_FALSE(old("la phase de ratissage qu'elle menait depuis le 10 novembre"));
  EXPECT_FALSE(old("the sweep under way since Nov. 10"));
  EXPECT_FALSE(old("operations running since early November"));
  EXPECT_FALSE(old("une operation conjointe menee depuis fin octobre"));
  EXPECT_FALSE(old("the offensive waged since the end of October"));
  EXPECT_TRUE(old("the operation launched on 10 November"));          // a start, not a span to now
  EXPECT_TRUE(old("la phase de ratissage menee depuis le 10 aout"));  // months back: background
  EXPECT_TRUE(old("since November 2024"));
}

TEST(Dates, ADayRangeTakesItsYear) {
  const std::int64_t published = DaysFromCivil(2026, 3, 27);
  const DateCues cues = CuesOf("Between March 27 and 31, 2022, Malian troops and foreign personnel", published);
  ASSERT_TRUE(cues.oldest.has_value());
  EXPECT_EQ(*cues.oldest, DaysFromCivil(2022, 3, 27));
}

TEST(Dates, DaysToComeAreFuture) {
  const std::int64_t published = DaysFromCivil(2026, 3, 26);  // a Thursday
  const auto future = [&](const std::string& text) { return CuesOf(text, published).future; };
  EXPECT_TRUE(future("une grande marche le samedi 28 mars"));  // 28 March 2026 is a Saturday
  EXPECT_TRUE(future("a rally on Saturday, March 28"));
  EXPECT_TRUE(future("le sommet se tiendra le 15 avril prochain"));
  EXPECT_TRUE(future("the summit on 15 April 2026"));
  EXPECT_FALSE(future("le vendredi 28 mars, des hommes armés ont attaqué"));  // last year's Friday 28 March
  EXPECT_FALSE(future("the attack on 28 March"));                             // no weekday: read as past
  EXPECT_FALSE(future("le mardi 24 mars, des hommes armés ont attaqué"));     // two days ago
  EXPECT_FALSE(future("on Saturday, 30 May"));                                // more than two months ahead
  EXPECT_FALSE(future("the attack on 15 April 2025"));
}

// Whether `text` dates something recent in an article published on 26 March 2026.
bool RecentOn26March(const std::string& text) { return CuesOf(text, DaysFromCivil(2026, 3, 26)).recent; }

TEST(Dates, DaysJustGoneAreRecent) {
  const auto recent = RecentOn26March;
  EXPECT_TRUE(recent("2,000 have arrived over the past fortnight"));
  EXPECT_TRUE(recent("thousands fled in recent days"));
  EXPECT_TRUE(recent("over the past ten days"));
  EXPECT_TRUE(recent("arrivés ces dix derniers jours"));
  EXPECT_TRUE(recent("depuis quelques jours"));
  EXPECT_FALSE(recent("in the next few days"));        // ahead
  EXPECT_FALSE(recent("dans les prochains jours"));    // ahead
  EXPECT_FALSE(recent("over the past 90 days"));       // a season's total
  EXPECT_FALSE(recent("two days later, the convoy"));  // a span, not days just gone
}

TEST(Dates, AgoAndThisMonthAreRecent) {
  const auto recent = RecentOn26March;
  EXPECT_TRUE(recent("gunmen killed five villagers three days ago"));
  EXPECT_TRUE(recent("the base was attacked 48 hours ago"));
  EXPECT_TRUE(recent("il y a trois jours, des hommes armes ont tue"));
  EXPECT_TRUE(recent("il y a quelques heures"));
  EXPECT_TRUE(recent("killed several men earlier this month"));
  EXPECT_TRUE(recent("enleves ce mois-ci"));
  EXPECT_FALSE(recent("abducted last month"));         // may be weeks back
  EXPECT_FALSE(recent("the siege lasted 200 hours"));  // a span, not hours just gone
  EXPECT_FALSE(recent("some 40 days ago"));            // more than three weeks back
}

}  // namespace
}  // namespace sahelwatch::classify
