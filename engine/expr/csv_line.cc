#include "engine/expr/csv_line.h"

namespace sluice::engine {
namespace {

bool IsLineBreak(char c) { return c == '\n' || c == '\r'; }

// Reads the quoted field that starts at line[*pos] (the opening quote) into *out; leaves *pos at
// the separator or line break that ends it, or at the end.
void ReadQuoted(std::string_view line, const CsvFormat& format, size_t* pos, std::string* out) {
  size_t i = *pos + 1;
  const char quote = format.quote;
  const char escape = format.escape;
  while (i < line.size()) {
    const char c = line[i];
    const bool has_next = i + 1 < line.size();
    if (c == quote && escape == quote && has_next && line[i + 1] == quote) {
      out->push_back(quote);
      i += 2;
    } else if (c == escape && escape != quote && has_next &&
               (line[i + 1] == quote || line[i + 1] == escape)) {
      out->push_back(line[i + 1]);
      i += 2;
    } else if (c == quote) {
      ++i;
      // After the closing quote: a separator, a line break or the end; any other text is kept
      // with the quote, up to the next separator (univocity's STOP_AT_DELIMITER).
      if (i < line.size() && !IsLineBreak(line[i]) &&
          line.substr(i, format.separator.size()) != format.separator) {
        out->push_back(quote);
        while (i < line.size() && !IsLineBreak(line[i]) &&
               line.substr(i, format.separator.size()) != format.separator) {
          out->push_back(line[i++]);
        }
      }
      break;
    } else {
      out->push_back(c);
      ++i;
    }
  }
  *pos = i;
}

}  // namespace

std::vector<std::optional<std::string>> ParseCsvLine(std::string_view line,
                                                     const CsvFormat& format) {
  std::vector<std::optional<std::string>> fields;
  if (line.empty() || IsLineBreak(line[0])) return fields;
  const std::string_view sep = format.separator;
  size_t pos = 0;
  while (true) {
    std::optional<std::string> field;
    if (format.quote != '\0' && pos < line.size() && line[pos] == format.quote) {
      field.emplace();
      ReadQuoted(line, format, &pos, &*field);
    } else {
      const size_t start = pos;
      while (pos < line.size() && !IsLineBreak(line[pos]) && line.substr(pos, sep.size()) != sep) {
        ++pos;
      }
      if (pos > start) field.emplace(line.substr(start, pos - start));
    }
    fields.push_back(std::move(field));
    if (pos >= line.size() || IsLineBreak(line[pos])) return fields;
    pos += sep.size();  // at a separator
  }
}

namespace {

bool NeedsQuotes(std::string_view v, const CsvFormat& format) {
  for (const char c : v) {
    if (c == format.separator[0] || IsLineBreak(c) ||
        (format.quote != '\0' && (c == format.quote || c == format.escape))) {
      return true;
    }
  }
  return false;
}

void AppendValue(std::string_view v, const CsvFormat& format, const CsvWriteOptions& options,
                 std::string* out) {
  auto blank = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
  if (options.trim_leading) {
    while (!v.empty() && blank(v.front())) v.remove_prefix(1);
  }
  if (options.trim_trailing) {
    while (!v.empty() && blank(v.back())) v.remove_suffix(1);
  }
  if (v.empty()) {
    out->append(options.empty_value);
    return;
  }
  if (format.quote == '\0' || !(options.quote_all || NeedsQuotes(v, format))) {
    out->append(v);
    return;
  }
  out->push_back(format.quote);
  for (const char c : v) {
    if (c == format.quote || c == format.escape) out->push_back(format.escape);
    out->push_back(c);
  }
  out->push_back(format.quote);
}

}  // namespace

std::string WriteCsvLine(const std::vector<std::optional<std::string>>& fields,
                         const CsvFormat& format, const CsvWriteOptions& options) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += format.separator;
    if (!fields[i]) {
      out += options.null_value;
    } else if (fields[i]->empty()) {
      out += options.empty_value;
    } else {
      AppendValue(*fields[i], format, options, &out);
    }
  }
  return out;
}

}  // namespace sluice::engine
