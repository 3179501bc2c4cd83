// Spark's `functions` for the fluent API: free functions with Spark's names in C++ case
// (from_json is FromJson), each building an Expr that Bind checks when the query starts.
//
//   DataStream::From(kafka)
//       .Select({FromJson(Col("value").Cast("string"), "user STRING, t TIMESTAMP").As("e")})
//       .Select({Star("e")})
//       .WithWatermark("t", "10 seconds")
//       .GroupBy(Window(Col("t"), "5 minutes"), Col("user"))
//       .Agg(Count("*").As("n"), Sum(Col("amount")).As("total"));
//
// Rules: a function's arguments follow Spark's (a pattern, a schema, a JSON path or a format is a
// C++ string, made a literal); a wrong argument type is refused at Start, naming the function and
// the argument. Aggregates (Count, Sum, ...) belong in Agg; a generator (Explode, ...) is a
// select item. Any registry function without a wrapper here is `Call("name", {args})`.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/expr/expression.h"
#include "engine/expr/window_call.h"

namespace sluice::engine {

// ---- Time ------------------------------------------------------------------------------------
// window(time, duration[, slide[, start_time]]), durations as Spark writes them ("5 minutes").
Expr Window(Expr time, std::string duration, std::optional<std::string> slide = std::nullopt,
            std::optional<std::string> start = std::nullopt);
Expr WindowTime(Expr window);
// The batch's timestamp (and its day): the same for every row of a batch, and again when the
// batch runs again after a crash.
Expr CurrentTimestamp();
Expr CurrentDate();

// ---- Aggregates (in Agg only) ------------------------------------------------------------------
// Count("*") counts rows; Count(e) the rows where e is not null.
Expr Count(std::string_view star);
Expr Count(Expr e);
Expr CountDistinct(Expr e);
Expr Sum(Expr e);
Expr Avg(Expr e);
Expr Min(Expr e);
Expr Max(Expr e);
Expr First(Expr e);
Expr Last(Expr e);

// ---- JSON and CSV -------------------------------------------------------------------------------
using ReaderOptions = std::map<std::string, std::string>;
// from_json(json, schema DDL, options): a malformed record gives null fields (PERMISSIVE).
Expr FromJson(Expr json, std::string schema_ddl, const ReaderOptions& options = {});
Expr ToJson(Expr e);
Expr GetJsonObject(Expr json, std::string path);
Expr SchemaOfJson(std::string json);
Expr FromCsv(Expr csv, std::string schema_ddl, const ReaderOptions& options = {});
Expr ToCsv(Expr e);

// ---- Generators (select items) -----------------------------------------------------------------
Expr Explode(Expr e);
Expr ExplodeOuter(Expr e);
Expr PosExplode(Expr e);
Expr Inline(Expr e);

// ---- Strings ---------------------------------------------------------------------------------
// split(str, regex, limit): limit <= 0 keeps every piece.
Expr Split(Expr str, std::string pattern, int limit = -1);
Expr Concat(std::vector<Expr> parts);
Expr ConcatWs(std::string separator, std::vector<Expr> parts);
Expr Length(Expr e);
Expr Lower(Expr e);
Expr Upper(Expr e);
Expr Trim(Expr e);
Expr LTrim(Expr e);
Expr RTrim(Expr e);
// substring(str, pos, len): pos is 1-based; a negative pos counts from the end.
Expr Substring(Expr str, int pos, int len);
Expr RegexpExtract(Expr str, std::string pattern, int group);
Expr RegexpReplace(Expr str, std::string pattern, std::string replacement);
Expr Like(Expr str, std::string pattern);
Expr RLike(Expr str, std::string pattern);
Expr StartsWith(Expr str, Expr prefix);
Expr EndsWith(Expr str, Expr suffix);
Expr Contains(Expr str, Expr part);
// instr(str, substr): the 1-based position of substr's first occurrence, 0 when absent.
Expr Instr(Expr str, std::string substr);
Expr Lpad(Expr str, int len, std::string pad = " ");
Expr Rpad(Expr str, int len, std::string pad = " ");
Expr Replace(Expr str, std::string search, std::string replacement = "");

// ---- Dates and times -------------------------------------------------------------------------
Expr ToDate(Expr e, std::optional<std::string> format = std::nullopt);
Expr ToTimestamp(Expr e, std::optional<std::string> format = std::nullopt);
Expr DateFormat(Expr e, std::string format);
Expr DateAdd(Expr date, Expr days);
Expr DateDiff(Expr end, Expr start);
Expr DateTrunc(std::string unit, Expr ts);
Expr Year(Expr e);
Expr Month(Expr e);
Expr DayOfMonth(Expr e);
Expr Hour(Expr e);
Expr Minute(Expr e);
Expr Second(Expr e);
// unix_timestamp(e[, format]): seconds since the epoch; from_unixtime(seconds[, format]): text.
Expr UnixTimestamp(Expr e, std::optional<std::string> format = std::nullopt);
Expr FromUnixtime(Expr seconds, std::optional<std::string> format = std::nullopt);

// ---- Null handling and conditionals ------------------------------------------------------------
Expr Coalesce(std::vector<Expr> values);
// when(condition, value) with the value for no match (null when absent).
Expr When(Expr condition, Expr value, std::optional<Expr> otherwise = std::nullopt);
Expr If(Expr condition, Expr then, Expr otherwise);
Expr NullIf(Expr a, Expr b);
// e IN (values...): Spark's Column.isin.
Expr In(Expr e, std::vector<Expr> values);

// ---- Math ------------------------------------------------------------------------------------
Expr Abs(Expr e);
Expr Round(Expr e, int scale = 0);
Expr Floor(Expr e);
Expr Ceil(Expr e);
Expr Pow(Expr base, Expr exponent);
Expr Sqrt(Expr e);
Expr Log(Expr e);
Expr Exp(Expr e);
Expr Pmod(Expr a, Expr b);
Expr Greatest(std::vector<Expr> values);
Expr Least(std::vector<Expr> values);

// ---- Hashing ---------------------------------------------------------------------------------
// hash(...): Spark's Murmur3 over the values, bit for bit (seed 42), as Spark partitions by.
Expr Hash(std::vector<Expr> values);
Expr XxHash64(std::vector<Expr> values);
Expr Md5(Expr e);
Expr Sha2(Expr e, int bits);
Expr Crc32(Expr e);

// ---- Nested data -----------------------------------------------------------------------------
// struct(a, b): fields named after column references (col1, col2... otherwise).
Expr Struct(std::vector<Expr> fields);
Expr Array(std::vector<Expr> elements);
Expr Size(Expr e);
// element_at(array, 1-based index) or element_at(map, key).
Expr ElementAt(Expr container, Expr index_or_key);
Expr ArrayContains(Expr array, Expr value);
Expr MapKeys(Expr map);
Expr MapValues(Expr map);

}  // namespace sluice::engine
