#include "classify/gazetteer.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "classify/classifier.h"
#include "core/text.h"

namespace sahelwatch::classify {
namespace {

std::vector<std::string_view> Split(std::string_view line, char separator) {
  std::vector<std::string_view> cells;
  std::size_t start = 0;
  while (true) {
    const auto end = line.find(separator, start);
    cells.push_back(line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return cells;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\r')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

// Reads a TSV file row by row; `row` gets the cells and the line number.
template <typename RowHandler>
void ReadTsv(const std::filesystem::path& path, std::size_t columns, std::string& sha_input, RowHandler&& row) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return;  // optional table
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const std::string content = bytes.str();
  sha_input += path.filename().string();
  sha_input += '\0';
  sha_input += content;
  std::istringstream lines(content);
  std::string line;
  int line_number = 0;
  bool header_seen = false;
  while (std::getline(lines, line)) {
    ++line_number;
    const std::string_view trimmed = Trim(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    if (!header_seen) {
      header_seen = true;
      continue;
    }
    auto cells = Split(trimmed, '\t');
    if (cells.size() < columns) {
      throw LoadError(path.string() + ":" + std::to_string(line_number) + ": expected " + std::to_string(columns) +
                      " tab-separated columns, found " + std::to_string(cells.size()));
    }
    for (auto& cell : cells) cell = Trim(cell);
    row(cells, line_number);
  }
}

std::optional<double> ParseCoordinate(std::string_view cell, const std::filesystem::path& path, int line,
                                      double limit) {
  if (cell.empty()) return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  if (error != std::errc() || end != cell.data() + cell.size() || value < -limit || value > limit) {
    throw LoadError(path.string() + ":" + std::to_string(line) + ": bad coordinate '" + std::string(cell) + "'");
  }
  return value;
}

int KindRank(std::string_view kind) {
  if (kind == "capital") return 6;
  if (kind == "city") return 5;
  if (kind == "town") return 4;
  if (kind == "commune") return 3;
  if (kind == "village") return 2;
  return 1;
}

class Builder {
 public:
  explicit Builder(Gazetteer& gazetteer) : gazetteer_(gazetteer) {}

  void AddCommonWord(std::string_view raw) { common_words_.push_back(NormalizeKey(raw)); }

  void AddNames(std::string_view primary, std::string_view aliases, GazetteerName::Target target, std::uint32_t index) {
    AddName(primary, target, index);
    for (const auto alias : Split(aliases, '|')) AddName(Trim(alias), target, index);
  }

 private:
  void AddName(std::string_view raw, GazetteerName::Target target, std::uint32_t index) {
    if (raw.empty()) return;
    GazetteerName name;
    name.text = NormalizeKey(raw);
    std::size_t capitals = 0;
    bool lowercase = false;
    for (const char c : raw) {
      capitals += c >= 'A' && c <= 'Z' ? 1 : 0;
      lowercase |= c >= 'a' && c <= 'z';
    }
    name.acronym = capitals >= 2 && !lowercase;
    name.common_word = std::find(common_words_.begin(), common_words_.end(), name.text) != common_words_.end();
    name.target = target;
    name.index = index;
    gazetteer_.names.push_back(std::move(name));
  }
  Gazetteer& gazetteer_;
  std::vector<std::string> common_words_;  // normalised
};

}  // namespace

std::optional<std::uint32_t> Gazetteer::CountryIndex(const std::string& code) const {
  for (std::uint32_t i = 0; i < places.size(); ++i) {
    if (places[i].precision != PlacePrecision::kCountry) break;
    if (places[i].country == code) return i;
  }
  return std::nullopt;
}

Gazetteer LoadGazetteer(const std::filesystem::path& dir) {
  Gazetteer gazetteer;
  Builder builder(gazetteer);
  const auto next_index = [&gazetteer] { return static_cast<std::uint32_t>(gazetteer.places.size()); };

  // First, so every name read after it knows whether it is also a common word.
  const auto common_words = dir / "common_word_names.tsv";
  ReadTsv(common_words, 1, gazetteer.sha256_input, [&](const auto& cells, int /*line*/) {
    for (const auto name : Split(cells[0], '|')) builder.AddCommonWord(Trim(name));
  });
  const auto countries = dir / "countries.tsv";
  ReadTsv(countries, 7, gazetteer.sha256_input, [&](const auto& cells, int line) {
    GazetteerPlace place;
    place.precision = PlacePrecision::kCountry;
    place.country = std::string(cells[0]);
    place.name = std::string(cells[1]);
    place.lat = ParseCoordinate(cells[5], countries, line, 90);
    place.lon = ParseCoordinate(cells[6], countries, line, 180);
    const auto index = next_index();
    builder.AddNames(cells[1], cells[3], GazetteerName::Target::kPlace, index);
    builder.AddNames(cells[2], "", GazetteerName::Target::kPlace, index);
    builder.AddNames("", cells[4], GazetteerName::Target::kDemonym, index);
    gazetteer.places.push_back(std::move(place));
  });
  const auto admin1 = dir / "admin1.tsv";
  ReadTsv(admin1, 5, gazetteer.sha256_input, [&](const auto& cells, int line) {
    GazetteerPlace place;
    place.precision = PlacePrecision::kAdmin1;
    place.country = std::string(cells[0]);
    place.admin1 = std::string(cells[1]);
    place.name = place.admin1;
    place.lat = ParseCoordinate(cells[3], admin1, line, 90);
    place.lon = ParseCoordinate(cells[4], admin1, line, 180);
    builder.AddNames(cells[1], cells[2], GazetteerName::Target::kPlace, next_index());
    gazetteer.places.push_back(std::move(place));
  });
  const auto admin2 = dir / "admin2.tsv";
  ReadTsv(admin2, 6, gazetteer.sha256_input, [&](const auto& cells, int line) {
    GazetteerPlace place;
    place.precision = PlacePrecision::kAdmin2;
    place.country = std::string(cells[0]);
    place.admin1 = std::string(cells[1]);
    place.admin2 = std::string(cells[2]);
    place.name = place.admin2;
    place.lat = ParseCoordinate(cells[4], admin2, line, 90);
    place.lon = ParseCoordinate(cells[5], admin2, line, 180);
    builder.AddNames(cells[2], cells[3], GazetteerName::Target::kPlace, next_index());
    gazetteer.places.push_back(std::move(place));
  });
  // places.tsv, then localities_*.tsv (communes and villages, by country) in name order. One
  // flat directory, so it installs, ships in an image and mounts as a ConfigMap unchanged.
  std::vector<std::filesystem::path> place_files{dir / "places.tsv"};
  {
    std::vector<std::filesystem::path> more;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
      const std::string name = entry.path().filename().string();
      // is_regular_file follows a ConfigMap's symlinks into ..data/.
      if (name.starts_with("localities_") && name.ends_with(".tsv") && std::filesystem::is_regular_file(entry.path())) {
        more.push_back(entry.path());
      }
    }
    std::sort(more.begin(), more.end());
    place_files.insert(place_files.end(), more.begin(), more.end());
  }
  const auto admin2_index = [&gazetteer](std::string_view country, std::string_view admin1_name,
                                         std::string_view admin2_name) -> const GazetteerPlace* {
    for (const auto& unit : gazetteer.places) {
      if (unit.precision == PlacePrecision::kAdmin2 && unit.country == country && unit.admin1 == admin1_name &&
          unit.admin2 == admin2_name) {
        return &unit;
      }
    }
    return nullptr;
  };
  for (const auto& places : place_files) {
    ReadTsv(places, 8, gazetteer.sha256_input, [&](const auto& cells, int line) {
      GazetteerPlace place;
      place.precision = PlacePrecision::kTown;
      place.country = std::string(cells[0]);
      place.admin1 = std::string(cells[1]);
      place.admin2 = std::string(cells[2]);
      place.name = std::string(cells[3]);
      place.lat = ParseCoordinate(cells[5], places, line, 90);
      place.lon = ParseCoordinate(cells[6], places, line, 180);
      place.coordinate_precision = PlacePrecision::kTown;
      // A locality whose own position is not known is mapped at its unit's, and says so.
      if (!place.lat || !place.lon) {
        const GazetteerPlace* unit = admin2_index(place.country, place.admin1, place.admin2);
        place.lat = unit != nullptr ? unit->lat : std::nullopt;
        place.lon = unit != nullptr ? unit->lon : std::nullopt;
        place.coordinate_precision = unit != nullptr && unit->lat ? PlacePrecision::kAdmin2 : PlacePrecision::kNone;
      }
      place.rank = KindRank(cells[7]);
      builder.AddNames(cells[3], cells[4], GazetteerName::Target::kPlace, next_index());
      gazetteer.places.push_back(std::move(place));
    });
  }
  // Country cues read like demonyms: weak evidence for one country ("Dogon", "Katiba Macina").
  const auto cues = dir / "country_cues.tsv";
  ReadTsv(cues, 2, gazetteer.sha256_input, [&](const auto& cells, int line) {
    const auto country = gazetteer.CountryIndex(std::string(cells[0]));
    if (!country) {
      throw LoadError(cues.string() + ":" + std::to_string(line) + ": unknown country '" + std::string(cells[0]) + "'");
    }
    builder.AddNames("", cells[1], GazetteerName::Target::kDemonym, *country);
  });
  const auto actors = dir / "actors.tsv";
  ReadTsv(actors, 3, gazetteer.sha256_input, [&](const auto& cells, int /*line*/) {
    GazetteerActor actor;
    actor.name = std::string(cells[0]);
    actor.kind = std::string(cells[1]);
    actor.country = std::string(cells[2]);
    const auto index = static_cast<std::uint32_t>(gazetteer.actors.size());
    builder.AddNames(cells[0], cells.size() > 3 ? cells[3] : std::string_view{}, GazetteerName::Target::kActor, index);
    gazetteer.actors.push_back(std::move(actor));
  });
  for (auto& place : gazetteer.places) {
    if (place.coordinate_precision == PlacePrecision::kNone && place.lat && place.lon) {
      place.coordinate_precision = place.precision;
    }
  }
  return gazetteer;
}

}  // namespace sahelwatch::classify
