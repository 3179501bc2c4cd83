// RecordBatch shares its columns instead of copying them, and a shared column never changes:
// an append to one batch is not seen by another that shared its columns. The same holds of a
// nested column's children.
#include <gtest/gtest.h>

#include <utility>

#include "engine/expr/expression.h"
#include "engine/ops/projection.h"
#include "engine/types/record_batch.h"

namespace sluice::engine {
namespace {

const Schema kSchema{{{"k", DataType::kInt64}, {"s", DataType::kString}}};

RecordBatch ThreeRows() {
  RecordBatch b(kSchema);
  for (int64_t i = 0; i < 3; ++i) b.AppendRow({Value{i}, Value{std::string(1, 'a' + i)}});
  return b;
}

TEST(RecordBatchSharing, CopiesWholeSlicesAndInOrderTakesShareColumns) {
  const RecordBatch b = ThreeRows();
  const RecordBatch copy = b;
  EXPECT_EQ(&copy.column(0), &b.column(0));
  EXPECT_EQ(&b.Slice(0, 3).column(1), &b.column(1));
  EXPECT_EQ(&b.Take(std::vector<uint32_t>{0, 1, 2}).column(1), &b.column(1));
  const std::vector<uint8_t> every_row{1, 1, 1};
  EXPECT_EQ(&b.Filter(every_row).column(0), &b.column(0));
  // Anything else copies the rows it keeps.
  EXPECT_NE(&b.Slice(1, 3).column(0), &b.column(0));
  EXPECT_EQ(b.Take(std::vector<uint32_t>{2, 0}).Encode(), "2\tc\n0\ta\n");
}

TEST(RecordBatchSharing, AnAppendCopiesASharedColumnFirst) {
  RecordBatch b = ThreeRows();
  const RecordBatch before = b;
  const std::string text = before.Encode();
  b.AppendRow({Value{int64_t{9}}, Value{std::string("z")}});
  EXPECT_EQ(before.Encode(), text);
  EXPECT_EQ(before.num_rows(), 3u);
  EXPECT_EQ(b.num_rows(), 4u);
  EXPECT_EQ(b.Row(3), (std::vector<Value>{Value{int64_t{9}}, Value{std::string("z")}}));

  RecordBatch appended(kSchema);
  appended.AppendBatch(before);  // onto an empty batch: shared
  EXPECT_EQ(&appended.column(0), &before.column(0));
  appended.AppendBatch(before);
  EXPECT_EQ(before.Encode(), text);
  EXPECT_EQ(appended.Encode(), text + text);
}

TEST(RecordBatchSharing, AColumnReferenceInASelectIsShared) {
  const RecordBatch b = ThreeRows();
  auto select = MakeSelect({Col("s"), (Col("k") + Lit(int64_t{1})).As("k1")});
  ASSERT_TRUE(select->Bind(kSchema).ok());
  auto out = select->Apply(b, EvalContext{});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(&out->column(0), &b.column(1));
  EXPECT_EQ(out->Encode(), "a\t1\nb\t2\nc\t3\n");
}

// A struct's field in a select is its child column, shared with the struct: no copy of the rows.
TEST(RecordBatchSharing, AStructFieldInASelectIsShared) {
  const Schema schema{
      {{"e", DataType::Struct({{"a", DataType::kInt64}, {"b", DataType::kString}})}}};
  RecordBatch b(schema);
  b.AppendRow({Value{ValueList{Value{int64_t{1}}, Value{std::string("x")}}}});
  b.AppendRow({Value{}});  // a null struct: its fields are null
  auto select = MakeSelect({Col("e.b"), Col("e.a")});
  ASSERT_TRUE(select->Bind(schema).ok());
  auto out = select->Apply(b, EvalContext{});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(&out->column(0), &b.column(0).child(1));
  EXPECT_EQ(&out->column(1), &b.column(0).child(0));
  EXPECT_EQ(out->Row(0), (std::vector<Value>{Value{std::string("x")}, Value{int64_t{1}}}));
  EXPECT_EQ(out->Row(1), (std::vector<Value>{Value{}, Value{}}));
}

// Copies of a nested column share their children until one changes them: a change to one copy's
// child (through the mutable child()) is never seen by the other.
TEST(ColumnSharing, ACopysChildrenAreSharedUntilOneIsChanged) {
  Column c(DataType::Struct({{"a", DataType::kInt64}, {"s", DataType::Array(DataType::kString)}}));
  c.Append(Value{ValueList{Value{int64_t{1}}, Value{ValueList{Value{std::string("x")}}}}});
  const Column original = c;
  Column copy = c;
  EXPECT_EQ(&std::as_const(copy).child(0), &original.child(0));
  EXPECT_EQ(copy.SharedChild(1).get(), &original.child(1));
  copy.Append(Value{ValueList{Value{int64_t{2}}, Value{ValueList{}}}});
  EXPECT_EQ(original.size(), 1u);
  EXPECT_EQ(original.child(0).size(), 1u);
  EXPECT_EQ(original.child(1).child(0).size(), 1u);
  EXPECT_EQ(copy.size(), 2u);
  EXPECT_EQ(copy.Get(1), (Value{ValueList{Value{int64_t{2}}, Value{ValueList{}}}}));
  EXPECT_NE(&std::as_const(copy).child(0), &original.child(0));
  // Cutting a copy back leaves the column it came from whole.
  Column cut = original;
  cut.Truncate(0);
  EXPECT_EQ(cut.child(1).size(), 0u);
  EXPECT_EQ(original.child(1).size(), 1u);
  EXPECT_EQ(original.Get(0), c.Get(0));
}

}  // namespace
}  // namespace sluice::engine
