#include "core/model.h"

#include <charconv>
#include <string_view>

namespace sahelwatch {

std::string_view Name(AlertKind kind) {
  switch (kind) {
    case AlertKind::kIncident:
      return "incident";
    case AlertKind::kPlannedJointOperation:
      return "planned_joint_operation";
    case AlertKind::kSpike:
      return "spike";
  }
  return "unknown";
}

std::uint64_t StableHash64(std::string_view bytes, std::uint64_t seed) {
  std::uint64_t hash = seed;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::string MakeEventId(const std::string& article_id, EventType type, std::uint32_t evidence_begin) {
  // The hash of "article_id \x1f type \x1f offset", fed piece by piece (FNV-1a reads bytes
  // in order, so the pieces hash like the joined key): no key string, no printf.
  constexpr std::string_view kSeparator = "\x1f";
  char digits[10];
  const auto digits_end = std::to_chars(digits, digits + sizeof digits, evidence_begin).ptr;
  std::uint64_t hash = StableHash64(article_id);
  hash = StableHash64(kSeparator, hash);
  hash = StableHash64(Name(type), hash);
  hash = StableHash64(kSeparator, hash);
  hash = StableHash64(std::string_view(digits, static_cast<std::size_t>(digits_end - digits)), hash);
  // "ev-" and 16 lowercase hex digits.
  std::string id = "ev-0000000000000000";
  for (std::size_t digit = 0; digit < 16; ++digit) {
    id[3 + digit] = "0123456789abcdef"[(hash >> (60 - 4 * digit)) & 0xF];
  }
  return id;
}

}  // namespace sahelwatch
