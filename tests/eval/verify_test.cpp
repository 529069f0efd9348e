// Exhaustive verifier on small domains.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "eval/interp.h"
#include "eval/reference.h"
#include "eval/score.h"
#include "eval/ulp.h"
#include "eval/verify.h"
#include "eval/verify_chunk.h"
#include "ir/program.h"
#include "ir/semantics.h"

namespace {

using uf::eval::Domain;
using uf::eval::VerifyOptions;
using uf::eval::VerifyReport;
using uf::ir::Builder;
using uf::ir::Op;

uf::eval::Reference exp_ref() {
  return uf::eval::Reference{"exp", [](double x) { return std::exp(x); },
                             [](mpfr_ptr r, mpfr_srcptr x) { mpfr_exp(r, x, MPFR_RNDN); }};
}

uf::ir::Program taylor2() {
  Builder b;
  const auto x = b.input();
  const auto p = b.emit(Op::Fma, b.f(0.5f), x, b.f(1.0f));
  return std::move(b).finish(b.emit(Op::Fma, p, x, b.f(1.0f)));
}

// Correctly rounded on [1, 2] (checked by this very test: the verifier arbitrates
// every result near a rounding boundary with MPFR).
void exp_via_double(const float* in, float* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<float>(std::exp(static_cast<double>(in[i])));
}

const Domain kOneTwo{false, 1.0f, 2.0f};

TEST(Domain, SizeAndDescription) {
  EXPECT_EQ(Domain{}.size(), std::uint64_t{1} << 32);
  EXPECT_EQ(kOneTwo.size(), (std::uint64_t{1} << 23) + 1);
  EXPECT_EQ((Domain{false, -0.0f, 0.0f}.size()), 2u);
  EXPECT_EQ((Domain{false, 2.0f, 1.0f}.size()), 0u);
  EXPECT_NE(Domain{}.describe().find("2^32"), std::string::npos);
  EXPECT_NE(kOneTwo.describe().find("8388609"), std::string::npos);
}

TEST(Verifier, CountsCorrectlyRoundedKernelAsHundredPercent) {
  VerifyOptions opt;
  opt.bound = 0.5;
  const VerifyReport r = uf::eval::verify_exhaustive(exp_via_double, exp_ref(), kOneTwo, opt);
  EXPECT_EQ(r.inputs, kOneTwo.size());
  EXPECT_EQ(r.correctly_rounded, r.inputs);
  EXPECT_LE(r.max_ulp, 0.5);
  EXPECT_GT(r.max_ulp, 0.49);
  EXPECT_EQ(r.over_bound, 0u);
  EXPECT_EQ(r.special_mismatches, 0u);
  EXPECT_TRUE(r.holds());
  EXPECT_GT(r.mpfr_arbitrations, 0u);  // results near 0.5 were arbitrated
  std::uint64_t total = 0;
  for (auto c : r.hist_counts) total += c;
  EXPECT_EQ(total, r.inputs);
  EXPECT_EQ(r.hist_counts[0] + r.hist_counts[1], r.inputs);  // all below 0.75
}

// The input with the largest error by brute force (double oracle), and that error.
std::pair<float, double> brute_force_worst(const uf::ir::Program& p, const Domain& d) {
  std::pair<float, double> w{0.0f, -1.0};
  for (std::int64_t k = uf::eval::float_to_ordered(d.lo); k <= uf::eval::float_to_ordered(d.hi); ++k) {
    const float x = uf::eval::ordered_to_float(k);
    const double e = uf::eval::ulp_error(uf::ir::sem::run_scalar(p, x), std::exp(static_cast<double>(x)));
    if (e > w.second) w = {x, e};
  }
  return w;
}

TEST(Verifier, ReportsWorstInputOfKnownBadProgram) {
  const Domain d{false, 0.375f, 0.5f};
  VerifyOptions opt;
  opt.bound = 1.0;
  opt.worst_count = 5;
  const VerifyReport r = uf::eval::verify_exhaustive(taylor2(), exp_ref(), d, opt);
  ASSERT_EQ(r.worst.size(), 5u);
  // The truncation error grows with x: the worst input is at the top of the interval
  // (within a few floats: rounding of the result moves the error by up to 0.5 ULP).
  const auto [bx, be] = brute_force_worst(taylor2(), d);
  EXPECT_EQ(r.worst[0].x, bx);
  EXPECT_GE(r.worst[0].x, std::nextafter(0.5f, 0.0f) - 1e-6f);
  const float y = uf::ir::sem::run_scalar(taylor2(), bx);
  EXPECT_EQ(r.worst[0].y, y);
  EXPECT_EQ(r.worst[0].ulp, uf::eval::exact_ulp_error(exp_ref(), bx, y));
  EXPECT_NEAR(r.worst[0].ulp, be, 1e-6);
  EXPECT_EQ(r.worst[0].ref, uf::eval::exact_to_double(exp_ref(), bx));
  EXPECT_EQ(r.max_ulp, r.worst[0].ulp);
  for (std::size_t i = 1; i < r.worst.size(); ++i) EXPECT_GE(r.worst[i - 1].ulp, r.worst[i].ulp);
  EXPECT_FALSE(r.holds());
  EXPECT_GT(r.over_bound, r.inputs / 2);
}

TEST(Verifier, MaxUlpAgreesWithSampledMpfr) {
  const Domain d{false, -0.25f, -0.125f};
  const VerifyReport r = uf::eval::verify_exhaustive(taylor2(), exp_ref(), d);
  double sampled = 0;
  for (float x : uf::eval::stratified_sample(d.lo, d.hi, 3000)) {
    sampled = std::max(sampled, uf::eval::exact_ulp_error(exp_ref(), x, uf::ir::sem::run_scalar(taylor2(), x)));
  }
  EXPECT_GE(r.max_ulp, sampled);
  EXPECT_LT(r.max_ulp, sampled * 1.01);
}

TEST(Verifier, OverBoundCountMatchesBruteForce) {
  const Domain d{false, 0.0625f, 0.0703125f};  // 2^20 + 1 inputs
  std::vector<double> errs;
  for (std::int64_t k = uf::eval::float_to_ordered(d.lo); k <= uf::eval::float_to_ordered(d.hi); ++k) {
    const float x = uf::eval::ordered_to_float(k);
    errs.push_back(uf::eval::ulp_error(uf::ir::sem::run_scalar(taylor2(), x), std::exp(static_cast<double>(x))));
  }
  VerifyOptions opt;
  std::vector<double> sorted = errs;
  std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
  opt.bound = std::floor(sorted[sorted.size() / 2]) + 0.25;  // about half the inputs over
  const VerifyReport r = uf::eval::verify_exhaustive(taylor2(), exp_ref(), d, opt);
  std::uint64_t over = 0, cr = 0;
  for (double e : errs) {
    over += e > opt.bound;
    cr += e <= 0.5;
  }
  EXPECT_GT(over, r.inputs / 4);
  EXPECT_LT(over, r.inputs * 3 / 4);
  EXPECT_EQ(r.over_bound, over);
  EXPECT_EQ(r.correctly_rounded, cr);
}

// A bounded oracle that is off by up to 2^-26 relative (about 1/8 float32 ULP) and
// says so: the verifier must not trust it beyond its bound, so a correctly rounded
// kernel is still proven correctly rounded, with exactly the per-input MPFR figures,
// while the same oracle trusted with the fixed margin misjudges inputs.
TEST(Verifier, BoundedOracleSendsEveryInputItsBoundCannotSettleToMpfr) {
  const Domain d{false, 1.0f, 1.0078125f};  // 2^16 + 1 inputs
  uf::eval::Reference off = exp_ref();
  off.fast = [](double x) { return std::exp(x) * (1 + 0x1p-26); };
  off.fast_bounded = [](double x, double* err) {
    const double v = std::exp(x) * (1 + 0x1p-26);
    *err = v * 0x1p-25;
    return v;
  };
  VerifyOptions opt;
  opt.bound = 0.5;
  const VerifyReport r = uf::eval::verify_exhaustive(exp_via_double, off, d, opt);
  double mx = 0;
  for (std::int64_t k = uf::eval::float_to_ordered(d.lo); k <= uf::eval::float_to_ordered(d.hi); ++k) {
    const float x = uf::eval::ordered_to_float(k);
    float y;
    exp_via_double(&x, &y, 1);
    mx = std::max(mx, uf::eval::exact_ulp_error(exp_ref(), x, y));
  }
  EXPECT_EQ(r.correctly_rounded, r.inputs);
  EXPECT_TRUE(r.holds()) << r.to_text();
  EXPECT_EQ(r.max_ulp, mx);
  EXPECT_GT(r.mpfr_arbitrations, 0u);
  EXPECT_LT(r.mpfr_arbitrations, r.inputs);  // inputs far from 0.5 settle in double

  uf::eval::Reference trusted = off;
  trusted.fast_bounded = nullptr;
  const VerifyReport wrong = uf::eval::verify_exhaustive(exp_via_double, trusted, d, opt);
  EXPECT_LT(wrong.correctly_rounded, wrong.inputs);
  EXPECT_FALSE(wrong.holds());
}

// A bounded oracle that knows nothing (+inf bounds) reduces the proof to MPFR alone.
TEST(Verifier, InfiniteOracleBoundMeansMpfrForEveryInput) {
  const Domain d{false, 1.0f, 1.0009765625f};  // 2^13 + 1 inputs
  uf::eval::Reference blind = exp_ref();
  blind.fast_bounded = [](double, double* err) {
    *err = std::numeric_limits<double>::infinity();
    return 0.0;  // useless value: must never be trusted
  };
  const VerifyReport r = uf::eval::verify_exhaustive(exp_via_double, blind, d);
  const VerifyReport ok = uf::eval::verify_exhaustive(exp_via_double, exp_ref(), d);
  EXPECT_EQ(r.mpfr_arbitrations, r.inputs);
  EXPECT_EQ(r.max_ulp, ok.max_ulp);
  EXPECT_EQ(r.correctly_rounded, r.inputs);
  ASSERT_EQ(r.worst.size(), ok.worst.size());
  for (std::size_t i = 0; i < r.worst.size(); ++i) EXPECT_EQ(r.worst[i].x, ok.worst[i].x) << i;
}

TEST(Verifier, DetectsSpecialValueMismatches) {
  // NaN above 1.5, -inf at exactly 1.25, correct elsewhere.
  auto k = [](const float* in, float* out, std::size_t n) {
    exp_via_double(in, out, n);
    for (std::size_t i = 0; i < n; ++i) {
      if (in[i] > 1.5f) out[i] = std::numeric_limits<float>::quiet_NaN();
      if (in[i] == 1.25f) out[i] = -std::numeric_limits<float>::infinity();
    }
  };
  const VerifyReport r = uf::eval::verify_exhaustive(k, exp_ref(), kOneTwo);
  EXPECT_EQ(r.special_mismatches, (std::uint64_t{1} << 22) + 1);
  EXPECT_FALSE(r.holds());
  EXPECT_EQ(r.max_ulp, std::numeric_limits<double>::infinity());
  ASSERT_FALSE(r.specials.empty());
  EXPECT_EQ(r.specials[0].x, 1.25f);  // lowest inputs first
  EXPECT_EQ(r.specials[1].x, std::nextafter(1.5f, 2.0f));
  EXPECT_TRUE(std::isnan(r.specials[1].y));
  EXPECT_EQ(r.hist_counts.back(), r.special_mismatches);
  ASSERT_FALSE(r.worst.empty());
  EXPECT_LE(r.worst[0].ulp, 0.5);  // worst finite errors are still reported
}

TEST(Verifier, DeclaredSpecialValuesAreCheckedBitForBit) {
  // exp_via_double is within 0.5 ULP everywhere on [1, 2], but a declared special value
  // demands an exact result the kernel does not give: the proof must fail on it alone.
  VerifyOptions opt;
  opt.bound = 1;
  const float x0 = 1.5f, y0 = static_cast<float>(std::exp(1.5));
  opt.specials = {{x0, y0},                                    // met
                  {x0, std::nextafter(y0, 10.0f)},             // within 1 ULP, but not exact
                  {std::numeric_limits<float>::quiet_NaN(),    // any NaN matches NaN
                   -std::numeric_limits<float>::quiet_NaN()}};
  const VerifyReport r = uf::eval::verify_exhaustive(exp_via_double, exp_ref(), kOneTwo, opt);
  EXPECT_EQ(r.over_bound, 0u);
  EXPECT_EQ(r.special_mismatches, 0u);
  EXPECT_EQ(r.declared_specials, 3u);
  ASSERT_EQ(r.declared_special_failures.size(), 1u);
  EXPECT_EQ(r.declared_special_failures[0].x, x0);
  EXPECT_EQ(r.declared_special_failures[0].y, y0);
  EXPECT_EQ(static_cast<float>(r.declared_special_failures[0].ref), std::nextafter(y0, 10.0f));
  EXPECT_FALSE(r.holds()) << "a wrong declared special value is no proof";
  EXPECT_NE(r.to_text().find("declared specials    2 of 3 exact"), std::string::npos) << r.to_text();
  const auto j = nlohmann::json::parse(r.to_json());
  EXPECT_EQ(j["declared_specials"].get<int>(), 3);
  EXPECT_EQ(j["declared_special_failures"].size(), 1u);
  EXPECT_FALSE(j["holds"].get<bool>());

  opt.specials.erase(opt.specials.begin() + 1);
  EXPECT_TRUE(uf::eval::verify_exhaustive(exp_via_double, exp_ref(), kOneTwo, opt).holds());
}

TEST(Verifier, MaxUlpIsPrintedRoundedUp) {
  const VerifyReport r = uf::eval::verify_exhaustive(taylor2(), exp_ref(), Domain{false, 0.25f, 0.5f});
  const std::string t = r.to_text();
  const auto at = t.find("max ULP");
  ASSERT_NE(at, std::string::npos);
  const double printed = std::strtod(t.c_str() + at + 8, nullptr);
  EXPECT_GE(printed, r.max_ulp) << t;
}

TEST(Verifier, OverflowToInfinityIsNotAMismatch) {
  const Domain d{false, std::numeric_limits<float>::max(), std::numeric_limits<float>::infinity()};
  const VerifyReport r = uf::eval::verify_exhaustive(exp_via_double, exp_ref(), d);
  EXPECT_EQ(r.inputs, 2u);
  EXPECT_EQ(r.special_mismatches, 0u);  // exp(FLT_MAX) = inf: correct
}

TEST(Verifier, SameReportWithOneOrTwoThreads) {
  const Domain d{false, -1.0f, -0.5f};
  VerifyOptions one, two;
  one.threads = 1;
  two.threads = 2;
  one.bound = two.bound = 1e4;
  const VerifyReport a = uf::eval::verify_exhaustive(taylor2(), exp_ref(), d, one);
  const VerifyReport b = uf::eval::verify_exhaustive(taylor2(), exp_ref(), d, two);
  EXPECT_EQ(a.max_ulp, b.max_ulp);
  EXPECT_EQ(a.over_bound, b.over_bound);
  EXPECT_EQ(a.correctly_rounded, b.correctly_rounded);
  EXPECT_EQ(a.hist_counts, b.hist_counts);
  ASSERT_EQ(a.worst.size(), b.worst.size());
  for (std::size_t i = 0; i < a.worst.size(); ++i) EXPECT_EQ(a.worst[i].x, b.worst[i].x);
  EXPECT_NEAR(a.mean_ulp, b.mean_ulp, 1e-9 * a.mean_ulp);
}

// A proof cancelled from another thread (the search stopping a proof that runs beside
// it) must not pass for one: the report says so and holds() is false, even for a
// kernel that would hold.
TEST(Verifier, CancelledVerificationProvesNothing) {
  std::atomic<bool> cancel{true};
  VerifyOptions o;
  o.bound = 1.0;
  o.cancel = &cancel;
  const VerifyReport r = uf::eval::verify_exhaustive(exp_via_double, exp_ref(), kOneTwo, o);
  EXPECT_TRUE(r.cancelled);
  EXPECT_FALSE(r.holds());
  EXPECT_NE(r.to_text().find("CANCELLED"), std::string::npos);
  EXPECT_TRUE(nlohmann::json::parse(r.to_json()).at("cancelled").get<bool>());
  cancel = false;
  const VerifyReport full = uf::eval::verify_exhaustive(exp_via_double, exp_ref(), kOneTwo, o);
  EXPECT_FALSE(full.cancelled);
  EXPECT_TRUE(full.holds());
}

TEST(Verifier, ReportTextShowsDecimalHexBitsAndHexFloat) {
  const Domain d{false, 0.25f, 0.5f};
  const VerifyReport r = uf::eval::verify_exhaustive(taylor2(), exp_ref(), d);
  const std::string t = r.to_text();
  ASSERT_FALSE(r.worst.empty());
  char want[96], bits[16];
  std::snprintf(want, sizeof want, "x = %.9g (0x%08x, %a)", static_cast<double>(r.worst[0].x),
                uf::ir::sem::u(r.worst[0].x), static_cast<double>(r.worst[0].x));
  std::snprintf(bits, sizeof bits, "0x%08x", uf::ir::sem::u(r.worst[0].x));
  EXPECT_NE(t.find(want), std::string::npos) << t;
  EXPECT_NE(t.find("0x1.fffffcp-2"), std::string::npos) << t;  // hex float of the worst x
  EXPECT_NE(t.find("max ULP"), std::string::npos);
  EXPECT_NE(t.find("[256, inf]"), std::string::npos);
  const auto j = nlohmann::json::parse(r.to_json());
  EXPECT_EQ(j["inputs"].get<std::uint64_t>(), r.inputs);
  EXPECT_EQ(j["worst"][0]["x"]["bits"].get<std::string>(), bits);
  EXPECT_EQ(j["histogram"].size(), 9u);
}

TEST(Verifier, BadArgumentsAreErrors) {
  uf::ir::Program bad = uf::ir::identity_program();
  bad.result = 9;
  EXPECT_THROW(uf::eval::verify_exhaustive(bad, exp_ref(), kOneTwo), std::invalid_argument);
  EXPECT_THROW(uf::eval::verify_exhaustive(taylor2(), exp_ref(), Domain{false, 2.0f, 1.0f}),
               std::invalid_argument);
  uf::eval::Reference none{"none", {}, {}};
  EXPECT_THROW(uf::eval::verify_exhaustive(taylor2(), none, kOneTwo), std::invalid_argument);
}

// Beside a binade edge a double oracle's value and the true f(x) can lie in different
// binades: here f(x) = 1 - x 2^-70 rounds to exactly 1.0 in double, so ulp(v) = 2^-23
// while ulp(f(x)) = 2^-24, and a kernel returning 1 - 2^-23 (two floats below 1) looks
// like a 1.0 ULP error to the oracle though it is 2.0 ULP. MPFR decides such inputs: the
// verifier reports 2.0 and the bound 1.5 fails (it used to "prove" max 1.0).
// The bounded oracle's uncertainty in ULP covers the true error when f(x) may lie in
// another binade than the oracle's value v (v just above or below a power of two).
TEST(Verifier, BoundedUncertaintyCoversTheErrorAcrossABinadeEdge) {
  using uf::eval::detail::ulp_uncertainty;
  for (double edge : {0.5, 1.0, 0x1p-100, 0x1p100}) {
    for (double rel : {-0x1p-30, -0x1p-52, 0.0, 0x1p-52, 0x1p-40, 0x1p-20}) {
      const double v = edge * (1 + rel);
      for (double erel : {0x1p-60, 0x1p-45, 0x1p-30, 0x1p-10}) {
        const double err = edge * erel;
        for (float y : {static_cast<float>(edge), std::nextafter(static_cast<float>(edge), 0.0f),
                         std::nextafter(static_cast<float>(edge), 4.0f * static_cast<float>(edge))}) {
          const double ej = uf::eval::ulp_error(y, v);
          const double d = ulp_uncertainty(v, err, ej);
          ASSERT_GE(d, 0);
          for (double t : {-1.0, -0.999, -0.5, -1e-9, 0.0, 1e-9, 0.5, 0.999, 1.0}) {
            const double f = v + t * err;
            EXPECT_LE(std::fabs(uf::eval::ulp_error(y, f) - ej), d)
                << "edge " << edge << " rel " << rel << " erel " << erel << " y " << y << " t " << t;
          }
        }
      }
    }
  }
  // 1/2 + 2^-70 against 1/2 with a bound of 2^-60: a tiny uncertainty, not +inf.
  const double ej = uf::eval::ulp_error(0.5f, 0.5 + 0x1p-70);
  EXPECT_LT(ulp_uncertainty(0.5 + 0x1p-70, 0x1p-60, ej), 1e-10);
}

// f(x) = 1/2 + x 2^-80 on [1, 1 + 2^-7] (a sigmoid near 0 in miniature): the kernel
// returns 1/2 (error ~1e-17 ULP), or 1/2 + 2^-24 (1 ULP) for the last ~900 inputs. The
// oracle's value is 1/2 exactly and its bound straddles the binade edge at 1/2; the
// inputs at 1/2 settle without MPFR (MPFR decides only the worst-list candidates).
TEST(Verifier, BoundedOracleSettlesResultsAtABinadeEdgeWithoutMpfr) {
  uf::eval::Reference half{
      "half_plus_tiny", [](double x) { return 0.5 + x * 0x1p-80; },
      [](mpfr_ptr r, mpfr_srcptr x) {
        mpfr_t t;
        mpfr_init2(t, mpfr_get_prec(r));
        mpfr_mul_2si(t, x, -80, MPFR_RNDN);  // exact
        mpfr_add_d(r, t, 0.5, MPFR_RNDN);
        mpfr_clear(t);
      }};
  half.fast_bounded = [](double x, double* err) {
    const double v = 0.5 + x * 0x1p-80;
    *err = 0x1p-54 + 0x1p-78;  // the sum's rounding (half an ulp of 1/2 in double), generously
    return v;
  };
  const auto kernel = [](const float* x, float* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) out[i] = x[i] >= 1.0077f ? 0x1.000002p-1f : 0.5f;
  };
  VerifyOptions opt;
  opt.bound = 1.5;
  const Domain d{false, 1.0f, 1.0078125f};  // 2^16 + 1 inputs
  const VerifyReport r = uf::eval::verify_exhaustive(kernel, half, d, opt);
  EXPECT_TRUE(r.holds()) << r.to_text();
  std::uint64_t ones = 0;
  for (std::int64_t k = uf::eval::float_to_ordered(d.lo); k <= uf::eval::float_to_ordered(d.hi); ++k)
    ones += uf::eval::ordered_to_float(k) >= 1.0077f;
  EXPECT_EQ(r.correctly_rounded, r.inputs - ones);
  EXPECT_LE(r.mpfr_arbitrations, ones);  // never an input whose result is 1/2
  EXPECT_NEAR(r.max_ulp, 1.0, 1e-9);
}

// A plateau: the kernel returns one float for 2^20 inputs where f(x) = 3/4 + 2^-30 +
// x 2^-90 barely moves, so every input's error agrees with the others' within the
// oracle's uncertainty. MPFR decides only the worst-list candidates and the near ties
// (at most 8 + 64 per 64K chunk), not every input (it used to decide all 2^20 inputs,
// which made a softplus or sigmoid proof hours long).
TEST(Verifier, BoundedOracleOnAPlateauOfEqualErrorsDecidesFewInputsByMpfr) {
  uf::eval::Reference plateau{
      "plateau", [](double x) { return 0.75 + 0x1p-30 + x * 0x1p-90; },
      [](mpfr_ptr r, mpfr_srcptr x) {
        mpfr_t t;
        mpfr_init2(t, 200);
        mpfr_mul_2si(t, x, -90, MPFR_RNDN);  // exact
        mpfr_add_d(t, t, 0.75 + 0x1p-30, MPFR_RNDN);  // exact at 200 bits
        mpfr_set(r, t, MPFR_RNDN);
        mpfr_clear(t);
      }};
  plateau.fast_bounded = [](double x, double* err) {
    const double v = 0.75 + 0x1p-30 + x * 0x1p-90;
    *err = 0x1p-52;
    return v;
  };
  const auto kernel = [](const float*, float* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) out[i] = 0.75f;
  };
  VerifyOptions opt;
  opt.bound = 1.0;
  const Domain d{false, 1.0f, 1.125f};  // 2^20 + 1 inputs: 17 chunks
  const VerifyReport r = uf::eval::verify_exhaustive(kernel, plateau, d, opt);
  EXPECT_TRUE(r.holds()) << r.to_text();
  EXPECT_EQ(r.inputs, (1u << 20) + 1);
  EXPECT_LE(r.mpfr_arbitrations, 17u * (8 + 64));
  // The error is 2^-30 / 2^-24 = 1/64 ULP plus x 2^-66 ULP, largest at x = 1.125; the
  // oracle's uncertainty is 2^-52 / 2^-24 = 2^-28 ULP.
  EXPECT_GE(r.max_ulp, 0x1p-6 + 1.125 * 0x1p-66);
  EXPECT_LE(r.max_ulp, 0x1p-6 + 0x1p-27);  // undecided inputs count with e + d
  ASSERT_EQ(r.worst.size(), 8u);
  for (const auto& w : r.worst) EXPECT_NEAR(w.ulp, 0x1p-6, 1e-12);
}

// The worst list's first input reaches the max even when a wide uncertainty makes
// another input of the same chunk look worse: at x = 1 the oracle says 0.8 +- 0.15 ULP
// (true 0.7), at the next float it says 0.85 exactly (true 0.85), elsewhere 0.1. With
// one worst slot the candidate is x = 1 (upper end 0.95); MPFR decides it at 0.7, the
// near-tie pass decides the next float at 0.85, and the list names it (it used to name
// x = 1).
TEST(Verifier, WorstListNamesTheInputThatReachesTheMax) {
  static const auto value = [](double x) {
    return 0.75 + (x == 1.0 ? 0.7 : x == 1.0 + 0x1p-23 ? 0.85 : 0.1) * 0x1p-24;
  };
  uf::eval::Reference r{"three_levels", value, [](mpfr_ptr out, mpfr_srcptr x) {
                          mpfr_set_d(out, value(mpfr_get_d(x, MPFR_RNDN)), MPFR_RNDN);
                        }};
  r.fast_bounded = [](double x, double* err) {
    if (x == 1.0) {
      *err = 0.15 * 0x1p-24 + 0x1p-60;
      return 0.75 + 0.8 * 0x1p-24;
    }
    *err = 0x1p-60;
    return value(x);
  };
  const auto kernel = [](const float*, float* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) out[i] = 0.75f;
  };
  VerifyOptions opt;
  opt.bound = 1.0;
  opt.worst_count = 1;
  opt.threads = 1;
  const VerifyReport rep = uf::eval::verify_exhaustive(kernel, r, Domain{false, 1.0f, 1.5f}, opt);
  EXPECT_TRUE(rep.holds()) << rep.to_text();
  EXPECT_NEAR(rep.max_ulp, 0.85, 1e-9);
  ASSERT_EQ(rep.worst.size(), 1u);
  EXPECT_EQ(rep.worst[0].x, 0x1.000002p+0f);
  EXPECT_NEAR(rep.worst[0].ulp, 0.85, 1e-9);
}

TEST(Verifier, BinadeEdgeOfTheDoubleOracleIsDecidedByMpfr) {
  const uf::eval::Reference below_one{
      "one_minus_tiny", [](double x) { return 1.0 - x * 0x1p-70; },
      [](mpfr_ptr r, mpfr_srcptr x) {
        mpfr_t t;
        mpfr_init2(t, mpfr_get_prec(r));
        mpfr_mul_2si(t, x, -70, MPFR_RNDN);  // exact
        mpfr_ui_sub(r, 1, t, MPFR_RNDN);
        mpfr_clear(t);
      }};
  ASSERT_EQ(below_one.fast(1.5), 1.0);
  const auto constant = [](const float*, float* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) out[i] = 0x1.fffffcp-1f;
  };
  VerifyOptions opt;
  opt.bound = 1.5;
  const VerifyReport r = uf::eval::verify_exhaustive(constant, below_one, kOneTwo, opt);
  EXPECT_FALSE(r.holds());
  EXPECT_EQ(r.over_bound, r.inputs);
  EXPECT_GT(r.max_ulp, 1.99);
  EXPECT_LE(r.max_ulp, 2.0);
  EXPECT_EQ(r.mpfr_arbitrations, r.inputs);
  ASSERT_FALSE(r.worst.empty());
  EXPECT_GT(r.worst[0].ulp, 1.99);
}

}  // namespace

// A check split into parts (as over the ranks of an MPI job, dist/verify.h): each part
// checks its interleaved chunks, travels through the codec, and the parts reduced in
// any order give the whole check's report. The domain spans 11 chunks, so 3 parts are
// uneven; a special mismatch (-inf -> NaN) and the worst list cross the parts.
TEST(Verifier, PartsThroughTheCodecReduceToTheWholeReport) {
  const Domain d{false, -1.0f, -0.9f};  // ~ 700K floats: 11 chunks of 64K
  const uf::eval::BatchFn k = [](const float* in, float* out, std::size_t n) {
    const uf::ir::Program p = taylor2();
    uf::eval::run_f32(p, in, out, n);
  };
  VerifyOptions o;
  o.bound = 3e4;
  o.threads = 2;
  o.specials = {{-0.95f, 123.0f}};  // a declared special value the kernel misses
  const VerifyReport whole = uf::eval::verify_exhaustive(k, exp_ref(), d, o);
  std::vector<uf::eval::VerifyPartial> parts;
  for (int i : {2, 0, 1}) {
    VerifyOptions p = o;
    p.part_index = i;
    p.part_count = 3;
    const uf::eval::VerifyPartial part = uf::eval::verify_partial(k, exp_ref(), d, p);
    EXPECT_GT(part.checked, 0u);
    EXPECT_LT(part.checked, d.size());
    parts.push_back(uf::eval::decode_partial(uf::eval::encode_partial(part)));
  }
  const VerifyReport split = uf::eval::finish_verify(parts, k, exp_ref(), d, o);
  EXPECT_EQ(split.inputs, whole.inputs);
  EXPECT_EQ(split.max_ulp, whole.max_ulp);
  EXPECT_EQ(split.over_bound, whole.over_bound);
  EXPECT_EQ(split.correctly_rounded, whole.correctly_rounded);
  EXPECT_EQ(split.special_mismatches, whole.special_mismatches);
  EXPECT_EQ(split.hist_counts, whole.hist_counts);
  EXPECT_EQ(split.declared_special_failures.size(), 1u);
  EXPECT_EQ(split.holds(), whole.holds());
  ASSERT_EQ(split.worst.size(), whole.worst.size());
  for (std::size_t i = 0; i < whole.worst.size(); ++i) {
    EXPECT_EQ(split.worst[i].x, whole.worst[i].x);
    EXPECT_EQ(split.worst[i].ulp, whole.worst[i].ulp);
  }
  EXPECT_NEAR(split.mean_ulp, whole.mean_ulp, 1e-12 * whole.mean_ulp);
  // As dist/verify.cpp does it: reduced to one part on one rank, sent, finished.
  const VerifyReport sent = uf::eval::finish_verify(
      {uf::eval::decode_partial(uf::eval::encode_partial(uf::eval::reduce_parts(parts, o.worst_count)))}, k, exp_ref(), d, o);
  EXPECT_EQ(sent.max_ulp, whole.max_ulp);
  EXPECT_EQ(sent.hist_counts, whole.hist_counts);
  ASSERT_EQ(sent.worst.size(), whole.worst.size());
  for (std::size_t i = 0; i < whole.worst.size(); ++i) EXPECT_EQ(sent.worst[i].x, whole.worst[i].x);

  // Every part exactly once.
  std::vector<uf::eval::VerifyPartial> missing(parts.begin(), parts.begin() + 2);
  EXPECT_THROW(uf::eval::finish_verify(missing, k, exp_ref(), d, o), std::invalid_argument);
  std::vector<uf::eval::VerifyPartial> twice = parts;
  twice[1] = twice[0];
  EXPECT_THROW(uf::eval::finish_verify(twice, k, exp_ref(), d, o), std::invalid_argument);
  EXPECT_THROW(uf::eval::decode_partial("{\"part\": [0, 1]}"), std::invalid_argument);
  VerifyOptions bad = o;
  bad.part_index = 3;
  bad.part_count = 3;
  EXPECT_THROW(uf::eval::verify_partial(k, exp_ref(), d, bad), std::invalid_argument);
}
