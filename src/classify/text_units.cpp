#include "classify/text_units.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdio>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "classify/word_set.h"
#include "core/text.h"

namespace sahelwatch::classify {
namespace {

// What a byte of normalised text is to the tokenizer.
enum ByteClass : std::uint8_t { kOther, kWord, kClausePunct, kHyphen };
constexpr std::array<ByteClass, 256> kByteClass = [] {
  std::array<ByteClass, 256> table{};
  for (int c = 'a'; c <= 'z'; ++c) table[static_cast<std::size_t>(c)] = kWord;
  for (int c = '0'; c <= '9'; ++c) table[static_cast<std::size_t>(c)] = kWord;
  for (int c = 0x80; c < 0x100; ++c) table[static_cast<std::size_t>(c)] = kWord;
  for (const char c : {',', ';', ':', '(', ')', '"', '.'}) table[static_cast<unsigned char>(c)] = kClausePunct;
  table['-'] = kHyphen;
  return table;
}();

bool IsWordByte(char c) { return kByteClass[static_cast<unsigned char>(c)] == kWord; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Bytes that may end a sentence.
constexpr std::array<bool, 256> kSentenceByte = [] {
  std::array<bool, 256> table{};
  for (const char c : {'\n', '.', '!', '?'}) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

// The first byte at or after `at` that may end a sentence; the size when none does. Most
// bytes end nothing: SSE2 skips them sixteen at a time.
std::uint32_t NextSentenceByte(std::string_view text, std::uint32_t at) {
  const auto size = static_cast<std::uint32_t>(text.size());
#if defined(__SSE2__)
  for (; at + 16 <= size; at += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
    const __m128i hits = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(block, _mm_set1_epi8('.'))),
        _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('!')), _mm_cmpeq_epi8(block, _mm_set1_epi8('?'))));
    const int mask = _mm_movemask_epi8(hits);
    if (mask != 0) return at + static_cast<std::uint32_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  while (at < size && !kSentenceByte[static_cast<unsigned char>(text[at])]) ++at;
  return at;
}

// Words whose trailing dot does not end a sentence (normalised, without the dot).
const WordSet kAbbreviations = {"capt", "cpt", "gen", "gal", "col", "lt",  "sgt",  "cpl", "maj", "cdt", "cmdt",
                                "cne",  "adj", "mr",  "mrs", "ms",  "dr",  "prof", "st",  "ste", "mme", "mmes",
                                "mlle", "mgr", "me",  "no",  "nos", "vol", "vs",   "jan", "feb", "apr", "aug",
                                "sept", "oct", "nov", "dec", "inc", "ltd", "jr",   "sr",  "gov", "sen", "pres"};

bool IsAbbreviation(std::string_view word) {
  if (word.size() == 1 && word[0] >= 'a' && word[0] <= 'z') return true;  // initials, "m."
  if (word.size() > 4 || word.empty()) return false;                      // no abbreviation is longer
  return kAbbreviations.Contains(word);
}

struct NumberWord {
  std::string_view word;
  std::uint32_t value;
  enum Kind : std::uint8_t { kUnit, kHundred, kThousand, kMillion, kApproximate } kind;
};

constexpr std::array<NumberWord, 84> kNumberWords = {{
    {"one", 1, NumberWord::kUnit},
    {"two", 2, NumberWord::kUnit},
    {"three", 3, NumberWord::kUnit},
    {"four", 4, NumberWord::kUnit},
    {"five", 5, NumberWord::kUnit},
    {"six", 6, NumberWord::kUnit},
    {"seven", 7, NumberWord::kUnit},
    {"eight", 8, NumberWord::kUnit},
    {"nine", 9, NumberWord::kUnit},
    {"ten", 10, NumberWord::kUnit},
    {"eleven", 11, NumberWord::kUnit},
    {"twelve", 12, NumberWord::kUnit},
    {"thirteen", 13, NumberWord::kUnit},
    {"fourteen", 14, NumberWord::kUnit},
    {"fifteen", 15, NumberWord::kUnit},
    {"sixteen", 16, NumberWord::kUnit},
    {"seventeen", 17, NumberWord::kUnit},
    {"eighteen", 18, NumberWord::kUnit},
    {"nineteen", 19, NumberWord::kUnit},
    {"twenty", 20, NumberWord::kUnit},
    {"thirty", 30, NumberWord::kUnit},
    {"forty", 40, NumberWord::kUnit},
    {"fifty", 50, NumberWord::kUnit},
    {"sixty", 60, NumberWord::kUnit},
    {"seventy", 70, NumberWord::kUnit},
    {"eighty", 80, NumberWord::kUnit},
    {"ninety", 90, NumberWord::kUnit},
    {"hundred", 100, NumberWord::kHundred},
    {"thousand", 1000, NumberWord::kThousand},
    {"million", 1000000, NumberWord::kMillion},
    {"millions", 1000000, NumberWord::kMillion},
    {"dozen", 12, NumberWord::kApproximate},
    {"score", 20, NumberWord::kApproximate},
    {"une", 1, NumberWord::kUnit},
    {"un", 1, NumberWord::kUnit},
    {"deux", 2, NumberWord::kUnit},
    {"trois", 3, NumberWord::kUnit},
    {"quatre", 4, NumberWord::kUnit},
    {"cinq", 5, NumberWord::kUnit},
    {"sept", 7, NumberWord::kUnit},
    {"huit", 8, NumberWord::kUnit},
    {"neuf", 9, NumberWord::kUnit},
    {"dix", 10, NumberWord::kUnit},
    {"onze", 11, NumberWord::kUnit},
    {"douze", 12, NumberWord::kUnit},
    {"treize", 13, NumberWord::kUnit},
    {"quatorze", 14, NumberWord::kUnit},
    {"quinze", 15, NumberWord::kUnit},
    {"seize", 16, NumberWord::kUnit},
    {"vingt", 20, NumberWord::kUnit},
    {"vingts", 20, NumberWord::kUnit},
    {"trente", 30, NumberWord::kUnit},
    {"quarante", 40, NumberWord::kUnit},
    {"cinquante", 50, NumberWord::kUnit},
    {"soixante", 60, NumberWord::kUnit},
    {"cent", 100, NumberWord::kHundred},
    {"cents", 100, NumberWord::kHundred},
    {"mille", 1000, NumberWord::kThousand},
    {"dizaine", 10, NumberWord::kApproximate},
    {"douzaine", 12, NumberWord::kApproximate},
    {"quinzaine", 15, NumberWord::kApproximate},
    {"vingtaine", 20, NumberWord::kApproximate},
    {"trentaine", 30, NumberWord::kApproximate},
    {"quarantaine", 40, NumberWord::kApproximate},
    {"cinquantaine", 50, NumberWord::kApproximate},
    {"soixantaine", 60, NumberWord::kApproximate},
    {"centaine", 100, NumberWord::kApproximate},
    {"millier", 1000, NumberWord::kApproximate},
    {"milliers", 1000, NumberWord::kThousand},
    {"thousands", 1000, NumberWord::kThousand},
    {"hundreds", 100, NumberWord::kHundred},
    {"milliard", 1000000000, NumberWord::kMillion},
    {"billion", 1000000000, NumberWord::kMillion},
    {"zero", 0, NumberWord::kUnit},
    {"aucun", 0, NumberWord::kUnit},
    {"aucune", 0, NumberWord::kUnit},
    {"no", 0, NumberWord::kUnit},
    {"none", 0, NumberWord::kUnit},
    {"nobody", 0, NumberWord::kUnit},
    {"personne", 0, NumberWord::kUnit},
    {"nul", 0, NumberWord::kUnit},
    {"k", 1000, NumberWord::kThousand},
}};

// Number words are looked up for nearly every token: by length and first letter, then
// among the few that share both (the table's words are unique).
const NumberWord* FindNumberWord(std::string_view word) {
  constexpr std::size_t kLongest = 12;
  if (word.empty() || word.size() > kLongest || word[0] < 'a' || word[0] > 'z') return nullptr;
  static const auto buckets = [] {
    std::array<std::array<std::vector<const NumberWord*>, 26>, kLongest + 1> table;
    for (const auto& entry : kNumberWords) {
      if (entry.word.empty()) continue;  // the array's unused tail
      table[entry.word.size()][static_cast<std::size_t>(entry.word[0] - 'a')].push_back(&entry);
    }
    return table;
  }();
  for (const NumberWord* entry : buckets[word.size()][static_cast<std::size_t>(word[0] - 'a')]) {
    if (entry->word == word) return entry;
  }
  return nullptr;
}

// "1,850" → 1850, "1,85" → 1.85, "1.500" → 1500, "2.5" → 2.5.
double ParseDigits(std::string_view digits) {
  double value = 0;
  double fraction_scale = 0;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    const char c = digits[i];
    if (IsDigit(c)) {
      if (fraction_scale > 0) {
        value += (c - '0') * fraction_scale;
        fraction_scale /= 10;
      } else {
        value = value * 10 + (c - '0');
      }
      continue;
    }
    // A separator followed by exactly three digits (then a separator or the end) groups
    // thousands; otherwise it is the decimal mark.
    std::size_t run = 0;
    while (i + 1 + run < digits.size() && IsDigit(digits[i + 1 + run])) ++run;
    const bool thousands = run == 3 && fraction_scale == 0;
    if (!thousands) fraction_scale = 0.1;
  }
  return value;
}

std::uint32_t Saturate(double value) {
  if (!(value >= 0)) return 0;
  if (value >= 4.0e9) return 4000000000U;
  return static_cast<std::uint32_t>(std::llround(std::floor(value + 1e-9)));
}

}  // namespace

void SplitSentences(std::string_view normalized, std::string_view original, const std::vector<std::uint32_t>& origin,
                    std::vector<Span>& out) {
  out.clear();
  const auto size = static_cast<std::uint32_t>(normalized.size());
  std::uint32_t start = 0;
  const auto emit = [&](std::uint32_t begin, std::uint32_t end) {
    while (begin < end && (normalized[begin] == ' ' || normalized[begin] == '\n')) ++begin;
    while (end > begin && (normalized[end - 1] == ' ' || normalized[end - 1] == '\n')) --end;
    if (end > begin) out.push_back(Span{begin, end});
  };
  for (std::uint32_t i = 0; i < size; ++i) {
    i = NextSentenceByte(normalized, i);
    if (i == size) break;
    const char c = normalized[i];
    if (c == '\n') {
      emit(start, i);
      start = i + 1;
      continue;
    }
    if (c != '.' && c != '!' && c != '?') continue;
    // The sentence may end after closing quotes/brackets.
    std::uint32_t after = i + 1;
    while (after < size && (normalized[after] == '"' || normalized[after] == '\'' || normalized[after] == ')' ||
                            normalized[after] == '.')) {
      ++after;
    }
    if (after < size && normalized[after] != ' ' && normalized[after] != '\n') continue;
    if (c == '.') {
      std::uint32_t word_begin = i;
      while (word_begin > start && IsWordByte(normalized[word_begin - 1])) --word_begin;
      if (IsAbbreviation(normalized.substr(word_begin, i - word_begin))) continue;
      std::uint32_t next = after;
      while (next < size && (normalized[next] == ' ' || normalized[next] == '"')) ++next;
      if (next < size && normalized[next] >= 'a' && normalized[next] <= 'z' && !IsUppercaseAt(original, origin[next])) {
        continue;  // "... the U.S. army", "approx. ten"
      }
    }
    emit(start, after);
    start = after;
  }
  emit(start, size);
}

namespace {

// Bit k set when text[at + k] is a word byte, for the bytes before `end`; SSE2 tests
// sixteen at a time where 64 bytes can be read (up to `readable`).
std::uint64_t WordBits(const char* text, std::uint32_t at, std::uint32_t end, std::size_t readable) {
  std::uint64_t bits = 0;
#if defined(__SSE2__)
  if (at + 64 <= readable) {
    for (std::uint32_t part = 0; part < 4; ++part) {
      const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + at + part * 16));
      // Signed: bytes >= 0x80 (UTF-8 that normalisation kept) are negative, and word bytes.
      const __m128i high = _mm_cmplt_epi8(block, _mm_setzero_si128());
      const __m128i letter =
          _mm_and_si128(_mm_cmpgt_epi8(block, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(block, _mm_set1_epi8('z' + 1)));
      const __m128i digit =
          _mm_and_si128(_mm_cmpgt_epi8(block, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(block, _mm_set1_epi8('9' + 1)));
      const auto word = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_or_si128(high, _mm_or_si128(letter, digit))));
      bits |= std::uint64_t{word} << (part * 16);
    }
    return end - at >= 64 ? bits : bits & ((std::uint64_t{1} << (end - at)) - 1);
  }
#endif
  for (std::uint32_t k = 0; at + k < end && k < 64; ++k) {
    if (IsWordByte(text[at + k])) bits |= std::uint64_t{1} << k;
  }
  return bits;
}

// Every run of word bytes in [range.begin, range.end), in order, into `runs` (cleared
// first): the runs' starts and ends are where the word bits change, 64 bytes at a time.
void FindWordRuns(std::string_view text, Span range, std::vector<Span>& runs) {
  runs.clear();
  std::uint64_t carry = 0;  // the previous byte was a word byte
  std::uint32_t open = range.begin;
  for (std::uint32_t block = range.begin; block < range.end; block += 64) {
    const std::uint64_t bits = WordBits(text.data(), block, range.end, text.size());
    const std::uint64_t shifted = (bits << 1) | carry;
    carry = bits >> 63;
    std::uint64_t starts = bits & ~shifted;
    std::uint64_t ends = ~bits & shifted;  // one past a run's last byte
    // Starts and ends alternate; a run open from the previous block ends first.
    if ((shifted & 1) != 0) {
      if (ends == 0) continue;
      runs.push_back(Span{open, block + static_cast<std::uint32_t>(__builtin_ctzll(ends))});
      ends &= ends - 1;
    }
    while (starts != 0) {
      open = block + static_cast<std::uint32_t>(__builtin_ctzll(starts));
      starts &= starts - 1;
      if (ends == 0) break;  // the run goes on into the next block
      runs.push_back(Span{open, block + static_cast<std::uint32_t>(__builtin_ctzll(ends))});
      ends &= ends - 1;
    }
  }
  if (carry != 0) runs.push_back(Span{open, range.end});
}

// True when punctuation in text[from, until) (between two tokens of [range]) breaks the clause.
bool BreaksClause(const char* text, std::uint32_t from, std::uint32_t until, Span range) {
  bool clause_break = false;
  for (std::uint32_t i = from; i < until; ++i) {
    const ByteClass kind = kByteClass[static_cast<unsigned char>(text[i])];
    if (kind == kClausePunct) {
      clause_break = true;
    } else if (kind == kHyphen) {
      // A hyphen inside a word pair ("vingt-cinq") is no clause break.
      const bool joins_words =
          i > range.begin && i + 1 < range.end && IsWordByte(text[i - 1]) && IsWordByte(text[i + 1]);
      if (!joins_words) clause_break = true;
    }
  }
  return clause_break;
}

}  // namespace

void Tokenize(std::string_view normalized, Span range, std::vector<Token>& out) {
  out.clear();
  AppendTokens(normalized, range, out);
}

void AppendTokens(std::string_view normalized, Span range, std::vector<Token>& out) {
  thread_local std::vector<Span> runs;
  FindWordRuns(normalized, range, runs);
  const char* text = normalized.data();
  std::uint32_t gap = range.begin;  // first byte after the last token
  for (std::size_t r = 0; r < runs.size();) {
    const std::uint32_t begin = runs[r].begin;
    // The usual single space between two words needs no look.
    const bool clause_break = !(begin == gap + 1 && text[gap] == ' ') && BreaksClause(text, gap, begin, range);
    std::uint32_t end = runs[r].end;
    // A digit group separator ("1,850", "1.5") stays inside the token.
    for (++r; r < runs.size() && runs[r].begin == end + 1 && (text[end] == ',' || text[end] == '.') &&
              IsDigit(text[end + 1]) && IsDigit(text[end - 1]);
         ++r) {
      end = runs[r].end;
    }
    out.push_back(Token{begin, end, clause_break});
    gap = end;
  }
}

bool IsNumberToken(std::string_view word) {
  if (word.empty()) return false;
  if (IsDigit(word[0])) return true;
  return FindNumberWord(word) != nullptr;
}

std::size_t NumberStart(std::string_view normalized, std::span<const Token> tokens, std::size_t at) {
  const auto word_at = [&](std::size_t k) {
    return normalized.substr(tokens[k].begin, tokens[k].end - tokens[k].begin);
  };
  const auto joined_by_et = [&](std::size_t tens, std::size_t unit) {
    const std::string_view ten = word_at(tens);
    const std::string_view one = word_at(unit);
    return (ten == "vingt" || ten == "trente" || ten == "quarante" || ten == "cinquante" || ten == "soixante") &&
           (one == "un" || one == "une" || one == "onze");
  };
  std::size_t start = at;
  while (start > 0 && !tokens[start].clause_break_before) {
    if (IsNumberToken(word_at(start - 1))) {
      --start;
    } else if (start >= 2 && word_at(start - 1) == "et" && !tokens[start - 1].clause_break_before &&
               joined_by_et(start - 2, start)) {
      start -= 2;
    } else {
      break;
    }
  }
  return start;
}

std::optional<NumberValue> ParseNumberAt(std::string_view normalized, std::span<const Token> tokens, std::size_t index,
                                         bool article_is_one, bool french) {
  if (index >= tokens.size()) return std::nullopt;
  const auto word_at = [&](std::size_t k) {
    return normalized.substr(tokens[k].begin, tokens[k].end - tokens[k].begin);
  };
  const std::string_view first = word_at(index);
  NumberValue result;
  result.first_token = index;

  // "a dozen", "une vingtaine", "un millier": the article plus an approximate noun.
  // In French "a" is "à" or the verb avoir ("à Sévaré et à Mopti"), never an article.
  if (french && (first == "a" || first == "an")) return std::nullopt;
  if (first == "a" || first == "an" || first == "un" || first == "une") {
    if (index + 1 < tokens.size()) {
      const NumberWord* next = FindNumberWord(word_at(index + 1));
      if (next != nullptr &&
          (next->kind == NumberWord::kApproximate ||
           (first == "a" && (next->kind == NumberWord::kHundred || next->kind == NumberWord::kThousand)))) {
        result.value = next->value;
        result.end_token = index + 2;
        return result;
      }
    }
    if (!article_is_one) return std::nullopt;
    // French "a été", "a eu" is the verb avoir, not the article: "l'assaut a été repoussé et dix...".
    if (first == "a" && index + 1 < tokens.size() && (word_at(index + 1) == "ete" || word_at(index + 1) == "eu")) {
      return std::nullopt;
    }
    result.value = 1;
    result.end_token = index + 1;
    return result;
  }

  double total = 0;
  double current = 0;
  bool any = false;
  std::size_t k = index;
  for (; k < tokens.size(); ++k) {
    const std::string_view word = word_at(k);
    if (k > index && tokens[k].clause_break_before) break;
    if (!word.empty() && IsDigit(word[0])) {
      if (any) break;  // "12 15" are two numbers
      if (!std::all_of(word.begin(), word.end(), [](char ch) { return IsDigit(ch) || ch == ',' || ch == '.'; })) {
        break;  // "4km", "2nd"
      }
      current = ParseDigits(word);
      any = true;
      // "70 000", "1 500 000": French (and SI) style groups thousands with a space.
      const bool small_lead = word.size() <= 3 && std::all_of(word.begin(), word.end(), IsDigit);
      while (small_lead && k + 1 < tokens.size() && tokens[k + 1].begin == tokens[k].end + 1 &&
             normalized[tokens[k].end] == ' ' && tokens[k + 1].end - tokens[k + 1].begin == 3 &&
             std::all_of(normalized.begin() + tokens[k + 1].begin, normalized.begin() + tokens[k + 1].end, IsDigit)) {
        current = current * 1000 + ParseDigits(word_at(k + 1));
        ++k;
      }
      continue;
    }
    if (any && k + 1 < tokens.size() && (word == "and" || word == "et")) {
      const NumberWord* next = FindNumberWord(word_at(k + 1));
      if (next != nullptr && next->kind == NumberWord::kUnit && next->value > 0) continue;
      break;
    }
    const NumberWord* entry = FindNumberWord(word);
    if (entry == nullptr) break;
    if (entry->kind == NumberWord::kApproximate) {
      if (!any) break;  // "dizaine" without its article
      break;
    }
    if (entry->value == 0 && entry->kind == NumberWord::kUnit) {
      if (any) break;
      result.value = 0;
      result.end_token = k + 1;
      return result;
    }
    switch (entry->kind) {
      case NumberWord::kUnit:
        if (entry->value == 20 && current > 0 && current < 10 && std::fmod(current, 1.0) == 0) {
          current *= 20;  // "quatre-vingt"
        } else {
          current += entry->value;
        }
        break;
      case NumberWord::kHundred:
        if (!any && word == "hundreds") return std::nullopt;
        current = (current == 0 ? 1 : current) * 100;
        break;
      case NumberWord::kThousand:
        if (!any && (word == "thousands" || word == "milliers" || word == "k")) {
          return std::nullopt;  // "thousands of people": no figure
        }
        total += (current == 0 ? 1 : current) * 1000;
        current = 0;
        break;
      case NumberWord::kMillion:
        total += (current == 0 ? 1 : current) * entry->value;
        current = 0;
        break;
      case NumberWord::kApproximate:
        break;
    }
    any = true;
  }
  if (!any) return std::nullopt;
  result.value = Saturate(total + current);
  result.end_token = k;
  return result;
}

}  // namespace sahelwatch::classify

namespace sahelwatch::classify {
namespace {

struct MonthName {
  std::string_view word;
  unsigned month;
  bool ambiguous;  // also an ordinary word ("may", "march", "mars"): needs a day or year beside it
};

// French tens that take a unit after a hyphen ("dix-sept", "vingt-sept", "quatre-vingt-sept").
const WordSet kTensWords = {"dix", "vingt", "trente", "quarante", "cinquante", "soixante"};

constexpr std::array<MonthName, 33> kMonths = {{
    {"january", 1, false},   {"february", 2, false}, {"march", 3, true},      {"april", 4, false},
    {"may", 5, true},        {"june", 6, false},     {"july", 7, false},      {"august", 8, false},
    {"september", 9, false}, {"october", 10, false}, {"november", 11, false}, {"december", 12, false},
    {"janvier", 1, false},   {"fevrier", 2, false},  {"mars", 3, true},       {"avril", 4, false},
    {"mai", 5, true},        {"juin", 6, false},     {"juillet", 7, false},   {"aout", 8, false},
    {"septembre", 9, false}, {"octobre", 10, false}, {"novembre", 11, false}, {"decembre", 12, false},
    {"jan", 1, true},        {"feb", 2, true},       {"apr", 4, true},        {"jun", 6, true},
    {"jul", 7, true},        {"aug", 8, true},       {"sept", 9, true},       {"oct", 10, true},
    {"nov", 11, true},
}};

std::optional<unsigned> ParseSmall(std::string_view word, unsigned max) {
  if (word.empty() || word.size() > 4) return std::nullopt;
  unsigned value = 0;
  for (const char c : word) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value == 0 || value > max) return std::nullopt;
  return value;
}

std::optional<unsigned> ParseDay(std::string_view word) {
  // "1st", "2nd", "3rd", "12th", "1er"
  std::size_t digits = 0;
  while (digits < word.size() && word[digits] >= '0' && word[digits] <= '9') ++digits;
  if (digits == 0 || digits > 2) return std::nullopt;
  const std::string_view suffix = word.substr(digits);
  if (!suffix.empty() && suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th" && suffix != "er") {
    return std::nullopt;
  }
  return ParseSmall(word.substr(0, digits), 31);
}

}  // namespace

std::int64_t DaysFromCivil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

namespace {

constexpr std::array<std::string_view, 22> kRecentWords = {
    "monday",    "tuesday", "wednesday", "thursday",  "friday",   "saturday", "sunday",   "today",
    "yesterday", "tonight", "lundi",     "mardi",     "mercredi", "jeudi",    "vendredi", "samedi",
    "dimanche",  "hier",    "aujourd",   "overnight", "weekend",  "week-end"};
// Words that count a span of days back ("this week", "over the past ten days", "earlier
// this month"); both DateWords and DatesIn act on them.
constexpr std::array<std::string_view, 9> kSpanWords = {"week",  "semaine", "fortnight", "days",  "jours",
                                                        "month", "mois",    "hours",     "heures"};
// The years DatesIn reads as such.
constexpr unsigned kFirstYear = 1900;
constexpr unsigned kLastYear = 2100;

}  // namespace

std::span<const std::string_view> DateWords() {
  static const std::vector<std::string> years = [] {
    std::vector<std::string> list;
    for (unsigned year = kFirstYear; year <= kLastYear; ++year) list.push_back(std::to_string(year));
    return list;
  }();
  static const std::vector<std::string_view> words = [] {
    std::vector<std::string_view> list(kRecentWords.begin(), kRecentWords.end());
    for (const auto& month : kMonths) list.push_back(month.word);
    list.insert(list.end(), kSpanWords.begin(), kSpanWords.end());
    list.insert(list.end(), years.begin(), years.end());
    return list;
  }();
  return words;
}

// "officials said on Thursday", "a indiqué lundi", "a report published last week": the day
// of the telling, not of the event.
bool DayOfTheTelling(std::string_view normalized, std::span<const Token> tokens, std::size_t k) {
  static constexpr std::array<std::string_view, 25> kTelling = {
      "said",    "says",    "told",       "announced", "reported",   "confirmed", "added",    "stated", "claimed",
      "indique", "declare", "annonce",    "affirme",   "rapporte",   "precise",   "confirme", "appris", "explique",
      "ajoute",  "assure",  "revendique", "statement", "communique", "indiquee",  "published"};
  for (std::size_t back = 1; back <= 3 && back <= k; ++back) {
    const std::string_view word =
        normalized.substr(tokens[k - back].begin, tokens[k - back].end - tokens[k - back].begin);
    if (std::find(kTelling.begin(), kTelling.end(), word) != kTelling.end()) return true;
  }
  return false;
}

namespace {

constexpr std::array<std::string_view, 14> kWeekdays = {"monday",   "tuesday",  "wednesday", "thursday", "friday",
                                                        "saturday", "sunday",   "lundi",     "mardi",    "mercredi",
                                                        "jeudi",    "vendredi", "samedi",    "dimanche"};

// 0 = Monday.
std::int64_t WeekdayOf(std::int64_t days) { return (days % 7 + 7 + 3) % 7; }  // 1970-01-01 was a Thursday

// Whether the date of month word k (its day `day`, its year `year`, given or the
// publication's) is a day after publication that the text means as such: with its year;
// without, within kFutureReachDays and named with its weekday ("samedi 28 mars", "Saturday,
// March 28": the weekday agrees with this year's date, not last year's) or "prochain"/"next".
template <typename WordAt>
bool IsDayToCome(std::span<const Token> tokens, std::size_t k, unsigned day, std::int64_t year, bool has_year,
                 const MonthName& month, std::int64_t published_day, const WordAt& word_at) {
  constexpr std::int64_t kFutureReachDays = 62;
  const std::int64_t date = DaysFromCivil(year, month.month, day);
  if (date <= published_day) return false;
  if (has_year) return true;
  if (date > published_day + kFutureReachDays) return false;
  for (std::size_t next = k + 1; next <= k + 2 && next < tokens.size(); ++next) {
    const std::string_view word = word_at(next);
    if (word == "prochain" || word == "next") return true;
  }
  for (std::size_t back = 1; back <= 2 && back <= k; ++back) {
    const auto it = std::find(kWeekdays.begin(), kWeekdays.end(), word_at(k - back));
    if (it != kWeekdays.end()) return (it - kWeekdays.begin()) % 7 == WeekdayOf(date);
  }
  return false;
}

// "this week", "last week", "over the past fortnight", « la semaine dernière ».
const WordSet kThisOrLast = {"this", "last", "past", "cette", "la"};

// The span word at token k is told as gone by: "three days ago", « il y a trois jours ».
bool ToldAsAgo(std::string_view normalized, std::span<const Token> tokens, std::size_t k) {
  const auto word_at = [&](std::size_t at) {
    return normalized.substr(tokens[at].begin, tokens[at].end - tokens[at].begin);
  };
  const bool ago = k + 1 < tokens.size() && word_at(k + 1) == "ago";
  const bool il_y_a = k >= 3 && word_at(k - 2) == "a" && word_at(k - 3) == "y";
  return ago || il_y_a;
}

// "in recent days", "over the past ten days", « ces derniers jours », « depuis quelques jours »,
// "three days ago", « il y a trois jours », "48 hours ago": days (at most three weeks of them)
// or hours just gone, told around `days`/`hours` at token k.
bool CountsFewDaysBack(std::string_view normalized, std::span<const Token> tokens, std::size_t k) {
  const auto word_at = [&](std::size_t at) {
    return normalized.substr(tokens[at].begin, tokens[at].end - tokens[at].begin);
  };
  static const WordSet kGoneDays = {"recent", "past", "last", "derniers"};
  static const WordSet kFewDays = {"few",    "several", "quelques", "plusieurs", "two",    "three", "four",
                                   "five",   "six",     "seven",    "eight",     "nine",   "ten",   "eleven",
                                   "twelve", "fifteen", "deux",     "trois",     "quatre", "cinq",  "sept",
                                   "huit",   "neuf",    "dix",      "onze",      "douze",  "quinze"};
  static const WordSet kGoneBefore = {"past", "last", "previous", "depuis"};
  // Not "in the next few days", « dans les prochains jours »: those are ahead.
  const std::string_view previous = word_at(k - 1);
  const std::string_view unit = word_at(k);
  const bool hours = unit == "hours" || unit == "heures";
  if (!hours && kGoneDays.Contains(previous)) return true;
  const bool few = kFewDays.Contains(previous) || ParseSmall(previous, hours ? 72 : 21).has_value();
  if (!few) return false;
  return ToldAsAgo(normalized, tokens, k) || (!hours && k >= 2 && kGoneBefore.Contains(word_at(k - 2)));
}

}  // namespace

DateCues DatesIn(std::string_view normalized, std::span<const Token> tokens, std::int64_t published_day) {
  DateCues cues;
  const auto word_at = [&](std::size_t k) {
    return normalized.substr(tokens[k].begin, tokens[k].end - tokens[k].begin);
  };
  // Publication year and month, to resolve dates written without a year.
  std::int64_t published_year = 1970 + published_day / 365;
  while (DaysFromCivil(published_year, 1, 1) > published_day) --published_year;
  while (DaysFromCivil(published_year + 1, 1, 1) <= published_day) ++published_year;

  std::optional<std::int64_t>& oldest = cues.oldest;
  const auto consider = [&](std::int64_t day, std::size_t at) {
    if (!oldest || day < *oldest) {
      oldest = day;
      cues.oldest_at = tokens[at].begin;
    }
  };
  const auto mark_recent = [&](std::size_t at) {
    cues.recent = true;
    if (DayOfTheTelling(normalized, tokens, at)) return;
    if (!cues.recent_event) cues.recent_first = tokens[at].begin;
    cues.recent_event = true;
    cues.recent_last = tokens[at].begin;
  };
  // Every word the loop below acts on; the rest (nearly all) are skipped after one lookup.
  static const WordSet kDateWords = [] {
    std::vector<std::string_view> words(kRecentWords.begin(), kRecentWords.end());
    for (const auto& month : kMonths) words.push_back(month.word);
    words.insert(words.end(), kSpanWords.begin(), kSpanWords.end());
    for (const std::string_view word : {"in", "en", "since", "depuis", "of"}) words.push_back(word);
    return WordSet(words);
  }();
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const std::string_view word = word_at(k);
    if (!kDateWords.Contains(word)) continue;
    // "Friday prayers", "Black Thursday" name no day of this week.
    const bool named_day =
        (k + 1 < tokens.size() &&
         (word_at(k + 1) == "prayers" || word_at(k + 1) == "prayer" || word_at(k + 1) == "sermon")) ||
        (k > 0 && (word_at(k - 1) == "black" || word_at(k - 1) == "bloody" || word_at(k - 1) == "noir" ||
                   word_at(k - 1) == "sanglant" || word_at(k - 1) == "pentecost" || word_at(k - 1) == "easter" ||
                   word_at(k - 1) == "palm" || word_at(k - 1) == "good")) ||
        // « le dimanche de Pâques », « le vendredi saint ».
        (k + 2 < tokens.size() && word_at(k + 1) == "de" &&
         (word_at(k + 2) == "paques" || word_at(k + 2) == "pentecote" || word_at(k + 2) == "rameaux")) ||
        (k + 1 < tokens.size() && word_at(k + 1) == "saint");
    if (!named_day && std::find(kRecentWords.begin(), kRecentWords.end(), word) != kRecentWords.end()) mark_recent(k);
    if ((word == "week" || word == "semaine" || word == "fortnight") && k > 0 && kThisOrLast.Contains(word_at(k - 1))) {
      mark_recent(k);
    }
    // "began a week ago", « il y a une semaine ».
    if ((word == "week" || word == "semaine") && k > 0 &&
        (word_at(k - 1) == "a" || word_at(k - 1) == "one" || word_at(k - 1) == "une") &&
        ToldAsAgo(normalized, tokens, k)) {
      mark_recent(k);
    }
    if ((word == "days" || word == "jours" || word == "hours" || word == "heures") && k > 0 &&
        CountsFewDaysBack(normalized, tokens, k)) {
      mark_recent(k);
    }
    // "earlier this month", « ce mois-ci »; not "last month", which may be weeks back.
    if ((word == "month" && k > 0 && word_at(k - 1) == "this") || (word == "mois" && k > 0 && word_at(k - 1) == "ce")) {
      mark_recent(k);
    }
    const MonthName* month = nullptr;
    for (const auto& candidate : kMonths) {
      if (candidate.word == word) month = &candidate;
    }
    // "dix-sept (17)", "vingt-sept": the end of a number word, not September.
    if (month != nullptr && month->ambiguous && k > 0 && normalized[tokens[k].begin - 1] == '-' &&
        kTensWords.Contains(word_at(k - 1))) {
      month = nullptr;
    }
    if (month != nullptr) {
      std::optional<unsigned> day;
      // "12 March 2024", "March 12, 2024", "March 2024", "le 3 mai".
      if (k > 0) day = ParseDay(word_at(k - 1));
      std::size_t next = k + 1;
      if (!day && next < tokens.size()) {
        day = ParseDay(word_at(next));
        if (day) ++next;
        // "on the night of March 30-31, 2021": the range's second day, then the year.
        if (day && next < tokens.size() && ParseDay(word_at(next)) && normalized[tokens[next].begin - 1] == '-') ++next;
        // "between March 27 and 31, 2022", « du 10 au 14 mars 2024 » reads the same way.
        if (day && next + 1 < tokens.size() &&
            (word_at(next) == "and" || word_at(next) == "to" || word_at(next) == "au" || word_at(next) == "et") &&
            ParseDay(word_at(next + 1))) {
          next += 2;
        }
      }
      const unsigned year = next < tokens.size() ? ParseSmall(word_at(next), kLastYear).value_or(0) : 0;
      const bool has_year = year >= kFirstYear;
      // "may"/"march"/"mars" are dates only with a day, a year, a date preposition or a
      // determiner before an event noun.
      static constexpr std::array<std::string_view, 15> kDatePrepositions = {
          "between", "since",  "in", "from",  "until", "and",   "early", "late",
          "mid",     "depuis", "en", "entre", "fin",   "debut", "last"};
      // "the March attack", "the May 2024 coup": a month naming which event.
      static const WordSet kMonthDeterminers = {"the", "a", "an", "this", "that", "its", "their", "s", "last"};
      static const WordSet kEventNouns = {"attack",   "ambush",    "assault",   "raid",      "massacre",
                                          "killing",  "killings",  "bombing",   "strike",    "strikes",
                                          "coup",     "offensive", "operation", "clash",     "clashes",
                                          "fighting", "incursion", "abduction", "kidnapping"};
      const bool read_as_date = (k > 0 && std::find(kDatePrepositions.begin(), kDatePrepositions.end(),
                                                    word_at(k - 1)) != kDatePrepositions.end()) ||
                                (k > 0 && k + 1 < tokens.size() && kEventNouns.Contains(word_at(k + 1)) &&
                                 kMonthDeterminers.Contains(word_at(k - 1)));
      if (month->ambiguous && !day && !has_year && !read_as_date) continue;
      // "the largest protests since June 2025" compares with June 2025; it does not date them.
      if (k > 0 && (word_at(k - 1) == "since" || word_at(k - 1) == "depuis") &&
          ClosesComparison(normalized, tokens[k - 1].begin)) {
        continue;
      }
      if (day && !cues.future &&
          IsDayToCome(tokens, k, *day, has_year ? static_cast<std::int64_t>(year) : published_year, has_year, *month,
                      published_day, word_at)) {
        cues.future = true;
        cues.future_at = tokens[k].begin;
      }
      // Without a year: the latest such date not after publication. A month alone stands
      // for its 28th: "in April" is at most that old; "early February", « début février »
      // for its 5th and "mid-February" for its 15th (told on 23 February, three weeks old).
      std::int64_t resolved_year = has_year ? static_cast<std::int64_t>(year) : published_year;
      unsigned month_part_day = 28;
      static const WordSet kMonthPartFiller = {"the", "of", "du", "de", "la", "le", "mois", "month", "in", "en"};
      for (std::size_t back = 1; back <= 4 && back <= k; ++back) {
        const std::string_view before = word_at(k - back);
        if (before == "early" || before == "debut" || before == "beginning" || before == "start") {
          month_part_day = 5;
        } else if (before == "mid" || before == "mi" || before == "middle") {
          month_part_day = 15;
        }
        if (month_part_day != 28 || !kMonthPartFiller.Contains(before)) break;
      }
      const unsigned day_of_month = day.value_or(month_part_day);
      std::int64_t date = DaysFromCivil(resolved_year, month->month, day_of_month);
      // "from February", "until March", "by June", "d'ici à mars", "avant la fin du mois de mai":
      // a range or deadline ahead, unless dated.
      // Only words of the deadline itself may stand between ("by the end of March", "avant
      // la fin du mois de mai"): "abducted from Kurmiya village on March 2" is no range.
      static const WordSet kDeadlineFiller = {"the", "end",  "of", "early", "mid", "late", "start", "beginning", "fin",
                                              "du",  "mois", "de", "la",    "le",  "a",    "l",     "debut",     "mi"};
      bool ahead = false;
      for (std::size_t back = 1; !has_year && back <= 5 && back <= k; ++back) {
        const std::string_view before = word_at(k - back);
        ahead |= before == "from" || before == "until" || before == "by" || before == "next" || before == "starting" ||
                 before == "partir" || before == "ici" || before == "avant" || before == "before" || before == "jusqu";
        if (ahead || !kDeadlineFiller.Contains(before)) break;
      }
      if (ahead) continue;
      // "since early February" told on 11 February: this month, up to the day of telling.
      if (!has_year && date > published_day && DaysFromCivil(resolved_year, month->month, 1) <= published_day) {
        date = published_day;
      }
      if (!has_year && date > published_day) date = DaysFromCivil(resolved_year - 1, month->month, day_of_month);
      // "la phase de ratissage qu'elle menait depuis le 10 novembre", "since Nov. 10": what
      // began a few weeks ago and runs on is ongoing, news as much as this week's.
      constexpr std::int64_t kOngoingDays = 31;
      bool runs_since = false;
      // Words that may stand between: "since early November", "since the end of March",
      // « depuis fin mars », « depuis le début du mois de novembre ».
      static const WordSet kSinceFiller = {"le",  "la",     "the",   "early",     "mid",   "late",
                                           "end", "of",     "start", "beginning", "debut", "mi",
                                           "fin", "middle", "du",    "de",        "mois",  "month"};
      for (std::size_t back = 1; back <= 6 && back <= k; ++back) {
        const std::string_view before = word_at(k - back);
        if (before == "since" || before == "depuis") runs_since = true;
        if (runs_since || !(kSinceFiller.Contains(before) || ParseDay(before))) break;
      }
      if (runs_since && date <= published_day && published_day - date <= kOngoingDays) date = published_day;
      consider(date, k);
      continue;
    }
    // "in 2019", "en 2019", "since 2015": a bare year counts as its last day.
    if ((word == "in" || word == "en" || word == "since" || word == "depuis" || word == "of") &&
        k + 1 < tokens.size() &&
        !((word == "since" || word == "depuis") && ClosesComparison(normalized, tokens[k].begin))) {
      if (const auto year = ParseSmall(word_at(k + 1), kLastYear); year && *year >= kFirstYear) {
        consider(DaysFromCivil(*year, 12, 31), k + 1);
      }
    }
  }
  return cues;
}

namespace {

struct CivilDate {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

// Inverse of DaysFromCivil (H. Hinnant's civil_from_days).
CivilDate CivilFromDays(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned shifted_month = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  const unsigned month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  const std::int64_t year = static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0);
  return CivilDate{year, month, day};
}

}  // namespace

std::string IsoDate(std::int64_t days) {
  const CivilDate date = CivilFromDays(days);
  char text[48];
  std::snprintf(text, sizeof text, "%04lld-%02u-%02u", static_cast<long long>(date.year), date.month, date.day);
  return text;
}

int YearOfDays(std::int64_t days) { return static_cast<int>(CivilFromDays(days).year); }

bool IsComparisonWord(std::string_view word) {
  static const WordSet kComparisons = {"deadliest", "worst", "largest",   "biggest", "bloodiest", "heaviest",
                                       "highest",   "first", "most",      "longest", "plus",      "premier",
                                       "premiere",  "pire",  "premieres", "premiers"};
  return kComparisons.Contains(word);
}

bool ClosesComparison(std::string_view normalized, std::size_t since_at) {
  constexpr int kReach = 6;  // words: "the deadliest attack in the area since 2019"
  const auto is_word_byte = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  std::size_t end = since_at;
  for (int words = 0; words < kReach; ++words) {
    // Spaces, apostrophes and hyphens part words; any other mark ends the clause, and a
    // comparison is told in one clause.
    while (end > 0 && (normalized[end - 1] == ' ' || normalized[end - 1] == '\'' || normalized[end - 1] == '-')) --end;
    if (end == 0 || !is_word_byte(normalized[end - 1])) return false;
    std::size_t begin = end;
    while (begin > 0 && is_word_byte(normalized[begin - 1])) --begin;
    if (IsComparisonWord(normalized.substr(begin, end - begin))) return true;
    end = begin;
  }
  return false;
}

bool IsWeekday(std::string_view word) { return std::find(kWeekdays.begin(), kWeekdays.end(), word) != kWeekdays.end(); }

std::span<const std::string_view> DayWords() {
  static const std::vector<std::string_view> words = [] {
    std::vector<std::string_view> list(kWeekdays.begin(), kWeekdays.end());
    for (const auto& month : kMonths) list.push_back(month.word);
    for (const std::string_view word : {"yesterday", "hier", "today", "aujourd"}) list.push_back(word);
    return list;
  }();
  return words;
}

std::optional<std::int64_t> EventDayIn(std::string_view normalized, std::span<const Token> tokens,
                                       std::optional<std::int64_t> published_day) {
  const auto word_at = [&](std::size_t k) {
    return normalized.substr(tokens[k].begin, tokens[k].end - tokens[k].begin);
  };
  const auto told_on = [&](std::size_t k) { return DayOfTheTelling(normalized, tokens, k); };
  // Every word the loop below acts on; the rest (nearly all) are skipped after one lookup,
  // before the look back for a verb of telling.
  static const WordSet kDayWords(DayWords());
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const std::string_view word = word_at(k);
    if (!kDayWords.Contains(word)) continue;
    if (published_day && !told_on(k)) {
      if (word == "yesterday" || word == "hier") return *published_day - 1;
      if (word == "today" || (word == "aujourd" && k + 1 < tokens.size() && word_at(k + 1) == "hui")) {
        return *published_day;
      }
      if (const auto it = std::find(kWeekdays.begin(), kWeekdays.end(), word); it != kWeekdays.end()) {
        // The latest such weekday not after publication: news on Monday about "Sunday".
        const auto weekday = static_cast<std::int64_t>((it - kWeekdays.begin()) % 7);  // 0 = Monday
        const std::int64_t published_weekday = (*published_day + 3) % 7;               // 1970-01-01 was a Thursday
        return *published_day - (published_weekday - weekday + 7) % 7;
      }
    }
    const auto month = std::find_if(kMonths.begin(), kMonths.end(), [&](const MonthName& m) { return m.word == word; });
    if (month == kMonths.end()) continue;
    // "12 March 2024", "March 12, 2024", "le 3 mai": a day is required, a year or a
    // publication date resolves it.
    std::optional<unsigned> day = k > 0 ? ParseDay(word_at(k - 1)) : std::nullopt;
    std::size_t next = k + 1;
    if (!day && next < tokens.size()) {
      day = ParseDay(word_at(next));
      if (day) ++next;
    }
    if (!day) continue;
    const unsigned year = next < tokens.size() ? ParseSmall(word_at(next), 2100).value_or(0) : 0;
    if (year >= 1900) return DaysFromCivil(year, month->month, *day);
    if (!published_day) continue;
    std::int64_t published_year = 1970 + *published_day / 365;
    while (DaysFromCivil(published_year, 1, 1) > *published_day) --published_year;
    while (DaysFromCivil(published_year + 1, 1, 1) <= *published_day) ++published_year;
    std::int64_t date = DaysFromCivil(published_year, month->month, *day);
    if (date > *published_day) date = DaysFromCivil(published_year - 1, month->month, *day);
    return date;
  }
  return std::nullopt;
}

}  // namespace sahelwatch::classify
