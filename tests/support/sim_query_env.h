// A query environment over the simulator's disk, clock and an inline scheduler, for tests that
// start streaming queries; and the text of a sink's rows for comparing them.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "engine/query/streaming_query.h"
#include "sim/sim_clock.h"
#include "sim/sim_disk.h"

namespace sluice::engine::testing {

// Rules: ids are "id-0", "id-1", ... in order; the clock starts at 1 s and moves only when a
// test moves it.
struct SimQueryEnv {
  SimQueryEnv() {
    env.checkpoint_fs = &disk;
    env.clock = &clock;
    env.scheduler = &scheduler;
    env.new_id = [this] { return "id-" + std::to_string(ids++); };
  }
  SimQueryEnv(const SimQueryEnv&) = delete;
  SimQueryEnv& operator=(const SimQueryEnv&) = delete;

  sim::SimDisk disk;
  sim::SimClock clock{1000000};
  InlineScheduler scheduler;
  Environment env;
  int ids = 0;
};

// Each row's values as text (the values of column c typed types[c]), joined by '|', sorted.
inline std::vector<std::string> SortedRowText(const std::vector<DataType>& types,
                                              const std::vector<std::vector<Value>>& rows) {
  std::vector<std::string> out;
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      line += (c ? "|" : "") + ValueToString(row[c], types.at(c));
    }
    out.push_back(line);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace sluice::engine::testing
