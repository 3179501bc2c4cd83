// Private to the expression layer: Spark's ordering of the cells of two columns of one type
// (the comparison operators, greatest, least, in, nullif), and the helpers their binders share to
// find the common type of their arguments and cast them to it.
//
// Rules: the order is Spark's interpreted ordering: numbers by value (doubles and floats with NaN
// above every other number and -0.0 equal to 0.0), strings and binaries by their unsigned bytes,
// bools false < true, dates and timestamps by time, arrays and structs element by element with a
// null element first and a shorter array first when one is a prefix of the other. Maps have no
// order (IsOrderable refuses them). Everything here is inline: the header has no .cc of its own.
#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "engine/expr/cast.h"
#include "engine/expr/function.h"
#include "engine/types/type_coercion.h"

namespace sluice::engine::cell_order {

// Whether Spark can order values of `type`: any type without a map inside.
inline bool IsOrderable(const DataType& type) {
  switch (type.id()) {
    case TypeId::kMap:
      return false;
    case TypeId::kArray:
      return IsOrderable(type.element());
    case TypeId::kStruct:
      for (const StructField& f : type.fields()) {
        if (!IsOrderable(f.type)) return false;
      }
      return true;
    default:
      return true;
  }
}

// -1, 0 or 1: floating point numbers with NaN greatest and -0.0 equal to 0.0.
template <typename T>
inline int CompareFloating(T x, T y) {
  if (x < y) return -1;
  if (x > y) return 1;
  if (x == y) return 0;
  const bool x_nan = std::isnan(x), y_nan = std::isnan(y);
  return x_nan == y_nan ? 0 : (x_nan ? 1 : -1);
}

template <typename T>
inline int CompareOrdered(T x, T y) {
  return x < y ? -1 : (x > y ? 1 : 0);
}

// -1, 0 or 1 as row i of a orders before, with or after row j of b.
// REQUIRES: a and b have the same orderable type; neither row is null.
inline int CompareCells(const Column& a, size_t i, const Column& b, size_t j) {
  switch (a.type().id()) {
    case TypeId::kBool:
      return CompareOrdered<int>(a.Bool(i), b.Bool(j));
    case TypeId::kInt32:
    case TypeId::kDate:
      return CompareOrdered(a.Int32(i), b.Int32(j));
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return CompareOrdered(a.Int(i), b.Int(j));
    case TypeId::kFloat:
      return CompareFloating(a.Float(i), b.Float(j));
    case TypeId::kDouble:
      return CompareFloating(a.Double(i), b.Double(j));
    case TypeId::kDecimal:
      return CompareOrdered(a.Decimal(i), b.Decimal(j));
    case TypeId::kString:
    case TypeId::kBinary: {
      const int c = a.String(i).compare(b.String(j));
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case TypeId::kArray: {
      const int64_t ab = a.ListBegin(i), an = a.ListEnd(i) - ab;
      const int64_t bb = b.ListBegin(j), bn = b.ListEnd(j) - bb;
      const Column& ae = a.child(0);
      const Column& be = b.child(0);
      for (int64_t k = 0; k < an && k < bn; ++k) {
        const size_t x = static_cast<size_t>(ab + k), y = static_cast<size_t>(bb + k);
        const bool x_null = ae.IsNull(x), y_null = be.IsNull(y);
        if (x_null || y_null) {
          if (x_null != y_null) return x_null ? -1 : 1;
          continue;
        }
        if (const int c = CompareCells(ae, x, be, y); c != 0) return c;
      }
      return CompareOrdered(an, bn);
    }
    case TypeId::kStruct:
      for (size_t f = 0; f < a.num_children(); ++f) {
        const bool x_null = a.child(f).IsNull(i), y_null = b.child(f).IsNull(j);
        if (x_null || y_null) {
          if (x_null != y_null) return x_null ? -1 : 1;
          continue;
        }
        if (const int c = CompareCells(a.child(f), i, b.child(f), j); c != 0) return c;
      }
      return 0;
    default:
      return 0;  // the null type has no values; maps are refused when bound
  }
}

// Whether the argument is of the null type (Spark's untyped NULL, a literal or not).
inline bool IsUntypedNull(const FunctionArg& arg) { return arg.type.id() == TypeId::kNull; }

// The type an argument takes part in type coercion with: the null type for an untyped null.
inline DataType CoercionType(const FunctionArg& arg) {
  return IsUntypedNull(arg) ? DataType::kNull : arg.type;
}

// The common type of the arguments at `indices`, or an error naming the function and the first
// argument that does not fit: Spark's findWiderTypeWithoutStringPromotion (greatest, least), or
// with `promote_strings` its findWiderCommonType (CASE WHEN, if, in: a string with a number,
// a date or a timestamp gives a string). When every one is an untyped null, the null type.
inline Result<DataType> CommonType(const std::string& name, const std::vector<FunctionArg>& args,
                                   const std::vector<size_t>& indices,
                                   bool promote_strings = false) {
  if (promote_strings) {
    std::vector<DataType> types;
    for (size_t k : indices) types.push_back(CoercionType(args[k]));
    if (std::optional<DataType> common = WiderCommonType(types)) return *common;
  }
  DataType common = DataType::kNull;
  for (size_t k : indices) {
    std::optional<DataType> wider = promote_strings
                                        ? WiderTypeWithStrings(common, CoercionType(args[k]))
                                        : WiderType(common, CoercionType(args[k]));
    if (!wider) {
      return FunctionArgError(name, k, args[k], "has no common type with " + TypeName(common));
    }
    common = *wider;
  }
  if (common.id() == TypeId::kNull && !indices.empty()) return args[indices[0]].type;
  return common;
}

// 0, 1, ..., n - 1.
inline std::vector<size_t> AllIndices(size_t n) {
  std::vector<size_t> out(n);
  for (size_t k = 0; k < n; ++k) out[k] = k;
  return out;
}

// Refuses an argument that cannot be cast to `to`.
inline Status CheckCastable(const std::string& name, const std::vector<FunctionArg>& args, size_t k,
                            const DataType& to) {
  if (IsUntypedNull(args[k]) || CanCast(args[k].type, to)) return Status::Ok();
  return FunctionArgError(name, k, args[k], "cannot be converted to " + TypeName(to));
}

// A column of `rows` nulls of `type`.
inline Column NullColumn(const DataType& type, size_t rows) {
  Column out(type);
  out.Reserve(rows);
  for (size_t i = 0; i < rows; ++i) out.AppendNull();
  return out;
}

// Columns converted to one type: a column that has it already is borrowed, not copied; an untyped
// null becomes nulls of the type; any other is cast. Borrowed columns must outlive this.
class Converted {
 public:
  // The columns cols[k] for k in `indices`; untyped[k] says whether argument k is an untyped
  // null. REQUIRES: CheckCastable passed for each.
  Converted(const ArgColumns& cols, const std::vector<bool>& untyped,
            const std::vector<size_t>& indices, const DataType& to)
      : owned_(indices.size()) {
    for (size_t n = 0; n < indices.size(); ++n) Add(n, cols[indices[n]], untyped[indices[n]], to);
  }
  // One column. REQUIRES: CanCast(col.type(), to).
  Converted(const Column& col, const DataType& to) : owned_(1) { Add(0, col, false, to); }
  Converted(const Converted&) = delete;
  Converted& operator=(const Converted&) = delete;

  const Column& operator[](size_t n) const { return *columns_[n]; }
  size_t size() const { return columns_.size(); }

 private:
  void Add(size_t n, const Column& col, bool untyped_null, const DataType& to) {
    if (col.type() == to) {
      columns_.push_back(&col);
      return;
    }
    owned_[n] = untyped_null ? NullColumn(to, col.size()) : CastColumn(col, to);
    columns_.push_back(&*owned_[n]);
  }

  std::vector<std::optional<Column>> owned_;  // sized once: the pointers below stay valid
  std::vector<const Column*> columns_;
};

}  // namespace sluice::engine::cell_order
