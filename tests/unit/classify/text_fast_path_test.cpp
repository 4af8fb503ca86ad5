// Normalisation takes a sixteen-byte fast path where it can: whatever the alignment of a
// text, the result must be the same (checked by shifting texts behind 0..15 filler bytes).
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/text.h"

namespace sahelwatch {
namespace {

TEST(NormalizeFastPath, SameResultAtEveryAlignment) {
  const std::vector<std::string> pieces = {"Gunmen killed ",
                                           "TWELVE",
                                           " villagers",
                                           "  ",
                                           "\t",
                                           "\r\n",
                                           "`",
                                           "’",
                                           "é",
                                           "Ménaka",
                                           "\xC2\xA0",
                                           "\xFF",
                                           "\xC3",
                                           ".",
                                           "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                                           "0123456789",
                                           " ",
                                           "\n\n",
                                           "Œuvre",
                                           "—",
                                           "x"};
  std::mt19937 random(11);
  for (int round = 0; round < 500; ++round) {
    std::string text;
    const int count = static_cast<int>(random() % 40);
    for (int i = 0; i < count; ++i) text += pieces[random() % pieces.size()];
    const NormalizedText reference = Normalize(text);
    for (std::size_t shift = 1; shift < 16; ++shift) {
      const NormalizedText shifted = Normalize(std::string(shift, 'y') + text);
      ASSERT_EQ(shifted.text.substr(shift), reference.text) << "text: " << text << " shift " << shift;
      ASSERT_EQ(shifted.origin.size(), reference.origin.size() + shift);
      for (std::size_t k = 0; k < reference.origin.size(); ++k) {
        ASSERT_EQ(shifted.origin[k + shift], reference.origin[k] + shift) << "text: " << text << " at " << k;
      }
    }
  }
}

TEST(NormalizeFastPath, LongPlainTextIsLowercasedWithOffsets) {
  const std::string text = "Malian Army Said ON Monday That Its Forces Had Repelled An Attack Near Boni.";
  const NormalizedText norm = Normalize(text);
  EXPECT_EQ(norm.text, "malian army said on monday that its forces had repelled an attack near boni.");
  for (std::size_t k = 0; k <= text.size(); ++k) EXPECT_EQ(norm.origin[k], k);
}

TEST(NormalizeFastPath, SpaceRunsAcrossBlocksCollapse) {
  const std::string text = std::string(15, 'a') + "  " + std::string(14, 'b') + " \t " + "c";
  EXPECT_EQ(Normalize(text).text, std::string(15, 'a') + " " + std::string(14, 'b') + " c");
}

}  // namespace
}  // namespace sahelwatch
