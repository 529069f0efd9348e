// Internal to the interpreter (eval/interp*.cpp).
#pragma once

#include "ir/program.h"

namespace uf::eval::detail {

// A malformed program is an error (std::invalid_argument), never an out-of-bounds read:
// empty, result out of range, an unknown op, or an operand that is not an earlier value.
void check_program(const ir::Program& p);

}  // namespace uf::eval::detail
