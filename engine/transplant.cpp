#include "engine/transplant.h"

#include <fmt/format.h>

#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <utility>

#include "engine/constopt.h"
#include "engine/poly_fit.h"
#include "eval/interp.h"
#include "eval/reference.h"
#include "eval/score.h"
#include "eval/ulp.h"
#include "ir/passes.h"

namespace uf::engine {

namespace {

using ir::Op;
using ir::Program;

constexpr std::size_t kStratified = 2048;  // points stratified in float order
constexpr std::size_t kEven = 2048;        // points evenly spaced in value
constexpr int kMaxDegree = 24;             // of the Chebyshev series per hole
// The series must reproduce every solved core value to within this fraction of the
// result (an ULP is 2^-23 of it): the data is then one function of r.
constexpr double kFitTolerance = 0x1p-28;
// The largest stretch of a hole's interval, as a fraction of it, the sample may leave
// without a solved core value when the core's function is a fitted series.
constexpr double kMaxGap = 0.05;

// The user's sample with its exact reference values (shared by every template tried).
struct Sample {
  std::vector<float> x;
  std::vector<double> xd;
  std::vector<double> fx;  // f(x) rounded to double
};

Sample make_sample(const targets::Target& user) {
  Sample s;
  const float lo = user.domain.lo, hi = user.domain.hi;
  s.x = eval::stratified_sample(lo, hi, kStratified);
  for (std::size_t i = 0; i < kEven; ++i) {
    const double t = static_cast<double>(i) / static_cast<double>(kEven - 1);
    s.x.push_back(static_cast<float>(static_cast<double>(lo) + t * (static_cast<double>(hi) - lo)));
  }
  std::sort(s.x.begin(), s.x.end());
  s.x.erase(std::unique(s.x.begin(), s.x.end()), s.x.end());
  s.xd.assign(s.x.begin(), s.x.end());
  s.fx = eval::reference_values(user.ref, s.x, eval::default_cache_dir());
  return s;
}

// A Chebyshev series on [lo, hi], evaluated by Clenshaw's recurrence in double.
struct Series {
  double lo = 0, hi = 0;
  std::vector<double> c;
  double operator()(double r) const {
    const double u = hi > lo ? (2 * r - lo - hi) / (hi - lo) : 0.0;
    double b1 = 0, b2 = 0;
    for (std::size_t k = c.size(); k-- > 1;) {
      const double b0 = 2 * u * b1 - b2 + c[k];
      b2 = b1;
      b1 = b0;
    }
    return u * b1 - b2 + c[0];
  }
};

// Weighted least-squares Chebyshev fit of c(r) on [lo, hi] (weights w: the result's
// sensitivity to the core value, relative to the result), degree chosen by the data's size.
Series fit_series(double lo, double hi, const std::vector<double>& r, const std::vector<double>& c,
                  const std::vector<double>& w) {
  Series s{lo, hi, {}};
  const int n = static_cast<int>(r.size());
  const int deg = hi > lo ? std::min(kMaxDegree, std::max(0, n / 4 - 1)) : 0;
  Eigen::MatrixXd A(n, deg + 1);
  Eigen::VectorXd b(n);
  for (int i = 0; i < n; ++i) {
    const double u = hi > lo ? (2 * r[i] - lo - hi) / (hi - lo) : 0.0;
    double tprev = 1, tk = u;  // T_0, T_1
    A(i, 0) = w[i];
    for (int k = 1; k <= deg; ++k) {
      A(i, k) = w[i] * tk;
      const double tnext = 2 * u * tk - tprev;
      tprev = tk;
      tk = tnext;
    }
    b(i) = w[i] * c[i];
  }
  const Eigen::VectorXd sol = A.colPivHouseholderQr().solve(b);
  s.c.assign(sol.data(), sol.data() + sol.size());
  return s;
}

// A user target's summary without what it says of its start ("... (composed of expf)").
std::string own_summary(const std::string& summary) {
  for (const char* tail : {" (composed of ", " (template "}) {
    const std::size_t at = summary.rfind(tail);
    if (at != std::string::npos) return summary.substr(0, at);
  }
  return summary;
}

std::string num(double v) { return fmt::format("{:.9g}", v); }

// c = a g(r) + b with g the catalog hole's own core function, fitted to the solved
// values by weighted least squares; nullopt when no such a, b reproduces them within
// kFitTolerance (or the hole has no double reference). a and b are rounded to 1 and 0
// when they are that within 2^-40: the catalog's own function.
struct Affine {
  double a = 1, b = 0, residual = 0;
};

std::optional<Affine> affine_of_catalog_core(const targets::Hole& hole, const std::vector<double>& r,
                                             const std::vector<double>& c, const std::vector<double>& w) {
  if (!hole.core_ref.fast) return std::nullopt;
  const auto n = static_cast<Eigen::Index>(r.size());
  Eigen::MatrixXd A(n, 2);
  Eigen::VectorXd y(n);
  std::vector<double> g(r.size());
  double gmax = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(i);
    g[k] = hole.core_ref.fast(r[k]);
    if (!std::isfinite(g[k])) return std::nullopt;
    gmax = std::max(gmax, std::fabs(g[k]));
    A(i, 0) = w[k] * g[k];
    A(i, 1) = w[k];
    y(i) = w[k] * c[k];
  }
  const Eigen::Vector2d sol = A.colPivHouseholderQr().solve(y);
  Affine af{sol(0), sol(1), 0};
  if (!std::isfinite(af.a) || !std::isfinite(af.b)) return std::nullopt;
  if (std::fabs(af.a - 1.0) <= 0x1p-40) af.a = 1.0;
  if (std::fabs(af.b) <= 0x1p-40 * std::max(gmax, 1e-300)) af.b = 0.0;
  for (std::size_t k = 0; k < r.size(); ++k)
    af.residual = std::max(af.residual, w[k] * std::fabs(af.a * g[k] + af.b - c[k]));
  if (!(af.residual <= kFitTolerance)) return std::nullopt;
  return af;
}

// The starting core of a transplanted hole: the catalog's baseline core with its
// constants refitted to the new core function when that fits within 2^-24 (its shape
// suits e^(r - 1) as it suits e^r), else the cheapest polynomial P(r) that does, up to
// degree 12, else the closest of them all. A shape the new function does not suit
// (log2's r P(r), which is 0 at r = 0, for log2(x) + 0.5) is then not the start.
ir::Program starting_core(const ir::Program& catalog_core, const FitData& data) {
  if (data.r.empty()) return catalog_core;
  constexpr double kGood = 0x1p-24;
  const FitOptions fo;
  double err = std::numeric_limits<double>::infinity();
  ir::Program best = fit_constants(catalog_core, data, fo, &err);
  if (err <= kGood) return best;
  for (int k = 2; k <= 12; ++k) {
    double e = std::numeric_limits<double>::infinity();
    ir::Program p = fit_constants(poly_core(PolyShape{0, 1, k, 0}), data, fo, &e);
    if (e < err) {
      err = e;
      best = std::move(p);
    }
    if (e <= kGood) break;
  }
  return best;
}

enum class CoreFit { Fitted, Catalog, NoFit };

// The new hole (*out) for the solved values (r, c, w) of catalog hole `dh`:
//  - c = a g(r) + b with g the catalog core's own function (exp(x - 1): a = 1/e; 3 * 2^x:
//    a = 3; log2(x) + 1/2: b = 1/2), a reference exact on the whole interval; a = 1,
//    b = 0 is the catalog's hole itself (CoreFit::Catalog: keep it);
//  - else a Chebyshev series, known only where the sample puts r: it must reproduce
//    every value within kFitTolerance and leave no stretch over kMaxGap of the interval
//    uncovered (it would be extrapolated there, and the constant fitter fits the whole
//    interval); otherwise CoreFit::NoFit, and *why says what failed.
// Either way the interval is the one the sample reaches: the catalog's may hold a zero
// of the new function (log2's r = 2^-1/2 - 1 for log2(x) + 1/2) that the user's domain
// never produces, and a core is fitted relative to its own value. *residual grows to
// the fit's residual.
CoreFit fit_core_reference(const targets::Hole& dh, std::size_t h, const std::vector<double>& r,
                           const std::vector<double>& c, const std::vector<double>& w, double* residual,
                           targets::Hole* out, std::string* why) {
  const auto [lo, hi] = std::minmax_element(r.begin(), r.end());
  targets::Hole& nh = *out;
  nh = dh;
  nh.lo = *lo;
  nh.hi = *hi;
  nh.core_ref = eval::Reference{};
  if (std::optional<Affine> af = affine_of_catalog_core(dh, r, c, w)) {
    *residual = std::max(*residual, af->residual);
    if (af->a == 1.0 && af->b == 0.0) return CoreFit::Catalog;
    const eval::Reference g = dh.core_ref;
    const double a = af->a, b = af->b;
    nh.what = fmt::format("{:.9g} ({}) + {:.9g}", a, dh.what, b);
    nh.core_ref.fast = [g, a, b](double rr) { return a * g.fast(rr) + b; };
    return CoreFit::Fitted;
  }
  auto series = std::make_shared<Series>(fit_series(nh.lo, nh.hi, r, c, w));
  double worst = 0;
  std::size_t worst_i = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    const double e = w[i] * std::fabs((*series)(r[i]) - c[i]);
    if (!(e <= worst)) {
      worst = e;
      worst_i = i;
    }
  }
  *residual = std::max(*residual, worst);
  if (!(worst <= kFitTolerance)) {
    *why = fmt::format(
        "hole {}: the core values are not one function of r (at r = {} the best smooth fit "
        "is off by {:.3g} of the result; at most {:.3g} would fit)",
        h, num(r[worst_i]), worst, kFitTolerance);
    return CoreFit::NoFit;
  }
  std::vector<double> sorted = r;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i] - sorted[i - 1] > kMaxGap * (nh.hi - nh.lo)) {
      *why = fmt::format("hole {}: the sample leaves r in ({}, {}) uncovered, where the core's function is unknown",
                         h, num(sorted[i - 1]), num(sorted[i]));
      return CoreFit::NoFit;
    }
  }
  nh.what = "c(r) with its template's reduction";
  nh.core_ref.fast = [series](double rr) { return (*series)(rr); };
  return CoreFit::Fitted;
}

// The template with every core replaced by a constant (whose value run_f64 substitutes),
// and the constant's index for each hole.
struct Opened {
  Program with_consts;
  std::vector<std::uint32_t> const_of_hole;  // instruction index per hole
  std::vector<std::uint32_t> arg_of_hole;    // the core's argument per hole
};

std::optional<Opened> open_template(const Program& tmpl, std::size_t holes, std::string* why) {
  Opened o;
  o.with_consts = tmpl;
  o.const_of_hole.assign(holes, UINT32_MAX);
  o.arg_of_hole.assign(holes, 0);
  for (std::uint32_t i = 0; i < tmpl.code.size(); ++i) {
    const ir::Instr& in = tmpl.code[i];
    if (in.op != Op::Core) continue;
    if (in.imm >= holes || o.const_of_hole[in.imm] != UINT32_MAX) {
      *why = fmt::format("hole {} is evaluated at two arguments (a core used twice cannot be solved for)", in.imm);
      return std::nullopt;
    }
    o.const_of_hole[in.imm] = i;
    o.arg_of_hole[in.imm] = in.args[0];
    o.with_consts.code[i] = ir::Instr{Op::Const, {0, 0, 0}, ir::float_to_bits(1.0f)};
  }
  for (std::size_t h = 0; h < holes; ++h) {
    if (o.const_of_hole[h] == UINT32_MAX) {
      *why = fmt::format("hole {} is never used", h);
      return std::nullopt;
    }
  }
  return o;
}

std::optional<Transplant> transplant_on(const targets::Target& user, const Sample& s,
                                        const targets::Target& donor, double bound,
                                        std::string* why) {
  const std::size_t holes = donor.holes.size();
  const std::size_t n = s.x.size();
  if (holes == 0 || donor.baseline_cores.size() != holes) {
    *why = "the template has no holes";
    return std::nullopt;
  }
  std::optional<Opened> op = open_template(donor.tmpl, holes, why);
  if (!op) return std::nullopt;
  const Program& P = op->with_consts;
  const std::vector<std::uint32_t>& idx = op->const_of_hole;

  // Every hole's argument, and the result with every core at 1 and with one core at 1.5.
  std::vector<double> ones(holes, 1.0);
  std::vector<std::vector<double>> r(holes, std::vector<double>(n)), moved(holes, std::vector<double>(n));
  std::vector<double> base(n);
  eval::run_f64(P, idx, ones, s.xd.data(), base.data(), n);
  for (std::size_t h = 0; h < holes; ++h) {
    Program arg = P;
    arg.result = op->arg_of_hole[h];
    eval::run_f64(arg, idx, ones, s.xd.data(), r[h].data(), n);
    std::vector<double> c = ones;
    c[h] = 1.5;
    eval::run_f64(P, idx, c, s.xd.data(), moved[h].data(), n);
  }
  // The template's own results where no core is used (its special cases), in float32.
  std::vector<float> special(n);
  eval::run_f32(donor.baseline_kernel(), s.x.data(), special.data(), n);

  auto same = [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); };
  std::vector<std::vector<double>> hr(holes), hc(holes), hw(holes);
  std::vector<double> cv(holes);
  double out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double f = s.fx[i];
    int active = -1;
    for (std::size_t h = 0; h < holes; ++h) {
      if (same(moved[h][i], base[i])) continue;
      if (active >= 0) {
        *why = fmt::format("at x = {} the result takes holes {} and {} together", num(s.x[i]), active, h);
        return std::nullopt;
      }
      active = static_cast<int>(h);
    }
    if (active < 0) {
      // A special case of the template: its result must already be f(x).
      if (!(eval::ulp_error(special[i], f) <= bound)) {
        *why = fmt::format("at x = {} the template's special case gives {} where f(x) = {}", num(s.x[i]),
                           num(special[i]), num(f));
        return std::nullopt;
      }
      continue;
    }
    // Zero, infinite or NaN results are checked on the starting kernel below; they say
    // nothing about the core's value.
    if (!std::isfinite(f) || f == 0.0) continue;
    const auto h = static_cast<std::size_t>(active);
    const double rv = r[h][i];
    if (!std::isfinite(rv)) {
      *why = fmt::format("at x = {} the core's argument is {}", num(s.x[i]), num(rv));
      return std::nullopt;
    }
    auto g = [&](double c) {
      std::fill(cv.begin(), cv.end(), 1.0);
      cv[h] = c;
      eval::run_f64(P, idx, cv, &s.xd[i], &out, 1);
      return out;
    };
    double c = 1.0;
    if (donor.holes[h].core_ref.fast) {
      const double c0 = donor.holes[h].core_ref.fast(rv);
      if (std::isfinite(c0) && c0 != 0.0) c = c0;
    }
    // Newton's method with a forward difference: the result is affine in the core's
    // value for most templates (2^k c, k log 2 + c, -c), so one step usually solves it.
    double slope = 0;
    bool solved = false;
    for (int it = 0; it < 60 && !solved; ++it) {
      const double gc = g(c);
      const double e = gc - f;
      const double d = std::max(std::fabs(c), 0x1p-60) * 0x1p-20;
      slope = (g(c + d) - gc) / d;
      if (std::fabs(e) <= 0x1p-44 * std::fabs(f)) {
        solved = true;
        break;
      }
      if (!std::isfinite(slope) || slope == 0.0 || !std::isfinite(e)) break;
      c -= e / slope;
      if (!std::isfinite(c)) break;
    }
    if (!solved) {
      *why = fmt::format("at x = {} no core value gives f(x) = {}", num(s.x[i]), num(f));
      return std::nullopt;
    }
    const double w = std::fabs(slope / f);  // the result's relative change per unit of c
    if (!std::isfinite(w) || w == 0.0) continue;
    hr[h].push_back(rv);
    hc[h].push_back(c);
    hw[h].push_back(w);
  }

  std::size_t solved = 0;
  for (const std::vector<double>& v : hr) solved += v.size() >= 8 ? 1 : 0;
  if (solved == 0) {
    *why = "no hole gets 8 sampled inputs whose core value can be solved for (f is 0 or not finite there, "
           "or the domain has too few floats)";
    return std::nullopt;
  }

  Transplant t;
  t.donor = donor.name;
  t.target = user;
  t.target.tmpl = donor.tmpl;
  t.target.holes.clear();
  t.target.baseline_cores.clear();
  for (std::size_t h = 0; h < holes; ++h) {
    const targets::Hole& dh = donor.holes[h];
    targets::Hole nh;
    // Fewer than 8 solved inputs: the sample barely reaches this hole, which keeps the
    // catalog's core and interval (the search fits it against the whole kernel).
    const CoreFit fit = hr[h].size() < 8 ? CoreFit::Catalog
                                         : fit_core_reference(dh, h, hr[h], hc[h], hw[h], &t.fit_residual, &nh, why);
    if (fit == CoreFit::NoFit) return std::nullopt;
    if (fit == CoreFit::Catalog) {
      t.target.holes.push_back(dh);
      t.target.baseline_cores.push_back(donor.baseline_cores[h]);
      continue;
    }
    nh.core_ref.name = fmt::format("transplant:{}:{}:{}", donor.name, h, user.ref.name);
    ir::Program core = starting_core(donor.baseline_cores[h], make_fit_data(nh));
    t.target.holes.push_back(std::move(nh));
    t.target.baseline_cores.push_back(std::move(core));
  }
  t.target.start_from_baseline = true;
  const ir::Program kernel = t.target.baseline_kernel();
  eval::PointSet ps{s.x, s.fx};
  t.sampled_max_ulp = eval::score(kernel, ps).max_ulp;
  t.cost = ir::static_cost(kernel);
  t.target.summary = own_summary(user.summary) + " (template " + donor.name + ": its range reduction fits)";
  return t;
}

}  // namespace

std::optional<Transplant> transplant_template(const targets::Target& user, const targets::Target& donor,
                                              double bound, std::string* why_not) {
  std::string why;
  const Sample s = make_sample(user);
  std::optional<Transplant> t = transplant_on(user, s, donor, bound, &why);
  if (!t && why_not) *why_not = why;
  return t;
}

std::vector<TemplateChoice> choose_template(targets::Target& user, double bound) {
  const Sample s = make_sample(user);
  const eval::PointSet ps{s.x, s.fx};
  std::vector<TemplateChoice> tried;
  const ir::Program own = user.baseline_kernel();
  TemplateChoice mine;
  mine.name = user.start_from_baseline ? "compose" : "none";  // "auto" resolves to one of them
  mine.fits = true;
  mine.sampled_max_ulp = eval::score(own, ps).max_ulp;
  mine.cost = ir::static_cost(own);
  tried.push_back(mine);
  // A start within the bound is ranked by cost, one outside it by its error.
  auto key = [bound](const TemplateChoice& c) {
    return c.sampled_max_ulp <= bound ? std::pair{0.0, c.cost} : std::pair{1.0, c.sampled_max_ulp};
  };
  std::optional<Transplant> best;
  std::size_t best_i = 0;
  for (const targets::Target& donor : targets::catalog()) {
    TemplateChoice c;
    c.name = donor.name;
    std::optional<Transplant> t = transplant_on(user, s, donor, bound, &c.why_not);
    if (t) {
      c.fits = true;
      c.sampled_max_ulp = t->sampled_max_ulp;
      c.cost = t->cost;
    }
    tried.push_back(c);
    if (t && key(c) < key(tried[best_i])) {
      best_i = tried.size() - 1;
      best = std::move(t);
    }
  }
  if (best_i != 0) {
    user = std::move(best->target);
    std::rotate(tried.begin(), tried.begin() + static_cast<std::ptrdiff_t>(best_i),
                tried.begin() + static_cast<std::ptrdiff_t>(best_i) + 1);
  }
  return tried;
}

}  // namespace uf::engine
