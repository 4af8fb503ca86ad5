// JSON views of the stage values: the `sahelwatch classify` contract (ARCHITECTURE.md),
// alerts printed on stdout, and JSON article input.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/model.h"

namespace sahelwatch {

// Key order as written (id and type first), so a human reading an alert line sees what
// matters first; parsers do not care.
using Json = nlohmann::ordered_json;

// {"type","subtype","status","confidence","severity","country","countries","admin1","place",
//  "lat","lon","precision","fatalities","injured","abducted","displaced","actors","evidence",
//  "rules","id","event_date"}
Json ToJson(const Event& event);
Json ToJson(const Alert& alert);

// {"id": ..., "events": [...]}: one line of `sahelwatch classify` output.
Json ClassifyLine(const Article& article, const std::vector<Event>& events);

}  // namespace sahelwatch
