// The v1 taxonomy (ARCHITECTURE.md): event types, statuses, severities and their
// stable string names, used in rule files, JSON output, metrics labels and protobuf.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace sahelwatch {

enum class EventType : std::uint8_t {
  kBattle,
  kAttackOnCivilians,
  kAbduction,
  kExplosion,
  kMilitaryOperation,
  kJointOperation,
  kDisplacement,
  kProtest,
  kCoup,
};
inline constexpr std::size_t kEventTypeCount = 9;

enum class EventStatus : std::uint8_t { kOccurred, kPlanned, kBackground, kNegated };
inline constexpr std::size_t kEventStatusCount = 4;

enum class Severity : std::uint8_t { kLow, kMedium, kHigh, kCritical };

enum class PlacePrecision : std::uint8_t { kNone, kCountry, kAdmin1, kAdmin2, kTown };

enum class ActorRole : std::uint8_t { kUnspecified, kPerpetrator, kTarget, kPartner };

inline constexpr std::array<EventType, kEventTypeCount> kAllEventTypes = {
    EventType::kBattle,       EventType::kAttackOnCivilians, EventType::kAbduction,
    EventType::kExplosion,    EventType::kMilitaryOperation, EventType::kJointOperation,
    EventType::kDisplacement, EventType::kProtest,           EventType::kCoup};
inline constexpr std::array<EventStatus, kEventStatusCount> kAllEventStatuses = {
    EventStatus::kOccurred, EventStatus::kPlanned, EventStatus::kBackground, EventStatus::kNegated};

std::string_view Name(EventType type);
std::string_view Name(EventStatus status);
std::string_view Name(Severity severity);
std::string_view Name(PlacePrecision precision);
std::string_view Name(ActorRole role);

std::optional<EventType> ParseEventType(std::string_view name);
std::optional<EventStatus> ParseEventStatus(std::string_view name);
std::optional<Severity> ParseSeverity(std::string_view name);
std::optional<ActorRole> ParseActorRole(std::string_view name);

}  // namespace sahelwatch
