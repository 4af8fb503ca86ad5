#include "core/model.h"

#include <cstdio>

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

std::string MakeEventId(const std::string& article_id, EventType type,
                        std::uint32_t evidence_begin) {
  std::string key = article_id;
  key += '\x1f';
  key += Name(type);
  key += '\x1f';
  key += std::to_string(evidence_begin);
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx",
                static_cast<unsigned long long>(StableHash64(key)));
  return std::string("ev-") + buffer;
}

}  // namespace sahelwatch
