// sluice-compare: the Sluice and hand-written sides of `scripts/sluice.sh compare`, and the
// files the DuckDB side reads (bench/compare/workloads.h has the workloads).
//
//   sluice-compare list
//   sluice-compare data  --workload W [--rows N] --out DIR
//   sluice-compare run   --side sluice|kernel --workload W [--rows N] [--threads T]
//                        [--checkpoint DIR]
//   sluice-compare check --workload W --rows N --checkpoint DIR
//
// `run` prints one line: `side=S workload=W rows_in=N seconds=X rss_mb=M allocator=A summary=...`,
// where seconds times only the processing (the rows are generated and added to the source
// untimed), rss_mb is the process's peak resident memory and A the allocator's setup
// (runtime/malloc_tuning.h). The Sluice side runs the query through the
// public API over a real checkpoint directory (every durable write of the protocol), one
// micro-batch per input batch. `check` runs both sides in one process and fails when their
// summaries differ. Like `sluice`, it sets up the allocator as production does
// (runtime/malloc_tuning.h).
#include <CLI/CLI.hpp>
#include <boost/filesystem.hpp>
#include <cstdio>
#include <fstream>
#include <string>

#include "bench/compare/sides.h"
#include "runtime/malloc_tuning.h"

namespace {

using namespace sluice;
using namespace sluice::engine;
using sluice::bench::compare::FindWorkload;
using sluice::bench::compare::Input;
using sluice::bench::compare::RunKernel;
using sluice::bench::compare::RunSluice;
using sluice::bench::compare::Summary;
using sluice::bench::compare::Timed;
using sluice::bench::compare::Workload;

// The peak resident memory of this process, in MiB (VmHWM), or -1 where /proc does not say.
double PeakRssMb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return -1;
}

// A checkpoint directory must be new or empty: a query's old checkpoint would resume it.
Status FreshCheckpoint(const std::string& dir) {
  boost::system::error_code ec;
  if (boost::filesystem::exists(dir, ec) && !boost::filesystem::is_empty(dir, ec)) {
    return Status::InvalidArgument("--checkpoint " + dir + " is not empty");
  }
  return Status::Ok();
}

int Fail(const Status& st) {
  std::fprintf(stderr, "sluice-compare: %s\n", st.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  // As `sluice` does: the Sluice side runs as a production program would (both sides share the
  // setting, so the kernel's figure gains from it too).
  const std::string_view allocator =
      sluice::runtime::AllocatorSetupName(sluice::runtime::TuneAllocator());
  CLI::App app{"The Sluice and hand-written sides of scripts/sluice.sh compare"};
  app.require_subcommand(1);
  std::string workload_name, side = "sluice", out_dir, checkpoint;
  int64_t rows = 0;
  int threads = 1;
  bool progress = false;
  auto* list = app.add_subcommand("list", "print each workload with its default rows");
  auto* data = app.add_subcommand("data", "write a workload's rows for the DuckDB side");
  auto* run = app.add_subcommand("run", "run one side of a workload and print its figures");
  auto* check = app.add_subcommand("check", "run both sides and fail when their summaries differ");
  for (CLI::App* sub : {data, run, check}) {
    sub->add_option("--workload", workload_name, "the workload")->required();
    sub->add_option("--rows", rows, "input rows (default: the workload's)")
        ->check(CLI::PositiveNumber);
  }
  data->add_option("--out", out_dir, "the folder to write into")->required();
  run->add_option("--side", side, "sluice or kernel")->check(CLI::IsMember({"sluice", "kernel"}));
  run->add_flag("--progress", progress, "print each batch's progress JSON to stderr (Sluice side)");
  for (CLI::App* sub : {run, check}) {
    sub->add_option("--threads", threads, "scheduler threads and partitions")
        ->check(CLI::Range(1, 256));
    sub->add_option("--checkpoint", checkpoint, "a new or empty checkpoint folder");
  }
  check->get_option("--checkpoint")->required();
  CLI11_PARSE(app, argc, argv);

  if (list->parsed()) {
    for (const Workload& w : sluice::bench::compare::Workloads()) {
      std::printf("%.*s %lld\n", static_cast<int>(w.name.size()), w.name.data(),
                  static_cast<long long>(w.default_rows));
    }
    return 0;
  }
  const Workload* w = FindWorkload(workload_name);
  if (w == nullptr) return Fail(Status::InvalidArgument("no workload '" + workload_name + "'"));
  if (rows == 0) rows = w->default_rows;
  const Input input = w->generate(rows, w->batches);

  if (data->parsed()) {
    boost::system::error_code ec;
    boost::filesystem::create_directories(out_dir, ec);
    if (ec) return Fail(Status::IoError("cannot create " + out_dir + ": " + ec.message()));
    const Status st = w->write_files(input, out_dir);
    return st.ok() ? 0 : Fail(st);
  }
  if (run->parsed() && side == "kernel") {
    const Timed t = RunKernel(*w, input);
    std::printf(
        "side=kernel workload=%s rows_in=%lld seconds=%.6f rss_mb=%.1f allocator=%.*s summary=%s\n",
        workload_name.c_str(), static_cast<long long>(input.rows()), t.seconds, PeakRssMb(),
        static_cast<int>(allocator.size()), allocator.data(), t.summary.Text().c_str());
    return 0;
  }
  if (checkpoint.empty()) {
    checkpoint =
        (boost::filesystem::temp_directory_path() / boost::filesystem::unique_path()).string();
  }
  if (Status st = FreshCheckpoint(checkpoint); !st.ok()) return Fail(st);
  const Result<Timed> sluice_side = RunSluice(*w, input, threads, checkpoint, progress);
  if (!sluice_side.ok()) return Fail(sluice_side.status());
  if (run->parsed()) {
    std::printf(
        "side=sluice workload=%s rows_in=%lld seconds=%.6f rss_mb=%.1f allocator=%.*s summary=%s\n",
        workload_name.c_str(), static_cast<long long>(input.rows()), sluice_side.value().seconds,
        PeakRssMb(), static_cast<int>(allocator.size()), allocator.data(),
        sluice_side.value().summary.Text().c_str());
    return 0;
  }
  const Timed kernel = RunKernel(*w, input);
  const std::string a = sluice_side.value().summary.Text(), b = kernel.summary.Text();
  if (!sluice::bench::compare::SameSummary(sluice_side.value().summary, kernel.summary)) {
    std::fprintf(stderr, "%s: the sides differ\n  sluice %s\n  kernel %s\n", workload_name.c_str(),
                 a.c_str(), b.c_str());
    return 1;
  }
  std::printf("%s: both sides %s\n", workload_name.c_str(), a.c_str());
  return 0;
}
