// The database cache gives back what Hyperscan compiles, from memory or from a bundle on
// disk, and falls back to compiling whenever the bundle cannot be trusted or written.
#include "classify/database_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace sahelwatch::classify {
namespace {

class DatabaseCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("sahelwatch-cache-test-" + std::to_string(::getpid()) + "-" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
};

// The starts and ends of every match of the database in `text`.
std::vector<std::pair<unsigned long long, unsigned long long>> Matches(const hs_database_t* database,
                                                                       const std::string& text) {
  hs_scratch_t* scratch = nullptr;
  EXPECT_EQ(hs_alloc_scratch(database, &scratch), HS_SUCCESS);
  std::vector<std::pair<unsigned long long, unsigned long long>> found;
  hs_scan(
      database, text.data(), static_cast<unsigned int>(text.size()), 0, scratch,
      [](unsigned int, unsigned long long from, unsigned long long to, unsigned int, void* context) {
        static_cast<std::vector<std::pair<unsigned long long, unsigned long long>>*>(context)->emplace_back(from, to);
        return 0;
      },
      &found);
  hs_free_scratch(scratch);
  return found;
}

const std::string kRegex = "\\bkill(ed|ing) [0-9]+\\b";
const std::string kText = "gunmen killed 12 people; soldiers killing 3";

TEST_F(DatabaseCacheTest, SecondLoadOfARuleSetReusesTheBundle) {
  {
    DatabaseCache first(dir_, "ruleset");
    const DatabasePtr database = first.Compile(kRegex, kSingleRegexFlags);
    EXPECT_EQ(first.compiled(), 1U);
    EXPECT_EQ(first.Save(), "");
  }
  EXPECT_TRUE(std::filesystem::exists(dir_ / "ruleset.hsdb"));
  DatabaseCache second(dir_, "ruleset");
  const DatabasePtr database = second.Compile(kRegex, kSingleRegexFlags);
  EXPECT_EQ(second.compiled(), 0U);
  EXPECT_EQ(second.reused(), 1U);
  const auto expected = std::vector<std::pair<unsigned long long, unsigned long long>>{{7, 16}, {34, 43}};
  EXPECT_EQ(Matches(database.get(), kText), expected);

  // Other flags are another database.
  const DatabasePtr without_start = second.Compile(kRegex, HS_FLAG_DOTALL);
  EXPECT_EQ(second.compiled(), 1U);
}

TEST_F(DatabaseCacheTest, ALoadCompilesEachDatabaseOnce) {
  DatabaseCache memory_only;
  const DatabasePtr a = memory_only.Compile(kRegex, kSingleRegexFlags);
  const DatabasePtr b = memory_only.Compile(kRegex, kSingleRegexFlags);
  EXPECT_EQ(memory_only.compiled(), 1U);
  EXPECT_EQ(memory_only.reused(), 1U);
  EXPECT_EQ(Matches(a.get(), kText), Matches(b.get(), kText));
  EXPECT_EQ(memory_only.Save(), "");  // nowhere to save: nothing to report
}

TEST_F(DatabaseCacheTest, DamagedBundleIsCompiledAgain) {
  {
    DatabaseCache first(dir_, "ruleset");
    first.Compile(kRegex, kSingleRegexFlags);
    first.Save();
  }
  const auto bundle = dir_ / "ruleset.hsdb";
  const auto size = std::filesystem::file_size(bundle);
  {
    std::fstream file(bundle, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(size - 10));
    file.put('\x5a');  // one byte inside the serialised database
  }
  DatabaseCache second(dir_, "ruleset");
  const DatabasePtr database = second.Compile(kRegex, kSingleRegexFlags);
  EXPECT_EQ(second.compiled(), 1U);
  EXPECT_EQ(Matches(database.get(), kText).size(), 2U);
  EXPECT_EQ(second.Save(), "");

  std::filesystem::resize_file(bundle, size / 2);  // a torn write
  DatabaseCache third(dir_, "ruleset");
  third.Compile(kRegex, kSingleRegexFlags);
  EXPECT_EQ(third.compiled(), 1U);
}

TEST_F(DatabaseCacheTest, UnwritableDirectoryIsReportedNotFatal) {
  std::ofstream(dir_.string() + "-file") << "not a directory";
  DatabaseCache cache(dir_.string() + "-file", "ruleset");
  const DatabasePtr database = cache.Compile(kRegex, kSingleRegexFlags);
  EXPECT_EQ(Matches(database.get(), kText).size(), 2U);
  EXPECT_NE(cache.Save(), "");
  std::filesystem::remove(dir_.string() + "-file");
}

TEST_F(DatabaseCacheTest, CompileErrorNamesTheExpression) {
  DatabaseCache cache;
  const char* expressions[] = {"fine", "(unclosed"};
  const unsigned int flags[] = {0, 0};
  const unsigned int ids[] = {0, 1};
  try {
    cache.Compile(expressions, flags, ids);
    FAIL() << "compiled an unbalanced parenthesis";
  } catch (const DatabaseCompileError& error) {
    EXPECT_EQ(error.expression(), 1);
    EXPECT_NE(std::string(error.what()), "");
  }
}

TEST_F(DatabaseCacheTest, KeepsTheMostRecentBundles) {
  for (int set = 0; set < 6; ++set) {
    DatabaseCache cache(dir_, "set" + std::to_string(set));
    cache.Compile("set" + std::to_string(set), HS_FLAG_DOTALL);
    ASSERT_EQ(cache.Save(), "");
    // Distinct write times in the past, oldest first, whatever the file system's resolution.
    std::filesystem::last_write_time(dir_ / ("set" + std::to_string(set) + ".hsdb"),
                                     std::filesystem::file_time_type::clock::now() - std::chrono::seconds(10 - set));
  }
  std::vector<std::string> kept;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) kept.push_back(entry.path().filename());
  std::sort(kept.begin(), kept.end());
  EXPECT_EQ(kept, (std::vector<std::string>{"set2.hsdb", "set3.hsdb", "set4.hsdb", "set5.hsdb"}));
}

}  // namespace
}  // namespace sahelwatch::classify
