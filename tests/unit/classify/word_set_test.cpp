// WordSet answers exactly what a search of its word list answers.
#include <gtest/gtest.h>

#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "classify/word_set.h"

namespace sahelwatch::classify {
namespace {

TEST(WordSet, ContainsExactlyItsWords) {
  const std::vector<std::string_view> words = {"the", "de", "d", "thé", "since", "depuis", "essentiellement", "a"};
  const WordSet set{std::span<const std::string_view>(words)};
  for (const auto word : words) EXPECT_TRUE(set.Contains(word)) << word;
  for (const std::string_view other : {"", "th", "they", "ds", "dé", "sinc", "b", "A", "essentiellemen"}) {
    EXPECT_FALSE(set.Contains(other)) << other;
  }
  // Same length and first byte as members, yet not members.
  for (const std::string_view other : {"tho", "du", "sincx", "dxpuis"}) EXPECT_FALSE(set.Contains(other)) << other;
}

TEST(WordSet, RejectsWordsItCouldNotFind) {
  EXPECT_THROW(WordSet({std::string_view("an-unreasonably-long-word-for-a-set")}), std::invalid_argument);
}

}  // namespace
}  // namespace sahelwatch::classify
