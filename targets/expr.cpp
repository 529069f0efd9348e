#include "targets/expr.h"
#include "targets/expr_detail.h"

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

using detail::F;
using detail::FnDef;
using detail::fn_table;
using detail::literal_error;

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

// Interval sin, cos and tan. MPFI finds each endpoint's quadrant by multiplying by 2/pi
// at a precision raised one limb at a time until the quadrant is certain, before it looks
// at the interval's width. That is slow at both ends of the exponent range:
//  - at 88 bits an endpoint near 2^16384 (the exponent limit of expr_exact.cpp) costs some
//    250 rounds of pi and a division, about 10 ms a call against MPFR's 0.05 ms, and an
//    expression of a few dozen such calls that cancel (so every precision level of
//    eval_mpfr runs) passed libFuzzer's 10 s limit in CI;
//  - an endpoint near MPFR's smallest number (tan(-(x^111114411111111111)) at x = 0.75:
//    [-2^-1073741824, -0]) did not finish at all.
// So MPFI gets only intervals narrower than 7 with an endpoint beyond 8 in magnitude, whose
// endpoints then have a precision of at least their exponent less 3 (they differ by at
// least an ulp) and a quadrant found in a few rounds. The rest:
//  - a point: MPFR rounded down and up is its exact image, enclosed (no pole of tan is a
//    binary number);
//  - an interval at least 7 wide (more than a period, 2 pi, of sin and cos, and than pi,
//    tan's distance between poles): [-1, 1], or the whole line for tan;
//  - an interval inside [-8, 8]: the hull of the endpoints' images (rounded outward) and
//    of the extrema (+-1) it may contain, or for tan the whole line if it may contain a
//    pole. "May contain" compares with the critical points enclosed at 64 bits more than
//    the result, so an undecided comparison widens the result and never narrows it.
//  - infinities and NaN: MPFI, which has no quadrant to find.
enum class Trig { Sin, Cos, Tan };

template <Trig kF>
int interval_trig(mpfi_ptr rop, mpfi_srcptr a) {
  constexpr auto point = kF == Trig::Sin ? mpfr_sin : kF == Trig::Cos ? mpfr_cos : mpfr_tan;
  constexpr auto interval = kF == Trig::Sin ? mpfi_sin : kF == Trig::Cos ? mpfi_cos : mpfi_tan;
  mpfr_srcptr l = &a->left, r = &a->right;
  if (!mpfr_number_p(l) || !mpfr_number_p(r)) return interval(rop, a);
  const bool is_point = mpfr_equal_p(l, r);
  bool wide = false;
  if (!is_point) {
    mpfr_t w;
    mpfr_init2(w, 64);
    mpfr_sub(w, r, l, MPFR_RNDD);
    wide = mpfr_cmp_ui(w, 7) >= 0;
    mpfr_clear(w);
  }
  const bool small = mpfr_cmpabs_ui(l, 8) <= 0 && mpfr_cmpabs_ui(r, 8) <= 0;
  if (!is_point && !wide && !small) return interval(rop, a);

  const mpfr_prec_t p = mpfi_get_prec(rop);
  mpfr_t lo, hi, t;
  mpfr_inits2(p, lo, hi, t, static_cast<mpfr_ptr>(nullptr));
  if (is_point) {
    point(lo, l, MPFR_RNDD);
    point(hi, l, MPFR_RNDU);
  } else if (wide && kF == Trig::Tan) {
    mpfr_set_inf(lo, -1);
    mpfr_set_inf(hi, 1);
  } else if (wide) {
    mpfr_set_si(lo, -1, MPFR_RNDN);
    mpfr_set_si(hi, 1, MPFR_RNDN);
  } else {
    // The images of the ends: sin and tan rise between their critical points, so for
    // tan (no pole inside) [tan(l), tan(r)] is the image; for sin and cos the hull.
    point(lo, l, MPFR_RNDD);
    point(t, r, MPFR_RNDD);
    if (kF != Trig::Tan) mpfr_min(lo, lo, t, MPFR_RNDD);
    point(hi, r, MPFR_RNDU);
    point(t, l, MPFR_RNDU);
    if (kF != Trig::Tan) mpfr_max(hi, hi, t, MPFR_RNDU);
    // Critical points m pi: sin's extrema and tan's poles at m = k + 1/2 (value
    // (-1)^k for sin), cos's extrema at m = k (value (-1)^k); |m pi| <= 8.
    mpfr_t pil, pih, cl, ch;
    mpfr_inits2(p + 64, pil, pih, cl, ch, static_cast<mpfr_ptr>(nullptr));
    mpfr_const_pi(pil, MPFR_RNDD);
    mpfr_const_pi(pih, MPFR_RNDU);
    const double off = kF == Trig::Cos ? 0.0 : 0.5;
    for (int k = -3; k <= 2; ++k) {
      const double m = k + off;
      mpfr_mul_d(cl, m >= 0 ? pil : pih, m, MPFR_RNDD);
      mpfr_mul_d(ch, m >= 0 ? pih : pil, m, MPFR_RNDU);
      if (!(mpfr_lessequal_p(l, ch) && mpfr_lessequal_p(cl, r))) continue;  // surely outside
      if (kF == Trig::Tan) {
        mpfr_set_inf(lo, -1);
        mpfr_set_inf(hi, 1);
      } else if (k % 2 == 0) {
        mpfr_set_si(hi, 1, MPFR_RNDN);
      } else {
        mpfr_set_si(lo, -1, MPFR_RNDN);
      }
    }
    mpfr_clears(pil, pih, cl, ch, static_cast<mpfr_ptr>(nullptr));
  }
  mpfr_set(&rop->left, lo, MPFR_RNDD);
  mpfr_set(&rop->right, hi, MPFR_RNDU);
  mpfr_clears(lo, hi, t, static_cast<mpfr_ptr>(nullptr));
  return 0;
}

}  // namespace

namespace detail {

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
      {"sin", 1, F::Sin, 8, ::sin, mpfr_sin, interval_trig<Trig::Sin>},
      {"cos", 1, F::Cos, 8, ::cos, mpfr_cos, interval_trig<Trig::Cos>},
      {"tan", 1, F::Tan, 8, ::tan, mpfr_tan, interval_trig<Trig::Tan>},
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

}  // namespace detail

namespace {



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

}  // namespace uf::targets
