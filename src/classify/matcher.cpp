#include "classify/matcher.h"

#include <hs/hs.h>

#include <algorithm>
#include <array>
#include <bitset>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>

#include "classify/database_cache.h"
#endif

namespace sahelwatch::classify {
namespace {

// Word bytes as \b sees the normalised text: ASCII letters (already lowercase) and digits.
constexpr std::array<bool, 256> kWordByte = [] {
  std::array<bool, 256> table{};
  for (int c = 'a'; c <= 'z'; ++c) table[static_cast<std::size_t>(c)] = true;
  for (int c = '0'; c <= '9'; ++c) table[static_cast<std::size_t>(c)] = true;
  return table;
}();

bool IsWordByte(char c) { return kWordByte[static_cast<unsigned char>(c)]; }

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The text of a LiteralExpression; nullopt for anything else (left to Hyperscan).
std::optional<std::string> DecodeLiteral(std::string_view expression) {
  std::string text;
  for (std::size_t i = 0; i < expression.size(); ++i) {
    const char c = expression[i];
    if (c != '\\') {
      if (!IsWordByte(c) && c != ' ') return std::nullopt;
      text += c;
      continue;
    }
    if (i + 3 >= expression.size() || expression[i + 1] != 'x') return std::nullopt;
    const int high = HexDigit(expression[i + 2]);
    const int low = HexDigit(expression[i + 3]);
    if (high < 0 || low < 0) return std::nullopt;
    text += static_cast<char>(high * 16 + low);
    i += 3;
  }
  return text;
}

// A short byte string's hash and its first eight bytes (zero padded), eight bytes at a
// time: hashing a word as a whole beats mixing in every byte as the scan walks it, and
// the first eight bytes settle equality for most words. Bytes up to `readable` may be loaded.
struct KeyPrint {
  std::uint64_t hash = 0;
  std::uint64_t head = 0;
};
constexpr std::uint64_t kPrintSeed = 0x9E3779B97F4A7C15ULL;
constexpr std::uint64_t kPrintMultiplier = 0xFF51AFD7ED558CCDULL;

[[gnu::noinline]] KeyPrint PrintOfAnyLength(const char* data, std::size_t length, const char* readable) {
  KeyPrint print;
  std::uint64_t hash = kPrintSeed ^ length;
  for (bool first = true;; first = false) {
    std::uint64_t chunk = 0;
    if (data + 8 <= readable) {
      std::memcpy(&chunk, data, 8);
      if (length < 8) chunk &= (std::uint64_t{1} << (length * 8)) - 1;
    } else {
      for (std::size_t k = 0; k < length && k < 8; ++k) {
        chunk |= std::uint64_t{static_cast<unsigned char>(data[k])} << (k * 8);
      }
    }
    if (first) print.head = chunk;
    hash = (hash ^ chunk) * kPrintMultiplier;
    hash ^= hash >> 32;
    if (length <= 8) break;
    data += 8;
    length -= 8;
  }
  print.hash = hash;
  return print;
}

// Inline for nearly every word of a text, 1 to 16 bytes: one or two loads, no loop (the
// same value the loop gives).
[[gnu::always_inline]] inline KeyPrint PrintOf(const char* data, std::size_t length, const char* readable) {
  if (length - 1 >= 16 || data + 16 > readable) return PrintOfAnyLength(data, length, readable);
  KeyPrint print;
  std::memcpy(&print.head, data, 8);
  if (length < 8) print.head &= ~std::uint64_t{0} >> (64 - length * 8);
  std::uint64_t hash = ((kPrintSeed ^ length) ^ print.head) * kPrintMultiplier;
  hash ^= hash >> 32;
  if (length > 8) {
    std::uint64_t rest = 0;
    std::memcpy(&rest, data + 8, 8);
    rest &= ~std::uint64_t{0} >> (64 - (length - 8) * 8);
    hash = (hash ^ rest) * kPrintMultiplier;
    hash ^= hash >> 32;
  }
  print.hash = hash;
  return print;
}

// The print of a two-word key (a first word, then the gap and the second word) from the
// first word's print and the rest's: the scan has the first word's print already, and
// the rest is usually short, so a key of two words costs one short print more.
[[gnu::always_inline]] inline KeyPrint TwoWordPrint(const KeyPrint& first, std::size_t first_length, const char* rest,
                                                    std::size_t rest_length, const char* readable) {
  const KeyPrint second = PrintOf(rest, rest_length, readable);
  KeyPrint print;
  // The key's first eight bytes: the first word's, then the rest's.
  print.head = first_length >= 8 ? first.head : first.head | second.head << (first_length * 8);
  const std::uint64_t hash = (first.hash ^ (second.hash + kPrintSeed)) * kPrintMultiplier;
  print.hash = hash ^ (hash >> 32);
  return print;
}

// One of 64 bits for a word by its first byte and length. A head word's slot keeps the
// bits of the words its phrases continue with; a word of the text whose bit is not among
// them continues none, and the scan skips the two-word print and the second probe (most
// heads, "the", "of", "in", continue into a phrase only now and then).
inline std::uint64_t NextWordBit(char first_byte, std::size_t length) {
  const std::uint64_t mixed =
      (static_cast<unsigned char>(first_byte) * 0x9E3779B97F4A7C15ULL) ^ (length * 0xC2B2AE3D27D4EB4FULL);
  return std::uint64_t{1} << (mixed >> 58);
}

// Bit k set when text[block + k] is a word byte (SSE2 where there is SSE2); bits past
// the text's end are clear.
std::uint64_t WordMask(std::string_view text, std::size_t block) {
  std::uint64_t mask = 0;
  const std::size_t end = std::min(block + 64, text.size());
#if defined(__SSE2__)
  if (end == block + 64) {
    for (std::size_t part = 0; part < 4; ++part) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + block + part * 16));
      // Signed compares: bytes >= 0x80 are negative, so never in either range.
      const __m128i letter =
          _mm_and_si128(_mm_cmpgt_epi8(bytes, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(bytes, _mm_set1_epi8('z' + 1)));
      const __m128i digit =
          _mm_and_si128(_mm_cmpgt_epi8(bytes, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(bytes, _mm_set1_epi8('9' + 1)));
      const auto part_mask = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_or_si128(letter, digit)));
      mask |= std::uint64_t{part_mask} << (part * 16);
    }
    return mask;
  }
#endif
  for (std::size_t at = block; at < end; ++at) {
    if (IsWordByte(text[at])) mask |= std::uint64_t{1} << (at - block);
  }
  return mask;
}

// Every run of word bytes, in order, into words[0, count), count returned: the starts and
// ends of runs are the bits where the word mask changes, 64 bytes at a time, instead of a
// test and a branch per byte. `words` is only a buffer: it grows to the most words a text
// of this size can hold and never shrinks, so the loop stores without capacity checks.
std::size_t FindWords(std::string_view text, std::vector<WordSpan>& words) {
  if (words.size() < text.size() / 2 + 1) words.resize(text.size() / 2 + 1);
  WordSpan* next = words.data();
  std::uint64_t carry = 0;  // the last bit of the previous block
  std::uint32_t open = 0;
  for (std::size_t block = 0; block < text.size(); block += 64) {
    const std::uint64_t mask = WordMask(text, block);
    const std::uint64_t shifted = (mask << 1) | carry;
    carry = mask >> 63;
    std::uint64_t starts = mask & ~shifted;
    std::uint64_t ends = ~mask & shifted;  // one past a word's last byte
    // Starts and ends alternate; a word open from the previous block ends first.
    if (shifted & 1) {
      if (ends == 0) continue;  // still open: the whole block is inside the word
      *next++ = WordSpan{open, static_cast<std::uint32_t>(block + static_cast<std::size_t>(__builtin_ctzll(ends)))};
      ends &= ends - 1;
    }
    while (starts != 0) {
      open = static_cast<std::uint32_t>(block + static_cast<std::size_t>(__builtin_ctzll(starts)));
      starts &= starts - 1;
      if (ends == 0) break;  // the word runs into the next block
      *next++ = WordSpan{open, static_cast<std::uint32_t>(block + static_cast<std::size_t>(__builtin_ctzll(ends)))};
      ends &= ends - 1;
    }
  }
  if (carry != 0) *next++ = WordSpan{open, static_cast<std::uint32_t>(text.size())};
  return static_cast<std::size_t>(next - words.data());
}

// The bytes a match of `expression` can contain: every byte a literal or a character class
// in it stands for. nullopt when it can match bytes that are not spelled out (".", negated
// classes, escapes other than \b and \xNN): then any byte may occur. Operators and
// quantifiers are no bytes of a match; over-approximating is always safe.
std::optional<std::bitset<256>> BytesOfMatches(std::string_view expression) {
  std::bitset<256> bytes;
  const auto add = [&](char c) { bytes.set(static_cast<unsigned char>(c)); };
  // The byte of a \xNN escape at `at` (the backslash), if it is one.
  const auto hex_escape = [&](std::size_t at) -> std::optional<char> {
    if (at + 3 >= expression.size() || expression[at + 1] != 'x') return std::nullopt;
    const int high = HexDigit(expression[at + 2]);
    const int low = HexDigit(expression[at + 3]);
    if (high < 0 || low < 0) return std::nullopt;
    return static_cast<char>(high * 16 + low);
  };
  for (std::size_t i = 0; i < expression.size(); ++i) {
    const char c = expression[i];
    switch (c) {
      case '\\': {
        if (i + 1 < expression.size() && (expression[i + 1] == 'b' || expression[i + 1] == 'B')) {
          ++i;
          break;
        }
        const auto byte = hex_escape(i);
        if (!byte) return std::nullopt;
        add(*byte);
        i += 3;
        break;
      }
      case '(':
        if (i + 1 < expression.size() && expression[i + 1] == '?') {
          if (i + 2 >= expression.size() || expression[i + 2] != ':') return std::nullopt;
          i += 2;
        }
        break;
      case ')':
      case '|':
      case '?':
      case '*':
      case '+':
      case '^':
      case '$':
        break;
      case '{': {
        const auto close = expression.find('}', i);
        if (close == std::string_view::npos) return std::nullopt;
        i = close;
        break;
      }
      case '.':
        return std::nullopt;
      case '[': {
        std::size_t k = i + 1;
        if (k >= expression.size() || expression[k] == '^' || expression[k] == ']') return std::nullopt;
        for (; k < expression.size() && expression[k] != ']'; ++k) {
          char from = expression[k];
          if (from == '\\') {
            const auto byte = hex_escape(k);
            if (!byte) return std::nullopt;
            from = *byte;
            k += 3;
          } else if (from == '[') {
            return std::nullopt;  // [:alpha:] and the like
          }
          if (k + 2 < expression.size() && expression[k + 1] == '-' && expression[k + 2] != ']') {
            const char to = expression[k + 2];
            if (to == '\\' || static_cast<unsigned char>(to) < static_cast<unsigned char>(from)) return std::nullopt;
            for (int b = static_cast<unsigned char>(from); b <= static_cast<unsigned char>(to); ++b) {
              bytes.set(static_cast<std::size_t>(b));
            }
            k += 2;
          } else {
            add(from);
          }
        }
        if (k >= expression.size()) return std::nullopt;
        i = k;
        break;
      }
      default:
        add(c);
        break;
    }
  }
  return bytes;
}

}  // namespace

// Word-bounded literals that start with a word byte. A match starts where a word of the
// text starts, and that word is exactly the literal's first word (its leading run of word
// bytes): the literal's next byte, if any, is a non-word byte the text must repeat, and a
// literal of one word must end where the text's word ends. By the same argument, a
// literal that has a second word matches only where the text, from its first word through
// the end of the next word, spells exactly that much of the literal. So two hash tables:
// literals of one word (perhaps with trailing punctuation) under their first word, longer
// ones under their first two words; each word of the text costs one probe, two when
// phrases start with it.
class Matcher::WordLiterals {
 public:
  // Takes pattern `id` when it is such a literal; false leaves it to the caller.
  bool Add(std::uint32_t id, const MatcherPattern& pattern) {
    if (pattern.literal_length == 0 || !pattern.word_bounded) return false;
    auto text = DecodeLiteral(pattern.expression);
    if (!text || text->size() != pattern.literal_length || !IsWordByte(text->front())) return false;
    const std::size_t first_end = WordEnd(*text, 0);
    const std::size_t second_begin = GapEnd(*text, first_end);
    const std::size_t key = second_begin < text->size() ? WordEnd(*text, second_begin) : first_end;
    if (key > UINT8_MAX) return false;  // Slot::key_length; such a key is no word anyway
    if (key > first_end) {
      heads_of_two_words_.push_back(Pending{text->substr(0, first_end), first_end, kHeadOnly,
                                            NextWordBit((*text)[second_begin], key - second_begin)});
    }
    (key > first_end ? two_words_ : one_word_).push_back(Pending{std::move(*text), key, id});
    return true;
  }

  // Builds the lookup tables once every literal is added.
  void Finish() {
    // First words of longer phrases get a slot of their own in the first table (perhaps
    // without candidates), flagged so the scan knows to probe the second.
    for (auto& head : heads_of_two_words_) one_word_.push_back(std::move(head));
    heads_of_two_words_ = {};
    BuildTable(one_word_, first_, false);
    BuildTable(two_words_, second_, true);
    one_word_ = {};
    two_words_ = {};
  }

  // Appends the matches in order of begin, then end, then pattern. Returns the text's
  // words, in `words` (a buffer, see FindWords).
  std::span<const WordSpan> Scan(std::string_view text, std::vector<Match>& out, std::vector<WordSpan>& words) const {
    const std::size_t word_count = FindWords(text, words);
    const char* data = text.data();
    const std::size_t size = text.size();
    // In a local: Emit grows `out`, and the compiler cannot tell that `words` stays put.
    const WordSpan* spans = words.data();
    for (std::size_t w = 0; w < word_count; ++w) {
      const std::size_t begin = spans[w].begin;
      const std::size_t end = spans[w].end;
      const KeyPrint print = PrintOf(data + begin, end - begin, data + size);
      const Slot* slot = first_.Find(print, data + begin, end - begin, pool_);
      if (slot == nullptr) continue;
      if (slot->count != 0) Emit(*slot, data, size, begin, end, out);
      if (!slot->continues || w + 1 == word_count) continue;
      const std::size_t second_begin = spans[w + 1].begin;
      const std::size_t second_end = spans[w + 1].end;
      if ((first_.NextWords(*slot) & NextWordBit(data[second_begin], second_end - second_begin)) == 0) continue;
      // Through the gap and the next word.
      const KeyPrint longer_print = TwoWordPrint(print, end - begin, data + end, second_end - end, data + size);
      const Slot* longer = second_.Find(longer_print, data + begin, second_end - begin, pool_);
      if (longer != nullptr && longer->count != 0) Emit(*longer, data, size, begin, second_end, out);
    }
    return std::span<const WordSpan>(words.data(), word_count);
  }

 private:
  static constexpr std::uint32_t kHeadOnly = 0xFFFFFFFFu;

  struct Pending {
    std::string text;
    std::size_t key;  // length of the key prefix
    std::uint32_t id;
    std::uint64_t next_word_bit = 0;  // kHeadOnly: the NextWordBit of the phrase's second word
  };

  // Small (24 bytes), so more of the table stays in cache.
  struct Slot {
    std::uint64_t head = 0;        // the key's first eight bytes, zero padded
    std::uint32_t hash = 0;        // low half of the key's hash
    std::uint32_t key_offset = 0;  // into pool_
    std::uint32_t first = 0;       // into candidates_
    std::uint16_t count = 0;
    std::uint8_t key_length = 0;  // 0: empty slot
    bool continues = false;       // longer phrases start with this word
  };

  // Open addressing, linear probing; keys verified byte by byte. A bit per hash value
  // (in a filter that stays in the first-level cache) turns most words that start no
  // literal away before they touch the table.
  struct Table {
    static constexpr std::size_t kFilterBits = 1 << 16;
    std::vector<Slot> slots;
    std::size_t mask = 0;
    // In the table itself, not behind a pointer: one load less for every word of a text.
    std::array<std::uint64_t, kFilterBits / 64> filter{};
    // Per slot, for heads of longer phrases: the NextWordBits of their second words. Apart
    // from the slots, which stay small; read only for the few words that are heads.
    std::vector<std::uint64_t> next_words;

    std::uint64_t NextWords(const Slot& slot) const {
      return next_words[static_cast<std::size_t>(&slot - slots.data())];
    }

    static std::size_t FilterBit(std::uint64_t hash) { return static_cast<std::size_t>(hash >> 48); }
    void Mark(std::uint64_t hash) { filter[FilterBit(hash) / 64] |= std::uint64_t{1} << (FilterBit(hash) % 64); }

    // The slot of `key` (of `length` bytes, whose print is `print`), if any. BuildTable
    // gives every table slots, so there is always one to look at.
    const Slot* Find(const KeyPrint& print, const char* key, std::size_t length, const std::string& pool) const {
      const std::size_t bit = FilterBit(print.hash);
      if ((filter[bit / 64] >> (bit % 64) & 1) == 0) return nullptr;
      const auto hash = static_cast<std::uint32_t>(print.hash);
      for (std::size_t at = print.hash & mask;; at = (at + 1) & mask) {
        const Slot& slot = slots[at];
        if (slot.key_length == 0) return nullptr;
        if (slot.hash == hash && slot.key_length == length && slot.head == print.head &&
            (length <= 8 || SameBytes(pool.data() + slot.key_offset + 8, key + 8, length - 8))) {
          return &slot;
        }
      }
    }
  };

  struct Candidate {
    std::uint32_t pattern = 0;
    std::uint32_t length = 0;
    std::uint32_t rest_offset = 0;  // into pool_: the literal after its key
    std::uint32_t rest_length = 0;
    std::uint64_t rest_prefix = 0;  // the rest's first (up to) 8 bytes, as loaded from memory
    std::uint64_t rest_mask = 0;    // the bytes of rest_prefix that count
    bool bounded_end = false;       // the literal ends in a word byte: so must the text's word
  };

  static std::size_t WordEnd(std::string_view text, std::size_t at) {
    while (at < text.size() && IsWordByte(text[at])) ++at;
    return at;
  }
  static std::size_t GapEnd(std::string_view text, std::size_t at) {
    while (at < text.size() && !IsWordByte(text[at])) ++at;
    return at;
  }
  static bool SameBytes(const char* a, const char* b, std::size_t length) {
    for (std::size_t i = 0; i < length; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }
  static std::string_view KeyOf(const Pending& literal) {
    return std::string_view(literal.text).substr(0, literal.key);
  }

  std::uint32_t Store(std::string_view bytes) {
    const auto offset = static_cast<std::uint32_t>(pool_.size());
    pool_ += bytes;
    return offset;
  }

  // `two_words`: the keys are first words and what follows up to the end of the second
  // word, printed as TwoWordPrint.
  void BuildTable(std::vector<Pending>& literals, Table& table, bool two_words) {
    // Per key: head-only markers last, candidates by length, then id, so one word's
    // matches come out sorted.
    std::sort(literals.begin(), literals.end(), [](const Pending& a, const Pending& b) {
      if (KeyOf(a) != KeyOf(b)) return KeyOf(a) < KeyOf(b);
      if (a.text.size() != b.text.size()) return a.text.size() < b.text.size();
      return a.id < b.id;
    });
    std::size_t keys = 0;
    for (std::size_t i = 0; i < literals.size(); ++i) {
      if (i == 0 || KeyOf(literals[i]) != KeyOf(literals[i - 1])) ++keys;
    }
    std::size_t capacity = 16;
    while (capacity < keys * 2) capacity *= 2;
    table.slots.assign(capacity, Slot{});
    table.next_words.assign(capacity, 0);
    table.mask = capacity - 1;
    for (std::size_t i = 0; i < literals.size();) {
      const std::string_view key = KeyOf(literals[i]);
      Slot slot;
      const char* key_end = key.data() + key.size();
      KeyPrint print = PrintOf(key.data(), key.size(), key_end);
      if (two_words) {
        const std::size_t first_length = WordEnd(key, 0);
        print = TwoWordPrint(PrintOf(key.data(), first_length, key_end), first_length, key.data() + first_length,
                             key.size() - first_length, key_end);
      }
      slot.hash = static_cast<std::uint32_t>(print.hash);
      slot.head = print.head;
      slot.key_offset = Store(key);
      slot.key_length = static_cast<std::uint8_t>(key.size());
      table.Mark(print.hash);
      slot.first = static_cast<std::uint32_t>(candidates_.size());
      std::uint64_t next_words = 0;
      for (; i < literals.size() && KeyOf(literals[i]) == key; ++i) {
        const Pending& literal = literals[i];
        if (literal.id == kHeadOnly) {
          slot.continues = true;
          next_words |= literal.next_word_bit;
          continue;
        }
        // The key is already compared; only the rest of the literal is left, its first
        // bytes packed for a quick test before any byte-wise comparison.
        const std::string_view rest = std::string_view(literal.text).substr(literal.key);
        Candidate candidate;
        candidate.pattern = literal.id;
        candidate.length = static_cast<std::uint32_t>(literal.text.size());
        candidate.rest_offset = Store(rest);
        candidate.rest_length = static_cast<std::uint32_t>(rest.size());
        const std::size_t packed = std::min<std::size_t>(rest.size(), 8);
        std::memcpy(&candidate.rest_prefix, rest.data(), packed);
        candidate.rest_mask = packed == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (packed * 8)) - 1;
        candidate.bounded_end = IsWordByte(literal.text.back());
        candidates_.push_back(candidate);
      }
      if (candidates_.size() - slot.first > UINT16_MAX)
        throw std::runtime_error("too many phrases start with '" + std::string(key) + "'");
      slot.count = static_cast<std::uint16_t>(candidates_.size() - slot.first);
      std::size_t at = print.hash & table.mask;
      while (table.slots[at].key_length != 0) at = (at + 1) & table.mask;
      table.slots[at] = slot;
      table.next_words[at] = next_words;
    }
  }

  // The candidates of `slot` (it has some) that match at `begin`, whose key the text spells
  // up to `key_end`.
  void Emit(const Slot& slot, const char* data, std::size_t size, std::size_t begin, std::size_t key_end,
            std::vector<Match>& out) const {
    std::uint64_t next = 0;  // the bytes after the key, zero past the end
    std::memcpy(&next, data + key_end, std::min<std::size_t>(size - key_end, 8));
    const std::size_t left = size - begin;
    const Candidate* candidate = candidates_.data() + slot.first;
    const Candidate* last = candidate + slot.count;
    for (; candidate != last && candidate->length <= left; ++candidate) {
      if ((next & candidate->rest_mask) != candidate->rest_prefix) continue;
      if (candidate->rest_length > 8 &&
          !SameBytes(data + key_end + 8, pool_.data() + candidate->rest_offset + 8, candidate->rest_length - 8)) {
        continue;
      }
      const std::size_t end = begin + candidate->length;
      if (candidate->bounded_end && end < size && IsWordByte(data[end])) continue;
      out.push_back(Match{candidate->pattern, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)});
    }
  }

  std::vector<Pending> one_word_;
  std::vector<Pending> two_words_;
  std::vector<Pending> heads_of_two_words_;  // kHeadOnly entries, for the first table
  Table first_;
  Table second_;
  std::vector<Candidate> candidates_;
  std::string pool_;
};

// Everything else, in one Hyperscan database (block mode). Start-of-match tracking
// (HS_FLAG_SOM_LEFTMOST) made that scan ten times slower, so the database reports ends
// only; a regex's start is found afterwards, for each of its (few) matches, by the same
// regex with start tracking over a window just wide enough to hold the match.
class Matcher::RegexSet {
 public:
  RegexSet(const std::vector<MatcherPattern>& all, const std::vector<std::uint32_t>& ids, DatabaseCache& cache)
      : ids_(ids) {
    std::vector<const char*> expressions;
    std::vector<unsigned int> flags;
    std::vector<unsigned int> local_ids;
    for (std::size_t local = 0; local < ids.size(); ++local) {
      const MatcherPattern& pattern = all[ids[local]];
      expressions.push_back(pattern.expression.c_str());
      flags.push_back(HS_FLAG_DOTALL);
      local_ids.push_back(static_cast<unsigned int>(local));
      literal_length_.push_back(pattern.literal_length);
      word_bounded_.push_back(pattern.word_bounded);
    }
    database_ = Compile(cache, expressions, flags, local_ids);
    hs_scratch_t* scratch = nullptr;
    if (hs_alloc_scratch(database_.get(), &scratch) != HS_SUCCESS)
      throw std::runtime_error("cannot allocate Hyperscan scratch");
    prototype_.reset(scratch);
    starts_.resize(ids.size());
    for (std::size_t local = 0; local < ids.size(); ++local) {
      if (literal_length_[local] > 0) continue;  // a literal's start is its end minus its length
      const unsigned int flag = kSingleRegexFlags;
      StartFinder& finder = starts_[local];
      finder.database = Compile(cache, {expressions[local]}, {flag}, {0});
      hs_expr_info_t* info = nullptr;
      hs_compile_error_t* error = nullptr;
      if (hs_expression_info(expressions[local], flag, &info, &error) == HS_SUCCESS && info != nullptr) {
        finder.max_width = info->max_width;
      }
      std::free(info);
      hs_free_compile_error(error);
      finder.bytes = BytesOfMatches(expressions[local]);
      // One scratch serves every database it was grown for.
      hs_scratch_t* grown = prototype_.release();
      const hs_error_t status = hs_alloc_scratch(finder.database.get(), &grown);
      prototype_.reset(grown);
      if (status != HS_SUCCESS) throw std::runtime_error("cannot allocate Hyperscan scratch");
    }
  }

  // Appends the matches, unordered.
  void Scan(std::string_view text, std::vector<Match>& out) const {
    ScratchPtr scratch = AcquireScratch();
    const std::size_t first = out.size();
    ScanContext context{&out, this, text};
    hs_scan(database_.get(), text.data(), static_cast<unsigned int>(text.size()), 0, scratch.get(), OnMatch, &context);
    ResolveStarts(out, first, text, scratch.get());
    ReleaseScratch(std::move(scratch));
  }

 private:
  static constexpr std::uint32_t kStartUnknown = 0xFFFFFFFFu;

  struct ScratchDeleter {
    void operator()(hs_scratch_t* scratch) const { hs_free_scratch(scratch); }
  };
  using ScratchPtr = std::unique_ptr<hs_scratch_t, ScratchDeleter>;

  struct StartFinder {
    DatabasePtr database;               // the regex alone, with leftmost start tracking
    unsigned int max_width = UINT_MAX;  // UINT_MAX: unbounded
    // The bytes a match can hold (nullopt: any): a match never reaches back past a byte
    // outside them, which bounds the window of an unbounded regex ("katiba [a-z]+") to
    // its sentence or clause instead of the text before it.
    std::optional<std::bitset<256>> bytes;
  };

  struct ScanContext {
    std::vector<Match>* out;
    const RegexSet* set;
    std::string_view text;
  };

  static DatabasePtr Compile(DatabaseCache& cache, const std::vector<const char*>& expressions,
                             const std::vector<unsigned int>& flags, const std::vector<unsigned int>& ids) {
    try {
      return cache.Compile(expressions, flags, ids);
    } catch (const DatabaseCompileError& error) {
      std::string message = "pattern compile failed";
      if (error.expression() >= 0) {
        message += std::string(" for '") + expressions[static_cast<std::size_t>(error.expression())] + "'";
      }
      throw std::runtime_error(message + ": " + error.what());
    }
  }

  static int OnMatch(unsigned int local, unsigned long long /*from*/, unsigned long long to, unsigned int /*flags*/,
                     void* context_pointer) {
    auto& context = *static_cast<ScanContext*>(context_pointer);
    const RegexSet& set = *context.set;
    const std::uint32_t length = set.literal_length_[local];
    const auto end = static_cast<std::uint32_t>(to);
    const auto begin = length > 0 ? end - length : kStartUnknown;
    if (set.word_bounded_[local]) {
      const std::string_view text = context.text;
      if (begin > 0 && IsWordByte(text[begin - 1]) && IsWordByte(text[begin])) return 0;
      if (end < text.size() && IsWordByte(text[end]) && IsWordByte(text[end - 1])) return 0;
    }
    context.out->push_back(Match{local, begin, end});  // local id until Scan maps it
    return 0;
  }

  // \w as Hyperscan's \b sees it.
  static bool IsRegexWordByte(char c) { return IsWordByte(c) || (c >= 'A' && c <= 'Z') || c == '_'; }

  // The leftmost start of each regex match in out[first..], by the regex alone with start
  // tracking, once per regex over a window holding all its matches. The window reaches
  // back at least the regex's widest match (or to the nearest byte no match can hold)
  // before each, further to a non-word byte (so
  // \b reads the window's first byte as in the whole text), and one byte past the last
  // end (so a final \b sees the byte after the match).
  void ResolveStarts(std::vector<Match>& out, std::size_t first, std::string_view text, hs_scratch_t* scratch) const {
    thread_local std::vector<std::size_t> pending;
    thread_local std::vector<std::pair<unsigned long long, unsigned long long>> found;  // (to, leftmost from)
    pending.clear();
    for (std::size_t i = first; i < out.size(); ++i) {
      if (out[i].begin == kStartUnknown) pending.push_back(i);
    }
    std::sort(pending.begin(), pending.end(), [&](std::size_t a, std::size_t b) {
      return out[a].pattern != out[b].pattern ? out[a].pattern < out[b].pattern : out[a].end < out[b].end;
    });
    for (std::size_t group = 0; group < pending.size();) {
      const std::uint32_t local = out[pending[group]].pattern;
      std::size_t group_end = group;
      while (group_end < pending.size() && out[pending[group_end]].pattern == local) ++group_end;
      const StartFinder& finder = starts_[local];
      // Ends ascend within the group: the first match reaches back furthest.
      const std::uint32_t first_end = out[pending[group]].end;
      std::size_t window_begin = 0;
      if (finder.max_width != UINT_MAX && first_end > finder.max_width) window_begin = first_end - finder.max_width;
      if (finder.bytes) {
        std::size_t reach = first_end;
        while (reach > window_begin && finder.bytes->test(static_cast<unsigned char>(text[reach - 1]))) --reach;
        window_begin = reach;
      }
      while (window_begin > 0 && IsRegexWordByte(text[window_begin - 1])) --window_begin;
      const std::size_t window_end =
          std::min<std::size_t>(out[pending[group_end - 1]].end + std::size_t{1}, text.size());
      found.clear();
      hs_scan(
          finder.database.get(), text.data() + window_begin, static_cast<unsigned int>(window_end - window_begin), 0,
          scratch,
          [](unsigned int, unsigned long long from, unsigned long long to, unsigned int, void* context) {
            static_cast<std::vector<std::pair<unsigned long long, unsigned long long>>*>(context)->emplace_back(to,
                                                                                                                from);
            return 0;
          },
          &found);
      for (std::size_t k = group; k < group_end; ++k) {
        Match& match = out[pending[k]];
        unsigned long long start = ULLONG_MAX;
        for (const auto& [to, from] : found) {
          if (to == match.end - window_begin) start = std::min(start, from);
        }
        // Always found: the window holds every start a match ending there can have.
        match.begin = start == ULLONG_MAX ? match.end : static_cast<std::uint32_t>(window_begin + start);
      }
      group = group_end;
    }
  }

  // Scratch space is per concurrent caller; a pool keeps the clones.
  ScratchPtr AcquireScratch() const {
    {
      const std::lock_guard lock(pool_mutex_);
      if (!pool_.empty()) {
        ScratchPtr scratch = std::move(pool_.back());
        pool_.pop_back();
        return scratch;
      }
    }
    hs_scratch_t* clone = nullptr;
    if (hs_clone_scratch(prototype_.get(), &clone) != HS_SUCCESS) throw std::bad_alloc();
    return ScratchPtr(clone);
  }
  void ReleaseScratch(ScratchPtr scratch) const {
    const std::lock_guard lock(pool_mutex_);
    pool_.push_back(std::move(scratch));
  }

 public:
  std::uint32_t PatternOf(std::uint32_t local) const { return ids_[local]; }

 private:
  std::vector<std::uint32_t> ids_;  // local id → pattern id
  DatabasePtr database_;
  ScratchPtr prototype_;
  std::vector<std::uint32_t> literal_length_;
  std::vector<bool> word_bounded_;
  std::vector<StartFinder> starts_;
  mutable std::mutex pool_mutex_;
  mutable std::vector<ScratchPtr> pool_;
};

Matcher::Matcher(const std::vector<MatcherPattern>& patterns, DatabaseCache* cache)
    : literals_(std::make_unique<WordLiterals>()), reported_as_(patterns.size(), kNoRegex) {
  std::vector<std::uint32_t> rest;
  for (std::uint32_t id = 0; id < patterns.size(); ++id) {
    if (!literals_->Add(id, patterns[id])) rest.push_back(id);
    if (const auto regex = patterns[id].alternative_of) {
      if (*regex >= patterns.size()) throw std::runtime_error("alternative of an unknown pattern");
      reported_as_[id] = *regex;
      reported_as_[*regex] = *regex;
      has_alternatives_ = true;
    }
  }
  literals_->Finish();
  if (!rest.empty()) {
    DatabaseCache memory_only;
    regexes_ = std::make_unique<RegexSet>(patterns, rest, cache != nullptr ? *cache : memory_only);
  }
}

Matcher::~Matcher() = default;

namespace {

bool ByPosition(const Match& a, const Match& b) {
  if (a.begin != b.begin) return a.begin < b.begin;
  if (a.end != b.end) return a.end < b.end;
  return a.pattern < b.pattern;
}

// Merges `extra` (sorted by position) into `out` (sorted by position), from the back.
void MergeSorted(std::vector<Match>& out, const std::vector<Match>& extra) {
  std::size_t kept = out.size();
  std::size_t added = extra.size();
  out.resize(kept + added);
  for (std::size_t write = out.size(); added > 0;) {
    if (kept > 0 && ByPosition(extra[added - 1], out[kept - 1])) {
      out[--write] = out[--kept];
    } else {
      out[--write] = extra[--added];
    }
  }
}

}  // namespace

void Matcher::Scan(std::string_view text, std::vector<Match>& out) const {
  thread_local std::vector<WordSpan> word_buffer;
  Scan(text, out, word_buffer);
}

std::span<const WordSpan> Matcher::Scan(std::string_view text, std::vector<Match>& out,
                                        std::vector<WordSpan>& word_buffer) const {
  out.clear();
  if (text.empty()) return {};
  const std::span<const WordSpan> words = literals_->Scan(text, out, word_buffer);
  if (regexes_) {
    // Regex matches are few: sort them apart, then merge them into `out`.
    thread_local std::vector<Match> regex_matches;
    regex_matches.clear();
    regexes_->Scan(text, regex_matches);
    if (!regex_matches.empty()) {
      for (auto& match : regex_matches) match.pattern = regexes_->PatternOf(match.pattern);
      std::sort(regex_matches.begin(), regex_matches.end(), ByPosition);
      MergeSorted(out, regex_matches);
    }
  }
  if (has_alternatives_) MergeAlternatives(text, out);
  return words;
}

// The matches of regexes matched in parts, as the regex's own: relabelled, and one per
// end, the leftmost. Few matches are such parts: they are taken out, settled, merged back.
void Matcher::MergeAlternatives(std::string_view text, std::vector<Match>& out) const {
  thread_local std::vector<Match> parts;
  parts.clear();
  std::size_t kept = 0;
  for (const Match& match : out) {
    const std::uint32_t regex = reported_as_[match.pattern];
    if (regex == kNoRegex) {
      out[kept++] = match;
      continue;
    }
    // An alternative starts and ends with a word byte; Hyperscan's \b also counts '_'
    // (the only other byte of [A-Za-z0-9_] normalised text has) as a word byte.
    const bool underscore_beside =
        (match.begin > 0 && text[match.begin - 1] == '_') || (match.end < text.size() && text[match.end] == '_');
    if (match.pattern != regex && underscore_beside) continue;
    parts.push_back(Match{regex, match.begin, match.end});
  }
  out.resize(kept);
  if (parts.empty()) return;
  std::sort(parts.begin(), parts.end(), [](const Match& a, const Match& b) {
    if (a.pattern != b.pattern) return a.pattern < b.pattern;
    if (a.end != b.end) return a.end < b.end;
    return a.begin < b.begin;
  });
  parts.erase(std::unique(parts.begin(), parts.end(),
                          [](const Match& a, const Match& b) { return a.pattern == b.pattern && a.end == b.end; }),
              parts.end());
  std::sort(parts.begin(), parts.end(), ByPosition);
  MergeSorted(out, parts);
}

}  // namespace sahelwatch::classify
