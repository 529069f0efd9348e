#include "engine/constopt.h"

#include <nlopt.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "eval/interp.h"
#include "eval/ulp.h"
#include "ir/passes.h"

namespace uf::engine {

using ir::Op;
using ir::Program;

std::optional<double> core_reference(const targets::Hole& hole, double r) {
  if (hole.core_ref.fast) return hole.core_ref.fast(r);
  if (hole.core_ref.exact) return eval::exact_to_double(hole.core_ref, static_cast<float>(r));
  return std::nullopt;
}

FitData make_fit_data(const targets::Hole& hole, std::size_t n) {
  FitData d;
  const double lo = hole.lo, hi = hole.hi;
  if (!(lo <= hi) || !std::isfinite(lo) || !std::isfinite(hi) || n < 2) return d;
  for (std::size_t i = 0; i < n; ++i) {
    // Chebyshev extrema (endpoints included): where minimax errors equioscillate.
    const double t = std::cos(M_PI * static_cast<double>(i) / static_cast<double>(n - 1));
    const double r = 0.5 * (lo + hi) + 0.5 * (hi - lo) * t;
    const std::optional<double> ref = core_reference(hole, r);
    if (!ref) return FitData{};
    const double g = *ref;
    const double s = hole.scale ? hole.scale(r) : g;
    if (!std::isfinite(g) || g == 0.0 || !std::isfinite(s) || s == 0.0) continue;
    d.r.push_back(r);
    d.g.push_back(g);
    d.w.push_back(1.0 / std::fabs(s));
  }
  return d;
}

void eval_core_f64(const Program& core, std::span<const std::uint32_t> const_idx,
                   std::span<const double> c, std::span<const double> r,
                   std::vector<double>& out) {
  out.resize(r.size());
  eval::run_f64(core, const_idx, c, r.data(), out.data(), r.size());
}

namespace {

// Least squares min ||A x - b|| by Householder QR; A is m x n column-major (m >= n).
// Columns that become numerically dependent get x = 0.
std::vector<double> lsq_solve(std::vector<double> A, std::vector<double> b, std::size_t m,
                              std::size_t n) {
  std::vector<double> x(n, 0.0);
  std::vector<double> diag(n, 0.0);
  double anorm = 0;
  for (double a : A) anorm = std::max(anorm, std::fabs(a));
  for (std::size_t k = 0; k < n && k < m; ++k) {
    double* col = &A[k * m];
    double norm = 0;
    for (std::size_t i = k; i < m; ++i) norm += col[i] * col[i];
    norm = std::sqrt(norm);
    if (norm <= 1e-14 * anorm || norm == 0) {
      diag[k] = 0;
      continue;
    }
    const double alpha = col[k] > 0 ? -norm : norm;
    col[k] -= alpha;  // v = col - alpha e_k, stored in col[k..m)
    double vnorm2 = 0;
    for (std::size_t i = k; i < m; ++i) vnorm2 += col[i] * col[i];
    for (std::size_t j = k + 1; j < n; ++j) {
      double* cj = &A[j * m];
      double dot = 0;
      for (std::size_t i = k; i < m; ++i) dot += col[i] * cj[i];
      const double f = 2 * dot / vnorm2;
      for (std::size_t i = k; i < m; ++i) cj[i] -= f * col[i];
    }
    double dot = 0;
    for (std::size_t i = k; i < m; ++i) dot += col[i] * b[i];
    const double f = 2 * dot / vnorm2;
    for (std::size_t i = k; i < m; ++i) b[i] -= f * col[i];
    diag[k] = alpha;
  }
  for (std::size_t kk = std::min(n, m); kk-- > 0;) {
    if (diag[kk] == 0) continue;
    double s = b[kk];
    for (std::size_t j = kk + 1; j < n; ++j) s -= A[j * m + kk] * x[j];
    x[kk] = s / diag[kk];
  }
  return x;
}

struct Residual {
  const Program& core;
  const std::vector<std::uint32_t>& idx;
  const FitData& d;
  unsigned real_bits = 0;
  mutable std::vector<double> y;
  mutable std::vector<eval::Real> rx, ry;
  // res_i = (core(r_i) - g_i) / |g_i|; returns the max |res_i| (inf if non-finite).
  double operator()(std::span<const double> c, std::vector<double>& res) const {
    if (real_bits > 0) return real(c, res);
    eval_core_f64(core, idx, c, d.r, y);
    res.resize(y.size());
    double mx = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
      res[i] = (y[i] - d.g[i]) * d.w[i];
      const double a = std::fabs(res[i]);
      if (!(a <= std::numeric_limits<double>::max())) return std::numeric_limits<double>::infinity();
      mx = std::max(mx, a);
    }
    return mx;
  }
  // The same residual with the program evaluated in MPFR at real_bits (each r_i and
  // constant is a double, so exact), against the reference g_i + g_lo_i.
  double real(std::span<const double> c, std::vector<double>& res) const {
    const std::size_t m = d.r.size();
    const auto digits = static_cast<unsigned>(std::ceil(real_bits * 0.30103)) + 1;
    if (rx.size() != m) {
      rx.assign(m, eval::Real(0, digits));
      ry.assign(m, eval::Real(0, digits));
      for (std::size_t i = 0; i < m; ++i) rx[i] = eval::Real(d.r[i], digits);
    }
    eval::run_real(core, idx, c, rx.data(), ry.data(), m, real_bits);
    res.resize(m);
    double mx = 0;
    eval::Real e(0, digits);
    for (std::size_t i = 0; i < m; ++i) {
      e = ry[i] - d.g[i];
      if (i < d.g_lo.size()) e -= d.g_lo[i];
      e *= d.w[i];
      res[i] = e.convert_to<double>();
      const double a = std::fabs(res[i]);
      if (!(a <= std::numeric_limits<double>::max())) return std::numeric_limits<double>::infinity();
      mx = std::max(mx, a);
    }
    return mx;
  }
};

struct NloptCtx {
  const Residual* f;
  std::vector<double> res;
};

double nlopt_objective(unsigned n, const double* x, double*, void* data) {
  auto* ctx = static_cast<NloptCtx*>(data);
  const double v = (*ctx->f)(std::span<const double>(x, n), ctx->res);
  return std::isfinite(v) ? v : 1e300;
}

// The minimax polish (FitOptions::minimax_polish_evals): the constants and a level t,
// minimising t subject to -t <= res_i(c) <= t, by NLopt's SLSQP with forward-difference
// gradients. Near a minimax solution this converges where Lawson's reweighting stalls
// (constants that enter non-linearly, e.g. a shift or a divisor).
struct MinimaxCtx {
  const Residual* f;
  double scale;  // 1 / the starting max |res|: the level and the constraints are O(1)
  std::vector<double> res, res2, cp;
  std::vector<double> unit;  // constant k = x[k] * unit[k]: every variable O(1)
  std::vector<double> cx;
};

double minimax_level(unsigned nn, const double* x, double* grad, void*) {
  if (grad) {
    std::fill(grad, grad + nn, 0.0);
    grad[nn - 1] = 1.0;
  }
  return x[nn - 1];
}

void minimax_constraints(unsigned mm, double* result, unsigned nn, const double* x, double* grad,
                         void* data) {
  auto* ctx = static_cast<MinimaxCtx*>(data);
  const std::size_t n = nn - 1, m = mm / 2;
  const double t = x[n];
  const double big = 1e300;
  ctx->cx.resize(n);
  for (std::size_t k = 0; k < n; ++k) ctx->cx[k] = x[k] * ctx->unit[k];
  // Residual stops at the first non-finite entry (the rest is stale): then every
  // constraint is violated and no gradient is trusted.
  const bool ok = std::isfinite((*ctx->f)(ctx->cx, ctx->res));
  for (std::size_t i = 0; i < m; ++i) {
    const double r = ok ? ctx->res[i] * ctx->scale : big;
    result[i] = r - t;
    result[m + i] = -r - t;
  }
  if (!grad) return;
  for (std::size_t k = 0; k < n; ++k) {
    ctx->cp = ctx->cx;
    const double h = 1e-7 * std::max(std::fabs(x[k]), 1e-3);
    ctx->cp[k] += h * ctx->unit[k];
    const bool ok2 = ok && std::isfinite((*ctx->f)(ctx->cp, ctx->res2));
    for (std::size_t i = 0; i < m; ++i) {
      double g = ok2 ? (ctx->res2[i] - ctx->res[i]) / h * ctx->scale : 0.0;
      if (!std::isfinite(g)) g = 0.0;
      grad[i * nn + k] = g;
      grad[(m + i) * nn + k] = -g;
    }
  }
  for (std::size_t i = 0; i < m; ++i) {
    grad[i * nn + n] = -1.0;
    grad[(m + i) * nn + n] = -1.0;
  }
}

// Picks n + 1 sign-alternating extrema of res (in point order): the largest |res| of each
// run of one sign, then drops the smallest until n + 1 remain, keeping the alternation
// (an interior drop takes its smaller neighbour with it). Empty when there are fewer.
std::vector<std::size_t> alternating_extrema(const std::vector<double>& res, std::size_t want) {
  std::vector<std::size_t> ext;
  for (std::size_t i = 0; i < res.size(); ++i) {
    if (res[i] == 0) continue;
    if (!ext.empty() && (res[ext.back()] > 0) == (res[i] > 0)) {
      if (std::fabs(res[i]) > std::fabs(res[ext.back()])) ext.back() = i;
    } else {
      ext.push_back(i);
    }
  }
  while (ext.size() > want) {
    std::size_t j = 0;
    for (std::size_t k = 1; k < ext.size(); ++k)
      if (std::fabs(res[ext[k]]) < std::fabs(res[ext[j]])) j = k;
    if (j == 0 || j + 1 == ext.size() || ext.size() == want + 1) {
      // An end, or one too many: drop the smaller end (alternation is kept).
      if (j != 0 && j + 1 != ext.size()) j = std::fabs(res[ext.front()]) < std::fabs(res[ext.back()]) ? 0 : ext.size() - 1;
      ext.erase(ext.begin() + static_cast<std::ptrdiff_t>(j));
    } else {
      const std::size_t nb = std::fabs(res[ext[j - 1]]) < std::fabs(res[ext[j + 1]]) ? j - 1 : j + 1;
      ext.erase(ext.begin() + static_cast<std::ptrdiff_t>(std::max(j, nb)));
      ext.erase(ext.begin() + static_cast<std::ptrdiff_t>(std::min(j, nb)));
    }
  }
  if (ext.size() < want) ext.clear();
  return ext;
}

// The fit residual with the program evaluated in MPFR at `bits` and the constants held
// above double precision (the Remez iteration below moves constants by less than a
// double's ulp: 10-op rationals for errors near 1e-15 have Jacobians with condition
// numbers near 1e16 in their constants).
struct HpResidual {
  const Program& core;
  const std::vector<std::uint32_t>& idx;
  const FitData& d;
  unsigned bits;
  std::vector<eval::Real> rx, ry;
  HpResidual(const Program& p, const std::vector<std::uint32_t>& i, const FitData& data, unsigned b)
      : core(p), idx(i), d(data), bits(b) {
    const unsigned digits = static_cast<unsigned>(std::ceil(bits * 0.30103)) + 1;
    rx.assign(d.r.size(), eval::Real(0, digits));
    ry.assign(d.r.size(), eval::Real(0, digits));
    for (std::size_t i = 0; i < d.r.size(); ++i) rx[i] = eval::Real(d.r[i], digits);
  }
  // res_i = (core(r_i) - g_i - g_lo_i) * w_i; false when some value is not finite.
  bool operator()(const std::vector<eval::Real>& c, std::vector<eval::Real>& res) {
    eval::run_real_hp(core, idx, c, rx.data(), ry.data(), rx.size(), bits);
    res.resize(rx.size());
    for (std::size_t i = 0; i < rx.size(); ++i) {
      res[i] = ry[i] - d.g[i];
      if (i < d.g_lo.size()) res[i] -= d.g_lo[i];
      res[i] *= d.w[i];
      if (!boost::multiprecision::isfinite(res[i])) return false;
    }
    return true;
  }
};

// Solves A z = b (A n x n, row-major) by Gaussian elimination with partial pivoting, in
// the precision of the entries; false when A is singular.
bool solve_dense(std::vector<eval::Real> A, std::vector<eval::Real> b, std::size_t n,
                 std::vector<eval::Real>& z) {
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t piv = col;
    for (std::size_t r = col + 1; r < n; ++r)
      if (abs(A[r * n + col]) > abs(A[piv * n + col])) piv = r;
    if (A[piv * n + col] == 0) return false;
    if (piv != col) {
      for (std::size_t k = 0; k < n; ++k) std::swap(A[piv * n + k], A[col * n + k]);
      std::swap(b[piv], b[col]);
    }
    for (std::size_t r = col + 1; r < n; ++r) {
      const eval::Real f = A[r * n + col] / A[col * n + col];
      if (f == 0) continue;
      for (std::size_t k = col; k < n; ++k) A[r * n + k] -= f * A[col * n + k];
      b[r] -= f * b[col];
    }
  }
  z.assign(n, eval::Real(0));
  for (std::size_t r = n; r-- > 0;) {
    eval::Real sum = b[r];
    for (std::size_t k = r + 1; k < n; ++k) sum -= A[r * n + k] * z[k];
    z[r] = sum / A[r * n + r];
  }
  return true;
}

// Remez exchange on the fit points: solve res(x_j; c) = s_j E (alternating signs s_j) at
// n + 1 reference points by Newton's method, then move the reference to the new
// extrema. At a minimax solution of a family with the alternation property the error
// equioscillates at n + 1 points; Lawson's reweighting converges to it linearly and
// slowly, this quadratically from a close start. It runs in MPFR at `bits` with the
// constants above double precision, and rounds them to double at the end of each cycle.
// The first reference is the current error's alternating extrema (`spread` < 0) or,
// when the error does not alternate enough yet, n + 1 points spread evenly over the
// interval (spread 0: both ends, 1: the low end left out, 2: the high end left out: a
// form whose error is pinned to 0 at an end, such as P(0) = f(0), cannot level there).
// Points where no constant moves the error are never used. `f` scores the rounded
// constants; returns true if that lowered best_err.
bool remez_polish(const Program& core, const std::vector<std::uint32_t>& idx, const FitData& d,
                  const Residual& f, int cycles, int spread, unsigned bits, std::vector<double>& best,
                  double& best_err) {
  using eval::Real;
  const std::size_t n = idx.size(), m = d.r.size(), N = n + 1;
  if (m < n + 2 || n == 0) return false;
  const unsigned digits = static_cast<unsigned>(std::ceil(bits * 0.30103)) + 1;
  HpResidual hf(core, idx, d, bits);
  std::vector<Real> c;
  for (double v : best) c.emplace_back(v, digits);
  std::vector<Real> res, rp;
  std::vector<double> rd(m), dres;
  bool improved = false;
  const Real hrel = ldexp(Real(1, digits), -static_cast<int>(bits / 2));
  for (int cyc = 0; cyc < cycles; ++cyc) {
    if (!hf(c, res)) break;
    for (std::size_t i = 0; i < m; ++i) rd[i] = res[i].convert_to<double>();
    // Points where no constant moves the error (e.g. x = 0 for P(0) = f(0) built in).
    std::vector<double> jn(m, 0.0);
    for (std::size_t k = 0; k < n; ++k) {
      std::vector<Real> cp = c;
      cp[k] += hrel * max(abs(c[k]), Real(1e-3));
      if (!hf(cp, rp)) return improved;
      for (std::size_t i = 0; i < m; ++i) jn[i] = std::max(jn[i], std::fabs((rp[i] - res[i]).convert_to<double>()));
    }
    const double jmax = *std::max_element(jn.begin(), jn.end());
    std::vector<std::size_t> live;
    std::vector<double> live_res;
    for (std::size_t i = 0; i < m; ++i)
      if (jn[i] > 1e-9 * jmax) {
        live.push_back(i);
        live_res.push_back(rd[i]);
      }
    if (live.size() < n + 2) break;
    std::vector<std::size_t> ref;
    std::vector<double> sgn(N);
    if (cyc > 0 || spread < 0) {
      ref = alternating_extrema(live_res, N);
      if (ref.empty()) break;
      for (std::size_t& j : ref) j = live[j];
      for (std::size_t j = 0; j < N; ++j) sgn[j] = rd[ref[j]] > 0 ? 1.0 : -1.0;
    } else {
      const double lo = std::min(d.r[live.front()], d.r[live.back()]);
      const double hi = std::max(d.r[live.front()], d.r[live.back()]);
      const double parts = spread == 0 ? static_cast<double>(n) : static_cast<double>(N);
      for (std::size_t j = 0; j < N; ++j) {
        const double t = (static_cast<double>(j) + (spread == 1 ? 1.0 : 0.0)) / parts;
        const double x = lo + (hi - lo) * t;
        std::size_t at = live[0];
        for (std::size_t i : live)
          if (std::fabs(d.r[i] - x) < std::fabs(d.r[at] - x)) at = i;
        if (std::find(ref.begin(), ref.end(), at) != ref.end()) return improved;
        ref.push_back(at);
      }
      std::sort(ref.begin(), ref.end());
      for (std::size_t j = 0; j < N; ++j) sgn[j] = j % 2 == 0 ? 1.0 : -1.0;  // E takes the sign
    }
    FitData sub;
    for (std::size_t j : ref) {
      sub.r.push_back(d.r[j]);
      sub.g.push_back(d.g[j]);
      sub.w.push_back(d.w[j]);
      if (j < d.g_lo.size()) sub.g_lo.push_back(d.g_lo[j]);
    }
    HpResidual hs(core, idx, sub, bits);
    std::vector<Real> rs, rs2;
    Real E(0, digits);
    for (std::size_t j = 0; j < N; ++j) E += sgn[j] * res[ref[j]];
    E /= static_cast<double>(N);
    bool ok = hs(c, rs);
    // Newton's method in logarithmic coordinates: c_k = sign_k exp(theta_k) for a
    // non-zero constant (zero stays additive). A continued fraction with far poles,
    // (S + x) / (S - x) with S = c0 + c1 / (w + c2 + c3 / (w + c4)), depends on
    // products and quotients of its constants (c3 / c4, c3 / c4^2, ...), so its
    // solution lies along a valley that is curved in c and nearly straight in log |c|:
    // there Newton converges in a few steps where in c it diverges. Steps are not
    // required to lower |F| at once (the path may cross a ridge); the best iterate is kept.
    std::vector<Real> best_c = c;
    Real best_E = E;
    Real best_norm(-1, digits);
    for (int it = 0; it < 24 && ok; ++it) {
      std::vector<Real> F(N);
      Real norm(0, digits);
      for (std::size_t j = 0; j < N; ++j) {
        F[j] = rs[j] - sgn[j] * E;
        if (abs(F[j]) > norm) norm = abs(F[j]);
      }
      if (best_norm < 0 || norm < best_norm) {
        best_norm = norm;
        best_c = c;
        best_E = E;
      }
      if (norm <= abs(E) * 1e-12 || !(norm < best_norm * 1e12)) break;
      std::vector<Real> A(N * N, Real(0, digits)), unit(N);
      for (std::size_t k = 0; k < n && ok; ++k) {
        std::vector<Real> cp = c;
        if (c[k] != 0) {
          cp[k] = c[k] * exp(hrel);  // d/dtheta_k
          unit[k] = hrel;
        } else {
          cp[k] = hrel * 1e-3;
          unit[k] = hrel * 1e-3;
        }
        ok = hs(cp, rs2);
        for (std::size_t j = 0; j < N && ok; ++j) A[j * N + k] = (rs2[j] - rs[j]) / unit[k];
      }
      if (!ok) break;
      for (std::size_t j = 0; j < N; ++j) A[j * N + n] = -sgn[j];
      std::vector<Real> z, mf(N);
      for (std::size_t j = 0; j < N; ++j) mf[j] = -F[j];
      if (!solve_dense(A, mf, N, z)) break;
      for (std::size_t k = 0; k < n; ++k) {
        if (c[k] != 0) c[k] *= exp(z[k]);
        else c[k] = z[k];
      }
      E += z[n];
      ok = hs(c, rs);
    }
    ok = true;
    c = best_c;
    E = best_E;
    if (!ok) break;
    std::vector<double> cd(n);
    for (std::size_t k = 0; k < n; ++k) cd[k] = c[k].convert_to<double>();
    const double e = f(cd, dres);
    if (!std::isfinite(e)) break;
    if (e < best_err) {
      best_err = e;
      best = cd;
      improved = true;
    }
    if (!hf(c, res)) break;
    double full = 0;
    for (const Real& r : res) full = std::max(full, std::fabs(r.convert_to<double>()));
    if (full <= std::fabs(E.convert_to<double>()) * (1 + 1e-6)) break;  // levelled on the extremal set
  }
  return improved;
}

// Double-float pairs among the constants: two constants whose Jacobian columns are
// equal (the core depends on their sum only: hi + (lo + ...), or r*hi + (r*lo + ...))
// and that are each used once. `A` is the m x n column-major Jacobian of the residuals
// (the fit's own Gauss-Newton matrix). Each pair is (hi, lo) as indices into idx: hi is
// the one added last (its user comes later in the program, as SSA order puts users after
// what they use). A constant tied to more than one other is in no pair.
std::vector<std::pair<std::size_t, std::size_t>> tied_pairs(const Program& core,
                                                            const std::vector<std::uint32_t>& idx,
                                                            const std::vector<double>& A, std::size_t m) {
  const std::size_t n = idx.size();
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  if (n < 2) return pairs;
  std::vector<std::uint32_t> user(core.size(), 0), uses(core.size(), 0);  // the last user; the count
  for (std::uint32_t i = 0; i < core.size(); ++i)
    for (int a = 0; a < ir::info(core.code[i].op).arity; ++a) {
      const std::uint32_t v = core.code[i].args[a];
      ++uses[v];
      user[v] = i;
    }
  std::vector<int> partner(n, -1), count(n, 0);
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t l = k + 1; l < n; ++l) {
      if (uses[idx[k]] != 1 || uses[idx[l]] != 1) continue;
      double scale = 0, diff = 0;
      for (std::size_t i = 0; i < m; ++i) {
        scale = std::max(scale, std::fabs(A[k * m + i]));
        diff = std::max(diff, std::fabs(A[k * m + i] - A[l * m + i]));
      }
      if (scale > 0 && diff <= 1e-5 * scale) {
        ++count[k], ++count[l];
        partner[k] = static_cast<int>(l), partner[l] = static_cast<int>(k);
      }
    }
  for (std::size_t k = 0; k < n; ++k) {
    const int l = partner[k];
    if (l < 0 || static_cast<std::size_t>(l) < k || count[k] != 1 || count[l] != 1) continue;
    const bool k_outer = user[idx[k]] > user[idx[l]];
    pairs.push_back(k_outer ? std::pair{k, static_cast<std::size_t>(l)} : std::pair{static_cast<std::size_t>(l), k});
  }
  return pairs;
}

// The float32 values of the fitted constants `c`. A double-float pair (tied_pairs) takes
// hi = float(sum) and lo = float(sum - hi), so the sum keeps 48 bits; rounding each on
// its own would keep the split the fit happened to make (often all of the sum on one
// constant) and lose the low half. Equal Jacobian columns can also come from a core
// that does not depend on the sum alone (r c1 c2 with c1 = c2), so the paired rounding
// is kept only when its error is not above that of rounding each constant alone.
std::vector<float> round_constants(const std::vector<std::pair<std::size_t, std::size_t>>& pairs,
                                   const Residual& f, const std::vector<double>& c) {
  std::vector<float> out(c.size());
  for (std::size_t k = 0; k < c.size(); ++k) out[k] = static_cast<float>(c[k]);
  if (pairs.empty()) return out;
  std::vector<float> paired = out;
  for (const auto& [hi, lo] : pairs) {
    const double sum = c[hi] + c[lo];
    paired[hi] = static_cast<float>(sum);
    paired[lo] = static_cast<float>(sum - static_cast<double>(paired[hi]));
  }
  std::vector<double> res;
  const auto error = [&](const std::vector<float>& v) { return f(std::vector<double>(v.begin(), v.end()), res); };
  return error(paired) <= error(out) ? paired : out;
}

}  // namespace

Program fit_constants(const Program& core, const FitData& d, const FitOptions& opt,
                      double* max_rel_error, std::vector<double>* constants_out,
                      const std::vector<double>* start) {
  std::vector<std::uint32_t> idx;
  for (std::uint32_t i = 0; i < core.size(); ++i) {
    if (core.code[i].op == Op::Const) idx.push_back(i);
  }
  const std::size_t n = idx.size(), m = d.r.size();
  if (constants_out) constants_out->clear();
  if (n == 0 || m < n) {
    if (max_rel_error && m > 0) {
      std::vector<double> res0;
      *max_rel_error = Residual{core, idx, d, opt.real_bits, {}, {}, {}}(std::vector<double>{}, res0);
    }
    return core;
  }
  const Residual f{core, idx, d, opt.real_bits, {}, {}, {}};
  std::vector<double> c(n), res, res2;
  for (std::size_t k = 0; k < n; ++k)
    c[k] = start && start->size() == n ? (*start)[k] : ir::bits_to_float(core.code[idx[k]].imm);
  const double start_err = f(c, res);
  std::vector<double> best = c;
  double best_err = start_err;

  // Double-float pairs, found on the first Gauss-Newton Jacobian. The low member of a
  // pair stays where it starts (its column is zeroed): the pair's two equal columns would
  // otherwise let the steps move them far apart in opposite directions on
  // finite-difference noise.
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  std::vector<bool> frozen(n, false);
  std::vector<double> u(m, 1.0);
  std::vector<double> A(m * n), b(m), cp(n);
  double mu = 1e-3;  // Levenberg-Marquardt damping (FitOptions::damped)
  for (int it = 0; it < opt.lawson_iterations; ++it) {
    double cur = f(c, res);
    if (!std::isfinite(cur)) {
      if (it > 0) break;
      // A non-finite start (e.g. a division by a zero constant): restart from ones.
      std::fill(c.begin(), c.end(), 1.0);
      cur = f(c, res);
      if (!std::isfinite(cur)) break;
    }
    // Forward-difference Jacobian (exact up to rounding for cores linear in c).
    for (std::size_t k = 0; k < n; ++k) {
      cp = c;
      const double h = 1e-5 * std::max(std::fabs(c[k]), 1e-2);
      cp[k] += h;
      f(cp, res2);
      for (std::size_t i = 0; i < m; ++i) {
        A[k * m + i] = frozen[k] ? 0.0 : std::sqrt(u[i]) * (res2[i] - res[i]) / h;
      }
    }
    if (it == 0 && opt.real_bits == 0) {
      pairs = tied_pairs(core, idx, A, m);
      for (const auto& pr : pairs) {
        frozen[pr.second] = true;
        std::fill_n(A.begin() + static_cast<std::ptrdiff_t>(pr.second * m), m, 0.0);
      }
    }
    for (std::size_t i = 0; i < m; ++i) b[i] = -std::sqrt(u[i]) * res[i];
    double wl2 = 0;
    for (std::size_t i = 0; i < m; ++i) wl2 += u[i] * res[i] * res[i];
    bool moved = false;
    // Accepts cp when it lowers the weighted L2 residual.
    const auto try_step = [&] {
      const double e = f(cp, res2);
      if (!std::isfinite(e)) return false;
      double nl2 = 0;
      for (std::size_t i = 0; i < m; ++i) nl2 += u[i] * res2[i] * res2[i];
      if (!(nl2 <= wl2 * (1 + 1e-12))) return false;
      c = cp;
      res = res2;
      moved = true;
      if (e < best_err) {
        best_err = e;
        best = c;
      }
      return true;
    };
    if (opt.damped) {
      // Levenberg-Marquardt: min ||A d - b||^2 + mu sum_k D_k d_k^2 with D_k = ||A_k||^2,
      // solved as the least-squares problem [A; sqrt(mu D)] d = [b; 0].
      // Steps are taken in log |c| for non-zero constants (c <- c exp(d)): a pole's
      // position or a divisor moves by factors (3 to 125 is a few steps), where an
      // additive step either crawls or overshoots through zero.
      std::vector<double> Aa((m + n) * n, 0.0), ba(m + n, 0.0);
      std::copy(b.begin(), b.end(), ba.begin());
      for (int tries = 0; tries < 16 && !moved; ++tries, mu *= 8) {
        for (std::size_t k = 0; k < n; ++k) {
          const double s = c[k] != 0 ? c[k] : 1.0;
          double dk = 0;
          for (std::size_t i = 0; i < m; ++i) {
            Aa[k * (m + n) + i] = A[k * m + i] * s;
            dk += Aa[k * (m + n) + i] * Aa[k * (m + n) + i];
          }
          for (std::size_t j = 0; j < n; ++j) Aa[k * (m + n) + m + j] = j == k ? std::sqrt(mu * dk) : 0.0;
        }
        const std::vector<double> delta = lsq_solve(Aa, ba, m + n, n);
        for (std::size_t k = 0; k < n; ++k)
          cp[k] = c[k] != 0 ? c[k] * std::exp(std::clamp(delta[k], -4.0, 4.0)) : delta[k];
        if (try_step()) mu = std::max(mu / 27, 1e-12);
      }
    } else {
      const std::vector<double> delta = lsq_solve(A, b, m, n);
      double step = 1.0;
      for (int half = 0; half < 4 && !moved; ++half, step *= 0.5) {
        for (std::size_t k = 0; k < n; ++k) cp[k] = c[k] + step * delta[k];
        try_step();
      }
    }
    if (!moved) break;
    // Lawson update after the first plain least-squares steps.
    if (it >= 1) {
      double sum = 0;
      for (std::size_t i = 0; i < m; ++i) sum += (u[i] *= std::fabs(res[i]));
      if (!(sum > 0)) break;
      const double scale = static_cast<double>(m) / sum;
      for (std::size_t i = 0; i < m; ++i) u[i] = std::max(u[i] * scale, 1e-12);
    }
  }

  if (opt.nlopt_max_evals_per_const > 0 && std::isfinite(best_err)) {
    nlopt_opt o = nlopt_create(NLOPT_LN_SBPLX, static_cast<unsigned>(n));
    NloptCtx ctx{&f, {}};
    nlopt_set_min_objective(o, nlopt_objective, &ctx);
    nlopt_set_maxeval(o, opt.nlopt_max_evals_per_const * static_cast<int>(n));
    nlopt_set_xtol_rel(o, 1e-13);
    std::vector<double> steps(n);
    for (std::size_t k = 0; k < n; ++k) steps[k] = 1e-4 * std::max(std::fabs(best[k]), 1e-6);
    nlopt_set_initial_step(o, steps.data());
    std::vector<double> x = best;
    double fx = 0;
    if (nlopt_optimize(o, x.data(), &fx) > 0 || fx < best_err) {
      const double e = f(x, res);
      if (e < best_err) {
        best_err = e;
        best = x;
      }
    }
    nlopt_destroy(o);
  }
  if (opt.minimax_polish_evals > 0 && std::isfinite(best_err) && m >= n + 1) {
    const auto nn = static_cast<unsigned>(n + 1);
    nlopt_opt o = nlopt_create(NLOPT_LD_SLSQP, nn);
    MinimaxCtx ctx{&f, best_err > 0 ? 1.0 / best_err : 1.0, {}, {}, {}, {}, {}};
    for (std::size_t k = 0; k < n; ++k) ctx.unit.push_back(best[k] != 0 ? std::fabs(best[k]) : 1.0);
    nlopt_set_min_objective(o, minimax_level, nullptr);
    const std::vector<double> tol(2 * m, 0.0);
    nlopt_add_inequality_mconstraint(o, static_cast<unsigned>(2 * m), minimax_constraints, &ctx,
                                     tol.data());
    nlopt_set_maxeval(o, opt.minimax_polish_evals);
    nlopt_set_xtol_rel(o, 1e-15);
    std::vector<double> x(n);
    for (std::size_t k = 0; k < n; ++k) x[k] = best[k] / ctx.unit[k];
    x.push_back(best_err * ctx.scale);
    double fx = 0;
    nlopt_optimize(o, x.data(), &fx);  // any outcome: the candidate is re-scored below
    x.pop_back();
    for (std::size_t k = 0; k < n; ++k) x[k] *= ctx.unit[k];
    const double e = f(x, res);
    if (e < best_err) {
      best_err = e;
      best = x;
    }
    nlopt_destroy(o);
  }
  if (opt.remez_cycles > 0 && std::isfinite(best_err)) {
    // From the current error's extrema, then (kept only if better) from spread references.
    const std::vector<double> start = best;
    for (int spread : {-1, 1, 2, 0}) {
      std::vector<double> c = start;
      double e = best_err;
      if (remez_polish(core, idx, d, f, opt.remez_cycles, spread, opt.remez_bits, c, e) && e < best_err) {
        best_err = e;
        best = c;
      }
    }
  }
  if (max_rel_error) *max_rel_error = best_err;
  if (constants_out) *constants_out = best;
  if (!(best_err < start_err)) return core;
  Program out = core;
  const std::vector<float> v = round_constants(pairs, f, best);
  for (std::size_t k = 0; k < n; ++k) {
    if (!std::isfinite(v[k])) return core;
    out.code[idx[k]].imm = ir::float_to_bits(v[k]);
  }
  return out;
}

double core_fit_error(const Program& core, const FitData& d) {
  std::vector<std::uint32_t> idx;
  std::vector<double> c, res;
  for (std::uint32_t i = 0; i < core.size(); ++i)
    if (core.code[i].op == Op::Const) {
      idx.push_back(i);
      c.push_back(ir::bits_to_float(core.code[i].imm));
    }
  return Residual{core, idx, d, 0, {}, {}, {}}(c, res);
}

KernelError kernel_error(const Program& tmpl, std::span<const Program> cores,
                         const eval::PointSet& points) {
  const Program k = ir::inline_cores(tmpl, cores);
  thread_local std::vector<float> y;
  y.resize(points.x.size());
  eval::run_f32(k, points.x.data(), y.data(), y.size());
  const eval::Score s = eval::score_outputs(y, points);
  return {s.max_ulp, s.mean_ulp};
}

std::vector<Program> neighbour_search(const Program& tmpl, std::vector<Program> cores,
                                      std::size_t hole, const eval::PointSet& points,
                                      int max_step, int passes, KernelError* err,
                                      std::size_t* evals) {
  std::vector<std::uint32_t> idx;
  for (std::uint32_t i = 0; i < cores[hole].size(); ++i) {
    if (cores[hole].code[i].op == Op::Const) idx.push_back(i);
  }
  std::size_t count = 1;
  KernelError cur = kernel_error(tmpl, cores, points);
  for (int pass = 0; pass < passes && !idx.empty(); ++pass) {
    bool improved = false;
    for (std::uint32_t i : idx) {
      const std::uint32_t orig = cores[hole].code[i].imm;
      const std::int64_t o = eval::float_to_ordered(ir::bits_to_float(orig));
      bool took = false;
      for (int s = 1; s <= max_step && !took; s *= 2) {
        for (int sign : {1, -1}) {
          const float v = eval::ordered_to_float(o + sign * s);
          if (!std::isfinite(v)) continue;
          cores[hole].code[i].imm = ir::float_to_bits(v);
          const KernelError e = kernel_error(tmpl, cores, points);
          ++count;
          if (e.better_than(cur)) {
            cur = e;
            took = improved = true;
            break;
          }
          cores[hole].code[i].imm = orig;
        }
      }
    }
    if (!improved) break;
  }
  if (err) *err = cur;
  if (evals) *evals = count;
  return cores;
}

}  // namespace uf::engine
