// Value ranges: a sound over-approximation of the values every instruction of a
// program can take, over all float32 inputs. The code generators use it to drop
// guards that can never fire: the saturation and NaN handling of `f2i` and the
// exponent clamp of `ldexp` (e.g. after a template's input clamp bounds the
// reduction's integer k). Dropping them never changes a result bit.
#pragma once

#include <limits>
#include <vector>

#include "ir/program.h"

namespace uf::ir {

struct Range {
  // f32: every non-NaN value lies in [lo, hi] (infinities included; lo > hi when the
  // value is always NaN); `nan`: the value may be NaN. i32: the signed value lies in
  // [lo, hi] (`nan` unused). Masks: not tracked (always full).
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool nan = true;
};

// One range per instruction (index = value number).
std::vector<Range> value_ranges(const Program& p);

// f2i of a value in `a` needs no saturation: every non-NaN value is finite and in
// [-2^31, 2^31 - 128] (the largest float below 2^31), so truncation is exact.
bool f2i_in_range(const Range& a);
// ldexp with an exponent in `k` needs no clamp to [-252, 254].
bool ldexp_k_in_range(const Range& k);

}  // namespace uf::ir
