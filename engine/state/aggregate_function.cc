#include "engine/state/aggregate_function.h"

#include <algorithm>

#include "engine/types/decimal.h"
#include "engine/types/row_codec.h"

namespace sluice::engine {
namespace {
// The state of a decimal sum that overflowed its type (a sum is otherwise null or a decimal).
const Value kDecimalOverflowed{false};

}  // namespace

std::string_view AggName(AggFn fn) {
  switch (fn) {
    case AggFn::kCount:
      return "count";
    case AggFn::kSum:
      return "sum";
    case AggFn::kMin:
      return "min";
    case AggFn::kMax:
      return "max";
    case AggFn::kAvg:
      return "avg";
    case AggFn::kFirst:
      return "first";
    case AggFn::kLast:
      return "last";
    case AggFn::kCountDistinct:
      return "count_distinct";
  }
  return "?";
}

size_t BufferWidth(AggFn fn) { return fn == AggFn::kAvg || fn == AggFn::kFirst ? 2 : 1; }

Result<AggFn> ParseAggFn(const std::string& name) {
  for (AggFn fn : {AggFn::kCount, AggFn::kSum, AggFn::kMin, AggFn::kMax, AggFn::kAvg, AggFn::kFirst,
                   AggFn::kLast, AggFn::kCountDistinct}) {
    if (AggName(fn) == name) return fn;
  }
  return Status::InvalidArgument("aggregate function '" + name + "' is unknown");
}

void BoundAgg::Init(Value* b) const {
  switch (fn) {
    case AggFn::kCount:
      b[0] = int64_t{0};
      return;
    case AggFn::kAvg:
      b[0] = arg_type.id() == TypeId::kDecimal ? Value{} : Value{0.0};
      b[1] = int64_t{0};
      return;
    case AggFn::kFirst:
      b[0] = false;
      b[1] = Value{};
      return;
    case AggFn::kCountDistinct:
      b[0] = std::string();
      return;
    default:
      b[0] = Value{};
      return;
  }
}

void BoundAgg::Update(Value* b, const Value& v) const {
  switch (fn) {
    case AggFn::kCount:
      if (!arg_column || !IsNull(v)) b[0] = std::get<int64_t>(b[0]) + 1;
      return;
    case AggFn::kSum:
      if (IsNull(v)) return;
      if (result_type.id() == TypeId::kDecimal) return SumDecimal(b, v);
      if (IsNull(b[0])) {
        b[0] = result_type == DataType::kDouble ? Value{0.0} : Value{int64_t{0}};
      }
      if (result_type == DataType::kDouble) {
        b[0] = std::get<double>(b[0]) + (std::holds_alternative<double>(v)
                                             ? std::get<double>(v)
                                             : static_cast<double>(std::get<int64_t>(v)));
      } else {  // wraps on overflow, as Spark does with ANSI mode off
        b[0] = static_cast<int64_t>(static_cast<uint64_t>(std::get<int64_t>(b[0])) +
                                    static_cast<uint64_t>(std::get<int64_t>(v)));
      }
      return;
    case AggFn::kMin:
      if (!IsNull(v) && (IsNull(b[0]) || CompareValues(v, b[0]) < 0)) b[0] = v;
      return;
    case AggFn::kMax:
      if (!IsNull(v) && (IsNull(b[0]) || CompareValues(v, b[0]) > 0)) b[0] = v;
      return;
    case AggFn::kAvg:
      if (IsNull(v)) return;
      if (arg_type.id() == TypeId::kDecimal) {
        b[1] = std::get<int64_t>(b[1]) + 1;
        return SumDecimal(b, v);
      }
      b[0] = std::get<double>(b[0]) + (std::holds_alternative<double>(v)
                                           ? std::get<double>(v)
                                           : static_cast<double>(std::get<int64_t>(v)));
      b[1] = std::get<int64_t>(b[1]) + 1;
      return;
    case AggFn::kFirst:
      if (!std::get<bool>(b[0])) {
        b[0] = true;
        b[1] = v;
      }
      return;
    case AggFn::kLast:
      b[0] = v;
      return;
    case AggFn::kCountDistinct: {
      if (IsNull(v)) return;
      std::vector<Value> set = DecodeValues(std::get<std::string>(b[0]));
      auto it = std::lower_bound(set.begin(), set.end(), v, [](const Value& x, const Value& y) {
        return CompareValues(x, y) < 0;
      });
      // Equal in Spark's order: every NaN is one value, and -0.0 is 0.0.
      if (it != set.end() && CompareValues(*it, v) == 0) return;
      set.insert(it, v);
      b[0] = EncodeValues(set);
      return;
    }
  }
}

void BoundAgg::SumDecimal(Value* b, const Value& v) const {
  if (b[0] == kDecimalOverflowed) return;
  const DecimalSpec sum = DecimalSumSpec({arg_type.precision(), arg_type.scale()});
  const Int128 acc = IsNull(b[0]) ? 0 : std::get<Decimal128>(b[0]).unscaled;
  std::optional<Int128> next = DecimalSumAdd(acc, std::get<Decimal128>(v).unscaled, sum);
  b[0] = next ? Value{Decimal128{*next}} : kDecimalOverflowed;
}

BoundAgg::Result BoundAgg::ResultFrom() const {
  switch (fn) {
    case AggFn::kCount:
    case AggFn::kMin:
    case AggFn::kMax:
    case AggFn::kLast:
      return Result::kFirstCell;
    case AggFn::kSum:  // a decimal sum may hold kDecimalOverflowed
      return result_type.id() == TypeId::kDecimal ? Result::kFinish : Result::kFirstCell;
    case AggFn::kFirst:
      return Result::kSecondCell;
    default:
      return Result::kFinish;
  }
}

Value BoundAgg::Finish(const Value* b) const {
  switch (fn) {
    case AggFn::kAvg:
      if (arg_type.id() == TypeId::kDecimal) {
        if (!std::holds_alternative<Decimal128>(b[0])) return Value{};
        std::optional<Int128> avg =
            DecimalAverage(std::get<Decimal128>(b[0]).unscaled, std::get<int64_t>(b[1]),
                           {arg_type.precision(), arg_type.scale()});
        return avg ? Value{Decimal128{*avg}} : Value{};
      }
      return std::get<int64_t>(b[1]) == 0
                 ? Value{}
                 : Value{std::get<double>(b[0]) / static_cast<double>(std::get<int64_t>(b[1]))};
    case AggFn::kFirst:
      return b[1];
    case AggFn::kCountDistinct:
      return static_cast<int64_t>(DecodeValues(std::get<std::string>(b[0])).size());
    case AggFn::kSum:
      return b[0] == kDecimalOverflowed ? Value{} : b[0];
    default:
      return b[0];
  }
}

}  // namespace sluice::engine
