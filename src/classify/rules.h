// Rule files (config/rules/*.yaml), in the spirit of Falco's lists/macros/rules:
//
//   - list: civilian_nouns            # named phrase list, referenced by name anywhere
//     items: [civilians, villagers, "les populations"]
//   - rule: attack_on_civilians.raid  # trigger + context + exclusions → one mention
//     type: attack_on_civilians
//     subtype: attack_on_civilians/raid
//     lang: en                        # en | fr | any (filters only when the article's
//     priority: 50                    #   language is known)
//     trigger: [attacked, raided]
//     context: [civilian_nouns]       # one must occur in the sentence (or within window)
//     before: [armed_group_nouns]     # one must occur before the trigger (within window)
//     after: [civilian_nouns]         # one must occur after the trigger (within window)
//     exclude: [armed_nouns]          # none may occur there
//     window: 0                       # bytes around the trigger; 0 = the whole sentence
//     suppress: [battle]              # types this mention removes from its sentence
//     suppress_back: 1                #   ... and from this many sentences before it
//     suppress_ahead: 1               #   ... and after it
//     status: background              # status when no cue says otherwise (default occurred)
//     dependent: true                 # a toll statement ("three soldiers were killed"):
//                                     #   dropped when the same or previous sentence has
//                                     #   an independent mention (its counts go there)
//     standalone: true                # news only on its own ("Benin has deployed 3,000
//                                     #   troops"): dropped when the article tells another
//                                     #   event that occurred (then it is that one's aftermath)
//   - cue: negated                    # status cues: negated|planned|background|habitual|generic|hearsay
//     scope: before                   # before|after|around|sentence|self (relative to trigger)
//     window: 40
//     items: [denied, "did not"]
//   - count: killed                   # verbs/nouns a casualty number attaches to
//     items: [killed, dead, "ont ete tues"]
//   - filler: count                   # words allowed between a count verb and its number
//     items: [at, least, "au", moins]
//
// Phrases are normalised like article text (lowercase, accents folded), matched on word
// boundaries; a phrase holding one of ()[]|?*+\{ is a regular expression (Hyperscan syntax).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/taxonomy.h"

namespace sahelwatch::classify {

class DatabaseCache;

struct SourceLocation {
  std::string file;
  int line = 0;
  std::string ToString() const { return file + ":" + std::to_string(line); }
};

struct Phrase {
  std::string pattern;  // normalised
  bool is_regex = false;
  SourceLocation where;
};

// kHearsay: a claim or rumour ("accounts close to JNIM claimed"); such a mention is
// negated when the same article denies an event of its type. kFoiled: a foiled or failed
// attempt ("le projet a été déjoué"), which happened whatever was planned. kOffTopic: the
// vocabulary of another domain (sports, vaccination campaigns, farming seasons), counted over
// the whole article: where it dominates and no armed actor is named, violent words are
// metaphors ("the Stallions ambushed the Eagles").
// kSeparate: the sentence tells another incident than the ones before it ("In a separate
// attack", "Par ailleurs"); with scope before, the cue must open the sentence (start within
// `window` bytes of it).
// kSuperseded: a figure the story itself replaces ("police initially said five had died", "an
// earlier version of this article said 60"); the counts before the cue's end in its
// sentence are no toll.
enum class CueKind : std::uint8_t {
  kNegated,
  kPlanned,
  kBackground,
  kHabitual,
  kGeneric,
  kHearsay,
  kFoiled,
  kOffTopic,
  kSeparate,
  kSuperseded
};
inline constexpr std::size_t kCueKindCount = 10;
enum class CueScope : std::uint8_t { kBefore, kAfter, kAround, kSentence, kSelf };

enum class CountKind : std::uint8_t { kKilled, kInjured, kAbducted, kDisplaced };
inline constexpr std::size_t kCountKindCount = 4;

struct RuleDef {
  std::string id;
  EventType type = EventType::kBattle;
  std::string subtype;
  std::string lang = "any";
  int priority = 50;
  std::vector<Phrase> trigger;
  std::vector<Phrase> context;
  std::vector<Phrase> before;
  std::vector<Phrase> after;
  std::vector<Phrase> exclude;
  std::uint32_t window = 0;
  std::vector<EventType> suppress;
  std::uint32_t suppress_back = 0;   // also suppress in this many preceding sentences
  std::uint32_t suppress_ahead = 0;  // ... and in this many following ones
  bool dependent = false;
  bool standalone = false;
  EventStatus default_status = EventStatus::kOccurred;
  SourceLocation where;
};

struct CueDef {
  CueKind kind = CueKind::kNegated;
  CueScope scope = CueScope::kSentence;
  std::uint32_t window = 0;
  std::vector<Phrase> items;
  SourceLocation where;
};

struct CountDef {
  CountKind kind = CountKind::kKilled;
  std::vector<Phrase> items;
};

struct RuleBook {
  std::vector<RuleDef> rules;
  std::vector<CueDef> cues;
  std::vector<CountDef> counts;
  std::vector<std::string> count_fillers;  // single normalised words
  std::string sha256_input;                // concatenated file bytes, in load order
};

// Parses and validates; every problem is appended as "FILE:LINE: message". Lists are
// resolved across all files. Regular expressions are checked by compiling them, through
// `cache` when given (the matcher then reuses those databases).
RuleBook ParseRuleFiles(const std::vector<std::filesystem::path>& files, std::vector<std::string>& problems,
                        DatabaseCache* cache = nullptr);

// *.yaml and *.yml in a directory, sorted by name.
std::vector<std::filesystem::path> RuleFilesIn(const std::filesystem::path& dir);

// Hyperscan expression for a phrase: word-bounded, literal text escaped.
std::string PhraseExpression(const Phrase& phrase);

// The finite set of strings a simple regular expression (groups, |, ?, character classes)
// stands for, when it has at most `limit` of them; nullopt for anything richer (+, *, .).
// Literal sets compile and scan much faster than the regex.
inline constexpr std::size_t kMaxLiteralExpansion = 4096;
std::optional<std::vector<std::string>> ExpandToLiterals(std::string_view pattern, std::size_t limit);

// The top-level alternatives of a regular expression ("a|b(c|d)" → "a", "b(c|d)"), after
// unwrapping one group around the whole of it ("(a|b)" → "a", "b"). One element when it
// has no top-level "|".
std::vector<std::string_view> SplitAlternatives(std::string_view pattern);

// The top-level alternatives of `pattern` (as SplitAlternatives gives them), each one that
// has optional groups ExpandToLiterals cannot expand ("( \\([a-z -]+\\))?") written as the
// variants without and with each (at most `limit` variants; an alternative that would
// have more stays as it is). The same strings match: "a(b+)?c" is "ac|a(b+)c". Variants
// without such groups may expand to literals, which the matcher finds far more cheaply.
std::vector<std::string> WithoutOptionalGroups(std::string_view pattern, std::size_t limit);

// Hyperscan expression matching `text` literally (no word boundaries).
std::string LiteralExpression(std::string_view text);

}  // namespace sahelwatch::classify
