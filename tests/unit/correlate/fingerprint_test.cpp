#include "correlate/fingerprint.h"

#include <gtest/gtest.h>

namespace sahelwatch::correlate {
namespace {

TEST(FoldForMatching, FoldsCaseAccentsAndPunctuation) {
  EXPECT_EQ(FoldForMatching("Ménaka"), "menaka");
  EXPECT_EQ(FoldForMatching("MÉNAKA"), "menaka");
  EXPECT_EQ(FoldForMatching("Fada N'Gourma"), "fada n gourma");
  EXPECT_EQ(FoldForMatching("l’armée « a riposté »…"), "l armee a riposte");
  EXPECT_EQ(FoldForMatching("  --  "), "");
  EXPECT_EQ(FoldForMatching("Tillabéri\xC3"), "tillaberi\xC3");  // truncated UTF-8 kept, no crash
}

constexpr const char* kWire =
    "Gunmen attacked the town of Djibo in northern Burkina Faso early on Sunday, killing at least "
    "four civilians, security sources said. The assailants arrived on motorcycles and opened fire "
    "near the main market before withdrawing towards the north, residents said.";

TEST(TextFingerprint, CopiesAreSimilarIndependentReportsAreNot) {
  const auto original = TextFingerprint::Of(kWire);
  const auto copy =
      TextFingerprint::Of(std::string("OUAGADOUGOU (AFP) - ") + kWire + " © AFP 2023. Tous droits réservés.");
  const auto independent = TextFingerprint::Of(
      "At least four civilians were killed on Sunday when gunmen on motorcycles stormed the market "
      "in Djibo, northern Burkina Faso, a local official told our correspondent.");
  EXPECT_DOUBLE_EQ(original.Similarity(TextFingerprint::Of(kWire)), 1.0);
  EXPECT_GE(original.Similarity(copy), 0.6);
  EXPECT_LT(original.Similarity(independent), 0.3);
}

TEST(TextFingerprint, EmptyTextMatchesNothing) {
  const auto empty = TextFingerprint::Of(" ,; ");
  EXPECT_TRUE(empty.Empty());
  EXPECT_EQ(empty.Similarity(empty), 0.0);
  EXPECT_FALSE(TextFingerprint::Of("Djibo").Empty());
}

}  // namespace
}  // namespace sahelwatch::correlate
