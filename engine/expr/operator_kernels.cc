#include "engine/expr/operator_kernels.h"

#include <cmath>

namespace sluice::engine {

Column EvalArithmetic(Fn fn, const Column& a, const Column& b, DataType out_type) {
  const size_t rows = a.size();
  Column out(out_type);
  out.Reserve(rows);
  for (size_t i = 0; i < rows; ++i) {
    if (a.IsNull(i) || b.IsNull(i)) {
      out.AppendNull();
      continue;
    }
    if (out_type == DataType::kDouble) {
      const double x = a.AsDouble(i), y = b.AsDouble(i);
      switch (fn) {
        case Fn::kAdd:
          out.AppendDouble(x + y);
          break;
        case Fn::kSub:
          out.AppendDouble(x - y);
          break;
        case Fn::kMul:
          out.AppendDouble(x * y);
          break;
        case Fn::kDiv:
          y == 0 ? out.AppendNull() : out.AppendDouble(x / y);
          break;
        default:
          y == 0 ? out.AppendNull() : out.AppendDouble(std::fmod(x, y));
          break;
      }
      continue;
    }
    const int64_t x = a.AsInt64(i), y = b.AsInt64(i);
    switch (fn) {
      case Fn::kAdd:
        out.AppendIntegral(static_cast<int64_t>(static_cast<uint64_t>(x) + y));
        break;
      case Fn::kSub:
        out.AppendIntegral(static_cast<int64_t>(static_cast<uint64_t>(x) - y));
        break;
      case Fn::kMul:
        out.AppendIntegral(static_cast<int64_t>(static_cast<uint64_t>(x) * y));
        break;
      default:
        if (y == 0 || (x == INT64_MIN && y == -1)) {
          out.AppendNull();
        } else {
          out.AppendIntegral(x % y);
        }
    }
  }
  return out;
}

namespace {

int Compare(const Column& a, size_t i, const Column& b) {
  if (a.type() == DataType::kString || a.type() == DataType::kBinary) {
    return a.String(i).compare(b.String(i));
  }
  if (a.type() == DataType::kBool) return static_cast<int>(a.Bool(i)) - static_cast<int>(b.Bool(i));
  if (!a.type().is_integral() || !b.type().is_integral()) {
    const double x = a.AsDouble(i), y = b.AsDouble(i);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  const int64_t x = a.AsInt64(i), y = b.AsInt64(i);
  return x < y ? -1 : (x > y ? 1 : 0);
}

}  // namespace

Column EvalComparison(Fn fn, const Column& a, const Column& b) {
  Column out(DataType::kBool);
  out.Reserve(a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    if (a.IsNull(i) || b.IsNull(i)) {
      out.AppendNull();
      continue;
    }
    const int c = Compare(a, i, b);
    bool r = false;
    switch (fn) {
      case Fn::kEq:
        r = c == 0;
        break;
      case Fn::kNe:
        r = c != 0;
        break;
      case Fn::kLt:
        r = c < 0;
        break;
      case Fn::kLe:
        r = c <= 0;
        break;
      case Fn::kGt:
        r = c > 0;
        break;
      default:
        r = c >= 0;
        break;
    }
    out.AppendBool(r);
  }
  return out;
}

Column EvalLogic(Fn fn, const Column& a, const Column& b) {
  Column out(DataType::kBool);
  out.Reserve(a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    const bool an = a.IsNull(i), bn = b.IsNull(i);
    const bool av = !an && a.Bool(i), bv = !bn && b.Bool(i);
    if (fn == Fn::kAnd) {
      if ((!an && !av) || (!bn && !bv)) {
        out.AppendBool(false);
      } else if (an || bn) {
        out.AppendNull();
      } else {
        out.AppendBool(true);
      }
    } else {
      if (av || bv) {
        out.AppendBool(true);
      } else if (an || bn) {
        out.AppendNull();
      } else {
        out.AppendBool(false);
      }
    }
  }
  return out;
}

}  // namespace sluice::engine
