// Host JIT: compiles a full kernel for the CPU this process runs on (ORC LLJIT, host
// CPU name and features, O3 pipeline, loop vectoriser) and times it.
//
// A failed compile is an error value (Expected::error), never an exception or abort:
// callers fall back to eval::run_f32.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "ir/isa.h"
#include "ir/program.h"
#include "jit/expected.h"

namespace uf::jit {

// The machine-code kernel ABI: out[i] = P(in[i]) for 0 <= i < n. `in` and `out` may be
// the same array (in place) but must not otherwise overlap partially.
using RawKernelFn = void (*)(const float* in, float* out, std::int64_t n);

// Same type as eval::BatchFn.
using BatchFn = std::function<void(const float* in, float* out, std::size_t n)>;

// A compiled kernel. Copies share the machine code, which stays alive as long as the
// process-wide JIT does (it is never freed before exit).
struct Kernel {
  RawKernelFn fn = nullptr;
  double compile_seconds = 0;  // lowering + O3 + codegen of the first compile (0 on a cache hit copy)

  void operator()(const float* in, float* out, std::size_t n) const {
    fn(in, out, static_cast<std::int64_t>(n));
  }
  BatchFn batch_fn() const {
    RawKernelFn f = fn;
    return [f](const float* in, float* out, std::size_t n) { f(in, out, static_cast<std::int64_t>(n)); };
  }
};

struct JitStats {
  std::size_t compiles = 0;   // programs actually compiled
  std::size_t cache_hits = 0; // compile() calls served from the cache
  std::size_t failures = 0;
  double compile_seconds = 0; // total over `compiles`
};

// Compiles `kernel` (a full kernel: no core holes) for the host, or returns the cached
// machine code of an identical earlier program. The cache is keyed by the whole program
// (ops, wiring and constant bit patterns: constants are baked into the code as
// immediates), hashed and then compared for equality, so a hit is always exact.
// Thread-safe (compiles are serialised).
Expected<Kernel> compile(const ir::Program& kernel);

// Compiles without consulting or filling the cache (every call adds new code to the
// JIT; meant for measuring compile time).
Expected<Kernel> compile_uncached(const ir::Program& kernel);

JitStats stats();

// The LLVM release the JIT is built with ("19.1.7"), for provenance lines.
std::string llvm_version();

// LLVM's name for the host CPU ("znver4", "skylake-avx512", ...) and whether the JIT
// targets AVX-512 (then kernels carry "prefer-vector-width"="512").
std::string host_cpu_name();
bool host_has_avx512();
// The ISA the JIT's code is built for: Avx512, Avx2 (any other x86-64) or Neon.
ir::Isa host_isa();

// Time-stamp-counter frequency in Hz, measured once per process (on first use) by
// reading the TSC (rdtsc) at the start and end of a ~20 ms steady_clock interval. On
// CPUs without a readable TSC it is 1e9 (cycles are then nanoseconds).
double tsc_hz();

struct CycleOptions {
  // Inputs are 4096 floats evenly spaced over [lo, hi] (one L1-resident array of 16 KiB
  // in and 16 KiB out), unless `inputs` is non-empty.
  double lo = -8.0, hi = 8.0;
  std::span<const float> inputs = {};
  int samples = 31;        // timed samples; the median is reported
  int calls_per_sample = 16;
};

// Cycles per element of a compiled kernel: each sample times `calls_per_sample` calls
// over the whole array with steady_clock after one warm-up call; the median sample in
// nanoseconds is converted to TSC cycles with tsc_hz(). TSC cycles are reference
// cycles at the constant TSC rate, not core clock cycles under turbo.
double measure_cycles_per_element(const Kernel& k, const CycleOptions& opt = {});

// Compiles (or fetches from the cache) and measures.
Expected<double> measure_cycles_per_element(const ir::Program& kernel, const CycleOptions& opt = {});

}  // namespace uf::jit
