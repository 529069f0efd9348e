// eval/ulp.h's ulp_error over SIMD batches (xsimd, the project's target ISA): the same
// definition, lane by lane, bit for bit (tests/eval/ulp_test.cpp compares the two on
// every special class and on random pairs). Used by the exhaustive verifier's hot loop.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>

#include <xsimd/xsimd.hpp>
#if defined(__AVX__)
#include <immintrin.h>
#endif

namespace uf::eval::simd {

using DBatch = xsimd::batch<double>;
using UBatch = xsimd::batch<std::uint64_t>;
inline constexpr std::size_t kLanes = DBatch::size;

// A uint64 lane mask as a double lane mask (xsimd 8.1 has no batch_bool cast): 1.0 or 0.0
// per lane, compared with 1.0.
inline auto to_double_mask(xsimd::batch_bool<std::uint64_t> m) {
  const UBatch one_bits(0x3ff0000000000000ull);
  return xsimd::bitwise_cast<DBatch>(xsimd::select(m, one_bits, UBatch(0))) == DBatch(1.0);
}

// kLanes floats from p, converted to double (exactly). One conversion instruction on
// AVX-512 and AVX (xsimd 8.1's converting load goes through the stack, which stalls
// store forwarding).
inline DBatch load_floats(const float* p) {
#if defined(__AVX512F__)
  static_assert(kLanes == 8);
  return DBatch(_mm512_cvtps_pd(_mm256_loadu_ps(p)));
#elif defined(__AVX__)
  static_assert(kLanes == 4);
  return DBatch(_mm256_cvtps_pd(_mm_loadu_ps(p)));
#else
  return DBatch::load_unaligned(p);
#endif
}

// Horizontal max and sum, in lane order (deterministic).
inline double hmax(DBatch b) {
  alignas(64) double t[kLanes];
  b.store_aligned(t);
  double m = t[0];
  for (std::size_t i = 1; i < kLanes; ++i) m = m > t[i] ? m : t[i];
  return m;
}
inline double hsum(DBatch b) {
  alignas(64) double t[kLanes];
  b.store_aligned(t);
  double s = 0;
  for (std::size_t i = 0; i < kLanes; ++i) s += t[i];
  return s;
}

// ulp_of(v) for each lane (v finite; other lanes get an unspecified power of two).
inline DBatch ulp_of(DBatch v) {
  const DBatch a = xsimd::abs(v);
  const UBatch biased = xsimd::bitwise_cast<UBatch>(a) >> 52;
  const DBatch mid = xsimd::bitwise_cast<DBatch>((biased - UBatch(23)) << 52);
  return xsimd::select(a < DBatch(0x1p-126), DBatch(0x1p-149),
                       xsimd::select(a >= DBatch(0x1p127), DBatch(0x1p104), mid));
}

// 1 / ulp_of(v) for each lane (a power of two, so x * inv_ulp_of(v) == x / ulp_of(v)
// exactly: both are the correctly rounded value of the same real number).
inline DBatch inv_ulp_of(DBatch v) {
  const DBatch a = xsimd::abs(v);
  const UBatch biased = xsimd::bitwise_cast<UBatch>(a) >> 52;  // 2^(b-1023-23) -> 2^(1023+23-b)
  const DBatch mid = xsimd::bitwise_cast<DBatch>((UBatch(2 * 1023 + 23) - biased) << 52);
  return xsimd::select(a < DBatch(0x1p-126), DBatch(0x1p149),
                       xsimd::select(a >= DBatch(0x1p127), DBatch(0x1p-104), mid));
}

// ulp_error(y, v) for each lane, y already converted to double (exactly).
inline DBatch ulp_error(DBatch y, DBatch v) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const DBatch zero(0.0), inf(kInf);
  const auto vnan = xsimd::isnan(v), ynan = xsimd::isnan(y);
  const auto vinf = xsimd::isinf(v), yinf = xsimd::isinf(y);
  const DBatch a = xsimd::abs(v);
  const DBatch sign_mask(-0.0);
  // y = ±inf counts as ±2^128 (its sign kept).
  const DBatch yd = xsimd::select(yinf, (y & sign_mask) | DBatch(0x1p128), y);
  DBatch e = xsimd::abs(yd - v) * inv_ulp_of(v);
  const auto sign_differs = to_double_mask(
      ((xsimd::bitwise_cast<UBatch>(y) ^ xsimd::bitwise_cast<UBatch>(v)) >> 63) ==
      UBatch(1));
  e = xsimd::select(yinf & (a >= DBatch(0x1p128)), zero, e);
  e = xsimd::select(yinf & sign_differs, inf, e);
  e = xsimd::select(vinf, xsimd::select(y == v, zero, inf), e);
  e = xsimd::select(ynan, inf, e);
  e = xsimd::select(vnan, xsimd::select(ynan, zero, inf), e);
  return e;
}

// The verifier's binade-edge test: v lies within a relative 2^-40 of a power of two 2^k,
// -127 <= k <= 128 (the float32 binade edges from 2^-126 to the overflow value 2^128).
// There a double oracle's v and f(x) may lie in different binades, so ulp(v) may be half
// or twice ulp(f(x)). One definition, scalar and per lane.
inline constexpr std::uint64_t kEdgeBiasedLo = 1023 - 127, kEdgeBiasedHi = 1023 + 128;
inline constexpr std::uint64_t kMantissa = (std::uint64_t{1} << 52) - 1;
inline constexpr std::uint64_t kEdgeNear = std::uint64_t{1} << 12;  // 2^-40 relative

inline bool near_binade_edge(double v) {
  const std::uint64_t b = std::bit_cast<std::uint64_t>(v) & ~(std::uint64_t{1} << 63);
  const std::uint64_t biased = b >> 52, m = b & kMantissa;
  return biased >= kEdgeBiasedLo && biased <= kEdgeBiasedHi &&
         (m < kEdgeNear || m > kMantissa + 1 - kEdgeNear);
}

inline auto near_binade_edge(DBatch v) {
  const UBatch b = xsimd::bitwise_cast<UBatch>(xsimd::abs(v));
  const UBatch biased = b >> 52, m = b & UBatch(kMantissa);
  const auto edge = (biased >= UBatch(kEdgeBiasedLo)) & (biased <= UBatch(kEdgeBiasedHi)) &
                    ((m < UBatch(kEdgeNear)) | (m > UBatch(kMantissa + 1 - kEdgeNear)));
  return to_double_mask(edge);
}

// The two tests above for lanes whose |v| (bits `ab`) lies in [2^-126, 2^127), the
// normal float32 range, where no special case applies (the verifier's fast path):
// inv_ulp_of's middle branch, and near_binade_edge without the exponent range check
// (that range lies inside it). m near an edge means m < 2^12 or m > 2^52 - 2^12, i.e.
// (m + 2^12 - 1) mod 2^52 < 2^13 - 1; the values are below 2^52, so the signed 64-bit
// compare (one AVX2 instruction) decides it.
inline DBatch inv_ulp_of_normal(UBatch ab) {
  return xsimd::bitwise_cast<DBatch>((UBatch(2 * 1023 + 23) - (ab >> 52)) << 52);
}
inline auto near_binade_edge_normal(UBatch ab) {
  using IBatch = xsimd::batch<std::int64_t>;
  const UBatch t = (ab + UBatch(kEdgeNear - 1)) & UBatch(kMantissa);
  const auto near = xsimd::bitwise_cast<IBatch>(t) < IBatch(static_cast<std::int64_t>(2 * kEdgeNear - 1));
  const xsimd::batch<std::int64_t> ones(std::int64_t{0x3ff0000000000000});
  return xsimd::bitwise_cast<DBatch>(xsimd::select(near, ones, IBatch(0))) == DBatch(1.0);
}

// ulp_error over arrays (for tests): e[i] = ulp_error(y[i], v[i]).
void ulp_errors(const float* y, const double* v, double* e, std::size_t n);

}  // namespace uf::eval::simd
