#include "ir/passes.h"

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "ir/semantics.h"

namespace uf::ir {

namespace {

bool valid_op(Op op) { return static_cast<std::size_t>(op) < kNumOps; }

bool is_leaf(Op op) { return op == Op::Input || op == Op::Const || op == Op::IConst; }

std::string where(std::size_t i, Op op) {
  std::string s = "instruction %" + std::to_string(i);
  if (valid_op(op)) s += " (" + std::string(info(op).name) + ")";
  return s;
}

// 64-bit mixing (the SplitMix64 finaliser): every input bit affects every output bit.
std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  std::uint64_t z = h ^ (v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2));
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

std::uint64_t hash_program(const Program& p, bool with_constants) {
  std::uint64_t h = mix(0x756c70666f726765ull, p.code.size());
  for (const Instr& ins : p.code) {
    h = mix(h, static_cast<std::uint64_t>(ins.op));
    const int arity = valid_op(ins.op) ? info(ins.op).arity : 3;
    for (int k = 0; k < arity; ++k) h = mix(h, ins.args[static_cast<std::size_t>(k)]);
    const bool is_constant = ins.op == Op::Const || ins.op == Op::IConst;
    if (!is_constant || with_constants) h = mix(h, ins.imm);
  }
  return mix(h, p.result);
}

std::uint64_t instr_hash(const Instr& ins) {
  std::uint64_t h = mix(static_cast<std::uint64_t>(ins.op), ins.imm);
  for (std::uint32_t a : ins.args) h = mix(h, a);
  return h;
}

// Value numbering for CSE: an open-addressing table of instruction indices keyed by
// the instruction itself (op, operands, immediate). Capacity is a power of two at
// least twice the number of instructions, so probing always ends at an empty slot.
class ValueTable {
 public:
  explicit ValueTable(std::size_t n) {
    std::size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    slots_.assign(cap, kEmpty);
  }
  // The index of an instruction equal to `ins` in `code`, or kEmpty.
  std::uint32_t find(const Instr& ins, const std::vector<Instr>& code) const {
    for (std::size_t i = instr_hash(ins) & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i] == kEmpty || code[slots_[i]] == ins) return slots_[i];
    }
  }
  void insert(const Instr& ins, std::uint32_t v) {
    std::size_t i = instr_hash(ins) & (slots_.size() - 1);
    while (slots_[i] != kEmpty) i = (i + 1) & (slots_.size() - 1);
    slots_[i] = v;
  }
  static constexpr std::uint32_t kEmpty = 0xffffffffu;

 private:
  std::vector<std::uint32_t> slots_;
};

}  // namespace

std::optional<std::string> verify_structure(const Program& p) {
  if (p.code.empty()) return "program is empty: instruction %0 must be input";
  for (std::size_t i = 0; i < p.code.size(); ++i) {
    const Instr& ins = p.code[i];
    if (!valid_op(ins.op))
      return where(i, ins.op) + ": invalid op code " +
             std::to_string(static_cast<unsigned>(ins.op));
    for (int k = 0; k < info(ins.op).arity; ++k) {
      const std::uint32_t a = ins.args[static_cast<std::size_t>(k)];
      if (a >= i)
        return where(i, ins.op) + ": operand " + std::to_string(k + 1) + " (%" +
               std::to_string(a) + ") is not defined before use";
    }
  }
  if (p.result >= p.code.size())
    return "result %" + std::to_string(p.result) + " is not an instruction (program has " +
           std::to_string(p.code.size()) + ")";
  return std::nullopt;
}

std::optional<std::string> verify(const Program& p) {
  if (auto e = verify_structure(p)) return e;
  for (std::size_t i = 0; i < p.code.size(); ++i) {
    const Instr& ins = p.code[i];
    const OpInfo& oi = info(ins.op);
    if (i == 0 && ins.op != Op::Input) return where(i, ins.op) + ": instruction %0 must be input";
    if (i != 0 && ins.op == Op::Input) return where(i, ins.op) + ": only instruction %0 may be input";
    for (int k = 0; k < 3; ++k) {
      const std::uint32_t a = ins.args[static_cast<std::size_t>(k)];
      if (k >= oi.arity) {
        if (a != 0)
          return where(i, ins.op) + ": unused operand slot " + std::to_string(k + 1) + " is " +
                 std::to_string(a) + ", expected 0";
        continue;
      }
      const Type got = p.type_of(a);
      const Type want = oi.args[static_cast<std::size_t>(k)];
      if (got != want)
        return where(i, ins.op) + ": operand " + std::to_string(k + 1) + " (%" +
               std::to_string(a) + ") is " + std::string(type_name(got)) + ", expected " +
               std::string(type_name(want));
    }
    if (oi.imm == ImmKind::Hole && ins.imm >= kMaxHoles)
      return where(i, ins.op) + ": hole index " + std::to_string(ins.imm) + " is not below " +
             std::to_string(kMaxHoles);
    if (oi.imm == ImmKind::None && ins.imm != 0)
      return where(i, ins.op) + ": immediate is " + std::to_string(ins.imm) +
             ", expected 0 (the op has no immediate)";
  }
  if (p.type_of(p.result) != Type::F32)
    return "result %" + std::to_string(p.result) + " is " +
           std::string(type_name(p.type_of(p.result))) + ", expected f32";
  return std::nullopt;
}

namespace {
// remove_dead_code for the values `roots` (renumbered in place; out-of-range ones kept).
Program remove_dead_code_of(const Program& p, std::vector<std::uint32_t>& roots) {
  std::vector<bool> live(p.code.size(), false);
  live[0] = true;
  for (std::uint32_t r : roots)
    if (r < p.code.size()) live[r] = true;
  for (std::size_t i = p.code.size(); i-- > 1;) {
    if (!live[i]) continue;
    const Instr& ins = p.code[i];
    for (int k = 0; k < info(ins.op).arity; ++k) live[ins.args[static_cast<std::size_t>(k)]] = true;
  }
  Program out;
  std::vector<std::uint32_t> map(p.code.size(), 0);
  for (std::size_t i = 0; i < p.code.size(); ++i) {
    if (!live[i]) continue;
    Instr ins = p.code[i];
    for (int k = 0; k < info(ins.op).arity; ++k) {
      auto& a = ins.args[static_cast<std::size_t>(k)];
      a = map[a];
    }
    map[i] = static_cast<std::uint32_t>(out.code.size());
    out.code.push_back(ins);
  }
  for (std::uint32_t& r : roots)
    if (r < p.code.size()) r = map[r];
  out.result = roots.empty() ? 0 : roots[0];  // remove_dead_code's result, a fused kernel's outputs[0]
  return out;
}
}  // namespace

Program remove_dead_code(const Program& p) {
  if (verify(p)) return p;  // ill-formed: returned unchanged, verify() explains why
  std::vector<std::uint32_t> roots{p.result};
  return remove_dead_code_of(p, roots);
}

MultiProgram remove_dead_code(const MultiProgram& p) {
  if (verify(p.code)) return p;
  MultiProgram out{Program{}, p.outputs};
  out.code = remove_dead_code_of(p.code, out.outputs);
  return out;
}

namespace {

// Puts a live, merged program into canonical order, so that programs equal up to
// instruction order and commutative operand order become identical:
//  - every value gets a tree hash of its expression, structural (constant values
//    ignored) and full; commutative operands are ordered input first, computed values
//    next, constants last, then by (structural, full) hash, so the order never
//    depends on constant values unless the two operand subtrees have the same
//    structure (and then either order has the same shape);
//  - the input comes first, then the constants, then the ops, each group in
//    depth-first post-order from the result (operands visited in order).
// Equal hashes mean equal subtrees up to collisions (the subtrees were merged before).
Program canonical_order(const Program& p) {
  const std::size_t n = p.code.size();
  std::vector<std::uint64_t> sh(n), fh(n);
  std::vector<Instr> code = p.code;
  for (std::size_t i = 0; i < n; ++i) {
    Instr& ins = code[i];
    const OpInfo& oi = info(ins.op);
    // Input first, computed values next, constants last ("mul %x, %c"), then by hash.
    const auto key = [&](std::uint32_t v) {
      const Op o = code[v].op;
      const int cls = o == Op::Input ? 0 : (o == Op::Const || o == Op::IConst) ? 2 : 1;
      return std::tuple{cls, sh[v], fh[v]};
    };
    if (oi.commutative && key(ins.args[1]) < key(ins.args[0])) std::swap(ins.args[0], ins.args[1]);
    const bool is_constant = ins.op == Op::Const || ins.op == Op::IConst;
    std::uint64_t s = mix(static_cast<std::uint64_t>(ins.op), is_constant ? 0 : ins.imm);
    std::uint64_t f = mix(static_cast<std::uint64_t>(ins.op), ins.imm);
    for (int k = 0; k < oi.arity; ++k) {
      s = mix(s, sh[ins.args[static_cast<std::size_t>(k)]]);
      f = mix(f, fh[ins.args[static_cast<std::size_t>(k)]]);
    }
    sh[i] = s;
    fh[i] = f;
  }
  // Iterative DFS (programs can be long chains): frame = (value, next operand).
  std::vector<std::uint32_t> post;
  post.reserve(n);
  std::vector<bool> seen(n, false);
  seen[0] = true;
  std::vector<std::pair<std::uint32_t, int>> stack{{p.result, 0}};
  while (!stack.empty()) {
    auto& [v, k] = stack.back();
    if (seen[v] && k == 0) {
      stack.pop_back();
      continue;
    }
    seen[v] = true;
    const Instr& ins = code[v];
    if (k < info(ins.op).arity) {
      const std::uint32_t a = ins.args[static_cast<std::size_t>(k++)];
      if (!seen[a]) stack.emplace_back(a, 0);
      continue;
    }
    post.push_back(v);
    stack.pop_back();
  }
  Program out;
  out.code.reserve(n);
  std::vector<std::uint32_t> map(n, 0);
  out.code.push_back(code[0]);
  const auto emit = [&](std::uint32_t v) {
    Instr e = code[v];
    for (int j = 0; j < info(e.op).arity; ++j) {
      auto& a = e.args[static_cast<std::size_t>(j)];
      a = map[a];
    }
    map[v] = static_cast<std::uint32_t>(out.code.size());
    out.code.push_back(e);
  };
  for (std::uint32_t v : post)
    if (code[v].op == Op::Const || code[v].op == Op::IConst) emit(v);
  for (std::uint32_t v : post)
    if (code[v].op != Op::Const && code[v].op != Op::IConst) emit(v);
  out.result = map[p.result];
  return out;
}

}  // namespace

// One forward pass builds the canonical program: each instruction gets its operands
// remapped, is simplified (exact identities only), folded when its operands are known
// constants, ordered when commutative, and merged with an identical earlier
// instruction. Masks have no constant op, so a mask with constant operands stays an
// instruction but its value is known and folds its users. Dead code is removed, then
// canonical_order() fixes the instruction and commutative operand order.
//
// Every rewrite is bit-exact under ir/semantics.h: folding calls sem::eval itself;
// neg/abs/bit casts/mask-not are bit operations whose compositions cancel exactly;
// select with equal arms or a known mask returns one operand's bits unchanged.
// Commutative reordering can change which NaN payload an IEEE add/mul propagates when
// both operands are NaN (the hardware picks one); the result is NaN either way.
Program canonicalize(const Program& p) {
  if (verify(p)) return p;  // ill-formed: returned unchanged, verify() explains why
  Program out = identity_program();
  std::vector<std::optional<std::uint32_t>> known{std::nullopt};  // constant value per new value
  std::vector<std::uint32_t> map(p.code.size(), 0);
  out.code.reserve(p.code.size());
  known.reserve(p.code.size());
  ValueTable seen(p.code.size());

  auto add = [&](const Instr& ins, std::optional<std::uint32_t> value) {
    if (const std::uint32_t v = seen.find(ins, out.code); v != ValueTable::kEmpty) return v;
    out.code.push_back(ins);
    known.push_back(value);
    const auto v = static_cast<std::uint32_t>(out.code.size() - 1);
    seen.insert(ins, v);
    return v;
  };

  for (std::size_t i = 1; i < p.code.size(); ++i) {
    Instr ins = p.code[i];
    const OpInfo& oi = info(ins.op);
    for (int k = 0; k < oi.arity; ++k) {
      auto& a = ins.args[static_cast<std::size_t>(k)];
      a = map[a];
    }
    const auto arg = [&](int k) { return out.code[ins.args[static_cast<std::size_t>(k)]]; };
    const auto argk = [&](int k) { return known[ins.args[static_cast<std::size_t>(k)]]; };

    // Exact identities: forward an existing value.
    std::optional<std::uint32_t> forward;
    switch (ins.op) {
      case Op::Neg:
        if (arg(0).op == Op::Neg) forward = arg(0).args[0];
        break;
      case Op::Abs:
        if (arg(0).op == Op::Neg) ins.args[0] = arg(0).args[0];  // abs(-a) = abs(a)
        if (arg(0).op == Op::Abs) forward = ins.args[0];         // abs(abs(a)), abs(-abs(a))
        break;
      case Op::AsInt:
        if (arg(0).op == Op::AsFloat) forward = arg(0).args[0];
        break;
      case Op::AsFloat:
        if (arg(0).op == Op::AsInt) forward = arg(0).args[0];
        break;
      case Op::MNot:
        if (arg(0).op == Op::MNot) forward = arg(0).args[0];
        break;
      case Op::And:
      case Op::Or:
      case Op::MAnd:
      case Op::MOr:
        if (ins.args[0] == ins.args[1]) forward = ins.args[0];
        break;
      case Op::Select:
      case Op::Guard:  // select's bits: the same identities
      case Op::ISelect:
        if (ins.args[1] == ins.args[2]) forward = ins.args[1];
        else if (argk(0)) forward = *argk(0) ? ins.args[1] : ins.args[2];
        break;
      default: break;
    }
    if (forward) {
      map[i] = *forward;
      continue;
    }

    // Constant folding (never a hole: core is evaluated only after inlining).
    if (!is_leaf(ins.op) && ins.op != Op::Core) {
      bool all_known = true;
      std::array<std::uint32_t, 3> v{0, 0, 0};
      for (int k = 0; k < oi.arity; ++k) {
        if (!argk(k)) all_known = false;
        else v[static_cast<std::size_t>(k)] = *argk(k);
      }
      if (all_known) {
        const std::uint32_t r = sem::eval(ins.op, v[0], v[1], v[2], ins.imm, 0);
        if (oi.result == Type::F32) {
          map[i] = add(Instr{Op::Const, {0, 0, 0}, r}, r);
          continue;
        }
        if (oi.result == Type::I32) {
          map[i] = add(Instr{Op::IConst, {0, 0, 0}, r}, r);
          continue;
        }
        if (oi.commutative && ins.args[1] < ins.args[0]) std::swap(ins.args[0], ins.args[1]);
        map[i] = add(ins, r);  // a mask: kept, value known
        continue;
      }
    }

    if (oi.commutative && ins.args[1] < ins.args[0]) std::swap(ins.args[0], ins.args[1]);
    std::optional<std::uint32_t> value;
    if (ins.op == Op::Const || ins.op == Op::IConst) value = ins.imm;
    map[i] = add(ins, value);
  }
  out.result = map[p.result];
  return canonical_order(remove_dead_code(out));
}

std::uint64_t structural_hash(const Program& p) { return hash_program(p, false); }

std::uint64_t full_hash(const Program& p) { return hash_program(p, true); }

std::uint64_t full_hash(const MultiProgram& p) {
  std::uint64_t h = hash_program(p.code, true);
  for (std::uint32_t o : p.outputs) h = (h ^ o) * 0x100000001b3ull;
  return h;
}

std::uint64_t semantic_fingerprint(const Program& p) {
  // Probes spread over the float range: zeros, ±1, fractions, the exp/log working
  // range, tiny and huge magnitudes of both signs, a subnormal and +inf.
  static constexpr std::array<float, 16> kProbes{
      0.0f,   -0.0f,   1.0f,     -1.0f,   0.5f,    -2.75f,  0.1f,    3.14159274f,
      -10.0f, 88.5f,   -103.0f,  1.0e-3f, -7.5e-6f, 6.0e12f, -3.0e35f, 1.0e-40f};
  if (verify(p)) return 0;
  std::uint64_t h = 0x66696e6765727072ull;
  for (float x : kProbes) {
    std::uint32_t y = sem::u(sem::run_scalar(p, x));
    if ((y & 0x7fffffffu) > 0x7f800000u) y = 0x7fc00000u;  // NaN payloads are not semantics
    h = mix(h, y);
  }
  return h;
}

namespace {
// inline_cores without the dead-code pass; map[i] is template value i's index in the result.
Program inline_cores_mapped(const Program& tmpl, std::span<const Program> cores, std::vector<std::uint32_t>& map) {
  if (auto err = verify(tmpl)) throw std::invalid_argument("inline_cores: template: " + *err);
  for (std::size_t n = 0; n < cores.size(); ++n)
    if (auto err = verify(cores[n]))
      throw std::invalid_argument("inline_cores: core " + std::to_string(n) + ": " + *err);
  Program out = identity_program();
  map.assign(tmpl.code.size(), 0);
  for (std::size_t i = 1; i < tmpl.code.size(); ++i) {
    Instr ins = tmpl.code[i];
    for (int k = 0; k < info(ins.op).arity; ++k) {
      auto& a = ins.args[static_cast<std::size_t>(k)];
      a = map[a];
    }
    if (ins.op != Op::Core) {
      out.code.push_back(ins);
      map[i] = static_cast<std::uint32_t>(out.code.size() - 1);
      continue;
    }
    if (ins.imm >= cores.size())
      throw std::invalid_argument("inline_cores: " + where(i, ins.op) + " uses hole " +
                                  std::to_string(ins.imm) + " but only " +
                                  std::to_string(cores.size()) + " core(s) were given");
    const Program& core = cores[ins.imm];
    std::vector<std::uint32_t> cmap(core.code.size(), 0);
    cmap[0] = ins.args[0];  // the core's input is the hole's argument
    for (std::size_t j = 1; j < core.code.size(); ++j) {
      Instr c = core.code[j];
      for (int k = 0; k < info(c.op).arity; ++k) {
        auto& a = c.args[static_cast<std::size_t>(k)];
        a = cmap[a];
      }
      out.code.push_back(c);
      cmap[j] = static_cast<std::uint32_t>(out.code.size() - 1);
    }
    map[i] = cmap[core.result];
  }
  out.result = map[tmpl.result];
  return out;
}
}  // namespace

Program inline_cores(const Program& tmpl, std::span<const Program> cores) {
  std::vector<std::uint32_t> map;
  return remove_dead_code(inline_cores_mapped(tmpl, cores, map));
}

MultiProgram inline_cores(const MultiProgram& tmpl, std::span<const Program> cores) {
  std::vector<std::uint32_t> map;
  MultiProgram out{inline_cores_mapped(tmpl.code, cores, map), {}};
  for (std::uint32_t o : tmpl.outputs) out.outputs.push_back(map.at(o));
  return remove_dead_code(out);
}

std::uint32_t hole_count(const Program& p) {
  std::uint32_t n = 0;
  for (const Instr& ins : p.code)
    if (ins.op == Op::Core) n = std::max(n, ins.imm + 1);
  return n;
}

namespace {
// reach(from, skip): reachable from the roots, not following operand slot 1 of a guard g
// with skip(g). owners(): guard_owners for the given roots and groups (leader).
struct OwnerPass {
  const Program& p;
  std::span<const std::uint32_t> roots;

  template <class Skip>
  std::vector<bool> reach(std::span<const std::uint32_t> from, Skip skip) const {
    std::vector<bool> r(p.code.size(), false);
    std::size_t top = 0;
    for (std::uint32_t f : from) r[f] = true, top = std::max<std::size_t>(top, f + 1);
    for (std::size_t i = top; i-- > 0;) {
      if (!r[i]) continue;
      const Instr& ins = p.code[i];
      for (int k = 0; k < info(ins.op).arity; ++k)
        if (k != 1 || !skip(i)) r[ins.args[static_cast<std::size_t>(k)]] = true;
    }
    return r;
  }

  std::vector<std::uint32_t> owners(const std::vector<std::uint32_t>& leader) const {
    const std::size_t n = p.code.size();
    std::vector<std::uint32_t> owner(n, kNoGuard);
    for (std::size_t g = n; g-- > 0;) {
      if (leader[g] != g) continue;
      std::vector<std::uint32_t> cold_from;
      for (std::size_t m = 0; m < n; ++m)
        if (leader[m] == g) cold_from.push_back(p.code[m].args[1]);
      const std::vector<bool> marked = reach(roots, [&](std::size_t i) { return leader[i] == g; });
      const std::vector<bool> cold = reach(cold_from, [](std::size_t) { return false; });
      for (std::size_t i = 0; i < n; ++i)
        if (cold[i] && !marked[i]) owner[i] = static_cast<std::uint32_t>(g);
    }
    return owner;
  }
};

// Every live guard its own leader (kNoGuard elsewhere); empty when nothing is to be done:
// no guard (the search costs every candidate, almost none has one: no reach passes), an
// ill-formed program or a root out of range.
std::vector<std::uint32_t> single_leaders(const OwnerPass& pass) {
  const Program& p = pass.p;
  if (std::none_of(p.code.begin(), p.code.end(), [](const Instr& i) { return i.op == Op::Guard; }) ||
      verify_structure(p))
    return {};
  for (std::uint32_t r : pass.roots)
    if (r >= p.code.size()) return {};
  const std::vector<bool> live = pass.reach(pass.roots, [](std::size_t) { return false; });
  std::vector<std::uint32_t> leader(p.code.size(), kNoGuard);
  for (std::size_t g = 0; g < p.code.size(); ++g)
    if (p.code[g].op == Op::Guard && live[g]) leader[g] = static_cast<std::uint32_t>(g);
  return leader;
}
}  // namespace

GuardBlocks guard_blocks(const Program& p, std::span<const std::uint32_t> roots) {
  const std::size_t n = p.code.size();
  GuardBlocks gb{std::vector<std::uint32_t>(n, kNoGuard), std::vector<std::uint32_t>(n, kNoGuard)};
  const OwnerPass pass{p, roots};
  std::vector<std::uint32_t> single = single_leaders(pass);
  if (single.empty()) return gb;
  gb.leader = std::move(single);
  // Group live guards by mask: the leader is the group's last guard.
  for (std::size_t g = 0; g < n; ++g) {
    if (gb.leader[g] != g) continue;
    for (std::size_t m = 0; m < g; ++m)
      if (gb.leader[m] != kNoGuard && p.code[m].args[0] == p.code[g].args[0]) gb.leader[m] = static_cast<std::uint32_t>(g);
  }
  // A group splits when a member is read at or before its leader, or when the members'
  // owners differ; splitting can only shrink blocks, so this ends.
  const auto split = [&](std::uint32_t leader) {
    for (std::size_t m = 0; m < n; ++m)
      if (gb.leader[m] == leader) gb.leader[m] = static_cast<std::uint32_t>(m);
  };
  const std::vector<bool> live = pass.reach(roots, [](std::size_t) { return false; });
  for (std::size_t u = 0; u < n; ++u) {
    if (!live[u]) continue;
    const Instr& ins = p.code[u];
    for (int k = 0; k < info(ins.op).arity; ++k) {
      const std::uint32_t a = ins.args[static_cast<std::size_t>(k)];
      if (gb.leader[a] != kNoGuard && gb.leader[a] != a && u <= gb.leader[a]) split(gb.leader[a]);
    }
  }
  for (bool changed = true; changed;) {
    changed = false;
    gb.owner = pass.owners(gb.leader);
    for (std::size_t m = 0; m < n && !changed; ++m) {
      const std::uint32_t l = gb.leader[m];
      if (l != kNoGuard && l != m && gb.owner[m] != gb.owner[l]) split(l), changed = true;
    }
  }
  return gb;
}

std::vector<std::uint32_t> guard_owners(const Program& p) {
  const std::uint32_t root[] = {p.result};
  const OwnerPass pass{p, root};
  const std::vector<std::uint32_t> leader = single_leaders(pass);
  return leader.empty() ? std::vector<std::uint32_t>(p.code.size(), kNoGuard) : pass.owners(leader);
}

// Dead instructions are not counted: every backend drops them. The critical path
// counts ops with a non-zero cost for the ISA (bit casts, constants and holes are free).
// An ill-formed program costs +inf.
double static_cost(const Program& p, Isa isa) {
  if (verify(p)) return std::numeric_limits<double>::infinity();
  const Program live = remove_dead_code(p);
  const std::vector<std::uint32_t> owner = guard_owners(live);
  const auto col = static_cast<std::size_t>(isa);
  double sum = 0.0;
  std::vector<int> depth(live.code.size(), 0);
  int longest = 0;
  for (std::size_t i = 0; i < live.code.size(); ++i) {
    const Instr& ins = live.code[i];
    const OpInfo& oi = info(ins.op);
    const double c = owner[i] != kNoGuard ? 0.0
                     : ins.op == Op::Guard ? oi.cost[col] + kGuardTestCost
                                           : oi.cost[col];
    sum += c;
    int d = 0;
    for (int k = 0; k < oi.arity; ++k) d = std::max(d, depth[ins.args[static_cast<std::size_t>(k)]]);
    depth[i] = d + (c > 0.0 ? 1 : 0);
    longest = std::max(longest, depth[i]);
  }
  return sum + 0.25 * longest;
}

Program hot_path(const Program& p) {
  Program h = p;
  const auto fast = [&h](std::uint32_t v) {
    while (v < h.code.size() && h.code[v].op == Op::Guard) v = h.code[v].args[2];
    return v;
  };
  for (Instr& ins : h.code)
    for (int k = 0; k < info(ins.op).arity; ++k) {
      auto& a = ins.args[static_cast<std::size_t>(k)];
      a = fast(a);
    }
  h.result = fast(h.result);
  return remove_dead_code(h);
}

std::size_t op_count(const Program& p) {
  return static_cast<std::size_t>(std::count_if(
      p.code.begin(), p.code.end(), [](const Instr& i) { return !is_leaf(i.op); }));
}

}  // namespace uf::ir
