// The string functions of Spark SQL (engine/expr/function.h): concat_ws, length, lower, upper,
// trim, ltrim, rtrim, substring, startswith, endswith, contains, instr, lpad, rpad, replace; the
// regular-expression ones are in regex_functions.cc.
//
// Arguments are cast as Spark's implicit casts do (string_function_util.h): a number, bool, date,
// timestamp or binary given where a string is expected becomes its string form. Characters are
// Unicode code points of UTF-8 text; a binary's positions and lengths count bytes.
#include <algorithm>
#include <limits>

#include "engine/expr/cast.h"
#include "engine/expr/functions/string_function_util.h"

namespace sluice::engine {
namespace string_fn {

Result<DataType> CoerceArg(const std::string& name, const std::vector<FunctionArg>& args, size_t i,
                           ArgKind kind) {
  const DataType& t = args[i].type;
  if (t.is_nested()) {
    return FunctionArgError(name, i, args[i],
                            kind == ArgKind::kInt ? "must be an int" : "must be a string");
  }
  switch (kind) {
    case ArgKind::kString:
      return DataType::kString;
    case ArgKind::kStringOrBinary:
      return t.id() == TypeId::kBinary ? DataType::kBinary : DataType::kString;
    case ArgKind::kInt:
      if (t.is_numeric() || t.id() == TypeId::kString || t.id() == TypeId::kNull) {
        return DataType::kInt32;
      }
      return FunctionArgError(name, i, args[i], "must be an int");
  }
  return DataType::kString;
}

Result<std::vector<DataType>> CoerceArgs(const std::string& name,
                                         const std::vector<FunctionArg>& args, ArgKind kind) {
  std::vector<DataType> out;
  for (size_t i = 0; i < args.size(); ++i) {
    SLUICE_ASSIGN_OR_RETURN(DataType t, CoerceArg(name, args, i, kind));
    out.push_back(t);
  }
  return out;
}

FunctionKernel WithCasts(std::vector<DataType> to, FunctionKernel kernel) {
  return [to = std::move(to), kernel = std::move(kernel)](const ArgColumns& args,
                                                          size_t rows) -> Result<Column> {
    bool same = true;
    for (size_t i = 0; i < args.size(); ++i) same = same && args[i].type() == to[i];
    if (same) return kernel(args, rows);
    std::vector<Column> cast;
    cast.reserve(args.size());
    for (size_t i = 0; i < args.size(); ++i) cast.push_back(CastColumn(args[i], to[i]));
    return kernel(cast, rows);
  };
}

}  // namespace string_fn

namespace {

using string_fn::ArgKind;
using string_fn::CharBytes;
using string_fn::CharOffset;
using string_fn::CoerceArg;
using string_fn::CoerceArgs;
using string_fn::NumChars;
using string_fn::WithCasts;

// A row function over the string views of all arguments (none null), appending to `out`.
template <typename F>
FunctionKernel RowKernel(DataType type, F f) {
  return [type, f](const ArgColumns& args, size_t rows) -> Result<Column> {
    std::vector<std::string_view> views(args.size());
    return NullIfAnyNull(args, rows, type, [&](size_t i, Column* out) {
      for (size_t k = 0; k < args.size(); ++k) views[k] = args[k].String(i);
      f(views, out);
    });
  };
}

// Binds a function of `min`..`max` string arguments to `kernel`'s row function.
template <typename F>
FunctionBinder StringBinder(size_t min, size_t max, DataType type, F f) {
  return
      [=](const std::string& name, const std::vector<FunctionArg>& args) -> Result<BoundFunction> {
        SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, min, max));
        SLUICE_ASSIGN_OR_RETURN(std::vector<DataType> to, CoerceArgs(name, args, ArgKind::kString));
        return BoundFunction{type, WithCasts(std::move(to), RowKernel(type, f))};
      };
}

// concat_ws(sep, e1, ...): strings or arrays of strings; null arguments and elements are skipped;
// a null separator gives null.
Result<BoundFunction> BindConcatWs(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 1, std::numeric_limits<size_t>::max()));
  std::vector<DataType> to;
  for (size_t i = 0; i < args.size(); ++i) {
    const DataType& t = args[i].type;
    if (i > 0 && t.id() == TypeId::kArray) {
      if (t.element().id() != TypeId::kString) {
        return FunctionArgError(name, i, args[i], "must be a string or an array of strings");
      }
      to.push_back(t);
      continue;
    }
    SLUICE_ASSIGN_OR_RETURN(DataType s, CoerceArg(name, args, i, ArgKind::kString));
    to.push_back(s);
  }
  auto kernel = [](const ArgColumns& args, size_t rows) -> Result<Column> {
    Column out(DataType::kString);
    out.Reserve(rows);
    for (size_t i = 0; i < rows; ++i) {
      if (args[0].IsNull(i)) {
        out.AppendNull();
        continue;
      }
      const std::string_view sep = args[0].String(i);
      std::string s;
      bool first = true;
      auto add = [&](std::string_view v) {
        if (!first) s += sep;
        s += v;
        first = false;
      };
      for (size_t k = 1; k < args.size(); ++k) {
        const Column& a = args[k];
        if (a.IsNull(i)) continue;
        if (a.type().id() != TypeId::kArray) {
          add(a.String(i));
          continue;
        }
        const Column& e = a.child(0);
        for (int64_t j = a.ListBegin(i); j < a.ListEnd(i); ++j) {
          if (!e.IsNull(static_cast<size_t>(j))) add(e.String(static_cast<size_t>(j)));
        }
      }
      out.AppendString(s);
    }
    return out;
  };
  return BoundFunction{DataType::kString, WithCasts(std::move(to), kernel)};
}

// length(e): characters of a string, bytes of a binary.
Result<BoundFunction> BindLength(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 1));
  SLUICE_ASSIGN_OR_RETURN(DataType to, CoerceArg(name, args, 0, ArgKind::kStringOrBinary));
  const bool binary = to.id() == TypeId::kBinary;
  auto kernel = [binary](const ArgColumns& args, size_t rows) -> Result<Column> {
    Column out(DataType::kInt32);
    out.Reserve(rows);
    for (size_t i = 0; i < rows; ++i) {
      if (args[0].IsNull(i)) {
        out.AppendNull();
      } else {
        const std::string_view v = args[0].String(i);
        out.AppendInt32(static_cast<int32_t>(binary ? v.size() : NumChars(v)));
      }
    }
    return out;
  };
  return BoundFunction{DataType::kInt32, WithCasts({to}, kernel)};
}

// Whether the character `c` (its UTF-8 bytes) is one of the characters of `chars`.
bool InChars(std::string_view chars, std::string_view c) {
  for (size_t i = 0; i < chars.size();) {
    const size_t n = CharBytes(static_cast<uint8_t>(chars[i]));
    if (chars.substr(i, n) == c) return true;
    i += n;
  }
  return false;
}

// trim, ltrim, rtrim: without `chars`, spaces (U+0020 only); with it, any of its characters.
std::string_view Trim(std::string_view s, std::string_view chars, bool left, bool right) {
  size_t b = 0;
  size_t e = s.size();
  while (left && b < e) {
    const size_t n = std::min(CharBytes(static_cast<uint8_t>(s[b])), e - b);
    if (!InChars(chars, s.substr(b, n))) break;
    b += n;
  }
  while (right && b < e) {
    size_t j = e - 1;
    while (j > b && (static_cast<uint8_t>(s[j]) & 0xC0) == 0x80) --j;
    if (!InChars(chars, s.substr(j, e - j))) break;
    e = j;
  }
  return s.substr(b, e - b);
}

FunctionBinder TrimBinder(bool left, bool right) {
  return StringBinder(1, 2, DataType::kString,
                      [left, right](const std::vector<std::string_view>& v, Column* out) {
                        out->AppendString(Trim(v[0], v.size() > 1 ? v[1] : " ", left, right));
                      });
}

// Spark's UTF8String.substringSQL / ByteArray.subStringSQL: the [start, end) range of a value of
// `n` units for a 1-based `pos` (0 acts as 1, negative counts from the end) and `len`.
std::pair<size_t, size_t> SqlRange(int64_t n, int32_t pos, int32_t len) {
  int64_t start = pos > 0 ? pos - 1 : (pos < 0 ? n + pos : 0);
  int64_t end = std::clamp<int64_t>(start + len, std::numeric_limits<int32_t>::min(),
                                    std::numeric_limits<int32_t>::max());
  start = std::max<int64_t>(start, 0);
  end = std::min<int64_t>(end, n);
  if (start >= end) return {0, 0};
  return {static_cast<size_t>(start), static_cast<size_t>(end)};
}

// substring(str, pos[, len]): str a string (characters) or binary (bytes).
Result<BoundFunction> BindSubstring(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 3));
  std::vector<DataType> to;
  SLUICE_ASSIGN_OR_RETURN(DataType str, CoerceArg(name, args, 0, ArgKind::kStringOrBinary));
  to.push_back(str);
  for (size_t i = 1; i < args.size(); ++i) {
    SLUICE_ASSIGN_OR_RETURN(DataType t, CoerceArg(name, args, i, ArgKind::kInt));
    to.push_back(t);
  }
  const bool binary = str.id() == TypeId::kBinary;
  auto kernel = [str, binary](const ArgColumns& args, size_t rows) -> Result<Column> {
    return NullIfAnyNull(args, rows, str, [&](size_t i, Column* out) {
      const std::string_view v = args[0].String(i);
      const int32_t len = args.size() > 2 ? args[2].Int32(i) : std::numeric_limits<int32_t>::max();
      if (binary) {
        auto [b, e] = SqlRange(static_cast<int64_t>(v.size()), args[1].Int32(i), len);
        out->AppendString(v.substr(b, e - b));
      } else {
        auto [b, e] = SqlRange(static_cast<int64_t>(NumChars(v)), args[1].Int32(i), len);
        const size_t bb = CharOffset(v, b);
        out->AppendString(v.substr(bb, CharOffset(v.substr(bb), e - b)));
      }
    });
  };
  return BoundFunction{str, WithCasts(std::move(to), kernel)};
}

// startswith, endswith, contains: two binaries compare bytes, anything else as strings.
template <typename F>
FunctionBinder PredicateBinder(F f) {
  return
      [f](const std::string& name, const std::vector<FunctionArg>& args) -> Result<BoundFunction> {
        SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 2));
        std::vector<DataType> to(2, DataType::kBinary);
        if (args[0].type.id() != TypeId::kBinary || args[1].type.id() != TypeId::kBinary) {
          SLUICE_ASSIGN_OR_RETURN(to, CoerceArgs(name, args, ArgKind::kString));
        }
        auto row = [f](const std::vector<std::string_view>& v, Column* out) {
          out->AppendBool(f(v[0], v[1]));
        };
        return BoundFunction{DataType::kBool,
                             WithCasts(std::move(to), RowKernel(DataType::kBool, row))};
      };
}

// instr(str, substr): the 1-based character position of the first occurrence, 0 when absent.
void Instr(const std::vector<std::string_view>& v, Column* out) {
  const size_t at = v[0].find(v[1]);
  out->AppendInt32(
      at == std::string_view::npos ? 0 : static_cast<int32_t>(NumChars(v[0].substr(0, at))) + 1);
}

// replace(str, search[, replacement]): every occurrence, left to right; an empty search changes
// nothing.
void Replace(const std::vector<std::string_view>& v, Column* out) {
  const std::string_view s = v[0];
  const std::string_view search = v[1];
  const std::string_view rep = v.size() > 2 ? v[2] : "";
  if (search.empty()) return out->AppendString(s);
  std::string r;
  size_t from = 0;
  for (size_t at; (at = s.find(search, from)) != std::string_view::npos;
       from = at + search.size()) {
    r.append(s.substr(from, at - from)).append(rep);
  }
  r.append(s.substr(from));
  out->AppendString(r);
}

// lpad / rpad of a string (characters) or, when `binary`, of bytes, as Spark's UTF8String and
// ByteArray pad: a value at least `len` long, or an empty pad, gives its first `len` units; else
// the pad repeats (cut to fit) on the left or right. A negative length gives an empty string; for
// a binary Spark fails (a negative array size), and so does this.
Result<std::string> Pad(std::string_view s, int32_t len, std::string_view pad, bool left,
                        bool binary) {
  if (len < 0) {
    if (binary) return Status::InvalidArgument("negative length " + std::to_string(len));
    return std::string();
  }
  const size_t want = static_cast<size_t>(len);
  const size_t have = binary ? s.size() : NumChars(s);
  if (have >= want || pad.empty()) {
    return std::string(s.substr(0, binary ? std::min(want, s.size()) : CharOffset(s, want)));
  }
  const size_t pad_units = binary ? pad.size() : NumChars(pad);
  const size_t fill = want - have;
  std::string out;
  if (!left) out.append(s);
  for (size_t done = 0; done < fill; done += pad_units) {
    const size_t n = std::min(pad_units, fill - done);
    out.append(pad.substr(0, binary ? n : CharOffset(pad, n)));
  }
  if (left) out.append(s);
  return out;
}

// lpad(str, len[, pad]), rpad(...): binary when str is (and pad, if given, is) binary; the
// default pad is a space, or a zero byte for a binary.
Result<BoundFunction> BindPad(const std::string& name, const std::vector<FunctionArg>& args,
                              bool left) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 3));
  const bool binary = args[0].type.id() == TypeId::kBinary &&
                      (args.size() == 2 || args[2].type.id() == TypeId::kBinary);
  const DataType type = binary ? DataType::kBinary : DataType::kString;
  std::vector<DataType> to{type};
  SLUICE_ASSIGN_OR_RETURN(DataType len, CoerceArg(name, args, 1, ArgKind::kInt));
  to.push_back(len);
  if (args.size() == 3) {
    SLUICE_RETURN_IF_ERROR(CoerceArg(name, args, 2, ArgKind::kString).status());
    to.push_back(type);
  }
  const std::string default_pad = binary ? std::string(1, '\0') : std::string(" ");
  auto kernel = [=](const ArgColumns& args, size_t rows) -> Result<Column> {
    return NullIfAnyNull(args, rows, type, [&](size_t i, Column* out) -> Status {
      const std::string_view pad = args.size() > 2 ? args[2].String(i) : default_pad;
      Result<std::string> r = Pad(args[0].String(i), args[1].Int32(i), pad, left, binary);
      if (!r.ok()) return Status::InvalidArgument("function " + name + ": " + r.status().message());
      out->AppendString(r.value());
      return Status::Ok();
    });
  };
  return BoundFunction{type, WithCasts(std::move(to), kernel)};
}

}  // namespace

void AddStringFunctions(FunctionTable* table) {
  auto add = [table](std::string name, FunctionBinder b) {
    table->emplace_back(std::move(name), std::move(b));
  };
  add("concat_ws", BindConcatWs);
  add("length", BindLength);
  add("lower", StringBinder(1, 1, DataType::kString,
                            [](const std::vector<std::string_view>& v, Column* out) {
                              out->AppendString(string_fn::ToLower(v[0]));
                            }));
  add("upper", StringBinder(1, 1, DataType::kString,
                            [](const std::vector<std::string_view>& v, Column* out) {
                              out->AppendString(string_fn::ToUpper(v[0]));
                            }));
  add("trim", TrimBinder(true, true));
  add("ltrim", TrimBinder(true, false));
  add("rtrim", TrimBinder(false, true));
  add("substring", BindSubstring);
  add("startswith",
      PredicateBinder([](std::string_view a, std::string_view b) { return a.starts_with(b); }));
  add("endswith",
      PredicateBinder([](std::string_view a, std::string_view b) { return a.ends_with(b); }));
  add("contains", PredicateBinder([](std::string_view a, std::string_view b) {
        return a.find(b) != std::string_view::npos;
      }));
  add("instr", StringBinder(2, 2, DataType::kInt32, Instr));
  add("lpad",
      [](const std::string& n, const std::vector<FunctionArg>& a) { return BindPad(n, a, true); });
  add("rpad",
      [](const std::string& n, const std::vector<FunctionArg>& a) { return BindPad(n, a, false); });
  add("replace", StringBinder(2, 3, DataType::kString, Replace));
  string_fn::AddRegexFunctions(table);
}

}  // namespace sluice::engine
