#include "ir/random.h"

#include <algorithm>
#include <array>
#include <optional>
#include <stdexcept>
#include <string>

#include "ir/semantics.h"

namespace uf::ir {

std::vector<Op> default_random_ops() {
  std::vector<Op> ops;
  for (Op op : all_ops())
    if (op != Op::Input && op != Op::Core) ops.push_back(op);
  return ops;
}

std::uint32_t random_f32_bits(SplitMix64& rng) {
  static constexpr std::array<std::uint32_t, 22> kSpecial{
      0x00000000u,  // +0
      0x80000000u,  // -0
      0x7f800000u,  // +inf
      0xff800000u,  // -inf
      0x7fc00000u,  // canonical quiet NaN
      0xffc00000u,  // negative quiet NaN
      0x7fc00001u,  // quiet NaN with payload
      0x7f800001u,  // signalling NaN
      0x00000001u,  // smallest subnormal
      0x007fffffu,  // largest subnormal
      0x80000001u,  // -smallest subnormal
      0x00800000u,  // FLT_MIN
      0x7f7fffffu,  // FLT_MAX
      0xff7fffffu,  // -FLT_MAX
      0x3f000000u,  // 0.5
      0x3f800000u,  // 1
      0xbf800000u,  // -1
      0x40000000u,  // 2
      0x3f317218u,  // ln 2
      0x4b400000u,  // 1.5 * 2^23 (round-to-integer shifter)
      0x7149f2cau,  // 1e30
      0x42b17218u,  // ~ 88.72 (expf overflow threshold)
  };
  const std::uint32_t sign = static_cast<std::uint32_t>(rng.below(2)) << 31;
  switch (rng.below(16)) {
    case 0:
    case 1: return kSpecial[rng.below(kSpecial.size())];
    case 2: return sign | static_cast<std::uint32_t>(1 + rng.below(0x7fffff));  // subnormal
    case 3: return float_to_bits(static_cast<float>(static_cast<int>(rng.below(33)) - 16));
    case 4:  // power of two 2^e, e in [-30, 30]
      return sign | (static_cast<std::uint32_t>(127 - 30 + rng.below(61)) << 23);
    case 5:  // huge: exponent in [2^100, 2^127]
      return sign | (static_cast<std::uint32_t>(227 + rng.below(28)) << 23) |
             static_cast<std::uint32_t>(rng.below(1u << 23));
    case 6: return static_cast<std::uint32_t>(rng.next());  // any pattern
    default:  // ordinary value: |v| in [2^-8, 2^9)
      return sign | (static_cast<std::uint32_t>(127 - 8 + rng.below(17)) << 23) |
             static_cast<std::uint32_t>(rng.below(1u << 23));
  }
}

std::uint32_t random_i32_bits(SplitMix64& rng) {
  static constexpr std::array<std::uint32_t, 16> kSpecial{
      0u,          1u,          0xffffffffu, 23u,         31u,         32u,
      127u,        0xffffff81u, 128u,        0x7f800000u, 0x007fffffu, 0x807fffffu,
      0x80000000u, 0x7fffffffu, 0x3f800000u, 0x00800000u};
  switch (rng.below(4)) {
    case 0: return kSpecial[rng.below(kSpecial.size())];
    case 1: return static_cast<std::uint32_t>(rng.next());
    default: return static_cast<std::uint32_t>(static_cast<std::int32_t>(rng.below(40)) - 4);
  }
}

namespace {

bool is_leaf(Op op) { return op == Op::Input || op == Op::Const || op == Op::IConst; }

std::size_t count_ops(const Program& p) {
  return static_cast<std::size_t>(std::count_if(
      p.code.begin(), p.code.end(), [](const Instr& i) { return !is_leaf(i.op); }));
}

// Probe inputs for the input-dependence check: ordinary values of both signs and
// several magnitudes, plus the special values.
constexpr std::array<std::uint32_t, 16> kProbeBits{
    0x00000000u, 0x80000000u, 0x3f800000u, 0xbf800000u, 0x3f000000u, 0x40500000u,
    0xc0f00000u, 0x3a83126fu, 0x42c80000u, 0x49742400u, 0xe0ad78ecu, 0x00001234u,
    0x7f800000u, 0xff800000u, 0x7fc00000u, 0x42b10000u};

bool output_depends_on_input(const Program& p) {
  const std::uint32_t first = sem::u(sem::run_scalar(p, sem::f(kProbeBits[0])));
  for (std::uint32_t b : kProbeBits)
    if (sem::u(sem::run_scalar(p, sem::f(b))) != first) return true;
  return false;
}

// One generation attempt builds the program top-down as an expression DAG: the result
// is an f32 node with a budget of ops; each op node splits its remaining budget over
// its operands; budget-0 operands are leaves (input, constants) or reuse a value
// computed earlier (sharing). Nodes are appended in post-order, so operands precede
// their users and every instruction is live. `dep_[v]` records whether value v depends
// on the input, `core_dep_[v]` whether it depends on a hole.
//
// Helpers: a mask has no leaf, so a budget-0 mask reuses an earlier mask or becomes a
// comparison of leaves; a type with no producer in the op set is made by a conversion
// (asint, asfloat, lt). Helpers at budget 0 exceed the budget; an attempt whose op
// count leaves [min_ops, max_ops] is discarded.
class Generator {
 public:
  Generator(SplitMix64& rng, const RandomProgramOptions& opt) : rng_(rng), opt_(opt) {
    for (Op op : opt.ops) {
      if (is_leaf(op) || op == Op::Core) continue;
      auto& prods = producers_[static_cast<int>(info(op).result)];
      if (std::find(prods.begin(), prods.end(), op) == prods.end()) prods.push_back(op);
    }
    const auto& i32 = producers_[static_cast<int>(Type::I32)];
    i32_reads_f32_ = std::any_of(i32.begin(), i32.end(), [](Op op) {
      const OpInfo& oi = info(op);
      return oi.args[0] == Type::F32 || oi.args[0] == Type::Mask;
    });
  }

  bool has_main_ops() const {
    return opt_.include_holes ||
           std::any_of(producers_.begin(), producers_.end(), [](const auto& v) { return !v.empty(); });
  }

  // Returns false when the attempt does not meet the guarantees.
  bool run(Program& out) {
    p_ = identity_program();
    dep_.assign(1, true);
    core_dep_.assign(1, false);
    core_pending_ = opt_.include_holes;
    const std::size_t lo = std::max<std::size_t>(opt_.min_ops, 1);
    const std::size_t target = lo + rng_.below(opt_.max_ops - lo + 1);
    const std::uint32_t r = node(Type::F32, target, /*want_dep=*/true);
    const std::size_t ops = count_ops(p_);
    if (ops < lo || ops > opt_.max_ops) return false;
    if (is_leaf(p_.code[r].op) || !dep_[r]) return false;
    if (opt_.include_holes && !core_dep_[r]) return false;
    p_.result = r;
    out = p_;
    return true;
  }

 private:
  std::uint32_t append(Instr ins) {
    const OpInfo& oi = info(ins.op);
    bool d = false, cd = ins.op == Op::Core;
    for (int k = 0; k < oi.arity; ++k) {
      d = d || dep_[ins.args[static_cast<std::size_t>(k)]];
      cd = cd || core_dep_[ins.args[static_cast<std::size_t>(k)]];
    }
    p_.code.push_back(ins);
    dep_.push_back(d);
    core_dep_.push_back(cd);
    return static_cast<std::uint32_t>(p_.code.size() - 1);
  }

  // A computed (non-leaf) value of type t emitted earlier, biased towards recent ones.
  std::optional<std::uint32_t> earlier(Type t) {
    std::vector<std::uint32_t> vs;
    for (std::uint32_t v = 1; v < p_.size(); ++v)
      if (p_.type_of(v) == t && !is_leaf(p_.code[v].op)) vs.push_back(v);
    if (vs.empty()) return std::nullopt;
    return vs[std::max(rng_.below(vs.size()), rng_.below(vs.size()))];
  }

  std::uint32_t constant(Type t) {
    if (t == Type::F32) return append(Instr{Op::Const, {0, 0, 0}, random_f32_bits(rng_)});
    return append(Instr{Op::IConst, {0, 0, 0}, random_i32_bits(rng_)});
  }

  // A budget-0 operand. want_dep asks for an input-dependent value where one is cheap.
  std::uint32_t leaf(Type t, bool want_dep) {
    switch (t) {
      case Type::F32: {
        const double u = rng_.uniform();
        if (want_dep || u < 0.45) return 0;
        if (u < 0.8) return constant(Type::F32);
        if (auto v = earlier(Type::F32)) return *v;
        return 0;
      }
      case Type::I32: {
        if (auto v = earlier(Type::I32); v && rng_.chance(0.35)) return *v;
        // Without an op that turns an f32 into an i32, only asint reaches the input.
        if (!i32_reads_f32_ && (want_dep || rng_.chance(0.3)))
          return append(Instr{Op::AsInt, {leaf(Type::F32, true), 0, 0}, 0});
        return constant(Type::I32);
      }
      case Type::Mask: {
        if (auto v = earlier(Type::Mask); v && !want_dep) return *v;
        // A comparison of leaves (lt when the op set has no comparison).
        std::vector<Op> cmps;
        for (Op op : producers_[static_cast<int>(Type::Mask)])
          if (info(op).args[0] != Type::Mask) cmps.push_back(op);
        const Op op = cmps.empty() ? Op::Lt : cmps[rng_.below(cmps.size())];
        const Type at = info(op).args[0];
        const std::uint32_t a = leaf(at, true);
        const std::uint32_t b = leaf(at, false);
        return append(Instr{op, {a, b, 0}, 0});
      }
      case Type::None: break;
    }
    return 0;
  }

  // Splits `budget` ops over `n` operands at random.
  std::array<std::size_t, 3> split(std::size_t budget, int n) {
    std::array<std::size_t, 3> parts{0, 0, 0};
    if (n <= 0) return parts;
    std::array<std::size_t, 4> cuts{0, 0, 0, budget};
    for (int k = 1; k < n; ++k) cuts[static_cast<std::size_t>(k)] = rng_.below(budget + 1);
    if (n == 3 && cuts[1] > cuts[2]) std::swap(cuts[1], cuts[2]);
    cuts[static_cast<std::size_t>(n)] = budget;
    for (int k = 0; k < n; ++k)
      parts[static_cast<std::size_t>(k)] = cuts[static_cast<std::size_t>(k) + 1] - cuts[static_cast<std::size_t>(k)];
    return parts;
  }

  // An op node of type t using `budget` ops (including itself), or a leaf when the
  // budget is 0.
  std::uint32_t node(Type t, std::size_t budget, bool want_dep) {
    if (budget == 0) return leaf(t, want_dep);
    const auto& prods = producers_[static_cast<int>(t)];
    Op op;
    if (t == Type::F32 && core_pending_ && (prods.empty() || rng_.chance(0.35))) {
      op = Op::Core;
      core_pending_ = false;
    } else if (!prods.empty()) {
      op = prods[rng_.below(prods.size())];
    } else {
      // No producer of t in the op set: a conversion from a type that has one.
      const bool ints = !producers_[static_cast<int>(Type::I32)].empty();
      const bool masks = !producers_[static_cast<int>(Type::Mask)].empty();
      if (t == Type::F32) op = (masks && !ints) ? Op::Select : Op::AsFloat;
      else if (t == Type::I32) op = Op::AsInt;
      else op = Op::Lt;
    }
    const OpInfo& oi = info(op);
    const auto parts = split(budget - 1, oi.arity);
    // One operand (the first f32 one, else the first) carries the input dependence.
    int dep_slot = 0;
    for (int k = 0; k < oi.arity; ++k) {
      if (oi.args[static_cast<std::size_t>(k)] == Type::F32) {
        dep_slot = k;
        break;
      }
    }
    Instr ins{op, {0, 0, 0}, 0};
    for (int k = 0; k < oi.arity; ++k) {
      const auto uk = static_cast<std::size_t>(k);
      const bool dep = (want_dep || op == Op::Core) && k == dep_slot;
      ins.args[uk] = node(oi.args[uk], parts[uk], dep || rng_.chance(0.3));
    }
    return append(ins);
  }

  SplitMix64& rng_;
  const RandomProgramOptions& opt_;
  std::array<std::vector<Op>, 4> producers_;  // allowed ops by result Type
  bool i32_reads_f32_ = false;
  bool core_pending_ = false;
  Program p_;
  std::vector<bool> dep_;       // depends on the input
  std::vector<bool> core_dep_;  // depends on a hole
};

}  // namespace

Program random_program(std::uint64_t seed, const RandomProgramOptions& opt) {
  if (opt.min_ops > opt.max_ops)
    throw std::invalid_argument("random_program: min_ops (" + std::to_string(opt.min_ops) +
                                ") > max_ops (" + std::to_string(opt.max_ops) + ")");
  if (opt.max_ops == 0)
    throw std::invalid_argument("random_program: max_ops must be at least 1");
  SplitMix64 rng(seed);
  Generator gen(rng, opt);
  if (!gen.has_main_ops())
    throw std::invalid_argument(
        "random_program: the op set has no op other than input/const/iconst");
  constexpr int kAttempts = 256;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    Program p;
    if (!gen.run(p)) continue;
    if (opt.include_holes || output_depends_on_input(p)) return p;
  }
  throw std::invalid_argument("random_program: no input-dependent program found for seed " +
                              std::to_string(seed) + " with this op set");
}

}  // namespace uf::ir
