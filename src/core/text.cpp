#include "core/text.h"

#include <array>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace sahelwatch {
namespace {

// ASCII-folded base letter of U+00C0..U+00FF (0 = not a letter: × and ÷).
using namespace std::string_view_literals;

constexpr std::string_view kLatin1Fold =
    "aaaaaaaceeeeiiiidnooooo\0ouuuuyts"     // U+00C0..U+00DF (Æ, Þ, ß handled below)
    "aaaaaaaceeeeiiiidnooooo\0ouuuuyty"sv;  // U+00E0..U+00FF
static_assert(kLatin1Fold.size() == 64);

// ASCII-folded base letter of U+0100..U+017F (Latin Extended-A); Œ/œ handled below.
constexpr std::string_view kLatinExtendedAFold =
    "aaaaaa"
    "cccccccc"
    "dddd"
    "eeeeeeeeee"
    "gggggggg"
    "hhhh"
    "iiiiiiiiii"
    "ii"
    "jj"
    "kkk"
    "llllllllll"
    "nnnnnnnnn"
    "oooooo"
    "oo"
    "rrrrrr"
    "ssssssss"
    "tttttt"
    "uuuuuuuuuuuu"
    "ww"
    "yyy"
    "zzzzzz"
    "s";
static_assert(kLatinExtendedAFold.size() == 128);

// Decodes one UTF-8 sequence at `i`; returns its length, or 0 when invalid.
std::size_t DecodeAt(std::string_view s, std::size_t i, std::uint32_t& code_point) {
  const auto lead = static_cast<unsigned char>(s[i]);
  std::size_t length = 0;
  std::uint32_t min = 0;
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  }
  if ((lead & 0xE0u) == 0xC0u) {
    length = 2;
    min = 0x80;
    code_point = lead & 0x1Fu;
  } else if ((lead & 0xF0u) == 0xE0u) {
    length = 3;
    min = 0x800;
    code_point = lead & 0x0Fu;
  } else if ((lead & 0xF8u) == 0xF0u) {
    length = 4;
    min = 0x10000;
    code_point = lead & 0x07u;
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(s[i + k]);
    if ((next & 0xC0u) != 0x80u) return 0;
    code_point = (code_point << 6) | (next & 0x3Fu);
  }
  if (code_point < min || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return 0;
  }
  return length;
}

// The ASCII replacement of a non-ASCII code point, or empty to keep its bytes as they are.
std::string_view Fold(std::uint32_t cp) {
  switch (cp) {
    case 0x00C6:
    case 0x00E6:
      return "ae";
    case 0x00DE:
    case 0x00FE:
      return "th";
    case 0x00DF:
      return "ss";
    case 0x0152:
    case 0x0153:
      return "oe";
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x02BC:
    case 0x00B4:
    case 0x0060:
      return "'";
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x00AB:
    case 0x00BB:
    case 0x2033:
      return "\"";
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
      return "-";
    case 0x00A0:
    case 0x2007:
    case 0x2009:
    case 0x200A:
    case 0x202F:
    case 0x2002:
    case 0x2003:
    case 0x3000:
      return " ";
    case 0x2026:
      return ".";
    default:
      break;
  }
  return {};
}

// What an ASCII byte becomes: lowercase letters, control whitespace and NUL as a space,
// the backtick as an apostrophe.
constexpr std::array<char, 128> kAsciiFold = [] {
  std::array<char, 128> table{};
  for (int c = 0; c < 128; ++c) table[static_cast<std::size_t>(c)] = static_cast<char>(c);
  for (int c = 'A'; c <= 'Z'; ++c) table[static_cast<std::size_t>(c)] = static_cast<char>(c - 'A' + 'a');
  for (const char c : {'\t', '\r', '\f', '\v', '\0'}) table[static_cast<std::size_t>(c)] = ' ';
  table['`'] = '\'';
  return table;
}();

#if defined(__SSE2__)
// Lowercases the leading bytes of 16 that need nothing else (ASCII, no control byte but
// newline, no backtick, no space after a space; `last` is the byte written before them)
// into `text`, numbering their origins from `at`, and returns how many they are (16 when
// all are). All 16 output slots may be written: the caller's buffers have room for them.
std::size_t CopyPlainPrefix(const unsigned char* bytes, std::size_t at, char last, char* text, std::uint32_t* origin) {
  const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes));
  const auto non_ascii = static_cast<unsigned>(_mm_movemask_epi8(block));
  // Signed compares: bytes >= 0x80 are negative, so control; they are special anyway.
  const __m128i control =
      _mm_andnot_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('\n')), _mm_cmplt_epi8(block, _mm_set1_epi8(' ')));
  const __m128i backtick = _mm_cmpeq_epi8(block, _mm_set1_epi8('`'));
  const auto spaces = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8(' '))));
  const unsigned special = non_ascii | static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(control, backtick))) |
                           (spaces & ((spaces << 1) | (last == ' ' ? 1u : 0u)));
  const std::size_t plain = special == 0 ? 16 : static_cast<std::size_t>(__builtin_ctz(special));
  if (plain == 0) return 0;
  const __m128i upper =
      _mm_and_si128(_mm_cmpgt_epi8(block, _mm_set1_epi8('A' - 1)), _mm_cmplt_epi8(block, _mm_set1_epi8('Z' + 1)));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(text), _mm_or_si128(block, _mm_and_si128(upper, _mm_set1_epi8(0x20))));
  __m128i offsets = _mm_add_epi32(_mm_set1_epi32(static_cast<int>(at)), _mm_setr_epi32(0, 1, 2, 3));
  for (int quarter = 0; quarter < 4; ++quarter) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(origin + quarter * 4), offsets);
    offsets = _mm_add_epi32(offsets, _mm_set1_epi32(4));
  }
  return plain;
}
#endif

#if defined(__x86_64__)
// CopyPlainPrefix for 32 bytes with AVX2, on CPUs that have it (the build targets any
// x86-64, so it is chosen at run time): half the instructions per byte.
[[gnu::target("avx2")]] std::size_t CopyPlainPrefix32(const unsigned char* bytes, std::size_t at, char last, char* text,
                                                      std::uint32_t* origin) {
  const __m256i block = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(bytes));
  const auto non_ascii = static_cast<std::uint32_t>(_mm256_movemask_epi8(block));
  // Signed compares, as in CopyPlainPrefix (AVX2 has only "greater than").
  const __m256i control = _mm256_andnot_si256(_mm256_cmpeq_epi8(block, _mm256_set1_epi8('\n')),
                                              _mm256_cmpgt_epi8(_mm256_set1_epi8(' '), block));
  const __m256i backtick = _mm256_cmpeq_epi8(block, _mm256_set1_epi8('`'));
  const auto spaces = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(block, _mm256_set1_epi8(' '))));
  const std::uint32_t special = non_ascii |
                                static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_or_si256(control, backtick))) |
                                (spaces & ((spaces << 1) | (last == ' ' ? 1u : 0u)));
  const std::size_t plain = special == 0 ? 32 : static_cast<std::size_t>(__builtin_ctz(special));
  if (plain == 0) return 0;
  const __m256i upper = _mm256_and_si256(_mm256_cmpgt_epi8(block, _mm256_set1_epi8('A' - 1)),
                                         _mm256_cmpgt_epi8(_mm256_set1_epi8('Z' + 1), block));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(text),
                      _mm256_or_si256(block, _mm256_and_si256(upper, _mm256_set1_epi8(0x20))));
  __m256i offsets =
      _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(at)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  for (int eighth = 0; eighth < 4; ++eighth) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(origin + eighth * 8), offsets);
    offsets = _mm256_add_epi32(offsets, _mm256_set1_epi32(8));
  }
  return plain;
}

const bool kHasAvx2 = __builtin_cpu_supports("avx2");
#endif

// The plain prefix of the block at bytes[at] (see CopyPlainPrefix), copied: 32 bytes with
// AVX2, else 16 with SSE2, where that many are left; 0 where none or no block fits.
std::size_t CopyPlainBlock([[maybe_unused]] const unsigned char* bytes, [[maybe_unused]] std::size_t at,
                           [[maybe_unused]] std::size_t size, [[maybe_unused]] char last, [[maybe_unused]] char* text,
                           [[maybe_unused]] std::uint32_t* origin) {
#if defined(__x86_64__)
  if (kHasAvx2 && at + 32 <= size) return CopyPlainPrefix32(bytes + at, at, last, text, origin);
#endif
#if defined(__SSE2__)
  if (at + 16 <= size) return CopyPlainPrefix(bytes + at, at, last, text, origin);
#endif
  return 0;
}

}  // namespace

// Writes through raw pointers into buffers sized for the worst case (the output is never
// longer than the input: every fold replaces a sequence of at least as many bytes), then
// trims. ASCII, nearly all of any article, costs one table lookup per byte.
void NormalizeInto(std::string_view original, NormalizedText& out) {
  out.text.resize(original.size());
  out.origin.resize(original.size() + 1);
  char* text = out.text.data();
  std::uint32_t* origin = out.origin.data();
  const auto* bytes = reinterpret_cast<const unsigned char*>(original.data());
  const std::size_t original_size = original.size();
  std::size_t size = 0;
  // The last byte written; runs of horizontal space collapse to one, so a rule phrase
  // "shot dead" has one fixed spelling (the dropped bytes only ever trail a kept space).
  char last = 0;
  const auto emit = [&](char c, std::size_t at) {
    text[size] = c;
    origin[size] = static_cast<std::uint32_t>(at);
    ++size;
    last = c;
  };
  std::size_t i = 0;
  // Sixteen or 32 bytes at a time up to the first that needs more than lowercasing; that
  // character (and the tail) byte by byte, then a block at a time again.
  while (i < original_size) {
    // Never more bytes out than in, so the output has room for a whole block.
    if (const std::size_t plain = CopyPlainBlock(bytes, i, original_size, last, text + size, origin + size);
        plain > 0) {
      size += plain;
      i += plain;
      last = text[size - 1];
      continue;
    }
    const unsigned char byte = bytes[i];
    if (byte < 0x80) {
      const char c = kAsciiFold[byte];
      ++i;
      if (c == ' ' && last == ' ') continue;  // rare, so a well-predicted branch
      emit(c, i - 1);
      continue;
    }
    std::uint32_t cp = 0;
    const std::size_t length = DecodeAt(original, i, cp);
    if (length == 0) {
      emit(' ', i);
      ++i;
      continue;
    }
    char base = 0;
    if (cp >= 0xC0 && cp <= 0xFF) {
      base = kLatin1Fold[cp - 0xC0];
    } else if (cp >= 0x100 && cp <= 0x17F) {
      base = kLatinExtendedAFold[cp - 0x100];
    }
    const std::string_view folded = Fold(cp);
    if (folded == " ") {
      if (last != ' ') emit(' ', i);
    } else if (!folded.empty()) {
      for (const char c : folded) emit(c, i);
    } else if (base != 0) {
      emit(base, i);
    } else {
      for (std::size_t k = 0; k < length; ++k) emit(original[i + k], i);
    }
    i += length;
  }
  origin[size] = static_cast<std::uint32_t>(original_size);
  out.text.resize(size);
  out.origin.resize(size + 1);
}

NormalizedText Normalize(std::string_view original) {
  NormalizedText out;
  NormalizeInto(original, out);
  return out;
}

std::string NormalizeKey(std::string_view original) { return Normalize(original).text; }

bool IsUppercaseAt(std::string_view original, std::size_t offset) {
  if (offset >= original.size()) return false;
  const auto byte = static_cast<unsigned char>(original[offset]);
  if (byte < 0x80) return byte >= 'A' && byte <= 'Z';
  std::uint32_t cp = 0;
  if (DecodeAt(original, offset, cp) == 0) return false;
  if (cp >= 0xC0 && cp <= 0xDE) return cp != 0xD7;
  if (cp >= 0x100 && cp <= 0x17F) return cp % 2 == 0;  // mostly paired upper/lower
  return false;
}

}  // namespace sahelwatch
