// cosf: cosine on |x| <= 16384 (the proven domain). The template is sinf's reduction
// (targets/sinf.cpp) with the quadrant advanced by one: cos x = sin(x + pi/2); the
// holes (sin and cos cores on [-0.7875, 0.7875]) and baseline cores are shared.
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

Target make_cosf() {
  Target t = trig_target(1);
  t.name = "cosf";
  t.summary = "cosine on |x| <= 16384 (domain restricted: Cody-Waite reduction)";
  t.ref = libm_ref("cos", ::cos, mpfr_cos);
  t.specials = {{0.0f, 1.0f}, {-0.0f, 1.0f}, {0x1p-149f, 1.0f}, {0x1p-13f, 1.0f}};
  return t;
}

}  // namespace uf::targets::detail
