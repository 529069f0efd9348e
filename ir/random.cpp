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

// One generation attempt. Values are appended in SSA order; `dep[v]` records whether
// value v depends (structurally) on the input.
class Generator {
 public:
  Generator(SplitMix64& rng, const RandomProgramOptions& opt) : rng_(rng), opt_(opt) {
    for (Op op : opt.ops) {
      if (is_leaf(op)) continue;
      if (op == Op::Core && !opt.include_holes) continue;
      if (std::find(pick_.begin(), pick_.end(), op) != pick_.end()) continue;
      pick_.push_back(op);
      if (op != Op::Core) producers_[static_cast<int>(info(op).result)].push_back(op);
    }
    if (opt.include_holes && std::find(pick_.begin(), pick_.end(), Op::Core) == pick_.end())
      pick_.push_back(Op::Core);
  }

  bool has_main_ops() const { return !pick_.empty(); }
  bool has_f32_producer() const { return !producers_[static_cast<int>(Type::F32)].empty(); }

  // Returns false when the attempt produced no usable result.
  bool run(Program& out) {
    p_ = identity_program();
    dep_.assign(1, true);
    core_dep_.assign(1, false);
    const std::size_t lo = std::max<std::size_t>(opt_.min_ops, 1);
    std::size_t target = lo + rng_.below(opt_.max_ops - lo + 1);
    // Without an f32-producing op the result needs one final conversion op.
    const bool bridge = !has_f32_producer();
    if (bridge && target > 1) --target;
    const std::size_t limit = bridge ? std::max<std::size_t>(target, 1) : opt_.max_ops;

    std::size_t ops = 0;
    int failures = 0;
    while (ops < target && failures < 64) {
      const std::size_t mark = p_.code.size();
      Op op = pick_[rng_.below(pick_.size())];
      if (opt_.include_holes && ops + 1 == target && !has_core()) op = Op::Core;
      emit(op, 0);
      const std::size_t now = count_ops(p_);
      if (now > limit) {
        p_.code.resize(mark);
        dep_.resize(mark);
        core_dep_.resize(mark);
        ++failures;
      } else {
        ops = now;
      }
    }
    if (ops + (bridge ? 1 : 0) < lo) return false;
    if (opt_.include_holes && !has_core()) return false;

    // The result: the last f32 op that depends on the input (and, in a template, on a
    // hole).
    std::optional<std::uint32_t> result;
    for (std::uint32_t v = static_cast<std::uint32_t>(p_.size()); v-- > 1;) {
      if (dep_[v] && p_.type_of(v) == Type::F32 && !is_leaf(p_.code[v].op) &&
          (!opt_.include_holes || core_dep_[v])) {
        result = v;
        break;
      }
    }
    if (!result && bridge) result = bridge_to_f32();
    if (!result) return false;
    p_.result = *result;
    out = p_;
    return true;
  }

 private:
  bool has_core() const {
    return std::any_of(p_.code.begin(), p_.code.end(),
                       [](const Instr& i) { return i.op == Op::Core; });
  }

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

  // An existing value of type t, biased towards recent and input-dependent values.
  std::optional<std::uint32_t> existing(Type t) {
    std::vector<std::uint32_t> all, dependent;
    for (std::uint32_t v = 0; v < p_.size(); ++v) {
      if (p_.type_of(v) != t) continue;
      all.push_back(v);
      if (dep_[v]) dependent.push_back(v);
    }
    const auto& from = (!dependent.empty() && rng_.chance(0.6)) ? dependent : all;
    if (from.empty()) return std::nullopt;
    const std::size_t i = std::max(rng_.below(from.size()), rng_.below(from.size()));
    return from[i];
  }

  std::uint32_t operand(Type t, int depth) {
    switch (t) {
      case Type::F32:
        if (rng_.chance(0.2)) return append(Instr{Op::Const, {0, 0, 0}, random_f32_bits(rng_)});
        return *existing(Type::F32);  // the input always exists
      case Type::I32:
      case Type::Mask:
        if (auto v = existing(t); v && rng_.chance(0.7)) return *v;
        return make(t, depth);
      case Type::None: break;
    }
    return 0;
  }

  // A fresh value of type t (i32 or mask).
  std::uint32_t make(Type t, int depth) {
    const auto& prods = producers_[static_cast<int>(t)];
    if (t == Type::I32) {
      if (depth < 2 && !prods.empty() && rng_.chance(0.6))
        return emit(prods[rng_.below(prods.size())], depth + 1);
      // Without a producer that reads an f32, i32 values reach the input only
      // through the asint helper.
      const bool from_f32 = std::any_of(prods.begin(), prods.end(), [](Op op) {
        return info(op).args[0] == Type::F32;
      });
      if (!from_f32 && rng_.chance(0.5)) return emit(Op::AsInt, depth + 1);
      return append(Instr{Op::IConst, {0, 0, 0}, random_i32_bits(rng_)});
    }
    // Masks have no constants: use a producer; past depth 2 only comparisons (whose
    // operands are not masks), so the recursion ends.
    std::vector<Op> ok;
    for (Op op : prods)
      if (depth < 2 || info(op).args[0] != Type::Mask) ok.push_back(op);
    if (ok.empty()) return emit(Op::Lt, depth + 1);
    return emit(ok[rng_.below(ok.size())], depth + 1);
  }

  std::uint32_t emit(Op op, int depth) {
    const OpInfo& oi = info(op);
    Instr ins{op, {0, 0, 0}, 0};
    for (int k = 0; k < oi.arity; ++k)
      ins.args[static_cast<std::size_t>(k)] = operand(oi.args[static_cast<std::size_t>(k)], depth);
    if (op == Op::Core) {
      // A hole's argument should depend on the input, as in a real template.
      for (int tries = 0; tries < 4 && !dep_[ins.args[0]]; ++tries)
        ins.args[0] = operand(Type::F32, depth);
    }
    return append(ins);
  }

  // Ends an op set without f32 producers: asfloat of the last input-dependent i32, or
  // select on the last input-dependent mask.
  std::optional<std::uint32_t> bridge_to_f32() {
    for (std::uint32_t v = static_cast<std::uint32_t>(p_.size()); v-- > 1;) {
      if (!dep_[v] || is_leaf(p_.code[v].op)) continue;
      if (p_.type_of(v) == Type::I32) return append(Instr{Op::AsFloat, {v, 0, 0}, 0});
      if (p_.type_of(v) == Type::Mask) {
        const std::uint32_t c = append(Instr{Op::Const, {0, 0, 0}, random_f32_bits(rng_)});
        return append(Instr{Op::Select, {v, 0, c}, 0});
      }
    }
    return std::nullopt;
  }

  SplitMix64& rng_;
  const RandomProgramOptions& opt_;
  std::vector<Op> pick_;
  std::array<std::vector<Op>, 4> producers_;  // indexed by result Type
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
