#include "engine/query/functions.h"

namespace sluice::engine {
namespace {

// The options of a reader function as Spark's map<string, string> literal.
Expr OptionsLiteral(const ReaderOptions& options) {
  ValueList entries;
  for (const auto& [key, value] : options) entries.push_back(ValueList{key, value});
  return Literal(Value(std::move(entries)), DataType::Map(DataType::kString, DataType::kString));
}

Expr Reader(const char* name, Expr text, std::string schema_ddl, const ReaderOptions& options) {
  std::vector<Expr> args{std::move(text), Lit(std::move(schema_ddl))};
  if (!options.empty()) args.push_back(OptionsLiteral(options));
  return Call(name, std::move(args));
}

// A call with an optional format string as its last argument.
Expr WithOptionalFormat(const char* name, Expr e, const std::optional<std::string>& format) {
  std::vector<Expr> args{std::move(e)};
  if (format) args.push_back(Lit(*format));
  return Call(name, std::move(args));
}

}  // namespace

Expr Window(Expr time, std::string duration, std::optional<std::string> slide,
            std::optional<std::string> start) {
  return WindowCall(std::move(time), std::move(duration), std::move(slide), std::move(start));
}
Expr WindowTime(Expr window) { return Call("window_time", {std::move(window)}); }
Expr CurrentTimestamp() { return Call("current_timestamp", {}); }
Expr CurrentDate() { return Call("current_date", {}); }

Expr Count(std::string_view star) {
  // Spark's count("*") counts rows; a column name counts that column's non-null values.
  return star == "*" ? Call("count", {Lit("*")}) : Call("count", {Col(std::string(star))});
}
Expr Count(Expr e) { return Call("count", {std::move(e)}); }
Expr CountDistinct(Expr e) { return Call("count_distinct", {std::move(e)}); }
Expr Sum(Expr e) { return Call("sum", {std::move(e)}); }
Expr Avg(Expr e) { return Call("avg", {std::move(e)}); }
Expr Min(Expr e) { return Call("min", {std::move(e)}); }
Expr Max(Expr e) { return Call("max", {std::move(e)}); }
Expr First(Expr e) { return Call("first", {std::move(e)}); }
Expr Last(Expr e) { return Call("last", {std::move(e)}); }

Expr FromJson(Expr json, std::string schema_ddl, const ReaderOptions& options) {
  return Reader("from_json", std::move(json), std::move(schema_ddl), options);
}
Expr ToJson(Expr e) { return Call("to_json", {std::move(e)}); }
Expr GetJsonObject(Expr json, std::string path) {
  return Call("get_json_object", {std::move(json), Lit(std::move(path))});
}
Expr SchemaOfJson(std::string json) { return Call("schema_of_json", {Lit(std::move(json))}); }
Expr FromCsv(Expr csv, std::string schema_ddl, const ReaderOptions& options) {
  return Reader("from_csv", std::move(csv), std::move(schema_ddl), options);
}
Expr ToCsv(Expr e) { return Call("to_csv", {std::move(e)}); }

Expr Explode(Expr e) { return Call("explode", {std::move(e)}); }
Expr ExplodeOuter(Expr e) { return Call("explode_outer", {std::move(e)}); }
Expr PosExplode(Expr e) { return Call("posexplode", {std::move(e)}); }
Expr Inline(Expr e) { return Call("inline", {std::move(e)}); }

Expr Split(Expr str, std::string pattern, int limit) {
  return Call("split", {std::move(str), Lit(std::move(pattern)), Lit(limit)});
}
Expr Concat(std::vector<Expr> parts) { return Call(Fn::kConcat, std::move(parts)); }
Expr ConcatWs(std::string separator, std::vector<Expr> parts) {
  parts.insert(parts.begin(), Lit(std::move(separator)));
  return Call("concat_ws", std::move(parts));
}
Expr Length(Expr e) { return Call("length", {std::move(e)}); }
Expr Lower(Expr e) { return Call("lower", {std::move(e)}); }
Expr Upper(Expr e) { return Call("upper", {std::move(e)}); }
Expr Trim(Expr e) { return Call("trim", {std::move(e)}); }
Expr LTrim(Expr e) { return Call("ltrim", {std::move(e)}); }
Expr RTrim(Expr e) { return Call("rtrim", {std::move(e)}); }
Expr Substring(Expr str, int pos, int len) {
  return Call("substring", {std::move(str), Lit(pos), Lit(len)});
}
Expr RegexpExtract(Expr str, std::string pattern, int group) {
  return Call("regexp_extract", {std::move(str), Lit(std::move(pattern)), Lit(group)});
}
Expr RegexpReplace(Expr str, std::string pattern, std::string replacement) {
  return Call("regexp_replace",
              {std::move(str), Lit(std::move(pattern)), Lit(std::move(replacement))});
}
Expr Like(Expr str, std::string pattern) {
  return Call("like", {std::move(str), Lit(std::move(pattern))});
}
Expr RLike(Expr str, std::string pattern) {
  return Call("rlike", {std::move(str), Lit(std::move(pattern))});
}

Expr StartsWith(Expr str, Expr prefix) {
  return Call("startswith", {std::move(str), std::move(prefix)});
}
Expr EndsWith(Expr str, Expr suffix) {
  return Call("endswith", {std::move(str), std::move(suffix)});
}
Expr Contains(Expr str, Expr part) { return Call("contains", {std::move(str), std::move(part)}); }
Expr Instr(Expr str, std::string substr) {
  return Call("instr", {std::move(str), Lit(std::move(substr))});
}
Expr Lpad(Expr str, int len, std::string pad) {
  return Call("lpad", {std::move(str), Lit(len), Lit(std::move(pad))});
}
Expr Rpad(Expr str, int len, std::string pad) {
  return Call("rpad", {std::move(str), Lit(len), Lit(std::move(pad))});
}
Expr Replace(Expr str, std::string search, std::string replacement) {
  return Call("replace", {std::move(str), Lit(std::move(search)), Lit(std::move(replacement))});
}

Expr ToDate(Expr e, std::optional<std::string> format) {
  return WithOptionalFormat("to_date", std::move(e), format);
}
Expr ToTimestamp(Expr e, std::optional<std::string> format) {
  return WithOptionalFormat("to_timestamp", std::move(e), format);
}
Expr DateFormat(Expr e, std::string format) {
  return Call("date_format", {std::move(e), Lit(std::move(format))});
}
Expr DateAdd(Expr date, Expr days) { return Call("date_add", {std::move(date), std::move(days)}); }
Expr DateDiff(Expr end, Expr start) { return Call("datediff", {std::move(end), std::move(start)}); }
Expr DateTrunc(std::string unit, Expr ts) {
  return Call("date_trunc", {Lit(std::move(unit)), std::move(ts)});
}
Expr Year(Expr e) { return Call("year", {std::move(e)}); }
Expr Month(Expr e) { return Call("month", {std::move(e)}); }
Expr DayOfMonth(Expr e) { return Call("dayofmonth", {std::move(e)}); }
Expr Hour(Expr e) { return Call("hour", {std::move(e)}); }
Expr Minute(Expr e) { return Call("minute", {std::move(e)}); }
Expr Second(Expr e) { return Call("second", {std::move(e)}); }

Expr UnixTimestamp(Expr e, std::optional<std::string> format) {
  return WithOptionalFormat("unix_timestamp", std::move(e), format);
}
Expr FromUnixtime(Expr seconds, std::optional<std::string> format) {
  return WithOptionalFormat("from_unixtime", std::move(seconds), format);
}

Expr Coalesce(std::vector<Expr> values) { return Call(Fn::kCoalesce, std::move(values)); }
Expr When(Expr condition, Expr value, std::optional<Expr> otherwise) {
  std::vector<Expr> args{std::move(condition), std::move(value)};
  if (otherwise) args.push_back(std::move(*otherwise));
  return Call("when", std::move(args));
}

Expr If(Expr condition, Expr then, Expr otherwise) {
  return Call("if", {std::move(condition), std::move(then), std::move(otherwise)});
}
Expr NullIf(Expr a, Expr b) { return Call("nullif", {std::move(a), std::move(b)}); }
Expr In(Expr e, std::vector<Expr> values) {
  values.insert(values.begin(), std::move(e));
  return Call("in", std::move(values));
}

Expr Abs(Expr e) { return Call("abs", {std::move(e)}); }
Expr Round(Expr e, int scale) { return Call("round", {std::move(e), Lit(scale)}); }
Expr Floor(Expr e) { return Call("floor", {std::move(e)}); }
Expr Ceil(Expr e) { return Call("ceil", {std::move(e)}); }
Expr Pow(Expr base, Expr exponent) { return Call("pow", {std::move(base), std::move(exponent)}); }
Expr Sqrt(Expr e) { return Call("sqrt", {std::move(e)}); }
Expr Log(Expr e) { return Call("log", {std::move(e)}); }
Expr Exp(Expr e) { return Call("exp", {std::move(e)}); }
Expr Pmod(Expr a, Expr b) { return Call("pmod", {std::move(a), std::move(b)}); }
Expr Greatest(std::vector<Expr> values) { return Call("greatest", std::move(values)); }
Expr Least(std::vector<Expr> values) { return Call("least", std::move(values)); }

Expr Hash(std::vector<Expr> values) { return Call("hash", std::move(values)); }
Expr XxHash64(std::vector<Expr> values) { return Call("xxhash64", std::move(values)); }
Expr Md5(Expr e) { return Call("md5", {std::move(e)}); }
Expr Sha2(Expr e, int bits) { return Call("sha2", {std::move(e), Lit(bits)}); }
Expr Crc32(Expr e) { return Call("crc32", {std::move(e)}); }

Expr Struct(std::vector<Expr> fields) { return Call("struct", std::move(fields)); }
Expr Array(std::vector<Expr> elements) { return Call("array", std::move(elements)); }
Expr Size(Expr e) { return Call("size", {std::move(e)}); }
Expr ElementAt(Expr container, Expr index_or_key) {
  return Call("element_at", {std::move(container), std::move(index_or_key)});
}
Expr ArrayContains(Expr array, Expr value) {
  return Call("array_contains", {std::move(array), std::move(value)});
}
Expr MapKeys(Expr map) { return Call("map_keys", {std::move(map)}); }
Expr MapValues(Expr map) { return Call("map_values", {std::move(map)}); }

}  // namespace sluice::engine
