#include "classify/matcher.h"

#include <hs/hs.h>

#include <algorithm>
#include <stdexcept>

namespace sahelwatch::classify {
namespace {

struct ScanContext {
  std::vector<Match>* out;
  const std::vector<std::uint32_t>* literal_length;
  const std::vector<bool>* word_bounded;
  std::string_view text;
};

bool IsWordChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

int OnMatch(unsigned int id, unsigned long long from, unsigned long long to, unsigned int /*flags*/,
            void* context) {
  auto& scan = *static_cast<ScanContext*>(context);
  const std::uint32_t length = (*scan.literal_length)[id];
  const auto end = static_cast<std::uint32_t>(to);
  const auto begin = length > 0 ? end - length : static_cast<std::uint32_t>(from);
  if ((*scan.word_bounded)[id]) {
    const std::string_view text = scan.text;
    if (begin > 0 && IsWordChar(text[begin - 1]) && IsWordChar(text[begin])) return 0;
    if (end < text.size() && IsWordChar(text[end]) && IsWordChar(text[end - 1])) return 0;
  }
  scan.out->push_back(Match{id, begin, end});
  return 0;
}

}  // namespace

void Matcher::DatabaseDeleter::operator()(hs_database* database) const { hs_free_database(database); }
void Matcher::ScratchDeleter::operator()(hs_scratch* scratch) const { hs_free_scratch(scratch); }

Matcher::Matcher(const std::vector<MatcherPattern>& patterns) {
  std::vector<const char*> expressions;
  std::vector<unsigned int> flags;
  std::vector<unsigned int> ids;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    expressions.push_back(patterns[i].expression.c_str());
    unsigned int flag = HS_FLAG_DOTALL;
    if (patterns[i].literal_length == 0) flag |= HS_FLAG_SOM_LEFTMOST;
    flags.push_back(flag);
    ids.push_back(static_cast<unsigned int>(i));
    literal_length_.push_back(patterns[i].literal_length);
    word_bounded_.push_back(patterns[i].word_bounded);
  }
  if (patterns.empty()) return;
  hs_database_t* database = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                       static_cast<unsigned int>(expressions.size()), HS_MODE_BLOCK, nullptr,
                       &database, &error) != HS_SUCCESS) {
    std::string message = "pattern compile failed";
    if (error != nullptr) {
      if (error->expression >= 0) {
        message += " for '" + patterns[static_cast<std::size_t>(error->expression)].expression + "'";
      }
      if (error->message != nullptr) message += std::string(": ") + error->message;
    }
    hs_free_compile_error(error);
    throw std::runtime_error(message);
  }
  database_.reset(database);
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(database, &scratch) != HS_SUCCESS) {
    throw std::runtime_error("cannot allocate Hyperscan scratch");
  }
  prototype_.reset(scratch);
}

Matcher::~Matcher() = default;

Matcher::ScratchPtr Matcher::AcquireScratch() const {
  {
    const std::lock_guard lock(pool_mutex_);
    if (!pool_.empty()) {
      ScratchPtr scratch = std::move(pool_.back());
      pool_.pop_back();
      return scratch;
    }
  }
  hs_scratch_t* clone = nullptr;
  if (hs_clone_scratch(prototype_.get(), &clone) != HS_SUCCESS) throw std::bad_alloc();
  return ScratchPtr(clone);
}

void Matcher::ReleaseScratch(ScratchPtr scratch) const {
  const std::lock_guard lock(pool_mutex_);
  pool_.push_back(std::move(scratch));
}

void Matcher::Scan(std::string_view text, std::vector<Match>& out) const {
  out.clear();
  if (!database_ || text.empty()) return;
  ScratchPtr scratch = AcquireScratch();
  ScanContext context{&out, &literal_length_, &word_bounded_, text};
  hs_scan(database_.get(), text.data(), static_cast<unsigned int>(text.size()), 0, scratch.get(),
          OnMatch, &context);
  ReleaseScratch(std::move(scratch));
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
}

}  // namespace sahelwatch::classify
