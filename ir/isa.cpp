#include "ir/isa.h"

#include <initializer_list>
#include <iterator>
#include <utility>

namespace uf::ir {

namespace {

struct Names {
  Isa isa;
  std::string_view name, level;
  unsigned lanes;
};
constexpr Names kNames[] = {{Isa::Avx2, "avx2", "x86-64-v3", 8},
                            {Isa::Avx512, "avx512", "x86-64-v4", 16},
                            {Isa::Neon, "neon", "aarch64", 4}};
static_assert(std::size(kNames) == std::size(kAllIsas));

constexpr const Names& names(Isa isa) {
  for (const Names& n : kNames)
    if (n.isa == isa) return n;
  return kNames[0];  // unreachable: every enumerator has a row
}

}  // namespace

std::string_view isa_name(Isa isa) { return names(isa).name; }
std::string_view isa_level(Isa isa) { return names(isa).level; }
unsigned vector_lanes(Isa isa) { return names(isa).lanes; }

std::optional<Isa> parse_isa(std::string_view name) {
  for (const Names& n : kNames)
    if (name == n.name || name == n.level) return n.isa;
  return std::nullopt;
}

std::string missing_cpu_feature(Isa isa) {
#if defined(__x86_64__)
  auto first_missing = [](std::initializer_list<std::pair<const char*, bool>> fs) -> std::string {
    for (const auto& [name, has] : fs)
      if (!has) return name;
    return "";
  };
  const std::string v3 = first_missing({{"avx2", __builtin_cpu_supports("avx2")},
                                        {"fma", __builtin_cpu_supports("fma")},
                                        {"bmi2", __builtin_cpu_supports("bmi2")}});
  switch (isa) {
    case Isa::Avx2: return v3;
    case Isa::Avx512:
      if (!v3.empty()) return v3;
      return first_missing({{"avx512f", __builtin_cpu_supports("avx512f")},
                            {"avx512bw", __builtin_cpu_supports("avx512bw")},
                            {"avx512dq", __builtin_cpu_supports("avx512dq")},
                            {"avx512vl", __builtin_cpu_supports("avx512vl")},
                            {"avx512cd", __builtin_cpu_supports("avx512cd")}});
    case Isa::Neon: return "aarch64";
  }
  return "?";
#elif defined(__aarch64__)
  return isa == Isa::Neon ? "" : "x86-64";
#else
  (void)isa;
  return "a supported CPU";
#endif
}

}  // namespace uf::ir
