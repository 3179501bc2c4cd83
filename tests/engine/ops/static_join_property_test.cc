// The hash join of a stream with a static table gives what pairing every stream row with every
// table row gives: the same rows in the same order, inner and left outer, with null keys, keys
// repeated on both sides, residual terms (before or after the keys, three-valued) and keys of
// other types. The oracle is the same condition OR false: no longer an AND of equalities, it
// takes the nested loop.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "engine/ops/filter.h"
#include "engine/ops/static_join.h"

namespace sluice::engine {
namespace {

const Schema kStream{{{"k", DataType::kInt64},
                      {"s", DataType::kString},
                      {"t", DataType::kInt64},
                      {"j", DataType::kInt32}}};
const Schema kTable{{{"k", DataType::kInt64},
                     {"u", DataType::kString},
                     {"w", DataType::kInt64},
                     {"i", DataType::kInt32}}};

// A value from a small domain, so that keys repeat, or null one time in five.
Value SmallLong() {
  return *rc::gen::inRange(0, 5) == 0 ? Value{} : Value{int64_t{*rc::gen::inRange(0, 4)}};
}
Value SmallInt() {
  const Value v = SmallLong();
  return IsNull(v) ? Value{} : Value{static_cast<int32_t>(std::get<int64_t>(v))};
}
// Strings of one to 36 bytes (a UUID's length), some alike but for their last byte.
Value SmallString() {
  static const std::vector<std::string> kStrings = {"x",
                                                    "y",
                                                    "z",
                                                    "xyzxyzxyz",
                                                    "xyzxyzxyy",
                                                    "0123456789abcdef0123456789abcdef-id1",
                                                    "0123456789abcdef0123456789abcdef-id2"};
  return *rc::gen::inRange(0, 5) == 0 ? Value{} : Value{*rc::gen::elementOf(kStrings)};
}

RecordBatch GenStream() {
  RecordBatch b(kStream);
  const int rows = *rc::gen::inRange(0, 30);
  for (int r = 0; r < rows; ++r) {
    b.AppendRow({SmallLong(), SmallString(), SmallLong(), SmallInt()});
  }
  return b;
}

RecordBatch GenTable() {
  RecordBatch b(kTable);
  const int rows = *rc::gen::inRange(0, 12);
  for (int r = 0; r < rows; ++r) {
    b.AppendRow({SmallLong(), SmallString(), SmallLong(), SmallInt()});
  }
  return b;
}

Expr GenCondition() {
  const Expr lk = Col("left.k"), rk = Col("right.k");
  const std::vector<Expr> conditions = {
      lk == rk,
      rk == lk,
      Col("s") == Col("u"),  // one string key
      lk == rk && Col("s") == Col("u"),
      lk == rk && Col("t") > Col("w"),
      Col("t") > Col("w") && lk == rk,
      Col("s") == Col("u") && (Col("t") + Col("w")) % Lit(3) != Lit(0),
      Col("s") == Col("u") && lk == rk && Col("t") == Col("w"),
      lk == Col("i"),                                // long = int: coerced, so not a hash key
      Col("t") == Col("i") && lk == rk,              // one key, and the coerced term as residual
      lk == rk && Col("t").IsNull(),                 // a residual true where the keys are not null
      Col("s") == Col("s") && lk == rk,              // a term of the stream alone
      Col("u") == Lit("x") && lk == rk,              // a term of the table alone
      Col("j") == Col("i") && Col("s") == Col("u"),  // int and string keys
  };
  return conditions[*rc::gen::inRange<size_t>(0, conditions.size())];
}

RC_GTEST_PROP(StaticJoinProperty, TheHashJoinGivesTheNestedLoopsRows, ()) {
  const RecordBatch stream = GenStream();
  const RecordBatch table = GenTable();
  const Expr condition = GenCondition();
  const JoinType type = *rc::gen::element(JoinType::kInner, JoinType::kLeftOuter);
  auto hashed = MakeStaticJoin(table, "t", type, condition);
  auto looped = MakeStaticJoin(table, "t", type, condition || Lit(false));
  RC_ASSERT(hashed->Bind(kStream).ok());
  RC_ASSERT(looped->Bind(kStream).ok());
  const Result<RecordBatch> got = hashed->Apply(stream, EvalContext{});
  const Result<RecordBatch> want = looped->Apply(stream, EvalContext{});
  RC_ASSERT(got.ok());
  RC_ASSERT(want.ok());
  RC_ASSERT(got.value().schema() == want.value().schema());
  if (got.value().Encode() != want.value().Encode()) {
    RC_FAIL("condition " + condition.ToString() + "\nhash join:\n" + got.value().Encode() +
            "nested loop:\n" + want.value().Encode());
  }
}

// An inner join that takes a filter in (Operator::AfterFilter, as filter fusion does) gives what
// the filter then the join give: the same rows, columns and names. A left outer join does not
// take one.
RC_GTEST_PROP(StaticJoinProperty, TheJoinAfterAFilterGivesTheFilterThenTheJoin, ()) {
  const RecordBatch stream = GenStream();
  const RecordBatch table = GenTable();
  const Expr condition = GenCondition();
  const std::vector<Expr> filters = {
      Col("t") > Lit(1),
      Col("s") == Lit("x"),  // null where s is null: the row goes
      Col("j").IsNull(),
      Col("k") % Lit(2) == Lit(0) || Col("s") == Lit("y"),
  };
  const Expr filter = filters[*rc::gen::inRange<size_t>(0, filters.size())];
  const JoinType type = *rc::gen::element(JoinType::kInner, JoinType::kLeftOuter);
  auto where = MakeWhere(filter);
  auto join = MakeStaticJoin(table, "t", type, condition);
  const Schema filtered = where->Bind(kStream).value();
  RC_ASSERT(join->Bind(filtered).ok());
  auto fused = join->AfterFilter(filter, kStream, filtered);
  if (type == JoinType::kLeftOuter) {
    RC_ASSERT(fused == nullptr);
    return;
  }
  RC_ASSERT(fused != nullptr);
  RC_ASSERT(fused->Bind(kStream).ok());
  const RecordBatch want = join->Apply(where->Apply(stream).value()).value();
  const Result<RecordBatch> got = fused->Apply(stream);
  RC_ASSERT(got.ok());
  RC_ASSERT(got.value().schema() == want.schema());
  if (got.value().Encode() != want.Encode()) {
    RC_FAIL("filter " + filter.ToString() + ", condition " + condition.ToString() + "\nfused:\n" +
            got.value().Encode() + "filter then join:\n" + want.Encode());
  }
}

}  // namespace
}  // namespace sluice::engine
