// cosf: cosine of every float32 (proven over all 2^32 inputs). The template is sinf's reduction
// (targets/sinf.cpp) with the quadrant advanced by one: cos x = sin(x + pi/2); the
// holes (sin and cos cores on [-0.7875, 0.7875]) and baseline cores are shared.
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

Target make_cosf() {
  Target t = trig_target(TrigKind::Cos);
  t.name = "cosf";
  t.summary = "cosine (Cody-Waite, Payne-Hanek above 16384)";
  t.ref = libm_ref("cos", ::cos, mpfr_cos);
  t.specials = {{0.0f, 1.0f}, {-0.0f, 1.0f}, {0x1p-149f, 1.0f}, {0x1p-13f, 1.0f},
               {f32_inf(), f32_nan()}, {-f32_inf(), f32_nan()}, {f32_nan(), f32_nan()}};
  return t;
}

}  // namespace uf::targets::detail
