// TakeFromEach, the shuffle's gather, equals Concat of each part's Take: the same rows in the
// same order, for any column types, with nulls or without, and parts that give no rows.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "engine/types/record_batch.h"
#include "tests/support/random_values.h"

namespace sluice::engine {
namespace {

RC_GTEST_PROP(TakeFromEach, EqualsConcatOfTakes, ()) {
  const auto num_columns = *rc::gen::inRange<size_t>(1, 4);
  Schema schema;
  for (size_t c = 0; c < num_columns; ++c) {
    schema.fields.push_back({"c" + std::to_string(c), *testing::GenType()});
  }
  const auto num_parts = *rc::gen::inRange<size_t>(0, 4);
  std::vector<RecordBatch> parts;
  std::vector<std::vector<uint32_t>> rows;
  for (size_t i = 0; i < num_parts; ++i) {
    const auto num_rows = *rc::gen::inRange<size_t>(0, 20);
    RecordBatch part(schema);
    for (size_t r = 0; r < num_rows; ++r) {
      std::vector<Value> row;
      for (const Field& f : schema.fields) row.push_back(testing::GenValue(f.type));
      part.AppendRow(row);
    }
    // Rows in any order, repeated or not; often none, or every row in order.
    std::vector<uint32_t> taken;
    switch (num_rows == 0 ? 0 : *rc::gen::inRange(0, 3)) {
      case 0:
        break;
      case 1:
        for (uint32_t r = 0; r < num_rows; ++r) taken.push_back(r);
        break;
      default:
        taken = *rc::gen::container<std::vector<uint32_t>>(
            rc::gen::inRange<uint32_t>(0, static_cast<uint32_t>(num_rows)));
    }
    parts.push_back(part);
    rows.push_back(taken);
  }
  std::vector<RecordBatch> takes;
  std::vector<std::span<const uint32_t>> spans;
  for (size_t i = 0; i < parts.size(); ++i) {
    takes.push_back(parts[i].Take(rows[i]));
    spans.emplace_back(rows[i]);
  }
  const RecordBatch want = Concat(schema, takes);
  const RecordBatch got = TakeFromEach(schema, parts, spans);
  RC_ASSERT(got.num_rows() == want.num_rows());
  RC_ASSERT(got.Encode() == want.Encode());
}

}  // namespace
}  // namespace sluice::engine
