// RecordBatch shares its columns instead of copying them, and a shared column never changes:
// an append to one batch is not seen by another that shared its columns.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace sluice::engine
