// Program checks and transformations: type verification, canonicalisation, hashing,
// inlining template holes.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ir/program.h"

namespace uf::ir {

// Checks that the program is well formed: instruction 0 is input and no other is,
// operands refer to earlier instructions, operand types match the op table, unused
// operand slots are 0, immediates are valid (e.g. zero for ops without one), the
// result is f32. Returns nullopt when valid, else a message naming the instruction
// ("instruction %5 (mul): operand 2 is i32, expected f32").
std::optional<std::string> verify(const Program& p);

// The structural part of verify(), which it checks first: a non-empty program of valid
// ops whose operands are earlier instructions and whose result is one of them. What an
// evaluator needs to run a program without reading out of bounds (the interpreter
// checks only this: it does not need types, its values are 32-bit patterns).
std::optional<std::string> verify_structure(const Program& p);

// Hole indices of `core.N` are below this bound (templates use one or two).
inline constexpr std::uint32_t kMaxHoles = 1024;

// Canonical form: constant folding (ops whose operands are all constants are replaced
// by their value under ir/semantics.h), exact identities (neg neg x = x, asfloat asint
// x = x, select or guard with equal arms or a constant mask, ...), common subexpressions
// merged (a guard's cold instruction identical to a hot one becomes that hot one: same
// bits, only no longer skipped), dead code removed, then a canonical order: commutative
// operands ordered by a hash of their subexpressions; input first, then constants, then
// ops, each group in depth-first post-order from the result. Programs equal up to
// instruction order and commutative swaps get the same canonical form, and its shape
// does not depend on constant values. Idempotent.
// Semantics are preserved bit for bit, except the NaN payload of add/mul when both
// operands are NaN (not fixed by the op semantics; the result is a NaN either way).
// An ill-formed program (verify() fails) is returned unchanged.
Program canonicalize(const Program& p);

// Removes instructions the result does not depend on; keeps order.
Program remove_dead_code(const Program& p);
// The same for a fused kernel: what any output needs is kept, outputs renumbered.
MultiProgram remove_dead_code(const MultiProgram& p);

// Structural hash: ops and wiring, ignoring constant values (JIT cache key).
std::uint64_t structural_hash(const Program& p);
// Full hash: structure and constant bit patterns (dedup).
std::uint64_t full_hash(const Program& p);
// A fused kernel's: its code's, with every result mixed in.
std::uint64_t full_hash(const MultiProgram& p);
// Semantic fingerprint: hash of the program's f32 outputs (scalar semantics) on a
// fixed set of probe inputs; catches programs of different shape computing the same.
std::uint64_t semantic_fingerprint(const Program& p);

// Replaces every `core.N r` of a template by an inlined copy of cores[N] applied to r.
// Each core is a program whose input is the hole's argument. Returns the full kernel
// (dead code removed). Precondition: cores.size() > max hole index.
Program inline_cores(const Program& tmpl, std::span<const Program> cores);
// The same for a fused template: every output kept.
MultiProgram inline_cores(const MultiProgram& tmpl, std::span<const Program> cores);

// Number of holes (max core index + 1, or 0).
std::uint32_t hole_count(const Program& p);

// The cold paths of `guard m a b` (ir/ops.def), the one analysis every code generator
// and the cost model use. For a live guard g, mark every instruction reachable from the
// result without following the edge from g to its operand a (operand slot 1); g's
// exclusive set is what is reachable from a and not marked: the instructions computed
// only for a, which need to be evaluated only when some lane of g's mask is true. Each
// instruction is owned by its innermost guard (guards are processed in descending
// index order, later, inner ones overwriting). Returns, per instruction, the index of
// its owning guard or kNoGuard. Exclusive sets nest (a guard in another's cold path
// owns a subset of it), and every user of an instruction owned by g is owned by g, by
// a guard nested in g, or is g itself; operands outside g's set come before g and are
// owned by no guard or by a guard g is nested in. A guard never owns its own mask or
// fast operand b, nor the result. The input (instruction 0) is owned when only a cold
// path reads it; code generators that pass it as the argument ignore that. Dead
// instructions and an ill-formed program (verify_structure() fails) get kNoGuard.
inline constexpr std::uint32_t kNoGuard = 0xffffffffu;
std::vector<std::uint32_t> guard_owners(const Program& p);

// The same for a fused kernel (ir::MultiProgram: several results, `roots`), where guards
// that share a mask make one block: sincosf's two guards on |x| > 16384 share their
// Payne-Hanek cold path, which guard_owners would leave to the hot path (each guard alone
// does not own what the other also reads). leader[g], for a live guard g, is the guard
// whose position opens g's block: the last guard of g's group, or g itself. `owner`
// names leaders only; a block owns what the cold operands of its guards reach and the
// roots reach only through them. Guards sharing a mask form a group only where it can be
// emitted at the leader's position: no member is used by an instruction at or before the
// leader, and every member has the leader's owner; otherwise each stays alone. With one
// root and no two guards on one mask this is guard_owners (leader[g] = g).
struct GuardBlocks {
  std::vector<std::uint32_t> owner;
  std::vector<std::uint32_t> leader;  // kNoGuard for everything but live guards
};
GuardBlocks guard_blocks(const Program& p, std::span<const std::uint32_t> roots);

// The any-lane test that opens a guard's cold block (a mask-to-register move and a
// branch), added to the guard's own cost (select's) in static_cost.
inline constexpr double kGuardTestCost = 1.0;

// The program every vector runs when no lane takes a cold path: each guard's uses read
// its fast operand b instead, and the dead code (the cold paths) is removed. The cost
// model's view of a guarded kernel (static_cost charges the guard's test on top).
Program hot_path(const Program& p);

// Static cost of a program for an ISA: sum of op costs plus 0.25 x the critical-path
// length in ops (the latency term). A guard costs select plus kGuardTestCost; the
// instructions of its cold path (guard_owners) cost nothing and add nothing to the
// critical path: the cold path is assumed rare (taken by few vectors of inputs).
double static_cost(const Program& p, Isa isa = Isa::Avx512);
// Number of instructions that are not input/const/iconst.
std::size_t op_count(const Program& p);

}  // namespace uf::ir
