// The interpreter: evaluates one program over a batch of points.
//   f32 : bit-exact IEEE binary32 (xsimd; checked against ir/semantics.h op by op)
//   f64 : every f32 op carried out in double (i32/mask ops as in f32 mode)
//   real: every f32 op in MPFR at N bits (Boost.Multiprecision mpfr_float)
// The f64 and real modes are domains of ir/apply.h, where each op is defined once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <boost/multiprecision/mpfr.hpp>

#include "ir/program.h"

namespace uf::eval {

enum class Mode { F32, F64, Real };

// out[i] = p(in[i]) for i < n, bit-exact binary32. Thread-safe; in and out may alias.
// A malformed program (empty, result or operand index not referring to an earlier
// value) throws std::invalid_argument; types are not checked (values are 32-bit
// patterns, as in ir/semantics.h). core.N holes evaluate to the quiet NaN 0x7fc00000.
// One exception to bit-exactness is inherent: when an add/sub/mul/div/fma has two or
// more NaN operands, which payload the NaN result carries is unspecified (IEEE 754
// 6.2.3; compilers commute these operands, and x86 and ARM choose differently).
void run_f32(const ir::Program& p, const float* in, float* out, std::size_t n);

// Same in double precision. Ops with no real-number meaning (bit casts, getexp/getmant,
// integer bit ops) are evaluated on the value rounded to float32 then widened. i32 and
// mask values are exact 32-bit patterns; f2i truncates the wide value (saturating, NaN
// -> 0), i2f and ldexp (k clamped to [-252, 254]) are exact, rint rounds ties to even.
void run_f64(const ir::Program& p, const double* in, double* out, std::size_t n);

// run_f64 with constants substituted: const instruction const_idx[k] takes the double
// c[k] instead of its float32 immediate (the constant fitter evaluates candidate
// constants this way). An index that is not a const instruction throws.
void run_f64(const ir::Program& p, std::span<const std::uint32_t> const_idx,
             std::span<const double> c, const double* in, double* out, std::size_t n);

using Real = boost::multiprecision::mpfr_float;
// Real-number mode at `bits` of precision. Same convention as run_f64 for bit ops.
void run_real(const ir::Program& p, const Real* in, Real* out, std::size_t n, unsigned bits);

// run_real with constants substituted, as run_f64 does (each double is exact in MPFR).
void run_real(const ir::Program& p, std::span<const std::uint32_t> const_idx,
              std::span<const double> c, const Real* in, Real* out, std::size_t n, unsigned bits);

// run_real with constants given above double precision (each is used as it is; the
// constant fitter's high-precision Remez iterates on them).
void run_real_hp(const ir::Program& p, std::span<const std::uint32_t> const_idx,
                 std::span<const Real> c, const Real* in, Real* out, std::size_t n, unsigned bits);

}  // namespace uf::eval
