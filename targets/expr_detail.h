// Internal to the expression evaluator (targets/expr*.cpp): its function table.
//   targets/expr.cpp          the table, the parser, plain double evaluation
//   targets/expr_bounded.cpp  double evaluation with a rigorous running error bound
//   targets/expr_exact.cpp    correctly rounded evaluation (Ziv over MPFI intervals)
#pragma once

#include <mpfi.h>
#include <mpfr.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace uf::targets::detail {

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

const std::vector<FnDef>& fn_table();

// A rigorous bound on |value - literal|: the literal read at 1200 bits rounded down and
// up encloses its exact value (decimal literals of at most ~350 digits are exact at
// that precision; others are enclosed by the two roundings), and the larger distance
// to the double is rounded up.
double literal_error(const std::string& lit, double value);

}  // namespace uf::targets::detail
