#include "storage/log_entries.h"

#include <algorithm>
#include <cereal/archives/json.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "storage/entry_codec.h"

namespace sluice::storage {
namespace {

// The pinned configuration as a JSON object whose keys are the option names.
struct PinnedConf {
  std::map<std::string, std::string>* values;
};
template <class Archive>
void save(Archive& ar, const PinnedConf& c) {
  for (const auto& [k, v] : *c.values) ar(cereal::make_nvp(k, v));
}
template <class Archive>
void load(Archive& ar, PinnedConf& c) {
  while (const char* name = ar.getNodeName()) {
    std::string value;
    ar(value);
    (*c.values)[name] = value;
  }
}

}  // namespace

// Field names of the recorded query schema in `metadata` (docs/formats.md). Found by cereal's
// argument-dependent lookup, so they live in the types' namespace.
template <class Archive>
void serialize(Archive& ar, SchemaColumn& c) {
  ar(cereal::make_nvp("name", c.name), cereal::make_nvp("type", c.type));
}
template <class Archive>
void serialize(Archive& ar, SourceSchema& s) {
  ar(cereal::make_nvp("name", s.name), cereal::make_nvp("columns", s.columns));
}
template <class Archive>
void serialize(Archive& ar, OperatorStateSchema& o) {
  ar(cereal::make_nvp("name", o.name), cereal::make_nvp("key", o.key),
     cereal::make_nvp("value", o.value));
}
template <class Archive>
void serialize(Archive& ar, QuerySchema& q) {
  ar(cereal::make_nvp("sources", q.sources), cereal::make_nvp("statefulOperators", q.stateful));
}

namespace {

// Runs `write` on a single-line cereal JSON archive and returns the line.
template <typename F>
std::string JsonLine(F write) {
  std::ostringstream os;
  {
    cereal::JSONOutputArchive ar(os, cereal::JSONOutputArchive::Options::NoIndent());
    write(ar);
  }
  std::string s = os.str();
  // cereal escapes newlines inside strings, so every raw newline is layout.
  s.erase(std::remove(s.begin(), s.end(), '\n'), s.end());
  return s;
}

// The longest number token a log line may hold. cereal's JSON reader (RapidJSON 1.1) reads out
// of bounds on some long ones ("0.000…" with hundreds of digits, found by the fuzzer); no number
// the logs write comes near this.
constexpr size_t kMaxNumberChars = 64;

// Why `line` is not given to cereal's reader, or empty: a token outside its strings made of more
// than kMaxNumberChars number characters, or (`no_exponents`) a number with an exponent.
// RapidJSON 1.1 also reads out of bounds converting some short numbers with a large negative
// exponent ("89.888888111111111161111118844e-349", found by the source-offset fuzzer); without an
// exponent, 64 characters keep its decimal exponent far from the end of its table. The lines
// cereal reads hold integers only, so an entry Sluice wrote is never refused; a member that
// Sluice does not read, written by another writer, with an exponent in its number, would be
// (docs/formats.md).
std::string_view UnreadableNumber(std::string_view line, bool no_exponents) {
  bool in_string = false;
  size_t run = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    const bool exponent_char = c == 'e' || c == 'E';
    const bool number_char =
        (c >= '0' && c <= '9') || exponent_char || c == '.' || c == '+' || c == '-';
    run = number_char ? run + 1 : 0;
    if (run > kMaxNumberChars) return "a number of more than 64 characters";
    // An 'e' after a number's first character: outside strings, only a number has one there (the
    // 'e' of true and false follows a letter).
    if (no_exponents && exponent_char && run > 1) return "a number with an exponent";
    in_string = c == '"';
  }
  return {};
}

bool HasOverlongNumber(std::string_view line) {
  return !UnreadableNumber(line, /*no_exponents=*/false).empty();
}

// Runs `read` on a cereal archive over `line`; a parse error becomes Corruption naming `file`.
template <typename F>
Status ParseJsonLine(const std::string& line, const std::string& file, const char* what, F read) {
  if (const std::string_view why = UnreadableNumber(line, /*no_exponents=*/true); !why.empty()) {
    return Status::Corruption(file + ": malformed " + what + " line: " + std::string(why));
  }
  try {
    std::istringstream is(line);
    cereal::JSONInputArchive ar(is);
    read(ar);
  } catch (const std::exception& e) {
    return Status::Corruption(file + ": malformed " + what + " line: " + e.what());
  }
  return Status::Ok();
}

}  // namespace

std::string PartitionOffsetsJson(const PartitionOffsets& offsets) {
  return JsonLine([&](auto& ar) { ar(cereal::make_nvp("partitions", offsets)); });
}

Result<PartitionOffsets> ParsePartitionOffsetsJson(std::string_view json, const std::string& what) {
  PartitionOffsets offsets;
  SLUICE_RETURN_IF_ERROR(ParseJsonLine(std::string(json), what, "source offsets", [&](auto& ar) {
    ar(cereal::make_nvp("partitions", offsets));
  }));
  return offsets;
}

std::string EncodeMetadata(const MetadataEntry& e) {
  std::vector<std::string> lines{
      JsonLine([&](auto& ar) { ar(cereal::make_nvp("id", e.query_id)); })};
  if (e.schema) {
    QuerySchema schema = *e.schema;  // cereal's serialize takes a mutable reference
    lines.push_back(JsonLine([&](auto& ar) { ar(cereal::make_nvp("query", schema)); }));
  }
  return EncodeEntry(lines);
}

std::string EncodeOffsets(const OffsetsEntry& e) {
  std::vector<std::string> lines;
  auto conf = e.conf;
  lines.push_back(JsonLine([&](auto& ar) {
    ar(cereal::make_nvp("batchWatermarkMs", e.batch_watermark_ms),
       cereal::make_nvp("batchTimestampMs", e.batch_timestamp_ms),
       cereal::make_nvp("conf", PinnedConf{&conf}));
  }));
  for (const auto& source : e.source_ends) {
    // What DecodeOffsets accepts: a checkpoint written is a checkpoint that reads back.
    SLUICE_CHECK(!source || (source->find_first_of("\r\n") == std::string::npos &&
                             !HasOverlongNumber(*source) && nlohmann::json::accept(*source)),
                 "a source's offset is one line of JSON");
    lines.push_back(source.has_value() ? *source : "-");
  }
  return EncodeEntry(lines);
}

std::string EncodeCommit(const CommitEntry& e) {
  return EncodeEntry({JsonLine(
      [&](auto& ar) { ar(cereal::make_nvp("nextBatchWatermarkMs", e.next_batch_watermark_ms)); })});
}

Result<MetadataEntry> DecodeMetadata(std::string_view bytes, const std::string& file) {
  SLUICE_ASSIGN_OR_RETURN(std::vector<std::string> lines, DecodeEntry(bytes, file));
  if (lines.size() != 1 && lines.size() != 2) {
    return Status::Corruption(file + ": metadata has " + std::to_string(lines.size()) +
                              " lines, not 1 or 2");
  }
  MetadataEntry e;
  SLUICE_RETURN_IF_ERROR(ParseJsonLine(lines[0], file, "metadata",
                                       [&](auto& ar) { ar(cereal::make_nvp("id", e.query_id)); }));
  if (e.query_id.empty()) return Status::Corruption(file + ": metadata has an empty query id");
  if (lines.size() == 2) {
    QuerySchema schema;
    SLUICE_RETURN_IF_ERROR(ParseJsonLine(lines[1], file, "query schema",
                                         [&](auto& ar) { ar(cereal::make_nvp("query", schema)); }));
    e.schema = std::move(schema);
  }
  return e;
}

Result<OffsetsEntry> DecodeOffsets(std::string_view bytes, const std::string& file) {
  SLUICE_ASSIGN_OR_RETURN(std::vector<std::string> lines, DecodeEntry(bytes, file));
  OffsetsEntry e;
  SLUICE_RETURN_IF_ERROR(ParseJsonLine(lines[0], file, "batch metadata", [&](auto& ar) {
    PinnedConf conf{&e.conf};
    ar(cereal::make_nvp("batchWatermarkMs", e.batch_watermark_ms),
       cereal::make_nvp("batchTimestampMs", e.batch_timestamp_ms), cereal::make_nvp("conf", conf));
  }));
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i] == "-") {
      e.source_ends.emplace_back(std::nullopt);
      continue;
    }
    // The source reads its own offset; here the line must be JSON, on one line as written (a
    // carriage return is JSON's whitespace, but never in a line the encoder writes).
    if (lines[i].find('\r') != std::string::npos || HasOverlongNumber(lines[i]) ||
        !nlohmann::json::accept(lines[i])) {
      return Status::Corruption(file + ": malformed source offsets line " + std::to_string(i) +
                                ": not JSON");
    }
    e.source_ends.emplace_back(lines[i]);
  }
  return e;
}

Result<CommitEntry> DecodeCommit(std::string_view bytes, const std::string& file) {
  SLUICE_ASSIGN_OR_RETURN(std::vector<std::string> lines, DecodeEntry(bytes, file));
  if (lines.size() != 1)
    return Status::Corruption(file + ": commit has " + std::to_string(lines.size()) +
                              " lines, not 1");
  CommitEntry e;
  SLUICE_RETURN_IF_ERROR(ParseJsonLine(lines[0], file, "commit", [&](auto& ar) {
    ar(cereal::make_nvp("nextBatchWatermarkMs", e.next_batch_watermark_ms));
  }));
  return e;
}

}  // namespace sluice::storage
