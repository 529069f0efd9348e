// bench_baselines: throughput and latency of every float32 math implementation compiled
// in (glibc libm, libmvec, SLEEF u10/u35, xsimd, and ulpforge kernels from the headers
// under results/), per function, on the benchmark domains of ANCHORS.md.
//
// Benchmark names: <func>/<domain>/<library>[:<variant>]/<isa>/<kind>, e.g.
//   expf/[-87.5,89]/sleef-u10/avx512/throughput
// and each benchmark's label carries the same facts as key=value pairs separated by ';'
// (read by `ulpforge bench`).
//
// throughput: f over a 4096-float array (16 KiB in, 16 KiB out: L1-resident) per
//   iteration; ns per element = time per iteration / 4096 (counter `elements`).
// latency: a dependent chain of calls on `lanes` elements (1 for scalar code, 8 for
//   AVX2, 16 for AVX-512 and the host JIT). Input of step i+1, lane j:
//     x = in[k + j] + bits(y_i[j] & zero)
//   where `zero` is an all-zero mask the compiler cannot see through (read from a
//   volatile), so x equals the pre-generated input exactly (x + +0 = x for x != -0;
//   inputs are never -0) yet depends on the previous result. One step therefore costs
//   the function's latency plus an and, an add and a store-to-load forward (the array
//   interface passes values through memory): that overhead is the same for every
//   implementation of a given lane count.
// All implementations read identical inputs: make_inputs(domain, 4096, seed 1).
#include <benchmark/benchmark.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "bench/baselines/registry.h"
#include "ir/text.h"
#include "jit/jit.h"

namespace {

using uf::bench::BenchDomain;
using uf::bench::Impl;
using uf::bench::CodeClass;

constexpr std::size_t kN = 4096;
volatile std::uint32_t g_zero_mask = 0;

std::size_t lanes_of(CodeClass isa) {
  switch (isa) {
    case CodeClass::Scalar: return 1;
    case CodeClass::Avx2: return 8;
    case CodeClass::Avx512:
    case CodeClass::Host: return 16;
  }
  return 1;
}

// Round-trip exact (17 digits), so a proven bound reaches the report unrounded.
std::string fmt_double(double v) {
  if (std::isnan(v)) return "nan";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string label_of(const Impl& impl, const BenchDomain& d, const char* kind) {
  std::ostringstream s;
  s << "func=" << impl.func << ";domain=" << d.label << ";lo=" << fmt_double(d.lo)
    << ";hi=" << fmt_double(d.hi) << ";library=" << impl.library << ";variant=" << impl.variant
    << ";isa=" << uf::bench::isa_name(impl.isa) << ";kind=" << kind
    << ";bound=" << fmt_double(impl.bound) << ";lanes=" << lanes_of(impl.isa);
  return s.str();
}

std::string short_variant(const Impl& impl) {
  if (impl.library != "ulpforge" || impl.variant.empty()) return "";
  // results/expf/ulpforge_expf.h -> ulpforge_expf
  std::string v = impl.variant;
  if (auto p = v.find_last_of('/'); p != std::string::npos) v = v.substr(p + 1);
  if (auto p = v.rfind(".h"); p != std::string::npos && p + 2 == v.size()) v.resize(p);
  return ":" + v;
}

// "expf/[-87.5,89]/sleef-u10/avx512/" (the kind follows).
std::string bench_name(const Impl& impl, const BenchDomain& d) {
  return d.func + "/" + d.label + "/" + impl.library + short_variant(impl) + "/" +
         uf::bench::isa_name(impl.isa) + "/";
}

void throughput(benchmark::State& state, Impl impl, std::shared_ptr<const std::vector<float>> in,
                std::string label) {
  std::vector<float> out(kN);
  for (auto _ : state) {
    impl.array(in->data(), out.data(), kN);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.counters["elements"] = static_cast<double>(kN);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kN));
  state.SetLabel(label);
}

// W is a compile-time constant so that the feedback step compiles to a few vector
// instructions (a vector load after W scalar stores would stall store forwarding).
template <std::size_t W>
void latency_w(benchmark::State& state, const Impl& impl, const std::vector<float>& in,
               const std::string& label) {
  const std::uint32_t zero = g_zero_mask;
  alignas(64) float x[W];
  alignas(64) float y[W];
  std::memcpy(x, in.data(), W * sizeof(float));
  std::size_t k = W;
  const float* src = in.data();
  for (auto _ : state) {
    impl.array(x, y, W);
    if (k + W > kN) k = 0;
    for (std::size_t j = 0; j < W; ++j)
      x[j] = src[k + j] + std::bit_cast<float>(std::bit_cast<std::uint32_t>(y[j]) & zero);
    k += W;
  }
  benchmark::DoNotOptimize(x);
  state.counters["elements"] = static_cast<double>(W);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * W));
  state.SetLabel(label);
}

void latency(benchmark::State& state, Impl impl, std::shared_ptr<const std::vector<float>> in,
             std::string label) {
  switch (lanes_of(impl.isa)) {
    case 1: return latency_w<1>(state, impl, *in, label);
    case 8: return latency_w<8>(state, impl, *in, label);
    default: return latency_w<16>(state, impl, *in, label);
  }
}

// A row the CPU cannot run (an AVX-512 build on an AVX2-only CPU): reported, not run,
// so the JSON output says why ("error_message": "not run: CPU lacks avx512f").
void not_run(benchmark::State& state, std::string reason, std::string label) {
  state.SkipWithError(reason.c_str());
  for (auto _ : state) {
  }
  state.SetLabel(label);
}

// --uf_program=FILE --uf_func=NAME [--uf_bound=U]: JIT-compiles FILE (a full kernel,
// no core holes) for the host and registers it as ulpforge/host for function NAME.
// Returns an error message, or "" on success.
std::string add_host_jit(const std::string& file, const std::string& func, double bound) {
  std::FILE* f = std::fopen(file.c_str(), "rb");
  if (!f) return file + ": cannot open";
  std::string text;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
  std::fclose(f);
  auto parsed = uf::ir::parse(text);
  if (!parsed) return file + ":" + parsed.error.to_string();
  auto k = uf::jit::compile(*parsed.program);
  if (!k) return file + ": JIT compile failed: " + k.error;
  static std::vector<uf::jit::Kernel> keep;  // machine code lives for the process
  keep.push_back(*k);
  // A captureless function pointer per registered kernel: one slot suffices because
  // at most one --uf_program is accepted.
  static uf::jit::RawKernelFn fn = nullptr;
  fn = k->fn;
  uf::bench::register_impl({func, "ulpforge", file, CodeClass::Host, bound,
                            [](const float* in, float* out, std::size_t n) {
                              fn(in, out, static_cast<std::int64_t>(n));
                            }});
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  bool list = false;
  std::string uf_program, uf_func;
  double uf_bound = std::nan("");
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](const char* key) -> const char* {
      const std::size_t n = std::strlen(key);
      return a.compare(0, n, key) == 0 ? argv[i] + n : nullptr;
    };
    if (a == "--uf_list") {
      list = true;
    } else if (const char* v = value("--uf_program=")) {
      uf_program = v;
    } else if (const char* v = value("--uf_func=")) {
      uf_func = v;
    } else if (const char* v = value("--uf_bound=")) {
      char* end = nullptr;
      uf_bound = std::strtod(v, &end);
      if (end == v || *end) {
        std::fprintf(stderr, "bench_baselines: --uf_bound: not a number: %s\n", v);
        return 2;
      }
    } else {
      args.push_back(argv[i]);
    }
  }
  if (!uf_program.empty()) {
    if (uf_func.empty()) {
      std::fprintf(stderr, "bench_baselines: --uf_program needs --uf_func=NAME\n");
      return 2;
    }
    if (auto err = add_host_jit(uf_program, uf_func, uf_bound); !err.empty()) {
      std::fprintf(stderr, "bench_baselines: %s\n", err.c_str());
      return 2;
    }
  }
  uf::bench::register_header_kernels();
  int n_args = static_cast<int>(args.size());
  benchmark::Initialize(&n_args, args.data());
  if (benchmark::ReportUnrecognizedArguments(n_args, args.data())) return 2;

  const auto impls = uf::bench::implementations();
  const auto skipped = uf::bench::unsupported_implementations();
  if (list) {
    for (const auto& i : impls)
      std::printf("%s\t%s\tbound=%s\n", i.id().c_str(), i.variant.c_str(),
                  fmt_double(i.bound).c_str());
    for (const auto& i : skipped)
      std::printf("%s\t%s\t%s\n", i.id().c_str(), i.variant.c_str(),
                  uf::bench::not_run_reason(i.isa).c_str());
    return 0;
  }
  for (const auto& d : uf::bench::bench_domains()) {
    auto in = std::make_shared<const std::vector<float>>(uf::bench::make_inputs(d, kN));
    for (const auto& impl : impls) {
      if (impl.func != d.func) continue;
      const std::string base = bench_name(impl, d);
      benchmark::RegisterBenchmark((base + "throughput").c_str(), throughput, impl, in,
                                   label_of(impl, d, "throughput"));
      benchmark::RegisterBenchmark((base + "latency").c_str(), latency, impl, in,
                                   label_of(impl, d, "latency"));
    }
    for (const auto& impl : skipped) {
      if (impl.func != d.func) continue;
      const std::string base = bench_name(impl, d);
      for (const char* kind : {"throughput", "latency"})
        benchmark::RegisterBenchmark((base + kind).c_str(), not_run,
                                     uf::bench::not_run_reason(impl.isa), label_of(impl, d, kind));
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
