#include "engine/query/recovery.h"

#include <algorithm>
#include <cstdlib>

#include "engine/query/query_schema.h"

namespace sluice::engine {
namespace {

using spec::recovery::Event;
using spec::recovery::State;

// What the logs say, read in kReadingLogs and decided on in kDeciding.
struct LogView {
  std::vector<int64_t> offset_ids;
  std::vector<int64_t> commit_ids;
  std::optional<storage::OffsetsEntry> latest;    // offsets/L
  std::optional<storage::OffsetsEntry> previous;  // offsets/L-1
  std::optional<storage::CommitEntry> commit;     // commits/C
  // The query schema `metadata` recorded; absent when this run created the checkpoint, or in a
  // checkpoint created before Sluice recorded it (those are not checked; docs/formats.md).
  std::optional<storage::QuerySchema> recorded_schema;
};

std::vector<SourceOffset> InitialOffsets(const CompiledPlan& plan) {
  std::vector<SourceOffset> out;
  for (const auto& s : plan.sources) out.push_back(s->InitialOffset());
  return out;
}

Status ReadMetadata(QueryRuntime& rt, LogView& view) {
  storage::Checkpoint& cp = rt.checkpoint;
  auto read = cp.ReadMetadata();
  if (!read.ok() && read.status().code() == StatusCode::kCorruption) {
    return Status::Corruption(read.status().message() +
                              ". The metadata file holds the query id that sinks deduplicate on: "
                              "restore it from a backup, or start the query with a new "
                              "checkpoint directory");
  }
  SLUICE_ASSIGN_OR_RETURN(std::optional<storage::MetadataEntry> meta, std::move(read));
  if (meta) {
    rt.query_id = meta->query_id;
    view.recorded_schema = std::move(meta->schema);
    SLUICE_RETURN_IF_ERROR(cp.CreateLayout());
    return cp.SyncLayout();
  }
  SLUICE_ASSIGN_OR_RETURN(std::vector<int64_t> offsets, cp.offsets().ListIds());
  SLUICE_ASSIGN_OR_RETURN(std::vector<int64_t> commits, cp.commits().ListIds());
  if (!offsets.empty() || !commits.empty()) {
    return Status::FailedPrecondition(
        "metadata is missing in " + cp.fs()->Describe() +
        " but offsets/ or commits/ hold "
        "entries: a new query id would break sinks that deduplicate on it. Restore the metadata "
        "file, or start the query with a new checkpoint directory");
  }
  SLUICE_RETURN_IF_ERROR(cp.CreateLayout());
  rt.query_id = rt.env.new_id();
  // Recorded in the one entry written at creation, so that the check costs no extra write.
  return cp.WriteMetadata({rt.query_id, DescribeQuerySchema(rt.plan)});
}

Result<std::vector<SourceOffset>> EndsOf(const QueryRuntime& rt, const storage::OffsetsEntry& e,
                                         const std::string& file);

// The logged entry names the query's sources: as many, each offset one its source reads.
Status CheckSources(const QueryRuntime& rt, const storage::OffsetsEntry& e,
                    const std::string& file) {
  const size_t logged = e.source_ends.size(), now = rt.plan.sources.size();
  if (logged != now) {
    return Status::FailedPrecondition(
        file + ": there are " + std::to_string(logged) +
        " sources in the checkpoint offsets and "
        "now there are " +
        std::to_string(now) +
        " sources requested by the query; cannot "
        "continue (use a new checkpoint directory for a query with other sources)");
  }
  SLUICE_ASSIGN_OR_RETURN(std::vector<SourceOffset> ends, EndsOf(rt, e, file));
  return Status::Ok();
}

Result<std::vector<SourceOffset>> EndsOf(const QueryRuntime& rt, const storage::OffsetsEntry& e,
                                         const std::string& file) {
  std::vector<SourceOffset> out = InitialOffsets(rt.plan);
  for (size_t i = 0; i < out.size(); ++i) {
    if (!e.source_ends[i]) continue;
    const Source& src = *rt.plan.sources[i];
    Result<SourceOffset> end = src.ParseOffset(*e.source_ends[i]);
    if (!end.ok()) {
      return end.status().WithContext(file + ": source " + std::to_string(i) + " ('" + src.Name() +
                                      "')");
    }
    out[i] = std::move(end).value();
  }
  return out;
}

Status ReadLogs(QueryRuntime& rt, LogView& view) {
  storage::Checkpoint& cp = rt.checkpoint;
  SLUICE_ASSIGN_OR_RETURN(view.offset_ids, cp.offsets().ListIds());
  SLUICE_ASSIGN_OR_RETURN(view.commit_ids, cp.commits().ListIds());
  if (view.offset_ids.empty()) return Status::Ok();
  const int64_t first = view.offset_ids.front(), last = view.offset_ids.back();
  if (last - first + 1 != static_cast<int64_t>(view.offset_ids.size())) {
    int64_t missing = first;
    while (std::binary_search(view.offset_ids.begin(), view.offset_ids.end(), missing)) ++missing;
    return Status::FailedPrecondition(
        cp.offsets().PathOf(missing) + " is missing between " + cp.offsets().PathOf(first) +
        " and " + cp.offsets().PathOf(last) +
        ": the offsets log must be contiguous. Delete the "
        "offsets entries after the gap so that the two newest are consecutive");
  }
  auto latest = cp.ReadOffsets(last);
  if (!latest.ok() && latest.status().code() == StatusCode::kCorruption) {
    return Status::Corruption(
        latest.status().message() + ". If no output of batch " + std::to_string(last) +
        " reached the sink, delete " + cp.offsets().PathOf(last) + " and restart (batch " +
        std::to_string(last) + " is planned again); otherwise restore the file from a backup");
  }
  SLUICE_ASSIGN_OR_RETURN(view.latest, std::move(latest));
  SLUICE_RETURN_IF_ERROR(CheckSources(rt, *view.latest, cp.offsets().PathOf(last)));
  if (last > first) {
    SLUICE_ASSIGN_OR_RETURN(view.previous, cp.ReadOffsets(last - 1));
    SLUICE_RETURN_IF_ERROR(CheckSources(rt, *view.previous, cp.offsets().PathOf(last - 1)));
  }
  if (!view.commit_ids.empty()) {
    const int64_t c = view.commit_ids.back();
    auto commit = cp.ReadCommit(c);
    if (!commit.ok() && commit.status().code() == StatusCode::kCorruption) {
      // Not repaired automatically: re-running batch C needs offsets/C-1 and state version C,
      // which retention may already have removed, and only the user knows the sink.
      return Status::Corruption(
          commit.status().message() + ". To re-run batch " + std::to_string(c) + ", move " +
          cp.commits().PathOf(c) + " out of commits/ and restart: the batch re-runs with its " +
          "logged offsets and an idempotent sink skips it (this needs " +
          cp.offsets().PathOf(c - 1) + " and state version " + std::to_string(c) +
          ", kept when min_batches_to_retain is at least 2); otherwise restore the file from a "
          "backup");
    }
    SLUICE_ASSIGN_OR_RETURN(view.commit, std::move(commit));
  }
  return Status::Ok();
}

// The event that kDeciding takes, with the refusal's message when it is kInconsistent.
Event Decide(QueryRuntime& rt, const LogView& view, Status* refusal) {
  storage::Checkpoint& cp = rt.checkpoint;
  if (view.offset_ids.empty()) {
    if (view.commit_ids.empty()) return Event::kNoOffsets;
    *refusal = Status::FailedPrecondition(
        cp.commits().PathOf(view.commit_ids.back()) +
        " exists but offsets/ is empty: the "
        "checkpoint is damaged; restore offsets/ or use a new checkpoint directory");
    return Event::kInconsistent;
  }
  const int64_t latest = view.offset_ids.back();
  const int64_t committed = view.commit_ids.empty() ? -1 : view.commit_ids.back();
  if (committed == latest) return Event::kCommitEqualsLatest;
  if (committed == latest - 1) {
    if (latest > 0 && !view.previous) {
      *refusal = Status::FailedPrecondition(
          cp.offsets().PathOf(latest - 1) + " is missing, so batch " + std::to_string(latest) +
          " (" + cp.offsets().PathOf(latest) + ") cannot be re-run: its start offsets are lost");
      return Event::kInconsistent;
    }
    return Event::kCommitOneBehind;
  }
  const std::string c =
      committed < 0 ? std::string("no commit entry") : cp.commits().PathOf(committed);
  *refusal = Status::FailedPrecondition(
      "the latest offsets entry " + cp.offsets().PathOf(latest) + " and the latest commit (" + c +
      ") disagree: the latest commit must equal the latest offsets entry or trail it by one. "
      "Delete offsets entries (or commit entries) newer than the last batch that completed");
  return Event::kInconsistent;
}

// The configuration pinned in the log wins over the query's options, as in Spark.
Status ApplyPinnedConf(QueryRuntime& rt, const LogView& view) {
  rt.pinned_conf = rt.options.PinnedConf();
  if (view.latest) {
    for (const auto& [k, v] : view.latest->conf) rt.pinned_conf[k] = v;
  }
  const std::string& partitions = rt.pinned_conf[kConfShufflePartitions];
  const std::string& policy = rt.pinned_conf[kConfWatermarkPolicy];
  const std::string file = view.latest ? rt.checkpoint.offsets().PathOf(view.offset_ids.back())
                                       : std::string("the query options");
  char* end = nullptr;
  const long n = std::strtol(partitions.c_str(), &end, 10);
  if (partitions.empty() || *end != '\0' || n < 1 || n > 100000) {
    return Status::FailedPrecondition(file + ": " + kConfShufflePartitions + " is '" + partitions +
                                      "', not a partition count");
  }
  if (policy != "min" && policy != "max") {
    return Status::FailedPrecondition(file + ": " + kConfWatermarkPolicy + " is '" + policy +
                                      "', not min or max");
  }
  rt.shuffle_partitions = static_cast<int>(n);
  return Status::Ok();
}

void CreateStateStores(QueryRuntime& rt) {
  storage::StateStoreOptions options;
  options.snapshot_interval = rt.options.state_snapshot_interval;
  rt.state_stores.clear();
  rt.state_scratch.clear();
  rt.state_scratch.resize(rt.plan.stateful.size());
  for (size_t op = 0; op < rt.plan.stateful.size(); ++op) {
    rt.state_scratch[op].resize(static_cast<size_t>(rt.shuffle_partitions));
    rt.state_stores.emplace_back();
    for (int p = 0; p < rt.shuffle_partitions; ++p) {
      const std::string dir =
          std::string(storage::kStateDir) + "/" + std::to_string(op) + "/" + std::to_string(p);
      rt.state_stores.back().push_back(
          rt.env.open_state_store
              ? rt.env.open_state_store(rt.env.checkpoint_fs, *rt.env.protocol,
                                        rt.env.transition_listener, dir, options)
              : std::make_unique<storage::StateStore>(rt.env.checkpoint_fs, *rt.env.protocol,
                                                      rt.env.transition_listener, dir, options));
    }
  }
}

// REQUIRES: ApplyPinnedConf succeeded (the policy is valid).
void SetWatermark(QueryRuntime& rt, int64_t global_ms, int64_t previous_batch_ms) {
  rt.watermark = WatermarkTracker(rt.pinned_conf[kConfWatermarkPolicy] == "max"
                                      ? WatermarkTracker::Policy::kMax
                                      : WatermarkTracker::Policy::kMin,
                                  global_ms);
  rt.previous_batch_watermark_ms = previous_batch_ms;
}

// Gives each source its directory of the checkpoint, the query id and the clock.
Status OpenSources(QueryRuntime& rt) {
  rt.source_logs.clear();
  for (size_t i = 0; i < rt.plan.sources.size(); ++i) {
    const int index = static_cast<int>(i);
    rt.source_logs.push_back(
        std::make_unique<storage::SourceLog>(rt.checkpoint.SourceLogAt(index)));
    const SourceContext context{index, rt.query_id, rt.source_logs.back().get(), rt.env.clock};
    Source& src = *rt.plan.sources[i];
    SLUICE_RETURN_IF_ERROR(
        src.Open(context).WithContext("source " + std::to_string(i) + " ('" + src.Name() + "')"));
  }
  return Status::Ok();
}

// The files of the latest and the previous offsets entries.
std::string LatestFile(QueryRuntime& rt, const LogView& view) {
  return rt.checkpoint.offsets().PathOf(view.offset_ids.back());
}
std::string PreviousFile(QueryRuntime& rt, const LogView& view) {
  return rt.checkpoint.offsets().PathOf(view.offset_ids.back() - 1);
}

Status ApplyOutcome(QueryRuntime& rt, State outcome, const LogView& view) {
  SLUICE_RETURN_IF_ERROR(ApplyPinnedConf(rt, view));
  CreateStateStores(rt);
  // Only once recovery has decided to go on: a source may write in its directory when opened,
  // and a checkpoint recovery refuses is left as it was.
  SLUICE_RETURN_IF_ERROR(OpenSources(rt));
  switch (outcome) {
    case State::kFreshStart:
      rt.next_batch_id = 0;
      rt.committed_ends = InitialOffsets(rt.plan);
      SetWatermark(rt, 0, 0);
      return Status::Ok();
    case State::kResumeNext: {
      rt.next_batch_id = view.offset_ids.back() + 1;
      SLUICE_ASSIGN_OR_RETURN(rt.committed_ends, EndsOf(rt, *view.latest, LatestFile(rt, view)));
      const int64_t ran_with = view.latest->batch_watermark_ms;
      const int64_t next =
          std::max(ran_with, view.commit ? view.commit->next_batch_watermark_ms : 0);
      SetWatermark(rt, rt.env.batch_rules->ResumedWatermarkMs(ran_with, next), ran_with);
      return Status::Ok();
    }
    case State::kReplayUncommitted:
    case State::kReplanUncommitted: {
      BatchSpec spec;
      spec.batch_id = rt.env.batch_rules->ReplayedBatchId(view.offset_ids.back());
      if (view.previous) {
        SLUICE_ASSIGN_OR_RETURN(spec.start, EndsOf(rt, *view.previous, PreviousFile(rt, view)));
      } else {
        spec.start = InitialOffsets(rt.plan);
      }
      SLUICE_ASSIGN_OR_RETURN(spec.end, EndsOf(rt, *view.latest, LatestFile(rt, view)));
      spec.watermark_ms = view.latest->batch_watermark_ms;
      spec.timestamp_ms = view.latest->batch_timestamp_ms;
      // Only a table the simulator composes (sim/protocol_variants.h) reaches this outcome.
      if (outcome == State::kReplanUncommitted) {
        for (size_t i = 0; i < rt.plan.sources.size(); ++i) {
          auto& src = *rt.plan.sources[i];
          SLUICE_ASSIGN_OR_RETURN(spec.end[i],
                                  src.LatestOffset(spec.start[i], src.DefaultReadLimit()));
        }
      }
      rt.next_batch_id = spec.batch_id;
      rt.committed_ends = spec.start;
      SetWatermark(rt, spec.watermark_ms, view.previous ? view.previous->batch_watermark_ms : 0);
      rt.pending_replay = std::move(spec);
      return Status::Ok();
    }
    default:
      break;
  }
  SLUICE_CHECK(false, "recovery outcome without an action");
  return Status::Ok();
}

}  // namespace

Status Recover(QueryRuntime& rt) {
  spec::Stepper<State, Event> machine(*rt.env.protocol->recovery, State::kStart,
                                      rt.env.transition_listener);
  machine.Step(Event::kBegin);
  LogView view;
  Status st = ReadMetadata(rt, view);
  machine.Step(st.ok() ? Event::kOk : Event::kError);
  if (!st.ok()) return st.WithContext("recovery");
  st = ReadLogs(rt, view);
  // After the logs, so that a changed number of sources keeps Spark's message naming offsets/N.
  if (st.ok() && view.recorded_schema) {
    st = CheckQuerySchema(*view.recorded_schema, DescribeQuerySchema(rt.plan),
                          storage::kMetadataFile);
  }
  machine.Step(st.ok() ? Event::kOk : Event::kError);
  if (!st.ok()) return st.WithContext("recovery");
  Status refusal;
  const State outcome = machine.Step(Decide(rt, view, &refusal));
  if (outcome == State::kRefused) return refusal.WithContext("recovery refused to start");
  return ApplyOutcome(rt, outcome, view).WithContext("recovery");
}

}  // namespace sluice::engine
