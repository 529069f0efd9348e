// Exhaustive verifier throughput: inputs per second of verify_exhaustive on a 2^24-input
// slice ([1, 4): 2^24 floats), with a ~20-op expf kernel run by the f32 interpreter, on
// all cores and on one, with the SLEEF batch oracle (batch=1, the default verifier) and
// with one scalar glibc exp per input (batch=0, the verifier before batch oracles). The
// counters split the CPU time: kernel, oracle, MPFR arbitration, the rest (bookkeeping).
#include <benchmark/benchmark.h>

#include "eval/verify.h"
#include "tests/eval/expf_kernel.h"

namespace {

void BM_VerifyExpfSlice(benchmark::State& state) {
  const auto kernel = uf::eval::testing::expf_kernel();
  auto ref = uf::eval::testing::exp_reference();
  ref.batch = uf::eval::batch_oracle("exp");
  const uf::eval::Domain dom{false, 1.0f, std::nextafter(4.0f, 0.0f)};
  uf::eval::VerifyOptions opt;
  opt.threads = static_cast<int>(state.range(0));
  opt.bound = 1.0;
  opt.batch_oracle = state.range(1) != 0;
  double max_ulp = 0;
  uf::eval::VerifyReport last;
  for (auto _ : state) {
    last = uf::eval::verify_exhaustive(kernel, ref, dom, opt);
    max_ulp = last.max_ulp;
  }
  state.SetLabel(last.oracle);
  const double tot = last.cpu_total > 0 ? last.cpu_total : 1.0;
  state.counters["kernel_frac"] = last.cpu_kernel / tot;
  state.counters["oracle_frac"] = last.cpu_oracle / tot;
  state.counters["mpfr_frac"] = last.cpu_mpfr / tot;
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * dom.size()));
  // Inputs per CPU-second of the whole process (all threads): the per-core rate, which
  // does not depend on what else the machine is running. 2^32 / (cores * this) is the
  // projected full-range time.
  state.counters["inputs_per_cpu_s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * dom.size()), benchmark::Counter::kIsRate);
  state.counters["max_ulp"] = max_ulp;
}

// threads = 0: all cores. The Time column is wall-clock, the rate is per CPU-second.
BENCHMARK(BM_VerifyExpfSlice)
    ->ArgNames({"threads", "batch"})
    ->ArgsProduct({{0, 1}, {1, 0}})
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
