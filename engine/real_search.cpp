#include "engine/real_search.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_set>

#include "engine/constopt.h"
#include "engine/mutation.h"
#include "engine/rng.h"
#include "eval/interp.h"
#include "ir/apply.h"
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

RealProgram finish(ir::Program p, std::vector<double> c, double fit_err, const Checker& chk) {
  RealProgram r;
  r.ops = ir::op_count(p);
  r.fit_error = fit_err;
  r.mpfr_error = chk.max_rel(p, c);
  r.text = expr_text(p, c);
  r.program = std::move(p);
  r.constants = std::move(c);
  return r;
}

// Horner polynomial of degree n in t = x - mid (fma form; n + 1 ops with the shift).
ir::Program horner_program(int n, double mid) {
  ir::Builder b;
  auto t = b.emit(Op::Sub, b.input(), b.f(static_cast<float>(mid)));
  auto p = b.f(1.0f);
  for (int k = 0; k < n; ++k) p = b.emit(Op::Fma, p, t, b.f(1.0f));
  return std::move(b).finish(p);
}

}  // namespace

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
  const Checker chk(f, o);
  RealSearchResult res;

  struct Member {
    ir::Program p;
    std::vector<double> c;
    double err;
    std::size_t ops;
  };
  auto fitted = [&](const ir::Program& p) {
    Member m{p, {}, 0, ir::op_count(p)};
    fit_constants(p, fit, fo, &m.err, &m.c);
    if (m.c.empty()) {
      for (std::uint32_t i : const_indices(p)) m.c.push_back(ir::bits_to_float(p.code[i].imm));
    }
    if (!std::isfinite(m.err)) m.err = INFINITY;
    // Store the constants (rounded) in the program so that mutations start from them.
    auto idx = const_indices(m.p);
    for (std::size_t k = 0; k < idx.size() && k < m.c.size(); ++k) {
      const float v = static_cast<float>(m.c[k]);
      if (std::isfinite(v)) m.p.code[idx[k]].imm = ir::float_to_bits(v);
    }
    return m;
  };

  // Regularised evolution, single-threaded (fits in double are cheap).
  InsertOp ins;
  ins.ops = {Op::Add, Op::Sub, Op::Mul, Op::Fma, Op::Div};
  ins.max_size = o.max_ops * 2 + 2;
  ChangeOp chg;
  chg.ops = ins.ops;
  MutationMix mix;
  mix.entries = {{0.4, ins}, {0.2, RemoveOp{}}, {0.2, RewireOperand{}}, {0.2, chg}};
  Rng rng(o.seed, 0);
  std::vector<Member> pop;
  pop.push_back(fitted(ir::identity_program()));
  std::vector<Member> archive;  // best error per op count
  auto archive_insert = [&](const Member& m) {
    if (m.ops > o.max_ops || !std::isfinite(m.err)) return;
    if (archive.size() <= m.ops) archive.resize(m.ops + 1, Member{ir::identity_program(), {}, INFINITY, 0});
    if (m.err < archive[m.ops].err) archive[m.ops] = m;
  };
  archive_insert(pop.front());
  std::unordered_set<std::uint64_t> seen;
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < o.time_limit) {
    // Tournament: lowest error among programs within the op budget, ties by size.
    std::size_t best = rng.below(pop.size());
    for (int k = 1; k < o.tournament; ++k) {
      const std::size_t c = rng.below(pop.size());
      if (pop[c].err < pop[best].err) best = c;
    }
    ir::Program child = mix(rng, pop[best].p);
    if (ir::op_count(child) > o.max_ops || !seen.insert(ir::structural_hash(child)).second) continue;
    Member m = fitted(child);
    ++res.evaluations;
    archive_insert(m);
    pop.push_back(std::move(m));
    if (pop.size() > o.population) pop.erase(pop.begin());
  }
  // Pareto front over op counts: keep a count only if it beats every smaller one.
  double best_err = INFINITY;
  for (auto& m : archive) {
    if (!std::isfinite(m.err) || m.err >= best_err) continue;
    best_err = m.err;
    res.front.push_back(finish(m.p, m.c, m.err, chk));
  }
  const double mid = 0.5 * (o.lo + o.hi);
  for (std::size_t ops = 1; ops <= o.max_ops; ++ops) {
    const int n = static_cast<int>(ops) - 1;  // one op for the shift x - mid
    ir::Program h = horner_program(n, mid);
    std::vector<double> c;  // const order: mid, then c_n ... c_0
    c.push_back(mid);
    if (taylor_coeff && n >= 1) {
      for (int k = n; k >= 0; --k) c.push_back(taylor_coeff(k));
      res.taylor.push_back(finish(h, c, NAN, chk));
    }
    // Near-minimax: degree-`ops` Horner polynomial in x (no shift; linear in its
    // coefficients, so the Lawson iteration converges to the minimax solution).
    ir::Builder hb;
    auto q = hb.f(1.0f);
    for (std::size_t k = 0; k < ops; ++k) q = hb.emit(Op::Fma, q, hb.input(), hb.f(1.0f));
    Member mm = fitted(std::move(hb).finish(q));
    res.minimax.push_back(finish(mm.p, mm.c, mm.err, chk));
  }
  res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

std::string real_result_markdown(const RealSearchResult& r, const RealSearchOptions& o) {
  std::ostringstream md;
  md << "| ops | search: max rel error | Taylor (about the midpoint) | near-minimax Horner |\n|---|---|---|---|\n";
  for (std::size_t ops = 1; ops <= o.max_ops; ++ops) {
    auto find = [&](const std::vector<RealProgram>& v) -> std::string {
      for (const auto& p : v) {
        if (p.ops == ops) {
          char buf[32];
          std::snprintf(buf, sizeof buf, "%.3g", p.mpfr_error);
          return buf;
        }
      }
      return "";
    };
    const std::string a = find(r.front), b = find(r.taylor), c = find(r.minimax);
    if (a.empty() && b.empty() && c.empty()) continue;
    md << "| " << ops << " | " << a << " | " << b << " | " << c << " |\n";
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
         {"evaluations", r.evaluations},
         {"front", list(r.front)},
         {"taylor", list(r.taylor)},
         {"minimax_lawson", list(r.minimax)}};
  return j.dump(2) + "\n";
}

}  // namespace uf::engine
