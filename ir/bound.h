// Printing proven error bounds. A bound the verifier proved is a double M (computed with
// upward rounding, eval/reference.h); every place that prints it uses these functions,
// so that no printed figure is below M: decimal figures are rounded toward +infinity,
// and the hex form is M exactly. A decimal printed here and read back by strtod (or a C
// compiler) gives a double >= M, since rounding to nearest is monotone.
#pragma once

#include <string>

namespace uf::ir {

// v in decimal with `digits` (1..17) significant digits, rounded toward +infinity, in
// %g style: 0.998532196 -> "0.9986" (digits 4). "inf", "nan", "0" as such.
std::string format_bound_up(double v, int digits = 9);
// v exactly, as a C99 hex float: "0x1.ff4c2bb4p-1".
std::string format_hex_exact(double v);
// "0.99853220 (exact 0x1.ff4c2bb4p-1)": the upward-rounded decimal and the exact value.
std::string format_bound(double v, int digits = 9);

}  // namespace uf::ir
