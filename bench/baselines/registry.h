// Baseline and ulpforge kernel implementations measured by bench_baselines and by the
// baseline accuracy run, behind one array interface so that every implementation sees
// the same inputs:  out[i] = f(in[i]) for i < n  (any n; vector kernels pad the tail).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace uf::bench {

using ArrayFn = void (*)(const float* in, float* out, std::size_t n);

// Instruction-set class a kernel was compiled for. Avx2 code is compiled with
// -march=x86-64-v3 and Avx512 code with -march=x86-64-v4 (bench/baselines/CMakeLists.txt);
// Host is the ulpforge host JIT (the CPU the benchmark runs on).
enum class Isa { Scalar, Avx2, Avx512, Host };

const char* isa_name(Isa isa);
// True when the running CPU can execute code of that class.
bool isa_supported(Isa isa);

struct Impl {
  std::string func;     // C name of the function: "expf", "sinf", ...
  std::string library;  // "glibc", "libmvec", "sleef-u10", "sleef-u35", "xsimd", "ulpforge"
  std::string variant;  // free-form detail: xsimd arch, ulpforge header path, ...
  Isa isa = Isa::Scalar;
  // Documented error bound in ULP (SLEEF u10: 1.0, u35: 3.5; libmvec: 4.0 per the glibc
  // manual) or, for ulpforge kernels, the bound proven by the exhaustive verifier
  // (UF_<TARGET>_MAX_ULP of the header). NaN when none is documented.
  double bound = 0;
  ArrayFn array = nullptr;
  std::string id() const;  // "expf/sleef-u10/avx512" (unique within a run)
};

// Adds an implementation to the process-wide list (used by the per-header generated
// translation units of ulpforge kernels and by the host JIT). Returns true.
bool register_impl(Impl impl);

// Every implementation compiled into this binary that the running CPU supports, in a
// stable order: baselines (scalar, AVX2, AVX-512), then registered ulpforge kernels.
std::vector<Impl> implementations();
// Same, restricted to one function.
std::vector<Impl> implementations(const std::string& func);

// Per-ISA baseline lists (defined in scalar.cpp, avx2.cpp, avx512.cpp).
std::vector<Impl> scalar_baselines();
std::vector<Impl> avx2_baselines();
std::vector<Impl> avx512_baselines();

// A benchmark domain: the closed interval [lo, hi] of float32 inputs (the domains of
// ANCHORS.md, on which the competitors' accuracy and speed were measured).
struct BenchDomain {
  std::string func;
  float lo = 0, hi = 0;
  std::string label;  // "[-87.5,89]": stable, used in benchmark names and file names
};

const std::vector<BenchDomain>& bench_domains();
std::vector<BenchDomain> bench_domains(const std::string& func);

// The functions with baselines: expf exp2f logf log2f sinf cosf tanhf erff.
const std::vector<std::string>& baseline_functions();

// Pre-generated benchmark inputs, identical for every implementation: n floats in
// [lo, hi] from a fixed-seed generator. Intervals with lo > 0 and hi/lo > 2^20 (logf,
// log2f on (0, FLT_MAX]) are sampled uniformly over float32 bit patterns so that every
// binade is represented; other intervals uniformly in value.
std::vector<float> make_inputs(const BenchDomain& d, std::size_t n, std::uint64_t seed = 1);

// A file-name-safe form of a label: "[-87.5,89]" -> "m87.5_89".
std::string file_safe(const std::string& label);

}  // namespace uf::bench
