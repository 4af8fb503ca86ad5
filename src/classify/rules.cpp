#include "classify/rules.h"

#include <hs/hs.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "classify/database_cache.h"
#include "core/text.h"

namespace sahelwatch::classify {
namespace {

constexpr std::string_view kRegexMeta = "()[]|?*+\\{";

bool LooksLikeRegex(std::string_view phrase) { return phrase.find_first_of(kRegexMeta) != std::string_view::npos; }

int LineOf(const YAML::Node& node) { return node.Mark().line + 1; }

class FileParser {
 public:
  FileParser(std::string file, std::vector<std::string>& problems) : file_(std::move(file)), problems_(problems) {}

  void Problem(int line, const std::string& message) {
    problems_.push_back(file_ + ":" + std::to_string(line) + ": " + message);
  }
  SourceLocation At(const YAML::Node& node) const { return {file_, LineOf(node)}; }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::vector<std::string>& problems_;
};

// A phrase list as written, before list names are resolved.
struct RawItems {
  std::vector<std::pair<std::string, SourceLocation>> items;
};

struct RawRule {
  RuleDef def;
  RawItems trigger, context, before, after, exclude;
};
struct RawCue {
  CueDef def;
  RawItems items;
};
struct RawCount {
  CountDef def;
  RawItems items;
};

bool ReadItems(FileParser& parser, const YAML::Node& node, const char* key, RawItems& out, bool required) {
  const YAML::Node list = node[key];
  if (!list) {
    if (required) parser.Problem(LineOf(node), std::string("missing '") + key + "'");
    return !required;
  }
  if (!list.IsSequence()) {
    parser.Problem(LineOf(list), std::string("'") + key + "' must be a list of phrases");
    return false;
  }
  for (const auto& item : list) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      parser.Problem(LineOf(item), std::string("'") + key + "' items must be non-empty strings");
      continue;
    }
    // A quoted phrase that lost its opening quote still parses, as a plain phrase with a
    // stray closing quote that no text would ever match.
    const std::string& text = item.Scalar();
    if (item.Tag() == "?" && (text.back() == '\'' || text.back() == '"')) {
      parser.Problem(LineOf(item), "phrase '" + text + "' ends in a stray quote (quote the whole phrase)");
      continue;
    }
    out.items.emplace_back(text, parser.At(item));
  }
  if (required && out.items.empty()) {
    parser.Problem(LineOf(list), std::string("'") + key + "' must not be empty");
    return false;
  }
  return true;
}

// A key given twice is an error, not a silent override: YAML readers keep only one of
// them, so the other's phrases would quietly do nothing.
void CheckKeys(FileParser& parser, const YAML::Node& node, const std::set<std::string>& allowed) {
  std::set<std::string> seen;
  for (const auto& entry : node) {
    const auto key = entry.first.as<std::string>("");
    if (!allowed.contains(key)) parser.Problem(LineOf(entry.first), "unknown key '" + key + "'");
    if (!seen.insert(key).second) parser.Problem(LineOf(entry.first), "key '" + key + "' given twice");
  }
}

std::optional<std::uint32_t> ReadUnsigned(FileParser& parser, const YAML::Node& node, const char* key,
                                          std::uint32_t fallback) {
  const YAML::Node value = node[key];
  if (!value) return fallback;
  try {
    const long long parsed = value.as<long long>();
    if (parsed < 0 || parsed > 100000) throw YAML::Exception(value.Mark(), "range");
    return static_cast<std::uint32_t>(parsed);
  } catch (const YAML::Exception&) {
    parser.Problem(LineOf(value), std::string("'") + key + "' must be an integer 0..100000");
    return std::nullopt;
  }
}

std::optional<CueKind> ParseCueKind(std::string_view name) {
  if (name == "negated") return CueKind::kNegated;
  if (name == "planned") return CueKind::kPlanned;
  if (name == "background") return CueKind::kBackground;
  if (name == "habitual") return CueKind::kHabitual;
  if (name == "generic") return CueKind::kGeneric;
  if (name == "hearsay") return CueKind::kHearsay;
  if (name == "foiled") return CueKind::kFoiled;
  if (name == "off_topic") return CueKind::kOffTopic;
  if (name == "separate") return CueKind::kSeparate;
  if (name == "superseded") return CueKind::kSuperseded;
  return std::nullopt;
}
std::optional<CueScope> ParseCueScope(std::string_view name) {
  if (name == "before") return CueScope::kBefore;
  if (name == "after") return CueScope::kAfter;
  if (name == "around") return CueScope::kAround;
  if (name == "sentence") return CueScope::kSentence;
  if (name == "self") return CueScope::kSelf;
  return std::nullopt;
}
std::optional<CountKind> ParseCountKind(std::string_view name) {
  if (name == "killed") return CountKind::kKilled;
  if (name == "injured") return CountKind::kInjured;
  if (name == "abducted") return CountKind::kAbducted;
  if (name == "displaced") return CountKind::kDisplaced;
  return std::nullopt;
}

std::optional<std::string> CompileError(const std::string& expression, DatabaseCache& cache) {
  try {
    cache.Compile(expression, kSingleRegexFlags);
  } catch (const DatabaseCompileError& error) {
    return error.what();
  }
  return std::nullopt;
}

struct ParsedFiles {
  std::map<std::string, RawItems> lists;
  std::map<std::string, SourceLocation> list_where;
  std::vector<RawRule> rules;
  std::vector<RawCue> cues;
  std::vector<RawCount> counts;
  std::vector<RawItems> fillers;
};

void ParseEntry(FileParser& parser, const YAML::Node& entry, ParsedFiles& out) {
  if (!entry.IsMap()) {
    parser.Problem(LineOf(entry), "each entry must be a map (list, rule, cue, count or filler)");
    return;
  }
  if (entry["list"]) {
    CheckKeys(parser, entry, {"list", "items"});
    const auto name = entry["list"].as<std::string>("");
    if (name.empty()) return parser.Problem(LineOf(entry), "list needs a name");
    if (out.lists.contains(name)) {
      return parser.Problem(LineOf(entry), "list '" + name + "' already defined at " + out.list_where[name].ToString());
    }
    RawItems items;
    ReadItems(parser, entry, "items", items, true);
    out.lists[name] = std::move(items);
    out.list_where[name] = parser.At(entry);
  } else if (entry["rule"]) {
    CheckKeys(parser, entry,
              {"rule", "type", "subtype", "lang", "priority", "trigger", "context", "before", "after", "exclude",
               "window", "suppress", "suppress_back", "suppress_ahead", "dependent", "standalone", "status", "desc"});
    RawRule rule;
    rule.def.where = parser.At(entry);
    rule.def.id = entry["rule"].as<std::string>("");
    if (rule.def.id.empty()) parser.Problem(LineOf(entry), "rule needs an id");
    const auto type_name = entry["type"] ? entry["type"].as<std::string>("") : "";
    const auto type = ParseEventType(type_name);
    if (!type) {
      parser.Problem(LineOf(entry["type"] ? entry["type"] : entry),
                     "rule '" + rule.def.id + "': unknown type '" + type_name + "'");
    } else {
      rule.def.type = *type;
    }
    rule.def.subtype = entry["subtype"] ? entry["subtype"].as<std::string>("") : "";
    if (type && !rule.def.subtype.empty() && rule.def.subtype.rfind(std::string(Name(*type)) + "/", 0) != 0) {
      parser.Problem(LineOf(entry["subtype"]),
                     "subtype '" + rule.def.subtype + "' must start with '" + std::string(Name(*type)) + "/'");
    }
    if (entry["lang"]) {
      rule.def.lang = entry["lang"].as<std::string>("");
      if (rule.def.lang != "en" && rule.def.lang != "fr" && rule.def.lang != "any") {
        parser.Problem(LineOf(entry["lang"]), "lang must be en, fr or any");
      }
    }
    if (const auto priority = ReadUnsigned(parser, entry, "priority", 50)) {
      rule.def.priority = static_cast<int>(*priority);
    }
    if (const auto window = ReadUnsigned(parser, entry, "window", 0)) rule.def.window = *window;
    if (const auto back = ReadUnsigned(parser, entry, "suppress_back", 0)) rule.def.suppress_back = *back;
    if (const auto ahead = ReadUnsigned(parser, entry, "suppress_ahead", 0)) rule.def.suppress_ahead = *ahead;
    for (const auto& [key, flag] :
         {std::pair{"dependent", &rule.def.dependent}, std::pair{"standalone", &rule.def.standalone}}) {
      if (const YAML::Node node = entry[key]) {
        try {
          *flag = node.as<bool>();
        } catch (const YAML::Exception&) {
          parser.Problem(LineOf(node), std::string("'") + key + "' must be true or false");
        }
      }
    }
    if (const YAML::Node status = entry["status"]) {
      const auto parsed_status = ParseEventStatus(status.as<std::string>(""));
      if (!parsed_status) {
        parser.Problem(LineOf(status), "status must be occurred, planned, background or negated");
      } else {
        rule.def.default_status = *parsed_status;
      }
    }
    if (const YAML::Node suppress = entry["suppress"]) {
      if (!suppress.IsSequence()) {
        parser.Problem(LineOf(suppress), "'suppress' must be a list of types");
      } else {
        for (const auto& item : suppress) {
          const auto suppressed = ParseEventType(item.as<std::string>(""));
          if (!suppressed) {
            parser.Problem(LineOf(item), "unknown type '" + item.as<std::string>("") + "'");
          } else {
            rule.def.suppress.push_back(*suppressed);
          }
        }
      }
    }
    ReadItems(parser, entry, "trigger", rule.trigger, true);
    ReadItems(parser, entry, "context", rule.context, false);
    ReadItems(parser, entry, "before", rule.before, false);
    ReadItems(parser, entry, "after", rule.after, false);
    ReadItems(parser, entry, "exclude", rule.exclude, false);
    out.rules.push_back(std::move(rule));
  } else if (entry["cue"]) {
    CheckKeys(parser, entry, {"cue", "scope", "window", "items"});
    RawCue cue;
    cue.def.where = parser.At(entry);
    const auto kind = ParseCueKind(entry["cue"].as<std::string>(""));
    if (!kind) {
      parser.Problem(LineOf(entry),
                     "cue must be negated, planned, background, habitual, generic, hearsay, foiled, off_topic, "
                     "separate or superseded");
    } else {
      cue.def.kind = *kind;
    }
    const auto scope = ParseCueScope(entry["scope"] ? entry["scope"].as<std::string>("") : "sentence");
    if (!scope) {
      parser.Problem(LineOf(entry["scope"]), "scope must be before, after, around, sentence or self");
    } else {
      cue.def.scope = *scope;
    }
    if (const auto window = ReadUnsigned(parser, entry, "window", 0)) cue.def.window = *window;
    ReadItems(parser, entry, "items", cue.items, true);
    out.cues.push_back(std::move(cue));
  } else if (entry["count"]) {
    CheckKeys(parser, entry, {"count", "items"});
    RawCount count;
    const auto kind = ParseCountKind(entry["count"].as<std::string>(""));
    if (!kind) {
      parser.Problem(LineOf(entry), "count must be killed, injured, abducted or displaced");
    } else {
      count.def.kind = *kind;
    }
    ReadItems(parser, entry, "items", count.items, true);
    out.counts.push_back(std::move(count));
  } else if (entry["filler"]) {
    CheckKeys(parser, entry, {"filler", "items"});
    RawItems items;
    ReadItems(parser, entry, "items", items, true);
    out.fillers.push_back(std::move(items));
  } else {
    parser.Problem(LineOf(entry), "entry must have one of: list, rule, cue, count, filler");
  }
}

// Expands list names (Falco style: a bare name of a defined list stands for its items).
class Resolver {
 public:
  Resolver(const ParsedFiles& parsed, std::vector<std::string>& problems, DatabaseCache& cache)
      : parsed_(parsed), problems_(problems), cache_(cache) {}

  std::vector<Phrase> Resolve(const RawItems& raw) {
    std::vector<Phrase> out;
    for (const auto& [text, where] : raw.items) Expand(text, where, out, 0);
    return out;
  }

 private:
  void Expand(const std::string& text, const SourceLocation& where, std::vector<Phrase>& out, int depth) {
    if (const auto it = parsed_.lists.find(text); it != parsed_.lists.end()) {
      if (depth > 8) {
        problems_.push_back(where.ToString() + ": list '" + text + "' nests too deeply (a cycle?)");
        return;
      }
      for (const auto& [item, item_where] : it->second.items) Expand(item, item_where, out, depth + 1);
      return;
    }
    if (text.find('_') != std::string::npos && !LooksLikeRegex(text)) {
      problems_.push_back(where.ToString() + ": unknown list '" + text + "'");
      return;
    }
    Phrase phrase;
    phrase.is_regex = LooksLikeRegex(text);
    // Regexes keep their escapes; only their letters are folded like the text.
    phrase.pattern = NormalizeKey(text);
    phrase.where = where;
    // A pattern that expands to literals is valid as it stands; only richer ones need
    // Hyperscan's verdict (compiling each one costs milliseconds).
    if (phrase.is_regex && !ExpandToLiterals(phrase.pattern, kMaxLiteralExpansion)) {
      if (const auto error = CompileError(PhraseExpression(phrase), cache_)) {
        problems_.push_back(where.ToString() + ": bad pattern '" + text + "': " + *error);
        return;
      }
    }
    out.push_back(std::move(phrase));
  }

  const ParsedFiles& parsed_;
  std::vector<std::string>& problems_;
  DatabaseCache& cache_;
};

}  // namespace

std::string PhraseExpression(const Phrase& phrase) {
  if (phrase.is_regex) return "\\b(?:" + phrase.pattern + ")\\b";
  const auto is_word = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  std::string expression = !phrase.pattern.empty() && is_word(phrase.pattern.front()) ? "\\b" : "";
  for (const char c : phrase.pattern) {
    const bool word =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' || static_cast<unsigned char>(c) >= 0x80;
    if (word) {
      expression += c;
    } else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
      expression += hex;
    }
  }
  if (!phrase.pattern.empty() && is_word(phrase.pattern.back())) expression += "\\b";
  return expression;
}

namespace {

// Recursive descent over the regex subset ExpandToLiterals accepts.
class LiteralExpander {
 public:
  LiteralExpander(std::string_view pattern, std::size_t limit) : pattern_(pattern), limit_(limit) {}

  std::optional<std::vector<std::string>> Run() {
    auto result = Alternation();
    if (!result || position_ != pattern_.size()) return std::nullopt;
    return result;
  }

 private:
  std::optional<std::vector<std::string>> Alternation() {
    auto result = Sequence();
    if (!result) return std::nullopt;
    while (position_ < pattern_.size() && pattern_[position_] == '|') {
      ++position_;
      auto more = Sequence();
      if (!more) return std::nullopt;
      result->insert(result->end(), more->begin(), more->end());
      if (result->size() > limit_) return std::nullopt;
    }
    return result;
  }

  std::optional<std::vector<std::string>> Sequence() {
    std::vector<std::string> result{""};
    while (position_ < pattern_.size() && pattern_[position_] != '|' && pattern_[position_] != ')') {
      auto atom = Atom();
      if (!atom) return std::nullopt;
      if (position_ < pattern_.size() && pattern_[position_] == '?') {
        ++position_;
        atom->emplace_back();
      }
      if (result.size() * atom->size() > limit_) return std::nullopt;
      std::vector<std::string> product;
      product.reserve(result.size() * atom->size());
      for (const auto& head : result) {
        for (const auto& tail : *atom) product.push_back(head + tail);
      }
      result = std::move(product);
    }
    return result;
  }

  std::optional<std::vector<std::string>> Atom() {
    const char c = pattern_[position_];
    if (c == '(') {
      ++position_;
      if (pattern_.substr(position_, 2) == "?:") position_ += 2;
      auto inner = Alternation();
      if (!inner || position_ >= pattern_.size() || pattern_[position_] != ')') return std::nullopt;
      ++position_;
      return inner;
    }
    if (c == '[') {
      ++position_;
      std::vector<std::string> chars;
      while (position_ < pattern_.size() && pattern_[position_] != ']') {
        const char first = pattern_[position_];
        if (first == '^' || first == '\\' || first == '[') return std::nullopt;
        if (position_ + 2 < pattern_.size() && pattern_[position_ + 1] == '-' && pattern_[position_ + 2] != ']') {
          for (char x = first; x <= pattern_[position_ + 2]; ++x) chars.emplace_back(1, x);
          position_ += 3;
        } else {
          chars.emplace_back(1, first);
          ++position_;
        }
      }
      if (position_ >= pattern_.size()) return std::nullopt;
      ++position_;
      return chars;
    }
    if (std::string_view("+*{}.\\^$?]").find(c) != std::string_view::npos) return std::nullopt;
    ++position_;
    return std::vector<std::string>{std::string(1, c)};
  }

  std::string_view pattern_;
  std::size_t limit_;
  std::size_t position_ = 0;
};

}  // namespace

std::optional<std::vector<std::string>> ExpandToLiterals(std::string_view pattern, std::size_t limit) {
  return LiteralExpander(pattern, limit).Run();
}

namespace {

// Where the character class opened at `open` closes (npos when it does not). A ']' first
// in the class (after '[' or "[^") is a member.
std::size_t ClassEnd(std::string_view pattern, std::size_t open) {
  std::size_t i = open + 1;
  if (i < pattern.size() && pattern[i] == '^') ++i;
  if (i < pattern.size() && pattern[i] == ']') ++i;
  for (; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      ++i;
    } else if (pattern[i] == ']') {
      return i;
    }
  }
  return std::string_view::npos;
}

// Where the group opened at `open` closes (npos when it does not), over escapes and classes.
std::size_t GroupEnd(std::string_view pattern, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      ++i;
    } else if (c == '[') {
      i = ClassEnd(pattern, i);
      if (i == std::string_view::npos) return i;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::vector<std::string_view> SplitAlternatives(std::string_view pattern) {
  if (!pattern.empty() && pattern.front() == '(' && GroupEnd(pattern, 0) == pattern.size() - 1) {
    pattern = pattern.substr(1, pattern.size() - 2);
    if (pattern.starts_with("?:")) pattern.remove_prefix(2);
  }
  std::vector<std::string_view> alternatives;
  std::size_t start = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      ++i;
    } else if (c == '(' || c == '[') {
      i = c == '(' ? GroupEnd(pattern, i) : ClassEnd(pattern, i);
      if (i == std::string_view::npos) return {pattern};  // unbalanced: leave it whole
    } else if (c == '|') {
      alternatives.push_back(pattern.substr(start, i - start));
      start = i + 1;
    }
  }
  alternatives.push_back(pattern.substr(start));
  return alternatives;
}

namespace {

// One item of a sequence: a character, an escape, a class or a group, with its quantifier.
struct PatternAtom {
  std::size_t begin = 0;
  std::size_t end = 0;  // past the quantifier
};

// The atoms of a sequence (no top-level '|'); nullopt when it does not parse.
std::optional<std::vector<PatternAtom>> SequenceAtoms(std::string_view sequence) {
  std::vector<PatternAtom> atoms;
  for (std::size_t i = 0; i < sequence.size();) {
    PatternAtom atom;
    atom.begin = i;
    const char c = sequence[i];
    if (c == '\\') {
      i += i + 1 < sequence.size() && sequence[i + 1] == 'x' ? std::size_t{4} : std::size_t{2};
    } else if (c == '[' || c == '(') {
      const std::size_t close = c == '[' ? ClassEnd(sequence, i) : GroupEnd(sequence, i);
      if (close == std::string_view::npos) return std::nullopt;
      i = close + 1;
    } else if (std::string_view("|)]}*+?{").find(c) != std::string_view::npos) {
      return std::nullopt;
    } else {
      ++i;
    }
    if (i > sequence.size()) return std::nullopt;
    bool quantified = false;
    if (i < sequence.size() && (sequence[i] == '?' || sequence[i] == '*' || sequence[i] == '+')) {
      ++i;
      quantified = true;
    } else if (i < sequence.size() && sequence[i] == '{') {
      const std::size_t close = sequence.find('}', i);
      if (close == std::string_view::npos) return std::nullopt;
      i = close + 1;
      quantified = true;
    }
    if (quantified && i < sequence.size() && (sequence[i] == '?' || sequence[i] == '+')) ++i;  // lazy, possessive
    atom.end = i;
    atoms.push_back(atom);
  }
  return atoms;
}

}  // namespace

std::vector<std::string> WithoutOptionalGroups(std::string_view pattern, std::size_t limit) {
  std::vector<std::string> result;
  for (const std::string_view alternative : SplitAlternatives(pattern)) {
    const auto atoms = SequenceAtoms(alternative);
    std::vector<std::string> variants{""};
    for (const PatternAtom& atom : atoms ? *atoms : std::vector<PatternAtom>{}) {
      const std::string_view text = alternative.substr(atom.begin, atom.end - atom.begin);
      const bool optional_group = text.size() >= 3 && text.front() == '(' && text.ends_with(")?");
      const std::string_view group = text.substr(0, text.size() - 1);
      if (optional_group && !ExpandToLiterals(group, kMaxLiteralExpansion)) {
        const std::size_t count = variants.size();
        for (std::size_t v = 0; v < count; ++v) variants.push_back(variants[v] + std::string(group));
      } else {
        for (auto& variant : variants) variant += text;
      }
    }
    if (!atoms || variants.size() > limit) {
      result.emplace_back(alternative);
    } else {
      result.insert(result.end(), variants.begin(), variants.end());
    }
  }
  return result;
}

std::string LiteralExpression(std::string_view text) {
  std::string expression;
  for (const char c : text) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ';
    if (plain) {
      expression += c;
    } else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
      expression += hex;
    }
  }
  return expression;
}

std::vector<std::filesystem::path> RuleFilesIn(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

RuleBook ParseRuleFiles(const std::vector<std::filesystem::path>& files, std::vector<std::string>& problems,
                        DatabaseCache* cache) {
  DatabaseCache memory_only;
  RuleBook book;
  ParsedFiles parsed;
  for (const auto& path : files) {
    FileParser parser(path.string(), problems);
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      parser.Problem(0, "cannot open");
      continue;
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    const std::string content = bytes.str();
    book.sha256_input += path.filename().string();
    book.sha256_input += '\0';
    book.sha256_input += content;
    YAML::Node root;
    try {
      root = YAML::Load(content);
    } catch (const YAML::Exception& error) {
      parser.Problem(error.mark.line + 1, error.msg);
      continue;
    }
    if (root.IsNull()) continue;
    if (!root.IsSequence()) {
      parser.Problem(LineOf(root), "a rule file is a list of entries");
      continue;
    }
    for (const auto& entry : root) {
      try {
        ParseEntry(parser, entry, parsed);
      } catch (const YAML::Exception& error) {
        parser.Problem(error.mark.line + 1, error.msg);
      }
    }
  }

  Resolver resolver(parsed, problems, cache != nullptr ? *cache : memory_only);
  std::set<std::string> rule_ids;
  for (auto& raw : parsed.rules) {
    if (!raw.def.id.empty() && !rule_ids.insert(raw.def.id).second) {
      problems.push_back(raw.def.where.ToString() + ": duplicate rule id '" + raw.def.id + "'");
    }
    raw.def.trigger = resolver.Resolve(raw.trigger);
    raw.def.context = resolver.Resolve(raw.context);
    raw.def.before = resolver.Resolve(raw.before);
    raw.def.after = resolver.Resolve(raw.after);
    raw.def.exclude = resolver.Resolve(raw.exclude);
    book.rules.push_back(std::move(raw.def));
  }
  for (auto& raw : parsed.cues) {
    raw.def.items = resolver.Resolve(raw.items);
    book.cues.push_back(std::move(raw.def));
  }
  for (auto& raw : parsed.counts) {
    raw.def.items = resolver.Resolve(raw.items);
    book.counts.push_back(std::move(raw.def));
  }
  for (const auto& raw : parsed.fillers) {
    for (const auto& phrase : resolver.Resolve(raw)) book.count_fillers.push_back(phrase.pattern);
  }
  return book;
}

}  // namespace sahelwatch::classify
