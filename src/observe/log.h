// Structured logs: one JSON object per line on stdout ({"ts","level","msg",...fields}).
// Thread-safe; a line is written with one call so lines from threads never interleave.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace sahelwatch::observe {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

void SetLogLevel(LogLevel level);
LogLevel ParseLogLevel(std::string_view name);  // unknown names → info
bool LogEnabled(LogLevel level);

void Log(LogLevel level, std::string_view message, const nlohmann::json& fields = {});
inline void LogDebug(std::string_view m, const nlohmann::json& f = {}) { Log(LogLevel::kDebug, m, f); }
inline void LogInfo(std::string_view m, const nlohmann::json& f = {}) { Log(LogLevel::kInfo, m, f); }
inline void LogWarn(std::string_view m, const nlohmann::json& f = {}) { Log(LogLevel::kWarn, m, f); }
inline void LogError(std::string_view m, const nlohmann::json& f = {}) { Log(LogLevel::kError, m, f); }

// Writes one raw line to stdout under the same lock (alert lines printed in demo mode).
void WriteLine(std::string_view line);

}  // namespace sahelwatch::observe
