// Expressions become kernels: a user target's reference expression compiled to a
// template by composing the catalog's templates and exact float32 operations.
//
//   1 / (1 + exp(-x))   ->   %a = neg x; <expf's template on %a, holes 0..>; %b = add 1, ..;
//                             ret div 1, %b
//
// x, numbers (rounded to float32), pi, + - * /, unary minus and sqrt become one op each
// (correctly rounded); x^n and pow(e, n) for an integer constant 1 <= |n| <= 4 become
// products (and a division for n < 0); exp exp2 expm1 log log2 log1p sin cos tan tanh
// atan erf cbrt become the catalog target's whole template (its range reduction,
// special cases and holes) applied to the argument, with that target's holes and
// baseline cores appended to the composition's. The cores then start from the
// catalog's proven baselines and the search evolves them against the composed
// kernel's error on the user's domain: the bound of what comes out is the kernel's own
// exhaustive proof, never inherited from the parts (rounding between the parts, and
// conditioning such as 1 + tanh(u) near -1, show up there).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ir/program.h"
#include "targets/expr.h"
#include "targets/target.h"

namespace uf::targets {

struct Composition {
  ir::Program tmpl;                        // holes numbered across all the parts
  std::vector<Hole> holes;                 // the parts' holes, in hole order
  std::vector<ir::Program> baseline_cores;  // the parts' baseline cores, in hole order
  std::vector<std::string> parts;          // catalog targets used, in order ("expf", ...)
};

// The composition of e, or nullopt with *why saying what has no float32 counterpart
// (erfc, a non-integer power) or that e calls no catalog function (nothing to compose:
// a search from scratch on the domain is the better start).
std::optional<Composition> compose_expression(const Expr& e, std::string* why);

}  // namespace uf::targets
