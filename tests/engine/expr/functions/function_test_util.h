// Calling registry functions in unit tests: arguments as columns or literals, the result as Values.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "engine/expr/function.h"

namespace sluice::engine::testing {

// One argument of a test call: a column of values, or a literal repeated on every row.
struct TestArg {
  DataType type;
  std::vector<Value> values;  // a column's values
  std::optional<Value> literal;
};

inline TestArg ColumnOf(DataType type, std::vector<Value> values) {
  return TestArg{std::move(type), std::move(values), std::nullopt};
}
inline TestArg LiteralOf(DataType type, Value v) {
  return TestArg{std::move(type), {}, std::move(v)};
}
// An untyped null literal (Spark's NULL): the null type.
inline TestArg NullLiteral() { return LiteralOf(DataType::kNull, Value()); }

inline std::vector<FunctionArg> ArgsOf(const std::vector<TestArg>& args) {
  std::vector<FunctionArg> out;
  for (const TestArg& a : args) {
    out.push_back(FunctionArg{a.type, a.literal, a.literal.has_value()});
  }
  return out;
}

// Binds `name` to the arguments' types.
inline Result<BoundFunction> BindCall(const std::string& name, const std::vector<TestArg>& args) {
  const FunctionBinder* binder = FindFunction(name);
  if (binder == nullptr) return Status::NotFound("no function " + name);
  return (*binder)(name, ArgsOf(args));
}

// Binds and runs `name` over `rows` rows; checks the result's type and size.
inline Result<Column> CallFunction(const std::string& name, const std::vector<TestArg>& args,
                                   size_t rows) {
  SLUICE_ASSIGN_OR_RETURN(BoundFunction f, BindCall(name, args));
  std::vector<Column> columns;
  for (const TestArg& a : args) {
    Column c(a.type);
    for (size_t i = 0; i < rows; ++i) c.Append(a.literal ? *a.literal : a.values.at(i));
    columns.push_back(std::move(c));
  }
  SLUICE_ASSIGN_OR_RETURN(Column out, f.kernel(columns, rows));
  EXPECT_EQ(out.size(), rows);
  EXPECT_EQ(out.type(), f.type);
  return out;
}

// The values of a column, for comparisons.
inline std::vector<Value> ValuesOf(const Column& c) {
  std::vector<Value> out;
  for (size_t i = 0; i < c.size(); ++i) out.push_back(c.Get(i));
  return out;
}

// CallFunction's result values; a failed call fails the test and gives no values.
inline std::vector<Value> Eval(const std::string& name, const std::vector<TestArg>& args,
                               size_t rows) {
  Result<Column> out = CallFunction(name, args, rows);
  EXPECT_TRUE(out.ok()) << name << ": " << out.status().ToString();
  return out.ok() ? ValuesOf(out.value()) : std::vector<Value>{};
}

}  // namespace sluice::engine::testing
