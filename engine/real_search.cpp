#include "engine/real_search.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <optional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_set>

#include "engine/constopt.h"
#include "engine/mutation.h"
#include "engine/pole_chain.h"
#include "engine/real_certify.h"
#include "engine/rng.h"
#include "eval/interp.h"
#include "ir/apply.h"
#include "ir/bound.h"
#include "ir/passes.h"

namespace uf::engine {

namespace {

using ir::Op;
using Real = eval::Real;

std::vector<std::uint32_t> const_indices(const ir::Program& p) {
  std::vector<std::uint32_t> idx;
  for (std::uint32_t i = 0; i < p.size(); ++i) {
    if (p.code[i].op == Op::Const) idx.push_back(i);
  }
  return idx;
}

// Prints a program as an expression in x (an ir/apply.h domain over strings): the real
// search's programs use only + - * / (fma written a*b + c) and constants, which print
// as plain arithmetic whose decimal constants (17 significant digits) round-trip. Ops
// without an arithmetic form print as function calls.
struct ExprText {
  using Reg = std::uint32_t;
  using I = std::string;
  std::vector<std::string> v;
  std::vector<int> slot;  // per instruction: index into consts, or -1
  const std::vector<double>& consts;

  ExprText(const ir::Program& p, const std::vector<double>& c) : v(p.size()), slot(p.size(), -1), consts(c) {
    const auto idx = const_indices(p);
    for (std::size_t k = 0; k < idx.size() && k < c.size(); ++k) slot[idx[k]] = static_cast<int>(k);
  }
  std::string& f(Reg k) { return v[k]; }
  std::string& i(Reg k) { return v[k]; }
  static std::string call(const char* fn, const std::string& a) { return std::string(fn) + "(" + a + ")"; }
  static std::string call(const char* fn, const std::string& a, const std::string& b) {
    return std::string(fn) + "(" + a + ", " + b + ")";
  }
  static std::string decimal(double c) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", c);
    return buf;
  }
  void input(Reg o) { v[o] = "x"; }
  void constant(Reg o, std::uint32_t at, std::uint32_t bits) {
    v[o] = decimal(slot[at] >= 0 ? consts[static_cast<std::size_t>(slot[at])] : ir::bits_to_float(bits));
  }
  void core(Reg o) { v[o] = "core(x)"; }
  static void add(std::string& o, const std::string& a, const std::string& b) { o = "(" + a + " + " + b + ")"; }
  static void sub(std::string& o, const std::string& a, const std::string& b) { o = "(" + a + " - " + b + ")"; }
  static void mul(std::string& o, const std::string& a, const std::string& b) { o = a + "*" + b; }
  static void div(std::string& o, const std::string& a, const std::string& b) { o = a + "/(" + b + ")"; }
  static void fma(std::string& o, const std::string& a, const std::string& b, const std::string& c) {
    o = "(" + a + "*" + b + " + " + c + ")";
  }
  static void neg(std::string& o, const std::string& a) { o = "-" + a; }
  static void abs(std::string& o, const std::string& a) { o = call("abs", a); }
  static void sqrt(std::string& o, const std::string& a) { o = call("sqrt", a); }
  static void rint(std::string& o, const std::string& a) { o = call("rint", a); }
  static void i2f(std::string& o, const std::string& a) { o = a; }
  static void asfloat(std::string& o, const std::string& a) { o = call("asfloat", a); }
  static void select(std::string& o, const std::string& m, const std::string& a, const std::string& b) {
    o = "(" + m + " ? " + a + " : " + b + ")";
  }
  static void scale2(std::string& o, const std::string& a, const std::string& k) { o = a + "*" + call("exp2", k); }
  static I iconst(std::uint32_t bits) { return std::to_string(static_cast<std::int32_t>(bits)); }
  static I f2i(const I& a) { return call("trunc", a); }
  static I asint(const I& a) { return call("asint", a); }
  static I lt(const I& a, const I& b) { return "(" + a + " < " + b + ")"; }
  static I le(const I& a, const I& b) { return "(" + a + " <= " + b + ")"; }
  static I eq(const I& a, const I& b) { return "(" + a + " == " + b + ")"; }
  static I iadd(const I& a, const I& b) { return "(" + a + " + " + b + ")"; }
  static I isub(const I& a, const I& b) { return "(" + a + " - " + b + ")"; }
  static I imul(const I& a, const I& b) { return a + "*" + b; }
  static I shl(const I& a, const I& b) { return "(" + a + " << " + b + ")"; }
  static I shr(const I& a, const I& b) { return call("lshr", a, b); }
  static I sar(const I& a, const I& b) { return "(" + a + " >> " + b + ")"; }
  static I iand(const I& a, const I& b) { return "(" + a + " & " + b + ")"; }
  static I ior(const I& a, const I& b) { return "(" + a + " | " + b + ")"; }
  static I ixor(const I& a, const I& b) { return "(" + a + " ^ " + b + ")"; }
  static I inot(const I& a) { return "~" + a; }
  static I ilt(const I& a, const I& b) { return "(" + a + " < " + b + ")"; }
  static I ieq(const I& a, const I& b) { return "(" + a + " == " + b + ")"; }
  static I iselect(const I& m, const I& a, const I& b) { return "(" + m + " ? " + a + " : " + b + ")"; }
};

std::string expr_text(const ir::Program& p, const std::vector<double>& consts) {
  ExprText d(p, consts);
  for (std::uint32_t i = 0; i < p.size(); ++i) {
    const ir::Instr& in = p.code[i];
    ir::apply(d, i, in.args[0], in.args[1], in.args[2], in, i);
  }
  return d.v[p.result];
}

struct Checker {
  const eval::Reference& f;
  std::vector<Real> x, y;
  unsigned bits;
  Checker(const eval::Reference& fr, const RealSearchOptions& o) : f(fr), bits(o.bits) {
    Real::default_precision(static_cast<unsigned>(std::ceil(o.bits * 0.30103)));
    for (std::size_t i = 0; i < o.check_points; ++i) {
      Real xi = Real(o.lo) + (Real(o.hi) - Real(o.lo)) * Real(static_cast<double>(i)) /
                                 Real(static_cast<double>(o.check_points - 1));
      Real yi;
      f.exact(yi.backend().data(), xi.backend().data());
      x.push_back(xi);
      y.push_back(yi);
    }
  }
  double max_rel(const ir::Program& p, const std::vector<double>& c) const {
    std::vector<Real> px(x.size());
    eval::run_real(p, const_indices(p), c, x.data(), px.data(), x.size(), bits);
    double mx = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (y[i] == 0) continue;
      const Real e = abs((px[i] - y[i]) / y[i]);
      const double d = e.convert_to<double>();
      if (!(d <= 1e300)) return INFINITY;
      mx = std::max(mx, d);
    }
    return mx;
  }
};

// Fit points (Chebyshev extrema of [lo, hi]) whose reference is f's MPFR value at
// `bits`, held as a double-double g + g_lo, for fits below double's rounding noise.
FitData exact_fit_data(const eval::Reference& f, double lo, double hi, std::size_t n, unsigned bits) {
  FitData d;
  const unsigned digits = static_cast<unsigned>(std::ceil(bits * 0.30103)) + 1;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = std::cos(M_PI * static_cast<double>(i) / static_cast<double>(n - 1));
    const double r = 0.5 * (lo + hi) + 0.5 * (hi - lo) * t;
    Real x(r, digits), y(0, digits);
    f.exact(y.backend().data(), x.backend().data());
    const double g = y.convert_to<double>();
    if (!std::isfinite(g) || g == 0.0) continue;
    d.r.push_back(r);
    d.g.push_back(g);
    d.g_lo.push_back(static_cast<Real>(y - g).convert_to<double>());
    d.w.push_back(1.0 / std::fabs(g));
  }
  return d;
}

RealProgram finish(ir::Program p, std::vector<double> c, double fit_err, const Checker& chk,
                   int fma_cost) {
  RealProgram r;
  r.ops = real_cost(p, fma_cost);
  r.fit_error = fit_err;
  r.mpfr_error = chk.max_rel(p, c);
  r.text = expr_text(p, c);
  r.program = std::move(p);
  r.constants = std::move(c);
  return r;
}

// Horner polynomial of degree n in t = x - mid (fma form). Constants in instruction
// order: mid, then the coefficients from degree n down to 0.
ir::Program horner_program(int n, double mid) {
  ir::Builder b;
  auto t = b.emit(Op::Sub, b.input(), b.f(static_cast<float>(mid)));
  auto p = b.f(1.0f);
  for (int k = 0; k < n; ++k) p = b.emit(Op::Fma, p, t, b.f(1.0f));
  return std::move(b).finish(p);
}

// Rational N(t) / D(t) of degree (n, n) in t = x - mid, Horner, D monic. Constants in
// instruction order: mid, a_n .. a_0, b_{n-1} .. b_0 (D = t^n + b_{n-1} t^{n-1} + ...).
ir::Program rational_program(int n, double mid) {
  ir::Builder b;
  auto t = b.emit(Op::Sub, b.input(), b.f(static_cast<float>(mid)));
  auto p = b.f(1.0f);
  for (int k = 0; k < n; ++k) p = b.emit(Op::Fma, p, t, b.f(1.0f));
  auto q = b.emit(Op::Add, t, b.f(1.0f));
  for (int k = 1; k < n; ++k) q = b.emit(Op::Fma, q, t, b.f(1.0f));
  return std::move(b).finish(b.emit(Op::Div, p, q));
}

// Rational N(x) / D(x) of degree (n, n) in x itself (no shift), Horner, D monic:
// constants a_n .. a_0, b_{n-1} .. b_0. 4n operations (an fma counting 2).
ir::Program rational_program_x(int n) {
  ir::Builder b;
  const auto x = b.input();
  auto p = b.f(1.0f);
  for (int k = 0; k < n; ++k) p = b.emit(Op::Fma, p, x, b.f(1.0f));
  auto q = b.emit(Op::Add, x, b.f(1.0f));
  for (int k = 1; k < n; ++k) q = b.emit(Op::Fma, q, x, b.f(1.0f));
  return std::move(b).finish(b.emit(Op::Div, p, q));
}

// rational_program(n, mid)'s constants (without mid) as rational_program_x(n)'s: each
// polynomial in t = x - mid expanded in x (binomial sums).
std::vector<double> unshift_rational(const std::vector<double>& pc, int n, double mid) {
  const auto N = static_cast<std::size_t>(n);
  std::vector<double> out;
  const auto expand = [&](std::vector<double> desc) {  // coefficients from degree d down to 0
    const std::size_t d = desc.size() - 1;
    std::vector<double> asc(d + 1, 0.0);                // in x, ascending
    for (std::size_t k = 0; k <= d; ++k) {
      const double a = desc[d - k];  // coefficient of t^k
      double binom = 1;
      for (std::size_t j = 0; j <= k; ++j) {  // C(k, j) x^j (-mid)^(k-j)
        asc[j] += a * binom * std::pow(-mid, static_cast<double>(k - j));
        binom = binom * static_cast<double>(k - j) / static_cast<double>(j + 1);
      }
    }
    for (std::size_t k = d + 1; k-- > 0;) out.push_back(asc[k]);
  };
  expand(std::vector<double>(pc.begin(), pc.begin() + static_cast<std::ptrdiff_t>(N + 1)));
  std::vector<double> den(pc.begin() + static_cast<std::ptrdiff_t>(N + 1), pc.end());
  den.insert(den.begin(), 1.0);  // monic
  expand(den);
  out.erase(out.begin() + static_cast<std::ptrdiff_t>(N + 1));  // D's leading 1 is the x of `x + b`
  return out;
}

// The (n, n) Pade approximant from Taylor coefficients c_0 .. c_2n: the constants of
// rational_program(n, mid) after `mid`, or empty when the linear system is singular.
std::vector<double> pade_constants(const std::vector<double>& c, int n) {
  // q_0 = 1; sum_{j=0..n} q_j c_{k-j} = 0 for k = n+1 .. 2n (Gaussian elimination).
  const auto N = static_cast<std::size_t>(n);
  std::vector<std::vector<double>> a(N, std::vector<double>(N + 1));
  for (std::size_t r = 0; r < N; ++r) {
    const std::size_t k = N + 1 + r;
    for (std::size_t j = 1; j <= N; ++j) a[r][j - 1] = c[k - j];
    a[r][N] = -c[k];
  }
  for (std::size_t col = 0; col < N; ++col) {
    std::size_t piv = col;
    for (std::size_t r = col + 1; r < N; ++r)
      if (std::fabs(a[r][col]) > std::fabs(a[piv][col])) piv = r;
    if (!(std::fabs(a[piv][col]) > 1e-300)) return {};
    std::swap(a[col], a[piv]);
    for (std::size_t r = 0; r < N; ++r) {
      if (r == col) continue;
      const double f = a[r][col] / a[col][col];
      for (std::size_t k = col; k <= N; ++k) a[r][k] -= f * a[col][k];
    }
  }
  std::vector<double> q(N + 1, 1.0);
  for (std::size_t j = 1; j <= N; ++j) q[j] = a[j - 1][N] / a[j - 1][j - 1];
  std::vector<double> pc(N + 1, 0.0);
  for (std::size_t k = 0; k <= N; ++k)
    for (std::size_t j = 0; j <= k; ++j) pc[k] += q[j] * c[k - j];
  const double lead = q[N];  // D monic: divide N and D by q_n
  if (!(std::fabs(lead) > 1e-300)) return {};
  std::vector<double> out;
  for (std::size_t k = N + 1; k-- > 0;) out.push_back(pc[k] / lead);
  for (std::size_t k = N; k-- > 0;) out.push_back(q[k] / lead);
  return out;
}

}  // namespace

std::size_t real_cost(const ir::Program& p, int fma_cost) {
  std::size_t fmas = 0;
  const ir::Program live = ir::remove_dead_code(p);
  for (const ir::Instr& in : live.code) fmas += in.op == Op::Fma ? 1 : 0;
  return ir::op_count(live) + fmas * static_cast<std::size_t>(std::max(fma_cost - 1, 0));
}

RealSearchResult run_real_search(const eval::Reference& f, const RealSearchOptions& o,
                                 const std::function<double(int)>& taylor_coeff) {
  const auto t0 = std::chrono::steady_clock::now();
  targets::Hole hole;
  hole.lo = o.lo;
  hole.hi = o.hi;
  hole.core_ref = f;
  const FitData fit = make_fit_data(hole, o.fit_points);
  FitOptions fo;
  fo.lawson_iterations = 30;
  fo.nlopt_max_evals_per_const = 200;
  fo.minimax_polish_evals = o.minimax_polish_evals;
  // Fits from a pole-chain start: Levenberg-Marquardt steps in log |c| (the start has
  // the constants' signs and scales right; the plain fit must be free to cross zero).
  // The interval's ends and its fit points, sorted: where poles are looked for.
  std::vector<double> pole_grid = fit.r;
  pole_grid.push_back(o.lo);
  pole_grid.push_back(o.hi);
  std::sort(pole_grid.begin(), pole_grid.end());
  FitOptions fo_chain = fo;
  fo_chain.damped = true;
  const Checker chk(f, o);
  RealSearchResult res;

  struct Member {
    ir::Program p;
    std::vector<double> c;
    double err;
    std::size_t ops;
    double found = 0;  // seconds into the run when this program was fitted
  };
  auto fitted = [&](const ir::Program& p) {
    Member m{p, {}, 0, real_cost(p, o.fma_cost),
             std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()};
    auto idx = const_indices(m.p);
    fit_constants(m.p, fit, fo, &m.err, &m.c);
    if (!std::isfinite(m.err)) m.err = INFINITY;
    // A program with pole chains is fitted a second time from the chains' rational
    // least-squares start (engine/pole_chain.h); the better fit is kept.
    std::vector<double> start;
    for (std::uint32_t i : idx) start.push_back(ir::bits_to_float(m.p.code[i].imm));
    if (pole_chain_start(m.p, fit, start)) {
      double e = INFINITY;
      std::vector<double> c;
      fit_constants(m.p, fit, fo_chain, &e, &c, &start);
      if (e < m.err && c.size() == idx.size()) {
        m.err = e;
        m.c = std::move(c);
      }
    }
    if (m.c.empty()) {
      for (std::uint32_t i : idx) m.c.push_back(ir::bits_to_float(m.p.code[i].imm));
    }
    if (!std::isfinite(m.err)) m.err = INFINITY;
    // A pole inside the interval (a denominator changing sign between fit points) is
    // refused: such a program can score well on samples and has no certificate.
    if (std::isfinite(m.err) && has_pole_between(m.p, m.c, pole_grid)) m.err = INFINITY;
    // Store the constants (rounded) in the program so that mutations start from them.
    for (std::size_t k = 0; k < idx.size() && k < m.c.size(); ++k) {
      const float v = static_cast<float>(m.c[k]);
      if (std::isfinite(v)) m.p.code[idx[k]].imm = ir::float_to_bits(v);
    }
    return m;
  };

  // Regularised evolution, single-threaded (fits in double are cheap). Besides random
  // edits, structure steps: a constant deepens a Horner chain or a continued fraction,
  // the even/odd ratio (S + x) / (S - x), and squaring the result.
  const bool has_fma = std::find(o.ops.begin(), o.ops.end(), Op::Fma) != o.ops.end();
  const bool has_div = std::find(o.ops.begin(), o.ops.end(), Op::Div) != o.ops.end();
  const bool has_addsub = std::find(o.ops.begin(), o.ops.end(), Op::Add) != o.ops.end() &&
                          std::find(o.ops.begin(), o.ops.end(), Op::Sub) != o.ops.end();
  const bool has_mul = std::find(o.ops.begin(), o.ops.end(), Op::Mul) != o.ops.end();
  const std::size_t max_size = o.max_ops * 2 + 2;
  InsertOp ins;
  ins.ops = o.ops;
  ins.max_size = max_size;
  ChangeOp chg;
  chg.ops = o.ops;
  ExpandConstant grow;
  grow.forms.clear();
  if (has_fma) grow.forms.push_back(ExpandConstant::Form::Fma);
  if (has_mul && has_addsub) grow.forms.push_back(ExpandConstant::Form::MulAdd);
  if (has_div && has_addsub) grow.forms.push_back(ExpandConstant::Form::Divide);
  grow.max_size = max_size;
  // Poles on their own entry: a (k, k) rational gains two degrees per step, and with
  // the pole-chain start (engine/pole_chain.h) each such step is fitted to its best.
  ExpandConstant pole;
  pole.forms = {ExpandConstant::Form::Pole};
  pole.max_size = max_size;
  pole.all_uses = 0.5;
  pole.square_input = 0.7;
  MutationMix mix;
  mix.entries = {{0.25, ins}, {0.1, RemoveOp{}}, {0.1, RewireOperand{}}, {0.1, chg}};
  if (!grow.forms.empty()) mix.entries.push_back({0.12, grow});
  if (has_div && has_addsub) mix.entries.push_back({0.18, pole});
  if (has_div && has_addsub) mix.entries.push_back({0.08, SymmetricRatio{max_size}});
  if (has_mul) mix.entries.push_back({0.07, SquareResult{max_size}});
  Rng rng(o.seed, 0);
  std::vector<Member> pop;
  pop.push_back(fitted(ir::identity_program()));
  // Per-cost elite pools (the `niche` best distinct structures at each cost): half the
  // parents come from them, a cost drawn uniformly, so every size keeps evolving.
  // Selection by error alone drifts the population to the largest costs, where errors
  // are lowest, and leaves a size such as 10 operations with what passed by on the way.
  std::vector<std::vector<Member>> pools(o.max_ops + 1);
  auto pool_insert = [&](const Member& m) {
    if (m.ops > o.max_ops || !std::isfinite(m.err)) return;
    auto& pool = pools[m.ops];
    if (pool.size() < o.niche) {
      pool.push_back(m);
      return;
    }
    auto worst = std::max_element(pool.begin(), pool.end(), [](const Member& a, const Member& b) { return a.err < b.err; });
    if (m.err < worst->err) *worst = m;
  };
  pool_insert(pop.front());
  std::unordered_set<std::uint64_t> seen;
  const auto allowed = [&](const ir::Program& p) {
    for (const ir::Instr& in : p.code)
      if (in.op != Op::Input && in.op != Op::Const && std::find(o.ops.begin(), o.ops.end(), in.op) == o.ops.end()) return false;
    return true;
  };
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < o.time_limit) {
    const ir::Program* parent = nullptr;
    if (rng.chance(o.niche_parents)) {
      std::vector<std::size_t> costs;
      for (std::size_t c = 0; c < pools.size(); ++c)
        if (!pools[c].empty()) costs.push_back(c);
      const auto& pool = pools[costs[rng.below(static_cast<std::uint32_t>(costs.size()))]];
      const std::size_t a = rng.below(static_cast<std::uint32_t>(pool.size()));
      const std::size_t b = rng.below(static_cast<std::uint32_t>(pool.size()));
      parent = &pool[pool[b].err < pool[a].err ? b : a].p;
    } else {
      // Tournament: lowest error among programs within the cost budget.
      std::size_t best = rng.below(pop.size());
      for (int k = 1; k < o.tournament; ++k) {
        const std::size_t c = rng.below(pop.size());
        if (pop[c].err < pop[best].err) best = c;
      }
      parent = &pop[best].p;
    }
    ir::Program child = mix(rng, *parent);
    if (real_cost(child, o.fma_cost) > o.max_ops || !allowed(child) ||
        !seen.insert(ir::structural_hash(child)).second)
      continue;
    Member m = fitted(child);
    ++res.evaluations;
    pool_insert(m);
    pop.push_back(std::move(m));
    if (pop.size() > o.population) pop.erase(pop.begin());
  }
  // The front, per cost: the pool's programs in order of fitted error, each polished
  // (the high-precision Remez exchange of engine/constopt.h, residuals in MPFR against
  // an exact reference, on a denser grid: the search's double fits stop near 1e-13 on
  // 10-op rationals, their minimax can be 100x lower), checked in MPFR and certified
  // (MPFI); the first with a certificate is taken, or after `front_tries` without one
  // the first. A cost is kept only if its MPFR error beats every smaller cost's.
  const bool can_certify = certifiable_function(f.name);
  const FitData dense = exact_fit_data(f, o.lo, o.hi, o.fit_points * 4, o.bits);
  FitOptions po = fo;
  po.remez_cycles = o.polish_cycles;
  po.remez_bits = o.bits;
  po.real_bits = o.bits;
  po.lawson_iterations = 0;
  po.nlopt_max_evals_per_const = 0;
  po.minimax_polish_evals = 0;
  double best_err = INFINITY;
  for (auto& pool : pools) {
    std::sort(pool.begin(), pool.end(), [](const Member& a, const Member& b) { return a.err < b.err; });
    std::optional<RealProgram> chosen, fallback;
    for (std::size_t k = 0; k < pool.size() && k < o.front_tries && !chosen; ++k) {
      Member m = pool[k];
      if (!std::isfinite(m.err)) continue;
      if (o.polish_cycles > 0 && !m.c.empty()) {
        double e = INFINITY;
        std::vector<double> c;
        fit_constants(m.p, dense, po, &e, &c, &m.c);
        if (c.size() == m.c.size() && std::isfinite(e) && !has_pole_between(m.p, c, pole_grid)) m.c = c;
      }
      RealProgram rp = finish(m.p, m.c, m.err, chk, o.fma_cost);
      rp.found_seconds = m.found;
      if (!std::isfinite(rp.mpfr_error)) continue;
      if (!can_certify) {
        chosen = std::move(rp);
        break;
      }
      if (auto cert = certify_relative_error(rp.program, rp.constants, f.name, o.lo, o.hi, rp.mpfr_error)) {
        rp.certified = cert->bound;
        rp.certify_boxes = cert->boxes;
        chosen = std::move(rp);
      } else if (!fallback) {
        fallback = std::move(rp);
      }
    }
    if (!chosen) chosen = std::move(fallback);
    if (!chosen) continue;
    if (!(chosen->mpfr_error < best_err)) continue;
    best_err = chosen->mpfr_error;
    res.front.push_back(std::move(*chosen));
  }
  // Baselines at each degree whose cost fits: Taylor and Pade about the midpoint, the
  // near-minimax polynomial (Horner in x, linear in its coefficients, so Lawson
  // converges to the minimax solution), and the rational minimax (n, n) from the Pade
  // approximant by the Remez exchange.
  const double mid = 0.5 * (o.lo + o.hi);
  for (int n = 1; n <= static_cast<int>(o.max_ops); ++n) {
    const ir::Program h = horner_program(n, mid);
    if (taylor_coeff && real_cost(h, o.fma_cost) <= o.max_ops) {
      std::vector<double> c{mid};
      for (int k = n; k >= 0; --k) c.push_back(taylor_coeff(k));
      res.taylor.push_back(finish(h, c, NAN, chk, o.fma_cost));
    }
    ir::Builder hb;
    auto q = hb.f(1.0f);
    for (int k = 0; k < n; ++k) q = hb.emit(Op::Fma, q, hb.input(), hb.f(1.0f));
    const ir::Program mp = std::move(hb).finish(q);
    if (real_cost(mp, o.fma_cost) <= o.max_ops) {
      Member mm = fitted(mp);
      res.minimax.push_back(finish(mm.p, mm.c, mm.err, chk, o.fma_cost));
    }
    const ir::Program rp = rational_program(n, mid);
    const ir::Program rx = rational_program_x(n);
    if (!taylor_coeff || real_cost(rx, o.fma_cost) > o.max_ops) continue;
    std::vector<double> tc;
    for (int k = 0; k <= 2 * n; ++k) tc.push_back(taylor_coeff(k));
    std::vector<double> pc = pade_constants(tc, n);
    if (pc.empty()) continue;
    // Rational minimax (n, n): the Pade approximant, in x, refitted by the MPFR Remez
    // exchange (its coefficients are well conditioned: no poles among the constants).
    if (o.polish_cycles > 0) {
      const std::vector<double> start = unshift_rational(pc, n, mid);
      double e = INFINITY;
      std::vector<double> c;
      fit_constants(rx, dense, po, &e, &c, &start);
      if (c.size() == start.size() && std::isfinite(e) && !has_pole_between(rx, c, pole_grid))
        res.rational_minimax.push_back(finish(rx, c, e, chk, o.fma_cost));
    }
    pc.insert(pc.begin(), mid);
    if (real_cost(rp, o.fma_cost) <= o.max_ops) res.pade.push_back(finish(rp, pc, NAN, chk, o.fma_cost));
  }
  res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

std::string real_result_markdown(const RealSearchResult& r, const RealSearchOptions& o) {
  std::ostringstream md;
  md << "| cost | search | search, certified | Taylor | minimax polynomial | Pade (n,n) | rational minimax (n,n) |\n"
        "|---|---|---|---|---|---|---|\n";
  for (std::size_t ops = 1; ops <= o.max_ops; ++ops) {
    // `certified`: the rigorous bound, rounded up to 3 digits (never down).
    auto find = [&](const std::vector<RealProgram>& v, bool certified = false) -> std::string {
      for (const auto& p : v) {
        if (p.ops == ops) {
          if (certified && p.certified < 0) return "";
          char buf[32];
          if (certified) return ir::format_bound_up(p.certified, 3);
          std::snprintf(buf, sizeof buf, "%.3g", p.mpfr_error);
          return buf;
        }
      }
      return "";
    };
    const std::string cols[] = {find(r.front), find(r.front, true), find(r.taylor), find(r.minimax), find(r.pade),
                                find(r.rational_minimax)};
    if (std::all_of(std::begin(cols), std::end(cols), [](const std::string& s) { return s.empty(); })) continue;
    md << "| " << ops;
    for (const auto& s : cols) md << " | " << s;
    md << " |\n";
  }
  return md.str();
}

std::string real_result_json(const RealSearchResult& r, const std::string& function,
                             const RealSearchOptions& o) {
  using json = nlohmann::json;
  auto list = [](const std::vector<RealProgram>& v) {
    json a = json::array();
    for (const auto& p : v) {
      a.push_back(json{{"ops", p.ops},
                       {"max_rel_error", std::isfinite(p.mpfr_error) ? json(p.mpfr_error) : json(nullptr)},
                       {"significant_digits", p.mpfr_error > 0 ? json(-std::log10(p.mpfr_error)) : json(nullptr)},
                       {"certified_max_rel_error", p.certified >= 0 ? json(p.certified) : json(nullptr)},
                       {"certify_boxes", p.certify_boxes},
                       {"found_after_seconds", p.found_seconds},
                       {"expression", p.text}});
    }
    return a;
  };
  json j{{"function", function},
         {"interval", {o.lo, o.hi}},
         {"mpfr_bits", o.bits},
         {"check_points", o.check_points},
         {"seed", o.seed},
         {"search_seconds", r.seconds},
         {"time_limit_seconds", o.time_limit},
         {"evaluations", r.evaluations},
         {"front", list(r.front)},
         {"taylor", list(r.taylor)},
         {"minimax_lawson", list(r.minimax)},
         {"pade", list(r.pade)},
         {"rational_minimax", list(r.rational_minimax)},
         {"cost", {{"ops", [&] {
                      json a = json::array();
                      for (ir::Op op : o.ops) a.push_back(std::string(ir::info(op).name));
                      return a;
                    }()},
                    {"fma_counts", o.fma_cost}}}};
  return j.dump(2) + "\n";
}

}  // namespace uf::engine
