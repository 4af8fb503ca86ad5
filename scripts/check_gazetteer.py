#!/usr/bin/env python3
"""Validate the offline gazetteer and actor lexicon in config/gazetteer/.

Checks: header and column counts, UTF-8, ISO codes, coordinate format and range (per-country bounding
box), duplicate rows and names, admin hierarchy references (admin2 -> admin1, place -> admin1/admin2),
enumerated kinds, alias hygiene, and that each place lies near the admin unit it claims.

Usage: scripts/check_gazetteer.py [GAZETTEER_DIR]   (default: config/gazetteer next to this script)
Exit status 0 when there is no error; warnings are printed but do not fail.
"""
import math
import re
import sys
from pathlib import Path

SCHEMAS = {
    "countries.tsv": ["code", "name_en", "name_fr", "aliases", "demonyms", "lat", "lon"],
    "admin1.tsv": ["country", "name", "aliases", "lat", "lon"],
    "admin2.tsv": ["country", "admin1", "name", "aliases", "lat", "lon"],
    "places.tsv": ["country", "admin1", "admin2", "name", "aliases", "lat", "lon", "kind"],
    "actors.tsv": ["name", "kind", "country", "aliases"],
    "common_word_names.tsv": ["names", "why"],
}
PLACE_KINDS = {"capital", "city", "town", "commune", "village", "site"}
ACTOR_KINDS = {"state_force", "armed_group", "multinational_force", "militia", "government",
               "civilians", "international"}
KINDS_WITH_COUNTRY = {"state_force", "militia", "government"}
REQUIRED_COUNTRIES = {"ML", "BF", "NE", "BJ", "TG", "GH", "CI", "SN", "MR", "DZ", "LY", "TD", "NG", "CM",
                      "GN", "SL", "LR", "GM", "GW", "SD", "CF", "FR", "US", "RU", "CN", "TR"}

# Approximate bounding boxes (lat_min, lat_max, lon_min, lon_max), a little generous at the edges.
BBOX = {
    "ML": (10.0, 25.1, -12.4, 4.4), "BF": (9.3, 15.2, -5.6, 2.5), "NE": (11.6, 23.6, 0.1, 16.1),
    "BJ": (6.1, 12.5, 0.7, 3.9), "TG": (6.0, 11.2, -0.2, 1.9), "GH": (4.6, 11.2, -3.3, 1.3),
    "CI": (4.3, 10.8, -8.7, -2.4), "SN": (12.3, 16.8, -17.6, -11.3), "MR": (14.7, 27.3, -17.1, -4.8),
    "DZ": (18.9, 37.2, -8.7, 12.0), "LY": (19.4, 33.2, 9.3, 25.2), "TD": (7.4, 23.5, 13.4, 24.1),
    "NG": (4.2, 13.9, 2.6, 14.7), "CM": (1.6, 13.1, 8.4, 16.2), "GN": (7.1, 12.7, -15.1, -7.6),
    "SL": (6.9, 10.0, -13.4, -10.2), "LR": (4.3, 8.6, -11.5, -7.3), "GM": (13.0, 13.9, -16.9, -13.7),
    "GW": (10.8, 12.7, -16.8, -13.6), "SD": (8.6, 22.3, 21.8, 38.7), "CF": (2.2, 11.1, 14.4, 27.5),
    "MA": (27.6, 36.0, -13.2, -1.0), "FR": (41.3, 51.1, -5.2, 9.6), "US": (18.0, 72.0, -180.0, -66.0),
    "RU": (41.1, 82.0, 19.6, 180.0), "CN": (18.1, 53.6, 73.5, 135.1), "TR": (35.8, 42.2, 25.6, 44.9),
    "UA": (44.3, 52.4, 22.1, 40.3), "DE": (47.2, 55.1, 5.8, 15.1), "GB": (49.8, 60.9, -8.7, 1.8),
}
# Countries whose rows must also fall in the Sahel working window; the others only need valid degrees.
OUTSIDE_WINDOW = {"FR", "US", "RU", "CN", "TR", "UA", "DE", "GB", "SD"}
SAHEL_WINDOW = (-5.0, 40.0, -20.0, 30.0)
COORD_FORMAT = re.compile(r"^-?\d{1,3}\.\d{4}$")
# A place farther than this from the admin2 unit it names is probably attributed to the wrong unit.
MAX_PLACE_TO_ADMIN2_KM = 200.0
MAX_ADMIN2_TO_ADMIN1_KM = 600.0


class Report:
    def __init__(self):
        self.errors = []
        self.warnings = []

    def error(self, where, message):
        self.errors.append(f"{where}: {message}")

    def warn(self, where, message):
        self.warnings.append(f"{where}: {message}")


def distance_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def read_table(path, report, schema=None):
    """Rows as dicts (with '_line'), after checking encoding, header and column count."""
    name = path.name
    schema = schema or path.name
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        report.error(name, f"not UTF-8 ({exc})")
        return []
    header = None
    rows = []
    seen_lines = {}
    for number, line in enumerate(text.split("\n"), 1):
        if line.endswith("\r"):
            report.error(f"{name}:{number}", "CRLF line ending")
            line = line[:-1]
        if not line or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            if header != SCHEMAS[schema]:
                report.error(f"{name}:{number}", f"header {header} != {SCHEMAS[schema]}")
                return []
            continue
        if len(cells) != len(header):
            report.error(f"{name}:{number}", f"{len(cells)} columns, want {len(header)}")
            continue
        if line in seen_lines:
            report.error(f"{name}:{number}", f"duplicate of line {seen_lines[line]}")
        seen_lines[line] = number
        for column, cell in zip(header, cells):
            if cell != cell.strip():
                report.error(f"{name}:{number}", f"{column} has leading/trailing space")
        row = dict(zip(header, cells))
        row["_line"] = number
        rows.append(row)
    if header is None:
        report.error(name, "no header line")
    return rows


def check_aliases(where, row, columns, report):
    for column in columns:
        value = row[column]
        if not value:
            continue
        parts = value.split("|")
        if any(not p.strip() for p in parts):
            report.error(where, f"empty alias in {column}")
        lowered = [p.lower() for p in parts]
        if len(set(lowered)) != len(lowered):
            report.warn(where, f"repeated alias in {column}")


def check_coordinates(where, row, country, report):
    """Returns (lat, lon) or None."""
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
    except ValueError:
        report.error(where, f"coordinates not numbers: {row['lat']!r}, {row['lon']!r}")
        return None
    for column in ("lat", "lon"):
        if not COORD_FORMAT.match(row[column]):
            report.error(where, f"{column} {row[column]!r} is not written with 4 decimals")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        report.error(where, f"coordinates out of range: {lat}, {lon}")
        return None
    if country not in OUTSIDE_WINDOW:
        la0, la1, lo0, lo1 = SAHEL_WINDOW
        if not (la0 <= lat <= la1 and lo0 <= lon <= lo1):
            report.error(where, f"({lat}, {lon}) outside the Sahel window lat {la0}..{la1} lon {lo0}..{lo1}")
    box = BBOX.get(country)
    if box is None:
        report.warn(where, f"no bounding box known for {country}")
    elif not (box[0] <= lat <= box[1] and box[2] <= lon <= box[3]):
        report.error(where, f"({lat}, {lon}) outside {country}'s bounding box {box}")
    return lat, lon


def check_countries(rows, report):
    codes = {}
    for row in rows:
        where = f"countries.tsv:{row['_line']}"
        code = row["code"]
        if not re.fullmatch(r"[A-Z]{2}", code):
            report.error(where, f"code {code!r} is not ISO 3166 alpha-2")
        if code in codes:
            report.error(where, f"code {code} repeated (line {codes[code]['_line']})")
        codes[code] = row
        if not row["name_en"] or not row["name_fr"]:
            report.error(where, "name_en and name_fr are required")
        check_aliases(where, row, ("aliases", "demonyms"), report)
        check_coordinates(where, row, code, report)
    for missing in sorted(REQUIRED_COUNTRIES - codes.keys()):
        report.error("countries.tsv", f"required country {missing} missing")
    return codes


def check_admin1(rows, codes, report):
    units = {}
    for row in rows:
        where = f"admin1.tsv:{row['_line']}"
        country = row["country"]
        if country not in codes:
            report.error(where, f"country {country!r} not in countries.tsv")
        if not row["name"]:
            report.error(where, "empty name")
        key = (country, row["name"])
        if key in units:
            report.error(where, f"admin1 {key} repeated (line {units[key]['_line']})")
        check_aliases(where, row, ("aliases",), report)
        row["_coords"] = check_coordinates(where, row, country, report)
        units[key] = row
    return units


def check_admin2(rows, codes, admin1, report):
    units = {}
    for row in rows:
        where = f"admin2.tsv:{row['_line']}"
        country = row["country"]
        if country not in codes:
            report.error(where, f"country {country!r} not in countries.tsv")
        parent = admin1.get((country, row["admin1"]))
        if parent is None:
            report.error(where, f"admin1 {row['admin1']!r} of {country} not in admin1.tsv")
        if not row["name"]:
            report.error(where, "empty name")
        key = (country, row["admin1"], row["name"])
        if key in units:
            report.error(where, f"admin2 {key} repeated (line {units[key]['_line']})")
        check_aliases(where, row, ("aliases",), report)
        coords = check_coordinates(where, row, country, report)
        row["_coords"] = coords
        if coords and parent and parent.get("_coords"):
            km = distance_km(*coords, *parent["_coords"])
            if km > MAX_ADMIN2_TO_ADMIN1_KM:
                report.warn(where, f"{row['name']} is {km:.0f} km from the centroid of {row['admin1']}")
        units[key] = row
    return units


def check_places(rows, codes, admin1, admin2, report, file_name="places.tsv", keys=None, optional_coords=False):
    keys = {} if keys is None else keys
    for row in rows:
        where = f"{file_name}:{row['_line']}"
        country = row["country"]
        if country not in codes:
            report.error(where, f"country {country!r} not in countries.tsv")
        if row["admin1"] and (country, row["admin1"]) not in admin1:
            report.error(where, f"admin1 {row['admin1']!r} of {country} not in admin1.tsv")
        unit = None
        if row["admin2"]:
            if not row["admin1"]:
                report.error(where, "admin2 given without admin1")
            unit = admin2.get((country, row["admin1"], row["admin2"]))
            if unit is None:
                report.error(where, f"admin2 {row['admin2']!r} in {row['admin1']!r} of {country} "
                                    "not in admin2.tsv")
        if row["kind"] not in PLACE_KINDS:
            report.error(where, f"kind {row['kind']!r} not one of {sorted(PLACE_KINDS)}")
        if not row["name"]:
            report.error(where, "empty name")
        key = (country, row["admin1"], row["admin2"], row["name"])
        if key in keys:
            report.error(where, f"place {key} repeated (line {keys[key]})")
        keys[key] = row["_line"]
        check_aliases(where, row, ("aliases",), report)
        if optional_coords and not row["lat"] and not row["lon"]:
            if not unit:
                report.error(where, "a locality without coordinates needs its admin2 (it is mapped there)")
            continue
        coords = check_coordinates(where, row, country, report)
        if coords and unit and unit.get("_coords"):
            km = distance_km(*coords, *unit["_coords"])
            if km > MAX_PLACE_TO_ADMIN2_KM:
                report.warn(where, f"{row['name']} is {km:.0f} km from {row['admin2']}")


def check_locality_names(tables, report):
    """A locality named like a place, unit or country already listed in its country is a duplicate;
    one named like a place of another country is legal (the article's other places settle it) but
    worth knowing."""
    def fold(name):
        import unicodedata
        decomposed = unicodedata.normalize("NFKD", name.lower())
        return re.sub(r"[^a-z0-9]+", " ", "".join(c for c in decomposed if not unicodedata.combining(c))).strip()

    known = {}  # folded name -> {country: where}
    def add(name, country, where):
        if name:
            known.setdefault(fold(name), {}).setdefault(country, where)
    for row in tables["countries.tsv"]:
        for name in [row["name_en"], row["name_fr"]] + row["aliases"].split("|"):
            add(name, row["code"], f"countries.tsv:{row['_line']}")
    for file_name, name_column in (("admin1.tsv", "name"), ("admin2.tsv", "name"), ("places.tsv", "name")):
        for row in tables[file_name]:
            for name in [row[name_column]] + row["aliases"].split("|"):
                add(name, row["country"], f"{file_name}:{row['_line']}")
    for file_name, rows in tables.items():
        if not file_name.startswith("localities_"):
            continue
        for row in rows:
            where = f"{file_name}:{row['_line']}"
            for name in [row["name"]] + [a for a in row["aliases"].split("|") if a]:
                folded = fold(name)
                if len(folded.replace(" ", "")) < 4:
                    report.error(where, f"name {name!r} is shorter than four letters (too often a word)")
                owners = known.get(folded, {})
                if row["country"] in owners:
                    report.error(where, f"{name!r} already listed in {row['country']} at {owners[row['country']]}")
                elif owners:
                    report.warn(where, f"{name!r} is also a place of {', '.join(sorted(owners))}")
            for name in [row["name"]] + [a for a in row["aliases"].split("|") if a]:
                add(name, row["country"], where)


def check_actors(rows, codes, report):
    names = {}
    alias_owner = {}
    for row in rows:
        where = f"actors.tsv:{row['_line']}"
        kind, country = row["kind"], row["country"]
        if not row["name"]:
            report.error(where, "empty name")
        if kind not in ACTOR_KINDS:
            report.error(where, f"kind {kind!r} not one of {sorted(ACTOR_KINDS)}")
        if kind in KINDS_WITH_COUNTRY:
            # A state force's generic name ("FDS", "defence and security forces") may leave
            # the country to the places around it; a militia always has a home.
            if country not in codes and not (kind == "state_force" and country == ""):
                report.error(where, f"{kind} needs a country from countries.tsv, got {country!r}")
        elif country:
            report.error(where, f"{kind} rows leave country empty, got {country!r}")
        if row["name"] in names:
            report.error(where, f"actor {row['name']!r} repeated (line {names[row['name']]})")
        names[row["name"]] = row["_line"]
        check_aliases(where, row, ("aliases",), report)
        for alias in [row["name"]] + [a for a in row["aliases"].split("|") if a]:
            owner = alias_owner.get(alias.lower())
            if owner is not None and owner != row["name"]:
                report.error(where, f"alias {alias!r} also belongs to {owner!r}")
            alias_owner[alias.lower()] = row["name"]


def main(argv):
    directory = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "config/gazetteer"
    report = Report()
    tables = {}
    for name in SCHEMAS:
        path = directory / name
        if not path.is_file():
            report.error(name, f"missing ({path})")
            tables[name] = []
            continue
        tables[name] = read_table(path, report)
    codes = check_countries(tables["countries.tsv"], report)
    admin1 = check_admin1(tables["admin1.tsv"], codes, report)
    admin2 = check_admin2(tables["admin2.tsv"], codes, admin1, report)
    place_keys = {}
    check_places(tables["places.tsv"], codes, admin1, admin2, report, keys=place_keys)
    # localities_<CC>.tsv: communes and villages, places.tsv's columns, coordinates optional.
    localities = sorted(directory.glob("localities_*.tsv"))
    for path in localities:
        rows = read_table(path, report, schema="places.tsv")
        tables[path.name] = rows
        check_places(rows, codes, admin1, admin2, report, file_name=path.name, keys=place_keys,
                     optional_coords=True)
    check_locality_names(tables, report)
    check_actors(tables["actors.tsv"], codes, report)

    for warning in report.warnings:
        print(f"warning: {warning}")
    for error in report.errors:
        print(f"error: {error}")
    counts = ", ".join(f"{name} {len(rows)}" for name, rows in tables.items())
    print(f"rows: {counts}")
    print(f"{len(report.errors)} errors, {len(report.warnings)} warnings")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
