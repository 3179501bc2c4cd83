#include "engine/ops/projection.h"

#include <gtest/gtest.h>

#include "engine/ops/filter.h"
#include "tests/support/sample_batches.h"

namespace sluice::engine {
namespace {

using testing::NumbersAndNulls;

TEST(Operators, SelectWhereWithColumn) {
  const RecordBatch b = NumbersAndNulls();
  RecordBatch w = MakeWhere(Col("v") > Lit(2))->Apply(b).value();
  EXPECT_EQ(w.num_rows(), 1u);
  RecordBatch s = MakeSelect({(Col("v") * Lit(2)).As("double")})->Apply(b).value();
  EXPECT_EQ(s.schema().fields[0].name, "double");
  EXPECT_EQ(s.column(0).Int(0), 2);
  RecordBatch c = MakeWithColumn("v", Col("v") + Lit(1))->Apply(b).value();
  EXPECT_EQ(c.num_columns(), 2u);
  EXPECT_EQ(c.column(0).Int(0), 2);
  auto bad = MakeWhere(Col("v"))->Bind(b.schema());
  EXPECT_NE(bad.status().message().find("not bool"), std::string::npos);
}

}  // namespace
}  // namespace sluice::engine
