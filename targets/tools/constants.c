#include <mpfr.h>
#include <stdio.h>
#include <math.h>
static float split(mpfr_t v) { float f = mpfr_get_flt(v, MPFR_RNDN); mpfr_sub_d(v, v, f, MPFR_RNDN); return f; }
int main() {
  mpfr_set_default_prec(300);
  mpfr_t v, t; mpfr_inits(v, t, NULL);
  mpfr_const_pi(v, MPFR_RNDN); mpfr_div_2ui(v, v, 1, MPFR_RNDN);
  float a = split(v), b = split(v), c = split(v);
  printf("pio2: %a %a %a\n", a, b, c);
  mpfr_const_log2(v, MPFR_RNDN); a = split(v); b = split(v); printf("ln2: %a %a\n", a, b);
  mpfr_const_log2(v, MPFR_RNDN); mpfr_ui_div(v, 1, v, MPFR_RNDN); printf("log2e %a\n", mpfr_get_flt(v, MPFR_RNDN));
  mpfr_const_pi(v, MPFR_RNDN); mpfr_ui_div(v, 2, v, MPFR_RNDN); printf("2/pi %a\n", mpfr_get_flt(v, MPFR_RNDN));
  mpfr_set_d(v, 2.0, MPFR_RNDN); mpfr_sqrt(v, v, MPFR_RNDN); printf("sqrt2 %a\n", mpfr_get_flt(v, MPFR_RNDN));
  // expf thresholds: scan floats
  float x = 88.0f; float lastfin = 0;
  for (; x < 89.0f; x = nextafterf(x, 100)) { mpfr_set_flt(t, x, MPFR_RNDN); mpfr_exp(v, t, MPFR_RNDN); float y = mpfr_get_flt(v, MPFR_RNDN); if (isinf(y)) { printf("expf first inf at %a (last finite %a)\n", x, lastfin); break; } lastfin = x; }
  x = -110.0f; for (; x < -100.0f; x = nextafterf(x, 0)) { mpfr_set_flt(t, x, MPFR_RNDN); mpfr_exp(v, t, MPFR_RNDN); mpfr_subnormalize(v, 0, MPFR_RNDN); float y = mpfr_get_flt(v, MPFR_RNDN); if (y != 0) { printf("expf first nonzero at %a = %a\n", x, y); break; } }
  x = 3.8f; for (; x < 4.0f; x = nextafterf(x, 5)) { mpfr_set_flt(t, x, MPFR_RNDN); mpfr_erf(v, t, MPFR_RNDN); float y = mpfr_get_flt(v, MPFR_RNDN); if (y == 1.0f) { printf("erf==1 from %a\n", x); break; } }
  x = 8.0f; for (; x < 10.0f; x = nextafterf(x, 50)) { mpfr_set_flt(t, x, MPFR_RNDN); mpfr_tanh(v, t, MPFR_RNDN); float y = mpfr_get_flt(v, MPFR_RNDN); if (y == 1.0f) { printf("tanh==1 from %a\n", x); break; } }
}
