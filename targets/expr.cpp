#include "targets/expr.h"

#include <mpfi.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <cstdlib>
#include <limits>
#include <numbers>
#include <stdexcept>

namespace uf::targets {

namespace {

// Interval versions of erf and erfc (MPFI has neither): both are monotone, so the
// image of [l, r] is [erf(l), erf(r)] and [erfc(r), erfc(l)], rounded outward.
int interval_erf(mpfi_ptr rop, mpfi_srcptr a) {
  mpfr_erf(&rop->left, &a->left, MPFR_RNDD);
  mpfr_erf(&rop->right, &a->right, MPFR_RNDU);
  return 0;
}
int interval_erfc(mpfi_ptr rop, mpfi_srcptr a) {
  mpfr_t lo, hi;
  mpfr_inits2(mpfi_get_prec(rop), lo, hi, static_cast<mpfr_ptr>(nullptr));
  mpfr_erfc(lo, &a->right, MPFR_RNDD);
  mpfr_erfc(hi, &a->left, MPFR_RNDU);
  mpfr_set(&rop->left, lo, MPFR_RNDD);
  mpfr_set(&rop->right, hi, MPFR_RNDU);
  mpfr_clears(lo, hi, static_cast<mpfr_ptr>(nullptr));
  return 0;
}

enum class F : std::uint8_t {
  Exp, Exp2, Expm1, Log, Log2, Log1p, Sqrt, Cbrt, Sin, Cos, Tan, Tanh, Atan, Erf, Erfc, Pow
};

// ulps: the bound assumed for the double function's own error, in double ULPs of its
// result. sqrt is IEEE-754 correctly rounded (0.5). For the others, glibc's manual
// ("Errors in Math Functions", x86_64 double, i.e. libm-test-ulps) lists known maximum
// errors of at most 2 ulp except cbrt (4) and erfc (5); exp, exp2, log, log2, pow,
// sin and cos are designed to be below 1 ulp (glibc >= 2.28). These figures come from
// testing, not proof, so we assume 8 ulp (16 for cbrt and erfc), four times and more
// the published figures; the bounds below are as trustworthy as that assumption.
struct FnDef {
  std::string_view name;
  int arity;
  F id;
  double ulps;
  double (*fast1)(double);
  int (*exact1)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t);
  int (*interval1)(mpfi_ptr, mpfi_srcptr);
};

const std::vector<FnDef>& fn_table() {
  static const std::vector<FnDef> t = {
      {"exp", 1, F::Exp, 8, ::exp, mpfr_exp, mpfi_exp},
      {"exp2", 1, F::Exp2, 8, ::exp2, mpfr_exp2, mpfi_exp2},
      {"expm1", 1, F::Expm1, 8, ::expm1, mpfr_expm1, mpfi_expm1},
      {"log", 1, F::Log, 8, ::log, mpfr_log, mpfi_log},
      {"log2", 1, F::Log2, 8, ::log2, mpfr_log2, mpfi_log2},
      {"log1p", 1, F::Log1p, 8, ::log1p, mpfr_log1p, mpfi_log1p},
      {"sqrt", 1, F::Sqrt, 0.5, ::sqrt, mpfr_sqrt, mpfi_sqrt},
      {"cbrt", 1, F::Cbrt, 16, ::cbrt, mpfr_cbrt, mpfi_cbrt},
      {"sin", 1, F::Sin, 8, ::sin, mpfr_sin, mpfi_sin},
      {"cos", 1, F::Cos, 8, ::cos, mpfr_cos, mpfi_cos},
      {"tan", 1, F::Tan, 8, ::tan, mpfr_tan, mpfi_tan},
      {"tanh", 1, F::Tanh, 8, ::tanh, mpfr_tanh, mpfi_tanh},
      {"atan", 1, F::Atan, 8, ::atan, mpfr_atan, mpfi_atan},
      {"erf", 1, F::Erf, 8, ::erf, mpfr_erf, interval_erf},
      {"erfc", 1, F::Erfc, 16, ::erfc, mpfr_erfc, interval_erfc},
      {"pow", 2, F::Pow, 8, nullptr, nullptr, nullptr},
  };
  return t;
}

// A rigorous bound on |value - literal|: the literal read at 1200 bits rounded down and
// up encloses its exact value (decimal literals of at most ~350 digits are exact at
// that precision; others are enclosed by the two roundings), and the larger distance
// to the double is rounded up.
double literal_error(const std::string& lit, double value) {
  if (!std::isfinite(value)) return std::numeric_limits<double>::infinity();
  mpfr_t lo, hi, d;
  mpfr_inits2(1200, lo, hi, d, static_cast<mpfr_ptr>(nullptr));
  char* end = nullptr;
  mpfr_strtofr(lo, lit.c_str(), &end, 0, MPFR_RNDD);
  const bool whole = end && *end == 0;
  mpfr_strtofr(hi, lit.c_str(), &end, 0, MPFR_RNDU);
  double err = std::numeric_limits<double>::infinity();
  if (whole) {
    mpfr_sub_d(lo, lo, value, MPFR_RNDD);
    mpfr_sub_d(hi, hi, value, MPFR_RNDU);
    mpfr_abs(lo, lo, MPFR_RNDU);
    mpfr_abs(hi, hi, MPFR_RNDU);
    mpfr_max(d, lo, hi, MPFR_RNDU);
    err = mpfr_get_d(d, MPFR_RNDU);
  }
  mpfr_clears(lo, hi, d, static_cast<mpfr_ptr>(nullptr));
  return err;
}

// Recursive-descent parser; every error carries the 1-based column.
//   expr    := term (('+' | '-') term)*
//   term    := unary (('*' | '/') unary)*
//   unary   := ('-' | '+') unary | power
//   power   := primary ('^' unary)?
//   primary := number | 'x' | 'pi' | name '(' expr (',' expr)* ')' | '(' expr ')'
class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  ExprParse run() {
    ExprParse out;
    try {
      skip();
      if (pos_ >= s_.size()) fail("expected an expression, found end of input");
      expr();
      skip();
      if (pos_ < s_.size()) fail("expected an operator or end of input, found " + found());
      out.expr = std::move(e_);
      out.expr->text = std::string(s_);
    } catch (const ExprError& err) {
      out.error = err;
    }
    return out;
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
  Expr e_;
  int depth_ = 0;

  [[noreturn]] void fail(std::string msg, std::size_t at = std::string_view::npos) {
    throw ExprError{(at == std::string_view::npos ? pos_ : at) + 1, std::move(msg)};
  }
  std::string found() const {
    if (pos_ >= s_.size()) return "end of input";
    return std::string("'") + s_[pos_] + "'";
  }
  void skip() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool eat(char c) {
    skip();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  void push(Expr::Kind k) { e_.postfix.push_back(Expr::Node{k, 0, 0, {}, -1}); }

  void expr() {
    if (++depth_ > 200) fail("expression nested too deeply");
    term();
    for (;;) {
      if (eat('+')) { term(); push(Expr::Kind::Add); }
      else if (eat('-')) { term(); push(Expr::Kind::Sub); }
      else break;
    }
    --depth_;
  }
  void term() {
    unary();
    for (;;) {
      if (eat('*')) { unary(); push(Expr::Kind::Mul); }
      else if (eat('/')) { unary(); push(Expr::Kind::Div); }
      else break;
    }
  }
  void unary() {
    if (++depth_ > 200) fail("expression nested too deeply");
    if (eat('-')) { unary(); push(Expr::Kind::Neg); }
    else if (eat('+')) { unary(); }
    else power();
    --depth_;
  }
  void power() {
    primary();
    if (eat('^')) { unary(); push(Expr::Kind::Pow); }
  }
  void primary() {
    skip();
    if (pos_ >= s_.size()) fail("expected a number, 'x', a function or '(', found end of input");
    const char c = s_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') return number();
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') return name();
    if (c == '(') {
      ++pos_;
      expr();
      if (!eat(')')) fail("expected ')', found " + found());
      return;
    }
    fail("expected a number, 'x', a function or '(', found " + found());
  }
  void number() {
    const std::size_t start = pos_;
    std::string rest(s_.substr(pos_));
    char* end = nullptr;
    const double v = std::strtod(rest.c_str(), &end);
    const std::size_t len = static_cast<std::size_t>(end - rest.c_str());
    if (len == 0) fail("malformed number");
    // strtod accepts "inf"/"nan" spellings only after a letter, which never reach here.
    pos_ += len;
    if (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_'))
      fail("malformed number '" + std::string(s_.substr(start, pos_ - start + 1)) + "'", start);
    Expr::Node n;
    n.kind = Expr::Kind::Num;
    n.value = v;
    n.literal = std::string(s_.substr(start, len));
    n.value_err = literal_error(n.literal, v);
    e_.postfix.push_back(std::move(n));
  }
  void name() {
    const std::size_t start = pos_;
    while (pos_ < s_.size() &&
           (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_'))
      ++pos_;
    const std::string_view id = s_.substr(start, pos_ - start);
    skip();
    const bool call = pos_ < s_.size() && s_[pos_] == '(';
    if (!call) {
      if (id == "x") return push(Expr::Kind::X);
      if (id == "pi") return push(Expr::Kind::Pi);
      for (const FnDef& f : fn_table())
        if (f.name == id) fail("expected '(' after function '" + std::string(id) + "'");
      fail("unknown name '" + std::string(id) + "' (the variable is x; constants: pi)", start);
    }
    int fn = -1;
    for (std::size_t i = 0; i < fn_table().size(); ++i)
      if (fn_table()[i].name == id) fn = static_cast<int>(i);
    if (fn < 0) {
      std::string known;
      for (const FnDef& f : fn_table()) known += (known.empty() ? "" : " ") + std::string(f.name);
      fail("unknown function '" + std::string(id) + "' (known: " + known + ")", start);
    }
    ++pos_;  // '('
    const int arity = fn_table()[static_cast<std::size_t>(fn)].arity;
    for (int a = 0; a < arity; ++a) {
      if (a > 0 && !eat(','))
        fail(std::string(id) + " takes " + std::to_string(arity) + " arguments: expected ',', found " + found());
      expr();
    }
    if (!eat(')')) {
      fail(std::string(id) + " takes " + std::to_string(arity) +
           (arity == 1 ? " argument" : " arguments") + ": expected ')', found " + found());
    }
    Expr::Node n;
    n.kind = Expr::Kind::Fn;
    n.fn = fn;
    e_.postfix.push_back(std::move(n));
  }
};

}  // namespace

const std::vector<std::string_view>& function_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> v;
    for (const FnDef& f : fn_table()) v.push_back(f.name);
    return v;
  }();
  return names;
}

ExprParse parse_expr(std::string_view text) { return Parser(text).run(); }

double Expr::eval(double x) const {
  double st[256] = {};
  std::vector<double> heap;
  double* s = st;
  if (postfix.size() > 256) {
    heap.resize(postfix.size());
    s = heap.data();
  }
  std::size_t n = 0;
  for (const Node& nd : postfix) {
    switch (nd.kind) {
      case Kind::Num: s[n++] = nd.value; break;
      case Kind::X: s[n++] = x; break;
      case Kind::Pi: s[n++] = std::numbers::pi; break;
      case Kind::Neg: s[n - 1] = -s[n - 1]; break;
      case Kind::Add: --n; s[n - 1] += s[n]; break;
      case Kind::Sub: --n; s[n - 1] -= s[n]; break;
      case Kind::Mul: --n; s[n - 1] *= s[n]; break;
      case Kind::Div: --n; s[n - 1] /= s[n]; break;
      case Kind::Pow: --n; s[n - 1] = std::pow(s[n - 1], s[n]); break;
      case Kind::Fn: {
        const FnDef& f = fn_table()[static_cast<std::size_t>(nd.fn)];
        if (f.arity == 2) {
          --n;
          s[n - 1] = std::pow(s[n - 1], s[n]);
        } else {
          s[n - 1] = f.fast1(s[n - 1]);
        }
        break;
      }
    }
  }
  return s[0];
}

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

// ---------------------------------------------------------------------------------
// Exact evaluation (eval_mpfr): Ziv's strategy over MPFI interval evaluation.
//
// At working precision p every operation is done in MPFI, whose results enclose the
// exact image of their argument intervals, so the final interval [l, r] encloses f(x)
// whatever cancellation happened. If l and r round (to nearest, at prec(rop)) to the
// same number, that number is f(x) correctly rounded: rounding is monotone. Otherwise
// p doubles (cancellation of k bits needs about k + prec(rop) bits), up to kMaxPrec.
// Ends: an enclosure that is not finite (a NaN, a pole, log of an interval reaching
// 0) defers to plain MPFR at p when that gives NaN or an infinity (the special value
// is the answer), and is refined otherwise; an enclosure narrower than
// 2^-1100 max(1, |mid|) that still straddles a rounding boundary (f(x) exactly zero
// or exactly halfway) returns its midpoint, within 2^-1100 of f(x), far below any
// double or float32 resolution; at kMaxPrec the plain MPFR value at kMaxPrec is
// returned.

namespace {

constexpr mpfr_prec_t kMaxPrec = 1 << 14;

// pow over intervals (MPFI has none): the corner enclosure described above, with
// directed rounding at each corner; NaN endpoints when it does not apply.
void interval_pow(mpfi_ptr rop, mpfi_srcptr a, mpfi_srcptr b) {
  const mpfr_prec_t p = mpfi_get_prec(rop);
  mpfr_t lo, hi, c;
  mpfr_inits2(p, lo, hi, c, static_cast<mpfr_ptr>(nullptr));
  mpfr_set_inf(lo, 1);
  mpfr_set_inf(hi, -1);
  bool ok = true;
  auto corner = [&](mpfr_srcptr u, mpfr_srcptr w) {
    mpfr_pow(c, u, w, MPFR_RNDD);
    if (mpfr_nan_p(c)) ok = false;
    mpfr_min(lo, lo, c, MPFR_RNDD);
    mpfr_pow(c, u, w, MPFR_RNDU);
    if (mpfr_nan_p(c)) ok = false;
    mpfr_max(hi, hi, c, MPFR_RNDU);
  };
  const bool point_int = mpfr_equal_p(&b->left, &b->right) && mpfr_integer_p(&b->left);
  if (mpfr_sgn(&a->left) >= 0) {
    corner(&a->left, &b->left);
    corner(&a->left, &b->right);
    corner(&a->right, &b->left);
    corner(&a->right, &b->right);
  } else if (point_int) {
    corner(&a->left, &b->left);
    corner(&a->right, &b->left);
    if (mpfr_sgn(&a->right) >= 0) {  // contains 0
      if (mpfr_sgn(&b->left) <= 0) ok = false;
      mpfr_set_zero(c, 1);
      mpfr_min(lo, lo, c, MPFR_RNDD);
      mpfr_max(hi, hi, c, MPFR_RNDU);
    }
  } else {
    ok = false;
  }
  if (ok) {
    mpfr_set(&rop->left, lo, MPFR_RNDD);
    mpfr_set(&rop->right, hi, MPFR_RNDU);
  } else {
    mpfr_set_nan(&rop->left);
    mpfr_set_nan(&rop->right);
  }
  mpfr_clears(lo, hi, c, static_cast<mpfr_ptr>(nullptr));
}

// Enclosure of the expression at x with every operation at precision p.
// Intermediates beyond 2^kExpLimit overflow to +-inf and below 2^-kExpLimit underflow to
// +-0 in the plain evaluation, as in a binary format with binary128's exponent range;
// an interval reaching beyond 2^kExpLimit becomes the whole line, which sends the
// evaluation to the plain path. Every double (and so every value the fast oracle can
// follow) is far inside that range. Without the limit MPFR's 2^62 exponent range lets
// tan(pi^344444422) run for minutes: its argument reduction works at hundreds of
// millions of bits (found by fuzz/expr_fuzz.cpp).
constexpr mpfr_exp_t kExpLimit = 16384;
void clamp_exponent(mpfr_ptr v) {
  if (!mpfr_regular_p(v)) return;
  const mpfr_exp_t e = mpfr_get_exp(v);
  if (e > kExpLimit) {
    mpfr_set_inf(v, mpfr_sgn(v));
  } else if (e < -kExpLimit) {
    mpfr_set_zero(v, mpfr_sgn(v));
  }
}
void clamp_exponent(mpfi_ptr v) {
  const bool huge = (mpfr_regular_p(&v->left) && mpfr_get_exp(&v->left) > kExpLimit) ||
                    (mpfr_regular_p(&v->right) && mpfr_get_exp(&v->right) > kExpLimit);
  if (huge) {
    mpfr_set_inf(&v->left, -1);
    mpfr_set_inf(&v->right, 1);
  }
}

void eval_interval(const Expr& e, mpfi_ptr out, const mpfr_t x, mpfr_prec_t p) {
  std::vector<__mpfi_struct> st(e.postfix.size());
  for (auto& v : st) mpfi_init2(&v, p);
  std::size_t n = 0;
  auto at = [&](std::size_t i) -> mpfi_ptr { return &st[i]; };
  for (const Expr::Node& nd : e.postfix) {
    switch (nd.kind) {
      case Expr::Kind::Num: {
        char* end = nullptr;
        mpfi_ptr r = at(n++);
        mpfr_strtofr(&r->left, nd.literal.c_str(), &end, 0, MPFR_RNDD);
        const bool whole = end && *end == 0;
        mpfr_strtofr(&r->right, nd.literal.c_str(), &end, 0, MPFR_RNDU);
        if (!whole) mpfi_set_d(r, nd.value);
        break;
      }
      case Expr::Kind::X: mpfi_set_fr(at(n++), x); break;
      case Expr::Kind::Pi: mpfi_const_pi(at(n++)); break;
      case Expr::Kind::Neg: mpfi_neg(at(n - 1), at(n - 1)); break;
      case Expr::Kind::Add: --n; mpfi_add(at(n - 1), at(n - 1), at(n)); break;
      case Expr::Kind::Sub: --n; mpfi_sub(at(n - 1), at(n - 1), at(n)); break;
      case Expr::Kind::Mul: --n; mpfi_mul(at(n - 1), at(n - 1), at(n)); break;
      case Expr::Kind::Div: --n; mpfi_div(at(n - 1), at(n - 1), at(n)); break;
      case Expr::Kind::Pow: --n; interval_pow(at(n - 1), at(n - 1), at(n)); break;
      case Expr::Kind::Fn: {
        const FnDef& f = fn_table()[static_cast<std::size_t>(nd.fn)];
        if (f.arity == 2) {
          --n;
          interval_pow(at(n - 1), at(n - 1), at(n));
        } else {
          f.interval1(at(n - 1), at(n - 1));
        }
        break;
      }
    }
    if (n > 0) clamp_exponent(at(n - 1));
  }
  mpfi_set(out, at(0));
  for (auto& v : st) mpfi_clear(&v);
}

// Plain MPFR evaluation, every operation at precision prec, rounded once to rop.
void eval_plain(const Expr& e, mpfr_t rop, const mpfr_t x, mpfr_prec_t prec) {
  std::vector<__mpfr_struct> st(e.postfix.size());
  for (auto& v : st) mpfr_init2(&v, prec);
  std::size_t n = 0;
  auto at = [&](std::size_t i) -> mpfr_ptr { return &st[i]; };
  for (const Expr::Node& nd : e.postfix) {
    switch (nd.kind) {
      case Expr::Kind::Num:
        if (mpfr_set_str(at(n), nd.literal.c_str(), 0, MPFR_RNDN) != 0)
          mpfr_set_d(at(n), nd.value, MPFR_RNDN);
        ++n;
        break;
      case Expr::Kind::X: mpfr_set(at(n++), x, MPFR_RNDN); break;
      case Expr::Kind::Pi: mpfr_const_pi(at(n++), MPFR_RNDN); break;
      case Expr::Kind::Neg: mpfr_neg(at(n - 1), at(n - 1), MPFR_RNDN); break;
      case Expr::Kind::Add: --n; mpfr_add(at(n - 1), at(n - 1), at(n), MPFR_RNDN); break;
      case Expr::Kind::Sub: --n; mpfr_sub(at(n - 1), at(n - 1), at(n), MPFR_RNDN); break;
      case Expr::Kind::Mul: --n; mpfr_mul(at(n - 1), at(n - 1), at(n), MPFR_RNDN); break;
      case Expr::Kind::Div: --n; mpfr_div(at(n - 1), at(n - 1), at(n), MPFR_RNDN); break;
      case Expr::Kind::Pow: --n; mpfr_pow(at(n - 1), at(n - 1), at(n), MPFR_RNDN); break;
      case Expr::Kind::Fn: {
        const FnDef& f = fn_table()[static_cast<std::size_t>(nd.fn)];
        if (f.arity == 2) {
          --n;
          mpfr_pow(at(n - 1), at(n - 1), at(n), MPFR_RNDN);
        } else {
          f.exact1(at(n - 1), at(n - 1), MPFR_RNDN);
        }
        break;
      }
    }
    if (n > 0) clamp_exponent(at(n - 1));
  }
  mpfr_set(rop, at(0), MPFR_RNDN);
  for (auto& v : st) mpfr_clear(&v);
}

}  // namespace

void Expr::eval_mpfr(mpfr_t rop, const mpfr_t x) const {
  const mpfr_prec_t target = mpfr_get_prec(rop);
  mpfr_t l, r, w;
  mpfr_inits2(target, l, r, static_cast<mpfr_ptr>(nullptr));
  mpfr_init2(w, 64);
  bool done = false;
  for (mpfr_prec_t p = target + 64; p <= kMaxPrec && !done; p *= 2) {
    mpfi_t enc;
    mpfi_init2(enc, p);
    eval_interval(*this, enc, x, p);
    if (mpfr_number_p(&enc->left) && mpfr_number_p(&enc->right)) {
      mpfr_set(l, &enc->left, MPFR_RNDN);
      mpfr_set(r, &enc->right, MPFR_RNDN);
      if (mpfr_equal_p(l, r)) {
        mpfr_set(rop, l, MPFR_RNDN);
        done = true;
      } else {
        // Width against 2^-1100 max(1, |mid|), both rounded up (a safe comparison).
        mpfr_sub(w, &enc->right, &enc->left, MPFR_RNDU);
        mpfr_t mid;
        mpfr_init2(mid, p);
        mpfi_mid(mid, enc);
        mpfr_abs(r, mid, MPFR_RNDU);
        if (mpfr_cmp_ui(r, 1) < 0) mpfr_set_ui(r, 1, MPFR_RNDN);
        mpfr_mul_2si(r, r, -1100, MPFR_RNDU);
        if (mpfr_lessequal_p(w, r)) {
          mpfr_set(rop, mid, MPFR_RNDN);
          done = true;
        }
        mpfr_clear(mid);
      }
    } else {
      eval_plain(*this, rop, x, p);
      done = mpfr_nan_p(rop) || mpfr_inf_p(rop);
    }
    mpfi_clear(enc);
  }
  if (!done) eval_plain(*this, rop, x, kMaxPrec);
  mpfr_clears(l, r, w, static_cast<mpfr_ptr>(nullptr));
}

}  // namespace uf::targets
