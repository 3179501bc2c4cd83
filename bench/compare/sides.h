// The Sluice and hand-written sides of a comparison workload, timed, shared by sluice-compare and
// the Google Benchmark runs in bench/compare_bench.cc.
#pragma once

#include <string>

#include "bench/compare/workloads.h"

namespace sluice::bench::compare {

// A side's summary, and the seconds its processing took.
struct Timed {
  Summary summary;
  double seconds = 0;
};

// The workload's query over a checkpoint in `checkpoint` (new or empty), through the public API,
// with every durable write of the protocol: each input batch is added, untimed, spread over
// `threads` source partitions, then processed as one micro-batch. Only the processing is timed.
// With `progress`, each batch's progress JSON goes to stderr (to see where the time goes).
Result<Timed> RunSluice(const Workload& w, const Input& in, int threads,
                        const std::string& checkpoint, bool progress = false);

// The hand-written loop over the same input, timed whole.
Timed RunKernel(const Workload& w, const Input& in);

}  // namespace sluice::bench::compare
