// Text matching helpers for the correlator: accent/case folding (place names, shingles)
// and MinHash fingerprints that recognise syndicated copies of one story (same wire text
// under another outlet's dateline or boilerplate).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace sahelwatch::correlate {

// Lower-cases ASCII, folds the accented Latin-1 letters used in French and Sahel place
// names ("Ménaka" → "menaka"), turns ASCII punctuation and typographic quotes/dashes
// into single spaces, trims; other bytes pass through unchanged.
std::string FoldForMatching(std::string_view text);

// MinHash over word 3-shingles of the folded text. Comparing two fingerprints estimates the
// Jaccard similarity of their shingle sets: copies with a different dateline or footer stay
// high (~0.8), independent reports of the same event stay low (< 0.3).
class TextFingerprint {
 public:
  static constexpr std::size_t kHashes = 32;
  // Texts longer than this are fingerprinted on their first bytes: bounded cost per article.
  static constexpr std::size_t kMaxBytes = std::size_t{64} * 1024;

  TextFingerprint() = default;
  static TextFingerprint Of(std::string_view text);

  bool Empty() const { return empty_; }
  // Fraction of matching minima, 0 when either side is empty.
  double Similarity(const TextFingerprint& other) const;

 private:
  std::array<std::uint32_t, kHashes> minima_{};
  bool empty_ = true;
};

}  // namespace sahelwatch::correlate
