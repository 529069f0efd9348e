// Mutation operators on core programs. Each is a small value type whose parameters are
// named members and whose call operator takes the RNG and a program by value and
// returns the child (possibly equal to the parent when the operator does not apply;
// the caller retries until the child differs functionally). Children are well typed
// (ir::verify passes) and canonical (ir::canonicalize).
#pragma once

#include <concepts>
#include <cstddef>
#include <variant>
#include <vector>

#include "engine/rng.h"
#include "ir/program.h"

namespace uf::engine {

template <class M>
concept Mutation = requires(const M& m, Rng& rng, ir::Program p) {
  { m(rng, std::move(p)) } -> std::same_as<ir::Program>;
};

// The ops the search may insert into a core (f32 arithmetic by default).
std::vector<ir::Op> default_core_ops();

// Draws a constant for a new `const`: sign * 2^e * m with e uniform in [-6, 2] and m
// uniform in [1, 2), or a small exact value (1, 0.5, 2, ...) with probability 1/4.
float draw_constant(Rng& rng);

// Inserts one op from `ops` (never a guard: InsertOp and ChangeOp skip it, it computes
// select's bits and only marks a cold path for the code generators). With probability grow_root the new op takes the current
// result as an operand and becomes the result (the step that grows a Horner chain);
// otherwise it is placed at a random position and wired into a later use. Each other
// operand is a new constant with probability new_const, the input with probability
// use_input, else a random earlier value of the right type.
struct InsertOp {
  std::vector<ir::Op> ops = default_core_ops();
  double grow_root = 0.5;
  double new_const = 0.4;
  double use_input = 0.4;
  std::size_t max_size = 48;
  ir::Program operator()(Rng& rng, ir::Program p) const;
};

// Raises the degree of a polynomial in place: one use of a constant c becomes
// fma(x, d, c), with x the input (or, with probability use_value, another earlier f32
// value) and d a fresh constant scaled by `scale` (constant fitting follows in the
// search). In a Horner chain this adds a term, which random insertion rarely does.
// Without fma (the real-number experiment's {+, -, x, /}) the same step is
// MulAdd: c becomes x * d + c (two ops), or Divide: c becomes c + x / d, which deepens a
// continued fraction (c + w / (d + w / ...)) the way MulAdd deepens a Horner chain.
// Pole: c becomes c' + d / (v + e) (three ops), v the input, its square (probability
// square_input; canonicalisation merges a repeated x * x) or another value: one more
// pole of a partial-fraction or continued-fraction form. Applied to an even core S(x^2)
// inside (S + x) / (S - x) it raises the symmetric rational's degree by two per step:
// c0 + d / (w + e) gives the (3, 3) form, and its e expanded again the (5, 5) form, the
// 10-operation program of the real-number experiment (docs/real-mode.md).
struct ExpandConstant {
  enum class Form { Fma, MulAdd, Divide, Pole };
  std::vector<Form> forms = {Form::Fma};  // drawn uniformly
  double use_value = 0.2;
  double square_input = 0.5;  // Pole only
  // Probability that every use of the constant (from its first user on) takes the new
  // value, not only the drawn one: a constant shared by several ops (the S of
  // (S + x) / (S - x)) grows as one value, so the form keeps its symmetry.
  double all_uses = 0.0;
  double scale = 1.0 / 16;
  std::size_t max_size = 48;
  ir::Program operator()(Rng& rng, ir::Program p) const;
};

// Multiplies the result by the input or (with probability `square`) by its square:
// result := result * r or result * (r * r). From a constant core this is c r or c r^2
// in one step, the leading term of an odd or even tail (sin(r) - r ~ r^3, cos(r) - 1 +
// r^2/2 ~ r^4), which single insertions reach only through a neutral intermediate
// (c + d r fits d = 0 for an even tail) that selection rarely keeps; ExpandConstant
// does not apply to a core that is a bare constant.
struct ScaleByInput {
  double square = 0.5;
  std::size_t max_size = 48;
  ir::Program operator()(Rng& rng, ir::Program p) const;
};

// The even/odd split of a function with f(x) f(-x) = 1 (exp, 2^x; tanh-like ratios
// after a shift): result := (result + x) / (result - x), with x the input. Applied to an
// even core S(x^2) this is the symmetric rational (S + x) / (S - x), in which every
// constant of S buys two degrees; constant fitting rescales S.
struct SymmetricRatio {
  std::size_t max_size = 48;
  ir::Program operator()(Rng& rng, ir::Program p) const;
};

// Repeated squaring: result := result * result (argument scaling is left to the
// constants, which the fit rescales: f(x) = g(x)^2 with g = f^(1/2)).
struct SquareResult {
  std::size_t max_size = 48;
  ir::Program operator()(Rng& rng, ir::Program p) const;
};

// Splits the core's leading term off as a double-float head added last, the form that
// keeps a core's float32 rounding under an ULP when its leading constant is not a float
// (erff's middle hole: erf(1.25) + r P(r); log2f's: r / ln 2 + r^2 P(r)):
//   result = fma(a, b, c) or c + e, c a constant  ->  c_hi + (fma(a, b, c_lo) or c_lo + e)
//   result = fma(x, c, e), x the input            ->  fma(x, c_hi, fma(x, c_lo, e))
// with c_hi = c cut to 13 significant bits and c_lo = c - c_hi (exact), so the child computes the
// parent's value up to roundings; the constant fitter then fits c_hi + c_lo as one value
// and splits it into float(c) and float(c - c_hi) (engine/constopt.h). A head already
// split is not split again.
struct SplitHead {
  std::size_t max_size = 48;
  ir::Program operator()(Rng& rng, ir::Program p) const;
};

// Removes one instruction, replacing its uses by one of its operands of the same type
// (or the input).
struct RemoveOp {
  ir::Program operator()(Rng& rng, ir::Program p) const;
};

// Points one operand of one instruction at another earlier value of the same type.
struct RewireOperand {
  double use_input = 0.3;
  ir::Program operator()(Rng& rng, ir::Program p) const;
};

// Replaces an op by another of `ops` with the same result type, keeping the operands
// that still fit and drawing the missing ones.
struct ChangeOp {
  std::vector<ir::Op> ops = default_core_ops();
  ir::Program operator()(Rng& rng, ir::Program p) const;
};

// Multiplies one constant by (1 + s * N(0,1)) with s = 10^-u, u uniform in
// [min_log_scale, max_log_scale].
struct PerturbConstant {
  double min_log_scale = 1, max_log_scale = 6;
  ir::Program operator()(Rng& rng, ir::Program p) const;
};

// Replaces one constant by a fresh draw_constant().
struct RedrawConstant {
  ir::Program operator()(Rng& rng, ir::Program p) const;
};

static_assert(Mutation<InsertOp>);
static_assert(Mutation<ExpandConstant>);
static_assert(Mutation<RemoveOp>);
static_assert(Mutation<RewireOperand>);
static_assert(Mutation<ChangeOp>);
static_assert(Mutation<PerturbConstant>);
static_assert(Mutation<RedrawConstant>);
static_assert(Mutation<ScaleByInput>);
static_assert(Mutation<SymmetricRatio>);
static_assert(Mutation<SquareResult>);
static_assert(Mutation<SplitHead>);

// A weighted choice among the operators above.
struct MutationMix {
  using Any = std::variant<InsertOp, ExpandConstant, RemoveOp, RewireOperand, ChangeOp, PerturbConstant,
                           RedrawConstant, ScaleByInput, SymmetricRatio, SquareResult, SplitHead>;
  struct Entry {
    double weight;
    Any op;
  };
  std::vector<Entry> entries;

  // Insert 0.3, expand 0.1, remove 0.15, rewire 0.15, change 0.12, perturb 0.09,
  // redraw 0.09, scale by the input 0.06, split the head 0.03.
  static MutationMix standard(const std::vector<ir::Op>& ops);
  ir::Program operator()(Rng& rng, ir::Program p) const;
};
static_assert(Mutation<MutationMix>);

}  // namespace uf::engine
