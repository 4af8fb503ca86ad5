// Text normalisation for matching: lowercase, accents folded to ASCII ("enlèvement" →
// "enlevement"), typographic quotes, dashes and spaces folded to their ASCII forms. The
// result keeps a byte-offset map back to the original text so evidence can point into
// the article exactly as it was received.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sahelwatch {

struct NormalizedText {
  std::string text;
  // origin[i] = byte offset in the original of the character that produced text[i];
  // origin[text.size()] = original size. Every original character produces at least
  // one byte, so origin[end] is also the original end of the span [begin, end).
  std::vector<std::uint32_t> origin;

  std::uint32_t OriginalOffset(std::size_t normalized_offset) const {
    return normalized_offset < origin.size() ? origin[normalized_offset] : origin.back();
  }
};

// Normalises into `out`, reusing its capacity (no allocation once warmed up). Invalid
// UTF-8 bytes become a space each, so any input is accepted.
void NormalizeInto(std::string_view original, NormalizedText& out);

NormalizedText Normalize(std::string_view original);

// The normalised text alone, for keys (gazetteer names, rule phrases).
std::string NormalizeKey(std::string_view original);

// True when the original character at `offset` is an uppercase letter (ASCII or
// Latin-1/Latin Extended-A), used for sentence starts and proper-name cues.
bool IsUppercaseAt(std::string_view original, std::size_t offset);

}  // namespace sahelwatch
