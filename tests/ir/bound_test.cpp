// Printed bounds are never below the proven value.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <random>

#include "ir/bound.h"

namespace {

using uf::ir::format_bound;
using uf::ir::format_bound_up;
using uf::ir::format_hex_exact;

TEST(BoundFormat, RoundsUpwardNotToNearest) {
  // The proven maxima that the earlier %.4g / %.9g printing rounded down.
  EXPECT_EQ(format_bound_up(0.998532195, 4), "0.9986");
  EXPECT_EQ(format_bound_up(0.907517545, 4), "0.9076");
  EXPECT_EQ(format_bound_up(0.99330503548, 9), "0.993305036");
  EXPECT_EQ(format_bound_up(1.0, 4), "1");
  EXPECT_EQ(format_bound_up(0.5, 9), "0.5");
}

TEST(BoundFormat, CarriesIntoANewDecade) {
  EXPECT_EQ(format_bound_up(0.99999999, 4), "1");
  EXPECT_EQ(format_bound_up(9.9999, 3), "10");
  EXPECT_EQ(format_bound_up(123456.7, 3), "1.24e+05");
}

TEST(BoundFormat, ExactDecimalsAreKept) {
  // 0.75 and 2.5 are exact in binary and in 4 digits: no upward step.
  EXPECT_EQ(format_bound_up(0.75, 4), "0.75");
  EXPECT_EQ(format_bound_up(2.5, 1), "3");
  EXPECT_EQ(format_bound_up(2.0, 1), "2");
}

TEST(BoundFormat, SpecialValues) {
  EXPECT_EQ(format_bound_up(INFINITY), "inf");
  EXPECT_EQ(format_bound_up(NAN), "nan");
  EXPECT_EQ(format_bound_up(0.0), "0");
  EXPECT_EQ(format_bound(INFINITY), "inf");
  EXPECT_THROW(format_bound_up(1.0, 0), std::invalid_argument);
  EXPECT_THROW(format_bound_up(1.0, 18), std::invalid_argument);
}

TEST(BoundFormat, ReadBackIsNeverBelowTheValue) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(-1070, 1020);
  for (int i = 0; i < 5000; ++i) {
    const double v = std::exp2(u(rng));
    for (int d : {1, 4, 6, 9, 17}) {
      const std::string s = format_bound_up(v, d);
      // long double (64-bit significand) resolves decimals far finer than v's ulp.
      ASSERT_GE(std::strtold(s.c_str(), nullptr), static_cast<long double>(v))
          << s << " for " << format_hex_exact(v);
    }
  }
}

TEST(BoundFormat, HexIsExact) {
  const double v = 0.99330503548;
  EXPECT_EQ(std::strtod(format_hex_exact(v).c_str(), nullptr), v);
  EXPECT_EQ(format_bound(0.5), "0.5 (exact 0x1p-1)");
}

}  // namespace
