// Spark's reported checkpoint failures (§11.2 of the shared spark-semantics reference), each
// reproduced on the simulated disk. Every one must end in automatic, correct recovery or in a
// refusal whose message names the file and the fix; never in silent loss or duplication.
// docs/failure-modes.md lists them with the Spark issue each comes from.
#include <gtest/gtest.h>

#include <map>

#include "engine/io/memory_source.h"
#include "engine/query/data_stream.h"
#include "sim/recording_sink.h"
#include "sim/sim_environment.h"

namespace sluice {
namespace {

using engine::Col;
using engine::DataStream;

class FailureModesTest : public ::testing::Test {
 protected:
  // A stateless query, or a windowed count whose state lives in state/0/<partition>/.
  Result<std::unique_ptr<engine::StreamingQuery>> Start(bool stateful = false, int sources = 1,
                                                        int shuffle_partitions = 2) {
    DataStream stream = DataStream::From(source_);
    if (sources == 2) stream = stream.Union(DataStream::From(other_));
    engine::QueryOptions options;
    options.min_batches_to_retain = 10;
    options.shuffle_partitions = shuffle_partitions;
    options.state_snapshot_interval = 100;  // deltas only: each version is one file
    if (stateful) {
      stream = stream.Aggregate({engine::GroupKey{Col("id") % engine::Lit(3), "k", std::nullopt}},
                                {engine::AggSpec{engine::AggFn::kCount, std::nullopt, "n"}});
      options.output_mode = engine::OutputMode::kComplete;
    }
    return stream.WriteStream().Options(options).To(sink_).Start(sim_.env);
  }

  // Adds `rows` new ids as one batch and runs the query over them.
  void RunBatch(engine::StreamingQuery& q, int rows) {
    std::vector<std::vector<engine::Value>> values;
    for (int i = 0; i < rows; ++i) values.push_back({next_id_++});
    ASSERT_TRUE(source_->AddRows(values).ok());
    ASSERT_TRUE(q.ProcessAllAvailable().ok());
  }

  // Starts, runs `batches` batches of two rows, stops.
  void RunBatches(int batches, bool stateful = false) {
    auto q = Start(stateful);
    ASSERT_TRUE(q.ok()) << q.status().message();
    for (int b = 0; b < batches; ++b) RunBatch(*q.value(), 2);
    q.value()->Stop();
  }

  // Every id added so far is in the sink exactly once (stateless queries).
  void ExpectExactlyOnce() {
    std::map<int64_t, int> seen;
    for (const auto& [batch, rows] : sink_->stored()) {
      for (size_t r = 0; r < rows.num_rows(); ++r) ++seen[rows.column(0).Int(r)];
    }
    for (int64_t id = 0; id < next_id_; ++id) EXPECT_EQ(seen[id], 1) << "row " << id;
    EXPECT_EQ(static_cast<int64_t>(seen.size()), next_id_);
  }

  // Restarting must fail with a message that holds every one of `parts`.
  void ExpectRefusal(std::initializer_list<std::string> parts, bool stateful = false) {
    auto q = Start(stateful);
    if (q.ok()) {  // the damage shows once a batch needs the file
      ASSERT_TRUE(source_->AddRows({{next_id_++}}).ok());
      Status st = q.value()->ProcessAllAvailable();
      ASSERT_FALSE(st.ok()) << "the damaged checkpoint was accepted";
      for (const std::string& p : parts)
        EXPECT_NE(st.message().find(p), std::string::npos) << st.message();
      return;
    }
    for (const std::string& p : parts) {
      EXPECT_NE(q.status().message().find(p), std::string::npos) << q.status().message();
    }
  }

  std::string Durable(const std::string& path) { return sim_.disk.ReadFile(path).value(); }

  sim::SimEnvironment sim_{sim::Rng(7), "fm-"};
  engine::Schema schema_{{{"id", engine::DataType::kInt64}}};
  std::shared_ptr<engine::MemorySource> source_ =
      std::make_shared<engine::MemorySource>("input", schema_, 1);
  std::shared_ptr<engine::MemorySource> other_ =
      std::make_shared<engine::MemorySource>("other", schema_, 1);
  std::shared_ptr<sim::RecordingSink> sink_ = std::make_shared<sim::RecordingSink>(true);
  int64_t next_id_ = 0;
};

// SPARK-26092 and pain point 1: a 0-byte or partial newest offsets entry after a crash.
TEST_F(FailureModesTest, EmptyOrPartialNewestOffsetsEntryIsRefusedNamingTheFileAndTheFix) {
  RunBatches(2);
  for (const std::string& bytes : {std::string(), Durable("offsets/1").substr(0, 9)}) {
    sim_.disk.PutDurable("offsets/2", bytes);
    ExpectRefusal({"offsets/2", "delete offsets/2 and restart"});
  }
  // The fix the message gives works, and nothing committed was lost or repeated.
  ASSERT_TRUE(sim_.disk.Remove("offsets/2").ok());
  auto q = Start();
  ASSERT_TRUE(q.ok()) << q.status().message();
  RunBatch(*q.value(), 3);
  ExpectExactlyOnce();
}

// Pain point 1, commit log: a partial commit entry is refused with the fix, and the fix (moving
// the entry out of commits/) re-runs the batch exactly once.
TEST_F(FailureModesTest, PartialNewestCommitEntryIsRefusedAndTheFixRerunsTheBatchExactlyOnce) {
  RunBatches(3);
  for (const std::string& bytes : {std::string(), Durable("commits/2").substr(0, 7)}) {
    sim_.disk.PutDurable("commits/2", bytes);
    ExpectRefusal({"commits/2", "move commits/2 out of commits/ and restart"});
  }
  ASSERT_TRUE(sim_.disk.RenameNoReplace("commits/2", "commits/.2.corrupt").ok());
  auto q = Start();
  ASSERT_TRUE(q.ok()) << q.status().message();
  RunBatch(*q.value(), 2);
  q.value()->Stop();
  ExpectExactlyOnce();
}

// SPARK-26092: the metadata file was written non-atomically and could be left empty.
TEST_F(FailureModesTest, EmptyMetadataIsRefusedNamingTheFileAndTheFix) {
  RunBatches(1);
  sim_.disk.PutDurable("metadata", "");
  ExpectRefusal({"metadata", "restore it from a backup"});
}

// SPARK-38033 and pain point 2: a gap in the offsets log.
TEST_F(FailureModesTest, GapInTheOffsetsLogIsRefusedNamingTheMissingEntry) {
  RunBatches(4);
  ASSERT_TRUE(sim_.disk.Remove("offsets/2").ok());
  ExpectRefusal({"offsets/2 is missing between offsets/0 and offsets/3",
                 "Delete the offsets entries after the gap"});
}

// SPARK-26425 and pain point 4: two queries writing one checkpoint.
TEST_F(FailureModesTest, TwoWritersOnOneCheckpointFailTheSecondWithoutDuplicates) {
  RunBatches(1);
  auto first = Start();
  auto second = Start();
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE(source_->AddRows({{next_id_++}, {next_id_++}}).ok());
  ASSERT_TRUE(first.value()->ProcessAllAvailable().ok());
  Status st = second.value()->ProcessAllAvailable();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("offsets/1 already exists"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("another query is writing to this checkpoint"), std::string::npos);
  ExpectExactlyOnce();
}

// SPARK-55058 and pain point 3: offsets and commits without a metadata file.
TEST_F(FailureModesTest, MissingMetadataWhileOffsetsExistIsRefused) {
  RunBatches(2);
  ASSERT_TRUE(sim_.disk.Remove("metadata").ok());
  ExpectRefusal({"metadata is missing", "Restore the metadata file"});
}

// SPARK-40826, fink-broker #902 and pain points 7 and 10: a state file that is missing.
TEST_F(FailureModesTest, MissingStateFileIsRefusedNamingTheFile) {
  RunBatches(3, true);
  std::string victim;
  for (const std::string& f : sim_.disk.Files()) {
    if (f.rfind("state/0/", 0) == 0 && f.size() > 6 && f.substr(f.size() - 8) == "/3.delta")
      victim = f;
  }
  ASSERT_FALSE(victim.empty());
  ASSERT_TRUE(sim_.disk.Remove(victim).ok());
  ExpectRefusal({victim, "does not exist", "Restore the file"}, true);
}

// SPARK-21696 and pain point 9: a corrupt state file.
TEST_F(FailureModesTest, CorruptStateFileIsRefusedNamingTheFile) {
  RunBatches(3, true);
  std::string victim;
  for (const std::string& f : sim_.disk.Files()) {
    if (f.rfind("state/0/", 0) == 0 && f.substr(f.size() - 8) == "/3.delta") victim = f;
  }
  ASSERT_FALSE(victim.empty());
  std::string bytes = Durable(victim);
  bytes[bytes.size() / 2] ^= 0x20;
  sim_.disk.PutDurable(victim, bytes);
  ExpectRefusal({victim, "is corrupt", "restore it"}, true);
}

// Pain point 11: a restart with another number of sources.
TEST_F(FailureModesTest, RestartWithAnotherNumberOfSourcesIsRefused) {
  RunBatches(2);
  auto q = Start(false, 2);
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.status().message().find("offsets/1: there are 1 sources in the checkpoint offsets "
                                      "and now there are 2 sources"),
            std::string::npos)
      << q.status().message();
}

// A source whose partition count changed cannot read the offsets it logged.
TEST_F(FailureModesTest, RestartWithAnotherPartitionCountIsRefused) {
  RunBatches(2);
  source_ = std::make_shared<engine::MemorySource>(source_->Name(), source_->schema(),
                                                   source_->NumPartitions() + 1);
  auto q = Start();
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(q.status().message().find("offsets/1: source 0 ('" + source_->Name() + "'): had " +
                                      std::to_string(source_->NumPartitions() - 1) +
                                      " partitions in the checkpoint and has " +
                                      std::to_string(source_->NumPartitions()) + " now"),
            std::string::npos)
      << q.status().message();
}

// Pain point 14: shuffle_partitions is pinned by the log; a new value has no effect.
TEST_F(FailureModesTest, RestartWithOtherShufflePartitionsKeepsTheLoggedValue) {
  RunBatches(2, true);
  auto q = Start(true, 1, 7);
  ASSERT_TRUE(q.ok()) << q.status().message();
  RunBatch(*q.value(), 3);
  const auto progress = q.value()->LastProgress();
  ASSERT_TRUE(progress.has_value());
  EXPECT_EQ(progress->state_operators.at(0).num_shuffle_partitions, 2);
  // Complete mode: the last batch holds every group's count over all 7 rows.
  int64_t total = 0;
  const engine::RecordBatch& last = sink_->stored().back().second;
  for (size_t r = 0; r < last.num_rows(); ++r) total += last.column(1).Int(r);
  EXPECT_EQ(total, 7);
  for (const std::string& f : sim_.disk.Files())
    EXPECT_EQ(f.rfind("state/0/6/", 0), std::string::npos) << f;
}

}  // namespace
}  // namespace sluice
