// Spark's regular-expression string functions (engine/expr/function.h): split, regexp_extract,
// regexp_replace, like and rlike, over engine/expr/regex.h.
//
// A pattern (and a replacement) may come from a column: a string literal is compiled once when the
// call is bound, so that a bad one fails the query at start; a column's pattern is compiled when it
// changes from one row to the next, and a bad one fails the batch.
#include <memory>
#include <optional>

#include "engine/expr/functions/string_function_util.h"
#include "engine/expr/regex.h"

namespace sluice::engine::string_fn {
namespace {

// The last compiled pattern, keyed by its text (and a replacement's).
template <typename T>
struct PatternCache {
  std::string key;
  std::optional<T> compiled;
};

// The string literal of argument `i`, or nullopt when it is not a non-null string literal.
std::optional<std::string> StringLiteral(const std::vector<FunctionArg>& args, size_t i) {
  if (i >= args.size() || !args[i].is_literal || !args[i].literal ||
      args[i].type.id() != TypeId::kString || IsNull(*args[i].literal)) {
    return std::nullopt;
  }
  return std::get<std::string>(*args[i].literal);
}

// Compiles `pattern` with `compile` unless the cache holds it; errors name the function.
template <typename T, typename Compile>
Result<const T*> Cached(const std::string& name, PatternCache<T>* cache, std::string key,
                        Compile compile) {
  if (!cache->compiled || cache->key != key) {
    Result<T> r = compile();
    if (!r.ok()) return Status::InvalidArgument("function " + name + ": " + r.status().message());
    cache->compiled.emplace(std::move(r).value());
    cache->key = std::move(key);
  }
  return &*cache->compiled;
}

// Binds `name` over string args [0, n_strings) and int args after them, with a per-row function
// `row(args, i, regex, out)` given the compiled JavaRegex of argument 1.
template <typename Row>
Result<BoundFunction> BindRegex(const std::string& name, const std::vector<FunctionArg>& args,
                                size_t min, size_t max, DataType type, Row row) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, min, max));
  std::vector<DataType> to;
  for (size_t i = 0; i < args.size(); ++i) {
    SLUICE_ASSIGN_OR_RETURN(DataType t,
                            CoerceArg(name, args, i, i < 2 ? ArgKind::kString : ArgKind::kInt));
    to.push_back(t);
  }
  PatternCache<JavaRegex> seed;
  if (std::optional<std::string> p = StringLiteral(args, 1)) {
    SLUICE_RETURN_IF_ERROR(
        Cached(name, &seed, *p, [&] { return JavaRegex::Compile(*p); }).status());
  }
  auto kernel = [name, type, seed, row](const ArgColumns& args, size_t rows) -> Result<Column> {
    PatternCache<JavaRegex> cache = seed;
    Column out(type);
    out.Reserve(rows);
    for (size_t i = 0; i < rows; ++i) {
      if (AnyNull(args, i)) {
        out.AppendNull();
        continue;
      }
      const std::string_view p = args[1].String(i);
      SLUICE_ASSIGN_OR_RETURN(const JavaRegex* re, Cached(name, &cache, std::string(p),
                                                          [&] { return JavaRegex::Compile(p); }));
      SLUICE_RETURN_IF_ERROR(row(args, i, *re, &out));
    }
    return out;
  };
  return BoundFunction{type, WithCasts(std::move(to), kernel)};
}

// split(str, regex[, limit]): limit defaults to -1 (no limit).
Result<BoundFunction> BindSplit(const std::string& name, const std::vector<FunctionArg>& args) {
  return BindRegex(name, args, 2, 3, DataType::Array(DataType::kString),
                   [](const ArgColumns& a, size_t i, const JavaRegex& re, Column* out) {
                     const int limit = a.size() > 2 ? a[2].Int32(i) : -1;
                     thread_local std::vector<std::string_view> parts;  // reused row to row
                     Split(a[0].String(i), re, limit, &parts);
                     for (std::string_view part : parts) out->child(0).AppendString(part);
                     out->CloseList();
                     return Status::Ok();
                   });
}

// regexp_extract(str, regex[, idx]): idx defaults to 1.
Result<BoundFunction> BindRegexpExtract(const std::string& name,
                                        const std::vector<FunctionArg>& args) {
  return BindRegex(
      name, args, 2, 3, DataType::kString,
      [name](const ArgColumns& a, size_t i, const JavaRegex& re, Column* out) -> Status {
        const int idx = a.size() > 2 ? a[2].Int32(i) : 1;
        Result<std::string> r = RegexpExtract(a[0].String(i), re, idx);
        if (!r.ok())
          return Status::InvalidArgument("function " + name + ": " + r.status().message());
        out->AppendString(r.value());
        return Status::Ok();
      });
}

// rlike(str, regex).
Result<BoundFunction> BindRLike(const std::string& name, const std::vector<FunctionArg>& args) {
  return BindRegex(name, args, 2, 2, DataType::kBool,
                   [](const ArgColumns& a, size_t i, const JavaRegex& re, Column* out) {
                     out->AppendBool(RLike(a[0].String(i), re));
                     return Status::Ok();
                   });
}

// regexp_replace(str, regex, replacement[, position]): position (1-based) defaults to 1.
Result<BoundFunction> BindRegexpReplace(const std::string& name,
                                        const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 3, 4));
  std::vector<DataType> to;
  for (size_t i = 0; i < args.size(); ++i) {
    SLUICE_ASSIGN_OR_RETURN(DataType t,
                            CoerceArg(name, args, i, i < 3 ? ArgKind::kString : ArgKind::kInt));
    to.push_back(t);
  }
  auto key = [](std::string_view p, std::string_view r) {
    return std::to_string(p.size()) + ":" + std::string(p) + std::string(r);
  };
  PatternCache<RegexReplacer> seed;
  std::optional<std::string> p = StringLiteral(args, 1);
  std::optional<std::string> r = StringLiteral(args, 2);
  if (p && r) {
    SLUICE_RETURN_IF_ERROR(
        Cached(name, &seed, key(*p, *r), [&] { return RegexReplacer::Compile(*p, *r); }).status());
  } else if (p) {
    SLUICE_RETURN_IF_ERROR(JavaRegex::Compile(*p).status().WithContext("function " + name));
  }
  auto kernel = [name, seed, key](const ArgColumns& args, size_t rows) -> Result<Column> {
    PatternCache<RegexReplacer> cache = seed;
    Column out(DataType::kString);
    out.Reserve(rows);
    for (size_t i = 0; i < rows; ++i) {
      if (AnyNull(args, i)) {
        out.AppendNull();
        continue;
      }
      const std::string_view p = args[1].String(i);
      const std::string_view r = args[2].String(i);
      SLUICE_ASSIGN_OR_RETURN(const RegexReplacer* re, Cached(name, &cache, key(p, r), [&] {
                                return RegexReplacer::Compile(p, r);
                              }));
      Result<std::string> s =
          re->Replace(args[0].String(i), args.size() > 3 ? args[3].Int32(i) : 1);
      if (!s.ok()) return Status::InvalidArgument("function " + name + ": " + s.status().message());
      out.AppendString(s.value());
    }
    return out;
  };
  return BoundFunction{DataType::kString, WithCasts(std::move(to), kernel)};
}

// like(str, pattern[, escape]): escape is a string literal of one character, `\` by default.
Result<BoundFunction> BindLike(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 3));
  SLUICE_ASSIGN_OR_RETURN(DataType s, CoerceArg(name, args, 0, ArgKind::kString));
  SLUICE_ASSIGN_OR_RETURN(DataType p, CoerceArg(name, args, 1, ArgKind::kString));
  char32_t escape = U'\\';
  if (args.size() == 3) {
    std::optional<std::string> e = StringLiteral(args, 2);
    if (!e || e->empty() || DecodeChar(*e, 0, &escape) != e->size()) {
      return FunctionArgError(name, 2, args[2], "must be a string literal of one character");
    }
  }
  PatternCache<LikePattern> seed;
  if (std::optional<std::string> lit = StringLiteral(args, 1)) {
    SLUICE_RETURN_IF_ERROR(
        Cached(name, &seed, *lit, [&] { return LikePattern::Compile(*lit, escape); }).status());
  }
  auto kernel = [name, seed, escape](const ArgColumns& args, size_t rows) -> Result<Column> {
    PatternCache<LikePattern> cache = seed;
    Column out(DataType::kBool);
    out.Reserve(rows);
    for (size_t i = 0; i < rows; ++i) {
      if (args[0].IsNull(i) || args[1].IsNull(i)) {
        out.AppendNull();
        continue;
      }
      const std::string_view p = args[1].String(i);
      SLUICE_ASSIGN_OR_RETURN(const LikePattern* like, Cached(name, &cache, std::string(p), [&] {
                                return LikePattern::Compile(p, escape);
                              }));
      out.AppendBool(like->Matches(args[0].String(i)));
    }
    return out;
  };
  std::vector<DataType> to{s, p};
  if (args.size() == 3) to.push_back(DataType::kString);
  return BoundFunction{DataType::kBool, WithCasts(std::move(to), kernel)};
}

}  // namespace

void AddRegexFunctions(FunctionTable* table) {
  table->emplace_back("split", BindSplit);
  table->emplace_back("regexp_extract", BindRegexpExtract);
  table->emplace_back("regexp_replace", BindRegexpReplace);
  table->emplace_back("like", BindLike);
  table->emplace_back("rlike", BindRLike);
}

}  // namespace sluice::engine::string_fn
