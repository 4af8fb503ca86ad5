// A fixed set of short words (normalised text), for the word lists the classifier tests
// nearly every token against. Words are bucketed by length and first byte, so a word in
// no list (most of them) costs one bit test instead of a string compare per list entry.
// The set keeps views: its words must outlive it (string literals, or strings owned by
// whoever owns the set).
#pragma once

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sahelwatch::classify {

class WordSet {
 public:
  WordSet(std::initializer_list<std::string_view> words) : WordSet(std::span<const std::string_view>(words)) {}

  explicit WordSet(std::span<const std::string_view> words) : words_(words.begin(), words.end()) {
    if (words_.size() > UINT16_MAX) throw std::invalid_argument("WordSet: too many words");
    std::sort(words_.begin(), words_.end(),
              [](std::string_view a, std::string_view b) { return Bucket(a) < Bucket(b); });
    for (const std::string_view word : words_) {
      if (word.size() > kLongest) throw std::invalid_argument("WordSet: word too long: " + std::string(word));
      if (!word.empty()) occupied_.set(Bucket(word));
    }
    std::size_t at = 0;
    for (std::size_t bucket = 0; bucket < kBuckets; ++bucket) {
      first_[bucket] = static_cast<std::uint16_t>(at);
      while (at < words_.size() && Bucket(words_[at]) == bucket) ++at;
    }
    first_[kBuckets] = static_cast<std::uint16_t>(at);
  }

  bool Contains(std::string_view word) const {
    if (word.empty() || word.size() > kLongest) return false;
    const std::size_t bucket = Bucket(word);
    if (!occupied_.test(bucket)) return false;
    for (std::size_t i = first_[bucket]; i < first_[bucket + 1]; ++i) {
      if (words_[i] == word) return true;
    }
    return false;
  }

 private:
  static constexpr std::size_t kLongest = 31;
  static constexpr std::size_t kBuckets = (kLongest + 1) * 32;

  // The empty word (never looked up) has bucket 0 to itself.
  static std::size_t Bucket(std::string_view word) {
    if (word.empty()) return 0;
    return word.size() * 32 + (static_cast<unsigned char>(word[0]) & 31u);
  }

  std::vector<std::string_view> words_;  // sorted by bucket
  std::bitset<kBuckets> occupied_;
  std::array<std::uint16_t, kBuckets + 1> first_{};
};

}  // namespace sahelwatch::classify
