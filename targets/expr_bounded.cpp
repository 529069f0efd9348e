#include "targets/expr.h"
#include "targets/expr_detail.h"

#include <mpfi.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>
#include <stdexcept>

namespace uf::targets {

using detail::F;
using detail::FnDef;
using detail::fn_table;
using detail::literal_error;

// ---------------------------------------------------------------------------------
// Running error analysis (eval_bounded).
//
// Every stack entry is a pair (v, e): v the double computed, e a bound on |v - V|
// where V is the exact value of that subexpression at x. With u = 2^-53 (round to
// nearest) and t = 2^-1074 (the double subnormal spacing):
//   literal      e = |value - literal| (literal_error, exact from MPFR); x is exact;
//                pi: |fl(pi) - pi| < 2^-52.
//   a + b, a - b e = u|v| + ea + eb           (a sum's rounding error is <= u|fl(s)|,
//                                              and a sum of doubles never underflows)
//   a * b        e = u|v| + t + |a|eb + |b|ea + ea*eb
//   a / b        e = u|v| + t + (ea + |a/b| eb) / (|b| - eb), needs eb < |b|:
//                |A/B - a/b| = |(A-a)b - a(B-b)| / |Bb| and |B| >= |b| - eb
//   -a           e = ea (exact)
//   f(a)         e = K ulp(f(a)) + sup_{|t-a| <= ea} |f'(t)| * ea   (mean value theorem)
//                with K the function's ulps (fn_table) and ulp(y) <= 2^-52|y| + t.
// Every bound is itself computed in round-to-nearest and then widened by up(): a
// relative 2^-40 (far more than the <= 2^-50 that the few roundings in one formula can
// lose) plus 2^-1070 absolute (underflow). Lower bounds of positive quantities (the
// denominators above) are narrowed by dn() likewise. A NaN or infinite v or e makes e
// +inf; so do arguments whose uncertainty interval reaches a singularity or a domain
// edge (log of an interval touching 0, tan of one that may contain a pole, ...).
// The derivative bounds sup|f'| over I = [a - ea, a + ea], m = min |t| over I:
//   exp    e^(a+ea) <= f(a) (1 + 2 ea)       (ea <= 1; e^w <= 1 + 2w on [0, 1])
//   exp2   ln2 2^(a+ea) <= 0.6932 f(a) (1 + ea)       (ea <= 1; 2^w <= 1 + w)
//   expm1  e^(a+ea) <= (1 + f(a)) (1 + 2 ea)         (ea <= 1)
//   log    1 / (a - ea),  log2 1.4427 / (a - ea),  log1p 1 / (1 + a - ea), all > 0
//   sqrt   1 / (2 sqrt(a - ea)), a - ea > 0
//   cbrt   1 / (3 cbrt(m)^2) when m > 0; else the Hölder bound
//          |cbrt(s) - cbrt(t)| <= 2^(2/3) cbrt(|s - t|) replaces the whole product
//   sin, cos 1;  atan 1 / (1 + m^2);  tanh sech^2(m) <= min(1, 4 e^(-2m))
//   erf, erfc (2/sqrt(pi)) e^(-m^2) <= 1.1284 e^(-m^2)
//   tan    1 + max(tan(l)^2, tan(h)^2) over a widened I = [l, h] of width < 1 that
//          contains no pole: a pole p inside would put l in (p - 1, p) and h in
//          (p, p + 1), so tan(l) > cot(1) > 0.64 and tan(h) < -0.64; when that sign
//          pattern is absent tan is increasing on I and |tan| is largest at an end.
//   pow(a, b) is bounded by interval evaluation instead: a^b = exp(b ln a) is monotone
//          in each argument for a > 0, so over the box [a +- ea] x [b +- eb] it lies
//          between its values at the four corners; a negative base is handled only
//          for an exact integer exponent n (a^n is monotone on each sign of a, and an
//          interval containing 0 adds the candidate 0 when n > 0). The corners are
//          evaluated by pow with K ulps each, and e = max |pow(corner) - v| + K ulp.

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kU = 0x1p-53;
constexpr double kTiny = 0x1p-1074;

double up(double e) { return e + std::fabs(e) * 0x1p-40 + 0x1p-1070; }
double dn(double v) { return v - std::fabs(v) * 0x1p-40 - 0x1p-1070; }
// A bound on |f_libm(a) - f(a)| for a result v with `ulps` ULPs of error.
double lib_err(double v, double ulps) { return up(ulps * (0x1p-52 * std::fabs(v) + kTiny)); }
double finite_or_inf(double e) { return e <= std::numeric_limits<double>::max() ? e : kInf; }

// Bound on |pow(A, B) - v| for |A - a| <= ea, |B - b| <= eb (see above).
double pow_error(double a, double ea, double b, double eb, double v, double ulps) {
  if (ea == 0 && eb == 0) return lib_err(v, ulps);
  const double al = dn(a - ea), ah = up(a + ea);  // up/dn widen outward for either sign
  double worst = 0;
  auto corner = [&](double p, double q) {
    const double c = std::pow(p, q);
    if (!std::isfinite(c)) return false;
    worst = std::max(worst, up(std::fabs(c - v)) + lib_err(c, ulps));
    return true;
  };
  const bool int_exp = eb == 0 && b == std::nearbyint(b) && std::fabs(b) <= 0x1p20;
  if (al > 0) {
    const double bl = dn(b - eb), bh = up(b + eb);
    if (eb == 0) {
      if (!corner(al, b) || !corner(ah, b)) return kInf;
    } else if (!corner(al, bl) || !corner(al, bh) || !corner(ah, bl) || !corner(ah, bh)) {
      return kInf;
    }
  } else if (int_exp) {
    if (!corner(al, b) || !corner(ah, b)) return kInf;
    if (ah >= 0) {  // the interval contains 0 (or reaches it)
      if (b <= 0) return kInf;
      worst = std::max(worst, up(std::fabs(v)));
    }
  } else {
    return kInf;
  }
  return up(worst + lib_err(v, ulps));
}

// Bound on |f(A) - f(a)| for |A - a| <= w (the propagated part of the error).
double propagated(F id, double a, double w, double v, double ulps) {
  if (w == 0) return 0;
  const double vmag = std::fabs(v) + lib_err(v, ulps);  // >= |f(a)|
  const double m = w <= 1 ? std::max(0.0, dn(std::fabs(a) - w)) : 0.0;
  switch (id) {
    case F::Exp:
      if (!(w <= 1)) return kInf;
      return up(up(vmag * (1 + 2 * w)) * w);
    case F::Exp2:
      if (!(w <= 1)) return kInf;
      return up(up(0.6932 * vmag * (1 + w)) * w);
    case F::Expm1:
      if (!(w <= 1)) return kInf;
      return up(up((1 + v + lib_err(v, ulps)) * (1 + 2 * w)) * w);
    case F::Log:
    case F::Log2: {
      const double d = dn(a - w);
      if (!(d > 0)) return kInf;
      return up((id == F::Log2 ? 1.4427 : 1.0) * w / d);
    }
    case F::Log1p: {
      const double d = dn(dn(1 + a) - w);
      if (!(d > 0)) return kInf;
      return up(w / d);
    }
    case F::Sqrt: {
      const double d = dn(a - w);
      if (!(d > 0)) return kInf;
      return up(w / (2 * dn(std::sqrt(d))));
    }
    case F::Cbrt: {
      if (m > 0) {
        const double c = dn(std::cbrt(m));
        if (c > 0) return up(w / (3 * dn(c * c)));
      }
      return up(1.5875 * up(std::cbrt(w)));
    }
    case F::Sin:
    case F::Cos: return up(w);
    case F::Atan: return up(w / (1 + dn(m * m)));
    case F::Tanh: return up(w * std::min(1.0, up(4 * std::exp(-2 * m))));
    case F::Erf:
    case F::Erfc: return up(w * up(1.1284 * std::exp(-dn(m * m))));
    case F::Tan: {
      const double l = dn(a - w), h = up(a + w);
      if (!(h - l < 1)) return kInf;
      const double tl = std::tan(l), th = std::tan(h);
      if (!std::isfinite(tl) || !std::isfinite(th) || (tl > 0.5 && th < -0.5)) return kInf;
      return up(w * up(1 + std::max(tl * tl, th * th)));
    }
    case F::Pow: return kInf;  // two arguments: pow_error
  }
  return kInf;
}

// The bound formulas of the derivation above, one per node kind, shared by the scalar
// and the block evaluation (so the two agree bit for bit by construction).
inline double err_add_sub(double v, double ea, double eb) { return up(kU * std::fabs(v) + ea + eb); }
inline double err_mul(double a, double ea, double b, double eb, double v) {
  return up(kU * std::fabs(v) + kTiny + std::fabs(a) * eb + std::fabs(b) * ea + ea * eb);
}
inline double err_div(double ea, double b, double eb, double v) {
  const double d = dn(std::fabs(b) - eb);
  return d > 0 ? up(kU * std::fabs(v) + kTiny + (ea + up(std::fabs(v)) * eb) / d) : kInf;
}
inline double err_fn1(const FnDef& f, double a, double ea, double v) {
  return up(lib_err(v, f.ulps) + propagated(f.id, a, ea, v, f.ulps));
}
inline double err_pow(const FnDef& f, double a, double ea, double b, double eb, double v) {
  return std::isfinite(v) ? pow_error(a, ea, b, eb, v, f.ulps) : kInf;
}
// A non-finite value, or a bound that overflowed, has no bound.
inline double err_final(double v, double e) { return std::isfinite(v) ? finite_or_inf(e) : kInf; }

}  // namespace

double Expr::eval_bounded(double x, double* err) const {
  struct Ve {
    double v, e;
  };
  Ve st[256];  // written before read: no initialisation on the hot path
  std::vector<Ve> heap;
  Ve* s = st;
  if (postfix.size() > 256) {
    heap.resize(postfix.size());
    s = heap.data();
  }
  s[0] = {std::numeric_limits<double>::quiet_NaN(), kInf};  // an empty expression
  std::size_t n = 0;
  for (const Node& nd : postfix) {
    switch (nd.kind) {
      case Kind::Num: s[n++] = {nd.value, nd.value_err}; break;
      case Kind::X: s[n++] = {x, 0.0}; break;
      case Kind::Pi: s[n++] = {std::numbers::pi, 0x1p-52}; break;
      case Kind::Neg: s[n - 1].v = -s[n - 1].v; break;
      case Kind::Add:
      case Kind::Sub: {
        --n;
        const Ve a = s[n - 1], b = s[n];
        const double v = nd.kind == Kind::Add ? a.v + b.v : a.v - b.v;
        s[n - 1] = {v, err_add_sub(v, a.e, b.e)};
        break;
      }
      case Kind::Mul: {
        --n;
        const Ve a = s[n - 1], b = s[n];
        const double v = a.v * b.v;
        s[n - 1] = {v, err_mul(a.v, a.e, b.v, b.e, v)};
        break;
      }
      case Kind::Div: {
        --n;
        const Ve a = s[n - 1], b = s[n];
        const double v = a.v / b.v;
        s[n - 1] = {v, err_div(a.e, b.v, b.e, v)};
        break;
      }
      case Kind::Pow:
      case Kind::Fn: {
        const bool two = nd.kind == Kind::Pow ||
                         fn_table()[static_cast<std::size_t>(nd.fn)].arity == 2;
        const FnDef& f =
            fn_table()[nd.kind == Kind::Pow ? fn_table().size() - 1 : static_cast<std::size_t>(nd.fn)];
        if (two) {
          --n;
          const Ve a = s[n - 1], b = s[n];
          const double v = std::pow(a.v, b.v);
          s[n - 1] = {v, err_pow(f, a.v, a.e, b.v, b.e, v)};
        } else {
          const Ve a = s[n - 1];
          const double v = f.fast1(a.v);
          s[n - 1] = {v, err_fn1(f, a.v, a.e, v)};
        }
        break;
      }
    }
    Ve& top = s[n - 1];
    top.e = err_final(top.v, top.e);
  }
  *err = s[0].e;
  return s[0].v;
}

// The same evaluation over blocks of inputs: every node runs over a block of lanes
// (so the arithmetic and the bound formulas vectorise and the postfix is walked once
// per block, not once per input), with exactly the operations of eval_bounded in the
// same order (-ffp-contract=off), so every lane's value and bound equal the scalar's
// bit for bit (tested and fuzzed), NaN values aside: a NaN's sign may differ. Function calls stay the scalar libm ones of fn_table, whose
// error model the bounds assume.
void Expr::eval_bounded_batch(const float* x, double* value, double* err, std::size_t n) const {
  constexpr std::size_t B = 64;
  if (postfix.empty()) {
    for (std::size_t i = 0; i < n; ++i) {
      value[i] = std::numeric_limits<double>::quiet_NaN();
      err[i] = kInf;
    }
    return;
  }
  const std::size_t depth = postfix.size();
  thread_local std::vector<double> buf;
  buf.resize(2 * depth * B);
  double* const V = buf.data();
  double* const E = V + depth * B;
  for (std::size_t base = 0; base < n; base += B) {
    // Every loop below runs over all B lanes (a constant trip count, which GCC's -O2
    // vectoriser requires); a partial last block is padded with zeros.
    const std::size_t used = std::min(B, n - base);
    constexpr std::size_t m = B;
    float xb[B] = {};
    std::memcpy(xb, x + base, used * sizeof(float));
    std::size_t sp = 0;  // stack entries; entry k holds lanes V[k*B, k*B + m)
    for (const Node& nd : postfix) {
      switch (nd.kind) {
        case Kind::Num:
        case Kind::Pi: {
          double* v = V + sp * B;
          double* e = E + sp * B;
          const double c = nd.kind == Kind::Num ? nd.value : std::numbers::pi;
          const double ce = nd.kind == Kind::Num ? nd.value_err : 0x1p-52;
          for (std::size_t i = 0; i < m; ++i) {
            v[i] = c;
            e[i] = ce;
          }
          ++sp;
          break;
        }
        case Kind::X: {
          double* v = V + sp * B;
          double* e = E + sp * B;
          for (std::size_t i = 0; i < m; ++i) {
            v[i] = static_cast<double>(xb[i]);
            e[i] = 0.0;
          }
          ++sp;
          break;
        }
        case Kind::Neg: {
          double* v = V + (sp - 1) * B;
          for (std::size_t i = 0; i < m; ++i) v[i] = -v[i];
          break;
        }
        case Kind::Add:
        case Kind::Sub:
        case Kind::Mul:
        case Kind::Div: {
          --sp;
          double* __restrict av = V + (sp - 1) * B;
          double* __restrict ae = E + (sp - 1) * B;
          const double* __restrict bv = V + sp * B;
          const double* __restrict be = E + sp * B;
          if (nd.kind == Kind::Add || nd.kind == Kind::Sub) {
            const bool add = nd.kind == Kind::Add;
            for (std::size_t i = 0; i < m; ++i) {
              const double v = add ? av[i] + bv[i] : av[i] - bv[i];
              ae[i] = err_add_sub(v, ae[i], be[i]);
              av[i] = v;
            }
          } else if (nd.kind == Kind::Mul) {
            for (std::size_t i = 0; i < m; ++i) {
              const double v = av[i] * bv[i];
              ae[i] = err_mul(av[i], ae[i], bv[i], be[i], v);
              av[i] = v;
            }
          } else {
            for (std::size_t i = 0; i < m; ++i) {
              const double v = av[i] / bv[i];
              ae[i] = err_div(ae[i], bv[i], be[i], v);
              av[i] = v;
            }
          }
          break;
        }
        case Kind::Pow:
        case Kind::Fn: {
          const bool two = nd.kind == Kind::Pow || fn_table()[static_cast<std::size_t>(nd.fn)].arity == 2;
          const FnDef& f =
              fn_table()[nd.kind == Kind::Pow ? fn_table().size() - 1 : static_cast<std::size_t>(nd.fn)];
          if (two) {
            --sp;
            double* av = V + (sp - 1) * B;
            double* ae = E + (sp - 1) * B;
            const double* bv = V + sp * B;
            const double* be = E + sp * B;
            for (std::size_t i = 0; i < m; ++i) {
              const double v = std::pow(av[i], bv[i]);
              ae[i] = err_pow(f, av[i], ae[i], bv[i], be[i], v);
              av[i] = v;
            }
          } else {
            double* av = V + (sp - 1) * B;
            double* ae = E + (sp - 1) * B;
            for (std::size_t i = 0; i < m; ++i) {
              const double v = f.fast1(av[i]);
              ae[i] = err_fn1(f, av[i], ae[i], v);
              av[i] = v;
            }
          }
          break;
        }
      }
      double* v = V + (sp - 1) * B;
      double* e = E + (sp - 1) * B;
      for (std::size_t i = 0; i < m; ++i) e[i] = err_final(v[i], e[i]);
    }
    std::memcpy(value + base, V, used * sizeof(double));
    std::memcpy(err + base, E, used * sizeof(double));
  }
}

}  // namespace uf::targets
