// ULP error: the one definition used everywhere in ulpforge.
//
//   err(y, v) = |y - v| / ulp(v)
//
// v is the exact (or double-precision reference) value of the function, y the float32
// result. ulp(v) is the spacing of float32 numbers in v's binade: 2^(e-23) for
// 2^e <= |v| < 2^(e+1), e >= -126, and the subnormal spacing 2^-149 for |v| < 2^-126.
// Above FLT_MAX the spacing of the top binade continues: ulp = 2^104 for every
// |v| >= 2^127. An overflowed result y = ±inf is scored as if it were ±2^128 (the
// value that round to nearest sends to infinity), and as exact (0) when |v| >= 2^128
// too, since no finite float32 is nearer: a correctly rounded result always scores
// <= 0.5. (The overflow threshold FLT_MAX + 2^103 = 2^128 - 2^103 scores exactly 0.5.)
//
// Special-value policy:
//   v NaN            : 0 if y is NaN, else +inf
//   y NaN, v not NaN : +inf
//   v = ±inf (exact) : 0 if y == v, else +inf
//   y = ±inf, v finite: sign mismatch -> +inf; else y counts as ±2^128 (see above)
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace uf::eval {

// Spacing of float32 in the binade of v (v finite, any magnitude):
// |v| < 2^-126      : subnormal spacing 2^-149
// 2^e <= |v| < 2^(e+1), -126 <= e <= 126: 2^(e-23)
// |v| >= 2^127      : 2^104 (the top binade's spacing, continued past FLT_MAX)
// Inline: the exhaustive verifier calls it once per input.
inline double ulp_of(double v) {
  const double a = std::fabs(v);
  if (!(a >= 0x1p-126)) return 0x1p-149;  // also catches NaN (callers never pass one)
  if (a >= 0x1p127) return 0x1p104;
  // a is a normal double in [2^-126, 2^127): its exponent field gives the binade e, and
  // 2^(e-23) is built from its exponent field directly.
  const std::uint64_t biased = std::bit_cast<std::uint64_t>(a) >> 52;  // e + 1023
  return std::bit_cast<double>((biased - 23) << 52);
}

// ULP error of y against the reference value v (double, or double rounding of the
// exact value: the error from that rounding is below 2^-29 ULP).
inline double ulp_error(float y, double v) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  if (std::isnan(v)) return std::isnan(y) ? 0.0 : kInf;
  if (std::isnan(y)) return kInf;
  if (std::isinf(v)) return static_cast<double>(y) == v ? 0.0 : kInf;
  double yd = static_cast<double>(y);
  if (std::isinf(y)) {
    if (std::signbit(y) != std::signbit(v)) return kInf;
    if (std::fabs(v) >= 0x1p128) return 0.0;
    yd = std::copysign(0x1p128, yd);
  }
  // y and v are within 2^129 of each other and the quotient by a power of two is
  // exact, so the only rounding is that of the subtraction (relative 2^-53).
  return std::fabs(yd - v) / ulp_of(v);
}

// Ordered integer mapping of float32: monotonic, with -0 and +0 adjacent (-1 and 0).
std::int64_t float_to_ordered(float x);
float ordered_to_float(std::int64_t k);
// Number of float32 steps between a and b, |ord(a) - ord(b)| (both finite or
// infinite; a NaN argument throws std::invalid_argument).
std::int64_t float_distance(float a, float b);

}  // namespace uf::eval
