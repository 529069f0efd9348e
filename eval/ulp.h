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

#include <cstdint>

namespace uf::eval {

// Spacing of float32 in the binade of v (v finite, any magnitude).
double ulp_of(double v);

// ULP error of y against the reference value v (double, or double rounding of the
// exact value: the error from that rounding is below 2^-29 ULP).
double ulp_error(float y, double v);

// Ordered integer mapping of float32: monotonic, with -0 and +0 adjacent (-1 and 0).
std::int64_t float_to_ordered(float x);
float ordered_to_float(std::int64_t k);
// Number of float32 steps between a and b, |ord(a) - ord(b)| (both finite or
// infinite; a NaN argument throws std::invalid_argument).
std::int64_t float_distance(float a, float b);

}  // namespace uf::eval
