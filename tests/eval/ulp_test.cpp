// ULP error definition (eval/ulp.h): hand-computed cases.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <cstring>
#include <random>
#include <vector>

#include "eval/ulp.h"
#include "eval/ulp_simd.h"

namespace {

using uf::eval::float_distance;
using uf::eval::float_to_ordered;
using uf::eval::ordered_to_float;
using uf::eval::ulp_error;
using uf::eval::ulp_of;

constexpr double kInf = std::numeric_limits<double>::infinity();
const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kFInf = std::numeric_limits<float>::infinity();

TEST(Ulp, SpacingFollowsTheBinadeOfV) {
  EXPECT_EQ(ulp_of(1.0), 0x1p-23);
  EXPECT_EQ(ulp_of(-1.0), 0x1p-23);
  EXPECT_EQ(ulp_of(std::nextafter(1.0, 0.0)), 0x1p-24);  // just below 2^0
  EXPECT_EQ(ulp_of(std::nextafter(2.0, 0.0)), 0x1p-23);  // just below 2^1
  EXPECT_EQ(ulp_of(2.0), 0x1p-22);                        // exactly 2^1
  EXPECT_EQ(ulp_of(1.5), 0x1p-23);
  EXPECT_EQ(ulp_of(0x1p-126), 0x1p-149);                  // FLT_MIN
  EXPECT_EQ(ulp_of(0x1.8p-126), 0x1p-149);
  EXPECT_EQ(ulp_of(0x1p-127), 0x1p-149);                  // subnormal range
  EXPECT_EQ(ulp_of(0.0), 0x1p-149);
  EXPECT_EQ(ulp_of(0x1p-125), 0x1p-148);
  EXPECT_EQ(ulp_of(FLT_MAX), 0x1p104);
  EXPECT_EQ(ulp_of(0x1p127), 0x1p104);
  EXPECT_EQ(ulp_of(std::nextafter(0x1p127, 0.0)), 0x1p103);
  EXPECT_EQ(ulp_of(0x1p128), 0x1p104);  // above FLT_MAX: top binade's spacing continues
  EXPECT_EQ(ulp_of(1e300), 0x1p104);
}

TEST(Ulp, ErrorAtBinadeEdges) {
  EXPECT_EQ(ulp_error(1.0f, 1.0), 0.0);
  EXPECT_EQ(ulp_error(1.0f, 1.0 + 0x1p-24), 0.5);
  EXPECT_EQ(ulp_error(1.0f, 1.0 + 0x1p-23), 1.0);
  // v = 1 exactly: ulp 2^-23 although y lies in the binade below.
  const float below1 = std::nextafter(1.0f, 0.0f);  // 1 - 2^-24
  EXPECT_EQ(ulp_error(below1, 1.0), 0.5);
  // v just below 1: ulp 2^-24.
  EXPECT_EQ(ulp_error(1.0f, 1.0 - 0x1p-25), 0.5);
  EXPECT_EQ(ulp_error(below1, 1.0 - 0x1p-25), 0.5);
  EXPECT_EQ(ulp_error(below1, 1.0 - 0x1p-26), 0.75);
  EXPECT_EQ(ulp_error(2.0f, 2.0 - 0x1p-24), 0.5);  // v in [1, 2): ulp 2^-23
  EXPECT_EQ(ulp_error(4.0f, 2.0), 0x1p22 * 2.0);
}

TEST(Ulp, SubnormalResultsUseTheSubnormalSpacing) {
  const float dmin = std::numeric_limits<float>::denorm_min();
  EXPECT_EQ(ulp_error(dmin, 0.0), 1.0);
  EXPECT_EQ(ulp_error(dmin, 1.5 * 0x1p-149), 0.5);
  EXPECT_EQ(ulp_error(0.0f, 0x1p-150), 0.5);
  EXPECT_EQ(ulp_error(0.0f, 0x1p-151), 0.25);
  EXPECT_EQ(ulp_error(FLT_MIN, 0x1p-126 - 0x1p-149), 1.0);
  EXPECT_EQ(ulp_error(-dmin, dmin), 2.0);
}

TEST(Ulp, SignedZerosAreEqual) {
  EXPECT_EQ(ulp_error(-0.0f, 0.0), 0.0);
  EXPECT_EQ(ulp_error(0.0f, -0.0), 0.0);
}

TEST(Ulp, InfinitiesAndNaNFollowThePolicy) {
  EXPECT_EQ(ulp_error(kFInf, kInf), 0.0);
  EXPECT_EQ(ulp_error(-kFInf, -kInf), 0.0);
  EXPECT_EQ(ulp_error(FLT_MAX, kInf), kInf);
  EXPECT_EQ(ulp_error(-kFInf, kInf), kInf);
  EXPECT_EQ(ulp_error(kNaN, kInf), kInf);
  EXPECT_EQ(ulp_error(kNaN, std::nan("")), 0.0);
  EXPECT_EQ(ulp_error(1.0f, std::nan("")), kInf);
  EXPECT_EQ(ulp_error(kFInf, std::nan("")), kInf);
  EXPECT_EQ(ulp_error(kNaN, 1.0), kInf);
  EXPECT_EQ(ulp_error(-kNaN, 0.0), kInf);
}

TEST(Ulp, OverflowedResultCountsAsTwoTo128) {
  // The round-to-nearest overflow threshold scores exactly 0.5.
  EXPECT_EQ(ulp_error(kFInf, 0x1p128 - 0x1p103), 0.5);
  EXPECT_EQ(ulp_error(kFInf, FLT_MAX), 1.0);
  EXPECT_EQ(ulp_error(-kFInf, -static_cast<double>(FLT_MAX)), 1.0);
  EXPECT_EQ(ulp_error(kFInf, 0x1p128), 0.0);
  EXPECT_EQ(ulp_error(kFInf, 0x1p200), 0.0);
  EXPECT_EQ(ulp_error(kFInf, 1.0), (0x1p128 - 1.0) / 0x1p-23);
  // A finite result where the exact value overflows.
  EXPECT_EQ(ulp_error(FLT_MAX, 0x1p128), 1.0);
  EXPECT_EQ(ulp_error(FLT_MAX, 0x1p128 - 0x1p103), 0.5);
}

TEST(Ulp, InfinityOfTheWrongSignIsInfiniteError) {
  EXPECT_EQ(ulp_error(-kFInf, 1e39), kInf);
  EXPECT_EQ(ulp_error(kFInf, -static_cast<double>(FLT_MAX)), kInf);
  EXPECT_EQ(ulp_error(kFInf, -0.0), kInf);
  // A finite result of the wrong sign is just far away.
  EXPECT_EQ(ulp_error(-1.0f, 1.0), 0x1p24);
}

TEST(Ulp, OrderedMappingIsMonotonicWithAdjacentZeros) {
  EXPECT_EQ(float_to_ordered(0.0f), 0);
  EXPECT_EQ(float_to_ordered(-0.0f), -1);
  const float dmin = std::numeric_limits<float>::denorm_min();
  EXPECT_EQ(float_to_ordered(dmin), 1);
  EXPECT_EQ(float_to_ordered(-dmin), -2);
  EXPECT_EQ(float_to_ordered(kFInf), 0x7f800000);
  EXPECT_EQ(float_to_ordered(-kFInf), -0x7f800000ll - 1);
  // Walking the ordered space visits non-NaN floats in increasing order.
  const std::int64_t lo = float_to_ordered(-kFInf), hi = float_to_ordered(kFInf);
  for (std::int64_t k = lo; k + 9973 <= hi; k += 9973) {
    const float a = ordered_to_float(k), b = ordered_to_float(k + 9973);
    ASSERT_LT(a, b) << k;
    ASSERT_EQ(float_to_ordered(a), k);
  }
  for (std::int64_t k : {-2139095041ll, -2ll, -1ll, 0ll, 1ll, 12345678ll, 2139095040ll}) {
    EXPECT_EQ(float_to_ordered(ordered_to_float(k)), k);
  }
  EXPECT_THROW(ordered_to_float(std::int64_t{1} << 40), std::invalid_argument);
}

TEST(Ulp, DistanceCountsStepsAcrossSigns) {
  const float dmin = std::numeric_limits<float>::denorm_min();
  EXPECT_EQ(float_distance(-0.0f, 0.0f), 1);
  EXPECT_EQ(float_distance(-dmin, dmin), 3);
  EXPECT_EQ(float_distance(dmin, -dmin), 3);
  EXPECT_EQ(float_distance(1.0f, std::nextafter(1.0f, 2.0f)), 1);
  EXPECT_EQ(float_distance(1.0f, 2.0f), 1 << 23);
  EXPECT_EQ(float_distance(-kFInf, kFInf), 2ll * 0x7f800000 + 1);
  EXPECT_EQ(float_distance(-1.0f, 1.0f), 2ll * 0x3f800000 + 1);
  EXPECT_THROW(float_distance(kNaN, 1.0f), std::invalid_argument);
}

}  // namespace

// The SIMD ulp_error (eval/ulp_simd.h, the verifier's hot loop) is the scalar one, bit
// for bit: every pairing of special classes, binade edges, the overflow conventions and
// random pairs, in arrays of every length mod the lane count (the scalar tail too).
TEST(UlpSimd, BatchErrorsAreTheScalarErrorsBitForBit) {
  const float finf = std::numeric_limits<float>::infinity();
  const double dinf = std::numeric_limits<double>::infinity();
  const std::vector<float> ys = {0.0f, -0.0f, 1.0f, -1.0f, 0x1p-149f, -0x1p-149f, 0x1p-126f,
                                 0x1.fffffep-127f, std::numeric_limits<float>::max(),
                                 -std::numeric_limits<float>::max(), finf, -finf,
                                 std::numeric_limits<float>::quiet_NaN(), 0x1.fffffep-1f, 2.0f, 3.5f};
  std::vector<double> vs = {0.0, -0.0, 1.0, -1.0, 0x1p-149, 0x1p-150, 0x1p-126, 0x1.fffffffffffffp-127,
                            0x1p127, 0x1.fffffffffffffp126, 0x1p128, -0x1p128, 0x1.ffffffp127,
                            0x1p200, dinf, -dinf, std::numeric_limits<double>::quiet_NaN(),
                            0x1p-1074, 0x1.0000000000001p0, 0x1.fffffffffffffp-1, 3.25, 1e300};
  std::vector<float> y;
  std::vector<double> v;
  for (float a : ys)
    for (double b : vs) {
      y.push_back(a);
      v.push_back(b);
    }
  std::mt19937_64 rng(7);
  for (int i = 0; i < 100000; ++i) {
    const auto yb = static_cast<std::uint32_t>(rng());
    float yf;
    std::memcpy(&yf, &yb, 4);
    const double vd = static_cast<double>(yf) * (1 + std::ldexp(static_cast<double>(rng() % 4096) - 2048.0, -30));
    y.push_back(yf);
    v.push_back(i % 3 ? vd : static_cast<double>(yf));
  }
  for (std::size_t n : {y.size(), y.size() - 1, y.size() - 3, std::size_t{5}}) {
    std::vector<double> e(n);
    uf::eval::simd::ulp_errors(y.data(), v.data(), e.data(), n);
    for (std::size_t i = 0; i < n; ++i) {
      const double s = uf::eval::ulp_error(y[i], v[i]);
      ASSERT_EQ(std::memcmp(&s, &e[i], sizeof s), 0)
          << "y = " << y[i] << " v = " << v[i] << ": scalar " << s << ", simd " << e[i];
    }
  }
}

// The verifier's fast path (normal-range lanes): the reciprocal ULP and the binade-edge
// test must be the general ones, on every exponent of the range and every mantissa
// next to the edge thresholds (2^12 from either end), plus random mantissas.
TEST(UlpSimd, NormalRangeFastPathMatchesTheGeneralTests) {
  namespace s = uf::eval::simd;
  std::vector<std::uint64_t> mant;
  for (std::uint64_t m = 0; m < (1u << 13) + 8; ++m) mant.push_back(m);
  for (std::uint64_t m = s::kMantissa - (1u << 13) - 8; m <= s::kMantissa; ++m) mant.push_back(m);
  std::mt19937_64 rng(7);
  for (int i = 0; i < 4096; ++i) mant.push_back(rng() & s::kMantissa);
  std::vector<double> v;
  for (std::uint64_t biased = 1023 - 126; biased < 1023 + 127; ++biased)
    for (std::uint64_t m : mant) {
      const std::uint64_t bits = biased << 52 | m;
      double d;
      std::memcpy(&d, &bits, 8);
      v.push_back(d);
      v.push_back(-d);
    }
  while (v.size() % s::kLanes) v.push_back(1.0);
  std::size_t edges = 0;
  for (std::size_t i = 0; i < v.size(); i += s::kLanes) {
    const s::DBatch b = s::DBatch::load_unaligned(v.data() + i);
    const s::UBatch ab = xsimd::bitwise_cast<s::UBatch>(xsimd::abs(b));
    alignas(64) double inv[s::kLanes], near[s::kLanes];
    s::inv_ulp_of_normal(ab).store_aligned(inv);
    xsimd::select(s::near_binade_edge_normal(ab), s::DBatch(1.0), s::DBatch(0.0)).store_aligned(near);
    for (std::size_t k = 0; k < s::kLanes; ++k) {
      ASSERT_EQ(inv[k], 1.0 / ulp_of(v[i + k])) << std::hexfloat << v[i + k];
      ASSERT_EQ(near[k] == 1.0, s::near_binade_edge(v[i + k])) << std::hexfloat << v[i + k];
      edges += near[k] == 1.0;
    }
  }
  EXPECT_GT(edges, 0u);
}
