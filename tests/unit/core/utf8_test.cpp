#include "core/utf8.h"

#include <gtest/gtest.h>

namespace sahelwatch {
namespace {

TEST(Utf8, AcceptsAsciiAndMultibyte) {
  EXPECT_FALSE(FindInvalidUtf8("plain ascii"));
  EXPECT_FALSE(FindInvalidUtf8("enlèvement à Ménaka — “quotes” 𝄞"));
  EXPECT_FALSE(FindInvalidUtf8(""));
}

TEST(Utf8, ReportsOffsetOfFirstInvalidSequence) {
  EXPECT_EQ(FindInvalidUtf8("ab\xff"
                            "cd"),
            2U);
  EXPECT_EQ(FindInvalidUtf8("\xc3"), 0U);              // truncated 2-byte sequence
  EXPECT_EQ(FindInvalidUtf8("ok\xc0\xaf"), 2U);        // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("\xed\xa0\x80"), 0U);      // UTF-16 surrogate
  EXPECT_EQ(FindInvalidUtf8("\xf4\x90\x80\x80"), 0U);  // above U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("é\xe2\x82"), 2U);         // truncated 3-byte after valid é
}

}  // namespace
}  // namespace sahelwatch
