// Finds every phrase, place and actor name of the rules in an article in one pass.
//
// Most patterns are word-bounded literals ("shot dead", "self-defence groups", a town's
// name). Those start where a word starts, so they are looked up by that first word in a
// hash table: one probe per word of the text, whatever the number of literals (ten
// thousand literals in one Hyperscan database cost ~60 instructions per byte, mostly
// confirming short literals that end up inside longer words). The rest (real regular
// expressions) go to one small Hyperscan database.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sahelwatch::classify {

class DatabaseCache;

struct MatcherPattern {
  // A constructor, not aggregate initialisation, so the optional last member may be left out.
  MatcherPattern(std::string hyperscan_expression, std::uint32_t length = 0, bool bounded = false,
                 std::optional<std::uint32_t> regex = std::nullopt)
      : expression(std::move(hyperscan_expression)),
        literal_length(length),
        word_bounded(bounded),
        alternative_of(regex) {}

  // Hyperscan syntax. For a literal (literal_length > 0) it is LiteralExpression(text):
  // [a-z0-9 ] as they are, every other byte as \xNN.
  std::string expression;
  std::uint32_t literal_length = 0;  // > 0: a literal of this many bytes (no SOM needed)
  // Word boundaries at the literal's ends, where its first / last byte is a word byte
  // ([a-z0-9]), as \b would give them.
  bool word_bounded = false;
  // Set on a word-bounded literal (first and last byte word bytes) that is one alternative
  // of the regex of pattern `alternative_of`, matched apart because literals are cheap:
  // its matches are reported as that regex's, and of the regex's matches ending at one
  // byte only the leftmost, as Hyperscan reports a regex.
  std::optional<std::uint32_t> alternative_of;
};

struct Match {
  std::uint32_t pattern = 0;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

// A run of word bytes ([a-z0-9] of normalised text), as the scan walks them.
struct WordSpan {
  std::uint32_t begin;
  std::uint32_t end;
};

class Matcher {
 public:
  // Throws std::runtime_error naming the first pattern that does not compile. Databases
  // come from `cache` when given and it holds them (see database_cache.h).
  explicit Matcher(const std::vector<MatcherPattern>& patterns, DatabaseCache* cache = nullptr);
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Thread-safe. Replaces `out` with every match (each occurrence of each pattern),
  // sorted by begin, then end, then pattern.
  void Scan(std::string_view text, std::vector<Match>& out) const;
  // The same, and the text's words (every maximal run of [a-z0-9], in order) for callers
  // that walk them too: they are found once. The span lies in `word_buffer`, which only
  // grows (so reusing it costs no allocation).
  std::span<const WordSpan> Scan(std::string_view text, std::vector<Match>& out,
                                 std::vector<WordSpan>& word_buffer) const;

 private:
  class WordLiterals;
  class RegexSet;
  void MergeAlternatives(std::string_view text, std::vector<Match>& out) const;

  std::unique_ptr<WordLiterals> literals_;
  std::unique_ptr<RegexSet> regexes_;  // null when every pattern is a word-anchored literal
  // Per pattern: the regex it reports as, when it is one of MatcherPattern::alternative_of
  // (the regex itself included); kNoRegex otherwise.
  static constexpr std::uint32_t kNoRegex = 0xFFFFFFFFu;
  std::vector<std::uint32_t> reported_as_;
  bool has_alternatives_ = false;
};

}  // namespace sahelwatch::classify
