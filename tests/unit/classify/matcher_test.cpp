// The matcher finds what one Hyperscan database of \b-bounded literals and regexes finds:
// every occurrence of every pattern, sorted by begin, end, pattern.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "classify/matcher.h"
#include "classify/rules.h"

namespace sahelwatch::classify {
namespace {

bool IsWord(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

MatcherPattern Literal(const std::string& text) {
  return MatcherPattern{LiteralExpression(text), static_cast<std::uint32_t>(text.size()), true};
}

// Brute force: every occurrence of each literal whose ends sit on word boundaries.
std::vector<Match> Reference(const std::vector<std::string>& literals, const std::string& text) {
  std::vector<Match> out;
  for (std::uint32_t id = 0; id < literals.size(); ++id) {
    const std::string& literal = literals[id];
    for (auto at = text.find(literal); at != std::string::npos; at = text.find(literal, at + 1)) {
      const std::size_t end = at + literal.size();
      if (at > 0 && IsWord(text[at - 1]) && IsWord(text[at])) continue;
      if (end < text.size() && IsWord(text[end]) && IsWord(text[end - 1])) continue;
      out.push_back(Match{id, static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(end)});
    }
  }
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end != b.end ? a.end < b.end : a.pattern < b.pattern;
  });
  return out;
}

std::string Show(const std::vector<Match>& matches) {
  std::string shown;
  for (const auto& m : matches) {
    shown += std::to_string(m.pattern) + "@" + std::to_string(m.begin) + "-" + std::to_string(m.end) + " ";
  }
  return shown;
}

const std::vector<std::string> kLiterals = {"shot",
                                            "shot dead",
                                            "shot dead by",
                                            "dead",
                                            "self-defence",
                                            "self-defence groups",
                                            "l'armee",
                                            "l'",
                                            "u.s.",
                                            "s",
                                            "a",
                                            "a group",
                                            "group of",
                                            "no.",
                                            "2",
                                            "12 soldiers",
                                            "ont ete tues",
                                            "ete",
                                            "tues",
                                            "men",
                                            "armed men",
                                            "d'",
                                            "d'hommes armes",
                                            "-led",
                                            "al-qaeda"};

TEST(Matcher, LiteralsMatchLikeWordBoundedSearch) {
  std::vector<MatcherPattern> patterns;
  for (const auto& literal : kLiterals) patterns.push_back(Literal(literal));
  const Matcher matcher(patterns);
  const std::vector<std::string> texts = {
      "",
      "shot dead by armed men. self-defence groups and l'armee.",
      "u.s. forces; no. 2 said 12 soldiers ont ete tues, a group of d'hommes armes",
      "mshot shotdead shot  dead shot-dead unshot armedmen armed men, al-qaeda-led",
      "s s s a a group group of l'l'armee d'd'hommes armes 2 22 2.",
      "self-defence",
      "dead",
  };
  std::vector<Match> got;
  for (const auto& text : texts) {
    matcher.Scan(text, got);
    EXPECT_EQ(Show(got), Show(Reference(kLiterals, text))) << "text: " << text;
  }
}

TEST(Matcher, RandomTextsAgreeWithBruteForce) {
  std::vector<MatcherPattern> patterns;
  for (const auto& literal : kLiterals) patterns.push_back(Literal(literal));
  const Matcher matcher(patterns);
  // Text built from pieces of the literals and separators, so matches and near misses abound.
  const std::vector<std::string> pieces = {
      "shot", "dead",   "by",    "self", "-",  "defence", "groups",   "l'",  "armee", "u",    ".",   "s",
      "a",    "group",  "of",    "no",   "2",  "12",      "soldiers", "ont", "ete",   "tues", "men", "armed",
      "d'",   "hommes", "armes", "led",  "al", "qaeda",   " ",        " ",   " ",     ",",    "x",   "\xC3\xA9"};
  std::mt19937 random(7);
  std::vector<Match> got;
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 30);
    for (int i = 0; i < length; ++i) text += pieces[random() % pieces.size()];
    matcher.Scan(text, got);
    ASSERT_EQ(Show(got), Show(Reference(kLiterals, text))) << "text: " << text;
  }
}

TEST(Matcher, RegexesMergeInOrderWithLiterals) {
  std::vector<MatcherPattern> patterns = {Literal("armed men"), Literal("men")};
  Phrase regex;
  regex.pattern = "(armed|masked) (men|gunmen)";
  regex.is_regex = true;
  patterns.push_back(MatcherPattern{PhraseExpression(regex), 0, false});
  const Matcher matcher(patterns);
  std::vector<Match> got;
  matcher.Scan("masked men and armed men", got);
  EXPECT_EQ(Show(got), "2@0-10 1@7-10 0@15-24 2@15-24 1@21-24 ");
}

Phrase RegexPhrase(const std::string& pattern) {
  Phrase phrase;
  phrase.pattern = pattern;
  phrase.is_regex = true;
  return phrase;
}

// Regex starts are found after the scan: the leftmost start of each match, also for
// unbounded repeats, and \b judged against the whole text, not the search window.
TEST(Matcher, RegexStartsAreLeftmost) {
  const std::vector<MatcherPattern> patterns = {
      MatcherPattern{PhraseExpression(RegexPhrase("(forced|drove)( [a-z0-9,]+){1,6} to flee")), 0, false},
      MatcherPattern{PhraseExpression(RegexPhrase("katiba [a-z]+")), 0, false},
      MatcherPattern{PhraseExpression(RegexPhrase("(one|[0-9]+) (were )?(wounded|injured)")), 0, false}};
  const Matcher matcher(patterns);
  std::vector<Match> got;
  matcher.Scan("they drove drove them to flee", got);
  EXPECT_EQ(Show(got), "0@5-29 ");
  matcher.Scan("la katiba macina et la katiba serma", got);
  EXPECT_EQ(Show(got), "1@3-16 1@23-35 ");
  // Inside "x12" no \b precedes a digit: the first figure is no match at all.
  matcher.Scan("x12 injured, 12 were injured", got);
  EXPECT_EQ(Show(got), "2@13-28 ");
}

TEST(Matcher, ConcurrentScansAgree) {
  std::vector<MatcherPattern> patterns;
  for (const auto& literal : kLiterals) patterns.push_back(Literal(literal));
  Phrase regex;
  regex.pattern = "katiba [a-z]+";
  regex.is_regex = true;
  patterns.push_back(MatcherPattern{PhraseExpression(regex), 0, false});
  const Matcher matcher(patterns);
  const std::string text = "la katiba macina: 12 soldiers shot dead by armed men, self-defence groups fled";
  std::vector<Match> expected;
  matcher.Scan(text, expected);
  ASSERT_FALSE(expected.empty());
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      std::vector<Match> got;
      for (int i = 0; i < 500; ++i) {
        matcher.Scan(text, got);
        if (Show(got) != Show(expected)) ++mismatches;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace sahelwatch::classify

namespace sahelwatch::classify {
namespace {

TEST(SplitAlternatives, TopLevelOnly) {
  EXPECT_EQ(SplitAlternatives("(a|b c|d(e|f)?)"), (std::vector<std::string_view>{"a", "b c", "d(e|f)?"}));
  EXPECT_EQ(SplitAlternatives("(?:a|[|]x)"), (std::vector<std::string_view>{"a", "[|]x"}));
  EXPECT_EQ(SplitAlternatives("(a)|(b)"), (std::vector<std::string_view>{"(a)", "(b)"}));
  EXPECT_EQ(SplitAlternatives("(a|b)?"), (std::vector<std::string_view>{"(a|b)?"}));
  EXPECT_EQ(SplitAlternatives("x [a-z]+ y"), (std::vector<std::string_view>{"x [a-z]+ y"}));
}

// A regex matched as its rest plus literal alternatives reports what the whole regex does:
// the same pattern id, one match per end with the leftmost start, \b as Hyperscan has it
// ('_' a word byte).
TEST(Matcher, RegexSplitIntoLiteralAlternativesMatchesTheWholeRegex) {
  const std::string whole = "(jnim|katiba [a-z]+|group of [a-z]+|of the|the group|al qaeda|qaeda)";
  const std::vector<std::string> literal_alternatives = {"jnim", "of the", "the group", "al qaeda", "qaeda"};
  const Matcher reference({MatcherPattern{PhraseExpression(RegexPhrase(whole))}});
  std::vector<MatcherPattern> parts = {MatcherPattern{PhraseExpression(RegexPhrase("katiba [a-z]+|group of [a-z]+"))}};
  for (const auto& literal : literal_alternatives) {
    parts.push_back(MatcherPattern{LiteralExpression(literal), static_cast<std::uint32_t>(literal.size()), true, 0});
  }
  const Matcher split(parts);
  const std::vector<std::string> pieces = {"jnim", "katiba", "group", "of", "the", "al", "qaeda", "macina",
                                           " ",    " ",      " ",     "_",  ",",   "x",  "."};
  std::mt19937 random(11);
  std::vector<Match> expected;
  std::vector<Match> got;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 24);
    for (int i = 0; i < length; ++i) text += pieces[random() % pieces.size()];
    reference.Scan(text, expected);
    split.Scan(text, got);
    ASSERT_EQ(Show(got), Show(expected)) << "text: " << text;
  }
}

}  // namespace
}  // namespace sahelwatch::classify
