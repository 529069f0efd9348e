#include "eval/ulp.h"
#include "eval/ulp_simd.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace uf::eval {

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

namespace simd {

void ulp_errors(const float* y, const double* v, double* e, std::size_t n) {
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    ulp_error(load_floats(y + i), DBatch::load_unaligned(v + i)).store_unaligned(e + i);
  for (; i < n; ++i) e[i] = uf::eval::ulp_error(y[i], v[i]);
}

}  // namespace simd

}  // namespace uf::eval
