// erff: error function over every float32, odd: evaluated on t = |x| and the sign bit
// of x copied onto the result.
//
// Template (three holes on consecutive intervals of t, joined by selects):
//   t  = |x|
//   y0 = core0(t)                 t in [0, 0.75]         core0 ~ erf(t)
//   y1 = core1(t - 1.25)          t in [0.75, 2.25]      core1 ~ erf(r + 1.25)
//   y2 = core2(t - 3.09375)       t in [2.25, 3.9375]    core2 ~ erf(r + 3.09375)
//                                 (both subtractions are exact by Sterbenz's lemma)
//   y  = t < 0.75 ? y0 : (t < 2.25 ? y1 : y2)
// (The first split was at 0.875 with core1 centred at 1.5625: there t^3 q(t^2) reaches
// 0.26 of erf(t) at the top of core0's interval and its evaluation error pushed the
// baseline to 1.110 ULP; at 0.75 the ratio is 0.19.)
//   y  = 3.9375 <= t ? 1 : y      erf rounds to 1 from t = 0x1.f5a88ap+1 < 3.9375;
//                                 NaN fails every comparison and keeps y2 = NaN
//   out = copysign(y, x)
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

Target make_erff() {
  using ir::Op;
  Target t;
  t.name = "erff";
  t.summary = "error function, every float32 (±1 from |x| = 0x1.f5a88ap+1)";
  t.ref = libm_ref("erf", ::erf, mpfr_erf);
  t.domain = eval::Domain{};
  const float inf = f32_inf(), nan = f32_nan();
  t.specials = {{nan, nan},     {inf, 1.0f},      {-inf, -1.0f},      {0.0f, 0.0f},
                {-0.0f, -0.0f}, {4.0f, 1.0f},     {-4.0f, -1.0f},     {100.0f, 1.0f},
                {0x1.f5a88ap+1f, 1.0f}};

  constexpr float kSplit = 0.75f, kMid1 = 1.25f, kMid2 = 3.09375f;
  ir::Builder b;
  std::uint32_t x = b.input();
  std::uint32_t a = b.emit(Op::Abs, x);
  std::uint32_t y0 = b.core(a, 0);
  std::uint32_t y1 = b.core(b.emit(Op::Sub, a, b.f(kMid1)), 1);
  std::uint32_t y2 = b.core(b.emit(Op::Sub, a, b.f(kMid2)), 2);
  std::uint32_t y = b.emit(Op::Select, b.emit(Op::Lt, a, b.f(2.25f)), y1, y2);
  y = b.emit(Op::Select, b.emit(Op::Lt, a, b.f(kSplit)), y0, y);
  y = b.emit(Op::Select, b.emit(Op::Le, b.f(3.9375f), a), b.f(1.0f), y);
  std::uint32_t out = copy_sign_of(b, y, x);
  t.tmpl = std::move(b).finish(out);
  t.holes = {Hole{0.0, kSplit, "erf(t)", libm_ref("erf", ::erf, mpfr_erf)},
             Hole{kSplit - kMid1, 2.25 - kMid1, "erf(r + 1.25)",
                  shifted_ref("erf+1.25", ::erf, mpfr_erf, kMid1)},
             Hole{2.25 - kMid2, 3.9375 - kMid2, "erf(r + 3.09375)",
                  shifted_ref("erf+3.09375", ::erf, mpfr_erf, kMid2)}};

  // Core 0: t*c1hi + (t*c1lo + t^3 q(t^2)), c1hi + c1lo = 2/sqrt(pi) to 48 bits,
  // q = c3 + c5 t^2 + ... + c11 t^8: near-minimax relative error fit with sequential
  // float32 rounding (targets/tools/fitpoly.cpp, `fitpoly erf0 11 0.75`); error 2^-29.2.
  ir::Builder c0;
  {
    std::uint32_t tt = c0.input();
    std::uint32_t t2 = c0.emit(Op::Mul, tt, tt);
    std::uint32_t q = horner(c0, t2, {-0x1.81273ep-2f, 0x1.ce2b96p-4f, -0x1.b7b61ep-6f,
                                      0x1.4f8e72p-8f, -0x1.63de3ep-11f});
    std::uint32_t t3 = c0.emit(Op::Mul, t2, tt);
    std::uint32_t lo = c0.emit(Op::Mul, tt, c0.f(-0x1.f7ac92p-25f));
    std::uint32_t s = c0.emit(Op::Fma, q, t3, lo);
    std::uint32_t out = c0.emit(Op::Fma, tt, c0.f(0x1.20dd76p+0f), s);
    t.baseline_cores.push_back(std::move(c0).finish(out));
  }
  // Cores 1 and 2: c0hi + (c0lo + c1 r + ... + cn r^n), c0hi + c0lo = erf(mid) to 48 bits;
  // near-minimax absolute error fits with sequential float32 rounding
  // (`fitpoly erfmid 11 0.75 2.25 1.25`: 2^-29.7, expanded off-centre so that |r| is small
  // where erf(t) is steep; `fitpoly erfmid 8 2.25 3.9375`: 2^-26.5).
  ir::Builder c1;
  {
    std::uint32_t p = horner(c1, c1.input(),
                             {-0x1.9d508p-27f, 0x1.e46532p-3f, -0x1.2ebf3ep-2f, 0x1.571cap-3f,
                              -0x1.939d1ep-8f, -0x1.826f82p-5f, 0x1.5cc3bep-6f, 0x1.d6667cp-9f,
                              -0x1.6f9d26p-8f, 0x1.dac25ep-11f, 0x1.3f2826p-11f, -0x1.c7e26ep-13f});
    std::uint32_t out = c1.emit(Op::Add, p, c1.f(0x1.d8865ep-1f));
    t.baseline_cores.push_back(std::move(c1).finish(out));
  }
  ir::Builder c2;
  {
    std::uint32_t p = horner(c2, c2.input(),
                             {0x1.e9f4eep-26f, 0x1.499838p-14f, -0x1.fedadep-13f, 0x1.f4772ap-12f,
                              -0x1.557dc8p-11f, 0x1.589882p-11f, -0x1.13d05cp-11f, 0x1.4f0aacp-12f,
                              -0x1.a6cb56p-14f});
    std::uint32_t out = c2.emit(Op::Add, p, c2.f(0x1.fffe68p-1f));
    t.baseline_cores.push_back(std::move(c2).finish(out));
  }
  t.baseline_max_ulp = 1.0;  // proven 0.9998 (docs/baselines.md)
  return t;
}

}  // namespace uf::targets::detail
