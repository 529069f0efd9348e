#include "bench/baselines/registry.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <mutex>
#include <numbers>
#include <random>

namespace uf::bench {

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::Scalar: return "scalar";
    case Isa::Avx2: return "avx2";
    case Isa::Avx512: return "avx512";
    case Isa::Host: return "host";
  }
  return "?";
}

bool isa_supported(Isa isa) {
#if defined(__x86_64__)
  switch (isa) {
    case Isa::Scalar:
    case Isa::Host: return true;
    case Isa::Avx2:
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
             __builtin_cpu_supports("bmi2");
    case Isa::Avx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
             __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
             __builtin_cpu_supports("avx512cd");
  }
  return false;
#else
  return isa == Isa::Scalar || isa == Isa::Host;
#endif
}

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

std::vector<Impl> implementations() {
  std::vector<Impl> all;
  for (auto* list : {&scalar_baselines, &avx2_baselines, &avx512_baselines})
    for (auto& i : (*list)())
      if (isa_supported(i.isa)) all.push_back(std::move(i));
  std::vector<Impl> extra;
  {
    std::lock_guard lock(reg_mutex());
    extra = registered();
  }
  // Registration order of generated translation units is unspecified: sort for a
  // stable order.
  std::stable_sort(extra.begin(), extra.end(), [](const Impl& a, const Impl& b) {
    return std::tie(a.func, a.library, a.variant, a.isa) <
           std::tie(b.func, b.library, b.variant, b.isa);
  });
  for (auto& i : extra)
    if (isa_supported(i.isa)) all.push_back(std::move(i));
  return all;
}

std::vector<Impl> implementations(const std::string& func) {
  std::vector<Impl> out;
  for (auto& i : implementations())
    if (i.func == func) out.push_back(std::move(i));
  return out;
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
  static const std::vector<std::string> f = {"expf",  "exp2f", "logf",  "log2f",
                                             "sinf",  "cosf",  "tanhf", "erff"};
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
