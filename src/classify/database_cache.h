// Hyperscan databases, compiled once and reused.
//
// Compiling is nearly all of a classifier's load: seconds on an idle machine, over ten on a
// busy one, and a load compiles each regex twice (alone, to check it and name its file and
// line; then for the matcher). A DatabaseCache keeps every database it compiles, serialised,
// for the rest of the load; given a directory, it also keeps them across loads and restarts
// in one bundle per rule set, which deserialises in milliseconds. Correctness never rests on
// the cache: entries are looked up by the exact expressions, flags and ids compiled, the
// Hyperscan version is part of every key, and a bundle that fails its checksum or a database
// that does not deserialise (another CPU) is compiled again.
#pragma once

#include <hs/hs.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace sahelwatch::classify {

struct DatabaseDeleter {
  void operator()(hs_database_t* database) const { hs_free_database(database); }
};
using DatabasePtr = std::unique_ptr<hs_database_t, DatabaseDeleter>;

// One regex alone, reporting where its matches start: how a rule's regex is checked and how
// the matcher finds a match's start, so the check compiles the database the matcher uses.
inline constexpr unsigned int kSingleRegexFlags = HS_FLAG_DOTALL | HS_FLAG_SOM_LEFTMOST;

// A set of expressions Hyperscan rejects; expression() is the index of the culprit, -1 when
// the set as a whole failed.
class DatabaseCompileError : public std::runtime_error {
 public:
  DatabaseCompileError(int expression, const std::string& message)
      : std::runtime_error(message), expression_(expression) {}
  int expression() const { return expression_; }

 private:
  int expression_;
};

// Where databases are kept between runs when the configuration does not say:
// $SAHELWATCH_CACHE_DIR, else systemd's $CACHE_DIRECTORY, else $XDG_CACHE_HOME/sahelwatch,
// else $HOME/.cache/sahelwatch; empty (memory only) when none is set.
std::filesystem::path DefaultCacheDirectory();

class DatabaseCache {
 public:
  // `directory` empty: memory only. `rule_set` names the bundle (a digest of the rule files):
  // a load of the same rules finds the bundle the previous one wrote.
  DatabaseCache(std::filesystem::path directory, std::string rule_set);
  DatabaseCache() = default;  // memory only

  // Block-mode database of the expressions. Throws DatabaseCompileError.
  DatabasePtr Compile(std::span<const char* const> expressions, std::span<const unsigned int> flags,
                      std::span<const unsigned int> ids);
  DatabasePtr Compile(const std::string& expression, unsigned int flags);

  // Writes the bundle when this load compiled anything new, and removes all but the most
  // recently used bundles. A directory that cannot be written only costs the next load its
  // time; the reason is returned (empty on success or when there is nothing to do).
  std::string Save();

  std::size_t compiled() const { return compiled_; }
  std::size_t reused() const { return reused_; }
  const std::filesystem::path& bundle_path() const { return bundle_path_; }

 private:
  void LoadBundle();

  std::filesystem::path directory_;
  std::filesystem::path bundle_path_;
  std::unordered_map<std::string, std::string> serialised_;  // key → hs_serialize_database bytes
  std::size_t compiled_ = 0;
  std::size_t reused_ = 0;
};

}  // namespace sahelwatch::classify
