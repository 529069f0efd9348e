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

FitData make_fit_data(const targets::Hole& hole, std::size_t n) {
  FitData d;
  const double lo = hole.lo, hi = hole.hi;
  if (!(lo <= hi) || !std::isfinite(lo) || !std::isfinite(hi) || n < 2) return d;
  for (std::size_t i = 0; i < n; ++i) {
    // Chebyshev extrema (endpoints included): where minimax errors equioscillate.
    const double t = std::cos(M_PI * static_cast<double>(i) / static_cast<double>(n - 1));
    const double r = 0.5 * (lo + hi) + 0.5 * (hi - lo) * t;
    double g;
    if (hole.core_ref.fast) {
      g = hole.core_ref.fast(r);
    } else if (hole.core_ref.exact) {
      g = eval::exact_to_double(hole.core_ref, static_cast<float>(r));
    } else {
      return FitData{};
    }
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
  mutable std::vector<double> y;
  // res_i = (core(r_i) - g_i) / |g_i|; returns the max |res_i| (inf if non-finite).
  double operator()(std::span<const double> c, std::vector<double>& res) const {
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
  (*ctx->f)(std::span<const double>(x, n), ctx->res);
  for (std::size_t i = 0; i < m; ++i) {
    const double r = std::isfinite(ctx->res[i]) ? ctx->res[i] * ctx->scale : big;
    result[i] = r - t;
    result[m + i] = -r - t;
  }
  if (!grad) return;
  for (std::size_t k = 0; k < n; ++k) {
    ctx->cp.assign(x, x + n);
    const double h = 1e-7 * std::max(std::fabs(x[k]), 1e-3);
    ctx->cp[k] += h;
    (*ctx->f)(ctx->cp, ctx->res2);
    for (std::size_t i = 0; i < m; ++i) {
      double g = (ctx->res2[i] - ctx->res[i]) / h * ctx->scale;
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

}  // namespace

Program fit_constants(const Program& core, const FitData& d, const FitOptions& opt,
                      double* max_rel_error, std::vector<double>* constants_out) {
  std::vector<std::uint32_t> idx;
  for (std::uint32_t i = 0; i < core.size(); ++i) {
    if (core.code[i].op == Op::Const) idx.push_back(i);
  }
  const std::size_t n = idx.size(), m = d.r.size();
  if (constants_out) constants_out->clear();
  if (n == 0 || m < n) {
    if (max_rel_error && m > 0) {
      std::vector<double> res0;
      *max_rel_error = Residual{core, idx, d, {}}(std::vector<double>{}, res0);
    }
    return core;
  }
  const Residual f{core, idx, d, {}};
  std::vector<double> c(n), res, res2;
  for (std::size_t k = 0; k < n; ++k) c[k] = ir::bits_to_float(core.code[idx[k]].imm);
  const double start_err = f(c, res);
  std::vector<double> best = c;
  double best_err = start_err;

  std::vector<double> u(m, 1.0);
  std::vector<double> A(m * n), b(m), cp(n);
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
        A[k * m + i] = std::sqrt(u[i]) * (res2[i] - res[i]) / h;
      }
    }
    for (std::size_t i = 0; i < m; ++i) b[i] = -std::sqrt(u[i]) * res[i];
    const std::vector<double> delta = lsq_solve(A, b, m, n);
    double wl2 = 0;
    for (std::size_t i = 0; i < m; ++i) wl2 += u[i] * res[i] * res[i];
    double step = 1.0;
    bool moved = false;
    for (int half = 0; half < 4; ++half, step *= 0.5) {
      for (std::size_t k = 0; k < n; ++k) cp[k] = c[k] + step * delta[k];
      const double e = f(cp, res2);
      if (!std::isfinite(e)) continue;
      double nl2 = 0;
      for (std::size_t i = 0; i < m; ++i) nl2 += u[i] * res2[i] * res2[i];
      if (nl2 <= wl2 * (1 + 1e-12)) {
        c = cp;
        res = res2;
        moved = true;
        if (e < best_err) {
          best_err = e;
          best = c;
        }
        break;
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
    MinimaxCtx ctx{&f, best_err > 0 ? 1.0 / best_err : 1.0, {}, {}, {}};
    nlopt_set_min_objective(o, minimax_level, nullptr);
    const std::vector<double> tol(2 * m, 0.0);
    nlopt_add_inequality_mconstraint(o, static_cast<unsigned>(2 * m), minimax_constraints, &ctx,
                                     tol.data());
    nlopt_set_maxeval(o, opt.minimax_polish_evals);
    nlopt_set_xtol_rel(o, 1e-15);
    std::vector<double> x = best;
    x.push_back(best_err * ctx.scale);
    double fx = 0;
    nlopt_optimize(o, x.data(), &fx);  // any outcome: the candidate is re-scored below
    x.pop_back();
    const double e = f(x, res);
    if (e < best_err) {
      best_err = e;
      best = x;
    }
    nlopt_destroy(o);
  }
  if (max_rel_error) *max_rel_error = best_err;
  if (constants_out) *constants_out = best;
  if (!(best_err < start_err)) return core;
  Program out = core;
  for (std::size_t k = 0; k < n; ++k) {
    const float v = static_cast<float>(best[k]);
    if (!std::isfinite(v)) return core;
    out.code[idx[k]].imm = ir::float_to_bits(v);
  }
  return out;
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
