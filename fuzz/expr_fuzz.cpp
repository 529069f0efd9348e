// Fuzz target: reference expressions (targets/expr.h). Properties: parse_expr() never
// throws or crashes; an error's column lies within the text (or just past its end); an
// accepted expression is a well-formed postfix program (the stack never underflows and
// ends with one value) and evaluates in double and in MPFR.
#include <mpfr.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "targets/expr.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace uf::targets;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const ExprParse r = parse_expr(text);
  if (!r.expr) {
    UF_FUZZ_CHECK(r.error.column >= 1 && r.error.column <= size + 1, "the error column is in the text");
    UF_FUZZ_CHECK(!r.error.message.empty(), "an error says what is wrong");
    return 0;
  }
  long depth = 0;
  for (const Expr::Node& n : r.expr->postfix) {
    switch (n.kind) {
      case Expr::Kind::Num:
      case Expr::Kind::X:
      case Expr::Kind::Pi: ++depth; break;
      case Expr::Kind::Neg: UF_FUZZ_CHECK(depth >= 1, "an operand for negation"); break;
      case Expr::Kind::Fn:
        UF_FUZZ_CHECK(n.fn >= 0 && static_cast<std::size_t>(n.fn) < function_names().size(), "a known function");
        UF_FUZZ_CHECK(depth >= (function_names()[n.fn] == "pow" ? 2 : 1), "operands for a function");
        if (function_names()[n.fn] == "pow") --depth;
        break;
      default: UF_FUZZ_CHECK(depth >= 2, "operands for a binary operator"); --depth; break;
    }
  }
  UF_FUZZ_CHECK(depth == 1, "the expression leaves one value");
  (void)r.expr->eval(0.75);
  mpfr_t x, y;
  mpfr_init2(x, 24);
  mpfr_init2(y, 24);
  mpfr_set_d(x, 0.75, MPFR_RNDN);
  r.expr->eval_mpfr(y, x);
  mpfr_clear(x);
  mpfr_clear(y);
  return 0;
}
