// Java's String.toUpperCase and toLowerCase over UTF-8, as Spark's upper and lower apply them.
//
// The mappings are Unicode's (UnicodeData and the unconditional SpecialCasing rules), which Java
// and the generated tables share. Java's only conditional rule outside Turkish and Lithuanian
// locales is the final sigma: a capital sigma lowers to ς when a cased letter precedes it and
// none follows it in the same word. Java finds words with a BreakIterator; here a word is a run
// of characters other than white space, ASCII punctuation and general punctuation (an
// approximation that agrees on ordinary text).
#include <algorithm>
#include <span>

#include "engine/expr/functions/string_case_table.h"
#include "engine/expr/functions/string_function_util.h"

namespace sluice::engine::string_fn {
namespace {

char32_t MapSimple(std::span<const CaseRun> runs, char32_t cp) {
  auto it = std::upper_bound(runs.begin(), runs.end(), cp,
                             [](char32_t c, const CaseRun& r) { return c < r.first; });
  if (it == runs.begin()) return cp;
  --it;
  if (cp > it->last || (cp - it->first) % static_cast<char32_t>(it->stride) != 0) return cp;
  return static_cast<char32_t>(static_cast<int64_t>(cp) + it->delta);
}

const char* MapSpecial(std::span<const CaseSpecial> specials, char32_t cp) {
  auto it = std::lower_bound(specials.begin(), specials.end(), cp,
                             [](const CaseSpecial& s, char32_t c) { return s.cp < c; });
  return it != specials.end() && it->cp == cp ? it->text : nullptr;
}

// Java's isCased, approximated: a letter that changes under upper or lower case mapping.
bool IsCased(char32_t cp) {
  return MapSimple(kUpperRuns, cp) != cp || MapSimple(kLowerRuns, cp) != cp ||
         MapSpecial(kUpperSpecial, cp) != nullptr;
}

bool IsWordBreak(char32_t cp) {
  if (cp < 0x80)
    return !((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
             cp == '_');
  return (cp >= 0x2000 && cp <= 0x206F) || cp == 0x00A0 || cp == 0x3000 ||
         (cp >= 0x3001 && cp <= 0x3003);
}

// Whether the capital sigma at bytes [pos, next) of `s` is final in its word.
bool IsFinalSigma(std::string_view s, size_t pos, size_t next) {
  bool cased_before = false;
  for (size_t i = pos; i > 0;) {
    size_t j = i - 1;
    while (j > 0 && (static_cast<uint8_t>(s[j]) & 0xC0) == 0x80) --j;
    char32_t cp;
    DecodeChar(s, j, &cp);
    if (IsWordBreak(cp)) break;
    if (IsCased(cp)) {
      cased_before = true;
      break;
    }
    i = j;
  }
  if (!cased_before) return false;
  for (size_t i = next; i < s.size();) {
    char32_t cp;
    i = DecodeChar(s, i, &cp);
    if (IsWordBreak(cp)) break;
    if (IsCased(cp)) return false;
  }
  return true;
}

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<uint8_t>(c) < 0x80; });
}

}  // namespace

size_t DecodeChar(std::string_view s, size_t pos, char32_t* cp) {
  const uint8_t lead = static_cast<uint8_t>(s[pos]);
  const size_t n = CharBytes(lead);
  if (n == 1 || pos + n > s.size()) {
    *cp = lead;
    return pos + 1;
  }
  char32_t v = lead & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) v = (v << 6) | (static_cast<uint8_t>(s[pos + k]) & 0x3F);
  *cp = v;
  return pos + n;
}

void AppendChar(std::string* out, char32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string ToUpper(std::string_view s) {
  std::string out(s);
  if (IsAscii(s)) {
    for (char& c : out) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
    return out;
  }
  out.clear();
  for (size_t i = 0; i < s.size();) {
    char32_t cp;
    i = DecodeChar(s, i, &cp);
    if (const char* special = MapSpecial(kUpperSpecial, cp)) {
      out += special;
    } else {
      AppendChar(&out, MapSimple(kUpperRuns, cp));
    }
  }
  return out;
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  if (IsAscii(s)) {
    for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    return out;
  }
  out.clear();
  for (size_t i = 0; i < s.size();) {
    char32_t cp;
    const size_t pos = i;
    i = DecodeChar(s, i, &cp);
    if (cp == 0x03A3 && IsFinalSigma(s, pos, i)) {
      AppendChar(&out, 0x03C2);
    } else if (const char* special = MapSpecial(kLowerSpecial, cp)) {
      out += special;
    } else {
      AppendChar(&out, MapSimple(kLowerRuns, cp));
    }
  }
  return out;
}

}  // namespace sluice::engine::string_fn
