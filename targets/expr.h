// Reference expressions for user-defined targets: f(x) over + - * / ^ (right
// associative, binds tighter than unary minus: -x^2 = -(x^2)), parentheses, numbers
// (decimal or C hex-float literals), the variable x, the constant pi, and the functions
// exp exp2 expm1 log log2 log1p sqrt cbrt sin cos tan tanh atan erf erfc (one argument)
// and pow (two). Evaluated in double (fast oracle) and in MPFR (exact reference).
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
    std::string literal;     // Num: source text (MPFR parses it at full precision)
    int fn = -1;             // Fn: index into function_names()
  };
  std::vector<Node> postfix;
  std::string text;

  double eval(double x) const;
  // rop = f(x): every operation at prec(rop) + 64 bits, one final rounding to rop.
  // Intermediates outside 2^+-16384 overflow to +-inf / underflow to +-0 (doubles are far
  // inside that range; it bounds the cost of trig argument reduction).
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
