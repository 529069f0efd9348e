/* uf_math_example: uses ulpforge_math.h from the installed package. Prints the body the
 * array functions run on this CPU, the table of proven bounds, and uf_expf/uf_logf next to
 * libm on a few inputs. Exits 1 if a result is further from libm's double result than its
 * proven bound, plus half an ULP of slack for the simple ULP measure below. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <ulpforge_math.h>

/* Distance in float32 ULPs of the reference's binade (good enough for a smoke test). */
static double ulps(float y, double ref) {
  int e;
  frexp(ref, &e);
  return fabs((double)y - ref) / ldexp(1.0, e - 24);
}

int main(void) {
  const float x[] = {-3.5f, -0.25f, 0.5f, 1.0f, 2.75f, 10.0f, 42.0f, 80.0f};
  const size_t n = sizeof x / sizeof x[0];
  float e[8], l[8];
  const uf_math_bound* b = uf_math_bounds();
  size_t i;
  int bad = 0;
  printf("ulpforge_math: %d functions, body in use: %s\n", ULPFORGE_MATH_FUNCTIONS, uf_math_isa());
  for (i = 0; i < (size_t)ULPFORGE_MATH_FUNCTIONS; ++i)
    printf("  %-14s proven max ULP %-11.9g tier %-3g on %s\n", b[i].name, b[i].max_ulp, b[i].tier, b[i].domain);
  uf_expf_array(x, e, n);
  for (i = 0; i < n; ++i) {
    const float lx = fabsf(x[i]);
    uf_logf_array(&lx, &l[i], 1);
    printf("x = %-6g uf_expf %-14.9g expf %-14.9g uf_logf(|x|) %-12.9g logf %.9g\n", x[i], e[i],
           exp((double)x[i]), l[i], log((double)lx));
    bad |= ulps(e[i], exp((double)x[i])) > UF_EXPF_MAX_ULP + 0.5;
    bad |= ulps(l[i], log((double)lx)) > UF_LOGF_MAX_ULP + 0.5;
  }
  puts(bad ? "FAIL" : "ok");
  return bad ? EXIT_FAILURE : EXIT_SUCCESS;
}
