#include "engine/real_certify.h"

#include <mpfi.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace uf::engine {

namespace {

using ir::Op;

// An MPFI interval that frees itself.
struct Iv {
  mpfi_t v;
  explicit Iv(unsigned bits) { mpfi_init2(v, bits); }
  Iv(const Iv& o) {
    mpfi_init2(v, mpfi_get_prec(o.v));
    mpfi_set(v, o.v);
  }
  Iv& operator=(const Iv& o) {
    if (this != &o) mpfi_set(v, o.v);
    return *this;
  }
  ~Iv() { mpfi_clear(v); }
};

// A second-order jet: f, f', f'' over one interval.
struct Jet {
  Iv d0, d1, d2;
  explicit Jet(unsigned b) : d0(b), d1(b), d2(b) {}
};

struct JetMath {
  unsigned bits;
  Iv t1, t2, t3;
  explicit JetMath(unsigned b) : bits(b), t1(b), t2(b), t3(b) {}

  void add(Jet& o, const Jet& a, const Jet& b) {
    mpfi_add(o.d0.v, a.d0.v, b.d0.v);
    mpfi_add(o.d1.v, a.d1.v, b.d1.v);
    mpfi_add(o.d2.v, a.d2.v, b.d2.v);
  }
  void sub(Jet& o, const Jet& a, const Jet& b) {
    mpfi_sub(o.d0.v, a.d0.v, b.d0.v);
    mpfi_sub(o.d1.v, a.d1.v, b.d1.v);
    mpfi_sub(o.d2.v, a.d2.v, b.d2.v);
  }
  void neg(Jet& o, const Jet& a) {
    mpfi_neg(o.d0.v, a.d0.v);
    mpfi_neg(o.d1.v, a.d1.v);
    mpfi_neg(o.d2.v, a.d2.v);
  }
  // (ab)'' = a''b + 2a'b' + ab''
  void mul(Jet& o, const Jet& a, const Jet& b) {
    mpfi_mul(t1.v, a.d2.v, b.d0.v);
    mpfi_mul(t2.v, a.d1.v, b.d1.v);
    mpfi_mul_2ui(t2.v, t2.v, 1);
    mpfi_add(t1.v, t1.v, t2.v);
    mpfi_mul(t2.v, a.d0.v, b.d2.v);
    mpfi_add(t3.v, t1.v, t2.v);  // d2
    mpfi_mul(t1.v, a.d1.v, b.d0.v);
    mpfi_mul(t2.v, a.d0.v, b.d1.v);
    mpfi_add(t1.v, t1.v, t2.v);  // d1
    mpfi_mul(o.d0.v, a.d0.v, b.d0.v);
    mpfi_set(o.d1.v, t1.v);
    mpfi_set(o.d2.v, t3.v);
  }
  // q = a / b: q' = (a' - q b') / b, q'' = (a'' - 2 q' b' - q b'') / b
  void div(Jet& o, const Jet& a, const Jet& b) {
    Jet q(bits);
    mpfi_div(q.d0.v, a.d0.v, b.d0.v);
    mpfi_mul(t1.v, q.d0.v, b.d1.v);
    mpfi_sub(t1.v, a.d1.v, t1.v);
    mpfi_div(q.d1.v, t1.v, b.d0.v);
    mpfi_mul(t1.v, q.d1.v, b.d1.v);
    mpfi_mul_2ui(t1.v, t1.v, 1);
    mpfi_sub(t1.v, a.d2.v, t1.v);
    mpfi_mul(t2.v, q.d0.v, b.d2.v);
    mpfi_sub(t1.v, t1.v, t2.v);
    mpfi_div(q.d2.v, t1.v, b.d0.v);
    o = std::move(q);
  }
  // g(u) with g, g', g'' enclosed at u.d0: (g, g' u1, g'' u1^2 + g' u2)
  void chain(Jet& o, const Jet& u, const Iv& g0, const Iv& g1, const Iv& g2) {
    mpfi_sqr(t1.v, u.d1.v);
    mpfi_mul(t1.v, t1.v, g2.v);
    mpfi_mul(t2.v, g1.v, u.d2.v);
    mpfi_add(o.d2.v, t1.v, t2.v);
    mpfi_mul(o.d1.v, g1.v, u.d1.v);
    mpfi_set(o.d0.v, g0.v);
  }
};

enum class Fn { Exp, Exp2, Log, Sin, Cos, Tanh, None };

Fn function_of(const std::string& name) {
  if (name == "exp") return Fn::Exp;
  if (name == "exp2") return Fn::Exp2;
  if (name == "log") return Fn::Log;
  if (name == "sin") return Fn::Sin;
  if (name == "cos") return Fn::Cos;
  if (name == "tanh") return Fn::Tanh;
  return Fn::None;
}

// The jet of f at the input jet x = (X, 1, 0).
void function_jet(Fn fn, Jet& o, const Jet& x, JetMath& m) {
  const unsigned b = m.bits;
  Iv g0(b), g1(b), g2(b), c(b);
  const mpfi_srcptr u = x.d0.v;
  switch (fn) {
    case Fn::Exp:
      mpfi_exp(g0.v, u);
      mpfi_set(g1.v, g0.v);
      mpfi_set(g2.v, g0.v);
      break;
    case Fn::Exp2:
      mpfi_exp2(g0.v, u);
      mpfi_const_log2(c.v);
      mpfi_mul(g1.v, g0.v, c.v);
      mpfi_mul(g2.v, g1.v, c.v);
      break;
    case Fn::Log:
      mpfi_log(g0.v, u);
      mpfi_ui_div(g1.v, 1, u);
      mpfi_sqr(g2.v, g1.v);
      mpfi_neg(g2.v, g2.v);
      break;
    case Fn::Sin:
      mpfi_sin(g0.v, u);
      mpfi_cos(g1.v, u);
      mpfi_neg(g2.v, g0.v);
      break;
    case Fn::Cos:
      mpfi_cos(g0.v, u);
      mpfi_sin(g1.v, u);
      mpfi_neg(g1.v, g1.v);
      mpfi_neg(g2.v, g0.v);
      break;
    case Fn::Tanh:  // g' = 1 - g^2, g'' = -2 g g'
      mpfi_tanh(g0.v, u);
      mpfi_sqr(c.v, g0.v);
      mpfi_ui_sub(g1.v, 1, c.v);
      mpfi_mul(g2.v, g0.v, g1.v);
      mpfi_mul_si(g2.v, g2.v, -2);
      break;
    case Fn::None:
      break;
  }
  m.chain(o, x, g0, g1, g2);
}

bool jet_program(const ir::Program& p) {
  for (const ir::Instr& in : p.code) {
    switch (in.op) {
      case Op::Input: case Op::Const: case Op::Add: case Op::Sub: case Op::Mul: case Op::Div:
      case Op::Fma: case Op::Neg:
        break;
      default:
        return false;
    }
  }
  return true;
}

// r = P / f - 1 as a jet over the interval [a, b] (a point when a == b). False when some
// value's enclosure is unbounded or NaN: MPFI takes 0 x [-inf, inf] = 0, so a pole
// multiplied by an exact zero would otherwise vanish from the result.
bool error_jet(const ir::Program& p, const std::vector<double>& consts, Fn fn, mpfr_srcptr a,
               mpfr_srcptr b, JetMath& m, std::vector<Jet>& v, Jet& r) {
  const unsigned bits = m.bits;
  Jet x(bits);
  mpfi_interv_fr(x.d0.v, a, b);
  mpfi_set_ui(x.d1.v, 1);
  mpfi_set_ui(x.d2.v, 0);
  std::size_t ci = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const ir::Instr& in = p.code[i];
    Jet& o = v[i];
    const auto A = [&](int k) -> const Jet& { return v[in.args[static_cast<std::size_t>(k)]]; };
    switch (in.op) {
      case Op::Input:
        o = x;
        break;
      case Op::Const:
        mpfi_set_d(o.d0.v, ci < consts.size() ? consts[ci] : static_cast<double>(ir::bits_to_float(in.imm)));
        ++ci;
        mpfi_set_ui(o.d1.v, 0);
        mpfi_set_ui(o.d2.v, 0);
        break;
      case Op::Add: m.add(o, A(0), A(1)); break;
      case Op::Sub: m.sub(o, A(0), A(1)); break;
      case Op::Mul: m.mul(o, A(0), A(1)); break;
      case Op::Div: m.div(o, A(0), A(1)); break;
      case Op::Neg: m.neg(o, A(0)); break;
      case Op::Fma: {
        Jet t(bits);
        m.mul(t, A(0), A(1));
        m.add(o, t, A(2));
        break;
      }
      default:
        break;
    }
  }
  // Live values only (a dead division by zero changes nothing).
  std::vector<char> live(p.size(), 0);
  live[p.result] = 1;
  for (std::size_t i = p.size(); i-- > 0;) {
    if (!live[i]) continue;
    for (int k = 0; k < ir::info(p.code[i].op).arity; ++k) live[p.code[i].args[static_cast<std::size_t>(k)]] = 1;
  }
  bool bounded = true;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (!live[i]) continue;
    for (mpfi_srcptr z : {v[i].d0.v, v[i].d1.v, v[i].d2.v}) bounded = bounded && mpfi_bounded_p(z) && !mpfi_nan_p(z);
  }
  Jet f(bits);
  function_jet(fn, f, x, m);
  m.div(r, v[p.result], f);
  mpfi_sub_ui(r.d0.v, r.d0.v, 1);
  return bounded;
}

}  // namespace

bool certifiable_function(const std::string& function) { return function_of(function) != Fn::None; }

std::optional<Certificate> certify_relative_error(const ir::Program& p, const std::vector<double>& consts,
                                                  const std::string& function, double lo, double hi,
                                                  double estimate, const CertifyOptions& opt) {
  const Fn fn = function_of(function);
  if (fn == Fn::None || !jet_program(p) || !(lo < hi) || !std::isfinite(lo) || !std::isfinite(hi) ||
      !(estimate >= 0) || !std::isfinite(estimate) || opt.initial_boxes < 1 ||
      opt.bits < 64)
    return std::nullopt;
  const unsigned bits = opt.bits;
  JetMath m(bits);
  std::vector<Jet> v;
  v.reserve(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) v.emplace_back(bits);
  Jet rp(bits), rx(bits);
  Iv lin(bits), h(bits), t(bits);
  mpfr_t a, b, mid, bound, best, goal, tmp;
  for (mpfr_ptr z : {a, b, mid, bound, best, goal, tmp}) mpfr_init2(z, bits);
  mpfr_set_d(goal, estimate * opt.goal_factor, MPFR_RNDU);
  mpfr_set_ui(best, 0, MPFR_RNDN);
  // Boxes as [lo + k w, lo + (k + 1) w] at level `depth`: w = (hi - lo) / (initial * 2^depth),
  // endpoints computed in MPFR (exact enough at 128 bits; a box is enclosed, not rounded).
  struct Box {
    std::size_t k;
    int depth;
  };
  std::vector<Box> stack;
  for (std::size_t k = opt.initial_boxes; k-- > 0;) stack.push_back({k, 0});
  std::size_t boxes = 0;
  bool ok = true;
  const auto endpoint = [&](mpfr_ptr out, std::size_t k, int depth) {
    // The ends are lo and hi exactly (hi - lo may round when their exponents are far apart).
    if (k == 0) return static_cast<void>(mpfr_set_d(out, lo, MPFR_RNDN));
    if (k == (opt.initial_boxes << depth)) return static_cast<void>(mpfr_set_d(out, hi, MPFR_RNDN));
    // lo + (hi - lo) * k / (initial * 2^depth), rounded outward by the caller's use.
    mpfr_set_d(tmp, hi, MPFR_RNDN);
    mpfr_sub_d(out, tmp, lo, MPFR_RNDN);  // hi - lo in MPFR (a double difference may round)
    {  // out *= k with k < 2^49, in two 32-bit halves (unsigned long may be 32 bits)
      mpfr_t hi_part;
      mpfr_init2(hi_part, bits);
      mpfr_mul_ui(hi_part, out, static_cast<unsigned long>(static_cast<std::uint64_t>(k) >> 32), MPFR_RNDN);
      mpfr_mul_2ui(hi_part, hi_part, 32, MPFR_RNDN);
      mpfr_mul_ui(out, out, static_cast<unsigned long>(static_cast<std::uint64_t>(k) & 0xffffffffu), MPFR_RNDN);
      mpfr_add(out, out, hi_part, MPFR_RNDN);
      mpfr_clear(hi_part);
    }
    mpfr_div_ui(out, out, static_cast<unsigned long>(opt.initial_boxes), MPFR_RNDN);
    mpfr_div_2ui(out, out, static_cast<unsigned long>(depth), MPFR_RNDN);
    mpfr_add_d(out, out, lo, MPFR_RNDN);
  };
  while (!stack.empty()) {
    const Box bx = stack.back();
    stack.pop_back();
    if (++boxes > opt.max_boxes || bx.depth > 40) {
      ok = false;
      break;
    }
    endpoint(a, bx.k, bx.depth);
    endpoint(b, bx.k + 1, bx.depth);
    // Any rounding of the endpoints only moves the boxes' shared boundaries: adjacent
    // boxes use the same computed point, so together they still cover [lo, hi].
    mpfr_add(mid, a, b, MPFR_RNDN);
    mpfr_div_2ui(mid, mid, 1, MPFR_RNDN);
    // h ranges over [a - mid, b - mid] (enclosed outward).
    {
      mpfr_t ha, hb;
      mpfr_init2(ha, bits);
      mpfr_init2(hb, bits);
      mpfr_sub(ha, a, mid, MPFR_RNDD);
      mpfr_sub(hb, b, mid, MPFR_RNDU);
      mpfi_interv_fr(h.v, ha, hb);
      mpfr_clear(ha);
      mpfr_clear(hb);
    }
    const bool bounded = error_jet(p, consts, fn, mid, mid, m, v, rp) && error_jet(p, consts, fn, a, b, m, v, rx);
    // |r(m) + r'(m) h| + |r''(X)| h^2 / 2
    mpfi_mul(lin.v, rp.d1.v, h.v);
    mpfi_add(lin.v, lin.v, rp.d0.v);
    mpfi_sqr(t.v, h.v);
    mpfi_mul(t.v, t.v, rx.d2.v);
    mpfi_div_2ui(t.v, t.v, 1);
    mpfi_mag(bound, lin.v);
    mpfi_mag(tmp, t.v);
    mpfr_add(bound, bound, tmp, MPFR_RNDU);
    const bool finite = bounded && mpfr_number_p(bound) != 0;
    if (finite && mpfr_cmp(bound, goal) <= 0) {
      if (mpfr_cmp(bound, best) > 0) mpfr_set(best, bound, MPFR_RNDU);
      continue;
    }
    // A box whose point value alone is above the goal: the goal was too low (the sampled
    // estimate missed the max); raise it to this box's bound and go on.
    mpfi_mag(tmp, rp.d0.v);
    if (finite && mpfr_cmp(tmp, goal) > 0) {
      mpfr_mul_d(goal, tmp, opt.goal_factor, MPFR_RNDU);
      if (mpfr_cmp(bound, goal) <= 0) {
        if (mpfr_cmp(bound, best) > 0) mpfr_set(best, bound, MPFR_RNDU);
        continue;
      }
    }
    stack.push_back({2 * bx.k + 1, bx.depth + 1});
    stack.push_back({2 * bx.k, bx.depth + 1});
  }
  Certificate c;
  c.bound = mpfr_get_d(best, MPFR_RNDU);
  c.boxes = boxes;
  for (mpfr_ptr z : {a, b, mid, bound, best, goal, tmp}) mpfr_clear(z);
  if (!ok) return std::nullopt;
  return c;
}

}  // namespace uf::engine
