#include "engine/pole_chain.h"

#include <Eigen/LU>
#include <Eigen/QR>

#include <algorithm>
#include <cmath>
#include <optional>

namespace uf::engine {

using ir::Op;
using ir::Program;

namespace {

bool is_const(const Program& p, std::uint32_t i) { return p.code[i].op == Op::Const; }

// One level c + d / den at node n: {c, d, den}.
struct Level {
  std::uint32_t c, d, den;
};
std::optional<Level> level_at(const Program& p, std::uint32_t n) {
  const ir::Instr& in = p.code[n];
  if (in.op != Op::Add) return std::nullopt;
  for (int k = 0; k < 2; ++k) {
    const std::uint32_t a = in.args[k], b = in.args[1 - k];
    if (!is_const(p, a) || p.code[b].op != Op::Div) continue;
    const ir::Instr& q = p.code[b];
    if (!is_const(p, q.args[0])) continue;
    return Level{a, q.args[0], q.args[1]};
  }
  return std::nullopt;
}

// The denominator v + e (+ d' / den'), in either grouping; appends e (and, for a deeper
// level, d' e' ... through the recursion) to `out`. False if den is not of that form.
bool match_den(const Program& p, std::uint32_t den, std::uint32_t& v, std::vector<std::uint32_t>& out) {
  const ir::Instr& in = p.code[den];
  if (in.op != Op::Add) return false;
  for (int k = 0; k < 2; ++k) {
    const std::uint32_t a = in.args[k], b = in.args[1 - k];
    // v + e
    if (is_const(p, b) && !is_const(p, a) && (v == UINT32_MAX || v == a)) {
      v = a;
      out.push_back(b);
      return true;
    }
    // v + (e + d' / den')
    if (!is_const(p, a) && (v == UINT32_MAX || v == a)) {
      if (auto l = level_at(p, b)) {
        const std::uint32_t v0 = v;
        v = a;
        std::vector<std::uint32_t> tail{l->c, l->d};
        if (match_den(p, l->den, v, tail)) {
          out.insert(out.end(), tail.begin(), tail.end());
          return true;
        }
        v = v0;
      }
    }
    // (v + e) + d' / den'
    if (p.code[a].op == Op::Add && p.code[b].op == Op::Div && is_const(p, p.code[b].args[0])) {
      const ir::Instr& ve = p.code[a];
      for (int j = 0; j < 2; ++j) {
        const std::uint32_t vv = ve.args[j], e = ve.args[1 - j];
        if (!is_const(p, e) || is_const(p, vv) || (v != UINT32_MAX && v != vv)) continue;
        const std::uint32_t v0 = v;
        v = vv;
        std::vector<std::uint32_t> tail{e, p.code[b].args[0]};
        if (match_den(p, p.code[b].args[1], v, tail)) {
          out.insert(out.end(), tail.begin(), tail.end());
          return true;
        }
        v = v0;
      }
    }
  }
  return false;
}

std::optional<PoleChain> chain_at(const Program& p, std::uint32_t n) {
  const auto l = level_at(p, n);
  if (!l) return std::nullopt;
  PoleChain ch;
  ch.root = n;
  ch.v = UINT32_MAX;
  ch.consts = {l->c, l->d};
  if (!match_den(p, l->den, ch.v, ch.consts)) return std::nullopt;
  return ch;
}

// p at x in double with the value of instruction `node` forced to s (NaN for ops
// outside real mode's arithmetic).
double eval_forced(const Program& p, const std::vector<double>& cv, double x, std::uint32_t node, double s,
                   std::vector<double>& v) {
  v.resize(p.size());
  std::size_t ci = 0;
  for (std::uint32_t i = 0; i < p.size(); ++i) {
    const ir::Instr& in = p.code[i];
    const auto a = [&](int k) { return v[in.args[k]]; };
    double r = NAN;
    switch (in.op) {
      case Op::Input: r = x; break;
      case Op::Const: r = cv[ci++]; break;
      case Op::Add: r = a(0) + a(1); break;
      case Op::Sub: r = a(0) - a(1); break;
      case Op::Mul: r = a(0) * a(1); break;
      case Op::Div: r = a(0) / a(1); break;
      case Op::Fma: r = a(0) * a(1) + a(2); break;
      case Op::Neg: r = -a(0); break;
      default: break;
    }
    v[i] = i == node ? s : r;
  }
  return v[p.result];
}

// Coefficients (ascending) of a polynomial.
using Poly = std::vector<double>;

// The continued fraction of R / Q (deg R < deg Q = m, Q monic): d, e, d', e', ... with
// R / Q = d / (v + e + d' / (v + e' + ...)). Empty on a zero residue.
std::vector<double> continued_fraction(Poly R, Poly Q) {
  std::vector<double> out;
  while (Q.size() > 1) {
    const std::size_t m = Q.size() - 1;
    R.resize(m, 0.0);
    const double d = R[m - 1];
    if (!(std::fabs(d) > 0) || !std::isfinite(d)) return {};
    for (double& r : R) r /= d;  // monic, degree m - 1
    const double e = Q[m - 1] - (m >= 2 ? R[m - 2] : 0.0);
    // Rem = Q - (v + e) R, degree <= m - 2
    Poly rem(m, 0.0);
    for (std::size_t j = 0; j < m; ++j) rem[j] = Q[j];
    for (std::size_t j = 0; j + 1 < m; ++j) rem[j + 1] -= R[j];
    for (std::size_t j = 0; j < m; ++j) rem[j] -= e * R[j];
    rem.resize(m - 1);
    out.push_back(d);
    out.push_back(e);
    Q = R;
    Q.resize(m);  // monic, degree m - 1
    R = rem;
  }
  return out;
}

}  // namespace

std::vector<PoleChain> find_pole_chains(const Program& p) {
  std::vector<PoleChain> all;
  for (std::uint32_t n = 0; n < p.size(); ++n)
    if (auto ch = chain_at(p, n)) all.push_back(*ch);
  // Keep the maximal ones: drop a chain whose root is a constant-expression inside another.
  std::vector<PoleChain> out;
  for (const PoleChain& a : all) {
    bool inner = false;
    for (const PoleChain& b : all) {
      if (&a == &b || b.consts.size() <= a.consts.size()) continue;
      inner = inner || std::all_of(a.consts.begin(), a.consts.end(), [&](std::uint32_t k) {
                return std::find(b.consts.begin(), b.consts.end(), k) != b.consts.end();
              });
    }
    if (!inner) out.push_back(a);
  }
  return out;
}

bool pole_chain_start(const Program& p, const FitData& d, std::vector<double>& c) {
  std::vector<std::uint32_t> idx;
  for (std::uint32_t i = 0; i < p.size(); ++i)
    if (p.code[i].op == Op::Const) idx.push_back(i);
  if (c.size() != idx.size()) return false;
  bool any = false;
  std::vector<double> regs;
  for (const PoleChain& ch : find_pole_chains(p)) {
    const int k = ch.depth();
    // 1. Values of S (and of v) that make p exact at each point, from S's current
    //    value; the weight is the fit weight times |dp/dS|.
    std::vector<double> vs, ts, ws;
    for (std::size_t i = 0; i < d.r.size(); ++i) {
      const double x = d.r[i], y = d.g[i];
      eval_forced(p, c, x, UINT32_MAX, 0, regs);
      const double s0 = regs[ch.root];
      const double vv = regs[ch.v];
      if (!std::isfinite(s0) || !std::isfinite(vv)) continue;
      // Inverse interpolation by a Moebius map through the last three (s, p(s)): exact
      // in one step when p is linear-fractional in S (S used once, or as in
      // (S + x) / (S - x)), where a secant started far from the root runs off along
      // the asymptote.
      const double h = 1e-3 * std::max(std::fabs(s0), 1e-6);
      double ss[3] = {s0, s0 + h, s0 - h}, pp[3];
      bool ok = true;
      for (int j = 0; j < 3 && ok; ++j) {
        pp[j] = eval_forced(p, c, x, ch.root, ss[j], regs);
        ok = std::isfinite(pp[j]);
      }
      double root = NAN, slope = 0;
      bool found = false;
      for (int it = 0; it < 30 && ok && !found; ++it) {
        // a s + b - c s p = p at the three points.
        Eigen::Matrix3d M;
        Eigen::Vector3d rhs;
        for (int j = 0; j < 3; ++j) {
          M(j, 0) = ss[j];
          M(j, 1) = 1;
          M(j, 2) = -ss[j] * pp[j];
          rhs(j) = pp[j];
        }
        const Eigen::Vector3d abc = M.fullPivLu().solve(rhs);
        const double den = y * abc(2) - abc(0);
        if (!abc.allFinite() || den == 0) break;
        root = (abc(1) - y) / den;
        const double pr = eval_forced(p, c, x, ch.root, root, regs);
        if (!std::isfinite(root) || !std::isfinite(pr)) break;
        // Drop the point farthest from the target value.
        int worst = 0;
        for (int j = 1; j < 3; ++j)
          if (std::fabs(pp[j] - y) > std::fabs(pp[worst] - y)) worst = j;
        ss[worst] = root;
        pp[worst] = pr;
        if (std::fabs(pr - y) <= 1e-15 * std::fabs(y)) {
          const double hr = 1e-6 * std::max(std::fabs(root), 1e-9);
          slope = (eval_forced(p, c, x, ch.root, root + hr, regs) - pr) / hr;
          found = std::isfinite(slope) && std::fabs(slope) > 0;
        }
      }
      if (!found) continue;
      const double s1 = root;
      vs.push_back(vv);
      ts.push_back(s1);
      ws.push_back(d.w[i] * std::fabs(slope));
    }
    const std::size_t m = vs.size(), nu = static_cast<std::size_t>(2 * k + 1);
    if (m < 2 * nu) continue;
    // 2. (k, k) rational P / Q in v, Q monic: min sum (w (P(v) - t Q(v)) / |Q_prev(v)|)^2.
    //    v is scaled to [-1, 1]-ish for the solve (u = v / vmax).
    double vmax = 0;
    for (double v : vs) vmax = std::max(vmax, std::fabs(v));
    if (!(vmax > 0)) continue;
    std::vector<double> qprev(m, 1.0);
    Eigen::VectorXd sol;
    bool solved = false;
    for (int sk = 0; sk < 6; ++sk) {
      Eigen::MatrixXd A(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(nu));
      Eigen::VectorXd b(static_cast<Eigen::Index>(m));
      for (std::size_t i = 0; i < m; ++i) {
        const double u = vs[i] / vmax, wt = ws[i] / std::fabs(qprev[i]);
        double pw = 1;
        for (int j = 0; j <= k; ++j, pw *= u) A(static_cast<Eigen::Index>(i), j) = wt * pw;  // p_j
        pw = 1;
        for (int j = 0; j < k; ++j, pw *= u) A(static_cast<Eigen::Index>(i), k + 1 + j) = -wt * ts[i] * pw;  // q_j
        b(static_cast<Eigen::Index>(i)) = wt * ts[i] * pw;  // t u^k (q_k = 1)
      }
      // Column scaling for the solve.
      Eigen::VectorXd sc = A.colwise().norm().transpose();
      for (Eigen::Index j = 0; j < sc.size(); ++j)
        if (!(sc[j] > 0)) sc[j] = 1;
      const Eigen::MatrixXd As = A * sc.cwiseInverse().asDiagonal();
      sol = As.colPivHouseholderQr().solve(b).cwiseQuotient(sc);
      if (!sol.allFinite()) break;
      solved = true;
      for (std::size_t i = 0; i < m; ++i) {
        const double u = vs[i] / vmax;
        double q = 0, pw = 1;
        for (int j = 0; j < k; ++j, pw *= u) q += sol[k + 1 + j] * pw;
        q += pw;
        qprev[i] = q != 0 ? q : 1e-300;
      }
    }
    if (!solved) continue;
    // Back to v: P(v) = sum p_j (v / vmax)^j; Q monic in v: multiply by vmax^k.
    Poly P(static_cast<std::size_t>(k) + 1), Q(static_cast<std::size_t>(k) + 1);
    for (int j = 0; j <= k; ++j) {
      const double sc = std::pow(vmax, k - j);
      P[static_cast<std::size_t>(j)] = sol[j] * sc;
      Q[static_cast<std::size_t>(j)] = (j < k ? sol[k + 1 + j] : 1.0) * sc;
    }
    // 3. c = lead(P); R = P - c Q; the continued fraction of R / Q.
    const double cc = P[static_cast<std::size_t>(k)];
    Poly R(static_cast<std::size_t>(k));
    for (int j = 0; j < k; ++j) R[static_cast<std::size_t>(j)] = P[static_cast<std::size_t>(j)] - cc * Q[static_cast<std::size_t>(j)];
    const std::vector<double> cf = continued_fraction(R, Q);
    if (cf.size() != static_cast<std::size_t>(2 * k)) continue;
    std::vector<double> vals{cc};
    vals.insert(vals.end(), cf.begin(), cf.end());
    if (!std::all_of(vals.begin(), vals.end(), [](double x) { return std::isfinite(x); })) continue;
    for (std::size_t j = 0; j < vals.size(); ++j) {
      const auto at = std::find(idx.begin(), idx.end(), ch.consts[j]);
      c[static_cast<std::size_t>(at - idx.begin())] = vals[j];
    }
    any = true;
  }
  return any;
}

bool has_pole_between(const Program& p, const std::vector<double>& c, const std::vector<double>& xs) {
  std::vector<char> live(p.size(), 0);
  live[p.result] = 1;
  for (std::uint32_t i = p.size(); i-- > 0;) {
    if (!live[i]) continue;
    for (int k = 0; k < ir::info(p.code[i].op).arity; ++k) live[p.code[i].args[static_cast<std::size_t>(k)]] = 1;
  }
  std::vector<double> regs, prev;
  for (std::size_t t = 0; t < xs.size(); ++t) {
    eval_forced(p, c, xs[t], UINT32_MAX, 0, regs);
    for (std::uint32_t i = 0; i < p.size(); ++i) {
      if (!live[i] || p.code[i].op != Op::Div) continue;
      const double den = regs[p.code[i].args[1]];
      if (den == 0 || !std::isfinite(den)) return true;
      if (t > 0 && (den > 0) != (prev[p.code[i].args[1]] > 0)) return true;
    }
    prev = regs;
  }
  return false;
}

}  // namespace uf::engine
