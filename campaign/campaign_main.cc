// sluice-campaign: a long simulation campaign, outside CI. It runs seeds for a given wall-clock
// duration on several threads (each seed is its own deterministic world; thread j runs seeds
// first + j, first + j + jobs, ...), then reports the seeds run, the violations with the command
// that replays each, and the coverage of every mark.
//
//   sluice-campaign [--duration SECONDS] [--jobs N] [--mode lite|swarm] [--mutant NAME]
//                   [--first-seed S]
//
// Lives outside sim/ because it reads the wall clock and starts threads, which the simulator
// itself never does. Exit status: non-zero when a violation was found.
#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <mutex>
#include <thread>

#include "sim/coverage.h"
#include "sim/world.h"

int main(int argc, char** argv) {
  CLI::App app{"Sluice simulation campaign"};
  double duration_s = 60;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::string mode_name = "swarm", mutant_name;
  uint64_t first_seed = 1;
  app.add_option("--duration", duration_s, "wall-clock seconds to run (default 60)");
  app.add_option("--jobs", jobs, "threads (default: one per core)")->check(CLI::Range(1, 1024));
  app.add_option("--mode", mode_name, "lite or swarm (default swarm)")
      ->check(CLI::IsMember({"lite", "swarm"}));
  app.add_option("--mutant", mutant_name, "run a known-wrong protocol variant");
  app.add_option("--first-seed", first_seed, "the first seed (default 1)");
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "one line per seed");
  CLI11_PARSE(app, argc, argv);

  const sluice::sim::Mutant* mutant = nullptr;
  if (!mutant_name.empty() && !(mutant = sluice::sim::FindMutant(mutant_name))) {
    std::fprintf(stderr, "unknown mutant '%s' (see sluice-sim --list-mutants)\n",
                 mutant_name.c_str());
    return 2;
  }
  const auto mode = mode_name == "lite" ? sluice::sim::Mode::kLite : sluice::sim::Mode::kSwarm;
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::duration<double>(duration_s);
  std::mutex mu;
  sluice::sim::Coverage coverage;
  std::atomic<uint64_t> seeds{0}, violations{0}, batches{0};
  std::atomic<int64_t> simulated_us{0};
  std::vector<std::thread> threads;
  for (int j = 0; j < jobs; ++j) {
    threads.emplace_back([&, j] {
      sluice::sim::Coverage local;
      sluice::sim::SeedConfig config;
      config.mode = mode;
      config.mutant = mutant;
      for (uint64_t s = first_seed + j; std::chrono::steady_clock::now() < deadline; s += jobs) {
        config.seed = s;
        const sluice::sim::SeedResult r = sluice::sim::RunSeed(config, &local);
        ++seeds;
        if (verbose) {
          std::lock_guard lock(mu);
          std::printf("seed=%" PRIu64 " violations=%zu trace_hash=%016" PRIx64 "\n", s,
                      r.violations.size(), r.trace_hash);
        }
        batches += static_cast<uint64_t>(std::max<int64_t>(0, r.batches_committed));
        simulated_us += r.simulated_us;
        if (r.violations.empty()) continue;
        violations += r.violations.size();
        std::lock_guard lock(mu);
        for (const std::string& v : r.violations) {
          std::printf("violation: %s | replay: %s\n", v.c_str(),
                      sluice::sim::ReplayCommand(config).c_str());
        }
      }
      std::lock_guard lock(mu);
      coverage.Merge(local);
    });
  }
  for (auto& t : threads) t.join();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const int missed = coverage.Print(stdout);
  std::printf("coverage: %d common marks missed\n", missed);
  std::printf("campaign mode=%s jobs=%d elapsed_s=%.1f seeds=%" PRIu64
              " seeds_per_s=%.0f "
              "batches=%" PRIu64 " simulated_s_per_real_s=%.0f violations=%" PRIu64 "\n",
              mode_name.c_str(), jobs, elapsed, seeds.load(), seeds.load() / elapsed,
              batches.load(), simulated_us.load() / 1e6 / elapsed, violations.load());
  return violations.load() > 0 ? 1 : 0;
}
