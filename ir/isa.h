// The vector instruction sets ulpforge generates code and cost models for, their names,
// and whether the running CPU executes code built for them. One enum for the whole
// project: the cost model (ir::static_cost), object code (jit::emit_code), the batch
// oracles (eval/oracle.cpp) and the baseline registry (bench/) all use it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace uf::ir {

// Avx2: x86-64-v3 (AVX2, FMA, BMI2); Avx512: x86-64-v4 (AVX-512 F/BW/DQ/VL/CD on top of
// x86-64-v3); Neon: AArch64 Advanced SIMD.
enum class Isa : std::uint8_t { Avx2, Avx512, Neon };

inline constexpr Isa kAllIsas[] = {Isa::Avx2, Isa::Avx512, Isa::Neon};

// "avx2", "avx512", "neon".
std::string_view isa_name(Isa isa);
// The architecture level code for it is built for: "x86-64-v3", "x86-64-v4", "aarch64".
std::string_view isa_level(Isa isa);
// float32 lanes of one vector register of the ISA: 8, 16, 4.
unsigned vector_lanes(Isa isa);
// Either spelling ("avx2" or "x86-64-v3", ...); nullopt for anything else.
std::optional<Isa> parse_isa(std::string_view name);

// The first CPU feature that code built for `isa` needs and the running CPU lacks
// ("avx512f"; "aarch64" on x86-64, "x86-64" elsewhere), or "" when the CPU runs it.
// Reads CPUID only (cached by libgcc at start-up): it executes no instruction of the
// ISA it asks about, so it is safe before any ISA-specific code.
std::string missing_cpu_feature(Isa isa);
inline bool cpu_runs(Isa isa) { return missing_cpu_feature(isa).empty(); }

}  // namespace uf::ir
