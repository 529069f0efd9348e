#include "targets/expr.h"
#include "targets/expr_detail.h"

#include <mpfi.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>
#include <stdexcept>

namespace uf::targets {

using detail::F;
using detail::FnDef;
using detail::fn_table;
using detail::literal_error;

// ---------------------------------------------------------------------------------
// Exact evaluation (eval_mpfr): Ziv's strategy over MPFI interval evaluation.
//
// At working precision p every operation is done in MPFI, whose results enclose the
// exact image of their argument intervals, so the final interval [l, r] encloses f(x)
// whatever cancellation happened. If l and r round (to nearest, at prec(rop)) to the
// same number, that number is f(x) correctly rounded: rounding is monotone. Otherwise
// p doubles (cancellation of k bits needs about k + prec(rop) bits), up to kMaxPrec.
// Ends: an enclosure that is not finite (a NaN, a pole, log of an interval reaching
// 0) defers to plain MPFR at p when that gives NaN or an infinity (the special value
// is the answer), and is refined otherwise; an enclosure narrower than
// 2^-1100 max(1, |mid|) that still straddles a rounding boundary (f(x) exactly zero
// or exactly halfway) returns its midpoint, within 2^-1100 of f(x), far below any
// double or float32 resolution; at kMaxPrec the plain MPFR value at kMaxPrec is
// returned.

namespace {

constexpr mpfr_prec_t kMaxPrec = 1 << 14;

// pow over intervals (MPFI has none): the corner enclosure described above, with
// directed rounding at each corner; NaN endpoints when it does not apply.
void interval_pow(mpfi_ptr rop, mpfi_srcptr a, mpfi_srcptr b) {
  const mpfr_prec_t p = mpfi_get_prec(rop);
  mpfr_t lo, hi, c;
  mpfr_inits2(p, lo, hi, c, static_cast<mpfr_ptr>(nullptr));
  mpfr_set_inf(lo, 1);
  mpfr_set_inf(hi, -1);
  bool ok = true;
  auto corner = [&](mpfr_srcptr u, mpfr_srcptr w) {
    mpfr_pow(c, u, w, MPFR_RNDD);
    if (mpfr_nan_p(c)) ok = false;
    mpfr_min(lo, lo, c, MPFR_RNDD);
    mpfr_pow(c, u, w, MPFR_RNDU);
    if (mpfr_nan_p(c)) ok = false;
    mpfr_max(hi, hi, c, MPFR_RNDU);
  };
  // MPFR's (and C's) pow(x, +-0) = 1 and pow(+1, y) = 1 for every x and y, NaN too, as
  // in the plain evaluation: a NaN base (log(-x)) with an exponent that underflowed to 0
  // is 1 there, and a NaN enclosure here would send every precision level to the plain
  // path (an expr fuzz input ran erf's series at 11264 bits that way, 1.6 s).
  if ((mpfr_zero_p(&b->left) && mpfr_zero_p(&b->right)) ||
      (mpfr_number_p(&a->left) && mpfr_number_p(&a->right) &&  // mpfr_cmp_ui(NaN, 1) is 0
       mpfr_cmp_ui(&a->left, 1) == 0 && mpfr_cmp_ui(&a->right, 1) == 0)) {
    mpfi_set_ui(rop, 1);
    mpfr_clears(lo, hi, c, static_cast<mpfr_ptr>(nullptr));
    return;
  }
  const bool point_int = mpfr_equal_p(&b->left, &b->right) && mpfr_integer_p(&b->left);
  if (mpfr_sgn(&a->left) >= 0) {
    corner(&a->left, &b->left);
    corner(&a->left, &b->right);
    corner(&a->right, &b->left);
    corner(&a->right, &b->right);
  } else if (point_int) {
    corner(&a->left, &b->left);
    corner(&a->right, &b->left);
    if (mpfr_sgn(&a->right) >= 0) {  // contains 0
      if (mpfr_sgn(&b->left) <= 0) ok = false;
      mpfr_set_zero(c, 1);
      mpfr_min(lo, lo, c, MPFR_RNDD);
      mpfr_max(hi, hi, c, MPFR_RNDU);
    }
  } else {
    ok = false;
  }
  if (ok) {
    mpfr_set(&rop->left, lo, MPFR_RNDD);
    mpfr_set(&rop->right, hi, MPFR_RNDU);
  } else {
    mpfr_set_nan(&rop->left);
    mpfr_set_nan(&rop->right);
  }
  mpfr_clears(lo, hi, c, static_cast<mpfr_ptr>(nullptr));
}

// Enclosure of the expression at x with every operation at precision p.
// Intermediates beyond 2^kExpLimit overflow to +-inf and below 2^-kExpLimit underflow to
// +-0 in the plain evaluation, as in a binary format with binary128's exponent range;
// an interval beyond 2^kExpLimit becomes that infinity, and one that reaches beyond it
// the whole line, which sends the evaluation to the plain path. Every double (and so every value the fast oracle can
// follow) is far inside that range. Without the limit MPFR's 2^62 exponent range lets
// tan(pi^344444422) run for minutes: its argument reduction works at hundreds of
// millions of bits (found by fuzz/expr_fuzz.cpp).
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
// An interval whose ends are both beyond 2^kExpLimit, on one side of 0, holds only values
// that overflow: it becomes that infinity, as a point ([+inf, +inf]), so what follows sees
// what the plain evaluation sees (0.75^[inf, inf] = [0, 0]). Before, it became the whole
// line, no finite enclosure followed at any precision, and eval_mpfr ran every precision
// level up to kMaxPrec: x^2^666661 / erfc(-41)^256 took 1.8 s in erfc's series at 16384
// bits (a timeout of the expr fuzz target). An interval with one end beyond may or may
// not overflow: the whole line, which sends the evaluation to the plain path.
//
// Likewise an interval whose ends are both below 2^-kExpLimit in magnitude (or zero), on
// one side of 0, holds only values the plain evaluation flushes to zero: it becomes that
// zero, as a point ([+0, +0] or [-0, -0]).
void clamp_exponent(mpfi_ptr v) {
  const auto tiny = [](mpfr_srcptr e) { return mpfr_regular_p(e) && mpfr_get_exp(e) < -kExpLimit; };
  const auto huge = [](mpfr_srcptr e) { return mpfr_regular_p(e) && mpfr_get_exp(e) > kExpLimit; };
  // +1 or -1 when both ends are `beyond` the limit or already at its value (`at`), on that
  // side of 0; 0 otherwise.
  const auto side = [v](auto beyond, auto at) {
    if (!(beyond(&v->left) || at(&v->left)) || !(beyond(&v->right) || at(&v->right))) return 0;
    const int sl = mpfr_sgn(&v->left), sr = mpfr_sgn(&v->right);
    return sl >= 0 && sr >= 0 ? 1 : sl <= 0 && sr <= 0 ? -1 : 0;
  };
  if (tiny(&v->left) || tiny(&v->right)) {
    if (const int s = side(tiny, [](mpfr_srcptr e) { return mpfr_zero_p(e) != 0; })) {
      mpfr_set_zero(&v->left, s);
      mpfr_set_zero(&v->right, s);
      return;
    }
  }
  if (!huge(&v->left) && !huge(&v->right)) return;
  const int s = side(huge, [](mpfr_srcptr e) { return mpfr_inf_p(e) != 0; });
  mpfr_set_inf(&v->left, s != 0 ? s : -1);
  mpfr_set_inf(&v->right, s != 0 ? s : 1);
}

// MPFI's product of [0, 0] and an interval with an infinite end is [0, 0] (interval
// arithmetic's convention for finite values it bounds); for a point that is an overflow
// ([inf, inf], above) or an exact zero (a flushed underflow) the plain evaluation's 0 * inf
// is NaN. Such a product gives NaN ends, which defers to the plain path.
bool zero_times_infinity(mpfi_srcptr a, mpfi_srcptr b) {
  const auto zero = [](mpfi_srcptr v) { return mpfr_zero_p(&v->left) && mpfr_zero_p(&v->right); };
  const auto inf = [](mpfi_srcptr v) { return mpfr_inf_p(&v->left) || mpfr_inf_p(&v->right); };
  return (zero(a) && inf(b)) || (inf(a) && zero(b));
}

void eval_interval(const Expr& e, mpfi_ptr out, const mpfr_t x, mpfr_prec_t p) {
  std::vector<__mpfi_struct> st(e.postfix.size());
  for (auto& v : st) mpfi_init2(&v, p);
  std::size_t n = 0;
  auto at = [&](std::size_t i) -> mpfi_ptr { return &st[i]; };
  for (const Expr::Node& nd : e.postfix) {
    switch (nd.kind) {
      case Expr::Kind::Num: {
        char* end = nullptr;
        mpfi_ptr r = at(n++);
        mpfr_strtofr(&r->left, nd.literal.c_str(), &end, 0, MPFR_RNDD);
        const bool whole = end && *end == 0;
        mpfr_strtofr(&r->right, nd.literal.c_str(), &end, 0, MPFR_RNDU);
        if (!whole) mpfi_set_d(r, nd.value);
        break;
      }
      case Expr::Kind::X: mpfi_set_fr(at(n++), x); break;
      case Expr::Kind::Pi: mpfi_const_pi(at(n++)); break;
      case Expr::Kind::Neg: mpfi_neg(at(n - 1), at(n - 1)); break;
      case Expr::Kind::Add: --n; mpfi_add(at(n - 1), at(n - 1), at(n)); break;
      case Expr::Kind::Sub: --n; mpfi_sub(at(n - 1), at(n - 1), at(n)); break;
      case Expr::Kind::Mul:
        --n;
        if (zero_times_infinity(at(n - 1), at(n))) {
          mpfr_set_nan(&at(n - 1)->left);
          mpfr_set_nan(&at(n - 1)->right);
        } else {
          mpfi_mul(at(n - 1), at(n - 1), at(n));
        }
        break;
      case Expr::Kind::Div: --n; mpfi_div(at(n - 1), at(n - 1), at(n)); break;
      case Expr::Kind::Pow: --n; interval_pow(at(n - 1), at(n - 1), at(n)); break;
      case Expr::Kind::Fn: {
        const FnDef& f = fn_table()[static_cast<std::size_t>(nd.fn)];
        if (f.arity == 2) {
          --n;
          interval_pow(at(n - 1), at(n - 1), at(n));
        } else {
          f.interval1(at(n - 1), at(n - 1));
        }
        break;
      }
    }
    if (n > 0) clamp_exponent(at(n - 1));
  }
  mpfi_set(out, at(0));
  for (auto& v : st) mpfi_clear(&v);
}

// Plain MPFR evaluation, every operation at precision prec, rounded once to rop.
void eval_plain(const Expr& e, mpfr_t rop, const mpfr_t x, mpfr_prec_t prec) {
  std::vector<__mpfr_struct> st(e.postfix.size());
  for (auto& v : st) mpfr_init2(&v, prec);
  std::size_t n = 0;
  auto at = [&](std::size_t i) -> mpfr_ptr { return &st[i]; };
  for (const Expr::Node& nd : e.postfix) {
    switch (nd.kind) {
      case Expr::Kind::Num:
        if (mpfr_set_str(at(n), nd.literal.c_str(), 0, MPFR_RNDN) != 0)
          mpfr_set_d(at(n), nd.value, MPFR_RNDN);
        ++n;
        break;
      case Expr::Kind::X: mpfr_set(at(n++), x, MPFR_RNDN); break;
      case Expr::Kind::Pi: mpfr_const_pi(at(n++), MPFR_RNDN); break;
      case Expr::Kind::Neg: mpfr_neg(at(n - 1), at(n - 1), MPFR_RNDN); break;
      case Expr::Kind::Add: --n; mpfr_add(at(n - 1), at(n - 1), at(n), MPFR_RNDN); break;
      case Expr::Kind::Sub: --n; mpfr_sub(at(n - 1), at(n - 1), at(n), MPFR_RNDN); break;
      case Expr::Kind::Mul: --n; mpfr_mul(at(n - 1), at(n - 1), at(n), MPFR_RNDN); break;
      case Expr::Kind::Div: --n; mpfr_div(at(n - 1), at(n - 1), at(n), MPFR_RNDN); break;
      case Expr::Kind::Pow: --n; mpfr_pow(at(n - 1), at(n - 1), at(n), MPFR_RNDN); break;
      case Expr::Kind::Fn: {
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
    if (n > 0) clamp_exponent(at(n - 1));
  }
  mpfr_set(rop, at(0), MPFR_RNDN);
  for (auto& v : st) mpfr_clear(&v);
}

}  // namespace

void Expr::eval_mpfr(mpfr_t rop, const mpfr_t x) const {
  const mpfr_prec_t target = mpfr_get_prec(rop);
  mpfr_t l, r, w;
  mpfr_inits2(target, l, r, static_cast<mpfr_ptr>(nullptr));
  mpfr_init2(w, 64);
  bool done = false;
  for (mpfr_prec_t p = target + 64; p <= kMaxPrec && !done; p *= 2) {
    mpfi_t enc;
    mpfi_init2(enc, p);
    eval_interval(*this, enc, x, p);
    if (mpfr_number_p(&enc->left) && mpfr_number_p(&enc->right)) {
      mpfr_set(l, &enc->left, MPFR_RNDN);
      mpfr_set(r, &enc->right, MPFR_RNDN);
      if (mpfr_equal_p(l, r)) {
        mpfr_set(rop, l, MPFR_RNDN);
        done = true;
      } else {
        // Width against 2^-1100 max(1, |mid|), both rounded up (a safe comparison).
        mpfr_sub(w, &enc->right, &enc->left, MPFR_RNDU);
        mpfr_t mid;
        mpfr_init2(mid, p);
        mpfi_mid(mid, enc);
        mpfr_abs(r, mid, MPFR_RNDU);
        if (mpfr_cmp_ui(r, 1) < 0) mpfr_set_ui(r, 1, MPFR_RNDN);
        mpfr_mul_2si(r, r, -1100, MPFR_RNDU);
        if (mpfr_lessequal_p(w, r)) {
          mpfr_set(rop, mid, MPFR_RNDN);
          done = true;
        }
        mpfr_clear(mid);
      }
    } else {
      eval_plain(*this, rop, x, p);
      done = mpfr_nan_p(rop) || mpfr_inf_p(rop);
    }
    mpfi_clear(enc);
  }
  if (!done) eval_plain(*this, rop, x, kMaxPrec);
  mpfr_clears(l, r, w, static_cast<mpfr_ptr>(nullptr));
}

}  // namespace uf::targets
