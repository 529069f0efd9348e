#include "ir/isa.h"

#include <initializer_list>
#include <utility>

namespace uf::ir {

std::string_view isa_name(Isa isa) {
  switch (isa) {
    case Isa::Avx2: return "avx2";
    case Isa::Avx512: return "avx512";
    case Isa::Neon: return "neon";
  }
  return "?";
}

std::string_view isa_level(Isa isa) {
  switch (isa) {
    case Isa::Avx2: return "x86-64-v3";
    case Isa::Avx512: return "x86-64-v4";
    case Isa::Neon: return "aarch64";
  }
  return "?";
}

std::optional<Isa> parse_isa(std::string_view name) {
  for (Isa i : kAllIsas) {
    if (name == isa_name(i) || name == isa_level(i)) return i;
  }
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
