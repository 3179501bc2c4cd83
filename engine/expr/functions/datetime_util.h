// Helpers shared by the datetime function files (datetime_functions.cc and
// datetime_format_functions.cc); private to engine/expr/functions.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "engine/expr/cast.h"
#include "engine/expr/function.h"

namespace sluice::engine::datetime_fn {

// Whether the argument is an untyped or typed null literal (untyped ones arrive as long today).
inline bool IsNullLiteral(const FunctionArg& arg) {
  return arg.is_literal && (!arg.literal.has_value() || IsNull(*arg.literal));
}

// Refuses argument `i` unless it is a null literal or of one of `types`; `what` says what is
// accepted ("must be a date, timestamp or string").
inline Status AcceptTypes(const std::string& name, const std::vector<FunctionArg>& args, size_t i,
                          std::initializer_list<TypeId> types, const std::string& what) {
  if (IsNullLiteral(args[i])) return Status::Ok();
  for (TypeId t : types) {
    if (args[i].type.id() == t) return Status::Ok();
  }
  return FunctionArgError(name, i, args[i], what);
}

// A date argument as Spark casts one implicitly: a date, a timestamp (its day) or a string.
inline Status AcceptDate(const std::string& name, const std::vector<FunctionArg>& args, size_t i) {
  return AcceptTypes(name, args, i, {TypeId::kDate, TypeId::kTimestamp, TypeId::kString},
                     "must be a date, timestamp or string");
}
// A timestamp argument as Spark casts one implicitly: a timestamp, a date (its midnight) or a
// string.
inline Status AcceptTimestamp(const std::string& name, const std::vector<FunctionArg>& args,
                              size_t i) {
  return AcceptTypes(name, args, i, {TypeId::kTimestamp, TypeId::kDate, TypeId::kString},
                     "must be a timestamp, date or string");
}
inline Status AcceptString(const std::string& name, const std::vector<FunctionArg>& args,
                           size_t i) {
  return AcceptTypes(name, args, i, {TypeId::kString}, "must be a string");
}

// A column of `rows` nulls of `type`.
inline Column NullColumn(const DataType& type, size_t rows) {
  Column out(type);
  out.Reserve(rows);
  for (size_t i = 0; i < rows; ++i) out.AppendNull();
  return out;
}

// When any argument is a null literal the result is null on every row (every datetime function
// is null-intolerant); returns that function, else nullopt.
inline std::optional<BoundFunction> NullIfAnyNullLiteral(const std::vector<FunctionArg>& args,
                                                         const DataType& result) {
  for (const FunctionArg& a : args) {
    if (IsNullLiteral(a)) {
      return BoundFunction{result, [result](const ArgColumns&, size_t rows) -> Result<Column> {
                             return NullColumn(result, rows);
                           }};
    }
  }
  return std::nullopt;
}

// The column as `to`, by Spark's implicit cast: `c` itself when it has that type, else the cast
// column, kept in *holder. REQUIRES: CanCast(c.type(), to).
inline const Column& As(const Column& c, const DataType& to, std::optional<Column>* holder) {
  if (c.type() == to) return c;
  holder->emplace(CastColumn(c, to));
  return **holder;
}

// Adds the datetime functions that take a pattern (to_timestamp, to_date, unix_timestamp,
// date_format, from_unixtime).
void AddDatetimeFormatFunctions(FunctionTable* table);

}  // namespace sluice::engine::datetime_fn
