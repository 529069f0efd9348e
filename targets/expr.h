// Reference expressions for user-defined targets: f(x) over + - * / ^ (right
// associative, binds tighter than unary minus: -x^2 = -(x^2)), parentheses, numbers
// (decimal or C hex-float literals), the variable x, the constant pi, and the functions
// exp exp2 expm1 log log2 log1p sqrt cbrt sin cos tan tanh atan erf erfc (one argument)
// and pow (two). Evaluated in double (fast oracle, optionally with a rigorous error
// bound) and with MPFI/MPFR (exact reference, correctly rounded by Ziv's strategy).
#pragma once

#include <mpfr.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace uf::targets {

// A parsed expression in postfix order (plain data; evaluation is a stack machine).
struct Expr {
  enum class Kind : std::uint8_t { Num, X, Pi, Neg, Add, Sub, Mul, Div, Pow, Fn };
  struct Node {
    Kind kind = Kind::Num;
    double value = 0;        // Num: value rounded to double
    double value_err = 0;    // Num: bound on |value - literal| (0 when exact)
    std::string literal;     // Num: source text (MPFR parses it at full precision)
    int fn = -1;             // Fn: index into function_names()
  };
  std::vector<Node> postfix;
  std::string text;

  double eval(double x) const;
  // The same double evaluation with running error analysis: returns eval(x) and sets
  // *err to a rigorous bound on |eval(x) - f(x)| (absolute), or +inf when no bound is
  // known (a NaN or infinite intermediate, an argument interval that reaches a
  // singularity or the edge of a function's domain). Derivation in expr.cpp.
  double eval_bounded(double x, double* err) const;
  // eval_bounded over n float32 inputs, in blocks: value[i] and err[i] are bit for bit
  // what eval_bounded(x[i], &err[i]) gives, except that a NaN value may be another NaN
  // (the vectoriser may swap a commutative operation's operands; no caller looks at a
  // NaN's sign or payload).
  void eval_bounded_batch(const float* x, double* value, double* err, std::size_t n) const;
  // rop = f(x) correctly rounded to prec(rop) (round to nearest). Ziv's strategy: the
  // expression is evaluated in interval arithmetic (MPFI) at prec(rop) + 64 bits, and
  // again at twice the precision until both ends of the enclosure round to the same
  // value, so cancellation cannot make the result wrong. Exceptions (see expr.cpp):
  // results that are NaN or infinite are taken from a plain MPFR evaluation, and an
  // enclosure narrower than 2^-1100 * max(1, |f|) that still straddles a rounding
  // boundary (an exact zero, or f exactly halfway between two prec(rop) numbers)
  // yields its midpoint.
  void eval_mpfr(mpfr_t rop, const mpfr_t x) const;
};

struct ExprError {
  std::size_t column = 0;  // 1-based column inside the expression string
  std::string message;     // "expected ')' after function argument, found ','"
};

struct ExprParse {
  std::optional<Expr> expr;
  ExprError error;  // meaningful when !expr
};

ExprParse parse_expr(std::string_view text);

// The names accepted as functions, in Expr::Node::fn order.
const std::vector<std::string_view>& function_names();

}  // namespace uf::targets
