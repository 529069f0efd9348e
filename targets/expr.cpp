#include "targets/expr.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <numbers>
#include <stdexcept>

namespace uf::targets {

namespace {

struct FnDef {
  std::string_view name;
  int arity;
  double (*fast1)(double);
  int (*exact1)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t);
};

const std::vector<FnDef>& fn_table() {
  static const std::vector<FnDef> t = {
      {"exp", 1, ::exp, mpfr_exp},       {"exp2", 1, ::exp2, mpfr_exp2},
      {"expm1", 1, ::expm1, mpfr_expm1}, {"log", 1, ::log, mpfr_log},
      {"log2", 1, ::log2, mpfr_log2},    {"log1p", 1, ::log1p, mpfr_log1p},
      {"sqrt", 1, ::sqrt, mpfr_sqrt},    {"cbrt", 1, ::cbrt, mpfr_cbrt},
      {"sin", 1, ::sin, mpfr_sin},       {"cos", 1, ::cos, mpfr_cos},
      {"tan", 1, ::tan, mpfr_tan},       {"tanh", 1, ::tanh, mpfr_tanh},
      {"atan", 1, ::atan, mpfr_atan},    {"erf", 1, ::erf, mpfr_erf},
      {"erfc", 1, ::erfc, mpfr_erfc},    {"pow", 2, nullptr, nullptr},
  };
  return t;
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
  void push(Expr::Kind k) { e_.postfix.push_back(Expr::Node{k, 0, {}, -1}); }

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

namespace {
// Intermediates beyond 2^kExpLimit overflow to +-inf and below 2^-kExpLimit underflow to
// +-0, as in a binary format with binary128's exponent range. Every double (and so every
// value the fast oracle can follow) is far inside it. Without the limit MPFR's 2^62
// exponent range lets tan(pi^344444422) run for minutes: its argument reduction works
// at hundreds of millions of bits.
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
}  // namespace

void Expr::eval_mpfr(mpfr_t rop, const mpfr_t x) const {
  const mpfr_prec_t prec = mpfr_get_prec(rop) + 64;
  std::vector<__mpfr_struct> st(postfix.size());
  for (auto& v : st) mpfr_init2(&v, prec);
  std::size_t n = 0;
  auto at = [&](std::size_t i) -> mpfr_ptr { return &st[i]; };
  for (const Node& nd : postfix) {
    switch (nd.kind) {
      case Kind::Num:
        if (mpfr_set_str(at(n), nd.literal.c_str(), 0, MPFR_RNDN) != 0)
          mpfr_set_d(at(n), nd.value, MPFR_RNDN);
        ++n;
        break;
      case Kind::X: mpfr_set(at(n++), x, MPFR_RNDN); break;
      case Kind::Pi: mpfr_const_pi(at(n++), MPFR_RNDN); break;
      case Kind::Neg: mpfr_neg(at(n - 1), at(n - 1), MPFR_RNDN); break;
      case Kind::Add: --n; mpfr_add(at(n - 1), at(n - 1), at(n), MPFR_RNDN); break;
      case Kind::Sub: --n; mpfr_sub(at(n - 1), at(n - 1), at(n), MPFR_RNDN); break;
      case Kind::Mul: --n; mpfr_mul(at(n - 1), at(n - 1), at(n), MPFR_RNDN); break;
      case Kind::Div: --n; mpfr_div(at(n - 1), at(n - 1), at(n), MPFR_RNDN); break;
      case Kind::Pow: --n; mpfr_pow(at(n - 1), at(n - 1), at(n), MPFR_RNDN); break;
      case Kind::Fn: {
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
    clamp_exponent(at(n - 1));
  }
  mpfr_set(rop, at(0), MPFR_RNDN);
  for (auto& v : st) mpfr_clear(&v);
}

}  // namespace uf::targets
