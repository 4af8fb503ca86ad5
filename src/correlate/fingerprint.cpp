#include "correlate/fingerprint.h"

#include <algorithm>
#include <limits>
#include <vector>

#include "core/model.h"

namespace sahelwatch::correlate {
namespace {

// Base letter of a Latin-1 supplement character (second byte of a 0xC3 sequence), 0 if none.
char FoldLatin1(unsigned char second) {
  // Index = second - 0x80 (U+00C0 .. U+00FF); upper and lower halves repeat the pattern.
  static constexpr std::string_view kBase = "aaaaaaaceeeeiiiidnooooo ouuuuyts";
  if (second < 0x80 || second > 0xBF) return '\0';
  if (second == 0xBF) return 'y';  // ÿ; its upper-half twin is ß
  const char base = kBase[static_cast<std::size_t>(second & 0x1FU)];
  return base == ' ' ? '\0' : base;
}

std::uint64_t Mix64(std::uint64_t value) {
  // splitmix64 finaliser: spreads one shingle hash into independent-looking hash functions.
  value ^= value >> 30;
  value *= 0xbf58476d1ce4e5b9ULL;
  value ^= value >> 27;
  value *= 0x94d049bb133111ebULL;
  value ^= value >> 31;
  return value;
}

}  // namespace

std::string FoldForMatching(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  auto push_space = [&out] {
    if (!out.empty() && out.back() != ' ') out.push_back(' ');
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      if (byte >= 'A' && byte <= 'Z') {
        out.push_back(static_cast<char>(byte - 'A' + 'a'));
      } else if ((byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9')) {
        out.push_back(static_cast<char>(byte));
      } else {
        push_space();
      }
      continue;
    }
    if (byte == 0xC3 && i + 1 < text.size()) {
      if (const char base = FoldLatin1(static_cast<unsigned char>(text[i + 1]))) {
        out.push_back(base);
        ++i;
        continue;
      }
    }
    // U+2000..U+206F (E2 80 xx / E2 81 xx): typographic quotes, dashes, ellipsis: separators,
    // so "l’armée" splits like "l'armée".
    if (byte == 0xE2 && i + 2 < text.size() &&
        (static_cast<unsigned char>(text[i + 1]) == 0x80 || static_cast<unsigned char>(text[i + 1]) == 0x81)) {
      push_space();
      i += 2;
      continue;
    }
    // U+00A0 (no-break space) and U+00AB/U+00BB (French guillemets).
    if (byte == 0xC2 && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (next == 0xA0 || next == 0xAB || next == 0xBB) {
        push_space();
        ++i;
        continue;
      }
    }
    out.push_back(static_cast<char>(byte));
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

TextFingerprint TextFingerprint::Of(std::string_view text) {
  TextFingerprint print;
  const std::string folded = FoldForMatching(text.substr(0, std::min(text.size(), kMaxBytes)));
  std::vector<std::string_view> words;
  const std::string_view view = folded;
  for (std::size_t begin = 0; begin < view.size();) {
    const std::size_t end = std::min(view.find(' ', begin), view.size());
    if (end > begin) words.push_back(view.substr(begin, end - begin));
    begin = end + 1;
  }
  if (words.empty()) return print;
  print.minima_.fill(std::numeric_limits<std::uint32_t>::max());
  constexpr std::size_t kShingleWords = 3;
  const std::size_t shingles = words.size() >= kShingleWords ? words.size() - kShingleWords + 1 : 1;
  for (std::size_t start = 0; start < shingles; ++start) {
    std::uint64_t hash = StableHash64(words[start]);
    for (std::size_t k = 1; k < kShingleWords && start + k < words.size(); ++k) {
      hash = StableHash64(words[start + k], Mix64(hash));
    }
    for (std::size_t i = 0; i < kHashes; ++i) {
      const auto value = static_cast<std::uint32_t>(Mix64(hash + 0x9e3779b97f4a7c15ULL * (i + 1U)));
      print.minima_[i] = std::min(print.minima_[i], value);
    }
  }
  print.empty_ = false;
  return print;
}

double TextFingerprint::Similarity(const TextFingerprint& other) const {
  if (empty_ || other.empty_) return 0.0;
  std::size_t equal = 0;
  for (std::size_t i = 0; i < kHashes; ++i) equal += minima_[i] == other.minima_[i] ? 1U : 0U;
  return static_cast<double>(equal) / static_cast<double>(kHashes);
}

}  // namespace sahelwatch::correlate
