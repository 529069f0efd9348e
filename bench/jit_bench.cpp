// Host JIT benchmarks: compile time (lowering + O3 + codegen, no cache) and throughput
// of every catalog target's baseline kernel. Each kernel benchmark reports
// cycles_per_elem (TSC cycles at jit::tsc_hz(), measured at startup) over 4096 floats
// evenly spaced in [-10, 10] clipped to the target's domain (L1-resident arrays), and
// jit_cpe, the same figure from jit::measure_cycles_per_element (median of 31 samples).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "ir/passes.h"
#include "jit/jit.h"
#include "targets/target.h"

namespace {

std::vector<float> inputs_for(const uf::targets::Target& t) {
  float lo = -10.0f, hi = 10.0f;
  if (!t.domain.all_floats) {
    lo = std::max(lo, t.domain.lo);
    hi = std::min(hi, t.domain.hi);
  }
  std::vector<float> v(4096);
  for (std::size_t i = 0; i < v.size(); ++i) {
    v[i] = lo + (hi - lo) * static_cast<float>(i) / static_cast<float>(v.size() - 1);
  }
  return v;
}

void BM_Compile(benchmark::State& st, const uf::targets::Target* t) {
  const uf::ir::Program k = t->baseline_kernel();
  for (auto _ : st) {
    uf::jit::Expected<uf::jit::Kernel> c = uf::jit::compile_uncached(k);
    if (!c) {
      st.SkipWithError(c.error.c_str());
      return;
    }
    benchmark::DoNotOptimize(c->fn);
  }
  st.counters["ops"] = static_cast<double>(uf::ir::op_count(k));
}

void BM_Kernel(benchmark::State& st, const uf::targets::Target* t) {
  const uf::ir::Program k = t->baseline_kernel();
  uf::jit::Expected<uf::jit::Kernel> c = uf::jit::compile(k);
  if (!c) {
    st.SkipWithError(c.error.c_str());
    return;
  }
  const std::vector<float> in = inputs_for(*t);
  std::vector<float> out(in.size());
  for (auto _ : st) {
    (*c)(in.data(), out.data(), in.size());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  const double elems = static_cast<double>(st.iterations()) * static_cast<double>(in.size());
  st.SetItemsProcessed(static_cast<std::int64_t>(elems));
  st.counters["cycles_per_elem"] = benchmark::Counter(
      elems / uf::jit::tsc_hz(), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  uf::jit::CycleOptions opt;
  opt.inputs = in;
  st.counters["jit_cpe"] = uf::jit::measure_cycles_per_element(*c, opt);
  st.counters["ops"] = static_cast<double>(uf::ir::op_count(k));
}

const bool registered = [] {
  for (const uf::targets::Target& t : uf::targets::catalog()) {
    benchmark::RegisterBenchmark(("jit_compile/" + t.name).c_str(), BM_Compile, &t)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(5);
    benchmark::RegisterBenchmark(("jit_kernel/" + t.name).c_str(), BM_Kernel, &t);
  }
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
