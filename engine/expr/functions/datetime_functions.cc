// The datetime functions of Spark SQL (engine/expr/function.h): the fields of a date or timestamp,
// date arithmetic and date_trunc here; the functions that take a datetime pattern in
// datetime_format_functions.cc.
//
// Arguments take Spark's implicit casts: a date argument accepts a timestamp (its day) or a string
// (cast as Spark casts it, null when malformed); a timestamp argument accepts a date (its
// midnight) or a string. A null argument gives null.
#include "engine/expr/functions/datetime_util.h"
#include "engine/types/datetime.h"

namespace sluice::engine {
namespace {

using datetime_fn::AcceptDate;
using datetime_fn::AcceptString;
using datetime_fn::AcceptTimestamp;
using datetime_fn::AcceptTypes;
using datetime_fn::As;
using datetime_fn::NullIfAnyNullLiteral;

// A function of one date giving an int: year, month, dayofmonth.
template <int (*Field)(int32_t days)>
Result<BoundFunction> BindDateField(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 1));
  SLUICE_RETURN_IF_ERROR(AcceptDate(name, args, 0));
  if (auto null = NullIfAnyNullLiteral(args, DataType::kInt32)) return *null;
  return BoundFunction{DataType::kInt32, [](const ArgColumns& in, size_t rows) -> Result<Column> {
                         std::optional<Column> cast;
                         const Column& d = As(in[0], DataType::kDate, &cast);
                         Column out(DataType::kInt32);
                         out.Reserve(rows);
                         for (size_t i = 0; i < rows; ++i) {
                           if (d.IsNull(i)) {
                             out.AppendNull();
                           } else {
                             out.AppendInt32(Field(d.Int32(i)));
                           }
                         }
                         return out;
                       }};
}

int YearOf(int32_t days) { return static_cast<int>(CivilFromDays(days).year); }
int MonthOf(int32_t days) { return CivilFromDays(days).month; }
int DayOf(int32_t days) { return CivilFromDays(days).day; }

// A function of one timestamp giving an int: hour, minute, second.
template <int (*Field)(int64_t micros)>
Result<BoundFunction> BindTimeField(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 1));
  SLUICE_RETURN_IF_ERROR(AcceptTimestamp(name, args, 0));
  if (auto null = NullIfAnyNullLiteral(args, DataType::kInt32)) return *null;
  return BoundFunction{DataType::kInt32, [](const ArgColumns& in, size_t rows) -> Result<Column> {
                         std::optional<Column> cast;
                         const Column& t = As(in[0], DataType::kTimestamp, &cast);
                         Column out(DataType::kInt32);
                         out.Reserve(rows);
                         for (size_t i = 0; i < rows; ++i) {
                           if (t.IsNull(i)) {
                             out.AppendNull();
                           } else {
                             out.AppendInt32(Field(t.Int(i)));
                           }
                         }
                         return out;
                       }};
}

int HourOf(int64_t micros) {
  return static_cast<int>(FloorMod(micros, kMicrosPerDay) / kMicrosPerHour);
}
int MinuteOf(int64_t micros) {
  return static_cast<int>(FloorMod(micros, kMicrosPerHour) / kMicrosPerMinute);
}
int SecondOf(int64_t micros) {
  return static_cast<int>(FloorMod(micros, kMicrosPerMinute) / kMicrosPerSecond);
}

// A kernel of two int32 columns (dates, or a date and a day count) giving an int32 column of
// `type`; null where either is null.
template <int32_t (*Op)(int32_t, int32_t)>
Column Int32Pairs(const Column& a, const Column& b, const DataType& type, size_t rows) {
  Column out(type);
  out.Reserve(rows);
  for (size_t i = 0; i < rows; ++i) {
    if (a.IsNull(i) || b.IsNull(i)) {
      out.AppendNull();
    } else {
      out.AppendInt32(Op(a.Int32(i), b.Int32(i)));
    }
  }
  return out;
}

// date_add(start, days): start a date (or a timestamp or string cast to one); days an int (a long
// is cast to int, wrapping, as Spark's implicit cast does).
Result<BoundFunction> BindDateAdd(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 2));
  SLUICE_RETURN_IF_ERROR(AcceptDate(name, args, 0));
  SLUICE_RETURN_IF_ERROR(
      AcceptTypes(name, args, 1, {TypeId::kInt32, TypeId::kInt64}, "must be an int"));
  if (auto null = NullIfAnyNullLiteral(args, DataType::kDate)) return *null;
  return BoundFunction{DataType::kDate, [](const ArgColumns& in, size_t rows) -> Result<Column> {
                         std::optional<Column> c0, c1;
                         return Int32Pairs<DateAdd>(As(in[0], DataType::kDate, &c0),
                                                    As(in[1], DataType::kInt32, &c1),
                                                    DataType::kDate, rows);
                       }};
}

// datediff(end, start): the days from start to end, both dates (or timestamps or strings).
Result<BoundFunction> BindDateDiff(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 2));
  SLUICE_RETURN_IF_ERROR(AcceptDate(name, args, 0));
  SLUICE_RETURN_IF_ERROR(AcceptDate(name, args, 1));
  if (auto null = NullIfAnyNullLiteral(args, DataType::kInt32)) return *null;
  return BoundFunction{DataType::kInt32, [](const ArgColumns& in, size_t rows) -> Result<Column> {
                         std::optional<Column> c0, c1;
                         return Int32Pairs<DateDiff>(As(in[0], DataType::kDate, &c0),
                                                     As(in[1], DataType::kDate, &c1),
                                                     DataType::kInt32, rows);
                       }};
}

// date_trunc(unit, ts): the unit a string (literal or column; an unknown unit gives null).
Result<BoundFunction> BindDateTrunc(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 2));
  SLUICE_RETURN_IF_ERROR(AcceptString(name, args, 0));
  SLUICE_RETURN_IF_ERROR(AcceptTimestamp(name, args, 1));
  if (auto null = NullIfAnyNullLiteral(args, DataType::kTimestamp)) return *null;
  return BoundFunction{DataType::kTimestamp,
                       [](const ArgColumns& in, size_t rows) -> Result<Column> {
                         const Column& unit = in[0];
                         std::optional<Column> cast;
                         const Column& t = As(in[1], DataType::kTimestamp, &cast);
                         Column out(DataType::kTimestamp);
                         out.Reserve(rows);
                         for (size_t i = 0; i < rows; ++i) {
                           std::optional<int64_t> v;
                           if (!unit.IsNull(i) && !t.IsNull(i)) {
                             v = DateTrunc(unit.String(i), t.Int(i));
                           }
                           if (v.has_value()) {
                             out.AppendInt(*v);
                           } else {
                             out.AppendNull();
                           }
                         }
                         return out;
                       }};
}

}  // namespace

void AddDatetimeFunctions(FunctionTable* table) {
  table->emplace_back("year", BindDateField<YearOf>);
  table->emplace_back("month", BindDateField<MonthOf>);
  table->emplace_back("dayofmonth", BindDateField<DayOf>);
  table->emplace_back("hour", BindTimeField<HourOf>);
  table->emplace_back("minute", BindTimeField<MinuteOf>);
  table->emplace_back("second", BindTimeField<SecondOf>);
  table->emplace_back("date_add", BindDateAdd);
  table->emplace_back("datediff", BindDateDiff);
  table->emplace_back("date_trunc", BindDateTrunc);
  datetime_fn::AddDatetimeFormatFunctions(table);
}

}  // namespace sluice::engine
