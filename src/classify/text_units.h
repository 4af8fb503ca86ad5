// Sentences, word tokens and numbers (digits and number words, English and French) over
// normalised text (see core/text.h).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sahelwatch::classify {

struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

// Splits at newlines and at . ! ? followed by space, unless the dot ends a known
// abbreviation ("capt.", "gen.", "m.", initials) or the next word starts in lowercase in
// the original text. Appends trimmed, non-empty sentences to `out` (cleared first).
void SplitSentences(std::string_view normalized, std::string_view original, const std::vector<std::uint32_t>& origin,
                    std::vector<Span>& out);

struct Token {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  bool clause_break_before = false;  // , ; : ( ) " or a dash between this and the previous token
};

// Word tokens of [begin, end): runs of letters/digits; digit groups keep their inner
// separators ("1,850", "1.5").
void Tokenize(std::string_view normalized, Span range, std::vector<Token>& out);
// The same, appended to `out` (so the tokens of many sentences can share one buffer).
void AppendTokens(std::string_view normalized, Span range, std::vector<Token>& out);

struct NumberValue {
  std::uint32_t value = 0;
  std::size_t first_token = 0;
  std::size_t end_token = 0;  // one past the last token used
};

// The number starting at token `index` ("12", "1,85 million", "twenty-five", "a dozen",
// "une vingtaine", "vingt et un", "70 000"), if any. "a"/"an"/"un"/"une" alone count as 1
// only when `article_is_one` is set; in `french` text "a" (à, avoir) is never an article.
std::optional<NumberValue> ParseNumberAt(std::string_view normalized, std::span<const Token> tokens, std::size_t index,
                                         bool article_is_one, bool french = false);

// True when the token is a number word or digits (part of some number).
bool IsNumberToken(std::string_view word);

// The first token of the written number that token `at` ends or continues: "twenty-seven",
// "two hundred", and French "trente et un" ("et" joins one and eleven to the tens).
std::size_t NumberStart(std::string_view normalized, std::span<const Token> tokens, std::size_t at);

}  // namespace sahelwatch::classify

namespace sahelwatch::classify {

// Days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t DaysFromCivil(std::int64_t year, unsigned month, unsigned day);

// The oldest explicit calendar date a sentence gives ("on 12 March 2024", "in April",
// "le 3 mai", "in 2019"), as days since the epoch, resolved against the publication day
// (a date without a year is the latest such date not after publication). nullopt when
// the sentence names no date.
struct DateCues {
  std::optional<std::int64_t> oldest;  // days since the epoch
  std::uint32_t oldest_at = 0;         // normalised offset of the word that gave it
  bool recent = false;                 // a weekday, "yesterday", "this week", "hier"...
  bool recent_event = false;           // one that dates an event, not the telling ("said on Monday")
  std::uint32_t recent_first = 0;      // normalised offsets of the first and last such word
  std::uint32_t recent_last = 0;       // that dates an event
  // A day still to come: a full date after publication, or, without its year, one within
  // two months whose weekday agrees ("le samedi 28 mars" told on the 26th) or that is
  // "prochain"/"next". Such a date is a plan's: the month alone would read as last year's.
  bool future = false;
  std::uint32_t future_at = 0;  // normalised offset of its month word
};
DateCues DatesIn(std::string_view normalized, std::span<const Token> tokens, std::int64_t published_day);

// True when token k (a day) is the day something was told: "said on Thursday", "a indiqué
// lundi", "published last week".
bool DayOfTheTelling(std::string_view normalized, std::span<const Token> tokens, std::size_t k);

// The day an event sentence dates itself to: a calendar date with its day ("on 12 March
// 2024", "le 3 mai"), or, when the publication day is known, a weekday, "yesterday",
// "hier", "today" resolved against it. The first such cue in the sentence; nullopt when
// there is none (a month or a year alone names no day).
std::optional<std::int64_t> EventDayIn(std::string_view normalized, std::span<const Token> tokens,
                                       std::optional<std::int64_t> published_day);

// Every word EventDayIn acts on (weekdays, months, "yesterday", "hier", "today",
// "aujourd"): a sentence without one of them as a word names no day for it.
std::span<const std::string_view> DayWords();

// A day of the week, English or French ("monday", "lundi").
bool IsWeekday(std::string_view word);

// A word that makes "since <date>" a comparison, not the event's date: "the deadliest attack
// since 2019", "the largest protests since June 2025", « la plus meurtrière depuis 2019 »,
// « la première depuis ». Read among the few words before "since" / "depuis".
bool IsComparisonWord(std::string_view word);
// Whether the "since"/"depuis" at normalised offset `since_at` closes such a comparison (a
// comparison word among the six words before it, within its clause).
bool ClosesComparison(std::string_view normalized, std::size_t since_at);

// Every word that can give DatesIn a cue (words of recency, months, "week", "semaine")
// and every year it reads ("1900" to "2100"): a sentence without one of them as a word
// has no date cue.
std::span<const std::string_view> DateWords();

// "2024-03-12" for days since the epoch.
std::string IsoDate(std::int64_t days);

// The year of a day counted from 1970-01-01.
int YearOfDays(std::int64_t days);

}  // namespace sahelwatch::classify
