// A hand-built expf kernel (about 20 ops) for verifier tests and benchmarks, and the
// exp reference. Not the shipped expf: targets/ owns that.
//
//   xc = min(89, max(-104, x))        (constant first: a NaN x propagates)
//   k  = rint(xc * log2(e))
//   r  = fma(k, -ln2_lo, fma(k, -ln2_hi, xc))        r in [-0.35, 0.35]
//   p  = sum_{i<=7} r^i / i!          (Horner, fma)
//   y  = ldexp(p, f2i(k))
#pragma once

#include <mpfr.h>

#include <cmath>

#include "eval/reference.h"
#include "ir/program.h"

namespace uf::eval::testing {

inline Reference exp_reference() {
  return Reference{"exp", [](double x) { return std::exp(x); },
                   [](mpfr_ptr r, mpfr_srcptr x) { mpfr_exp(r, x, MPFR_RNDN); }};
}

inline ir::Program expf_kernel() {
  using ir::Op;
  ir::Builder b;
  const auto x = b.input();
  const auto xl = b.emit(Op::Max, b.f(-104.0f), x);
  const auto xc = b.emit(Op::Min, b.f(89.0f), xl);
  const auto k = b.emit(Op::Rint, b.emit(Op::Mul, xc, b.f(0x1.715476p+0f)));
  const auto r1 = b.emit(Op::Fma, k, b.f(-0x1.62e4p-1f), xc);      // ln2 high part (exact k*hi)
  const auto r = b.emit(Op::Fma, k, b.f(-0x1.7f7d1cp-20f), r1);    // ln2 - hi
  const float c[] = {1.0f / 5040, 1.0f / 720, 1.0f / 120, 1.0f / 24, 1.0f / 6, 0.5f, 1.0f, 1.0f};
  auto p = b.f(c[0]);
  for (int i = 1; i < 8; ++i) p = b.emit(Op::Fma, p, r, b.f(c[i]));
  const auto y = b.emit(Op::Ldexp, p, b.emit(Op::F2I, k));
  return std::move(b).finish(y);
}

}  // namespace uf::eval::testing
