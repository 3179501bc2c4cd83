// The simulator's payload of every type (sim/payload.h), and the oracles' checks of it: an altered
// payload in the stateless sink, or a wrong max(payload) in the stateful one, is a violation.
#include "sim/payload.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "engine/types/record_batch.h"
#include "sim/oracle.h"
#include "sim/recording_sink.h"
#include "sim/sim_disk.h"
#include "sim/stateful_oracle.h"
#include "storage/checkpoint.h"

namespace sluice::sim {
namespace {

using engine::DataType;
using engine::TypeId;
using engine::Value;
using engine::ValueList;

constexpr int64_t kIds = 200;

// Field `name` of Payload(id); REQUIRES: the payload is not null.
Value FieldOf(int64_t id, const std::string& name) {
  return std::get<ValueList>(Payload(id)).at(PayloadType().FieldIndex(name).value());
}

TEST(Payload, EveryPayloadFitsItsTypeAndStartsWithItsId) {
  for (int64_t id = 0; id < kIds; ++id) {
    const Value p = Payload(id);
    ASSERT_TRUE(engine::CheckValueType(p, PayloadType()).ok()) << id;
    if (!engine::IsNull(p)) {
      EXPECT_EQ(FieldOf(id, "id"), Value{id});
    }
  }
  EXPECT_EQ(PayloadType().fields().front().name, "id");
}

TEST(Payload, HasAFieldOfEveryType) {
  std::set<TypeId> ids;
  for (const auto& f : PayloadType().fields()) ids.insert(f.type.id());
  for (TypeId t : {TypeId::kBool, TypeId::kInt32, TypeId::kInt64, TypeId::kFloat, TypeId::kDouble,
                   TypeId::kDecimal, TypeId::kString, TypeId::kBinary, TypeId::kDate,
                   TypeId::kTimestamp, TypeId::kArray, TypeId::kMap, TypeId::kStruct}) {
    EXPECT_TRUE(ids.count(t)) << static_cast<int>(t);
  }
  EXPECT_EQ(PayloadType().fields()[*PayloadType().FieldIndex("dec")].type,
            DataType::Decimal(38, 6));
}

// Null payloads, a null in every field but the id, and each type's edge values occur.
TEST(Payload, CoversNullsAndEdgeValues) {
  int null_payloads = 0;
  std::set<std::string> null_fields;
  bool big_decimal = false, zero_byte = false, non_ascii = false, negative_zero = false;
  bool date_before = false, date_after = false, ts_before = false, ts_after = false;
  bool null_element = false, null_map_value = false;
  const engine::Int128 two_to_64 = engine::Int128{1} << 64;
  for (int64_t id = 0; id < kIds; ++id) {
    if (engine::IsNull(Payload(id))) {
      ++null_payloads;
      continue;
    }
    for (const auto& f : PayloadType().fields()) {
      const Value v = FieldOf(id, f.name);
      if (engine::IsNull(v)) {
        null_fields.insert(f.name);
        continue;
      }
      if (f.name == "dec") {
        const engine::Int128 u = std::get<engine::Decimal128>(v).unscaled;
        big_decimal |= (u < 0 ? -u : u) / 1000000 > two_to_64;
      }
      if (f.name == "bin") zero_byte |= std::get<std::string>(v).find('\0') != std::string::npos;
      if (f.name == "s") {
        for (char c : std::get<std::string>(v)) non_ascii |= static_cast<unsigned char>(c) >= 0x80;
      }
      if (f.name == "f") negative_zero |= std::signbit(std::get<double>(v));
      if (f.name == "day") (std::get<int64_t>(v) < 0 ? date_before : date_after) = true;
      if (f.name == "at") (std::get<int64_t>(v) < 0 ? ts_before : ts_after) = true;
      if (f.name == "tags") {
        for (const Value& e : std::get<ValueList>(v)) null_element |= engine::IsNull(e);
      }
      if (f.name == "attrs") {
        for (const Value& e : std::get<ValueList>(v))
          null_map_value |= engine::IsNull(std::get<ValueList>(e)[1]);
      }
    }
  }
  EXPECT_GT(null_payloads, 0);
  EXPECT_EQ(null_fields.size(), PayloadType().fields().size() - 1);  // all but the id
  EXPECT_FALSE(null_fields.count("id"));
  EXPECT_TRUE(big_decimal && zero_byte && non_ascii && negative_zero);
  EXPECT_TRUE(date_before && date_after && ts_before && ts_after);
  EXPECT_TRUE(null_element && null_map_value);
}

// A column of payloads gives each back bit for bit.
TEST(Payload, RoundTripsThroughAColumn) {
  engine::Column column(PayloadType());
  for (int64_t id = 0; id < kIds; ++id) column.Append(Payload(id));
  for (int64_t id = 0; id < kIds; ++id) {
    EXPECT_TRUE(IsPayloadOf(column.Get(static_cast<size_t>(id)), id)) << id;
  }
}

// Every field changed in turn (a null given a value, a value made null, -0.0 made 0.0) is seen.
TEST(Payload, IsPayloadOfSeesOneChangedField) {
  const int64_t id = 4;  // its float is -0.0; several of its fields are null
  ASSERT_TRUE(IsPayloadOf(Payload(id), id));
  EXPECT_FALSE(IsPayloadOf(Payload(id + 1), id));
  EXPECT_FALSE(IsPayloadOf(Value{}, id));
  for (size_t f = 1; f < PayloadType().fields().size(); ++f) {
    Value altered = Payload(id);
    Value& field = std::get<ValueList>(altered)[f];
    if (auto* d = std::get_if<double>(&field)) {
      *d = -*d;  // equal as numbers, not as bits
    } else if (engine::IsNull(field)) {
      field = std::get<ValueList>(Payload(0))[f];
    } else {
      field = Value{};
    }
    EXPECT_FALSE(IsPayloadOf(altered, id)) << PayloadType().fields()[f].name;
  }
}

// The stateless workload's sink rows: (id, doubled, payload) for the kept ids below `n`.
engine::RecordBatch StatelessRows(int64_t n, int64_t altered_id) {
  engine::RecordBatch rows(engine::Schema{
      {{"id", DataType::kInt64}, {"doubled", DataType::kInt64}, {"payload", PayloadType()}}});
  for (int64_t id = 0; id < n; ++id) {
    if (id % 5 == 3) continue;
    rows.AppendRow({id, 2 * id, Payload(id == altered_id ? id + 1 : id)});
  }
  return rows;
}

std::vector<std::string> PayloadViolations(const engine::RecordBatch& rows) {
  RecordingSink sink(true);
  EXPECT_TRUE(sink.AddBatch("query", 0, rows, engine::OutputMode::kAppend).ok());
  Oracle oracle;
  for (int64_t id = 0; id < 20; ++id) oracle.ExpectRow(id, id % 5 != 3);
  oracle.CheckPayloads();
  SimDisk disk;
  storage::Checkpoint checkpoint(&disk, spec::kStandardProtocol, nullptr);
  std::vector<std::string> out;
  for (std::string& v : oracle.Check(sink, checkpoint)) {
    if (v.find("payload") != std::string::npos) out.push_back(std::move(v));
  }
  return out;
}

// The sink must be given the checkpoint's query id, one id for every batch.
TEST(Oracle, ReportsABatchGivenAnotherQueryId) {
  SimDisk disk;
  storage::Checkpoint checkpoint(&disk, spec::kStandardProtocol, nullptr);
  ASSERT_TRUE(checkpoint.WriteMetadata({"q-1", std::nullopt}).ok());
  auto violations = [&](const std::vector<std::string>& ids) {
    RecordingSink sink(true);
    for (size_t b = 0; b < ids.size(); ++b) {
      const engine::RecordBatch rows = StatelessRows(0, -1);
      EXPECT_TRUE(
          sink.AddBatch(ids[b], static_cast<int64_t>(b), rows, engine::OutputMode::kAppend).ok());
    }
    Oracle oracle;
    std::vector<std::string> out;  // the query-id findings (the batches have no commits)
    for (std::string& v : oracle.Check(sink, checkpoint)) {
      if (v.find("query id") != std::string::npos) out.push_back(std::move(v));
    }
    return out;
  };
  EXPECT_TRUE(violations({"q-1", "q-1"}).empty());
  EXPECT_EQ(violations({"q-1", "q-2"}),
            (std::vector<std::string>{
                "batch 1 reached the sink with query id 'q-2', not the checkpoint's 'q-1'"}));
  EXPECT_EQ(violations({""}).size(), 1u);
}

TEST(Oracle, ReportsAnAlteredPayloadNamingTheRow) {
  EXPECT_TRUE(PayloadViolations(StatelessRows(20, -1)).empty());
  const std::vector<std::string> v = PayloadViolations(StatelessRows(20, 11));
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], "row 11 in batch 0 has a payload other than the one it was added with");
}

TEST(Oracle, ReportsABatchWithoutItsPayloadColumn) {
  engine::RecordBatch rows(
      engine::Schema{{{"id", DataType::kInt64}, {"doubled", DataType::kInt64}}});
  EXPECT_EQ(PayloadViolations(rows), std::vector<std::string>{"batch 0 has no payload column"});
}

// Three committed batches of the stateful workload (1 s windows, no delay): batch 0 reads ids
// 1, 2 and 6 at 100..300 ms, batch 1 id 3 at 5 s, and batch 2, with watermark 5 s, closes
// [0, 1 s). Id 6's payload is null, so max(payload) is Payload(2).
std::vector<std::string> StatefulViolations(const Value& stored_top) {
  StatefulWorkload w;
  w.window_us = 1000000;
  w.delay_us = 0;
  w.partitions = {{{1, 100000}, {2, 200000}, {6, 300000}}, {{3, 5000000}}};
  std::map<int64_t, storage::OffsetsEntry> committed;
  committed[0].source_ends = {storage::PartitionOffsetsJson({3, 0})};
  committed[1].batch_watermark_ms = 300;
  committed[1].source_ends = {storage::PartitionOffsetsJson({3, 1})};
  committed[2].batch_watermark_ms = 5000;
  committed[2].source_ends = {storage::PartitionOffsetsJson({3, 1})};
  const DataType window =
      DataType::Struct({{"start", DataType::kTimestamp}, {"end", DataType::kTimestamp}});
  engine::RecordBatch out(engine::Schema{
      {{"w", window}, {"n", DataType::kInt64}, {"ids", DataType::kInt64}, {"top", PayloadType()}}});
  RecordingSink sink(true);
  EXPECT_TRUE(sink.AddBatch("query", 0, out, engine::OutputMode::kAppend).ok());
  EXPECT_TRUE(sink.AddBatch("query", 1, out, engine::OutputMode::kAppend).ok());
  out.AppendRow({ValueList{int64_t{0}, int64_t{1000000}}, int64_t{3}, int64_t{9}, stored_top});
  EXPECT_TRUE(sink.AddBatch("query", 2, out, engine::OutputMode::kAppend).ok());
  return CheckStatefulRun(w, committed, 2, sink);
}

TEST(StatefulOracle, PredictsMaxOfPayloadsAndReportsAnotherOne) {
  ASSERT_TRUE(engine::IsNull(Payload(6)));
  EXPECT_TRUE(StatefulViolations(Payload(2)).empty());
  for (const Value& wrong : {Payload(1), Value{}, Payload(3)}) {
    EXPECT_EQ(StatefulViolations(wrong),
              std::vector<std::string>{
                  "stateful: batch 2: stored 1 rows, the model expects 1 (with other values)"});
  }
  Value altered = Payload(2);
  std::get<ValueList>(altered)[*PayloadType().FieldIndex("s")] = Value{"other"};
  EXPECT_EQ(StatefulViolations(altered).size(), 1u);
}

}  // namespace
}  // namespace sluice::sim
