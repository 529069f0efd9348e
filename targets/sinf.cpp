// sinf: sine of every float32 (proven over all 2^32 inputs).
//
// Two reductions feed the same finish (the cores and the reconstruction):
// |x| <= 16384 takes Cody-Waite (below); larger |x|, inf and NaN take a float-only
// Payne-Hanek reduction (payne_hanek) on the cold side of a `guard`, which the header
// generators evaluate only for a vector that has such a lane. Both sides call the two
// cores on a reduced argument of the same interval.
//
// Fast path (Cody-Waite with a 3-part pi/2, reduced argument kept as a float pair so
// its rounding does not cost half an ulp of the result):
//   k  = rint(x * 2/pi)                 |k| <= 10431
//   a  = fma(k, -P1, x)                 exact: P1 = float(pi/2) has ulp 2^-23 and
//                                       |a| < 0.8, so a is a multiple of 2^-23 below 2^0
//   ph = k * C2;  pl = fma(k, C2, -ph)  k*C2 = ph + pl exactly (C2 = -(pi/2 - P1) hi part)
//   rh = a + ph;  e = 2Sum error of a + ph (exact)
//   rl = fma(k, C3, e + pl)             rh + rl = x - k*pi/2 to about 2^-48 |rh|
//   sin side: ys = rh + fma(rl, 1 - rh^2/2, core0(rh))          core0 ~ sin(r) - r
//   cos side: w = fma(rh, -rh/2, 1) (rounded), we = fma(rh, -rh/2, 1 - w) (its error,
//             1 - w exact by Sterbenz), yc = w + fma(-rl, rh, we + core1(rh))
//                                                                core1 ~ cos(r) - (1 - r^2/2)
//   q  = f2i(k) + offset  (offset 0: sin, 1: cos)
//   v  = (q & 1) ? yc : ys
//   y  = v with its sign bit flipped when (q & 2): asfloat(asint(v) ^ ((q & 2) << 30))
//   y  = guard(!(|x| <= 16384), finish(payne_hanek(x)), y)
//   sin only: y = (x == 0) ? x : y      (keeps sin(-0) = -0)
// The cores are tails, at most 0.11 (sin) and 0.016 (cos) of the result, so their own
// rounding errors barely reach it: each side ends in one rounding of a float pair.
// The rounding of x * 2/pi (error <= 8e-4 in k units) widens |r| <= pi/4 to 0.7875.
// Hole 0: r in [-0.7875, 0.7875], core ~ sin(r) - r; hole 1: same interval,
// core ~ cos(r) - 1 + r^2/2.
#include <algorithm>
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

namespace {
// sin(r) - r and cos(r) - 1 + r^2/2: Taylor series near 0 (where the subtraction would
// cancel), the direct formula elsewhere; MPFR versions with 64 guard bits.
double sin_tail(double r) {
  if (std::fabs(r) >= 0.125) return std::sin(r) - r;
  const double r2 = r * r;
  double t = 0, term = -r * r2 / 6;
  for (int n = 3; n < 30 && term != 0; n += 2) {
    t += term;
    term *= -r2 / ((n + 1) * (n + 2));
  }
  return t;
}
double cos_tail(double r) {
  if (std::fabs(r) >= 0.125) return std::cos(r) - 1 + 0.5 * r * r;
  const double r2 = r * r;
  double t = 0, term = r2 * r2 / 24;
  for (int n = 4; n < 30 && term != 0; n += 2) {
    t += term;
    term *= -r2 / ((n + 1) * (n + 2));
  }
  return t;
}
int mpfr_sin_tail(mpfr_ptr rop, mpfr_srcptr x, mpfr_rnd_t rnd) {
  if (!mpfr_regular_p(x)) return mpfr_set_ui(rop, 0, rnd) + (mpfr_nan_p(x) ? (mpfr_set_nan(rop), 0) : 0);
  mpfr_t a;
  mpfr_init2(a, mpfr_get_prec(rop) + 64 + 3 * std::max<long>(0, -mpfr_get_exp(x)));
  mpfr_sin(a, x, MPFR_RNDN);
  mpfr_sub(a, a, x, MPFR_RNDN);
  int ret = mpfr_set(rop, a, rnd);
  mpfr_clear(a);
  return ret;
}
int mpfr_cos_tail(mpfr_ptr rop, mpfr_srcptr x, mpfr_rnd_t rnd) {
  if (!mpfr_regular_p(x)) return mpfr_set_ui(rop, 0, rnd) + (mpfr_nan_p(x) ? (mpfr_set_nan(rop), 0) : 0);
  mpfr_t a, h;
  const mpfr_prec_t p = mpfr_get_prec(rop) + 64 + 4 * std::max<long>(0, -mpfr_get_exp(x));
  mpfr_inits2(p, a, h, static_cast<mpfr_ptr>(nullptr));
  mpfr_cos(a, x, MPFR_RNDN);
  mpfr_sub_ui(a, a, 1, MPFR_RNDN);
  mpfr_sqr(h, x, MPFR_RNDN);
  mpfr_div_2ui(h, h, 1, MPFR_RNDN);
  mpfr_add(a, a, h, MPFR_RNDN);
  int ret = mpfr_set(rop, a, rnd);
  mpfr_clears(a, h, static_cast<mpfr_ptr>(nullptr));
  return ret;
}
// The reduced argument of x as a float pair and its quadrant (a float holding an integer).
struct Reduced {
  std::uint32_t rh, rl, k;
};

// Fast path, |x| <= 16384: Cody-Waite with a 3-part pi/2 (see the top of this file).
Reduced cody_waite(ir::Builder& b, std::uint32_t x) {
  using ir::Op;
  std::uint32_t k = b.emit(Op::Rint, b.emit(Op::Mul, x, b.f(0x1.45f306p-1f)));
  std::uint32_t a = b.emit(Op::Fma, k, b.f(-0x1.921fb6p+0f), x);
  std::uint32_t c2 = b.f(0x1.777a5cp-25f);
  std::uint32_t ph = b.emit(Op::Mul, k, c2);
  std::uint32_t pl = b.emit(Op::Fma, k, c2, b.emit(Op::Neg, ph));
  const Sum2 r = two_sum(b, a, ph);
  std::uint32_t rl = b.emit(Op::Fma, k, b.f(0x1.ee59dap-50f), b.emit(Op::Add, r.e, pl));
  return {r.s, rl, k};
}

// Cold path, any |x| (used for |x| > 16384, inf and NaN):
// Payne-Hanek in float32 arithmetic only, so it runs through every backend with the op
// table's exact ops (no table lookup, no wide integer multiply). With
// 2/pi = sum_i C_i 2^(-24(i+1)) (kTwoOverPiChunks) and a = |x| = M 2^e, the terms
// a C_i 2^(-24(i+1)) with 24(i+1) <= e - 25 are multiples of 4 (whole turns) and are
// dropped: j = #{48, 72, 96, 120 < e} chunks (a select chain on e), leaving
// a' = a 2^(-24j) < 2^49 and five chunks d_k = C_(j+k) 2^(-24(k+1)). Then, exactly:
//   a' d_k = h_k + l_k                 (mul and fma; |a' d_k| < 2^(49-24k), no underflow)
//   h_0, l_0 and h_1 lose their integer parts (v - rint(v)); rint(v) mod 4 is kept for
//   the quadrant (fma(rint(rint(v)/4), -4, rint(v))).
//   The five terms of magnitude <= 2 (those three, l_1, h_2) are split at 2^-21
//   (hi = (v + 6) - 6, Sterbenz; lo = v - hi): the high parts are multiples of 2^-21
//   below 8, so they add exactly; their sum loses its nearest integer n, leaving H.
//   The low parts (each below 2^-21) and the small terms l_2, h_3 are summed as a float
//   pair with 2Sum, l_3 + h_4 + l_4 into its low part: L.
// F = H + L in quadrants (|F| <= 1/2 + 2^-19, so the holes' interval holds), a float
// pair; times pi/2 as a float pair gives rh + rl. Checked against an exact integer
// reduction on every float with 2^14 <= |x| < 2^128 (docs/trig.md): the smallest |F| is
// 2^-29.9 and the pair's relative error at most 2^-34.8, far below what a 1-ULP result
// needs; the exhaustive proof of the kernel covers it in any case.
Reduced payne_hanek(ir::Builder& b, std::uint32_t x) {
  using ir::Op;
  std::uint32_t a = b.emit(Op::Abs, x);
  std::uint32_t e = b.emit(Op::GetExp, a);
  std::uint32_t m[4];
  for (int i = 0; i < 4; ++i) m[i] = b.emit(Op::ILt, b.i(48 + 24 * i), e);
  const auto chain = [&](const float (&v)[5]) {
    std::uint32_t r = b.f(v[0]);
    for (int i = 0; i < 4; ++i) r = b.emit(Op::Select, m[i], b.f(v[i + 1]), r);
    return r;
  };
  std::uint32_t ap = b.emit(Op::Mul, a, chain({1.0f, 0x1p-24f, 0x1p-48f, 0x1p-72f, 0x1p-96f}));
  std::uint32_t h[5], l[5];
  for (int k = 0; k < 5; ++k) {
    float d[5];
    for (int j = 0; j < 5; ++j)
      d[j] = std::ldexp(static_cast<float>(kTwoOverPiChunks[static_cast<std::size_t>(j + k)]), -24 * (k + 1));
    std::uint32_t dk = chain(d);
    h[k] = b.emit(Op::Mul, ap, dk);
    l[k] = b.emit(Op::Fma, ap, dk, b.emit(Op::Neg, h[k]));
  }
  std::uint32_t quarter = b.f(0.25f), minus4 = b.f(-4.0f);
  std::uint32_t frac[3], quad[3];
  const std::uint32_t big[3] = {h[0], l[0], h[1]};
  for (int i = 0; i < 3; ++i) {
    std::uint32_t r = b.emit(Op::Rint, big[i]);
    frac[i] = b.emit(Op::Sub, big[i], r);
    quad[i] = b.emit(Op::Fma, b.emit(Op::Rint, b.emit(Op::Mul, r, quarter)), minus4, r);
  }
  const std::uint32_t mid[5] = {frac[0], frac[1], frac[2], l[1], h[2]};
  std::uint32_t six = b.f(6.0f), hi_sum = 0, lo[5];
  for (int i = 0; i < 5; ++i) {
    std::uint32_t hi = b.emit(Op::Sub, b.emit(Op::Add, mid[i], six), six);
    lo[i] = b.emit(Op::Sub, mid[i], hi);
    hi_sum = i == 0 ? hi : b.emit(Op::Add, hi_sum, hi);
  }
  std::uint32_t n = b.emit(Op::Rint, hi_sum);
  std::uint32_t big_h = b.emit(Op::Sub, hi_sum, n);
  std::uint32_t s = lo[0], c = 0;
  const std::uint32_t rest[6] = {lo[1], lo[2], lo[3], lo[4], l[2], h[3]};
  for (int i = 0; i < 6; ++i) {
    const Sum2 t = two_sum(b, s, rest[i]);
    s = t.s;
    c = i == 0 ? t.e : b.emit(Op::Add, c, t.e);
  }
  c = b.emit(Op::Add, c, b.emit(Op::Add, b.emit(Op::Add, l[3], h[4]), l[4]));
  const Sum2 f = two_sum(b, big_h, s);
  std::uint32_t fl = b.emit(Op::Add, f.e, c);
  // (fh + fl) * pi/2, pi/2 = P1 - c2 - ...: rh = fh P1, rl = its error - fh c2 + fl P1.
  std::uint32_t p1 = b.f(0x1.921fb6p+0f);
  std::uint32_t rh = b.emit(Op::Mul, f.s, p1);
  std::uint32_t rl = b.emit(Op::Fma, f.s, p1, b.emit(Op::Neg, rh));
  rl = b.emit(Op::Fma, b.emit(Op::Neg, f.s), b.f(0x1.777a5cp-25f), rl);
  rl = b.emit(Op::Fma, fl, p1, rl);
  std::uint32_t k = b.emit(Op::Add, b.emit(Op::Add, b.emit(Op::Add, quad[0], quad[1]), quad[2]), n);
  // Odd in x: the reduction of -x is -(rh + rl) in quadrant -k.
  std::uint32_t sgn = b.emit(Op::Select, b.emit(Op::Lt, x, b.f(0.0f)), b.f(-1.0f), b.f(1.0f));
  return {b.emit(Op::Mul, rh, sgn), b.emit(Op::Mul, rl, sgn), b.emit(Op::Mul, k, sgn)};
}

// sin and cos of the reduced argument as unevaluated float pairs, before their last
// rounding (the cores at holes 0 and 1): sin(rh + rl) ~ sh + sl, cos(rh + rl) ~ ch + cl.
struct SinCos {
  std::uint32_t sh, sl, ch, cl;
};
SinCos sincos_pairs(ir::Builder& b, const Reduced& r) {
  using ir::Op;
  std::uint32_t rh = r.rh, rl = r.rl;
  std::uint32_t hr = b.emit(Op::Mul, rh, b.f(-0.5f));                   // -rh/2, exact
  std::uint32_t one = b.f(1.0f);
  // sin side
  std::uint32_t cfac = b.emit(Op::Fma, rh, hr, one);                    // ~ cos(rh)
  std::uint32_t sl = b.emit(Op::Fma, rl, cfac, b.core(rh, 0));
  // cos side
  std::uint32_t w = b.emit(Op::Fma, rh, hr, one);
  std::uint32_t we = b.emit(Op::Fma, rh, hr, b.emit(Op::Sub, one, w));
  std::uint32_t inner = b.emit(Op::Add, we, b.core(rh, 1));
  std::uint32_t cl = b.emit(Op::Fma, b.emit(Op::Neg, rl), rh, inner);
  return {rh, sl, w, cl};
}

// The quadrant k (a float holding an integer) plus offset, as i32, and its odd mask.
std::uint32_t quadrant(ir::Builder& b, const Reduced& r, int offset) {
  std::uint32_t q = b.emit(ir::Op::F2I, r.k);
  return offset != 0 ? b.emit(ir::Op::IAdd, q, b.i(offset)) : q;
}
std::uint32_t is_odd(ir::Builder& b, std::uint32_t q) {
  std::uint32_t ione = b.i(1);
  return b.emit(ir::Op::IEq, b.emit(ir::Op::And, q, ione), ione);
}

// sin and cos of the reduced argument, each side rounded once, and the quadrant (i32).
struct Sides {
  std::uint32_t ys, yc, q;
};
Sides sides(ir::Builder& b, const Reduced& r) {
  const SinCos p = sincos_pairs(b, r);
  return {b.emit(ir::Op::Add, p.sh, p.sl), b.emit(ir::Op::Add, p.ch, p.cl), quadrant(b, r, 0)};
}

// sin (offset 0) or cos (offset 1) from the two sides: the quadrant's select and sign flip.
std::uint32_t pick(ir::Builder& b, const Sides& s, int quadrant_offset) {
  using ir::Op;
  std::uint32_t q = quadrant_offset != 0 ? b.emit(Op::IAdd, s.q, b.i(quadrant_offset)) : s.q;
  std::uint32_t v = b.emit(Op::Select, is_odd(b, q), s.yc, s.ys);
  std::uint32_t flip = b.emit(Op::Shl, b.emit(Op::And, q, b.i(2)), b.i(30));
  return b.emit(Op::AsFloat, b.emit(Op::Xor, b.emit(Op::AsInt, v), flip));
}

// sin or cos (by the quadrant offset) from the reduced argument: one rounding per side,
// the quadrant's select and sign flip.
std::uint32_t sin_cos_finish(ir::Builder& b, const Reduced& r, int quadrant_offset) {
  return pick(b, sides(b, r), quadrant_offset);
}

// tan from the reduced argument: tan x = S/C in even quadrants and -C/S in odd ones
// (period pi), with S and C the float pairs of sincos_pairs, each first renormalised
// by Fast2Sum (s + se, c + ce: |sl| < |sh| and |cl| < |ch|), then divided as pairs so
// that the result is rounded once:
//   n + nl, d + dl                (S, C; odd: -C, S)
//   i  = 1/d;  q0 = n i           within about an ulp of the quotient
//   e  = fma(-q0, d, n) + fma(-q0, dl, nl)   the remainder (n + nl) - q0 (d + dl), of
//                                 the size of an ulp of q0, to about 2^-24 of itself
//   y  = fma(e, i, q0)            q0 + e/d, rounded once (i's error scales e: tiny)
// |d| >= sin or cos of 0.7875, above 0.7, so nothing overflows or divides by zero.
std::uint32_t tan_finish(ir::Builder& b, const Reduced& r) {
  using ir::Op;
  const SinCos p = sincos_pairs(b, r);
  const Sum2 s = fast2sum(b, p.sh, p.sl);
  const Sum2 c = fast2sum(b, p.ch, p.cl);
  std::uint32_t odd = is_odd(b, quadrant(b, r, 0));
  std::uint32_t n = b.emit(Op::Select, odd, b.emit(Op::Neg, c.s), s.s);
  std::uint32_t nl = b.emit(Op::Select, odd, b.emit(Op::Neg, c.e), s.e);
  std::uint32_t d = b.emit(Op::Select, odd, s.s, c.s);
  std::uint32_t dl = b.emit(Op::Select, odd, s.e, c.e);
  std::uint32_t inv = b.emit(Op::Div, b.f(1.0f), d);
  std::uint32_t q0 = b.emit(Op::Mul, n, inv);
  std::uint32_t nq0 = b.emit(Op::Neg, q0);
  std::uint32_t e = b.emit(Op::Add, b.emit(Op::Fma, nq0, d, n), b.emit(Op::Fma, nq0, dl, nl));
  return b.emit(Op::Fma, e, inv, q0);
}
}  // namespace

Target trig_target(TrigKind kind) {
  using ir::Op;
  Target t;
  t.domain = eval::Domain{};  // every float

  const auto finish = [kind](ir::Builder& b, const Reduced& r) {
    return kind == TrigKind::Tan ? tan_finish(b, r) : sin_cos_finish(b, r, kind == TrigKind::Cos ? 1 : 0);
  };
  ir::Builder b;
  std::uint32_t x = b.input();
  std::uint32_t y = finish(b, cody_waite(b, x));
  // |x| > 16384, inf or NaN (le is false for NaN): the cold path, evaluated only when a
  // lane needs it (ir/ops.def `guard`).
  std::uint32_t large = b.emit(Op::MNot, b.emit(Op::Le, b.emit(Op::Abs, x), b.f(kTrigFastLimit)));
  std::uint32_t yl = finish(b, payne_hanek(b, x));
  y = b.emit(Op::Guard, large, yl, y);
  if (kind != TrigKind::Cos) {  // odd functions: keeps f(-0) = -0
    std::uint32_t zero = b.emit(Op::Eq, x, b.f(0.0f));
    y = b.emit(Op::Select, zero, x, y);
  }
  t.tmpl = std::move(b).finish(y);
  const double h = 0.7875;
  // Each core's error lands in the result of its side: sin r or cos r (in tanf, in the
  // numerator or denominator they are, with the same relative size).
  t.holes = {Hole{-h, h, "sin(r) - r", libm_ref("sin_tail", sin_tail, mpfr_sin_tail),
                  [](double r) { return std::sin(r); }},
             Hole{-h, h, "cos(r) - 1 + r^2/2", libm_ref("cos_tail", cos_tail, mpfr_cos_tail),
                  [](double r) { return std::cos(r); }}};

  // sin tail: r^3 (c3 + c5 r^2 + c7 r^4 + c9 r^6); near-minimax relative error fit of
  // r + r^3 p(r^2) to sin with sequential float32 rounding (targets/tools/fitpoly.cpp,
  // `fitpoly sin 9`); approximation error 2^-32.5 relative to sin(r).
  ir::Builder cs;
  {
    std::uint32_t rr = cs.input();
    std::uint32_t r2 = cs.emit(Op::Mul, rr, rr);
    std::uint32_t p = horner(cs, r2, {-0x1.555556p-3f, 0x1.111174p-7f, -0x1.a0594ap-13f,
                                      0x1.7c273p-19f});
    std::uint32_t r3 = cs.emit(Op::Mul, r2, rr);
    t.baseline_cores.push_back(std::move(cs).finish(cs.emit(Op::Mul, p, r3)));
  }
  // cos tail: r^4 (c4 + c6 r^2 + c8 r^4), near-minimax relative error fit to the tail
  // cos(r) - 1 + r^2/2 (`fitpoly costail 8`); approximation error 2^-24.0 relative to
  // the tail, which is at most 0.016 of cos(r).
  ir::Builder cc;
  {
    std::uint32_t rr = cc.input();
    std::uint32_t r2 = cc.emit(Op::Mul, rr, rr);
    std::uint32_t p = horner(cc, r2, {0x1.555554p-5f, -0x1.6c1242p-10f, 0x1.9b8e28p-16f});
    std::uint32_t r4 = cc.emit(Op::Mul, r2, r2);
    t.baseline_cores.push_back(std::move(cc).finish(cc.emit(Op::Mul, p, r4)));
  }
  t.baseline_max_ulp = 1.0;
  return t;
}

ir::MultiProgram sincos_template() {
  using ir::Op;
  // trig_target's sinf and cosf templates in one program: each reduction and each core
  // evaluation serves both results; the two guards share their mask (one cold block in
  // the headers, ir::guard_blocks). The sin guard comes first and its zero select after
  // the cos guard, so that the block can open at the cos guard.
  ir::Builder b;
  std::uint32_t x = b.input();
  const Sides fast = sides(b, cody_waite(b, x));
  std::uint32_t s = pick(b, fast, 0), c = pick(b, fast, 1);
  std::uint32_t large = b.emit(Op::MNot, b.emit(Op::Le, b.emit(Op::Abs, x), b.f(kTrigFastLimit)));
  const Sides cold = sides(b, payne_hanek(b, x));
  s = b.emit(Op::Guard, large, pick(b, cold, 0), s);
  c = b.emit(Op::Guard, large, pick(b, cold, 1), c);
  s = b.emit(Op::Select, b.emit(Op::Eq, x, b.f(0.0f)), x, s);  // sin(-0) = -0
  ir::Program p = std::move(b).finish(s);
  return ir::MultiProgram{std::move(p), {s, c}};
}

Target make_sinf() {
  Target t = trig_target(TrigKind::Sin);
  t.name = "sinf";
  t.summary = "sine (Cody-Waite, Payne-Hanek above 16384)";
  t.ref = libm_ref("sin", ::sin, mpfr_sin);
  t.specials = {{0.0f, 0.0f}, {-0.0f, -0.0f}, {0x1.921fb6p+0f, 1.0f}, {-0x1.921fb6p+0f, -1.0f},
                {0x1p-149f, 0x1p-149f}, {-0x1p-140f, -0x1p-140f}, {f32_inf(), f32_nan()},
                {-f32_inf(), f32_nan()}, {f32_nan(), f32_nan()}};
  return t;
}

}  // namespace uf::targets::detail
