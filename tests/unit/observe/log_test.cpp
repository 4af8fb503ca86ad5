#include "observe/log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sahelwatch::observe {
namespace {

// Runs `body` with stdout redirected to a file; returns what it wrote.
template <typename Body>
std::string CaptureStdout(Body body) {
  const auto path =
      std::filesystem::temp_directory_path() / ("sahelwatch_log_test_" + std::to_string(getpid()) + ".txt");
  std::fflush(stdout);
  const int saved = dup(STDOUT_FILENO);
  std::FILE* file = std::fopen(path.c_str(), "w");
  dup2(fileno(file), STDOUT_FILENO);
  body();
  std::fflush(stdout);
  dup2(saved, STDOUT_FILENO);
  close(saved);
  std::fclose(file);
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  std::filesystem::remove(path);
  return text.str();
}

std::vector<nlohmann::json> Lines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

TEST(Log, EachLineIsOneJsonObjectWithTimestampLevelMessageAndFields) {
  SetLogLevel(LogLevel::kInfo);
  const auto lines = Lines(CaptureStdout([] {
    LogInfo("partitions assigned", {{"count", 3}, {"topic", "articles"}});
    LogError("bad bytes \xff in a message");  // invalid UTF-8 must not break the line
  }));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["level"], "info");
  EXPECT_EQ(lines[0]["msg"], "partitions assigned");
  EXPECT_EQ(lines[0]["count"], 3);
  EXPECT_EQ(lines[0]["topic"], "articles");
  EXPECT_EQ(lines[0]["ts"].get<std::string>().size(), std::string("2024-01-01T00:00:00.000Z").size());
  EXPECT_EQ(lines[1]["level"], "error");
}

TEST(Log, TheConfiguredLevelFiltersLowerLevels) {
  SetLogLevel(ParseLogLevel("warn"));
  const auto lines = Lines(CaptureStdout([] {
    LogDebug("d");
    LogInfo("i");
    LogWarn("w");
    LogError("e");
  }));
  SetLogLevel(LogLevel::kInfo);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["msg"], "w");
  EXPECT_EQ(lines[1]["msg"], "e");
  EXPECT_EQ(ParseLogLevel("nonsense"), LogLevel::kInfo);
  EXPECT_EQ(ParseLogLevel("debug"), LogLevel::kDebug);
}

}  // namespace
}  // namespace sahelwatch::observe
