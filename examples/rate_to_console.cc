// Spark's first streaming example, in Sluice: the rate source into the console sink on a
// processing-time trigger, over a real checkpoint directory and the real clock.
//
//   sluice-example-rate-to-console CHECKPOINT_DIR [TRIGGERS]
//
// Runs TRIGGERS triggers (4 by default) on whole seconds (the first at once; the rate source has
// nothing before its first second), printing each batch as Spark's console
// sink does; run it again with the same directory and it goes on where it stopped, with the
// same start time (kept in CHECKPOINT_DIR/sources/0/0).
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "connectors/files/console_sink.h"
#include "connectors/files/rate_source.h"
#include "engine/query/data_stream.h"
#include "runtime/real_environment.h"

using namespace sluice::engine;
using sluice::connectors::files::ConsoleSink;
using sluice::connectors::files::ConsoleSinkOptions;
using sluice::connectors::files::RateSource;

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s CHECKPOINT_DIR [TRIGGERS]\n", argv[0]);
    return 2;
  }
  int64_t triggers = 4;
  if (argc == 3) {
    char* end = nullptr;
    triggers = std::strtoll(argv[2], &end, 10);
    if (*argv[2] == '\0' || *end != '\0' || triggers < 1) {
      std::fprintf(stderr, "TRIGGERS must be a positive integer, not '%s'\n", argv[2]);
      return 2;
    }
  }
  sluice::runtime::RealEnvironment real(argv[1], /*threads=*/2);
  auto rate = RateSource::Create("rate", {{"rowsPerSecond", "5"}, {"numPartitions", "2"}});
  if (!rate.ok()) {
    std::fprintf(stderr, "%s\n", rate.status().ToString().c_str());
    return 1;
  }
  auto started = DataStream::From(rate.value())
                     .Select({Col("timestamp"), Col("value"), (Col("value") % Lit(2)).As("odd")})
                     .WriteStream()
                     .Trigger(Trigger::ProcessingTime(Seconds(1)))
                     .To(std::make_shared<ConsoleSink>(&std::cout, ConsoleSinkOptions{}))
                     .Start(real.env());
  if (!started.ok()) {
    std::fprintf(stderr, "cannot start: %s\n", started.status().ToString().c_str());
    return 1;
  }
  sluice::Status st = started.value()->AwaitTermination(triggers);
  if (!st.ok()) {
    std::fprintf(stderr, "query failed: %s\n", st.ToString().c_str());
    return 1;
  }
  started.value()->Stop();
  return 0;
}
