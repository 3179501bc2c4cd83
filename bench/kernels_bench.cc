// The expression kernels of filter_project (`price > 10 AND id % 3 != 0`, `price * 1.2`) over one
// column of a million rows, each beside a hand-written loop that does the same work on a plain
// array, so that one run gives the ratio (the kernel's cost over the loop's):
//
//   BM_KernelModByLiteral / BM_LoopModByLiteral          id % 3 (the divisor read at run time)
//   BM_KernelCompareToLiteral / BM_LoopCompareToLiteral  price > 10
//   BM_KernelMulByLiteral / BM_LoopMulByLiteral          price * 1.2
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "engine/expr/operator_kernels.h"

namespace sluice::engine {
namespace {

constexpr size_t kRows = 1'000'000;

const Column& Ids() {
  static const Column ids = [] {
    Column c(DataType::kInt64);
    for (size_t i = 0; i < kRows; ++i) c.AppendInt(static_cast<int64_t>(i));
    return c;
  }();
  return ids;
}

const Column& Prices() {
  static const Column prices = [] {
    std::mt19937_64 rng(42);
    Column c(DataType::kDouble);
    for (size_t i = 0; i < kRows; ++i) c.AppendDouble(static_cast<double>(rng() % 10000) / 100.0);
    return c;
  }();
  return prices;
}

Column One(int64_t v) {
  Column c(DataType::kInt64);
  c.AppendInt(v);
  return c;
}

Column One(double v) {
  Column c(DataType::kDouble);
  c.AppendDouble(v);
  return c;
}

// Runs `kernel`, a call over kRows rows, once per iteration.
template <class F>
void RunKernel(benchmark::State& state, F kernel) {
  for (auto _ : state) benchmark::DoNotOptimize(kernel());
  state.SetItemsProcessed(state.iterations() * kRows);
}

// Fills an array of kRows cells with `row(i)` once per iteration.
template <class T, class F>
void RunLoop(benchmark::State& state, F row) {
  std::vector<T> out(kRows);
  for (auto _ : state) {
    for (size_t i = 0; i < kRows; ++i) out[i] = row(i);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_KernelModByLiteral(benchmark::State& state) {
  const Column three = One(int64_t{3});
  RunKernel(state, [&] { return EvalArithmetic(Fn::kMod, Ids(), three, DataType::kInt64, kRows); });
}
BENCHMARK(BM_KernelModByLiteral);

void BM_LoopModByLiteral(benchmark::State& state) {
  const std::span<const int64_t> ids = Ids().int64s();
  int64_t divisor = 3;
  benchmark::DoNotOptimize(divisor);  // not a constant the compiler could fold
  RunLoop<int64_t>(state, [&](size_t i) { return ids[i] % divisor; });
}
BENCHMARK(BM_LoopModByLiteral);

void BM_KernelCompareToLiteral(benchmark::State& state) {
  const Column ten = One(10.0);
  RunKernel(state, [&] { return EvalComparison(Fn::kGt, Prices(), ten, kRows); });
}
BENCHMARK(BM_KernelCompareToLiteral);

void BM_LoopCompareToLiteral(benchmark::State& state) {
  const std::span<const double> prices = Prices().doubles();
  RunLoop<uint8_t>(state, [&](size_t i) { return prices[i] > 10.0; });
}
BENCHMARK(BM_LoopCompareToLiteral);

void BM_KernelMulByLiteral(benchmark::State& state) {
  const Column factor = One(1.2);
  RunKernel(state,
            [&] { return EvalArithmetic(Fn::kMul, Prices(), factor, DataType::kDouble, kRows); });
}
BENCHMARK(BM_KernelMulByLiteral);

void BM_LoopMulByLiteral(benchmark::State& state) {
  const std::span<const double> prices = Prices().doubles();
  RunLoop<double>(state, [&](size_t i) { return prices[i] * 1.2; });
}
BENCHMARK(BM_LoopMulByLiteral);

}  // namespace
}  // namespace sluice::engine
