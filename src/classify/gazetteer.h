// The offline gazetteer and actor lexicon (config/gazetteer/*.tsv): countries with their
// names and demonyms, admin1/admin2 units, towns and sites with coordinates, actors, and
// country cues (names that point to one country like a demonym: "Dogon", "Katiba Macina").
// TSV, UTF-8, header line first, '#' comments, '|' between aliases. A missing file is an
// empty table; a malformed row is a LoadError naming file and line.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/taxonomy.h"

namespace sahelwatch::classify {

struct GazetteerPlace {
  PlacePrecision precision = PlacePrecision::kNone;
  std::string country;  // ISO alpha-2
  std::string admin1;
  std::string admin2;
  std::string name;
  std::optional<double> lat;
  std::optional<double> lon;
  // How precisely lat/lon place it: its own precision, or its admin2 unit's for a locality
  // whose position is not known (then lat/lon are the unit's); kNone without coordinates.
  PlacePrecision coordinate_precision = PlacePrecision::kNone;
  int rank = 0;  // prominence when a name is ambiguous: capital > city > town > village > site
};

struct GazetteerActor {
  std::string name;
  std::string kind;  // state_force, armed_group, multinational_force, militia, government, ...
  std::string country;
};

// One matchable name: a normalised spelling and what it refers to.
struct GazetteerName {
  enum class Target : std::uint8_t { kPlace, kDemonym, kActor };
  std::string text;  // normalised
  Target target = Target::kPlace;
  bool acronym = false;  // written in capitals ("FAN", "AU"): matches capitals only
  // Also a common word ("Say", "Save", "Mango", "Boni"): a place only after a locative
  // ("in Say", "à Savè", "(Say, Tillabéri)"), never in "Save the Children" or "Boni Yayi".
  bool common_word = false;
  std::uint32_t index = 0;  // into places (kPlace, kDemonym → its country place) or actors
};

struct Gazetteer {
  std::vector<GazetteerPlace> places;  // countries first (precision kCountry)
  std::vector<GazetteerActor> actors;
  std::vector<GazetteerName> names;
  std::string sha256_input;

  // Index of the country place for an ISO code, if known.
  std::optional<std::uint32_t> CountryIndex(const std::string& code) const;
};

Gazetteer LoadGazetteer(const std::filesystem::path& dir);

}  // namespace sahelwatch::classify
