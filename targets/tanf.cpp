// tanf: tangent of every float32 (proven over all 2^32 inputs). The template is sinf's
// reduction and cores (targets/sinf.cpp): sin and cos of the reduced argument as float
// pairs, tan = S/C in even quadrants and -C/S in odd ones, divided as pairs so that the
// result is rounded once. The holes and baseline cores are sinf's.
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

Target make_tanf() {
  Target t = trig_target(TrigKind::Tan);
  t.name = "tanf";
  t.summary = "tangent (sin/cos cores as pairs, Cody-Waite, Payne-Hanek above 16384)";
  t.ref = libm_ref("tan", ::tan, mpfr_tan);
  // tan(float(pi/2)) and tan(float(pi/4)): the correctly rounded values (MPFR).
  t.specials = {{0.0f, 0.0f},           {-0.0f, -0.0f},          {0x1p-149f, 0x1p-149f},
                {-0x1p-140f, -0x1p-140f}, {0x1.921fb6p+0f, -0x1.5d1494p+24f}, {-0x1.921fb6p+0f, 0x1.5d1494p+24f},
                {0x1.921fb6p-1f, 1.0f},  {f32_inf(), f32_nan()}, {-f32_inf(), f32_nan()},
                {f32_nan(), f32_nan()}};
  return t;
}

}  // namespace uf::targets::detail
