#include "core/taxonomy.h"

#include <utility>

namespace sahelwatch {
namespace {

template <typename Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

constexpr NameTable<EventType, kEventTypeCount> kTypeNames = {{
    {EventType::kBattle, "battle"},
    {EventType::kAttackOnCivilians, "attack_on_civilians"},
    {EventType::kAbduction, "abduction"},
    {EventType::kExplosion, "explosion"},
    {EventType::kMilitaryOperation, "military_operation"},
    {EventType::kJointOperation, "joint_operation"},
    {EventType::kDisplacement, "displacement"},
    {EventType::kProtest, "protest"},
    {EventType::kCoup, "coup"},
}};
constexpr NameTable<EventStatus, kEventStatusCount> kStatusNames = {{
    {EventStatus::kOccurred, "occurred"},
    {EventStatus::kPlanned, "planned"},
    {EventStatus::kBackground, "background"},
    {EventStatus::kNegated, "negated"},
}};
constexpr NameTable<Severity, 4> kSeverityNames = {{
    {Severity::kLow, "low"},
    {Severity::kMedium, "medium"},
    {Severity::kHigh, "high"},
    {Severity::kCritical, "critical"},
}};
constexpr NameTable<PlacePrecision, 5> kPrecisionNames = {{
    {PlacePrecision::kNone, "none"},
    {PlacePrecision::kCountry, "country"},
    {PlacePrecision::kAdmin1, "admin1"},
    {PlacePrecision::kAdmin2, "admin2"},
    {PlacePrecision::kTown, "town"},
}};
constexpr NameTable<ActorRole, 4> kRoleNames = {{
    {ActorRole::kUnspecified, "unspecified"},
    {ActorRole::kPerpetrator, "perpetrator"},
    {ActorRole::kTarget, "target"},
    {ActorRole::kPartner, "partner"},
}};

template <typename Enum, std::size_t N>
std::string_view Lookup(const NameTable<Enum, N>& table, Enum value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) return name;
  }
  return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> Parse(const NameTable<Enum, N>& table, std::string_view name) {
  for (const auto& [value, candidate] : table) {
    if (candidate == name) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view Name(EventType type) { return Lookup(kTypeNames, type); }
std::string_view Name(EventStatus status) { return Lookup(kStatusNames, status); }
std::string_view Name(Severity severity) { return Lookup(kSeverityNames, severity); }
std::string_view Name(PlacePrecision precision) { return Lookup(kPrecisionNames, precision); }
std::string_view Name(ActorRole role) { return Lookup(kRoleNames, role); }

std::optional<EventType> ParseEventType(std::string_view name) { return Parse(kTypeNames, name); }
std::optional<EventStatus> ParseEventStatus(std::string_view name) { return Parse(kStatusNames, name); }
std::optional<Severity> ParseSeverity(std::string_view name) { return Parse(kSeverityNames, name); }
std::optional<ActorRole> ParseActorRole(std::string_view name) { return Parse(kRoleNames, name); }

}  // namespace sahelwatch
