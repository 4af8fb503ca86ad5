#include "app/config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

namespace sahelwatch::app {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  std::filesystem::path Write(const std::string& yaml) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("sw-config-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(dir);
    const auto file = dir / "sahelwatch.yaml";
    std::ofstream(file) << yaml;
    dirs_.push_back(dir);
    return file;
  }
  void TearDown() override {
    for (const auto& dir : dirs_) std::filesystem::remove_all(dir);
  }
  std::vector<std::filesystem::path> dirs_;
  int counter_ = 0;
};

std::string ErrorOf(const std::filesystem::path& file) {
  try {
    LoadConfig(file);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

TEST_F(ConfigTest, ShippedConfigLoads) {
  const Config config = LoadConfig(std::filesystem::path(SAHELWATCH_SOURCE_DIR) / "config/sahelwatch.yaml");
  EXPECT_EQ(config.kafka.bootstrap_servers, "embedded");
  EXPECT_EQ(config.kafka.topics.events, "security-events");
  EXPECT_EQ(config.kafka.topics.dlq, "articles.dlq");
  EXPECT_EQ(config.metrics_listen, "127.0.0.1:9464");
  EXPECT_TRUE(std::filesystem::is_directory(config.classifier.rules_dir));
}

TEST_F(ConfigTest, RelativePathsResolveAgainstTheFile) {
  const auto file = Write("classifier:\n  rules: my-rules\n");
  const Config config = LoadConfig(file);
  EXPECT_EQ(config.classifier.rules_dir, file.parent_path() / "my-rules");
}

TEST_F(ConfigTest, RulesCacheIsADirectoryOrOff) {
  ::setenv("SAHELWATCH_CACHE_DIR", "/var/cache/from-env", 1);
  EXPECT_EQ(LoadConfig(Write("log:\n  level: info\n")).classifier.cache_dir, "/var/cache/from-env");
  const auto file = Write("classifier:\n  cache: compiled\n");
  EXPECT_EQ(LoadConfig(file).classifier.cache_dir, file.parent_path() / "compiled");
  EXPECT_TRUE(LoadConfig(Write("classifier:\n  cache: off\n")).classifier.cache_dir.empty());
  ::unsetenv("SAHELWATCH_CACHE_DIR");
}

TEST_F(ConfigTest, ErrorsNameFileLineAndKey) {
  const auto file = Write("kafka:\n  group_id: g\n  topics:\n    alertz: x\n");
  const std::string error = ErrorOf(file);
  EXPECT_NE(error.find(file.string() + ":4"), std::string::npos) << error;
  EXPECT_NE(error.find("kafka.topics.alertz: unknown key"), std::string::npos) << error;
}

TEST_F(ConfigTest, WrongTypesAreRejected) {
  EXPECT_NE(ErrorOf(Write("pipeline:\n  workers: many\n")).find("pipeline.workers: expected an integer"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Write("pipeline:\n  workers: 0\n")).find("between 1 and 256"), std::string::npos);
  EXPECT_NE(ErrorOf(Write("log:\n  level: loud\n")).find("log.level"), std::string::npos);
  EXPECT_NE(ErrorOf(Write("kafka: [1, 2]\n")).find("kafka: must be a mapping"), std::string::npos);
  EXPECT_NE(ErrorOf(Write("kafka:\n  consumer: {a: [1]}\n")).find("kafka.consumer.a"), std::string::npos);
}

TEST_F(ConfigTest, SyntaxErrorNamesLine) {
  const auto file = Write("kafka:\n  group_id: [unclosed\n");
  EXPECT_NE(ErrorOf(file).find("YAML syntax error"), std::string::npos);
}

TEST_F(ConfigTest, MissingFileIsAClearError) {
  EXPECT_NE(ErrorOf("/nonexistent/sahelwatch.yaml").find("cannot read file"), std::string::npos);
}

TEST_F(ConfigTest, PropertiesPassThroughWithEnvironmentSecrets) {
  ::setenv("SW_TEST_SECRET", "s3cret", 1);
  const Config config =
      LoadConfig(Write("kafka:\n  consumer:\n    security.protocol: SASL_SSL\n    sasl.password: ${SW_TEST_SECRET}\n"));
  EXPECT_EQ(config.kafka.consumer_properties.at("security.protocol"), "SASL_SSL");
  EXPECT_EQ(config.kafka.consumer_properties.at("sasl.password"), "s3cret");
  EXPECT_NE(ErrorOf(Write("kafka:\n  producer:\n    sasl.password: ${SW_TEST_UNSET_VAR}\n"))
                .find("SW_TEST_UNSET_VAR is not set"),
            std::string::npos);
}

}  // namespace
}  // namespace sahelwatch::app
