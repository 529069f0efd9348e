#include "eval/ulp.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace uf::eval {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kTwo128 = 0x1p128;

}  // namespace

// |v| < 2^-126      : subnormal spacing 2^-149
// 2^e <= |v| < 2^(e+1), -126 <= e <= 126: 2^(e-23)
// |v| >= 2^127      : 2^104 (the top binade's spacing, continued past FLT_MAX)
double ulp_of(double v) {
  const double a = std::fabs(v);
  if (!(a >= 0x1p-126)) return 0x1p-149;  // also catches NaN (callers never pass one)
  if (a >= 0x1p127) return 0x1p104;
  // a is a normal double in [2^-126, 2^127): its exponent field gives the binade e, and
  // 2^(e-23) is built from its exponent field directly.
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(a);
  const std::uint64_t biased = bits >> 52;  // e + 1023
  return std::bit_cast<double>((biased - 23) << 52);
}

double ulp_error(float y, double v) {
  if (std::isnan(v)) return std::isnan(y) ? 0.0 : kInf;
  if (std::isnan(y)) return kInf;
  if (std::isinf(v)) return static_cast<double>(y) == v ? 0.0 : kInf;
  double yd = static_cast<double>(y);
  if (std::isinf(y)) {
    if (std::signbit(y) != std::signbit(v)) return kInf;
    if (std::fabs(v) >= kTwo128) return 0.0;
    yd = std::copysign(kTwo128, yd);
  }
  // y and v are within 2^129 of each other and the quotient by a power of two is
  // exact, so the only rounding is that of the subtraction (relative 2^-53).
  return std::fabs(yd - v) / ulp_of(v);
}

std::int64_t float_to_ordered(float x) {
  std::uint32_t b;
  std::memcpy(&b, &x, 4);
  if (b & 0x80000000u) return -static_cast<std::int64_t>(b & 0x7fffffffu) - 1;
  return static_cast<std::int64_t>(b);
}

float ordered_to_float(std::int64_t k) {
  if (k < -static_cast<std::int64_t>(0x80000000ll) || k > 0x7fffffffll) {
    throw std::invalid_argument("ordered_to_float: index out of the float32 range");
  }
  const std::uint32_t b = k >= 0 ? static_cast<std::uint32_t>(k)
                                 : (static_cast<std::uint32_t>(-(k + 1)) | 0x80000000u);
  float x;
  std::memcpy(&x, &b, 4);
  return x;
}

std::int64_t float_distance(float a, float b) {
  if (std::isnan(a) || std::isnan(b)) {
    throw std::invalid_argument("float_distance: NaN argument");
  }
  const std::int64_t d = float_to_ordered(a) - float_to_ordered(b);
  return d < 0 ? -d : d;
}

}  // namespace uf::eval
