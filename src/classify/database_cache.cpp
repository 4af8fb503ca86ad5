#include "classify/database_cache.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>
#include <vector>

#include "classify/sha256.h"

namespace sahelwatch::classify {
namespace {

constexpr std::string_view kBundleMagic = "sahelwatch-hyperscan-bundle 1 ";
constexpr std::string_view kBundleExtension = ".hsdb";
// Rule sets a cache directory keeps: the current one, the one before (a reload can go back)
// and a few that other daemons or test runs on the host use.
constexpr std::size_t kBundlesKept = 4;

std::string KeyOf(std::span<const char* const> expressions, std::span<const unsigned int> flags,
                  std::span<const unsigned int> ids) {
  std::string material = hs_version();
  material += '\x1f';
  for (std::size_t i = 0; i < expressions.size(); ++i) {
    material += std::to_string(ids[i]) + ':' + std::to_string(flags[i]) + ':' + expressions[i] + '\x1e';
  }
  return Sha256Hex(material);
}

DatabasePtr Deserialise(const std::string& bytes) {
  hs_database_t* database = nullptr;
  if (hs_deserialize_database(bytes.data(), bytes.size(), &database) != HS_SUCCESS) return nullptr;
  return DatabasePtr(database);
}

std::filesystem::path FromEnvironment(const char* name, std::string_view below = {}) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return {};
  std::filesystem::path path(value);
  return below.empty() ? path : path / below;
}

}  // namespace

std::filesystem::path DefaultCacheDirectory() {
  for (auto path : {FromEnvironment("SAHELWATCH_CACHE_DIR"), FromEnvironment("CACHE_DIRECTORY"),
                    FromEnvironment("XDG_CACHE_HOME", "sahelwatch"), FromEnvironment("HOME", ".cache/sahelwatch")}) {
    if (!path.empty()) return path;
  }
  return {};
}

DatabaseCache::DatabaseCache(std::filesystem::path directory, std::string rule_set) : directory_(std::move(directory)) {
  if (directory_.empty()) return;
  bundle_path_ = directory_ / (rule_set + std::string(kBundleExtension));
  LoadBundle();
}

void DatabaseCache::LoadBundle() {
  std::ifstream in(bundle_path_, std::ios::binary);
  if (!in) return;
  const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t header_end = content.find('\n');
  if (header_end == std::string::npos || !content.starts_with(kBundleMagic)) return;
  const std::string_view checksum =
      std::string_view(content).substr(kBundleMagic.size(), header_end - kBundleMagic.size());
  const std::string_view body = std::string_view(content).substr(header_end + 1);
  if (Sha256Hex(body) != checksum) return;  // torn or damaged: compile again
  std::unordered_map<std::string, std::string> entries;
  for (std::size_t at = 0; at < body.size();) {
    const std::size_t line_end = body.find('\n', at);
    const std::size_t space = body.find(' ', at);
    if (line_end == std::string_view::npos || space == std::string_view::npos || space > line_end) return;
    const std::string key(body.substr(at, space - at));
    std::size_t length = 0;
    try {
      length = std::stoul(std::string(body.substr(space + 1, line_end - space - 1)));
    } catch (const std::exception&) {
      return;
    }
    if (length > body.size() - line_end - 1) return;
    entries.emplace(key, std::string(body.substr(line_end + 1, length)));
    at = line_end + 1 + length;
  }
  serialised_ = std::move(entries);
}

DatabasePtr DatabaseCache::Compile(std::span<const char* const> expressions, std::span<const unsigned int> flags,
                                   std::span<const unsigned int> ids) {
  const std::string key = KeyOf(expressions, flags, ids);
  if (const auto found = serialised_.find(key); found != serialised_.end()) {
    if (DatabasePtr database = Deserialise(found->second)) {
      ++reused_;
      return database;
    }
    serialised_.erase(found);  // built for another platform: compile here
  }
  hs_database_t* raw = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(expressions.data(), flags.data(), ids.data(), static_cast<unsigned int>(expressions.size()),
                       HS_MODE_BLOCK, nullptr, &raw, &error) != HS_SUCCESS) {
    const int culprit = error != nullptr ? error->expression : -1;
    const std::string message = error != nullptr && error->message != nullptr ? error->message : "does not compile";
    hs_free_compile_error(error);
    throw DatabaseCompileError(culprit, message);
  }
  DatabasePtr database(raw);
  ++compiled_;
  char* bytes = nullptr;
  std::size_t length = 0;
  if (hs_serialize_database(database.get(), &bytes, &length) == HS_SUCCESS) {
    serialised_[key].assign(bytes, length);
    std::free(bytes);  // NOLINT(cppcoreguidelines-no-malloc): Hyperscan allocates it with malloc
  }
  return database;
}

DatabasePtr DatabaseCache::Compile(const std::string& expression, unsigned int flags) {
  const char* expressions[] = {expression.c_str()};
  const unsigned int all_flags[] = {flags};
  const unsigned int ids[] = {0};
  return Compile(expressions, all_flags, ids);
}

std::string DatabaseCache::Save() {
  if (bundle_path_.empty()) return {};
  std::error_code ignored;
  if (compiled_ == 0) {
    std::filesystem::last_write_time(bundle_path_, std::filesystem::file_time_type::clock::now(), ignored);
    return {};
  }
  // Everything held, not only what this load asked for: `rules check` compiles a part of
  // what the daemon does, and must not shrink the bundle the daemon starts from.
  std::vector<const std::string*> keys;
  for (const auto& entry : serialised_) keys.push_back(&entry.first);
  std::sort(keys.begin(), keys.end(), [](const std::string* a, const std::string* b) { return *a < *b; });
  std::string body;
  for (const std::string* key : keys) {
    const std::string& bytes = serialised_.at(*key);
    body += *key + ' ' + std::to_string(bytes.size()) + '\n';
    body += bytes;
  }
  std::error_code error;
  std::filesystem::create_directories(directory_, error);
  if (error) return directory_.string() + ": " + error.message();
  // Written aside and renamed: a daemon starting meanwhile reads the old bundle or the new
  // one, never half of one.
  const std::filesystem::path temporary =
      bundle_path_.string() + ".tmp." + std::to_string(static_cast<long>(::getpid()));
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << kBundleMagic << Sha256Hex(body) << '\n' << body;
    if (!out.flush()) {
      std::filesystem::remove(temporary, ignored);
      return temporary.string() + ": cannot write";
    }
  }
  std::filesystem::rename(temporary, bundle_path_, error);
  if (error) {
    std::filesystem::remove(temporary, ignored);
    return bundle_path_.string() + ": " + error.message();
  }

  std::vector<std::pair<std::filesystem::file_time_type, std::filesystem::path>> bundles;
  for (const auto& entry : std::filesystem::directory_iterator(directory_, ignored)) {
    if (entry.path().extension() != kBundleExtension) continue;
    bundles.emplace_back(entry.last_write_time(ignored), entry.path());
  }
  if (bundles.size() > kBundlesKept) {
    std::sort(bundles.begin(), bundles.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = kBundlesKept; i < bundles.size(); ++i) std::filesystem::remove(bundles[i].second, ignored);
  }
  return {};
}

}  // namespace sahelwatch::classify
