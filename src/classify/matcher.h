// One Hyperscan database over every phrase, place and actor name: an article is read once,
// in linear time, whatever the number of patterns.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

struct hs_database;
struct hs_scratch;

namespace sahelwatch::classify {

struct MatcherPattern {
  std::string expression;
  std::uint32_t literal_length = 0;  // > 0: fixed width, start = end - length (no SOM needed)
  // Literal patterns leave word boundaries to the callback: plain literals compile far
  // faster than literals wrapped in \b assertions.
  bool word_bounded = false;
};

struct Match {
  std::uint32_t pattern = 0;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

class Matcher {
 public:
  // Throws std::runtime_error naming the first pattern that does not compile.
  explicit Matcher(const std::vector<MatcherPattern>& patterns);
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Thread-safe: scratch space comes from a pool, one per concurrent caller.
  // Appends to `out` (cleared first); matches come sorted by begin, then end.
  void Scan(std::string_view text, std::vector<Match>& out) const;

 private:
  struct DatabaseDeleter {
    void operator()(hs_database* database) const;
  };
  struct ScratchDeleter {
    void operator()(hs_scratch* scratch) const;
  };
  using ScratchPtr = std::unique_ptr<hs_scratch, ScratchDeleter>;
  ScratchPtr AcquireScratch() const;
  void ReleaseScratch(ScratchPtr scratch) const;

  std::unique_ptr<hs_database, DatabaseDeleter> database_;
  ScratchPtr prototype_;
  std::vector<std::uint32_t> literal_length_;
  std::vector<bool> word_bounded_;
  mutable std::mutex pool_mutex_;
  mutable std::vector<ScratchPtr> pool_;
};

}  // namespace sahelwatch::classify
