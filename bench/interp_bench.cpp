// f32 interpreter throughput: op-evaluations per second (items_per_second), where an
// op-evaluation is one live instruction other than input/const/iconst on one point.
// Programs of 8..64 ops over 4096 points; random programs from ir/random.h (full op
// set, and arithmetic only) and an fma chain.
#include <benchmark/benchmark.h>

#include <vector>

#include "eval/interp.h"
#include "ir/program.h"
#include "ir/random.h"

namespace {

using uf::ir::Op;
using uf::ir::Program;

constexpr std::size_t kPoints = 4096;
constexpr int kProgramsPerSize = 32;

// Instructions the result depends on, excluding input/const/iconst (the interpreter
// skips dead code and fills constant rows once per call).
std::size_t live_ops(const Program& p) {
  std::vector<char> live(p.code.size(), 0);
  live[p.result] = 1;
  std::size_t n = 0;
  for (std::size_t i = p.code.size(); i-- > 0;) {
    if (!live[i]) continue;
    const auto& in = p.code[i];
    const auto& oi = uf::ir::info(in.op);
    for (int k = 0; k < oi.arity; ++k) live[in.args[k]] = 1;
    n += in.op != Op::Input && in.op != Op::Const && in.op != Op::IConst;
  }
  return n;
}

std::vector<float> inputs() {
  std::vector<float> x(kPoints);
  for (std::size_t i = 0; i < kPoints; ++i) x[i] = -4.0f + 8.0f * static_cast<float>(i) / kPoints;
  return x;
}

void run(benchmark::State& state, const std::vector<Program>& progs) {
  const std::vector<float> x = inputs();
  std::vector<float> y(kPoints);
  std::size_t ops = 0;
  for (const auto& p : progs) ops += live_ops(p);
  for (auto _ : state) {
    for (const auto& p : progs) {
      uf::eval::run_f32(p, x.data(), y.data(), kPoints);
      benchmark::DoNotOptimize(y.data());
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * ops * kPoints));
  state.counters["live_ops_per_program"] = static_cast<double>(ops) / static_cast<double>(progs.size());
}

std::vector<Program> random_programs(std::size_t size, const std::vector<Op>& ops) {
  std::vector<Program> v;
  uf::ir::RandomProgramOptions opt;
  opt.min_ops = size;
  opt.max_ops = size;
  if (!ops.empty()) opt.ops = ops;
  // Keep programs whose ops are (nearly) all live, so the count measures real work.
  for (std::uint64_t seed = 1; v.size() < kProgramsPerSize && seed < 100000; ++seed) {
    Program p = uf::ir::random_program(seed * 7919 + size, opt);
    if (live_ops(p) * 4 >= size * 3) v.push_back(std::move(p));
  }
  return v;
}

void BM_RandomPrograms(benchmark::State& state) {
  run(state, random_programs(static_cast<std::size_t>(state.range(0)), {}));
}

void BM_RandomArithmeticPrograms(benchmark::State& state) {
  run(state, random_programs(static_cast<std::size_t>(state.range(0)),
                             {Op::Const, Op::Add, Op::Sub, Op::Mul, Op::Fma}));
}

// Horner-like chain: acc = fma(acc, x, c_i), every op live.
void BM_FmaChain(benchmark::State& state) {
  uf::ir::Builder b;
  auto acc = b.f(0.001f);
  for (int i = 0; i < state.range(0); ++i) {
    acc = b.emit(Op::Fma, acc, b.input(), b.f(1.0f / static_cast<float>(i + 2)));
  }
  run(state, {std::move(b).finish(acc)});
}

BENCHMARK(BM_RandomPrograms)->Arg(8)->Arg(16)->Arg(32)->Arg(64);
BENCHMARK(BM_RandomArithmeticPrograms)->Arg(8)->Arg(16)->Arg(32)->Arg(64);
BENCHMARK(BM_FmaChain)->Arg(8)->Arg(16)->Arg(32)->Arg(64);

}  // namespace

BENCHMARK_MAIN();
