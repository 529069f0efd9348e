// Deterministic random generation of well-typed IR programs (differential tests of
// backends, mutation tests, fuzzing). The generator uses its own RNG, so a seed gives
// the same program on every platform and standard library.
#pragma once

#include <cstdint>
#include <vector>

#include "ir/program.h"

namespace uf::ir {

// SplitMix64 (Steele, Lea, Flood 2014): a tiny 64-bit generator with full period
// 2^64, good enough for test-case generation and identical everywhere.
struct SplitMix64 {
  std::uint64_t state;
  explicit SplitMix64(std::uint64_t seed) : state(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  // Uniform integer in [0, n) (n > 0); Lemire's multiply-shift, bias < n / 2^64.
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
  }
  // Uniform double in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return uniform() < p; }
};

// Every op except `input` and `core` (the default op set of the generator).
std::vector<Op> default_random_ops();

struct RandomProgramOptions {
  // Bounds on op_count() of the generated program (instructions other than input,
  // const and iconst, dead ones included). Requires min_ops <= max_ops; min_ops = 0
  // is treated as 1 (the result must be computed by an op).
  std::size_t min_ops = 1;
  std::size_t max_ops = 16;
  // Ops the generator picks from. `input` is ignored; `core` is ignored unless
  // include_holes. Operands of other types are created as needed from constants and,
  // when the set has no op producing the needed type, from the conversions
  // asint/asfloat/lt (so every op is type-correct whatever the set).
  std::vector<Op> ops = default_random_ops();
  // Also generate `core.0` holes (a template): the result then depends on a hole.
  bool include_holes = false;
};

// A random program that passes verify(), whose f32 result depends on the input (its
// outputs on a fixed set of probe inputs are not all equal, except for templates,
// whose holes evaluate to NaN), with op_count() in [min_ops, max_ops] (max_ops + 1 only
// when max_ops is 1 and the op set has no op with an f32 result, so the result needs
// a final asfloat/select). Constants are
// often special (±0, ±inf, NaN, subnormals, 0.5, huge). Deterministic in (seed, opt).
// Throws std::invalid_argument if min_ops > max_ops.
Program random_program(std::uint64_t seed, const RandomProgramOptions& opt = {});

// A random float32 bit pattern biased towards interesting values (specials, subnormals,
// small integers, powers of two, values near 1); used for constants and test inputs.
std::uint32_t random_f32_bits(SplitMix64& rng);
// A random int32 biased towards shift amounts, exponent-field values and bit masks.
std::uint32_t random_i32_bits(SplitMix64& rng);

}  // namespace uf::ir
