// The rule engine: one Hyperscan pass over the normalised article finds every trigger,
// context word, status cue, count word, place and actor; the rest is bookkeeping over
// those matches, sentence by sentence.
#include "classify/classifier.h"

#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <map>
#include <optional>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include "classify/database_cache.h"
#include "classify/gazetteer.h"
#include "classify/matcher.h"
#include "classify/rules.h"
#include "classify/sha256.h"
#include "classify/text_units.h"
#include "classify/word_set.h"
#include "core/text.h"

namespace sahelwatch::classify {
namespace {

constexpr std::uint32_t kNone = 0xFFFFFFFFu;

enum class UseKind : std::uint8_t { kTrigger, kContext, kBefore, kAfter, kExclude, kCue, kCount, kName };

struct PatternUse {
  UseKind kind;
  std::uint32_t index;  // rule, cue, count or gazetteer name
};

enum class Lang : std::uint8_t { kAny, kEn, kFr };

// GazetteerActor::kind, for the kinds the rules tell apart.
enum class ActorKind : std::uint8_t {
  kOther,
  kStateForce,
  kArmedGroup,
  kMultinationalForce,
  kMilitia,
  kCivilians,
  kGovernment
};

ActorKind ParseActorKind(std::string_view kind) {
  if (kind == "state_force") return ActorKind::kStateForce;
  if (kind == "armed_group") return ActorKind::kArmedGroup;
  if (kind == "multinational_force") return ActorKind::kMultinationalForce;
  if (kind == "militia") return ActorKind::kMilitia;
  if (kind == "civilians") return ActorKind::kCivilians;
  if (kind == "government") return ActorKind::kGovernment;
  return ActorKind::kOther;
}

Lang ParseLang(std::string_view lang) {
  if (lang.rfind("en", 0) == 0) return Lang::kEn;
  if (lang.rfind("fr", 0) == 0) return Lang::kFr;
  return Lang::kAny;
}

// A word of at most four bytes as one integer (its bytes, the first lowest, zero padded:
// no word holds a zero byte, so the length is implied), so the language guess tells a
// function word by one switch. The same value one unaligned load gives (LoadShortWord).
constexpr std::uint32_t ShortWordKey(std::string_view word) {
  std::uint32_t key = 0;
  for (std::size_t k = word.size(); k-- > 0;) key = (key << 8) | static_cast<unsigned char>(word[k]);
  return key;
}

// ShortWordKey of text[begin, begin + length) (length 1 to 4): one load where four bytes
// may be read, which is nearly everywhere, instead of a loop over the bytes.
std::uint32_t LoadShortWord(std::string_view text, std::size_t begin, std::size_t length) {
  static_assert(std::endian::native == std::endian::little, "a loaded word's first byte must be its lowest");
  if (begin + 4 > text.size()) return ShortWordKey(text.substr(begin, length));
  std::uint32_t key = 0;
  std::memcpy(&key, text.data() + begin, 4);
  return length == 4 ? key : key & ((std::uint32_t{1} << (length * 8)) - 1);
}

// The language whose function word this is (kAny: none).
constexpr Lang FunctionWordLanguage(std::uint32_t key) {
  switch (key) {
    case ShortWordKey("the"):
    case ShortWordKey("and"):
    case ShortWordKey("of"):
    case ShortWordKey("with"):
    case ShortWordKey("was"):
    case ShortWordKey("were"):
    case ShortWordKey("said"):
      return Lang::kEn;
    case ShortWordKey("le"):
    case ShortWordKey("les"):
    case ShortWordKey("des"):
    case ShortWordKey("et"):
    case ShortWordKey("du"):
    case ShortWordKey("une"):
    case ShortWordKey("est"):
      return Lang::kFr;
    default:
      return Lang::kAny;
  }
}

// An article without a language tag (plain-text input): the language whose function
// words are more frequent in its first 2 KB of normalised text; kAny when it is a tie, so
// both languages' rules apply as before. A function word counts where it stands between
// two spaces; being all letters, it is then one of the text's words (the matcher's, found
// anyway) with a space on either side.
Lang GuessLang(std::string_view normalized, std::span<const WordSpan> words) {
  constexpr std::size_t kShortest = 2;
  constexpr std::size_t kLongest = 4;
  const std::size_t head = std::min<std::size_t>(normalized.size(), 2048);
  int english = 0;
  int french = 0;
  for (const WordSpan& word : words) {
    if (word.end >= head) break;  // the closing space must be in the head too
    const std::size_t length = word.end - word.begin;
    if (length < kShortest || length > kLongest || word.begin == 0 || normalized[word.begin - 1] != ' ' ||
        normalized[word.end] != ' ') {
      continue;
    }
    const Lang lang = FunctionWordLanguage(LoadShortWord(normalized, word.begin, length));
    english += lang == Lang::kEn ? 1 : 0;
    french += lang == Lang::kFr ? 1 : 0;
  }
  if (english > 2 * french && english >= 3) return Lang::kEn;
  if (french > 2 * english && french >= 3) return Lang::kFr;
  return Lang::kAny;
}

bool IsViolentType(EventType type) {
  return type != EventType::kDisplacement && type != EventType::kProtest && type != EventType::kCoup;
}

// A rule that fired in one sentence.
struct Mention {
  std::uint32_t rule = 0;
  std::uint32_t sentence = 0;
  Match trigger;
  EventType type = EventType::kBattle;
  EventStatus status = EventStatus::kOccurred;
  bool has_context = false;
  bool hearsay = false;
};

// Where a sentence names a day of this week that dates an event ("on Saturday"), and where
// its old date is when it also gives one (kNone otherwise): "Thousands rallied on Sunday to
// mark the anniversary of the 26 July 2023 coup".
struct DaysThisWeek {
  std::uint32_t sentence = 0;
  std::uint32_t old_at = 0;
  std::uint32_t recent_first = 0;
  std::uint32_t recent_last = 0;
};

// The figures a toll adds up, each kept ("eight soldiers and at least 20 militants": 8, 20).
struct TollFigures {
  std::uint32_t sum = 0;
  std::array<std::uint32_t, 8> values{};
  std::uint8_t count = 0;
  void Add(std::uint32_t value) {
    sum += value;
    if (count < values.size()) values[count++] = value;
  }
};

struct CountHit {
  CountKind kind = CountKind::kKilled;
  std::uint32_t value = 0;
  std::uint32_t sentence = 0;
  std::uint32_t position = 0;  // of the number, normalised offset
  // "the driver died": one victim named by a definite noun, likely one the story has
  // already counted.
  bool known_victim = false;
  // "bringing the death toll to 11", "portant le bilan à 12 morts": a revised total that
  // includes the figures told before it.
  bool running_total = false;
  // "Police initially said five people had died": a figure the story replaces.
  bool superseded = false;
  // The victims' noun right after the figure ("28 Beninese soldiers": "soldiers"), empty
  // when none or when the figure adds to others ("two more soldiers"); kClaimedVictims for a
  // group's claim. Tells estimates of one toll apart from figures that add up.
  std::string_view victims;
  // The figures `value` adds up: one of them told again later ("neutralised 20
  // terrorists") counts once.
  TollFigures figures;
};

struct PlaceHit {
  std::uint32_t sentence = 0;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t place = kNone;  // resolved gazetteer place
  bool demonym = false;
  // Part of an "(admin2, admin1)" pair that resolved consistently: the most reliable
  // location a report gives.
  bool anchored = false;
  // "the Niger border", "frontière avec le Mali": a country named as a neighbour, not
  // where the event happened.
  bool border = false;
  std::uint32_t first_candidate = 0;  // into Workspace::place_candidates
  std::uint32_t candidate_count = 0;
};

struct ActorHit {
  std::uint32_t sentence = 0;
  std::uint32_t begin = 0;
  std::uint32_t actor = 0;
  std::uint32_t end = 0;
};

// Mentions of one (type, status): one event.
struct MentionGroup {
  EventType type;
  EventStatus status;
  std::uint32_t incident = 0;  // occurred events only: which of the separate incidents told
};

// A place name with candidates in several countries, resolved once the unambiguous names
// have voted for a country.
struct PendingPlace {
  std::size_t hit;      // into Workspace::places
  std::uint32_t match;  // into Workspace::matches
};

// Per-sentence state of a rule, reset lazily by stamp.
struct RuleState {
  std::uint32_t stamp = kNone;
  std::uint32_t trigger = kNone;  // index into matches
  bool context = false;
  bool before = false;
  bool after = false;
  bool exclude = false;
};

// Reused across articles on one thread: no heap churn once warmed up.
struct Workspace {
  Lang lang = Lang::kAny;
  NormalizedText norm;
  std::vector<Match> matches;
  std::vector<WordSpan> words;  // Matcher::Scan's buffer
  std::vector<Span> sentences;
  std::vector<std::uint32_t> match_sentence;
  std::vector<RuleState> rule_state;
  std::vector<std::uint32_t> fired;
  std::vector<Mention> mentions;
  std::vector<Mention> sentence_mentions;
  std::vector<CountHit> counts;
  std::vector<PlaceHit> places;
  std::vector<std::uint32_t> place_candidates;
  std::vector<Span> name_spans;  // every gazetteer name match, sorted by begin
  std::vector<ActorHit> actors;
  // Tokens of the sentences tokenised so far: only SentenceTokens writes here (ranges of
  // earlier sentences point into it), so no other tokenising may reuse it.
  std::vector<Token> sentence_token_store;
  std::vector<Span> sentence_tokens;  // per sentence: its range there (begin kNone: not yet)
  std::vector<double> country_support;
  std::vector<std::string_view> states;  // country codes, Classify's joint-operation test
  // BuildEvents: the (type, status) groups, each mention's group, one group's mentions and
  // sentences, the tolls it counted.
  std::vector<MentionGroup> groups;
  std::vector<std::uint32_t> mention_group;
  std::vector<std::uint32_t> group_mentions;
  std::vector<std::uint32_t> event_sentences;
  std::vector<std::uint32_t> seen_values;
  std::vector<std::uint32_t> killed_parts;       // the death figures an event's toll adds up
  std::vector<std::size_t> victim_estimates;     // per event: the death counts taken so far (into counts)
  std::vector<std::uint32_t> sentence_place;     // best place per sentence, computed on first use
  std::vector<std::uint32_t> count_owner;        // per count: the event sentence it belongs to
  std::vector<std::uint8_t> toll_told_back;      // per sentence: its toll revises one told before, however far
  std::vector<std::uint32_t> sentence_group;     // per sentence: the last group with a mention there
  std::vector<std::uint32_t> sentence_incident;  // per sentence: incidents announced as separate so far
  std::vector<std::uint32_t> roundup_openers;    // paragraphs opening on a date or place (MarkSeparateIncidents)
  std::vector<Span> event_sentence_spans;        // per built event: first and last sentence
  // FindPlacesAndActors: the places one name may be, and names left for the country vote.
  std::vector<std::uint32_t> name_candidates;
  std::vector<PendingPlace> ambiguous;
  std::vector<DaysThisWeek> sentence_days_this_week;
  std::vector<std::uint8_t> sentence_is_old;        // 0 unknown, 1 old (dated > 2 weeks before publication), 2 not old
  std::vector<std::uint32_t> sentence_future_at;    // a day to come the sentence names (DateCues::future), else kNone
  std::vector<std::uint32_t> sentence_dated_at;     // where an old sentence's own oldest date is, else kNone
  std::vector<std::uint8_t> sentence_dated_recent;  // 1: the sentence dates an event within the occurred window
  std::vector<std::uint32_t>
      sentence_old_at;  // an old sentence's leftmost earlier year (normalised offset), else kNone
  std::vector<std::uint8_t> sentence_markers;  // per sentence: the Marker bits of its matches
};

void ForgetSentenceTokens(Workspace& ws) {
  ws.sentence_token_store.clear();
  ws.sentence_tokens.assign(ws.sentences.size(), Span{kNone, kNone});
}

// The normalised text of a sentence.
std::string_view SentenceText(const Workspace& ws, std::uint32_t sentence) {
  const Span span = ws.sentences[sentence];
  return std::string_view(ws.norm.text).substr(span.begin, span.end - span.begin);
}

// The word tokens of a sentence, tokenised on first use: tolls and dates read the same
// ones, and sentences neither needs are never tokenised. Valid until the next call.
std::span<const Token> SentenceTokens(Workspace& ws, std::uint32_t sentence) {
  Span& range = ws.sentence_tokens[sentence];
  if (range.begin == kNone) {
    range.begin = static_cast<std::uint32_t>(ws.sentence_token_store.size());
    AppendTokens(ws.norm.text, ws.sentences[sentence], ws.sentence_token_store);
    range.end = static_cast<std::uint32_t>(ws.sentence_token_store.size());
  }
  return std::span<const Token>(ws.sentence_token_store).subspan(range.begin, range.end - range.begin);
}

// A toll statement belongs to an event told this many sentences before it, or in its own.
constexpr std::uint32_t kTollLookBack = 2;
// An operation's bulletin tells its toll further down ("... 40 terrorists neutralised.
// [details] Four soldiers were wounded.").
constexpr std::uint32_t kOperationTollLookBack = 4;
// Witnesses and aid workers count a strike's or a blast's civilian dead after telling what they
// saw ("There were two explosions ... at least 24 people had been killed").
constexpr std::uint32_t kBlastVictimsLookBack = 6;
// How many sentences after an event of `type` its toll statements and figures may come.
constexpr std::uint32_t TollLookBackOf(EventType type) {
  return type == EventType::kMilitaryOperation || type == EventType::kJointOperation ? kOperationTollLookBack
                                                                                     : kTollLookBack;
}
// Dated more than this before publication: no longer news, background.
constexpr std::int64_t kOccurredWindowDays = 15;
constexpr std::int64_t kMillisPerDay = 86400000;
// Tolls this large in one sentence are aggregates over months or years, not one incident.
constexpr std::uint32_t kAggregateDead = 1000;
constexpr std::uint32_t kAggregateDisplaced = 100000;
// Words a toll's figure may stand before its verb ("six soldiers of the 4th battalion were killed").
constexpr std::size_t kTollReach = 8;
// An event quotes at most this many of its sentences.
constexpr std::size_t kMaxEvidence = 3;
// Kidnapped at once, this many are an event of their own, even within a deadly raid ("killed six
// villagers and kidnapped four women"): a hostage count ops teams track apart from the toll.
constexpr std::uint32_t kKidnappedApart = 3;

class RuleClassifier final : public Classifier {
 public:
  RuleClassifier(RuleBook book, Gazetteer gazetteer, DatabaseCache& cache);

  std::vector<Event> Classify(const Article& article) const override;
  const std::string& RulesSha256() const override { return sha256_; }
  std::size_t RuleCount() const override { return book_.rules.size(); }
  const LoadStats& Stats() const override { return stats_; }
  void SetStats(LoadStats stats) { stats_ = std::move(stats); }

 private:
  bool HasUse(std::uint32_t pattern, UseKind kind) const {
    return (static_cast<unsigned>(use_kinds_[pattern]) >> static_cast<unsigned>(kind) & 1u) != 0;
  }
  bool HasAnyUse(std::uint32_t pattern, std::initializer_list<UseKind> kinds) const {
    return std::any_of(kinds.begin(), kinds.end(), [&](UseKind kind) { return HasUse(pattern, kind); });
  }

  std::uint32_t AddPattern(const std::string& expression, std::uint32_t literal_length, PatternUse use);
  void AddPhrase(const Phrase& phrase, PatternUse use);
  std::uint32_t AddMarker(std::string_view word);
  void AddRegex(const Phrase& phrase, PatternUse use);
  void AddUse(std::uint32_t pattern, PatternUse use);

  void FindPlacesAndActors(Workspace& ws, std::string_view original) const;
  void AnchorAdminPairs(Workspace& ws) const;
  void FindMentions(Workspace& ws, Lang lang) const;
  EventStatus StatusOf(const Workspace& ws, const Mention& mention, bool& habitual, bool& hearsay) const;
  void FindCounts(Workspace& ws, std::string_view original) const;
  // True when `sentence` holds a denial that covers the whole sentence ("The army rejected
  // the claims."); false past the last sentence.
  bool SentenceDenies(const Workspace& ws, std::uint32_t sentence) const;
  void MarkOldSentences(Workspace& ws, std::int64_t published_at_ms) const;
  std::vector<Event> BuildEvents(Workspace& ws, const Article& article) const;
  bool OffTopic(const Workspace& ws) const;
  void MarkSeparateIncidents(Workspace& ws) const;
  void MarkSupersededCounts(Workspace& ws) const;
  // Calls visit(match index, cue) for each cue of `kind` a match stands for, in match order.
  template <typename Visit>
  void ForEachCueMatch(const Workspace& ws, CueKind kind, Visit&& visit) const {
    for (std::size_t i = 0; i < ws.matches.size(); ++i) {
      if (!HasUse(ws.matches[i].pattern, UseKind::kCue)) continue;
      for (const auto& use : uses_[ws.matches[i].pattern]) {
        if (use.kind == UseKind::kCue && book_.cues[use.index].kind == kind) visit(i, book_.cues[use.index]);
      }
    }
  }

  RuleBook book_;
  Gazetteer gazetteer_;
  std::vector<Lang> rule_lang_;
  std::vector<MatcherPattern> patterns_;
  std::unordered_map<std::string, std::uint32_t> pattern_ids_;
  std::vector<std::vector<PatternUse>> uses_;
  // Per pattern: bit UseKind set when some use is of that kind. Most matches serve one or
  // two kinds; each pass skips the others' matches without walking their uses.
  std::vector<std::uint8_t> use_kinds_;
  // Per pattern: the Marker bits of the words it stands for (AddMarker).
  std::vector<std::uint8_t> markers_;
  std::unordered_set<std::string> fillers_;
  // Per place index: a country the gazetteer details (admin units, towns), i.e. one of
  // the region's; foreign countries (France, Russia) only place an event when nothing else does.
  std::vector<bool> regional_country_;
  std::uint32_t country_count_ = 0;  // places [0, country_count_) are the countries
  // Gazetteer::CountryIndex of each place's and each actor's country (kNone: none), and
  // each actor's kind: looked up once here, not by string per article.
  std::vector<std::uint32_t> place_country_;
  std::vector<std::uint32_t> actor_country_;
  std::vector<ActorKind> actor_kind_;
  std::unique_ptr<Matcher> matcher_;
  LoadStats stats_;
  std::string sha256_;
};

// True when another string of the same expansion occurs inside `literal` on word
// boundaries ("suspected jihadists" holds "jihadists"): the longer one adds no match a
// rule could use, only scanning work. Keeps the matcher's literal set small.
bool ContainsShorterAlternative(const std::string& literal, const std::vector<std::string>& alternatives) {
  const auto is_word = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  for (const auto& other : alternatives) {
    if (other.empty() || other.size() >= literal.size()) continue;
    for (std::size_t at = literal.find(other); at != std::string::npos; at = literal.find(other, at + 1)) {
      const bool left = at == 0 || !is_word(literal[at - 1]) || !is_word(other.front());
      const std::size_t end = at + other.size();
      const bool right = end == literal.size() || !is_word(literal[end]) || !is_word(other.back());
      if (left && right) return true;
    }
  }
  return false;
}

std::uint32_t RuleClassifier::AddPattern(const std::string& expression, std::uint32_t literal_length, PatternUse use) {
  auto [it, inserted] = pattern_ids_.try_emplace(expression, static_cast<std::uint32_t>(patterns_.size()));
  if (inserted) {
    patterns_.push_back(MatcherPattern{expression, literal_length, literal_length > 0});
    uses_.emplace_back();
  }
  AddUse(it->second, use);
  return it->second;
}

void RuleClassifier::AddUse(std::uint32_t pattern, PatternUse use) {
  auto& uses = uses_[pattern];
  const bool known = std::any_of(uses.begin(), uses.end(), [&](const PatternUse& other) {
    return other.kind == use.kind && other.index == use.index;
  });
  if (!known) uses.push_back(use);
}

// Variants one regex alternative may become (WithoutOptionalGroups); each is one more
// regex for Hyperscan where it does not expand, so few.
constexpr std::size_t kMaxOptionalVariants = 8;

// A regex that does not expand to literals as a whole often has alternatives that do
// ("(jnim|isgs|...|katiba [a-z]+)"): those go to the matcher as literals, which cost next
// to nothing, and only the rest stays a regex, which Hyperscan scans for and must then
// find the start of. The matcher reports the parts' matches as the whole regex's.
void RuleClassifier::AddRegex(const Phrase& phrase, PatternUse use) {
  const std::string expression = PhraseExpression(phrase);
  if (const auto known = pattern_ids_.find(expression); known != pattern_ids_.end()) {
    AddUse(known->second, use);
    return;
  }
  const auto is_word = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  std::vector<std::string> literals;
  std::string rest;
  for (const std::string& alternative : WithoutOptionalGroups(phrase.pattern, kMaxOptionalVariants)) {
    const auto expanded = ExpandToLiterals(alternative, kMaxLiteralExpansion);
    // Only literals with word bytes at both ends: \b around them means what the matcher's
    // word-bounded literals test.
    const bool as_literals = expanded && std::all_of(expanded->begin(), expanded->end(), [&](const std::string& text) {
                               return !text.empty() && is_word(text.front()) && is_word(text.back());
                             });
    if (as_literals) {
      literals.insert(literals.end(), expanded->begin(), expanded->end());
    } else {
      if (!rest.empty()) rest += '|';
      rest += alternative;
    }
  }
  if (literals.empty() || rest.empty()) {
    AddPattern(expression, 0, use);
    return;
  }
  Phrase rest_phrase;
  rest_phrase.pattern = rest;
  rest_phrase.is_regex = true;
  const auto regex = static_cast<std::uint32_t>(patterns_.size());
  pattern_ids_.emplace(expression, regex);
  patterns_.push_back(MatcherPattern{PhraseExpression(rest_phrase), 0, false});
  uses_.emplace_back();
  AddUse(regex, use);
  std::sort(literals.begin(), literals.end());
  literals.erase(std::unique(literals.begin(), literals.end()), literals.end());
  for (const auto& literal : literals) {
    // Not in pattern_ids_: these patterns report as the regex, never for a phrase of their own.
    patterns_.push_back(
        MatcherPattern{LiteralExpression(literal), static_cast<std::uint32_t>(literal.size()), true, regex});
    uses_.emplace_back();
  }
}

// Words the matcher reports as markers, patterns without uses (every pass skips them):
// the scan finds them for next to nothing, and a sentence without one is not tokenised
// for the date tests that act only on them.
enum Marker : std::uint8_t { kDayWord = 1, kDateWord = 2 };  // DayWords(), DateWords()

// A word the matcher reports without a use (every pass skips it): the scan finds it for
// next to nothing, and its matches tell which sentences hold it without tokenising them.
// Added after every other pattern, so the others keep their ids and their matches' order.
std::uint32_t RuleClassifier::AddMarker(std::string_view word) {
  const std::string expression = LiteralExpression(word);
  auto [it, inserted] = pattern_ids_.try_emplace(expression, static_cast<std::uint32_t>(patterns_.size()));
  if (inserted) {
    patterns_.push_back(MatcherPattern{expression, static_cast<std::uint32_t>(word.size()), true});
    uses_.emplace_back();
  }
  return it->second;
}

void RuleClassifier::AddPhrase(const Phrase& phrase, PatternUse use) {
  if (phrase.is_regex) {
    const auto literals = ExpandToLiterals(phrase.pattern, kMaxLiteralExpansion);
    if (!literals) {
      AddRegex(phrase, use);
      return;
    }
    for (const auto& literal : *literals) {
      if (literal.empty() || ContainsShorterAlternative(literal, *literals)) continue;
      AddPattern(LiteralExpression(literal), static_cast<std::uint32_t>(literal.size()), use);
    }
    return;
  }
  AddPattern(LiteralExpression(phrase.pattern), static_cast<std::uint32_t>(phrase.pattern.size()), use);
}

RuleClassifier::RuleClassifier(RuleBook book, Gazetteer gazetteer, DatabaseCache& cache)
    : book_(std::move(book)), gazetteer_(std::move(gazetteer)) {
  for (std::uint32_t r = 0; r < book_.rules.size(); ++r) {
    const auto& rule = book_.rules[r];
    rule_lang_.push_back(ParseLang(rule.lang));
    for (const auto& phrase : rule.trigger) AddPhrase(phrase, {UseKind::kTrigger, r});
    for (const auto& phrase : rule.context) AddPhrase(phrase, {UseKind::kContext, r});
    for (const auto& phrase : rule.before) AddPhrase(phrase, {UseKind::kBefore, r});
    for (const auto& phrase : rule.after) AddPhrase(phrase, {UseKind::kAfter, r});
    for (const auto& phrase : rule.exclude) AddPhrase(phrase, {UseKind::kExclude, r});
  }
  for (std::uint32_t c = 0; c < book_.cues.size(); ++c) {
    for (const auto& phrase : book_.cues[c].items) AddPhrase(phrase, {UseKind::kCue, c});
  }
  for (std::uint32_t c = 0; c < book_.counts.size(); ++c) {
    for (const auto& phrase : book_.counts[c].items) AddPhrase(phrase, {UseKind::kCount, c});
  }
  for (std::uint32_t n = 0; n < gazetteer_.names.size(); ++n) {
    Phrase phrase;
    phrase.pattern = gazetteer_.names[n].text;
    AddPhrase(phrase, {UseKind::kName, n});
  }
  std::vector<std::pair<std::uint32_t, Marker>> markers;
  for (const std::string_view word : DayWords()) markers.emplace_back(AddMarker(word), kDayWord);
  for (const std::string_view word : DateWords()) markers.emplace_back(AddMarker(word), kDateWord);
  markers_.assign(patterns_.size(), 0);
  for (const auto& [id, marker] : markers) markers_[id] = static_cast<std::uint8_t>(markers_[id] | marker);
  for (const auto& uses : uses_) {
    std::uint8_t kinds = 0;
    for (const auto& use : uses) kinds = static_cast<std::uint8_t>(kinds | 1u << static_cast<unsigned>(use.kind));
    use_kinds_.push_back(kinds);
  }
  const auto country_of = [&](const std::string& code) { return gazetteer_.CountryIndex(code).value_or(kNone); };
  for (const auto& place : gazetteer_.places) place_country_.push_back(country_of(place.country));
  for (const auto& actor : gazetteer_.actors) {
    actor_country_.push_back(country_of(actor.country));
    actor_kind_.push_back(ParseActorKind(actor.kind));
  }
  for (const auto& filler : book_.count_fillers) fillers_.insert(filler);
  regional_country_.assign(gazetteer_.places.size(), false);
  while (country_count_ < gazetteer_.places.size() &&
         gazetteer_.places[country_count_].precision == PlacePrecision::kCountry) {
    ++country_count_;
  }
  for (const auto& place : gazetteer_.places) {
    // Admin units are only listed for the region's countries (a foreign capital may be a place).
    if (place.precision != PlacePrecision::kAdmin1 && place.precision != PlacePrecision::kAdmin2) continue;
    if (const auto index = gazetteer_.CountryIndex(place.country)) regional_country_[*index] = true;
  }
  try {
    matcher_ = std::make_unique<Matcher>(patterns_, &cache);
  } catch (const std::exception& error) {
    throw LoadError(std::string("rules: ") + error.what());
  }
  sha256_ = Sha256Hex(book_.sha256_input + gazetteer_.sha256_input);
}

// ---------------------------------------------------------------------------------------
// Places and actors

bool IsWordChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Titles before a person's name: "President Keita", "M. Traoré", "Captain Goïta".
const WordSet kPersonTitles = {
    "president", "presidente", "mr",         "mrs",         "ms",   "m",       "mme",     "mlle",       "dr",
    "captain",   "capt",       "capitaine",  "colonel",     "col",  "general", "gen",     "lieutenant", "lt",
    "commander", "commandant", "minister",   "ministre",    "imam", "sheikh",  "cheikh",  "sergeant",   "sergent",
    "senator",   "depute",     "honourable", "monseigneur", "mgr",  "maj",     "marabout"};

// Capitalised words that may stand before a place name without making it a person's or
// another place's name ("Central Mali", "Lake Chad", "Cercle Bandiagara").
const WordSet kPlaceModifiers = {
    "north",        "south",        "east",         "west",       "northern",   "southern",   "eastern",
    "western",      "central",      "north-east",   "north-west", "south-east", "south-west", "northeastern",
    "northwestern", "southeastern", "southwestern", "upper",      "lower",      "greater",    "inner",
    "lake",         "mount",        "camp",         "cercle",     "commune",    "region",     "province",
    "department",   "nord",         "sud",          "est",        "ouest",      "centre",     "grand",
    "haut",         "haute",        "lac",          "mont",       "republic"};

// Capitalised words that may follow a place name and keep it a place ("Mopti Region",
// "Kidal Airport"); another capitalised word makes it part of a longer name ("Bangui Mallam").
const WordSet kPlaceHeads = {"region",   "regions",    "province", "department", "district", "cercle", "commune",
                             "state",    "states",     "county",   "prefecture", "airport",  "river",  "lake",
                             "road",     "highway",    "axis",     "forest",     "reserve",  "park",   "town",
                             "city",     "village",    "camp",     "area",       "zone",     "market", "prison",
                             "hospital", "university", "stadium",  "square",     "bridge",   "dam",    "mine",
                             "border",   "basin",      "delta",    "valley",     "plateau"};

// Determiners that make the noun after them one the reader already knows.
const WordSet kDefiniteDeterminers = {"the", "this", "that", "ce", "cet", "cette"};

// Determiners that deny the noun after them: "no operation was conducted", « aucune opération ».
const WordSet kNegatingDeterminers = {"no", "aucun", "aucune", "nul", "nulle"};

// The word before `at` on the same line, skipping one space and an abbreviation dot
// ("M. Keita"); empty when punctuation intervenes.
Span PreviousWord(std::string_view text, std::uint32_t at) {
  std::uint32_t end = at;
  if (end == 0 || text[end - 1] != ' ') return {};
  --end;
  if (end > 0 && text[end - 1] == '.') --end;
  std::uint32_t begin = end;
  while (begin > 0 && (IsWordChar(text[begin - 1]) || text[begin - 1] == '-')) --begin;
  return {begin, end};
}

// The text of PreviousWord (empty when there is none).
std::string_view PreviousWordText(std::string_view text, std::uint32_t at) {
  const Span previous = PreviousWord(text, at);
  return text.substr(previous.begin, previous.end - previous.begin);
}

Span NextWord(std::string_view text, std::uint32_t at) {
  if (at >= text.size() || text[at] != ' ') return {};
  std::uint32_t begin = at + 1;
  std::uint32_t end = begin;
  while (end < text.size() && IsWordChar(text[end])) ++end;
  return {begin, end};
}

bool TitleCased(std::string_view original, const NormalizedText& norm, Span word) {
  if (word.end <= word.begin || !IsUppercaseAt(original, norm.origin[word.begin])) return false;
  for (std::uint32_t i = word.begin + 1; i < word.end; ++i) {
    if (norm.text[i] >= 'a' && norm.text[i] <= 'z' && !IsUppercaseAt(original, norm.origin[i])) return true;
  }
  return false;
}

bool NameSpanAt(const std::vector<Span>& spans, std::uint32_t begin, std::uint32_t end) {
  return std::any_of(spans.begin(), spans.end(), [&](const Span& span) {
    return (begin == kNone || span.begin == begin) && (end == kNone || span.end == end);
  });
}

// A capitalised name that is only part of a longer proper name: a person ("Ibrahim
// Boubacar Keita", "President Boni"), or an unknown place sharing a word with a known
// one ("Bani-Do", "Sikki-Gando", "Bangui Mallam").
bool PartOfLongerName(std::string_view original, const NormalizedText& norm, const std::vector<Span>& names, Span match,
                      Span sentence, bool country_level) {
  const std::string_view text = norm.text;
  // Hyphenated with a word the gazetteer does not know ("Bani-Do"); two known names
  // joined ("Kaya-Dori road") stay places.
  if (match.begin >= 2 && text[match.begin - 1] == '-' && IsWordChar(text[match.begin - 2])) {
    if (!NameSpanAt(names, kNone, match.begin - 1)) return true;
  }
  if (match.end + 1 < text.size() && text[match.end] == '-' && IsWordChar(text[match.end + 1])) {
    if (!NameSpanAt(names, match.end + 1, kNone)) return true;
  }
  const Span previous = PreviousWord(text, match.begin);
  if (previous.end > previous.begin) {
    const std::string_view word = text.substr(previous.begin, previous.end - previous.begin);
    if (kPersonTitles.Contains(word)) return true;
    const bool sentence_start = previous.begin <= sentence.begin;
    if (!sentence_start && previous.end + 1 == match.begin && TitleCased(original, norm, previous) &&
        !kPlaceModifiers.Contains(word) && !NameSpanAt(names, kNone, previous.end)) {
      return true;
    }
  }
  // "Northern Benin", "Centre Mali": a direction word that is also a unit's name (Ghana's
  // Northern region, Burkina's Centre) qualifies the name after it.
  if (kPlaceModifiers.Contains(text.substr(match.begin, match.end - match.begin))) {
    const Span next = NextWord(text, match.end);
    if (next.end > next.begin && NameSpanAt(names, next.begin, kNone)) return true;
  }
  if (!country_level) {
    const Span next = NextWord(text, match.end);
    if (next.end > next.begin && TitleCased(original, norm, next) &&
        !kPlaceHeads.Contains(text.substr(next.begin, next.end - next.begin)) &&
        !NameSpanAt(names, next.begin, kNone)) {
      return true;
    }
  }
  return false;
}

// "the Niger border", "near the border with Mali", "la frontière avec le Burkina".
// Words before a country's name that make it a neighbour or an origin, not where the
// event is: "en provenance du Sénégal", "the border with Mali".
constexpr std::string_view kBorderCues[] = {
    "en provenance du ", "en provenance de ", "en provenance d'", "en provenance de la ", "venant du ", "venant de ",
    "venant de la ", "venant d'", "coming from ", "border with ", "border with the ", "borders with ", "frontier with ",
    "frontier with the ", "frontiers with ", "boundary with ", "frontiere avec ", "frontiere avec le ",
    "frontiere avec la ", "frontiere avec l'", "frontiere du ", "frontiere de la ", "frontiere ", "frontieres avec le ",
    // "sa frontière orientale avec le Mali"
    "orientale avec le ", "orientale avec la ", "occidentale avec le ", "occidentale avec la ",
    "septentrionale avec le ", "meridionale avec le ", "commune avec le ", "commune avec la ",
    // "the Lake Chad area", "le bassin du lac Tchad": a lake shared by four countries.
    "lake ", "lac ",
    // "north of the river Niger", « l'autre côté du fleuve Niger », « la boucle du Niger »: a river
    // through several countries.
    "river ", "fleuve ", "riviere ", "boucle du "};

// The last four bytes of every border cue, packed: text before a name that ends in none of
// them (nearly all) is compared with no cue. Empty when a cue is shorter (then every cue
// is compared).
const std::vector<std::uint32_t>& BorderCueEndings() {
  static const std::vector<std::uint32_t> endings = [] {
    std::vector<std::uint32_t> packed;
    for (const std::string_view cue : kBorderCues) {
      if (cue.size() < 4) return std::vector<std::uint32_t>{};
      std::uint32_t ending = 0;
      std::memcpy(&ending, cue.data() + cue.size() - 4, 4);
      if (std::find(packed.begin(), packed.end(), ending) == packed.end()) packed.push_back(ending);
    }
    return packed;
  }();
  return endings;
}

bool NamedAsBorder(std::string_view text, Span match) {
  std::size_t after = match.end;
  // "the Burkina-Niger border": skip the rest of a hyphenated chain of names.
  while (after + 1 < text.size() && text[after] == '-' && IsWordChar(text[after + 1])) {
    ++after;
    while (after < text.size() && IsWordChar(text[after])) ++after;
  }
  const std::string_view rest = text.substr(after, 9);
  if (rest.starts_with(" border") || rest.starts_with(" frontier") || rest.starts_with(" river")) return true;
  const std::string_view before = text.substr(0, match.begin);
  if (const auto& endings = BorderCueEndings(); !endings.empty()) {
    if (before.size() < 4) return false;
    std::uint32_t ending = 0;
    std::memcpy(&ending, before.data() + before.size() - 4, 4);
    if (std::find(endings.begin(), endings.end(), ending) == endings.end()) return false;
  }
  for (const std::string_view cue : kBorderCues) {
    if (before.ends_with(cue)) return true;
  }
  return false;
}

// "in Paris", "à Washington", "near Abuja": the name is where something happens.
bool AfterLocative(std::string_view text, std::uint32_t name_begin) {
  const std::string_view before = text.substr(0, name_begin);
  for (const std::string_view cue : {"in ", "at ", "near ", "from ", "to ", "a ", "au ", "aux ", "dans ", "pres de ",
                                     "vers ", "de ", "en ", "outside ", "around ", "autour de ", "sur "}) {
    if (before.ends_with(cue)) return true;
  }
  return false;
}

// A name that is also a common word reads as a place after a locative ("in Say", "à Savè")
// or opening an ACLED-style pair ("(Say, Tillaberi)"), unless a determiner follows it
// ("from Save the Children").
bool NamedAsPlace(std::string_view text, const Match& match) {
  const bool opens_pair = match.begin > 0 && text[match.begin - 1] == '(';
  const std::string_view before = text.substr(0, match.begin);
  const bool unit_of = before.ends_with("village of ") || before.ends_with("town of ") ||
                       before.ends_with("commune of ") || before.ends_with("area of ") || before.ends_with("in the ") ||
                       before.ends_with("near the ") || before.ends_with("around the ");
  if (!opens_pair && !unit_of && !AfterLocative(text, match.begin)) return false;
  const std::string_view after = text.substr(match.end);
  for (const std::string_view determiner : {" the ", " a ", " an ", " le ", " la ", " les ", " des "}) {
    if (after.starts_with(determiner)) return false;
  }
  return true;
}

void RuleClassifier::FindPlacesAndActors(Workspace& ws, std::string_view original) const {
  ws.places.clear();
  ws.actors.clear();
  ws.place_candidates.clear();
  ws.name_spans.clear();
  // Support only ever goes to countries (CountryIndex), which lead the places.
  ws.country_support.assign(country_count_, 0.0);
  for (const Match& match : ws.matches) {
    if (HasUse(match.pattern, UseKind::kName)) ws.name_spans.push_back(Span{match.begin, match.end});
  }
  auto& ambiguous = ws.ambiguous;
  ambiguous.clear();
  std::uint32_t covered_until = 0;
  for (std::uint32_t m = 0; m < ws.matches.size(); ++m) {
    const Match& match = ws.matches[m];
    if (!HasUse(match.pattern, UseKind::kName)) continue;
    const auto& uses = uses_[match.pattern];
    // Longest name wins where names overlap ("Burkina Faso" over "Faso").
    std::uint32_t longest_end = match.end;
    for (std::uint32_t n = m + 1; n < ws.matches.size() && ws.matches[n].begin == match.begin; ++n) {
      if (HasUse(ws.matches[n].pattern, UseKind::kName)) longest_end = std::max(longest_end, ws.matches[n].end);
    }
    if (match.end < longest_end || match.begin < covered_until) continue;
    covered_until = match.end;
    // "région de Dosso", "cercle de Djenné": a unit word before the proper name may be lowercase.
    const auto last_word_capitalised = [&] {
      std::uint32_t last_word = match.end;
      while (last_word > match.begin && ws.norm.text[last_word - 1] != ' ') --last_word;
      return last_word > match.begin && IsUppercaseAt(original, ws.norm.origin[last_word]);
    };
    const bool capitalised = IsUppercaseAt(original, ws.norm.origin[match.begin]) || last_word_capitalised();
    // Only acronyms need it, so it is worked out for them alone.
    std::optional<bool> all_capitals;
    const auto written_in_capitals = [&] {
      if (!all_capitals) {
        all_capitals = true;
        for (std::uint32_t i = match.begin; i < match.end && *all_capitals; ++i) {
          const char c = ws.norm.text[i];
          if (c >= 'a' && c <= 'z') all_capitals = IsUppercaseAt(original, ws.norm.origin[i]);
        }
      }
      return *all_capitals;
    };
    auto& candidates = ws.name_candidates;
    candidates.clear();
    bool demonym = false;
    for (const auto& use : uses) {
      if (use.kind != UseKind::kName) continue;
      const auto& name = gazetteer_.names[use.index];
      if (name.acronym && !written_in_capitals()) continue;
      if (name.target == GazetteerName::Target::kActor) {
        ws.actors.push_back(ActorHit{ws.match_sentence[m], match.begin, name.index, match.end});
        continue;
      }
      // Place names must be written as proper names; demonyms may be lowercase (French).
      if (name.target == GazetteerName::Target::kPlace && !capitalised) continue;
      if (name.target == GazetteerName::Target::kPlace && name.common_word && !NamedAsPlace(ws.norm.text, match)) {
        continue;
      }
      if (name.target == GazetteerName::Target::kDemonym) demonym = true;
      if (std::find(candidates.begin(), candidates.end(), name.index) == candidates.end()) {
        candidates.push_back(name.index);
      }
    }
    if (candidates.empty()) continue;
    const bool country_level = std::all_of(candidates.begin(), candidates.end(), [&](std::uint32_t index) {
      return gazetteer_.places[index].precision == PlacePrecision::kCountry;
    });
    const Span sentence = ws.sentences[ws.match_sentence[m]];
    if (!demonym &&
        PartOfLongerName(original, ws.norm, ws.name_spans, Span{match.begin, match.end}, sentence, country_level)) {
      continue;
    }
    PlaceHit hit{ws.match_sentence[m], match.begin, match.end, kNone, demonym};
    const bool names_country = std::any_of(candidates.begin(), candidates.end(), [&](std::uint32_t index) {
      return gazetteer_.places[index].precision == PlacePrecision::kCountry;
    });
    hit.border = names_country && NamedAsBorder(ws.norm.text, Span{match.begin, match.end});
    // "the borders with Niger and Burkina Faso", "en provenance du Sénégal et de la Côte
    // d'Ivoire": a country joined to a border country is one too.
    if (names_country && !hit.border && !ws.places.empty() && ws.places.back().border &&
        ws.places.back().sentence == hit.sentence && ws.places.back().end < match.begin) {
      const std::string_view between =
          std::string_view(ws.norm.text).substr(ws.places.back().end, match.begin - ws.places.back().end);
      for (const std::string_view joint : {" and ", " and the ", " or ", ", ", " et ", " ou ", " et de la ", " et du ",
                                           " et de l'", " et de ", " et la ", " et le "}) {
        hit.border |= between == joint;
      }
    }
    hit.first_candidate = static_cast<std::uint32_t>(ws.place_candidates.size());
    hit.candidate_count = static_cast<std::uint32_t>(candidates.size());
    ws.place_candidates.insert(ws.place_candidates.end(), candidates.begin(), candidates.end());
    std::string_view country;
    bool one_country = true;
    for (const auto index : candidates) {
      const auto& candidate_country = gazetteer_.places[index].country;
      if (country.empty()) country = candidate_country;
      one_country &= candidate_country == country;
    }
    if (one_country) {
      // Most precise reading within the one country.
      std::uint32_t best = candidates.front();
      for (const auto index : candidates) {
        const auto& place = gazetteer_.places[index];
        const auto& current = gazetteer_.places[best];
        if (place.precision > current.precision ||
            (place.precision == current.precision && place.rank > current.rank)) {
          best = index;
        }
      }
      hit.place = best;
      if (const auto country_index = place_country_[best]; country_index != kNone) {
        const bool is_country = gazetteer_.places[best].precision == PlacePrecision::kCountry;
        ws.country_support[country_index] += hit.border ? 0.25 : is_country && !demonym ? 2.0 : 1.0;
      }
    } else {
      ambiguous.push_back(PendingPlace{ws.places.size(), m});
    }
    ws.places.push_back(hit);
  }
  AnchorAdminPairs(ws);
  // State forces, militias and governments name their country ("Malian soldiers", "VDP",
  // "the Nigerien government").
  for (const auto& hit : ws.actors) {
    const ActorKind kind = actor_kind_[hit.actor];
    if (gazetteer_.actors[hit.actor].country.empty() ||
        (kind != ActorKind::kStateForce && kind != ActorKind::kMilitia && kind != ActorKind::kGovernment)) {
      continue;
    }
    if (const auto country_index = actor_country_[hit.actor]; country_index != kNone) {
      ws.country_support[country_index] += 1.0;
    }
  }
  // Ambiguous names: the reading in the country the rest of the article supports.
  // "Nigeria and Niger", "le Mali, le Niger et le Burkina": a name listed with a country
  // is a country too, whatever the rest of the article supports.
  const auto listed_with_country = [&](std::size_t hit) {
    const auto is_country_at = [&](std::size_t other) {
      const auto place = ws.places[other].place;
      return place != kNone && gazetteer_.places[place].precision == PlacePrecision::kCountry;
    };
    const auto joins = [&](std::uint32_t from, std::uint32_t to) {
      if (from > to || to - from > 8) return false;
      const std::string_view between = std::string_view(ws.norm.text).substr(from, to - from);
      for (const std::string_view joint :
           {" and ", " et ", ", ", " or ", " ou ", " and the ", " et le ", " et la ", ", le ", ", la "}) {
        if (between == joint) return true;
      }
      return false;
    };
    return (hit > 0 && is_country_at(hit - 1) && joins(ws.places[hit - 1].end, ws.places[hit].begin)) ||
           (hit + 1 < ws.places.size() && is_country_at(hit + 1) &&
            joins(ws.places[hit].end, ws.places[hit + 1].begin));
  };
  for (const auto& pending : ambiguous) {
    if (ws.places[pending.hit].anchored) continue;
    const bool country_list = listed_with_country(pending.hit);
    std::uint32_t best = kNone;
    double best_score = -1;
    for (const auto& use : uses_[ws.matches[pending.match].pattern]) {
      if (use.kind != UseKind::kName) continue;
      const auto& name = gazetteer_.names[use.index];
      if (name.target == GazetteerName::Target::kActor) continue;
      const auto& place = gazetteer_.places[name.index];
      const auto country_index = place_country_[name.index];
      const double support = country_index != kNone ? ws.country_support[country_index] : 0.0;
      // A country's own name reads as the country ("Niger"), not as a namesake unit.
      const double country_bonus = place.precision != PlacePrecision::kCountry ? 0 : country_list ? 1e6 : 50;
      const double score = support * 100 + country_bonus + static_cast<double>(place.precision) * 10 + place.rank;
      if (score > best_score) {
        best_score = score;
        best = name.index;
      }
    }
    ws.places[pending.hit].place = best;
  }
  for (const auto& pending : ambiguous) {
    const auto place = ws.places[pending.hit].place;
    if (place == kNone || ws.places[pending.hit].anchored) continue;
    if (const auto country_index = place_country_[place]; country_index != kNone) {
      ws.country_support[country_index] += ws.places[pending.hit].border ? 0.25 : 1.0;
    }
  }
  // A foreign capital without a locative before it stands for its government ("the
  // agreement with Washington", "Moscow's support"), not for where the event happened.
  for (auto& hit : ws.places) {
    if (hit.place == kNone || hit.border || hit.anchored) continue;
    const auto& place = gazetteer_.places[hit.place];
    const auto country_index = place_country_[hit.place];
    if (place.precision == PlacePrecision::kCountry || country_index == kNone || regional_country_[country_index]) {
      continue;
    }
    hit.border = !AfterLocative(ws.norm.text, hit.begin);
  }
}

// "(Bandiagara, Mopti)", "(Dori, Seno)", "(Karimama, Alibori)": a unit or town named with
// the unit above it, the way reports and event notes locate a place. A pair that resolves
// consistently fixes the country and admin1 better than any single, possibly ambiguous name.
void RuleClassifier::AnchorAdminPairs(Workspace& ws) const {
  const std::string_view text = ws.norm.text;
  const auto candidates = [&](const PlaceHit& hit) {
    return std::span<const std::uint32_t>(ws.place_candidates).subspan(hit.first_candidate, hit.candidate_count);
  };
  // True when gazetteer place `inner` lies in the admin unit `outer`.
  const auto lies_in = [&](std::uint32_t inner, std::uint32_t outer) {
    const auto& unit = gazetteer_.places[outer];
    const auto& place = gazetteer_.places[inner];
    if (inner == outer || unit.country != place.country || place.precision <= unit.precision) return false;
    if (unit.precision == PlacePrecision::kAdmin1) return place.admin1 == unit.admin1;
    if (unit.precision == PlacePrecision::kAdmin2) return place.admin2 == unit.admin2;
    return false;
  };
  const auto anchor = [&](PlaceHit& hit, std::uint32_t place) {
    hit.place = place;
    hit.anchored = true;
  };
  const auto support = [&](std::uint32_t place) {
    const auto country = place_country_[place];
    return country != kNone ? ws.country_support[country] : 0.0;
  };
  for (std::size_t h = 0; h < ws.places.size(); ++h) {
    PlaceHit& outer = ws.places[h];
    if (outer.demonym || outer.begin < 3 || text.substr(outer.begin - 2, 2) != ", ") continue;
    // "(Douna, Mopti)" as notes write it, or "Douna, Mopti" and "Djibo, Soum" in running
    // text; only the bracketed form may hold a first name the gazetteer does not know.
    const bool bracketed = outer.end < text.size() && text[outer.end] == ')';
    PlaceHit* inner = nullptr;
    if (h > 0) {
      PlaceHit& previous = ws.places[h - 1];
      if (!previous.demonym && previous.end + 2 == outer.begin &&
          (!bracketed || (previous.begin > 0 && text[previous.begin - 1] == '('))) {
        inner = &previous;
      }
    }
    if (!bracketed && inner == nullptr) continue;
    std::uint32_t best_inner = kNone;
    std::uint32_t best_outer = kNone;
    double best_score = -1;
    if (inner != nullptr) {
      for (const auto i : candidates(*inner)) {
        for (const auto o : candidates(outer)) {
          if (!lies_in(i, o)) continue;
          // Adjacent levels (cercle in region, town in province) read most naturally.
          const bool adjacent =
              static_cast<int>(gazetteer_.places[i].precision) == static_cast<int>(gazetteer_.places[o].precision) + 1;
          const double score = (adjacent ? 1000.0 : 0.0) + support(o);
          if (score > best_score) {
            best_score = score;
            best_inner = i;
            best_outer = o;
          }
        }
      }
    }
    // "(Gorgadji, Seno)": the first name unknown (or a namesake elsewhere), the second an
    // admin unit. In running text only a known town's namesake ("Douna, Mopti": Burkina
    // has a Douna too), and not in a list of places ("Djibo, Mopti and Gao").
    bool namesake_first = false;
    if (best_outer == kNone && !bracketed) {
      const bool listed = h + 1 < ws.places.size() && ws.places[h + 1].begin <= outer.end + 6;
      namesake_first =
          !listed && std::all_of(candidates(*inner).begin(), candidates(*inner).end(), [&](std::uint32_t i) {
            return gazetteer_.places[i].precision > PlacePrecision::kAdmin2;
          });
      if (!namesake_first) continue;
    }
    if (best_outer == kNone) {
      if (bracketed) {
        const auto open = text.rfind('(', outer.begin);
        if (open == std::string_view::npos || outer.begin - open > 48) continue;
        const std::string_view first = text.substr(open + 1, outer.begin - 2 - (open + 1));
        if (first.empty() || first.find_first_of("(),") != std::string_view::npos) continue;
      }
      for (const auto o : candidates(outer)) {
        const auto precision = gazetteer_.places[o].precision;
        if (precision != PlacePrecision::kAdmin1 && precision != PlacePrecision::kAdmin2) continue;
        const double score = support(o) * 10 + static_cast<double>(precision);
        if (score > best_score) {
          best_score = score;
          best_outer = o;
        }
      }
    }
    if (best_outer == kNone) continue;
    anchor(outer, best_outer);
    if (best_inner != kNone) anchor(*inner, best_inner);
    if (namesake_first) inner->place = kNone;
    if (const auto country = place_country_[best_outer]; country != kNone) ws.country_support[country] += 3.0;
  }
}

// ---------------------------------------------------------------------------------------
// Mentions

void RuleClassifier::FindMentions(Workspace& ws, Lang lang) const {
  ws.mentions.clear();
  ws.rule_state.resize(book_.rules.size());
  for (auto& state : ws.rule_state) state.stamp = kNone;
  std::size_t m = 0;
  for (std::uint32_t s = 0; s < ws.sentences.size(); ++s) {
    const std::size_t first = m;
    while (m < ws.matches.size() && ws.match_sentence[m] == s) ++m;
    const std::size_t last = m;
    ws.fired.clear();
    // Pass 1: first trigger of each rule in the sentence.
    for (std::size_t i = first; i < last; ++i) {
      if (!HasUse(ws.matches[i].pattern, UseKind::kTrigger)) continue;
      for (const auto& use : uses_[ws.matches[i].pattern]) {
        if (use.kind != UseKind::kTrigger) continue;
        if (lang != Lang::kAny && rule_lang_[use.index] != Lang::kAny && rule_lang_[use.index] != lang) {
          continue;
        }
        auto& state = ws.rule_state[use.index];
        if (state.stamp != s) {
          state = RuleState{s, static_cast<std::uint32_t>(i), false, false, false, false};
          ws.fired.push_back(use.index);
        }
      }
    }
    if (ws.fired.empty()) continue;
    // Pass 2: context and exclusions, within the rule's window of its trigger.
    for (std::size_t i = first; i < last; ++i) {
      const Match& match = ws.matches[i];
      if (!HasAnyUse(match.pattern, {UseKind::kContext, UseKind::kExclude, UseKind::kBefore, UseKind::kAfter})) {
        continue;
      }
      for (const auto& use : uses_[match.pattern]) {
        if (use.kind != UseKind::kContext && use.kind != UseKind::kExclude && use.kind != UseKind::kBefore &&
            use.kind != UseKind::kAfter) {
          continue;
        }
        auto& state = ws.rule_state[use.index];
        if (state.stamp != s) continue;
        const Match& trigger = ws.matches[state.trigger];
        const std::uint32_t window = book_.rules[use.index].window;
        if (window > 0) {
          const std::uint32_t distance = match.begin >= trigger.end   ? match.begin - trigger.end
                                         : trigger.begin >= match.end ? trigger.begin - match.end
                                                                      : 0;
          if (distance > window) continue;
        }
        switch (use.kind) {
          case UseKind::kContext:
            state.context = true;
            break;
          case UseKind::kBefore:
            state.before |= match.end <= trigger.begin;
            break;
          case UseKind::kAfter:
            state.after |= match.begin >= trigger.end;
            break;
          default:
            state.exclude = true;
            break;
        }
      }
    }
    ws.sentence_mentions.clear();
    for (const auto r : ws.fired) {
      const auto& state = ws.rule_state[r];
      const auto& rule = book_.rules[r];
      if (state.exclude || (!rule.context.empty() && !state.context) || (!rule.before.empty() && !state.before) ||
          (!rule.after.empty() && !state.after)) {
        continue;
      }
      Mention mention;
      mention.rule = r;
      mention.sentence = s;
      mention.trigger = ws.matches[state.trigger];
      mention.type = rule.type;
      mention.has_context = !rule.context.empty() || !rule.before.empty() || !rule.after.empty();
      ws.sentence_mentions.push_back(mention);
    }
    // One reading per trigger span: the higher-priority rule wins an overlap.
    auto& found = ws.sentence_mentions;
    const auto priority = [&](const Mention& mention) { return book_.rules[mention.rule].priority; };
    // Toll statements (dependent rules) never outrank an event reading of the same words.
    // A sentence has a few mentions: a stable insertion sort, which (unlike std::stable_sort)
    // needs no temporary buffer from the heap, orders them exactly as std::stable_sort would.
    const auto before = [&](const Mention& a, const Mention& b) {
      const bool a_dependent = book_.rules[a.rule].dependent;
      const bool b_dependent = book_.rules[b.rule].dependent;
      if (a_dependent != b_dependent) return b_dependent;
      return priority(a) > priority(b);
    };
    for (std::size_t i = 1; i < found.size(); ++i) {
      const Mention moving = found[i];
      std::size_t at = i;
      for (; at > 0 && before(moving, found[at - 1]); --at) found[at] = found[at - 1];
      found[at] = moving;
    }
    for (std::size_t i = 0; i < found.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        // Rules of one type reading the same words agree (their ids all explain the event),
        // unless they disagree on the status: "ont été déplacées" is a flight, not a stock.
        if (found[j].rule == kNone ||
            (found[i].type == found[j].type &&
             book_.rules[found[i].rule].default_status == book_.rules[found[j].rule].default_status)) {
          continue;
        }
        const Match& a = found[i].trigger;
        const Match& b = found[j].trigger;
        if (a.begin < b.end && b.begin < a.end) {
          found[i].rule = kNone;
          break;
        }
      }
    }
    for (const auto& winner : found) {
      if (winner.rule == kNone) continue;
      for (const auto suppressed : book_.rules[winner.rule].suppress) {
        for (auto& other : found) {
          if (other.rule != kNone && other.type == suppressed && priority(other) <= book_.rules[winner.rule].priority) {
            other.rule = kNone;
          }
        }
      }
    }
    for (const auto& mention : found) {
      if (mention.rule != kNone) ws.mentions.push_back(mention);
    }
  }
}

// The verb a negation governs is one of telling ("has not commented", "n'a pas précisé").
bool NegatesOnlyTheTelling(std::string_view text, std::uint32_t negation_end) {
  // "No group has (yet) claimed the abduction", « aucun groupe n'a revendiqué l'enlèvement »:
  // the one who would tell, and the auxiliaries after it, come before the verb.
  static const WordSet kClaimantsAndAuxiliaries = {"group",   "groups", "one",       "organisation", "organization",
                                                   "faction", "groupe", "mouvement", "movement",     "immediate",
                                                   "has",     "have",   "had",       "yet",          "so",
                                                   "far",     "n",      "a",         "ont"};
  std::string_view verb;
  std::size_t at = negation_end;
  for (int words = 0; words < 5; ++words) {
    while (at < text.size() && (text[at] == ' ' || text[at] == '\'')) ++at;
    std::size_t end = at;
    while (end < text.size() && IsWordChar(text[end])) ++end;
    verb = text.substr(at, end - at);
    if (!kClaimantsAndAuxiliaries.Contains(verb)) break;
    at = end;
  }
  // "did not say when the offensive would begin" leaves the offensive planned; « aucune perte dans
  // les rangs de la force » denies its losses, not its operation.
  static constexpr auto kTelling = std::to_array<std::string_view>(
      {"commented", "confirmed", "responded",  "said",       "given",    "provided",    "disclosed",
       "specified", "released",  "reacted",    "claimed",    "yet",      "immediately", "comment",
       "confirm",   "respond",   "communique", "commente",   "confirme", "precise",     "donne",
       "fourni",    "reagi",     "revendique", "souhaite",   "voulu",    "pu",          "encore",
       "indique",   "divulgue",  "publie",     "repondu",    "say",      "specify",     "disclose",
       "reveal",    "indicate",  "explain",    "give",       "provide",  "mention",     "elaborate",
       "claim",     "perte",     "pertes",     "casualties", "losses",   "victime",     "victimes"});
  // "the pact does not provide for joint operations" rules the operations out; it tells no detail.
  if ((verb == "provide" || verb == "provided") && text.substr(at + verb.size(), 4) == " for") return false;
  return std::find(kTelling.begin(), kTelling.end(), verb) != kTelling.end();
}

// "No further clashes were reported", « aucune autre attaque »: more of an event already
// told is denied, not that event.
bool NegatesOnlyMoreOfIt(std::string_view text, std::uint32_t negation_end) {
  static const WordSet kMore = {"further", "other",  "more",     "additional", "subsequent",
                                "autre",   "autres", "nouvelle", "nouvelles",  "nouveaux"};
  const Span next = NextWord(text, negation_end);
  return kMore.Contains(text.substr(next.begin, next.end - next.begin));
}

// Whether the sentence counts losses of soldiers or police ("Six soldiers were killed").
bool ToldAsForcesLosses(Workspace& ws, std::uint32_t sentence) {
  static const WordSet kForces = {"soldiers",  "soldier",   "soldats",   "soldat",     "militaires", "troops",
                                  "gendarmes", "policemen", "policiers", "servicemen", "vdp"};
  const auto tokens = SentenceTokens(ws, sentence);
  return std::any_of(tokens.begin(), tokens.end(), [&](const Token& token) {
    return kForces.Contains(std::string_view(ws.norm.text).substr(token.begin, token.end - token.begin));
  });
}

// "the two soldiers died of their wounds", « les deux militaires ont succombé »: victims the
// story has already counted, named back by a determiner and their figure before the verb.
bool NamesCountedVictimsBack(Workspace& ws, const Mention& mention) {
  static const WordSet kBackReferences = {"the", "these", "those", "les", "ces"};
  const auto tokens = SentenceTokens(ws, mention.sentence);
  const auto word = [&](std::size_t k) {
    return std::string_view(ws.norm.text).substr(tokens[k].begin, tokens[k].end - tokens[k].begin);
  };
  std::size_t verb = 0;
  while (verb < tokens.size() && tokens[verb].begin < mention.trigger.begin) ++verb;
  constexpr std::size_t kReach = 6;
  for (std::size_t k = verb >= kReach ? verb - kReach : 0; k + 2 < verb; ++k) {
    if (kBackReferences.Contains(word(k)) && IsNumberToken(word(k + 1)) && word(k + 1) != "one" &&
        word(k + 1) != "un" && word(k + 1) != "une") {
      return true;
    }
  }
  return false;
}

// Whether `text` holds one of `words` anywhere.
bool HoldsAny(std::string_view text, std::span<const std::string_view> words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view word) { return text.find(word) != std::string_view::npos; });
}

// "since the", "after the", « depuis le »: an event the sentence dates something else by.
bool RefersBackInTime(std::string_view cue_text) {
  static constexpr auto kTimeWords =
      std::to_array<std::string_view>({"since ", "after ", "following ", "before ", "in the aftermath", "depuis ",
                                       "apres ", "avant ", "lors ", "suite a", "a la suite"});
  return std::any_of(kTimeWords.begin(), kTimeWords.end(),
                     [&](std::string_view word) { return cue_text.starts_with(word); });
}

// One of `spans` ends within `reach` bytes before `at` ("two years after", « une semaine après »).
bool SpanBefore(std::string_view text, std::uint32_t at, std::uint32_t reach, std::span<const std::string_view> spans) {
  return HoldsAny(text.substr(at - std::min(at, reach), std::min(at, reach)), spans);
}

// Months or years before a back-reference put its event that far back.
bool LongSpanBefore(std::string_view text, std::uint32_t at) {
  static constexpr auto kLongSpans = std::to_array<std::string_view>(
      {" years", " year ", " months", " month ", " ans ", " an ", " annees", " mois ", " decade", " decennie"});
  return SpanBefore(text, at, 30, kLongSpans);
}

// Days or weeks before a back-reference keep its event as recent as the sentence's news.
bool ShortSpanBefore(std::string_view text, std::uint32_t at) {
  static constexpr auto kShortSpans =
      std::to_array<std::string_view>({" days ", " day ", " hours ", " week ", " jours ", " heures ", " semaine "});
  return SpanBefore(text, at, 16, kShortSpans);
}

bool RuleClassifier::SentenceDenies(const Workspace& ws, std::uint32_t sentence) const {
  auto it = std::lower_bound(ws.match_sentence.begin(), ws.match_sentence.end(), sentence);
  for (auto i = static_cast<std::size_t>(it - ws.match_sentence.begin());
       i < ws.matches.size() && ws.match_sentence[i] == sentence; ++i) {
    if (!HasUse(ws.matches[i].pattern, UseKind::kCue)) continue;
    for (const auto& use : uses_[ws.matches[i].pattern]) {
      if (use.kind != UseKind::kCue) continue;
      const CueDef& cue = book_.cues[use.index];
      if (cue.kind == CueKind::kNegated && cue.scope == CueScope::kSentence) return true;
    }
  }
  return false;
}

// "The army said it would launch an offensive after air strikes killed 100 militants": what
// follows "after" or "because" is what happened, not what is planned.
bool PastClauseBetween(std::string_view text, std::uint32_t from, std::uint32_t to) {
  static constexpr auto kPastClauseWords = std::to_array<std::string_view>(
      {" after ", " since ", " because ", " following ", " apres que ", " apres l", " apres le ", " apres la ",
       " apres les ", " parce que ", " suite a ", " a la suite "});
  return HoldsAny(text.substr(from, to - from), kPastClauseWords);
}

// The sentence ends with a question mark (quotes and spaces after it allowed).
bool AsksAQuestion(const Workspace& ws, std::uint32_t sentence) {
  std::string_view text = SentenceText(ws, sentence);
  while (!text.empty() && (text.back() == ' ' || text.back() == '"' || text.back() == '\n' ||
                           static_cast<unsigned char>(text.back()) >= 0x80)) {
    text.remove_suffix(1);
  }
  return !text.empty() && text.back() == '?';
}

bool StartsWithSince(std::string_view text, const Match& match) {
  const std::string_view matched = text.substr(match.begin, match.end - match.begin);
  return matched.starts_with("since ") || matched.starts_with("depuis ");
}

// The trigger lies close by a day of this week its sentence names, and clearly nearer to it
// than to `old_at`: "a rendu jeudi son verdict dans le dossier de l'attaque ... de juillet
// 2011" dates the attack by its year, not by the verdict's day.
bool NearerToThisWeekThan(const DaysThisWeek& days, const Mention& mention, std::uint32_t old_at) {
  constexpr std::uint32_t kNear = 40;
  const auto distance = [](std::uint32_t a, std::uint32_t b) { return a > b ? a - b : b - a; };
  // Distances run from the trigger's nearer end: a long trigger ("packed the stadium in
  // Niamey on Sunday to mark") may hold the day it is dated by.
  const auto to_trigger = [&](std::uint32_t at) {
    if (at >= mention.trigger.begin && at < mention.trigger.end) return std::uint32_t{0};
    return std::min(distance(at, mention.trigger.begin), distance(at, mention.trigger.end));
  };
  const std::uint32_t recent = std::min(to_trigger(days.recent_first), to_trigger(days.recent_last));
  return recent <= kNear && 2 * recent < to_trigger(old_at);
}

const DaysThisWeek* DaysThisWeekOf(const Workspace& ws, std::uint32_t sentence) {
  for (const auto& days : ws.sentence_days_this_week) {
    if (days.sentence == sentence) return &days;
  }
  return nullptr;
}

// The cue sits in a relative clause set off by commas that does not hold the trigger: "Dozens
// of Fulani families, including some refugees who had arrived from Burkina Faso in recent
// months, fled Danoa" dates the refugees' arrival, not the flight.
bool DatesOnlyAnAside(std::string_view text, Span sentence, const Match& cue, const Match& trigger) {
  const std::string_view before = text.substr(sentence.begin, cue.begin - sentence.begin);
  const std::size_t comma_before = before.rfind(',');
  if (comma_before == std::string_view::npos) return false;
  const std::string_view after = text.substr(cue.end, sentence.end - std::min(sentence.end, cue.end));
  const std::size_t comma_after = after.find(',');
  if (comma_after == std::string_view::npos) return false;
  const std::size_t open = sentence.begin + comma_before;
  const std::size_t close = cue.end + comma_after;
  if (trigger.begin > open && trigger.begin < close) return false;
  // A relative clause tells its own time ("including traders returning home after the curfew
  // hour" has none, and leaves the cue to the sentence).
  static constexpr auto kRelativePronouns =
      std::to_array<std::string_view>({" who ", " which ", " whose ", " qui ", " dont ", " lesquels ", " lesquelles "});
  return HoldsAny(text.substr(open, cue.begin - open), kRelativePronouns);
}

// "des étudiants qui protestaient contre le non-paiement de leurs bourses depuis plusieurs
// mois", "marched against power cuts that have lasted since 2024": a span told after what a
// protest is against dates the grievance, not the protest.
bool DatesTheGrievance(std::string_view text, const Match& cue, const Match& trigger) {
  if (cue.begin < trigger.end) return false;
  static constexpr auto kGrievanceMarkers =
      std::to_array<std::string_view>({" contre ", " against ", " over ", " pour reclamer ", " pour denoncer ",
                                       " pour exiger ", " to demand ", " to denounce ", " demanding ", " reclamant "});
  return HoldsAny(text.substr(trigger.end - 1, cue.begin - trigger.end + 1), kGrievanceMarkers);
}

// The denial has its own object after it: another event of a different type told after it
// in the sentence of `mention`, or what a "that"-clause says ("rejected accusations that
// civilians were among the dead", « a démenti les informations selon lesquelles »). A
// denial followed by an event of the same type ("denied that it carried out any strike")
// is of that one; other negations ("a fictitious locality") have no object.
bool DeniesWhatFollows(const Workspace& ws, const Mention& mention, const Match& denial) {
  static constexpr auto kDenialVerbs = std::to_array<std::string_view>(
      {"den", "dement", "reject", "rejet", "dismiss", "refut", "a dement", "ont dement", "a rejet", "ont rejet"});
  const std::string_view said = std::string_view(ws.norm.text).substr(denial.begin, denial.end - denial.begin);
  if (std::none_of(kDenialVerbs.begin(), kDenialVerbs.end(),
                   [&](std::string_view verb) { return said.starts_with(verb); })) {
    return false;
  }
  // The denial's subject is not the event: "the Air Force denied that it carried out any
  // strike" denies the strike its trigger tells.
  static constexpr auto kClauseBreaks = std::to_array<std::string_view>({",", ";", " and ", " et ", " but ", " mais "});
  if (denial.begin <= mention.trigger.end ||
      !HoldsAny(std::string_view(ws.norm.text).substr(mention.trigger.end, denial.begin - mention.trigger.end),
                kClauseBreaks)) {
    return false;
  }
  bool other_type_after = false;
  for (const Mention& other : ws.mentions) {
    if (other.sentence != mention.sentence || other.trigger.begin < denial.end) continue;
    if (other.type == mention.type) return false;
    other_type_after = true;
  }
  constexpr std::size_t kObjectReach = 36;
  static constexpr auto kThatClause = std::to_array<std::string_view>({" that ", " que ", " qu'", " selon lesquel"});
  return other_type_after || HoldsAny(std::string_view(ws.norm.text).substr(denial.end, kObjectReach), kThatClause);
}

// Words for recalling past events: an anniversary, a commemoration.
constexpr auto kCommemorating =
    std::to_array<std::string_view>({"anniversa", "commemor", "in memory of", "en memoire"});

// The trigger names what an anniversary or commemoration recalls ("to mark the anniversary
// of the 2024 #EndBadGovernance demonstrations", « commémorer les événements de 2023 »).
bool Commemorated(const Workspace& ws, const Mention& mention) {
  constexpr std::uint32_t kReach = 60;
  const std::uint32_t from =
      std::max(ws.sentences[mention.sentence].begin, mention.trigger.begin - std::min(mention.trigger.begin, kReach));
  return HoldsAny(std::string_view(ws.norm.text).substr(from, mention.trigger.begin - from), kCommemorating);
}

// The trigger lies nearer a day of this week than the old date its sentence also gives
// ("se sont rassemblées dimanche ... anniversaire des événements du 26 juillet 2023").
bool NearerToThisWeek(const Workspace& ws, const Mention& mention) {
  const DaysThisWeek* days = DaysThisWeekOf(ws, mention.sentence);
  if (days == nullptr || days->old_at == kNone) return false;
  // Every word the sentence tells this type with must agree ("enlevées depuis juin ...
  // libérées des griffes de leurs ravisseurs, a annoncé lundi" is June's kidnapping).
  // A word for the past events a gathering commemorates ("to mark the anniversary of the 2024
  // demonstrations") tells those, not today's.
  return std::all_of(ws.mentions.begin(), ws.mentions.end(), [&](const Mention& m) {
    return m.sentence != mention.sentence || m.type != mention.type || NearerToThisWeekThan(*days, m, days->old_at) ||
           Commemorated(ws, m);
  });
}

// "troops on clearance operations rescued women who had been held captive since they were
// abducted in October": the old date is the abduction's, told in a clause after the trigger
// that looks back from it; the operation is today's. So is "the rally marked the anniversary
// of the January 24, 2022 coup".
bool DatesOnlyALaterClause(const Workspace& ws, const Mention& mention) {
  const std::uint32_t dated_at = ws.sentence_dated_at[mention.sentence];
  if (dated_at == kNone || dated_at <= mention.trigger.end) return false;
  static constexpr auto kLookingBack = std::to_array<std::string_view>(
      {" who had been ", " which had been ", " since they were ", " since it was ", " since he was ", " since she was ",
       " qui avaient ete ", " qui avait ete ", " depuis leur ", " depuis son ", " depuis sa "});
  const std::string_view between =
      std::string_view(ws.norm.text).substr(mention.trigger.end, dated_at - mention.trigger.end);
  return HoldsAny(between, kLookingBack) || HoldsAny(between, kCommemorating);
}

EventStatus RuleClassifier::StatusOf(const Workspace& ws, const Mention& mention, bool& habitual, bool& hearsay) const {
  std::array<bool, kCueKindCount> present{};
  // Ends of "before" negations and starts of "since the"-like cues (0: none).
  std::uint32_t last_before_negation_end = 0;
  std::uint32_t last_before_time_reference = 0;
  const Span sentence = ws.sentences[mention.sentence];
  // Matches of this sentence: binary search for the first one.
  auto it = std::lower_bound(ws.match_sentence.begin(), ws.match_sentence.end(), mention.sentence);
  for (auto i = static_cast<std::size_t>(it - ws.match_sentence.begin());
       i < ws.matches.size() && ws.match_sentence[i] == mention.sentence; ++i) {
    const Match& match = ws.matches[i];
    if (!HasUse(match.pattern, UseKind::kCue)) continue;
    for (const auto& use : uses_[match.pattern]) {
      if (use.kind != UseKind::kCue) continue;
      const CueDef& cue = book_.cues[use.index];
      const Match& trigger = mention.trigger;
      const std::uint32_t window = cue.window == 0 ? sentence.end - sentence.begin : cue.window;
      bool applies = false;
      switch (cue.scope) {
        case CueScope::kSentence: {
          // "repelled an attack on their base on Saturday, ..., as the country marked six
          // years since its heaviest loss": a span or tally told far off in the sentence
          // dates what it stands by, not an event its sentence dates to this week.
          const DaysThisWeek* days = cue.kind == CueKind::kBackground ? DaysThisWeekOf(ws, mention.sentence) : nullptr;
          applies = days == nullptr || !NearerToThisWeekThan(*days, mention, match.begin);
          // "said a drone strike had killed 40 militants, and rejected accusations that
          // civilians ... were among the dead": a denial after the event, with the event it
          // denies told after it, denies that one.
          if (cue.kind == CueKind::kNegated && DeniesWhatFollows(ws, mention, match)) {
            applies = false;
          }
          break;
        }
        case CueScope::kSelf:
          applies = match.begin <= trigger.begin && match.end >= trigger.end;
          break;
        case CueScope::kBefore:
          // A comma closes the noun phrase a generic cue reads: "Shortly after the attack,
          // aircraft struck them" tells the strike, not an event referred back to.
          applies =
              match.end <= trigger.begin + 1 && trigger.begin - std::min(trigger.begin, match.end) <= window &&
              (cue.kind != CueKind::kGeneric || match.end >= trigger.begin ||
               ws.norm.text.substr(match.end, trigger.begin - match.end).find_first_of(",;") == std::string_view::npos);
          break;
        case CueScope::kAfter:
          applies = match.begin + 1 >= trigger.end && match.begin - std::min(match.begin, trigger.end) <= window;
          break;
        case CueScope::kAround:
          applies = (match.end <= trigger.begin + 1 && trigger.begin - std::min(trigger.begin, match.end) <= window) ||
                    (match.begin + 1 >= trigger.end && match.begin - std::min(match.begin, trigger.end) <= window);
          break;
      }
      // "officials have not commented on the attack", "n'ont pas communiqué sur cet
      // enlèvement": silence about an event does not deny it; "no further clashes" denies
      // only more of it.
      if (applies && cue.kind == CueKind::kNegated && cue.scope == CueScope::kBefore &&
          (NegatesOnlyTheTelling(ws.norm.text, match.end) || NegatesOnlyMoreOfIt(ws.norm.text, match.end))) {
        applies = false;
      }
      if (applies && cue.kind == CueKind::kBackground && cue.scope != CueScope::kSentence &&
          DatesOnlyAnAside(ws.norm.text, sentence, match, trigger)) {
        applies = false;
      }
      if (applies && cue.kind == CueKind::kBackground && mention.type == EventType::kProtest &&
          DatesTheGrievance(ws.norm.text, match, trigger)) {
        applies = false;
      }
      // "the deadliest attack since 2019" compares with the past; it dates nothing.
      if (applies && cue.kind == CueKind::kBackground && StartsWithSince(ws.norm.text, match) &&
          ClosesComparison(ws.norm.text, match.begin)) {
        applies = false;
      }
      if (applies && cue.kind == CueKind::kPlanned && match.end <= trigger.begin &&
          PastClauseBetween(ws.norm.text, match.end, trigger.begin)) {
        applies = false;
      }
      if (applies && cue.kind == CueKind::kNegated && cue.scope == CueScope::kBefore) {
        // Decided below, once every generic cue is known.
        last_before_negation_end = std::max(last_before_negation_end, match.end);
        continue;
      }
      if (applies && cue.kind == CueKind::kGeneric && cue.scope == CueScope::kBefore &&
          RefersBackInTime(ws.norm.text.substr(match.begin, match.end - match.begin))) {
        last_before_time_reference = std::max(last_before_time_reference, match.begin);
        // "since the drone strike on Saturday", « après l'enlèvement, le 12 mars, de quatre
        // chauffeurs »: the event referred back to is dated within the news window, so it is
        // news, not context.
        // "Deux ans jour pour jour après le massacre": a span told before the cue puts the
        // event that far back, whatever the sentence's own date.
        if (ws.sentence_dated_recent[mention.sentence] != 0 && !LongSpanBefore(ws.norm.text, match.begin)) {
          applies = false;
        }
        // "Cette frappe intervient une semaine après l'enlèvement", "days after the attack": the
        // event referred back to is as recent as what the sentence tells.
        if (ShortSpanBefore(ws.norm.text, match.begin)) applies = false;
      }
      if (applies) present[static_cast<std::size_t>(cue.kind)] = true;
    }
  }
  // "Security has not improved since the coup": the negation is of what came after the event
  // the sentence refers back to, not of the event.
  if (last_before_time_reference < last_before_negation_end) {
    present[static_cast<std::size_t>(CueKind::kNegated)] = true;
  }
  habitual = present[static_cast<std::size_t>(CueKind::kHabitual)];
  hearsay = present[static_cast<std::size_t>(CueKind::kHearsay)];
  if (present[static_cast<std::size_t>(CueKind::kNegated)]) return EventStatus::kNegated;
  // A foiled coup attempt is a coup that occurred, however its plan is told.
  const bool foiled_coup = mention.type == EventType::kCoup && present[static_cast<std::size_t>(CueKind::kFoiled)];
  if (present[static_cast<std::size_t>(CueKind::kPlanned)] && !foiled_coup) return EventStatus::kPlanned;
  // "l'organisation d'une grande marche ... le samedi 28 mars" told on the 26th: dated ahead.
  constexpr std::uint32_t kFutureDateReach = 100;
  if (const std::uint32_t future_at = ws.sentence_future_at[mention.sentence];
      future_at != kNone &&
      (future_at > mention.trigger.begin ? future_at - mention.trigger.begin : mention.trigger.begin - future_at) <=
          kFutureDateReach) {
    return EventStatus::kPlanned;
  }
  // A rule that reads a plan in its own words ("the unified force would launch") is told
  // ahead, whatever past its sentence also recalls ("on the eve of the anniversary").
  if (book_.rules[mention.rule].default_status == EventStatus::kPlanned) return EventStatus::kPlanned;
  if (present[static_cast<std::size_t>(CueKind::kBackground)]) return EventStatus::kBackground;
  // "said on Monday it had thwarted an attempted coup ..., the latest plot since Traore seized
  // power in 2022": a foiled attempt told well before every earlier year of its sentence is
  // today's ("avoir déjoué plusieurs tentatives, la dernière en avril 2025" is not).
  constexpr std::uint32_t kYearReach = 60;
  const std::uint32_t old_at = ws.sentence_old_at[mention.sentence];
  const bool foiled_far_from_year = foiled_coup && old_at != kNone && old_at > mention.trigger.end + kYearReach;
  if (ws.sentence_is_old[mention.sentence] == 1 && !NearerToThisWeek(ws, mention) && !foiled_far_from_year &&
      !DatesOnlyALaterClause(ws, mention)) {
    return EventStatus::kBackground;
  }
  for (const auto& count : ws.counts) {
    if (count.sentence != mention.sentence) continue;
    const bool aggregate =
        count.kind == CountKind::kDisplaced ? count.value >= kAggregateDisplaced : count.value >= kAggregateDead;
    if (aggregate) return EventStatus::kBackground;
  }
  if (book_.rules[mention.rule].default_status != EventStatus::kOccurred) {
    return book_.rules[mention.rule].default_status;
  }
  const bool toll_told = std::any_of(ws.counts.begin(), ws.counts.end(),
                                     [&](const CountHit& count) { return count.sentence == mention.sentence; });
  // "La force unifiée peut-elle changer la donne ?", "Can the junta hold Kidal?": a question
  // asks about events, it reports none; nor is a plural or generic noun ("attacks",
  // "operations") more than context. Either is news when the sentence gives a toll.
  const bool question_or_generic =
      AsksAQuestion(ws, mention.sentence) || present[static_cast<std::size_t>(CueKind::kGeneric)];
  return question_or_generic && !toll_told ? EventStatus::kBackground : EventStatus::kOccurred;
}

// ---------------------------------------------------------------------------------------
// Counts

bool IsDigitWord(std::string_view word) { return !word.empty() && word[0] >= '0' && word[0] <= '9'; }

bool IsAdverbOfManner(std::string_view word) {
  static const WordSet kAdverbs = {"reportedly", "allegedly", "also",       "later",       "subsequently",
                                   "then",       "fatally",   "critically", "severely",    "seriously",
                                   "mortally",   "lightly",   "grievement", "mortellement"};
  return kAdverbs.Contains(word);
}

bool IsSingularDeterminer(std::string_view word) {
  static const WordSet kDeterminers = {"the", "his", "her", "its", "le", "la"};
  return kDeterminers.Contains(word);
}

// Words that open an appositive inside a toll's subject: "26 people, including eight
// militiamen, were killed", "26 personnes, dont une majorité de civils, ont perdu la vie".
bool OpensAppositive(std::string_view word) {
  static const WordSet kOpeners = {
      "including", "among",           "mostly",          "mainly", "all",     "most",      "dont",     "parmi",
      "notamment", "majoritairement", "essentiellement", "tous",   "accused", "suspected", "believed", "aged"};
  return kOpeners.Contains(word);
}

// A part of a toll, not the toll: "nine people including two policemen", "26 morts dont
// huit soldats".
bool IntroducesPart(std::string_view word) {
  static const WordSet kParts = {"including", "incl", "dont", "notamment", "compris", "among", "parmi", "whom"};
  return kParts.Contains(word);
}

// Animals killed in a raid are no fatalities ("a wildfire which killed three oxen").
bool IsAnimalNoun(std::string_view word) {
  static const WordSet kAnimals = {"oxen",    "cattle",    "cows",  "cow",     "goats",  "sheep",  "camels", "donkeys",
                                   "animals", "livestock", "heads", "head",    "horses", "bovins", "boeufs", "chevres",
                                   "moutons", "chameaux",  "anes",  "animaux", "betail", "tetes"};
  return kAnimals.Contains(word);
}

// Units a number may measure instead of people: "two years after the massacre", "deux ans
// après", "40 km from".
bool IsMeasureNoun(std::string_view word) {
  static const WordSet kMeasures = {
      "years", "year",   "months",    "month",   "weeks",      "week",       "days",      "day",
      "hours", "hour",   "minutes",   "decades", "ans",        "annees",     "mois",      "semaines",
      "jours", "heures", "decennies", "km",      "kilometres", "kilometers", "kilometre", "kilometer",
      "miles", "metres", "meters",    "percent", "pourcent",   "fcfa",       "dollars",   "euros",
      "naira", "francs", "cfa",       "cedis",   "dinars",     "usd",        "xof",       "pounds"};
  return kMeasures.Contains(word);
}

// "bringing the death toll to 11", "the toll rose to 24", "portant le bilan à 12 morts",
// "le bilan est passé à 30": the figure at `first` revises the total told before.
bool RunningTotalBefore(std::string_view text, std::span<const Token> tokens, std::size_t first) {
  static const WordSet kRevisingVerbs = {"bringing", "brings",  "brought", "raising",   "raises",  "raised",
                                         "rose",     "risen",   "climbed", "increased", "portant", "porte",
                                         "passe",    "alourdi", "grimpe",  "eleve",     "atteint", "atteignant"};
  if (first == 0) return false;
  const auto word = [&](std::size_t k) { return text.substr(tokens[k].begin, tokens[k].end - tokens[k].begin); };
  const std::string_view preposition = word(first - 1);
  if (preposition != "to" && preposition != "a") return false;
  for (std::size_t k = first - 1; k-- > 0 && first - k <= 6;) {
    if (kRevisingVerbs.Contains(word(k))) return true;
    if (tokens[k + 1].clause_break_before) break;
  }
  return false;
}

bool OnlyQuotesBetween(std::string_view text, std::uint32_t begin, std::uint32_t end) {
  const std::string_view gap = text.substr(begin, end - begin);
  return gap.find('"') != std::string_view::npos && gap.find_first_not_of(" \"") == std::string_view::npos;
}

// People named by the animals they keep or trade: "a cattle trader", "a livestock owner".
bool IsPersonByAnimals(std::string_view word) {
  static const WordSet kPeople = {"trader",    "traders", "herder",   "herders", "owner",   "owners",  "merchant",
                                  "merchants", "breeder", "breeders", "dealer",  "dealers", "rustler", "rustlers"};
  return kPeople.Contains(word);
}

// Words after a figure that give it to another count: "killed & 3 wounded".
bool IsOtherHarm(std::string_view word) {
  static const WordSet kHarm = {"wounded",  "injured",  "hurt",      "missing", "blesses",
                                "blessees", "abducted", "kidnapped", "arrested"};
  return kHarm.Contains(word);
}

// "shot dead", "found dead", "left dead": the matcher reports "dead"; the participle
// before it belongs to the verb.
bool IsParticipleBeforeDead(std::string_view word) {
  return word == "shot" || word == "found" || word == "left" || word == "stabbed" || word == "beaten";
}

// Count words that are nouns, not verbs.
bool IsTollNoun(std::string_view word) {
  static const WordSet kNouns = {"bodies",     "body",    "dead",  "deaths",   "death", "toll",  "casualties",
                                 "fatalities", "victims", "corps", "cadavres", "morts", "deces", "victimes"};
  return kNouns.Contains(word);
}

bool IsPluralNoun(std::string_view word) {
  return word.empty() || word.back() == 's' || word.back() == 'x' || word == "men" || word == "women" ||
         word == "people" || word == "children" || word == "police" || IsNumberToken(word);
}

// "the driver died", "the driver of the vehicle died", "le chef du village est décédé":
// a definite singular noun (with at most one "of the X" complement) right before the verb.
bool SingularSubjectBefore(std::string_view text, std::span<const Token> tokens, std::size_t verb) {
  const auto word = [&](std::size_t k) { return text.substr(tokens[k].begin, tokens[k].end - tokens[k].begin); };
  const auto determiner = [&](std::string_view w) {
    return w == "the" || w == "le" || w == "la" || w == "his" || w == "her" || w == "sa" || w == "son";
  };
  if (verb < 2 || tokens[verb].clause_break_before || tokens[verb - 1].clause_break_before) return false;
  std::size_t noun = verb - 1;
  // "shot his wife who succumbed to her wounds": the relative pronoun names its noun
  // wherever that stands.
  const bool relative = word(noun) == "who" || word(noun) == "qui";
  if (relative) {
    if (noun < 2) return false;
    --noun;
  }
  // Step over one complement: "of the vehicle", "du village".
  if (noun >= 3 && (word(noun - 2) == "of" || word(noun - 2) == "de") && determiner(word(noun - 1)))
    noun -= 3;
  else if (noun >= 2 && (word(noun - 1) == "du" || word(noun - 1) == "de"))
    noun -= 2;
  if (noun < 1 || tokens[noun].clause_break_before) return false;
  const std::string_view head = word(noun);
  if (IsPluralNoun(head) || IsNumberToken(head) || !determiner(word(noun - 1))) return false;
  // Otherwise only a subject opening its sentence or clause is the subject of this verb.
  if (relative || noun - 1 == 0 || tokens[noun - 1].clause_break_before) return true;
  static constexpr std::array<std::string_view, 9> kOpeners = {"where", "when",   "while", "and", "but",
                                                               "after", "before", "ou",    "et"};
  return std::find(kOpeners.begin(), kOpeners.end(), word(noun - 2)) != kOpeners.end();
}

// A killing before the one reported, told as its cause: "in revenge for the killing of a
// colleague", "protested over the death of a youth", "herders had killed a farmer",
// "accused of having killed".
bool EarlierKilling(std::string_view text, std::span<const Token> tokens, std::size_t verb) {
  const auto word = [&](std::size_t k) { return text.substr(tokens[k].begin, tokens[k].end - tokens[k].begin); };
  static constexpr std::array<std::string_view, 10> kCauses = {
      "for", "to", "after", "following", "over", "against", "denounce", "denouncing", "condemn", "condemning"};
  if (verb >= 2 && word(verb - 1) == "the" && !tokens[verb].clause_break_before &&
      std::find(kCauses.begin(), kCauses.end(), word(verb - 2)) != kCauses.end()) {
    return true;
  }
  for (std::size_t back = 1; back <= 3 && back <= verb; ++back) {
    const std::size_t at = verb - back;
    const std::string_view w = word(at);
    if (w == "having") return true;
    if (w == "had") {
      // Reported speech keeps the pluperfect for the event itself: "it was reported that
      // militiamen had killed two", "officials said six soldiers had been killed".
      static constexpr std::array<std::string_view, 10> kReporting = {
          "that", "said", "says", "reported", "claimed", "stated", "told", "announced", "confirmed", "according"};
      for (std::size_t k = at; k-- > 0;) {
        if (std::find(kReporting.begin(), kReporting.end(), word(k)) != kReporting.end()) return false;
      }
      return true;
    }
    if (tokens[at + 1].clause_break_before) break;
  }
  return false;
}

bool IsMonthName(std::string_view word) {
  static constexpr std::array<std::string_view, 23> kMonths = {
      "january",   "february", "march",    "april",    "may",       "june",    "july",    "august",
      "september", "october",  "november", "december", "janvier",   "fevrier", "mars",    "avril",
      "mai",       "juin",     "juillet",  "aout",     "septembre", "octobre", "novembre"};
  return std::find(kMonths.begin(), kMonths.end(), word) != kMonths.end() || word == "decembre";
}

// A group of a comma-separated toll ("5 guards, 1 gendarme & 6 assailants killed"): a
// figure written out (no article) opening its segment, and at most three words, none of
// another harm ("four others wounded, one assailant killed" are two tolls).
bool ListedVictimGroup(std::string_view text, std::span<const Token> tokens, std::size_t start, std::size_t number_end,
                       std::size_t boundary) {
  const auto word = [&](std::size_t k) { return text.substr(tokens[k].begin, tokens[k].end - tokens[k].begin); };
  if (word(start) == "a" || word(start) == "an" || boundary - number_end > 3) return false;
  for (std::size_t k = number_end; k < boundary; ++k) {
    if (IsOtherHarm(word(k))) return false;
  }
  if (start == 0 || tokens[start].clause_break_before) return true;
  const std::string_view before = text.substr(tokens[start - 1].end, tokens[start].begin - tokens[start - 1].end);
  return before.find_first_of(",&:") != std::string_view::npos || word(start - 1) == "and";
}

// Note and headline style without articles: "Malian army officer killed by unknown gunmen",
// "Marabout killed and an apprentice abducted": a singular noun opening the sentence,
// then the participle, then "by" or "and".
bool HeadlineVictim(std::string_view text, std::span<const Token> tokens, std::size_t verb, std::size_t after) {
  const auto word = [&](std::size_t k) { return text.substr(tokens[k].begin, tokens[k].end - tokens[k].begin); };
  if (verb == 0 || verb > 4 || after >= tokens.size() || (word(after) != "by" && word(after) != "and")) return false;
  for (std::size_t k = 0; k < verb; ++k) {
    const std::string_view w = word(k);
    if (tokens[k].clause_break_before || IsNumberToken(w) || w == "the" || w == "a" || w == "an" || w == "were" ||
        w == "was" || w == "have" || w == "has" || w == "who" || w == "they" || w == "he" || w == "she") {
      return false;
    }
  }
  return !IsPluralNoun(word(verb - 1));
}

// A casualty verb among tokens [begin, end).
bool TellsHarm(std::string_view text, std::span<const Token> tokens, std::size_t begin, std::size_t end) {
  static const WordSet kKilled = {"killed",      "dead",         "died",      "slain",      "executed",
                                  "murdered",    "assassinated", "massacred", "beheaded",   "neutralised",
                                  "neutralized", "tues",         "tuees",     "morts",      "decedes",
                                  "neutralises", "abattus",      "executes",  "assassines", "massacres"};
  for (std::size_t k = begin; k < end; ++k) {
    const std::string_view w = text.substr(tokens[k].begin, tokens[k].end - tokens[k].begin);
    if (IsOtherHarm(w) || kKilled.Contains(w)) return true;
  }
  return false;
}

bool IsTimeWord(std::string_view word) {
  static constexpr std::array<std::string_view, 24> kTimes = {
      "lundi", "mardi", "mercredi",   "jeudi",     "vendredi",  "samedi",    "dimanche", "soir",
      "matin", "nuit",  "hier",       "aujourd",   "hui",       "dernier",   "derniere", "apres-midi",
      "tard",  "tot",   "avant-hier", "recemment", "overnight", "yesterday", "today",    "recently"};
  return std::find(kTimes.begin(), kTimes.end(), word) != kTimes.end();
}

bool IsComplementPreposition(std::string_view word) {
  static const WordSet kPrepositions = {"of", "d", "de", "du", "with", "for", "from", "pour", "avec", "by"};
  return kPrepositions.Contains(word);
}

// Auxiliaries and adverbs between a toll's subject and its verb.
bool IsVerbGroupWord(std::string_view word) {
  static const WordSet kWords = {"were", "was",     "been", "have", "has", "reportedly", "allegedly", "also",
                                 "shot", "stabbed", "and",  "ont",  "ete", "sont",       "all",       "both"};
  return kWords.Contains(word);
}

// Adds to `figures` the further figures joined to the one found by "and" / "as well as" /
// "et": "one soldier and two militants were killed" (3), "killed a teacher and a farmer" (2).
void AddConjoinedCounts(std::string_view text, std::span<const Token> tokens, const NumberValue& found,
                        std::size_t verb_token, bool french, TollFigures& figures) {
  const auto word = [&](std::size_t k) { return text.substr(tokens[k].begin, tokens[k].end - tokens[k].begin); };
  const auto is_conjunction = [&](std::size_t k) {
    return word(k) == "and" || word(k) == "et" ||
           (word(k) == "as" && k + 2 < tokens.size() && word(k + 1) == "well" && word(k + 2) == "as");
  };
  if (found.end_token <= verb_token) {
    // Before the verb: walk back over "N nouns and" / "N nouns," / "N nouns &" groups.
    std::size_t k = found.first_token;
    // "Seventeen soldiers and about 40 assailants": the approximation belongs to the figure.
    static const WordSet kApproximators = {"about",         "around",  "some",  "nearly", "almost",
                                           "approximately", "roughly", "least", "at",     "over",
                                           "environ",       "quelque", "pres",  "moins",  "au"};
    while (k >= 3 && kApproximators.Contains(word(k - 1)) && !tokens[k].clause_break_before) --k;
    for (int groups = 0; groups < 4 && k >= 2; ++groups) {
      const std::string_view separator = text.substr(tokens[k - 1].end, tokens[k].begin - tokens[k - 1].end);
      const bool listed = separator.find_first_not_of(" ,&") == std::string_view::npos &&
                          separator.find_first_of(",&") != std::string_view::npos;
      std::size_t boundary = k;  // the group before ends before this token
      if (!listed) {
        if (tokens[k].clause_break_before || !is_conjunction(k - 1)) break;
        boundary = k - 1;
      }
      bool added = false;
      for (std::size_t back = 1; back <= 5 && back <= boundary; ++back) {
        std::size_t start = boundary - back;
        if (start + 1 < boundary && tokens[start + 1].clause_break_before) break;
        // "twenty-seven militiamen and one ...": the whole written number, not its last word.
        if (IsNumberToken(word(start))) start = NumberStart(text, tokens, start);
        if (auto number = ParseNumberAt(text, tokens, start, true, french); number && number->end_token < boundary) {
          if (number->value >= 1900 && number->value <= 2100) break;
          if (IsMonthName(word(number->end_token))) break;  // "On 12 May, ..." is a date
          if (listed && !ListedVictimGroup(text, tokens, start, number->end_token, boundary)) break;
          // "two gendarmes killed and three wounded": a group with its own verb is another toll.
          if (!listed && TellsHarm(text, tokens, number->end_token, boundary)) break;
          figures.Add(number->value);
          k = start;
          added = true;
          break;
        }
      }
      if (!added) break;
    }
    return;
  }
  // After the verb: "killed a teacher and a farmer", "died as well as two assailants".
  std::size_t k = found.end_token;
  for (int groups = 0; groups < 3; ++groups) {
    bool added = false;
    for (std::size_t step = 0; step < 5 && k + step + 1 < tokens.size(); ++step) {
      const std::size_t at = k + step;
      if (tokens[at].clause_break_before || IntroducesPart(word(at))) return;
      if (!is_conjunction(at)) continue;
      const std::size_t next = word(at) == "as" ? at + 3 : at + 1;
      if (next >= tokens.size()) return;
      if (auto number = ParseNumberAt(text, tokens, next, true, french)) {
        figures.Add(number->value);
        k = number->end_token;
        added = true;
      } else if (next + 1 < tokens.size() && (word(next) == "his" || word(next) == "her") &&
                 !IsPluralNoun(word(next + 1)) && !tokens[next + 1].clause_break_before) {
        // "killed the leader and his aide": one more.
        figures.Add(1);
        k = next + 2;
        added = true;
      }
      break;
    }
    if (!added) break;
  }
}

// The little words of a noun's complement ("d'un minibus de transport en commun").
bool IsComplementWord(std::string_view word) {
  static const WordSet kWords = {"de", "d",   "du", "des", "of", "the", "a", "an",
                                 "un", "une", "en", "la",  "le", "les", "l"};
  return kWords.Contains(word);
}

// "Four soldiers, two Nigeriens and two Burkinabe, were killed", « Quatre militaires, deux
// Nigériens et deux Burkinabè, ont perdu la vie »: figures between two commas that add up to
// the figure before them break it down; the toll is that figure, not their sum. `verb` is the
// count phrase's first token.
std::optional<NumberValue> BreakdownHead(std::string_view text, std::span<const Token> tokens, std::size_t verb,
                                         bool french) {
  const auto word = [&](std::size_t k) { return text.substr(tokens[k].begin, tokens[k].end - tokens[k].begin); };
  const auto comma_before = [&](std::size_t k) {
    return k > 0 &&
           text.substr(tokens[k - 1].end, tokens[k].begin - tokens[k - 1].end).find(',') != std::string_view::npos;
  };
  std::size_t close = std::min(verb, tokens.size());
  while (close > 0 && close < tokens.size() && !tokens[close].clause_break_before && IsVerbGroupWord(word(close - 1)))
    --close;
  if (close < 4 || close >= tokens.size() || !comma_before(close)) return std::nullopt;
  std::size_t open = close - 1;
  while (open > 1 && close - open < 10 && !tokens[open].clause_break_before) --open;
  if (!comma_before(open) || open < 2) return std::nullopt;
  std::uint32_t parts = 0;
  int groups = 0;
  for (std::size_t k = open; k < close;) {
    const auto number = ParseNumberAt(text, tokens, k, false, french);
    if (!number || number->end_token > close) {
      if (k == open) return std::nullopt;  // the appositive opens on a figure
      ++k;
      continue;
    }
    parts += number->value;
    ++groups;
    k = number->end_token;
  }
  if (groups < 2) return std::nullopt;
  for (std::size_t back = 2; back <= 4 && back <= open; ++back) {
    const std::size_t start = NumberStart(text, tokens, open - back);
    if (tokens[start + 1].clause_break_before && start + 1 != open) break;
    const auto head = ParseNumberAt(text, tokens, start, false, french);
    if (head && head->end_token < open) return head->value == parts ? head : std::nullopt;
  }
  return std::nullopt;
}

// "The number of soldiers killed in Sunday's attack has risen to 29", « le bilan des morts
// est passé à 29 »: a toll named as a subject takes its figure from the verb of the rise,
// later in the sentence. `count_begin`/`count_end`: the count phrase's tokens.
std::optional<NumberValue> RisenTollFigure(std::string_view text, std::span<const Token> tokens,
                                           std::size_t count_begin, std::size_t count_end, bool french) {
  const auto word = [&](std::size_t k) { return text.substr(tokens[k].begin, tokens[k].end - tokens[k].begin); };
  static const WordSet kTollSubject = {"number", "toll", "tally", "nombre", "bilan"};
  bool subject = false;
  // Up to the word after the count phrase: "death" of "death toll" may be reported alone.
  for (std::size_t k = count_begin >= 4 ? count_begin - 4 : 0; k <= count_end && k < tokens.size(); ++k) {
    if (k > 0 && k <= count_begin && tokens[k].clause_break_before) subject = false;
    subject |= kTollSubject.Contains(word(k));
  }
  if (!subject) return std::nullopt;
  // The rise verb, then "to"/"at"/« à », then the figure (perhaps "at least", « plus de »).
  static const WordSet kRise = {"risen",  "rose",  "climbed", "increased", "jumped", "reached",
                                "grown",  "grew",  "stands",  "stood",     "passe",  "alourdi",
                                "grimpe", "eleve", "atteint", "monte",     "porte"};
  static const WordSet kBridge = {"to", "at",   "a",    "now",  "desormais", "au",    "moins",   "least", "plus",
                                  "de", "more", "than", "over", "some",      "about", "environ", "pres"};
  for (std::size_t k = count_end; k < tokens.size() && k < count_end + 25; ++k) {
    if (!kRise.Contains(word(k))) continue;
    for (std::size_t j = k + 1; j < tokens.size() && j <= k + 4; ++j) {
      if (auto number = ParseNumberAt(text, tokens, j, false, french)) {
        if (number->value >= 1900 && number->value <= 2100) return std::nullopt;
        return number;
      }
      if (!kBridge.Contains(word(j))) break;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

bool IsPastParticiple(std::string_view word) {
  return word.size() > 3 && (word.ends_with("ed") || word.ends_with("e") || word.ends_with("es") ||
                             word.ends_with("is") || word.ends_with("it") || word == "shot" || word == "beaten");
}

// A person named after the verb, by a title and a name of two or more capitalised words:
// "shot dead CSMAK officer Baba Ag Adobent", "killed MOC commander Saloum Ould Mbegui".
// Not a place or group ("killed Boko Haram fighters": a plural follows; names the
// gazetteer knows are places or actors).
bool NamedPersonAt(const Workspace& ws, std::string_view original, std::span<const Token> tokens, std::size_t start) {
  const auto word = [&](std::size_t k) {
    return std::string_view(ws.norm.text).substr(tokens[k].begin, tokens[k].end - tokens[k].begin);
  };
  const auto capitalised = [&](std::size_t k) {
    const std::uint32_t at = ws.norm.OriginalOffset(tokens[k].begin);
    return at < original.size() && original[at] >= 'A' && original[at] <= 'Z';
  };
  const auto known_name = [&](std::size_t k) {
    return std::any_of(ws.name_spans.begin(), ws.name_spans.end(),
                       [&](const Span& span) { return span.begin <= tokens[k].begin && tokens[k].end <= span.end; });
  };
  static constexpr std::array<std::string_view, 16> kStops = {
      "in", "at", "on", "near", "during", "with", "by", "from", "dans", "a", "au", "pres", "lors", "avec", "par", "de"};
  // Title words (lowercase, or an acronym: "CSMAK officer", "former commander") come
  // before the name; the name is a run of two or more capitalised words.
  std::size_t run = 0;
  int titles = 0;
  for (std::size_t k = start; k < tokens.size() && k < start + 7; ++k) {
    if (k > start && tokens[k].clause_break_before) break;
    if (capitalised(k)) {
      if (!known_name(k)) ++run;
      continue;
    }
    if (run >= 2) return !IsPluralNoun(word(k));
    if (IsNumberToken(word(k)) || std::find(kStops.begin(), kStops.end(), word(k)) != kStops.end() || ++titles > 2) {
      return false;
    }
    run = 0;
  }
  return run >= 2;
}

// The first line of a story is its headline when a line break, not a full stop, ends it.
std::uint32_t HeadlineSentence(std::string_view text, const std::vector<Span>& sentences) {
  if (sentences.size() < 2) return kNone;
  const Span first = sentences.front();
  // Headlines are short; a paragraph-long first line is the lede without a full stop.
  constexpr std::uint32_t kLongestHeadline = 180;
  if (first.end == first.begin || first.end >= text.size() || first.end - first.begin > kLongestHeadline) return kNone;
  std::uint32_t end = first.end;
  // "...calling the claims \"pure fabrication.\"": the quote closes a sentence.
  while (end > first.begin && (text[end - 1] == '"' || text[end - 1] == '\'' || text[end - 1] == ')')) --end;
  if (end == first.begin) return kNone;
  const char last = text[end - 1];
  if (last == '.' || last == '!' || last == '?' || last == ':') return kNone;
  const auto gap = text.substr(first.end, sentences[1].begin - first.end);
  return gap.find('\n') != std::string_view::npos ? 0 : kNone;
}

bool IsMassKillingNoun(std::string_view word) {
  return word == "massacre" || word == "massacres" || word == "tuerie" || word == "carnage" || word == "slaughter" ||
         word == "bloodbath";
}

// The value of a word of exactly four digits (a year, perhaps).
std::optional<int> FourDigitNumber(std::string_view word) {
  if (word.size() != 4 || !std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  int value = 0;
  for (const char c : word) value = value * 10 + (c - '0');
  return value;
}

// The normalised offset of the first year before `year` the sentence names ("in 2022", "En
// septembre 2022"), kNone when none.
std::uint32_t LeftmostEarlierYear(std::string_view text, std::span<const Token> tokens, int year) {
  for (const Token& token : tokens) {
    const std::optional<int> named = FourDigitNumber(text.substr(token.begin, token.end - token.begin));
    if (named && *named >= 1950 && *named < year) return token.begin;
  }
  return kNone;
}

bool NamesEarlierYear(std::string_view text, std::span<const Token> tokens, int year) {
  return year > 0 && LeftmostEarlierYear(text, tokens, year) != kNone;
}

// Nouns of a toll, not of who died: "morts", "dead", "victims".
bool IsGenericTollNoun(std::string_view word) {
  static const WordSet kNouns = {"morts", "dead", "deaths", "victims", "victimes", "deces", "people", "personnes"};
  return kNouns.Contains(word);
}

// What a claim of responsibility counts ('JNIM claimed to have killed "more than 100"'):
// another estimate of the toll told, whatever noun it gives.
constexpr std::string_view kClaimedVictims = "(claimed)";

// "JNIM claimed on Monday to have killed", « le JNIM affirme avoir tué »: the count verb at
// `verb` tells what a group claims.
bool ClaimedBefore(std::string_view text, std::span<const Token> tokens, std::size_t verb) {
  static const WordSet kClaims = {"claimed", "claims",    "claiming",  "revendique", "revendiquant",
                                  "affirme", "affirment", "affirmant", "pretend",    "pretendent"};
  const auto word = [&](std::size_t k) { return text.substr(tokens[k].begin, tokens[k].end - tokens[k].begin); };
  for (std::size_t k = verb; k-- > 0 && verb - k <= 6;) {
    if (kClaims.Contains(word(k))) return true;
    if (tokens[k + 1].clause_break_before && k + 1 != verb) break;
  }
  return false;
}

// The victims' noun of a figure: "28 Beninese soldiers", "30 soldats" (up to two words
// after it, in its clause); empty when a word on the way makes it more victims ("two more
// soldiers", "deux autres civils").
std::string_view VictimNoun(std::string_view text, std::span<const Token> tokens, const NumberValue& number) {
  static const WordSet kVictims = {
      "soldiers",   "troops",      "civilians",   "people",     "villagers",   "militants",   "morts",      "dead",
      "deaths",     "victims",     "victimes",    "deces",      "assailants",  "attackers",   "terrorists", "jihadists",
      "fighters",   "insurgents",  "gendarmes",   "policemen",  "soldats",     "militaires",  "civils",     "personnes",
      "villageois", "assaillants", "terroristes", "jihadistes", "djihadistes", "combattants", "policiers"};
  static const WordSet kMore = {"more",    "other",   "others",          "additional", "further",
                                "another", "autres",  "supplementaires", "nouveaux",   "wounded",
                                "injured", "blesses", "remaining"};
  const auto word = [&](std::size_t k) { return text.substr(tokens[k].begin, tokens[k].end - tokens[k].begin); };
  if (number.first_token > 0 && kMore.Contains(word(number.first_token - 1))) return {};
  for (std::size_t k = number.end_token; k < tokens.size() && k < number.end_token + 3; ++k) {
    if (tokens[k].clause_break_before || kMore.Contains(word(k))) return {};
    if (kVictims.Contains(word(k))) return word(k);
  }
  return {};
}

void RuleClassifier::FindCounts(Workspace& ws, std::string_view original) const {
  ws.counts.clear();
  const bool french = ws.lang == Lang::kFr;
  for (std::size_t i = 0; i < ws.matches.size(); ++i) {
    const Match& match = ws.matches[i];
    if (!HasUse(match.pattern, UseKind::kCount)) continue;
    for (const auto& use : uses_[match.pattern]) {
      if (use.kind != UseKind::kCount) continue;
      const std::uint32_t s = ws.match_sentence[i];
      if (s == kNone) continue;
      const std::span<const Token> tokens = SentenceTokens(ws, s);
      const auto word = [&](std::size_t k) {
        return std::string_view(ws.norm.text).substr(tokens[k].begin, tokens[k].end - tokens[k].begin);
      };
      // Token positions around the count word.
      std::size_t first_after = 0;
      while (first_after < tokens.size() && tokens[first_after].begin < match.end) ++first_after;
      std::size_t first_inside = 0;
      while (first_inside < tokens.size() && tokens[first_inside].end <= match.begin) ++first_inside;

      // French puts the time between the verb and its object: "ont enlevé dimanche soir le
      // chef du village", "ont tué lundi douze civils".
      std::size_t object = first_after;
      while (object < tokens.size() && !tokens[object].clause_break_before && IsTimeWord(word(object))) ++object;
      // One victim of two verbs: "killed and buried a herder", "a enlevé puis exécuté un berger".
      if (object + 2 < tokens.size() && !tokens[object].clause_break_before &&
          (word(object) == "and" || word(object) == "et" || word(object) == "puis") &&
          IsPastParticiple(word(object + 1)) && !IsOtherHarm(word(object + 1))) {
        object += 2;
      }

      std::optional<NumberValue> found;
      bool definite_victim = false;
      // After: "killed 12", "killing at least twelve", "tuant au moins 12".
      for (std::size_t k = object; k < tokens.size() && k < object + 4; ++k) {
        // "killed, ten arrested" ends the object; a closing quote does not: the army says it
        // "neutralised" 13 insurgents.
        if (tokens[k].clause_break_before &&
            (k == 0 || !OnlyQuotesBetween(ws.norm.text, tokens[k - 1].end, tokens[k].begin))) {
          break;
        }
        // "neutralised no fewer than 30": a lower bound, not "no one".
        if (word(k) == "no" && k + 1 < tokens.size() && (word(k + 1) == "fewer" || word(k + 1) == "less")) continue;
        if (auto number = ParseNumberAt(ws.norm.text, tokens, k, k == object, french)) {
          if (number->end_token < tokens.size() && IsOtherHarm(word(number->end_token))) break;
          // "ont perdu la vie dimanche 22 février", "killed on 12 March": a date.
          if (number->end_token < tokens.size() && IsMonthName(word(number->end_token))) break;
          found = number;
          break;
        }
        if (!fillers_.contains(std::string(word(k)))) break;
      }
      // Before: "six soldiers were killed", "at least 15 assailants neutralised", "12 morts".
      // A verb joined to another by "and" has its object after it: in "attacked a
      // vehicle and killed the driver" the vehicle is no victim.
      // ("one person shot and killed" is one verb phrase).
      // "civilians attending a wedding were among the dead", « parmi les morts »: they belong
      // to a toll told elsewhere, and count nobody of their own.
      const bool among_the =
          first_inside > 1 && ((word(first_inside - 2) == "among" && word(first_inside - 1) == "the") ||
                               (word(first_inside - 2) == "parmi" && word(first_inside - 1) == "les"));
      // "... and shot dead the driver": the verb opens on its participle.
      const std::size_t verb =
          first_inside > 0 && word(first_inside) == "dead" && IsParticipleBeforeDead(word(first_inside - 1))
              ? first_inside - 1
              : first_inside;
      const bool second_verb = verb > 1 && (word(verb - 1) == "and" || word(verb - 1) == "et") &&
                               word(verb - 2) != "shot" && word(verb - 2) != "stabbed" && word(verb - 2) != "beaten";
      const bool no_count_before = second_verb || among_the;
      bool breakdown = false;
      if (!found && !no_count_before) {
        found = BreakdownHead(ws.norm.text, tokens, first_inside, french);
        breakdown = found.has_value();
      }
      if (!found) found = RisenTollFigure(ws.norm.text, tokens, first_inside, first_after, french);
      if (!found && !no_count_before) {
        // A force's name is one noun, however long: "23 soldats et Volontaires pour la
        // défense de la patrie (VDP) ont été tués".
        const auto inside_a_name = [&](std::size_t k) {
          return std::any_of(ws.actors.begin(), ws.actors.end(), [&](const ActorHit& hit) {
            return hit.sentence == s && hit.begin < tokens[k].begin && tokens[k].end <= hit.end;
          });
        };
        std::size_t words_back = 0;
        for (std::size_t k = first_inside; k-- > 0;) {
          // The verb group ("were shot and", "ont ete") does not count towards the reach.
          // Nor do the little words of a complement: "Quatre passagers d'un minibus de transport
          // en commun ont trouvé la mort".
          if (!IsVerbGroupWord(word(k)) && !inside_a_name(k) && !IsComplementWord(word(k)) &&
              ++words_back > kTollReach) {
            break;
          }
          const std::string_view w = word(k);
          // "dans la nuit du 12 au 13 janvier et visait l'assassinat": a date ends the reach;
          // its day is no toll, nor the figures before it.
          if (k > 0 && IsMonthName(w) && IsDigitWord(word(k - 1))) break;
          // "BAMAKO, May 30 (Reuters) - A farmer was killed": the dateline's day, in the English order.
          if (k > 0 && IsDigitWord(w) && IsMonthName(word(k - 1)) && !tokens[k].clause_break_before) break;
          const bool article = w == "a" || w == "an" || w == "un" || w == "une";
          // "deux humanitaires d'une ONG ont été enlevés": the article of a complement counts nobody.
          if (article && k > 0 && IsComplementPreposition(word(k - 1))) continue;
          // "a massacre", "une tuerie": the article of an event noun counts nobody ("un mort",
          // "a death" do count one).
          if (article && k + 1 == first_inside && IsMassKillingNoun(word(first_inside))) continue;
          if (IsNumberToken(w) || article) {
            std::size_t start = k;
            start = NumberStart(ws.norm.text, tokens, start);
            // "200 to 400 people", "6-8 killed": the lower figure.
            const bool digits_before = start >= 1 && IsDigitWord(word(start - 1));
            if (digits_before && IsDigitWord(word(start)) && ws.norm.text[tokens[start].begin - 1] == '-') {
              start -= 1;
            } else if (start >= 2 &&
                       (word(start - 1) == "to" || word(start - 1) == "a" || word(start - 1) == "et" ||
                        (word(start - 1) == "and" && start >= 3 && word(start - 3) == "between")) &&
                       IsDigitWord(word(start - 2))) {
              start -= 2;
            }
            // "Two of the 13 wounded died", "deux des treize blessés": the part, not the whole.
            const bool of_the = start >= 3 && word(start - 1) == "the" && word(start - 2) == "of";
            if (of_the || (start >= 2 && word(start - 1) == "des")) {
              const std::size_t part = word(start - 1) == "des" ? start - 2 : start - 3;
              if (IsNumberToken(word(part))) start = part;
            }
            auto number = ParseNumberAt(ws.norm.text, tokens, start, words_back <= 3, french);
            // "Un jeune de 17 ans a été tué": an age or a span measures, the victim is further back.
            if (number && number->end_token < first_inside && IsMeasureNoun(word(number->end_token))) continue;
            if (number && number->end_token <= first_inside) {
              // "nine people including two policemen were killed": the whole, not the part.
              if (start > 0 && IntroducesPart(word(start - 1))) {
                k = start;
                continue;
              }
              found = number;
              break;
            }
          }
          // « une quarantaine de terroristes » avaient été « neutralisés »: quotes break no clause.
          if (tokens[k].clause_break_before &&
              (k == 0 || !OnlyQuotesBetween(ws.norm.text, tokens[k - 1].end, tokens[k].begin))) {
            // Stay in the clause, but step over an appositive that ends here.
            // The appositive may hold a list of its own: "47 people, among them soldiers,
            // auxiliaries and civilians, were killed".
            const auto bracketed_at = [&](std::size_t j) {
              return j > 0 && ws.norm.text.substr(tokens[j - 1].end, tokens[j].begin - tokens[j - 1].end).find('(') !=
                                  std::string::npos;
            };
            std::size_t opening = k;
            for (std::size_t j = k; j-- > 0 && k - j <= 10;) {
              if (!tokens[j].clause_break_before) continue;
              if (bracketed_at(j) || OpensAppositive(word(j))) {
                opening = j;
                break;
              }
              if (opening == k) opening = j;  // the nearest break, when no opener is found
            }
            if (opening == k || !(bracketed_at(opening) || OpensAppositive(word(opening)))) break;
            k = opening;
            // The words of the appositive do not count towards the reach: "Three members of the
            // Fulani community (including a trader) were shot and killed".
            words_back = std::min<std::size_t>(words_back, 4);
          }
        }
      }
      // No figure, but one victim: "a farmer was killed", "killed the village chief".
      if (!found && book_.counts[use.index].kind != CountKind::kDisplaced) {
        std::size_t k = first_inside;
        while (k > 0 && (IsAdverbOfManner(word(k - 1)) || IsParticipleBeforeDead(word(k - 1)))) --k;
        const bool singular_passive =
            k > 0 && (word(k - 1) == "was" || (k > 1 && word(k - 1) == "ete" && word(k - 2) == "a"));
        // "the driver died", "the chief of the village was killed": one named by role.
        const bool singular_subject = SingularSubjectBefore(ws.norm.text, tokens, singular_passive ? k - 1 : k) ||
                                      HeadlineVictim(ws.norm.text, tokens, first_inside, first_after);
        // Only a verb takes an object: "we counted the bodies the next morning" names no victim.
        const bool shot_dead = first_inside > 0 && IsParticipleBeforeDead(word(first_inside - 1));
        const bool count_noun =
            !shot_dead && first_after > 0 && first_after <= tokens.size() && IsTollNoun(word(first_after - 1));
        const bool singular_object = !count_noun && object + 1 < tokens.size() && !tokens[object].clause_break_before &&
                                     IsSingularDeterminer(word(object)) && !IsPluralNoun(word(object + 1));
        // "burned him to death": the victim inside the count phrase; "killing him", "he
        // later died": a pronoun right after or before it.
        const auto is_pronoun = [](std::string_view w) { return w == "him" || w == "her"; };
        bool pronoun_victim =
            first_after < tokens.size() && !tokens[first_after].clause_break_before && is_pronoun(word(first_after));
        for (std::size_t t = first_inside; t < first_after && t < tokens.size(); ++t)
          pronoun_victim |= is_pronoun(word(t));
        pronoun_victim |= k > 0 && !tokens[k].clause_break_before && (word(k - 1) == "he" || word(k - 1) == "she");
        const bool named_victim = !count_noun && book_.counts[use.index].kind != CountKind::kInjured &&
                                  NamedPersonAt(ws, original, tokens, object);
        definite_victim = singular_subject && !singular_object && !named_victim;
        if (singular_passive || singular_object || pronoun_victim || singular_subject || named_victim) {
          NumberValue one;
          one.value = 1;
          // Anchor the figure on a token inside the sentence: the object when there is
          // one, else the victim or verb before it ("The officer died." ends the sentence).
          one.first_token = singular_object || named_victim                   ? object
                            : (singular_passive || singular_subject) && k > 0 ? k - 1
                                                                              : first_inside;
          one.end_token = one.first_token + 1;
          found = one;
        }
      }
      // "arrested nine men and executed them": the figure given to those the pronoun names.
      if (!found && first_after < tokens.size() && word(first_after) == "them" &&
          book_.counts[use.index].kind == CountKind::kKilled) {
        for (std::size_t k = first_inside; k-- > 0 && first_inside - k <= 15;) {
          auto number = ParseNumberAt(ws.norm.text, tokens, k, false, french);
          if (!number || number->value >= 1900 || number->end_token >= first_inside ||
              IsMonthName(word(number->end_token)) || !IsPluralNoun(word(number->end_token))) {
            continue;
          }
          found = number;
          break;
        }
      }
      if (!found) continue;
      if (book_.counts[use.index].kind == CountKind::kKilled && EarlierKilling(ws.norm.text, tokens, first_inside))
        continue;
      // Years are no tolls ("in 2019 killed").
      if (found->value >= 1900 && found->value <= 2100) continue;
      if (found->end_token < tokens.size() && IsMeasureNoun(word(found->end_token))) continue;
      // « un jeune homme d'une vingtaine d'années », "a dozen of years": an age or a span.
      if (found->end_token + 1 < tokens.size() &&
          (word(found->end_token) == "de" || word(found->end_token) == "d" || word(found->end_token) == "of") &&
          IsMeasureNoun(word(found->end_token + 1))) {
        continue;
      }
      // "three oxen" are no toll; "a cattle trader" is.
      if (found->end_token < tokens.size() && IsAnimalNoun(word(found->end_token)) &&
          !(found->end_token + 1 < tokens.size() && IsPersonByAnimals(word(found->end_token + 1)))) {
        continue;
      }
      const bool is_range = found->first_token > 0 &&
                            (word(found->first_token - 1) == "between" || word(found->first_token - 1) == "entre");
      TollFigures figures;
      figures.Add(found->value);
      if (!is_range && !breakdown) AddConjoinedCounts(ws.norm.text, tokens, *found, first_inside, french, figures);
      const std::uint32_t total = figures.sum;
      ws.counts.push_back(
          CountHit{book_.counts[use.index].kind, total, s, tokens[found->first_token].begin, definite_victim,
                   RunningTotalBefore(ws.norm.text, tokens, found->first_token), false,
                   !breakdown && total == found->value ? VictimNoun(ws.norm.text, tokens, *found) : std::string_view{},
                   figures});
      if (book_.counts[use.index].kind == CountKind::kKilled && ClaimedBefore(ws.norm.text, tokens, first_inside)) {
        ws.counts.back().victims = kClaimedVictims;
      }
    }
  }
  // The same number read twice (two count words around it) counts once.
  std::sort(ws.counts.begin(), ws.counts.end(), [](const CountHit& a, const CountHit& b) {
    return a.position != b.position ? a.position < b.position : a.kind < b.kind;
  });
  ws.counts.erase(std::unique(ws.counts.begin(), ws.counts.end(),
                              [](const CountHit& a, const CountHit& b) { return a.position == b.position; }),
                  ws.counts.end());
}

// A year standing alone, as its last day: "the 2012 coup", "le putsch de 2022", "in 2019".
// A full date ("On 12 March 2024") names a specific day and is no such cue.
struct NamedYear {
  std::int64_t day = 0;  // its last day, days since the epoch
  std::uint32_t at = 0;  // normalised offset of the year
};
std::optional<NamedYear> YearModifierIn(std::string_view text, std::span<const Token> tokens) {
  std::optional<NamedYear> oldest;
  const auto word = [&](std::size_t k) { return text.substr(tokens[k].begin, tokens[k].end - tokens[k].begin); };
  // Also a season or feast before the year: "around Christmas Eve 2023", « à l'été 2022 ».
  static const WordSet kBeforeYear = {
      "the",    "de",     "du",     "in",     "en",   "since",     "depuis",  "during", "durant",    "pendant",
      "early",  "debut",  "mid",    "mi",     "late", "fin",       "courant", "eve",    "christmas", "noel",
      "summer", "spring", "autumn", "winter", "ete",  "printemps", "automne", "hiver",  "ramadan",   "tabaski"};
  static const WordSet kRangeOpen = {"between", "entre", "from"};
  static const WordSet kRangeJoin = {"and", "et", "to", "a"};
  const auto year_at = [&](std::size_t k) -> std::optional<std::int64_t> {
    const std::optional<int> year = FourDigitNumber(word(k));
    if (!year || *year < 1960 || *year > 2100) return std::nullopt;
    return std::optional<std::int64_t>(*year);
  };
  for (std::size_t k = 0; k + 1 < tokens.size(); ++k) {
    // The year first: four digits are rare, the words before them common.
    const std::string_view next = word(k + 1);
    if (next.size() != 4 || !std::all_of(next.begin(), next.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    // "in March 2024" (a month without its day) dates like "in 2024"; "27 December 2022"
    // names a day, which may be this week's news.
    const bool month_without_day = IsMonthName(word(k)) && (k == 0 || !IsDigitWord(word(k - 1)));
    // "entre 2022 et 2023", "between 2019 and 2021": a span of years (not "between 2000 and
    // 3000 people", whose second figure is no year after the first).
    const auto range_end = k + 3 < tokens.size() && kRangeOpen.Contains(word(k)) && kRangeJoin.Contains(word(k + 2))
                               ? year_at(k + 3)
                               : std::nullopt;
    const auto range_start = year_at(k + 1);
    const bool year_range = range_end && range_start && *range_end > *range_start && *range_end - *range_start <= 30;
    if (!kBeforeYear.Contains(word(k)) && !month_without_day && !year_range) continue;
    if ((word(k) == "since" || word(k) == "depuis") && ClosesComparison(text, tokens[k].begin)) continue;
    // "plus de 2000 morts" is a count, not a year.
    if (k > 0 && (word(k - 1) == "plus" || word(k - 1) == "moins" || word(k - 1) == "pres" ||
                  word(k - 1) == "environ" || word(k - 1) == "than")) {
      continue;
    }
    std::int64_t year = 0;
    for (const char c : next) year = year * 10 + (c - '0');
    if (year < 1960 || year > 2100) continue;
    const std::int64_t day = DaysFromCivil(year, 12, 31);
    if (!oldest || day < oldest->day) oldest = NamedYear{day, tokens[k + 1].begin};
  }
  return oldest;
}

// The pluperfect ("had", « avait ») tells what came before the story's time.
bool TellsInPluperfect(const Workspace& ws, std::uint32_t sentence) {
  static constexpr auto kPluperfectWords =
      std::to_array<std::string_view>({" had ", " avait ", " avaient ", " n'avait ", " n'avaient "});
  return HoldsAny(SentenceText(ws, sentence), kPluperfectWords);
}

// « Dans la soirée, des centaines de partisans se sont rassemblés » after a flashback told in the
// pluperfect: the same-day time back in the story's own tense returns to the news.
bool BackToTheNewsDay(const Workspace& ws, std::uint32_t sentence) {
  static constexpr auto kSameDay = std::to_array<std::string_view>(
      {"dans la soiree", "dans la matinee", "dans l'apres-midi", "plus tard dans la journee", "le soir meme",
       "later that day", "later in the day", "that evening", "that afternoon", "the same evening"});
  const std::string_view text = SentenceText(ws, sentence);
  return std::any_of(kSameDay.begin(), kSameDay.end(),
                     [&](std::string_view opener) { return text.starts_with(opener); }) &&
         !TellsInPluperfect(ws, sentence);
}

// "ont commémoré vendredi le cinquième anniversaire de l'attaque de juin 2021", "marked the
// anniversary of the 2023 coup": this week's news about an old date.
bool MarksAnAnniversary(const Workspace& ws, std::uint32_t sentence) {
  static constexpr auto kAnniversaryWords = std::to_array<std::string_view>({"anniversa", "commemor"});
  return HoldsAny(SentenceText(ws, sentence), kAnniversaryWords);
}

// A claim told in the present ("L'armée dit avoir lancé une opération de ratissage", "the
// army says it has launched") is today's, whatever old story the sentence before told.
bool ClaimsInThePresent(const Workspace& ws, std::uint32_t sentence) {
  static constexpr auto kPresentClaims = std::to_array<std::string_view>(
      {" dit avoir ", " disent avoir ", " affirme avoir ", " affirment avoir ", " annonce avoir ", " indique avoir ",
       " assure avoir ", " declare avoir ", " says it has ", " says it had ", " say they have ", " says they have "});
  // « Les autorités avaient alors annoncé avoir déjoué » is still the old story's, and so is
  // what people say was done to them (« affirment avoir été enlevés »).
  static constexpr auto kPassive = std::to_array<std::string_view>({" avoir ete ", " has been ", " have been "});
  const std::string_view text = SentenceText(ws, sentence);
  // Most sentences hold neither word: two scans spare the twelve.
  if (text.find("avoir ") == std::string_view::npos && text.find("say") == std::string_view::npos) return false;
  return HoldsAny(text, kPresentClaims) && !HoldsAny(text, kPassive) && !TellsInPluperfect(ws, sentence);
}

// A sentence that dates itself from the story's incident ("Depuis l'attaque, plusieurs familles
// ont quitté les hameaux", "since the attack, dozens of families have left") is back in the
// story's time, whatever history the sentences before it told.
bool DatesFromTheStory(const Workspace& ws, std::uint32_t sentence) {
  static constexpr auto kSinceTheIncident = std::to_array<std::string_view>(
      {"depuis l'attaque", "depuis cette attaque", "depuis l'incursion", "depuis le massacre", "depuis ce massacre",
       "depuis l'assaut", "since the attack", "since the raid", "since the massacre", "since the assault",
       "since the killings"});
  const std::string_view text = SentenceText(ws, sentence);
  // Most sentences hold neither word: two scans spare the eleven.
  if (text.find("since the ") == std::string_view::npos && text.find("depuis ") == std::string_view::npos) return false;
  return HoldsAny(text, kSinceTheIncident);
}

void RuleClassifier::MarkOldSentences(Workspace& ws, std::int64_t published_at_ms) const {
  ws.sentence_is_old.assign(ws.sentences.size(), 0);
  ws.sentence_old_at.assign(ws.sentences.size(), kNone);
  ws.sentence_future_at.assign(ws.sentences.size(), kNone);
  ws.sentence_dated_at.assign(ws.sentences.size(), kNone);
  ws.sentence_dated_recent.assign(ws.sentences.size(), 0);
  ws.sentence_days_this_week.clear();
  if (ws.mentions.empty()) return;
  // Without a publication date only a year standing alone or after a month dates a
  // sentence: one before the current year is background ("The 2012 coup", "in March
  // 2024"); a full date with its day may be this week's news.
  const bool undated = published_at_ms <= 0;
  std::int64_t published_day = published_at_ms / kMillisPerDay;
  std::int64_t old_before = published_day - kOccurredWindowDays;
  if (undated) {
    const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    const auto year = static_cast<int>(std::chrono::year_month_day(today).year());
    published_day = DaysFromCivil(year, 12, 31);
    old_before = DaysFromCivil(year, 1, 1);
  }
  const int published_year = YearOfDays(published_day);
  std::uint32_t last = 0;
  for (const auto& mention : ws.mentions) last = std::max(last, mention.sentence);
  // A sentence without a date of its own continues the story of the one before it
  // ("In June 2021 gunmen stormed Solhan. Thousands fled in the following days.").
  // ... for a few sentences: a story that runs longer dates itself again or is today's.
  constexpr std::uint32_t kOldStoryReach = 4;
  std::uint8_t previous = 2;
  // "ont défilé ce dimanche pour célébrer le troisième anniversaire du 26 juillet 2023": a
  // sentence that marks this week the anniversary of an old date opens today's story.
  bool previous_commemorates = false;
  std::uint32_t commemorated_reach = 0;
  std::uint32_t inherited = 0;
  for (std::uint32_t s = 0; s <= last; ++s) {
    // DatesIn and YearModifierIn (its years 1960-2100 are among DateWords) find nothing
    // in a sentence without a DateWords word, so it is not tokenised.
    const bool needs_tokens = (ws.sentence_markers[s] & kDateWord) != 0;
    DateCues cues;
    if (needs_tokens) {
      const std::span<const Token> tokens = SentenceTokens(ws, s);
      if (!undated) cues = DatesIn(ws.norm.text, tokens, published_day);
      if (const auto named = YearModifierIn(ws.norm.text, tokens);
          named && (!cues.oldest || named->day < *cues.oldest)) {
        cues.oldest = named->day;
        cues.oldest_at = named->at;
      }
    }
    std::uint8_t state = 2;
    if (cues.oldest) {
      state = *cues.oldest < old_before ? 1 : 2;
      inherited = 0;
      // "In October 2014 ... Le 30 octobre, les manifestants avaient pris d'assaut l'Assemblée":
      // a day without its year, told in the pluperfect after an old sentence, is that story's.
      if (state == 2 && previous == 1 && !cues.recent && TellsInPluperfect(ws, s)) state = 1;
    } else if (!cues.recent && previous == 1 && !previous_commemorates && inherited < kOldStoryReach &&
               !ClaimsInThePresent(ws, s) && !DatesFromTheStory(ws, s) &&
               !(s > 0 && BackToTheNewsDay(ws, s) && TellsInPluperfect(ws, s - 1))) {
      state = 1;
      ++inherited;
    } else if (!cues.recent && commemorated_reach > 0 && TellsInPluperfect(ws, s)) {
      // "Cette nuit-là, des hommes armés avaient pris d'assaut Solhan": the commemorated story.
      state = 1;
    }
    if (commemorated_reach > 0) --commemorated_reach;
    ws.sentence_is_old[s] = state;
    if (cues.future) ws.sentence_future_at[s] = cues.future_at;
    if (state == 1 && cues.oldest) ws.sentence_dated_at[s] = cues.oldest_at;
    if (state == 2 && (cues.recent_event || cues.oldest)) ws.sentence_dated_recent[s] = 1;
    if (state == 1 && cues.oldest)
      ws.sentence_old_at[s] = LeftmostEarlierYear(ws.norm.text, SentenceTokens(ws, s), published_year);
    // A sentence with an old date and a day of this week: each event takes the nearer one.
    if (state == 1 && cues.oldest && cues.recent_event) {
      ws.sentence_days_this_week.push_back(DaysThisWeek{s, cues.oldest_at, cues.recent_first, cues.recent_last});
    } else if (state == 2 && cues.recent_event) {
      ws.sentence_days_this_week.push_back(DaysThisWeek{s, kNone, cues.recent_first, cues.recent_last});
    }
    previous = state;
    previous_commemorates = state == 1 && cues.recent_event && MarksAnAnniversary(ws, s);
    if (previous_commemorates) commemorated_reach = kOldStoryReach;
  }
}

// "Police initially said five people had died, but the toll climbed to 12": the figures after
// a superseded cue, up to the clause that corrects them, are no toll.
void RuleClassifier::MarkSupersededCounts(Workspace& ws) const {
  ForEachCueMatch(ws, CueKind::kSuperseded, [&](std::size_t i, const CueDef& /*cue*/) {
    const std::uint32_t sentence = ws.match_sentence[i];
    const std::string_view rest =
        std::string_view(ws.norm.text).substr(ws.matches[i].end, ws.sentences[sentence].end - ws.matches[i].end);
    std::size_t stop = rest.size();
    for (const std::string_view correction : {" but ", " mais ", ";", " before ", " avant "}) {
      stop = std::min(stop, rest.find(correction));
    }
    const std::uint32_t end = ws.matches[i].end + static_cast<std::uint32_t>(stop);
    for (auto& count : ws.counts) {
      if (count.sentence == sentence && count.position >= ws.matches[i].begin && count.position < end) {
        count.superseded = true;
      }
    }
  });
}

// ---------------------------------------------------------------------------------------
// Events

Severity SeverityOf(const Event& event) {
  if (event.status != EventStatus::kOccurred) return Severity::kLow;
  const std::uint32_t dead = event.counts.fatalities.value_or(0);
  if (dead >= 50) return Severity::kCritical;
  if (dead >= 10 || event.type == EventType::kCoup) return Severity::kHigh;
  if (event.counts.abducted.value_or(0) >= 10 || event.counts.displaced.value_or(0) >= 10000) {
    return Severity::kHigh;
  }
  if (dead >= 1 || event.type == EventType::kJointOperation || event.type == EventType::kAbduction ||
      event.type == EventType::kExplosion) {
    return Severity::kMedium;
  }
  return Severity::kLow;
}

// A paragraph of a roundup opens on its own date or place: "Mardi 18 août, huit personnes
// ...", "On Feb. 12, ...", "In northern Benin, two police officers were killed". The first
// few words only; a figure or an event word before them is no such opening.
bool OpensOnDateOrPlace(const Workspace& ws, std::uint32_t sentence, std::span<const Token> tokens) {
  static const WordSet kLead = {
      "on",           "le",          "the",       "in",      "dans",     "la",       "l",       "au",
      "en",           "a",           "night",     "nuit",    "du",       "of",       "early",   "late",
      "neighbouring", "neighboring", "voisin",    "voisine", "northern", "southern", "eastern", "western",
      "central",      "north",       "south",     "east",    "west",     "nord",     "sud",     "est",
      "ouest",        "centre",      "meanwhile", "also",    "and",      "et",       "enfin",   "finally"};
  const std::string_view text = ws.norm.text;
  const auto word = [&](std::size_t k) { return text.substr(tokens[k].begin, tokens[k].end - tokens[k].begin); };
  std::size_t k = 0;
  while (k < tokens.size() && k < 4 && kLead.Contains(word(k))) ++k;
  if (k >= tokens.size()) return false;
  // A day of the month, not a year: a timeline's "September 2024 – ..." retells history.
  const auto day_of_month = [&](std::size_t j) {
    return j < tokens.size() && IsDigitWord(word(j)) && word(j).size() <= 2;
  };
  const bool date = IsWeekday(word(k)) || (day_of_month(k) && k + 1 < tokens.size() && IsMonthName(word(k + 1))) ||
                    (IsMonthName(word(k)) && day_of_month(k + 1));
  if (date) return true;
  // A place named first, then a comma within a few words ("In Nigeria's Borno state, ...").
  if (k == 0) return false;
  const std::uint32_t place_from = tokens[k].begin;
  const bool place_first = std::any_of(ws.places.begin(), ws.places.end(), [&](const PlaceHit& hit) {
    return hit.sentence == sentence && hit.begin == place_from && hit.place != kNone && !hit.demonym;
  });
  if (!place_first) return false;
  for (std::size_t j = k + 1; j < tokens.size() && j <= k + 5; ++j) {
    if (tokens[j].clause_break_before &&
        text.substr(tokens[j - 1].end, tokens[j].begin - tokens[j - 1].end).find(',') != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

// "In a separate attack, ...", "Par ailleurs, ...": the sentence tells another incident than
// the ones before it, with a toll of its own, even when it is of the same type (separate cues).
void RuleClassifier::MarkSeparateIncidents(Workspace& ws) const {
  ws.sentence_incident.assign(ws.sentences.size(), 0);
  ForEachCueMatch(ws, CueKind::kSeparate, [&](std::size_t i, const CueDef& cue) {
    const std::uint32_t sentence = ws.match_sentence[i];
    if (cue.scope != CueScope::kBefore || ws.matches[i].begin <= ws.sentences[sentence].begin + cue.window) {
      ws.sentence_incident[sentence] = 1;
    }
  });
  // A roundup: three or more paragraphs that each open on a date or a place tell one incident
  // each (a story told in one paragraph after another keeps its incident).
  std::vector<std::uint32_t>& openers = ws.roundup_openers;
  openers.clear();
  // Only the opening words are read: a sentence's first bytes are tokenised, and only when it
  // names a day or month (DayWords) or a place near its start.
  constexpr std::uint32_t kOpening = 96;
  thread_local std::vector<Token> opening;
  std::size_t place = 0;
  for (std::uint32_t s = 1; s < ws.sentences.size(); ++s) {
    const Span sentence = ws.sentences[s];
    std::uint32_t at = sentence.begin;
    while (at > 0 && (ws.norm.text[at - 1] == ' ' || ws.norm.text[at - 1] == '\t')) --at;
    if (at == 0 || ws.norm.text[at - 1] != '\n') continue;  // not a paragraph's first sentence
    while (place < ws.places.size() && ws.places[place].begin < sentence.begin) ++place;
    const bool place_near_start = place < ws.places.size() && ws.places[place].begin < sentence.begin + kOpening / 2;
    if ((ws.sentence_markers[s] & kDayWord) == 0 && !place_near_start) continue;
    Tokenize(ws.norm.text, Span{sentence.begin, std::min(sentence.end, sentence.begin + kOpening)}, opening);
    if (OpensOnDateOrPlace(ws, s, opening)) openers.push_back(s);
  }
  // A bulletin in one paragraph: three or more sentences that open on three countries ("In
  // Niger, ... In Burkina Faso, ... And in Chad, ...") tell one incident each.
  if (openers.size() < 3) {
    openers.clear();
    thread_local std::vector<std::uint32_t> countries;
    countries.clear();
    place = 0;
    for (std::uint32_t s = 1; s < ws.sentences.size(); ++s) {
      const Span sentence = ws.sentences[s];
      while (place < ws.places.size() && ws.places[place].begin < sentence.begin) ++place;
      if (place >= ws.places.size() || ws.places[place].begin >= sentence.begin + kOpening / 4) continue;
      const PlaceHit& first = ws.places[place];
      if (first.place == kNone || first.demonym || gazetteer_.places[first.place].precision != PlacePrecision::kCountry)
        continue;
      Tokenize(ws.norm.text, Span{sentence.begin, std::min(sentence.end, sentence.begin + kOpening)}, opening);
      if (!OpensOnDateOrPlace(ws, s, opening)) continue;
      openers.push_back(s);
      if (std::find(countries.begin(), countries.end(), first.place) == countries.end())
        countries.push_back(first.place);
    }
    if (countries.size() < 3) openers.clear();
  }
  if (openers.size() >= 3) {
    for (const std::uint32_t s : openers) ws.sentence_incident[s] = 1;
  }
  // Running count: the incident each sentence belongs to.
  for (std::size_t s = 1; s < ws.sentence_incident.size(); ++s) ws.sentence_incident[s] += ws.sentence_incident[s - 1];
}

std::vector<Event> RuleClassifier::BuildEvents(Workspace& ws, const Article& article) const {
  // Group mentions by (type, status), in order of first appearance; occurred mentions of
  // separate incidents apart.
  auto& groups = ws.groups;
  groups.clear();
  ws.mention_group.clear();
  for (const auto& mention : ws.mentions) {
    const std::uint32_t mention_incident =
        mention.status == EventStatus::kOccurred ? ws.sentence_incident[mention.sentence] : 0;
    auto it = std::find_if(groups.begin(), groups.end(), [&](const MentionGroup& g) {
      return g.type == mention.type && g.status == mention.status && g.incident == mention_incident;
    });
    if (it == groups.end()) {
      groups.push_back(MentionGroup{mention.type, mention.status, mention_incident});
      it = groups.end() - 1;
    }
    ws.mention_group.push_back(static_cast<std::uint32_t>(it - groups.begin()));
  }
  std::vector<Event> events;
  events.reserve(groups.size());
  // Per event: its first and last sentence.
  auto& event_sentences = ws.event_sentence_spans;
  event_sentences.clear();

  // Dominant country of the article, and the dateline place.
  std::uint32_t dominant = kNone;
  double dominant_support = 0;
  for (std::uint32_t c = 0; c < ws.country_support.size(); ++c) {
    // Regional countries outrank foreign ones whatever their counts.
    const double support = ws.country_support[c] + (regional_country_[c] && ws.country_support[c] > 0 ? 1000.0 : 0.0);
    if (support > dominant_support) {
      dominant_support = support;
      dominant = c;
    }
  }
  std::uint32_t dateline = kNone;
  if (!ws.places.empty() && ws.places.front().sentence == 0 && ws.places.front().begin < 3 &&
      ws.places.front().place != kNone) {
    dateline = ws.places.front().place;
  }
  // An anchored "(unit, unit)" pair first, then the most precise place, then a demonym;
  // a country named as a border is no location.
  // The dateline names where the reporter files from ("NIAMEY, Niger — a bomb near
  // Tillabéri ..."): it places the event only when its sentence names nothing below a country.
  const PlaceHit* dateline_hit = dateline != kNone ? &ws.places.front() : nullptr;
  // "DAKAR, Senegal (AP) —": the country after the dateline's town belongs to it.
  const PlaceHit* dateline_country = nullptr;
  if (dateline_hit != nullptr && ws.places.size() > 1 && ws.places[1].begin == dateline_hit->end + 2 &&
      ws.norm.text.compare(dateline_hit->end, 2, ", ") == 0) {
    dateline_country = &ws.places[1];
  }
  const auto best_place_of = [&](std::uint32_t sentence) {
    const auto pick = [&](bool with_dateline) {
      std::uint32_t best = kNone;
      int best_rank = -1;
      for (const auto& hit : ws.places) {
        if (hit.sentence != sentence || hit.place == kNone || hit.border) continue;
        if (!with_dateline && (&hit == dateline_hit || &hit == dateline_country)) continue;
        const int rank = (hit.anchored ? 100 : 0) + (hit.demonym ? 0 : 10) +
                         static_cast<int>(gazetteer_.places[hit.place].precision);
        if (rank > best_rank) {
          best_rank = rank;
          best = hit.place;
        }
      }
      return best;
    };
    const std::uint32_t without = pick(false);
    if (without != kNone && gazetteer_.places[without].precision > PlacePrecision::kCountry) return without;
    // "DAKAR, Senegal (AP) — A drone strike carried out by Burkina Faso's army": a country the
    // sentence names outranks a dateline in another one.
    if (without != kNone && dateline != kNone && place_country_[without] != place_country_[dateline]) return without;
    // ... or a state force of another country acting in it ("carried out by Burkina Faso's army").
    if (without == kNone && dateline != kNone) {
      for (const auto& hit : ws.actors) {
        if (hit.sentence != sentence || actor_kind_[hit.actor] != ActorKind::kStateForce) continue;
        const auto country = actor_country_[hit.actor];
        if (country != kNone && country != place_country_[dateline]) return country;
      }
    }
    return pick(true);
  };
  // Events share sentences and look back over the same ones: each sentence's best place
  // is found once.
  constexpr std::uint32_t kNotYet = kNone - 1;
  ws.sentence_place.assign(ws.sentences.size(), kNotYet);
  const auto best_place_in = [&](std::uint32_t sentence) {
    std::uint32_t& place = ws.sentence_place[sentence];
    if (place == kNotYet) place = best_place_of(sentence);
    return place;
  };
  // The event sentence a count belongs to (see below), whatever the event.
  ws.count_owner.clear();
  const int published_year = article.published_at_ms > 0 ? YearOfDays(article.published_at_ms / kMillisPerDay) : 0;
  for (const auto& count : ws.counts) {
    // A count belongs to the events told in its sentence; a sentence without one (a
    // toll after the story) lends its counts to the nearest event sentence before it.
    std::uint32_t owner = kNone;
    for (const auto& mention : ws.mentions) {
      if (mention.sentence <= count.sentence && (owner == kNone || mention.sentence > owner) &&
          ws.sentence_incident[mention.sentence] == ws.sentence_incident[count.sentence]) {
        owner = mention.sentence;
      }
    }
    // A toll told before any event that stands ("Gunmen killed a shepherd. The militia
    // responded to the attack.": the response took over the first sentence's reading).
    if (owner == kNone) {
      for (const auto& mention : ws.mentions) {
        if (mention.sentence == count.sentence + 1) owner = mention.sentence;
      }
    }
    // "En septembre 2022, un convoi ... avait été attaqué, une attaque qui avait fait 37
    // morts": a toll dated to an earlier year is that year's, lent to no event told now.
    if (owner != kNone && owner != count.sentence &&
        NamesEarlierYear(ws.norm.text, SentenceTokens(ws, count.sentence), published_year)) {
      owner = kNone;
    }
    ws.count_owner.push_back(owner);
  }
  const std::uint32_t headline = HeadlineSentence(ws.norm.text, ws.sentences);
  // Per sentence, the last group (event) with a mention there: while group g is built,
  // sentence_group[s] == g exactly for its sentences.
  ws.sentence_group.assign(ws.sentences.size(), kNone);

  for (std::uint32_t g = 0; g < groups.size(); ++g) {
    const MentionGroup& group = groups[g];
    auto& group_mentions = ws.group_mentions;
    group_mentions.clear();
    for (std::uint32_t i = 0; i < ws.mentions.size(); ++i) {
      if (ws.mention_group[i] == g) group_mentions.push_back(i);
    }
    Event event;
    event.article_id = article.id;
    event.type = group.type;
    event.status = group.status;
    const Mention& lead = ws.mentions[group_mentions.front()];
    int best_priority = -1;
    bool any_context = false;
    auto& sentences = ws.event_sentences;
    sentences.clear();
    // One allocation each, not a regrowth per element (the sizes are small and bounded).
    event.rule_ids.reserve(group_mentions.size());
    event.countries.reserve(4);
    for (const auto index : group_mentions) {
      const auto& mention = ws.mentions[index];
      const auto& rule = book_.rules[mention.rule];
      if (rule.priority > best_priority) {
        best_priority = rule.priority;
        event.subtype = rule.subtype;
      }
      any_context |= mention.has_context;
      if (std::find(event.rule_ids.begin(), event.rule_ids.end(), rule.id) == event.rule_ids.end()) {
        event.rule_ids.push_back(rule.id);
      }
      if (ws.sentence_group[mention.sentence] != g) {
        ws.sentence_group[mention.sentence] = g;
        sentences.push_back(mention.sentence);
      }
    }
    const auto in_event = [&](std::uint32_t sentence) { return ws.sentence_group[sentence] == g; };
    event.evidence.reserve(std::min(sentences.size(), kMaxEvidence));
    for (const auto s : sentences) {
      const Span span = ws.sentences[s];
      Evidence evidence;
      evidence.byte_begin = ws.norm.OriginalOffset(span.begin);
      evidence.byte_end = ws.norm.OriginalOffset(span.end);
      evidence.text = article.text.substr(evidence.byte_begin, evidence.byte_end - evidence.byte_begin);
      event.evidence.push_back(std::move(evidence));
      if (event.evidence.size() >= kMaxEvidence) break;
    }
    event.id = MakeEventId(article.id, event.type, event.evidence.front().byte_begin);
    // The day the event's own sentences give, in their order ("on Sunday" needs the
    // publication day to become a date).
    const std::optional<std::int64_t> published_day =
        article.published_at_ms > 0 ? std::optional<std::int64_t>(article.published_at_ms / kMillisPerDay)
                                    : std::nullopt;
    for (const auto s : sentences) {
      if ((ws.sentence_markers[s] & kDayWord) == 0) continue;  // EventDayIn would find nothing
      if (const auto day = EventDayIn(ws.norm.text, SentenceTokens(ws, s), published_day)) {
        event.event_date = IsoDate(*day);
        break;
      }
    }

    // Place: in an event sentence, else the nearest preceding sentence, else the
    // dateline, else the article's dominant country.
    std::uint32_t place = kNone;
    for (const auto s : sentences) {
      const auto candidate = best_place_in(s);
      if (candidate != kNone &&
          (place == kNone || gazetteer_.places[candidate].precision > gazetteer_.places[place].precision)) {
        place = candidate;
      }
    }
    for (std::uint32_t s = lead.sentence; place == kNone && s-- > 0;) place = best_place_in(s);
    if (place == kNone) place = dateline;
    const bool foreign_country_only =
        place != kNone && gazetteer_.places[place].precision == PlacePrecision::kCountry && !regional_country_[place];
    if (place == kNone || (foreign_country_only && dominant != kNone && regional_country_[dominant])) place = dominant;
    if (place != kNone) {
      const auto& p = gazetteer_.places[place];
      event.place.country = p.country;
      event.place.admin1 = p.admin1;
      event.place.admin2 = p.admin2;
      event.place.name = p.name;
      event.place.lat = p.lat;
      event.place.lon = p.lon;
      event.place.precision = p.coordinate_precision;
      event.countries.push_back(p.country);
    }
    const auto add_country = [&](const std::string& code) {
      if (!code.empty() && std::find(event.countries.begin(), event.countries.end(), code) == event.countries.end()) {
        event.countries.push_back(code);
      }
    };
    // A joint operation lists every participating state, usually named across the article;
    // a foreign country only counts when the event's own sentence names it ("French and
    // Malian troops"), not when it is context ("alignment with Russia and China").
    const auto in_regional_country = [&](std::uint32_t place_index) {
      const auto index = place_country_[place_index];
      return index != kNone && regional_country_[index];
    };
    for (const auto& hit : ws.places) {
      if (hit.place == kNone || hit.border) continue;
      if (in_event(hit.sentence) || (group.type == EventType::kJointOperation && in_regional_country(hit.place))) {
        add_country(gazetteer_.places[hit.place].country);
      }
    }

    // Actors of the event's sentences.
    bool armed_group_seen = false;
    for (const auto& hit : ws.actors) {
      if (!in_event(hit.sentence)) continue;
      armed_group_seen |= actor_kind_[hit.actor] == ActorKind::kArmedGroup;
    }
    for (const auto& hit : ws.actors) {
      if (!in_event(hit.sentence)) continue;
      const auto& lexicon = gazetteer_.actors[hit.actor];
      if (std::any_of(event.actors.begin(), event.actors.end(),
                      [&](const Actor& a) { return a.name == lexicon.name; })) {
        continue;
      }
      Actor actor{lexicon.name, lexicon.kind, lexicon.country, ActorRole::kUnspecified};
      const ActorKind kind = actor_kind_[hit.actor];
      if (kind == ActorKind::kArmedGroup) {
        actor.role = ActorRole::kPerpetrator;
      } else if (kind == ActorKind::kCivilians) {
        actor.role = ActorRole::kTarget;
      } else if (kind == ActorKind::kMultinationalForce || group.type == EventType::kJointOperation) {
        actor.role = ActorRole::kPartner;
      } else if (kind == ActorKind::kStateForce || kind == ActorKind::kMilitia) {
        actor.role = armed_group_seen ? ActorRole::kTarget : ActorRole::kPerpetrator;
      }
      add_country(lexicon.country);
      event.actors.push_back(std::move(actor));
    }

    // Counts: those in the event's sentences, and those of following sentences that no
    // other event claims ("... attacked the village. Two civilians were killed.").
    auto& seen_values = ws.seen_values;
    seen_values.clear();
    auto& killed_parts = ws.killed_parts;
    killed_parts.clear();
    ws.victim_estimates.clear();
    std::array<std::uint32_t, kCountKindCount> totals{};
    std::array<bool, kCountKindCount> known{};
    // A headline sums up the story ("At least 41 dead as militants storm army post"): its
    // toll is the same victims the body then details, never added to them.
    std::array<std::uint32_t, kCountKindCount> headline_totals{};
    std::array<std::uint32_t, kCountKindCount> running_totals{};
    // As far as the toll statements an event owns (see the mentions' ownership).
    const std::uint32_t toll_reach = TollLookBackOf(group.type);
    for (std::size_t c = 0; c < ws.counts.size(); ++c) {
      const auto& count = ws.counts[c];
      const std::uint32_t owner = ws.count_owner[c];
      const bool mine =
          owner != kNone &&
          (owner > count.sentence || count.sentence - owner <= toll_reach || ws.toll_told_back[count.sentence] != 0) &&
          in_event(owner);
      if (!mine || count.superseded) continue;
      const auto kind = static_cast<std::size_t>(count.kind);
      const bool own_sentence = in_event(count.sentence);
      if (count.kind == CountKind::kKilled && !IsViolentType(group.type)) {
        if (group.type != EventType::kProtest && group.type != EventType::kCoup) continue;
        // "23 soldiers were killed in an ambush ... since the military seized power": the
        // dead of a violent event told in the same sentence are not the coup's or the riot's;
        // nor is the toll lent to a sentence that tells both ("barricades ... après
        // l'assassinat d'un commerçant. La victime a été abattue").
        const bool violent_beside = std::any_of(ws.mentions.begin(), ws.mentions.end(), [&](const Mention& other) {
          return (other.sentence == count.sentence || other.sentence == owner) && IsViolentType(other.type);
        });
        if (violent_beside) continue;
      }
      // An aggregate ("more than 1,500 civilians have been killed since 2021") is the
      // toll of the sentence that tells it, never lent to an event before it.
      const bool aggregate =
          count.kind == CountKind::kDisplaced ? count.value >= kAggregateDisplaced : count.value >= kAggregateDead;
      if (aggregate && !own_sentence) continue;
      if (count.kind == CountKind::kDisplaced && group.type != EventType::kDisplacement) continue;
      if (count.kind == CountKind::kAbducted && group.type != EventType::kAbduction) continue;
      // The headline's figure is a summary, compared with the body's total below; it makes
      // no body figure a restatement.
      if (count.sentence == headline && !count.running_total) {
        known[static_cast<std::size_t>(count.kind)] = true;
        headline_totals[static_cast<std::size_t>(count.kind)] =
            std::max(headline_totals[static_cast<std::size_t>(count.kind)], count.value);
        continue;
      }
      // A revised total ("the toll climbed to 12") stands even when the headline told its figure.
      if (count.running_total) {
        known[kind] = true;
        running_totals[kind] = std::max(running_totals[kind], count.value);
        continue;
      }
      if (count.kind == CountKind::kKilled) {
        // A toll restated in a later sentence counts once.
        if (std::find(seen_values.begin(), seen_values.end(), count.value) != seen_values.end() &&
            count.sentence != ws.counts.front().sentence) {
          continue;
        }
        seen_values.push_back(count.value);
        if (count.figures.count > 1) {
          seen_values.insert(seen_values.end(), count.figures.values.begin(),
                             count.figures.values.begin() + count.figures.count);
        }
        // "Twenty-eight soldiers were killed ... JNIM said it had killed 30 soldiers": two
        // figures for the same victims in two sentences are two estimates of one toll, and
        // the lower one stands (the convention for ranges). A group's claim is another
        // estimate of any toll told.
        {
          const auto same =
              std::find_if(ws.victim_estimates.begin(), ws.victim_estimates.end(), [&](std::size_t other) {
                const CountHit& earlier = ws.counts[other];
                if (earlier.sentence == count.sentence) return false;
                if (count.victims == kClaimedVictims || earlier.victims == kClaimedVictims) return true;
                // "21 civils tués ... les élus évoquent « une quarantaine de morts »": a toll noun
                // estimates whatever victims were counted before.
                if (IsGenericTollNoun(count.victims) && !earlier.victims.empty()) return true;
                return !count.victims.empty() && earlier.victims == count.victims;
              });
          // Estimates of one toll are of one size ("28" and "30"); "11 soldiers ... three
          // soldiers died overnight" adds.
          const auto close = [&](std::uint32_t a, std::uint32_t b) { return 2 * std::min(a, b) >= std::max(a, b); };
          if (same != ws.victim_estimates.end() && close(ws.counts[*same].value, count.value)) {
            const std::uint32_t earlier = ws.counts[*same].value;
            if (count.value < earlier && totals[kind] >= earlier) {
              totals[kind] -= earlier - count.value;
              std::replace(killed_parts.begin(), killed_parts.end(), earlier, count.value);
              *same = c;
            }
            continue;
          }
          ws.victim_estimates.push_back(c);
        }
      }
      // "Gunmen killed the mayor and his driver. The driver died at the scene": a victim
      // named again, not another one.
      if (count.known_victim && count.value == 1 && totals[kind] > 0) continue;
      known[kind] = true;
      totals[kind] += count.value;
      if (count.kind == CountKind::kKilled) killed_parts.push_back(count.value);
    }
    // "Thirty-five dead in all: eleven soldiers ... and at least 24 terrorists neutralised":
    // a figure that is the sum of the others is their total, not more dead.
    // Only a total told first or last, and not "1 soldier, 3 peacekeepers and 2 militants".
    constexpr std::uint32_t kMinStatedTotal = 5;
    if (killed_parts.size() >= 3) {
      const std::uint32_t largest = *std::max_element(killed_parts.begin(), killed_parts.end());
      if (largest >= kMinStatedTotal && totals[0] == 2 * largest &&
          (killed_parts.front() == largest || killed_parts.back() == largest)) {
        totals[0] = largest;
      }
    }
    for (std::size_t kind = 0; kind < kCountKindCount; ++kind) {
      // A revised total replaces the sum of the figures it revises.
      if (running_totals[kind] > 0) totals[kind] = running_totals[kind];
      totals[kind] = std::max(totals[kind], headline_totals[kind]);
    }
    if (known[0]) event.counts.fatalities = totals[0];
    if (known[1]) event.counts.injured = totals[1];
    if (known[2]) event.counts.abducted = totals[2];
    if (known[3]) event.counts.displaced = totals[3];

    double confidence = 0.5;
    if (any_context) confidence += 0.1;
    if (group_mentions.size() > 1) confidence += 0.1;
    if (event.place.precision >= PlacePrecision::kAdmin2) confidence += 0.1;
    if (event.counts.fatalities || event.counts.abducted || event.counts.displaced) confidence += 0.1;
    if (event.status != EventStatus::kOccurred) confidence -= 0.1;
    event.confidence = std::clamp(confidence, 0.05, 0.95);
    event.severity = SeverityOf(event);
    events.push_back(std::move(event));
    const auto [first, last] = std::minmax_element(sentences.begin(), sentences.end());
    event_sentences.push_back(Span{*first, *last});
  }
  // "stormed the village ... and herded their victims into the bush": a raid that killed no
  // one, told with a kidnapping, is how the kidnapping was done (a guard "blessé par balle à
  // la jambe" included); one that harmed no one, told beside an assault on a post (« des
  // boutiques avaient été incendiées »), is that fight's damage.
  const auto near = [](Span a, Span b) { return a.begin <= b.end + 1 && b.begin <= a.end + 1; };
  std::size_t kept = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& event = events[i];
    const bool deathless_raid = event.type == EventType::kAttackOnCivilians && event.status == EventStatus::kOccurred &&
                                event.subtype == "attack_on_civilians/raid" && event.counts.fatalities.value_or(0) == 0;
    const bool harmless_raid = deathless_raid && event.counts.injured.value_or(0) == 0;
    bool part_of_another_incident = false;
    for (std::size_t j = 0; deathless_raid && j < events.size(); ++j) {
      if (events[j].status != EventStatus::kOccurred || !near(event_sentences[i], event_sentences[j])) continue;
      part_of_another_incident |=
          events[j].type == EventType::kAbduction || (harmless_raid && events[j].type == EventType::kBattle);
    }
    if (part_of_another_incident) continue;
    if (kept != i) events[kept] = std::move(events[i]);
    ++kept;
  }
  events.resize(kept);
  return events;
}

// The most killed any one figure of a sentence tells.
std::uint32_t KilledInSentence(const Workspace& ws, std::uint32_t sentence) {
  std::uint32_t killed = 0;
  for (const auto& count : ws.counts) {
    if (count.sentence == sentence && count.kind == CountKind::kKilled) killed = std::max(killed, count.value);
  }
  return killed;
}

// A match report, a vaccination campaign or a farming season told with the words of war
// ("offensive", "ambushed", "battalion"): another domain's vocabulary dominates and armed
// actors are (nearly) absent, so the violent words are metaphors.
bool RuleClassifier::OffTopic(const Workspace& ws) const {
  constexpr std::uint32_t kMinOffTopicWords = 4;
  constexpr std::uint32_t kOffTopicWordsPerActor = 3;
  std::uint32_t off_topic = 0;
  std::uint32_t last_end = 0;  // overlapping words count once ("campagne de vaccination", "vaccination")
  ForEachCueMatch(ws, CueKind::kOffTopic, [&](std::size_t i, const CueDef& /*cue*/) {
    if (ws.matches[i].begin < last_end) return;
    ++off_topic;
    last_end = ws.matches[i].end;
  });
  if (off_topic < kMinOffTopicWords) return false;
  // Distinct armed actors: a force named three times is one actor.
  std::uint32_t armed = 0;
  for (std::size_t i = 0; i < ws.actors.size(); ++i) {
    const ActorKind kind = actor_kind_[ws.actors[i].actor];
    if (kind != ActorKind::kStateForce && kind != ActorKind::kArmedGroup && kind != ActorKind::kMilitia &&
        kind != ActorKind::kMultinationalForce) {
      continue;
    }
    const bool seen = std::any_of(ws.actors.begin(), ws.actors.begin() + static_cast<std::ptrdiff_t>(i),
                                  [&](const ActorHit& earlier) { return earlier.actor == ws.actors[i].actor; });
    armed += seen ? 0 : 1;
  }
  return off_topic >= kOffTopicWordsPerActor * armed;
}

std::vector<Event> RuleClassifier::Classify(const Article& article) const {
  thread_local Workspace ws;
  if (article.text.empty()) return {};
  NormalizeInto(article.text, ws.norm);
  const std::span<const WordSpan> words = matcher_->Scan(ws.norm.text, ws.matches, ws.words);
  SplitSentences(ws.norm.text, article.text, ws.norm.origin, ws.sentences);
  if (ws.sentences.empty()) return {};
  // Sentence of each match (matches and sentences are both sorted by offset), and the
  // marker words each sentence holds.
  ws.match_sentence.resize(ws.matches.size());
  ws.sentence_markers.assign(ws.sentences.size(), 0);
  std::uint32_t s = 0;
  for (std::size_t i = 0; i < ws.matches.size(); ++i) {
    while (s + 1 < ws.sentences.size() && ws.sentences[s].end <= ws.matches[i].begin) ++s;
    ws.match_sentence[i] = s;
    ws.sentence_markers[s] = static_cast<std::uint8_t>(ws.sentence_markers[s] | markers_[ws.matches[i].pattern]);
  }
  FindPlacesAndActors(ws, article.text);
  ws.lang = ParseLang(article.lang);
  if (ws.lang == Lang::kAny) ws.lang = GuessLang(ws.norm.text, words);
  FindMentions(ws, ws.lang);
  if (ws.mentions.empty() || OffTopic(ws)) return {};
  ForgetSentenceTokens(ws);
  MarkSeparateIncidents(ws);
  FindCounts(ws, article.text);
  MarkSupersededCounts(ws);
  MarkOldSentences(ws, article.published_at_ms);
  auto& mentions = ws.mentions;
  // Suppression reaching over sentences ("militants attacked the village. Militiamen
  // repelled the attack." is one battle; the exchange of fire told after a mutiny is the
  // mutiny's).
  for (const auto& winner : mentions) {
    if (winner.rule == kNone) continue;  // itself suppressed by an earlier winner
    const auto& rule = book_.rules[winner.rule];
    if (rule.suppress_back == 0 && rule.suppress_ahead == 0) continue;
    for (auto& other : mentions) {
      if (other.rule == kNone || other.sentence > winner.sentence + rule.suppress_ahead ||
          other.sentence + rule.suppress_back < winner.sentence) {
        continue;
      }
      // A later sentence that names its own day tells its own incident ("Le lendemain, le
      // 20 juin, un convoi tombait dans une embuscade").
      if (other.sentence > winner.sentence && (ws.sentence_markers[other.sentence] & kDayWord) != 0) continue;
      if (std::find(rule.suppress.begin(), rule.suppress.end(), other.type) != rule.suppress.end() &&
          book_.rules[other.rule].priority <= rule.priority) {
        other.rule = kNone;
      }
    }
  }
  mentions.erase(std::remove_if(mentions.begin(), mentions.end(), [](const Mention& m) { return m.rule == kNone; }),
                 mentions.end());
  std::size_t kept = 0;
  for (auto& mention : mentions) {
    bool habitual = false;
    mention.status = StatusOf(ws, mention, habitual, mention.hearsay);
    if (habitual && mention.status == EventStatus::kOccurred) continue;
    mentions[kept++] = mention;
  }
  mentions.resize(kept);
  // A sentence that only retells an event of the same type told just before as past
  // ("... enlevés le mois dernier. Une vingtaine d'hommes avaient été enlevés dans leurs
  // champs") continues it, unless it dates itself to now. A headline tells nothing first.
  // A definite noun ("the massacre", "cette attaque") names an event already told, however
  // far back: "Rights groups say the massacre exposed ..." ends a story about a past one.
  const std::uint32_t headline = HeadlineSentence(ws.norm.text, ws.sentences);
  for (auto& mention : mentions) {
    if (mention.status != EventStatus::kOccurred || mention.sentence == 0) continue;
    const bool anaphoric =
        kDefiniteDeterminers.Contains(PreviousWordText(ws.norm.text, mention.trigger.begin)) ||
        (mention.trigger.begin >= 2 && ws.norm.text.compare(mention.trigger.begin - 2, 2, "l'") == 0);
    // Not a protest: "the sit-in ended peacefully" closes today's protest even when a quote
    // before it dates the protesters' grievance ("Since January 20, nothing").
    const std::uint32_t reach = anaphoric && mention.type != EventType::kProtest ? mention.sentence : kTollLookBack;
    const Mention* before = nullptr;
    for (const auto& other : mentions) {
      if (other.type == mention.type && other.sentence < mention.sentence && other.sentence != headline &&
          other.sentence + reach >= mention.sentence && (before == nullptr || other.sentence > before->sentence)) {
        before = &other;
      }
    }
    // A stock ("un habitant réfugié à Diffa") is background by its rule, not told as past:
    // "des dizaines de familles ont quitté Kablewa" after it is today's flight.
    if (before == nullptr || before->status != EventStatus::kBackground ||
        book_.rules[before->rule].default_status == EventStatus::kBackground) {
      continue;
    }
    const DateCues cues = (ws.sentence_markers[mention.sentence] & kDateWord) != 0
                              ? DatesIn(ws.norm.text, SentenceTokens(ws, mention.sentence), 0)
                              : DateCues{};
    if (!cues.recent && !cues.oldest) mention.status = EventStatus::kBackground;
  }
  // "The army denied executing civilians during an operation last week": a force denies
  // abuses in its operation, not the operation.
  for (auto& mention : mentions) {
    if ((mention.type != EventType::kMilitaryOperation && mention.type != EventType::kJointOperation) ||
        mention.status != EventStatus::kNegated) {
      continue;
    }
    // « Aucune opération militaire n'a été conduite ... et aucun civil n'y a été tué »: the
    // operation is denied in its own words.
    if (kNegatingDeterminers.Contains(PreviousWordText(ws.norm.text, mention.trigger.begin))) continue;
    const bool abuse_denied = std::any_of(mentions.begin(), mentions.end(), [&](const Mention& other) {
      return other.sentence == mention.sentence && other.status == EventStatus::kNegated &&
             (other.type == EventType::kAttackOnCivilians || other.type == EventType::kAbduction);
    });
    if (abuse_denied) mention.status = EventStatus::kOccurred;
  }
  // A claim or rumour of what the article elsewhere denies is part of the denial.
  for (auto& mention : mentions) {
    if (!mention.hearsay || mention.status != EventStatus::kOccurred) continue;
    // Same type anywhere, or any type told next to it ("the government denied any execution
    // of civilians. According to the NGO, 500 people were reportedly killed in an operation").
    const bool denied = std::any_of(mentions.begin(), mentions.end(), [&](const Mention& other) {
      if (other.status != EventStatus::kNegated) return false;
      const std::uint32_t distance =
          other.sentence > mention.sentence ? other.sentence - mention.sentence : mention.sentence - other.sentence;
      // A march that was banned or did not take place denies no claim of violence.
      const bool protest_pair = other.type == EventType::kProtest || mention.type == EventType::kProtest;
      // "Le communiqué ne fait état d'aucun accrochage", "There was no exchange of fire": an
      // operation without fighting is told, not denied.
      const bool fightless_operation =
          other.type == EventType::kBattle &&
          (mention.type == EventType::kMilitaryOperation || mention.type == EventType::kJointOperation);
      // A denial two sentences on answers its own claim ("dément que les assaillants aient pris
      // le contrôle de Diboli"), not a kidnapping an official told before it.
      return other.type == mention.type || (distance <= 1 && !protest_pair && !fightless_operation);
    });
    // "... alleged that civilians were killed during the operation. The army rejected the claims."
    // "The governor denied the reports. ... Messages on social media claimed that fighters had
    // stormed the camp": a denial told a few sentences before the claim answers it too.
    constexpr std::uint32_t kDenialReachBack = 4;
    bool denial_near = SentenceDenies(ws, mention.sentence + 1);
    for (std::uint32_t back = 1; !denial_near && back <= kDenialReachBack && back <= mention.sentence; ++back) {
      denial_near = SentenceDenies(ws, mention.sentence - back);
    }
    if (denied || denial_near) mention.status = EventStatus::kNegated;
  }
  // "killed a farmer and abducted his son", "opened fire on a bus and kidnapped two
  // passengers": the abduction is part of the attack on civilians told with it, unless
  // it is a mass kidnapping, an event of its own.
  kept = 0;
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    const auto& mention = mentions[i];
    const bool kidnapping_apart = std::any_of(ws.counts.begin(), ws.counts.end(), [&](const CountHit& count) {
      return count.kind == CountKind::kAbducted && count.sentence == mention.sentence && count.value >= kKidnappedApart;
    });
    if (mention.type == EventType::kAbduction && !kidnapping_apart) {
      const bool harm_told = std::any_of(ws.counts.begin(), ws.counts.end(), [&](const CountHit& count) {
        return (count.kind == CountKind::kKilled || count.kind == CountKind::kInjured) &&
               count.sentence == mention.sentence;
      });
      const bool within_attack = std::any_of(mentions.begin(), mentions.end(), [&](const Mention& other) {
        // Looting ("seized his livestock"), a raid that harmed no one ("stormed the school and
        // carted away students") and burning the vehicle (a dependent reading) are part of the
        // kidnapping, not the other way round.
        return other.type == EventType::kAttackOnCivilians && other.sentence == mention.sentence &&
               other.status == mention.status && !book_.rules[other.rule].subtype.ends_with("/looting") &&
               (harm_told || !book_.rules[other.rule].subtype.ends_with("/raid")) && !book_.rules[other.rule].dependent;
      });
      if (within_attack) continue;
    }
    mentions[kept++] = mention;
  }
  mentions.resize(kept);
  // A toll statement belongs to the event told in its own or a recent sentence.
  ws.toll_told_back.assign(ws.sentences.size(), 0);
  kept = 0;
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    const auto& mention = mentions[i];
    // "Sept civils ont été exécutés et deux chefs de village enlevés": several dead beside a
    // kidnapping are a killing of their own, whatever else the story told before; one guard
    // shot dead is the kidnapping's toll.
    const bool killing_beside_kidnapping =
        mention.type == EventType::kAttackOnCivilians && KilledInSentence(ws, mention.sentence) >= 2 &&
        std::any_of(mentions.begin(), mentions.end(), [&](const Mention& other) {
          return other.type == EventType::kAbduction && other.sentence == mention.sentence;
        });
    // "La victime a été abattue par des individus armés" after a riot: gunmen's victims are
    // an attack of their own, not the riot's or the coup's toll (police fire may be).
    const bool armed_group_in_sentence =
        IsViolentType(mention.type) && std::any_of(ws.actors.begin(), ws.actors.end(), [&](const ActorHit& hit) {
          return hit.sentence == mention.sentence && actor_kind_[hit.actor] == ActorKind::kArmedGroup;
        });
    if (book_.rules[mention.rule].dependent && !killing_beside_kidnapping) {
      // "... bringing the death toll to nine", « portant le bilan à 12 morts »: a revised total
      // of the incident told before, however far back.
      static constexpr auto kRevisedTotals = std::to_array<std::string_view>(
          {"the death toll to ", "the toll to ", "the number of dead to ", "le bilan a ", "le bilan des morts a ",
           "le nombre de morts a ", "le bilan fait etat", "le bilan officiel", "le bilan provisoire",
           "le bilan s'eleve", "the death toll stands", "the death toll stood", "the official toll",
           "the provisional toll"});
      const bool counted_back =
          NamesCountedVictimsBack(ws, mention) || HoldsAny(SentenceText(ws, mention.sentence), kRevisedTotals);
      const bool owned = std::any_of(mentions.begin(), mentions.end(), [&](const Mention& other) {
        // A toll of the dead never goes to the flight told beside it (a riot or coup may own it).
        if (IsViolentType(mention.type) && other.type == EventType::kDisplacement) return false;
        if (armed_group_in_sentence && !IsViolentType(other.type)) return false;
        // "The army neutralised eight terrorists" after a massacre is the response, never
        // the massacre's or the kidnapping's toll.
        if (mention.type == EventType::kMilitaryOperation &&
            (other.type == EventType::kAttackOnCivilians || other.type == EventType::kAbduction)) {
          return false;
        }

        // "In January, 28 soldiers were killed" after today's news is history of its own; burned
        // vehicles and looted shops are a detail of whatever the incident was, however late told.
        const bool property = book_.rules[mention.rule].subtype.ends_with("/raid");
        // An army's account of its air strike tells the toll further down, as a bulletin does
        // ("Plusieurs dizaines de terroristes auraient été neutralisés"); the toll of an air
        // strike is the enemy's, and soldiers killed are another event's.
        const bool blast_toll = other.type == EventType::kExplosion && !ToldAsForcesLosses(ws, mention.sentence);
        // Witnesses' count of a blast's dead, when nothing else happened in between (a round-up's
        // next item is another incident).
        const bool witnessed_blast = blast_toll && mention.type == EventType::kAttackOnCivilians &&
                                     std::none_of(mentions.begin(), mentions.end(), [&](const Mention& between) {
                                       return between.type != EventType::kExplosion &&
                                              !book_.rules[between.rule].dependent &&
                                              between.sentence > other.sentence && between.sentence < mention.sentence;
                                     });
        const std::uint32_t reach = !blast_toll       ? TollLookBackOf(other.type)
                                    : witnessed_blast ? kBlastVictimsLookBack
                                                      : kOperationTollLookBack;
        return !book_.rules[other.rule].dependent && other.sentence <= mention.sentence &&
               (property || counted_back || other.sentence + reach >= mention.sentence) &&
               other.status == mention.status &&
               ws.sentence_incident[other.sentence] == ws.sentence_incident[mention.sentence];
      });
      if (owned) {
        if (counted_back) ws.toll_told_back[mention.sentence] = 1;
        continue;
      }
    }
    mentions[kept++] = mention;
  }
  mentions.resize(kept);

  // A headline sums the story up in its own register (present tense, no modality): each of
  // its readings takes the status the body tells that type with, and a type the body does
  // not tell at all is a misreading of the compressed words ("air force strikes kill 25
  // militants" for an air strike). A story that is only a headline keeps its readings.
  if (headline != kNone) {
    std::array<std::optional<EventStatus>, kEventTypeCount> body_status{};
    for (const auto& mention : mentions) {
      if (mention.sentence == headline) continue;
      auto& status = body_status[static_cast<std::size_t>(mention.type)];
      if (!status || mention.status == EventStatus::kOccurred) status = mention.status;
    }
    const bool body_tells =
        std::any_of(body_status.begin(), body_status.end(), [](const auto& told) { return told.has_value(); });
    if (body_tells) {
      kept = 0;
      for (std::size_t i = 0; i < mentions.size(); ++i) {
        auto mention = mentions[i];
        if (mention.sentence == headline) {
          const auto& status = body_status[static_cast<std::size_t>(mention.type)];
          if (!status) continue;
          mention.status = *status;
        }
        mentions[kept++] = mention;
      }
      mentions.resize(kept);
    }
  }
  // A deployment told as the whole news ("Benin has deployed 3,000 more troops to its north")
  // is an operation; told beside an attack, it is that attack's aftermath.
  const bool other_incident = std::any_of(mentions.begin(), mentions.end(), [&](const Mention& mention) {
    return mention.status == EventStatus::kOccurred && !book_.rules[mention.rule].standalone;
  });
  if (other_incident) {
    std::erase_if(mentions, [&](const Mention& mention) {
      return mention.status == EventStatus::kOccurred && book_.rules[mention.rule].standalone;
    });
  }
  // A joint operation needs two states or a multinational force; otherwise it is one
  // state's operation.
  auto& states = ws.states;
  states.clear();
  bool multinational = false;
  for (const auto& hit : ws.actors) {
    const auto& actor = gazetteer_.actors[hit.actor];
    multinational |= actor_kind_[hit.actor] == ActorKind::kMultinationalForce;
    if (actor_kind_[hit.actor] == ActorKind::kStateForce && !actor.country.empty() &&
        std::find(states.begin(), states.end(), actor.country) == states.end()) {
      states.push_back(actor.country);
    }
  }
  for (std::size_t c = 0; c < ws.country_support.size(); ++c) {
    const auto& code = gazetteer_.places[c].country;
    // A country named only as a border ("le long de sa frontière avec le Mali", support
    // 0.25 each) takes no part.
    if (ws.country_support[c] >= 1.0 && std::find(states.begin(), states.end(), code) == states.end()) {
      states.push_back(code);
    }
  }
  const bool joint_possible = multinational || states.size() >= 2;
  // A state sending troops ("Benin would deploy 3,000 more troops") is joint only when its
  // own sentence names a partner state or a multinational force. Partners are the region's
  // states named as countries or peoples ("Chadian and Nigerian troops"): force acronyms
  // are shared by several armies, and Russian or other foreign auxiliaries of one army
  // make its operation no joint one.
  const auto partners_in_sentence = [&](std::uint32_t sentence, bool towns_count) {
    std::array<bool, 256> named{};
    std::size_t count = 0;
    for (const auto& hit : ws.actors) {
      if (hit.sentence == sentence && actor_kind_[hit.actor] == ActorKind::kMultinationalForce) return true;
    }
    for (const auto& hit : ws.places) {
      // Towns count only in a story already told as joint ("a second phase towards Ménaka and
      // the Tillabéri region"): "North East" and "Bama" are also a Ghanaian region and a
      // Burkinabe town, and make no Nigerian sweep a joint one.
      if (hit.sentence != sentence || hit.border || hit.place == kNone) continue;
      if (!towns_count && hit.place >= country_count_) continue;
      const std::uint32_t country = place_country_[hit.place];
      if (country == kNone || country >= named.size() || !regional_country_[country] || named[country]) continue;
      named[country] = true;
      ++count;
    }
    return count >= 2;
  };
  const auto is_deployment = [&](const Mention& mention) {
    return book_.rules[mention.rule].subtype.ends_with("/deployment");
  };
  // ... or the article tells of a joint force or operation it joins ("Le Niger devrait engager
  // ses troupes lors d'une prochaine phase").
  const bool joint_told = std::any_of(mentions.begin(), mentions.end(), [&](const Mention& mention) {
    return mention.type == EventType::kJointOperation && !is_deployment(mention);
  });
  for (auto& mention : mentions) {
    // "Des unités burkinabè, maliennes et nigériennes ont ratissé...": one sentence naming
    // the forces of two states tells a joint operation.
    if (mention.type == EventType::kMilitaryOperation && partners_in_sentence(mention.sentence, joint_told)) {
      mention.type = EventType::kJointOperation;
    }
    if (mention.type != EventType::kJointOperation) continue;
    if (!joint_possible || (is_deployment(mention) && !joint_told && !partners_in_sentence(mention.sentence, true))) {
      mention.type = EventType::kMilitaryOperation;
    }
  }
  return BuildEvents(ws, article);
}

}  // namespace

namespace {

// Names the cache bundle of a rule set: its files' names and bytes.
std::string RuleSetDigest(const std::vector<std::filesystem::path>& files) {
  std::string material;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    material += path.filename().string();
    material += '\0';
    material.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return Sha256Hex(material);
}

}  // namespace

std::shared_ptr<const Classifier> Classifier::Load(const ClassifierPaths& paths) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::string> problems;
  const auto files = RuleFilesIn(paths.rules_dir);
  if (files.empty()) throw LoadError(paths.rules_dir.string() + ": no rule files (*.yaml)");
  DatabaseCache cache(paths.cache_dir, RuleSetDigest(files));
  RuleBook book = ParseRuleFiles(files, problems, &cache);
  if (!problems.empty()) {
    std::string message = problems.front();
    if (problems.size() > 1) message += " (and " + std::to_string(problems.size() - 1) + " more)";
    throw LoadError(message);
  }
  Gazetteer gazetteer = LoadGazetteer(paths.gazetteer_dir);
  auto classifier = std::make_shared<RuleClassifier>(std::move(book), std::move(gazetteer), cache);
  LoadStats stats;
  stats.cache_problem = cache.Save();
  stats.cache_bundle = cache.bundle_path();
  stats.databases_compiled = cache.compiled();
  stats.databases_reused = cache.reused();
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  classifier->SetStats(std::move(stats));
  return classifier;
}

std::vector<std::string> CheckRuleFiles(const std::vector<std::filesystem::path>& files,
                                        const std::filesystem::path& cache_dir) {
  std::vector<std::string> problems;
  DatabaseCache cache(cache_dir, RuleSetDigest(files));
  ParseRuleFiles(files, problems, &cache);
  if (problems.empty()) cache.Save();  // a failed save only costs the next load time
  return problems;
}

}  // namespace sahelwatch::classify
