#include "bench/baselines/registry.h"

#include "ir/isa.h"

#include <algorithm>
#include <initializer_list>
#include <tuple>
#include <utility>
#include <bit>
#include <cmath>
#include <limits>
#include <mutex>
#include <numbers>
#include <random>

namespace uf::bench {

const char* isa_name(CodeClass isa) {
  switch (isa) {
    case CodeClass::Scalar: return "scalar";
    case CodeClass::Avx2: return "avx2";
    case CodeClass::Avx512: return "avx512";
    case CodeClass::Host: return "host";
  }
  return "?";
}

std::string missing_cpu_feature(CodeClass isa) {
  switch (isa) {
    case CodeClass::Scalar:
    case CodeClass::Host: return "";
    case CodeClass::Avx2: return ir::missing_cpu_feature(ir::Isa::Avx2);
    case CodeClass::Avx512: return ir::missing_cpu_feature(ir::Isa::Avx512);
  }
  return "?";
}

bool isa_supported(CodeClass isa) { return missing_cpu_feature(isa).empty(); }

std::string Impl::id() const { return func + "/" + library + "/" + isa_name(isa); }

namespace {
std::mutex& reg_mutex() {
  static std::mutex m;
  return m;
}
std::vector<Impl>& registered() {
  static std::vector<Impl> v;
  return v;
}
}  // namespace

bool register_impl(Impl impl) {
  std::lock_guard lock(reg_mutex());
  registered().push_back(std::move(impl));
  return true;
}

Impl to_impl(const ImplEntry& e) { return {e.func, e.library, e.variant, e.isa, e.bound, e.array}; }

namespace {
// Every implementation compiled into this binary, supported by the CPU or not.
std::vector<Impl> compiled_implementations() {
  std::vector<Impl> all;
  for (const ImplTable* t : {&scalar_table, &avx2_table, &avx512_table})
    for (std::size_t k = 0; k < t->size; ++k) all.push_back(to_impl(t->entries[k]));
  std::vector<Impl> extra;
  {
    std::lock_guard lock(reg_mutex());
    extra = registered();
  }
  // Registration order is unspecified: sort for a stable order.
  std::stable_sort(extra.begin(), extra.end(), [](const Impl& a, const Impl& b) {
    return std::tie(a.func, a.library, a.variant, a.isa) <
           std::tie(b.func, b.library, b.variant, b.isa);
  });
  all.insert(all.end(), extra.begin(), extra.end());
  return all;
}
}  // namespace

std::vector<Impl> implementations() {
  std::vector<Impl> out;
  for (auto& i : compiled_implementations())
    if (isa_supported(i.isa)) out.push_back(std::move(i));
  return out;
}

std::vector<Impl> unsupported_implementations() {
  std::vector<Impl> out;
  for (auto& i : compiled_implementations())
    if (!isa_supported(i.isa)) out.push_back(std::move(i));
  return out;
}

std::string not_run_reason(CodeClass isa) {
  const std::string m = missing_cpu_feature(isa);
  return m.empty() ? "" : "not run: CPU lacks " + m;
}

std::vector<Impl> implementations(const std::string& func) {
  std::vector<Impl> out;
  for (auto& i : implementations())
    if (i.func == func) out.push_back(std::move(i));
  return out;
}

float* second_output(std::size_t n) {
  thread_local std::vector<float> buf;
  if (buf.size() < n) buf.resize(n);
  return buf.data();
}

const std::vector<BenchDomain>& bench_domains() {
  constexpr float pi = std::numbers::pi_v<float>;
  constexpr float fmax = std::numeric_limits<float>::max();
  constexpr float tiny = std::numeric_limits<float>::denorm_min();
  static const std::vector<BenchDomain> d = {
      {"expf", -87.5f, 89.0f, "[-87.5,89]"},
      {"exp2f", -126.5f, 128.5f, "[-126.5,128.5]"},
      {"logf", tiny, fmax, "(0,FLT_MAX]"},
      {"log2f", tiny, fmax, "(0,FLT_MAX]"},
      {"sinf", -pi, pi, "[-pi,pi]"},
      {"sinf", -1e4f, 1e4f, "[-1e4,1e4]"},
      {"cosf", -pi, pi, "[-pi,pi]"},
      {"cosf", -1e4f, 1e4f, "[-1e4,1e4]"},
      {"tanhf", -10.0f, 10.0f, "[-10,10]"},
      {"erff", -10.0f, 10.0f, "[-10,10]"},
      {"erfcf", -10.0f, 10.0f, "[-10,10]"},
      {"exp10f", -37.5f, 38.5f, "[-37.5,38.5]"},
      {"expm1f", -20.0f, 88.5f, "[-20,88.5]"},
      {"log1pf", -0.5f, 1.0f, "[-0.5,1]"},
      {"sinhf", -10.0f, 10.0f, "[-10,10]"},
      {"coshf", -10.0f, 10.0f, "[-10,10]"},
      {"log10f", tiny, fmax, "(0,FLT_MAX]"},
      {"atanf", -10.0f, 10.0f, "[-10,10]"},
      {"asinf", -1.0f, 1.0f, "[-1,1]"},
      {"acosf", -1.0f, 1.0f, "[-1,1]"},
      {"cbrtf", -1e4f, 1e4f, "[-1e4,1e4]"},
      {"atanhf", -1.0f, 1.0f, "[-1,1]"},
      {"asinhf", -10.0f, 10.0f, "[-10,10]"},
      {"acoshf", 1.0f, 100.0f, "[1,100]"},
      {"tanf", -pi, pi, "[-pi,pi]"},
      {"tanf", -1e4f, 1e4f, "[-1e4,1e4]"},
      {"sincosf", -pi, pi, "[-pi,pi]"},
      {"sincosf", -1e4f, 1e4f, "[-1e4,1e4]"},
  };
  return d;
}

std::vector<BenchDomain> bench_domains(const std::string& func) {
  std::vector<BenchDomain> out;
  for (const auto& d : bench_domains())
    if (d.func == func) out.push_back(d);
  return out;
}

const std::vector<std::string>& baseline_functions() {
  static const std::vector<std::string> f = {"expf",   "exp2f",  "logf",   "log2f",  "sinf",
                                             "cosf",   "tanhf",  "erff",   "erfcf",  "exp10f",
                                             "expm1f", "log1pf", "sinhf",  "coshf",  "log10f",
                                             "atanf",  "asinf",  "acosf",  "cbrtf",  "atanhf",
                                             "asinhf", "acoshf", "tanf"};
  return f;
}

std::vector<float> make_inputs(const BenchDomain& d, std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<float> x(n);
  const bool by_bits = d.lo > 0 && double(d.hi) / double(d.lo) > 0x1p20;
  if (by_bits) {
    // Positive floats are ordered like their bit patterns.
    std::uniform_int_distribution<std::uint32_t> u(std::bit_cast<std::uint32_t>(d.lo),
                                                   std::bit_cast<std::uint32_t>(d.hi));
    for (auto& v : x) v = std::bit_cast<float>(u(rng));
  } else {
    std::uniform_real_distribution<double> u(d.lo, d.hi);
    for (auto& v : x) v = std::clamp(static_cast<float>(u(rng)), d.lo, d.hi);
  }
  return x;
}

std::string file_safe(const std::string& label) {
  std::string s;
  for (char c : label) {
    if (c == '-') s += 'm';
    else if (c == ',') s += '_';
    else if (c == '[' || c == ']' || c == '(' || c == ')') continue;
    else s += c;
  }
  return s;
}

}  // namespace uf::bench
