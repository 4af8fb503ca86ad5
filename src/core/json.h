// JSON views of the stage values: the `sahelwatch classify` contract (ARCHITECTURE.md),
// alerts printed on stdout, and JSON article input.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/model.h"

namespace sahelwatch {

// {"type","subtype","status","confidence","severity","country","countries","admin1","place",
//  "lat","lon","precision","fatalities","injured","abducted","displaced","actors","evidence",
//  "rules","id","event_date"}
nlohmann::json ToJson(const Event& event);
nlohmann::json ToJson(const Alert& alert);

// {"id": ..., "events": [...]}: one line of `sahelwatch classify` output.
nlohmann::json ClassifyLine(const Article& article, const std::vector<Event>& events);

}  // namespace sahelwatch
