// A target's declared special values, checked on a kernel: the one comparison used by
// the exhaustive proof (eval/verify.h), the search's candidate scoring and `eval`.
#pragma once

#include <vector>

#include "eval/verify.h"

namespace uf::eval {

// Runs the kernel on every special input and returns those whose result is not the
// required value bit for bit (any NaN matches NaN): x, the result y, and the required
// value in `ref`. Empty when every special value is met.
std::vector<WorstInput> special_value_failures(const BatchFn& kernel,
                                               const std::vector<SpecialValue>& specials);

}  // namespace uf::eval
