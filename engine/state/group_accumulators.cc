#include "engine/state/group_accumulators.h"

#include "spec/check.h"

namespace sluice::engine {

GroupAccumulators::GroupAccumulators(const std::vector<BoundAgg>& aggs,
                                     const std::vector<size_t>& offsets)
    : aggs_(aggs), offsets_(offsets), typed_(aggs.size()) {}

GroupAccumulators::Kind GroupAccumulators::TypedKind(size_t a, const Column* arg) const {
  const BoundAgg& agg = aggs_[a];
  if (arg != nullptr && arg->null_count() > 0) return Kind::kByValue;
  if (agg.fn == AggFn::kCount) return Kind::kLong;
  if (agg.fn != AggFn::kSum || arg == nullptr) return Kind::kByValue;
  if (agg.result_type == DataType::kInt64 && arg->type() == DataType::kInt64) return Kind::kLong;
  if (agg.result_type == DataType::kDouble && arg->type() == DataType::kDouble) {
    return Kind::kDouble;
  }
  return Kind::kByValue;
}

void GroupAccumulators::Update(const RecordBatch& rows, std::span<const uint32_t> group_of_row,
                               bool any_late, BatchGroups& groups) {
  // Calls add(group, row) for every row that is not late.
  const auto each_row = [&](auto add) {
    if (!any_late) {
      for (size_t r = 0; r < group_of_row.size(); ++r) add(group_of_row[r], r);
      return;
    }
    for (size_t r = 0; r < group_of_row.size(); ++r) {
      if (group_of_row[r] != kLateRow) add(group_of_row[r], r);
    }
  };
  // The typed numbers of the groups added since the last piece start from their buffers (null as
  // 0: a group that is not late has a row with a value, so its null buffer rightly becomes a
  // number; a late group's buffer is never stored or emitted).
  const auto extend = [&]<class T>(std::vector<T>& numbers, size_t offset) {
    for (auto g = static_cast<uint32_t>(numbers.size()); g < groups.size(); ++g) {
      const Value& b = groups.Buffer(g)[offset];
      numbers.push_back(IsNull(b) ? T{0} : std::get<T>(b));
    }
  };
  for (size_t a = 0; a < aggs_.size(); ++a) {
    const BoundAgg& agg = aggs_[a];
    const Column* arg = agg.arg_column ? &rows.column(*agg.arg_column) : nullptr;
    Typed& typed = typed_[a];
    const Kind kind = typed.kind == Kind::kByValue ? Kind::kByValue : TypedKind(a, arg);
    if (kind == Kind::kByValue) {
      if (typed.kind != Kind::kByValue) {
        WriteBackOne(a, groups);
        typed.kind = Kind::kByValue;
      }
      each_row([&](uint32_t g, size_t r) {
        agg.Update(groups.Buffer(g) + offsets_[a], arg != nullptr ? arg->Get(r) : Value{});
      });
      continue;
    }
    SLUICE_CHECK(typed.kind == Kind::kNone || typed.kind == kind, "one typed kind in a batch");
    typed.kind = kind;
    if (kind == Kind::kDouble) {
      extend(typed.doubles, offsets_[a]);
      const std::span<const double> v = arg->doubles();
      double* sums = typed.doubles.data();
      each_row([&](uint32_t g, size_t r) { sums[g] += v[r]; });
      continue;
    }
    extend(typed.longs, offsets_[a]);
    int64_t* numbers = typed.longs.data();
    if (agg.fn == AggFn::kCount) {
      each_row([&](uint32_t g, size_t) { ++numbers[g]; });
      continue;
    }
    const std::span<const int64_t> v = arg->int64s();
    each_row([&](uint32_t g, size_t r) {  // wraps on overflow, as Update does
      numbers[g] =
          static_cast<int64_t>(static_cast<uint64_t>(numbers[g]) + static_cast<uint64_t>(v[r]));
    });
  }
}

void GroupAccumulators::WriteBackOne(size_t a, BatchGroups& groups) {
  Typed& typed = typed_[a];
  const size_t offset = offsets_[a];
  for (uint32_t g = 0; g < typed.longs.size(); ++g) groups.Buffer(g)[offset] = typed.longs[g];
  for (uint32_t g = 0; g < typed.doubles.size(); ++g) groups.Buffer(g)[offset] = typed.doubles[g];
  typed.longs.clear();
  typed.doubles.clear();
}

void GroupAccumulators::WriteBack(BatchGroups& groups) {
  for (size_t a = 0; a < aggs_.size(); ++a) WriteBackOne(a, groups);
}

}  // namespace sluice::engine
