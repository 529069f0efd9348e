// Fuzz target: reference expressions (targets/expr.h). Properties: parse_expr() never
// throws or crashes; an error's column lies within the text (or just past its end); an
// accepted expression is a well-formed postfix program (the stack never underflows and
// ends with one value), evaluates in double and in MPFR, and its block evaluation (the
// verifier's) gives the scalar bounded evaluation's value and bound bit for bit (any NaN
// for a NaN value).
#include <mpfr.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
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
  const float xs[] = {0.75f, -3.0f, 1e-30f, 0.0f, -0.0f, 65504.0f, 0x1p-149f,
                      std::numeric_limits<float>::infinity(), std::numeric_limits<float>::quiet_NaN()};
  constexpr std::size_t kXs = sizeof xs / sizeof xs[0];
  double bv[kXs], be[kXs];
  r.expr->eval_bounded_batch(xs, bv, be, kXs);
  for (std::size_t i = 0; i < kXs; ++i) {
    double e = 0;
    const double v = r.expr->eval_bounded(xs[i], &e);
    // NaN's sign and payload carry no meaning (the vectoriser may swap the operands of a
    // commutative operation, and x86 returns the first operand's NaN).
    const bool same_v = std::memcmp(&v, &bv[i], 8) == 0 || (std::isnan(v) && std::isnan(bv[i]));
    UF_FUZZ_CHECK(same_v && std::memcmp(&e, &be[i], 8) == 0,
                  "the block evaluation is the scalar bounded evaluation, bit for bit (any NaN for NaN)");
  }
  mpfr_t x, y;
  mpfr_init2(x, 24);
  mpfr_init2(y, 24);
  mpfr_set_d(x, 0.75, MPFR_RNDN);
  r.expr->eval_mpfr(y, x);
  mpfr_clear(x);
  mpfr_clear(y);
  return 0;
}
