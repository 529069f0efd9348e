#include "engine/mutation.h"

#include <cmath>
#include <tuple>
#include <utility>

#include "ir/passes.h"

namespace uf::engine {

using ir::Instr;
using ir::Op;
using ir::Program;
using ir::Type;

std::vector<Op> default_core_ops() { return {Op::Add, Op::Sub, Op::Mul, Op::Fma, Op::Div}; }

float draw_constant(Rng& rng) {
  static constexpr float kSmall[] = {1.0f, 0.5f, 2.0f, 0.25f, -1.0f, -0.5f, 1.0f / 3.0f,
                                     1.0f / 6.0f};
  if (rng.chance(0.25)) return kSmall[rng.below(std::size(kSmall))];
  const double e = -6.0 + 8.0 * rng.uniform();
  const double m = 1.0 + rng.uniform();
  const double v = std::ldexp(m, static_cast<int>(std::floor(e)));
  return static_cast<float>(rng.chance(0.5) ? -v : v);
}

namespace {

int arity(const Instr& ins) { return ir::info(ins.op).arity; }

bool is_leaf(Op op) { return op == Op::Input || op == Op::Const || op == Op::IConst; }

// Ops a mutation may put into a program. A guard computes select's bits; its cold path
// is a code-generation hint placed by hand in templates, not something to search over.
bool insertable(Op op) { return op != Op::Guard; }

std::vector<std::uint32_t> values_of(const Program& p, std::uint32_t upto, Type t) {
  std::vector<std::uint32_t> v;
  for (std::uint32_t i = 0; i < upto && i < p.size(); ++i) {
    if (p.type_of(i) == t && p.code[i].op != Op::Core) v.push_back(i);
  }
  return v;
}

// Inserts `ins` at position pos; references to values >= pos are renumbered.
void insert_at(Program& p, std::uint32_t pos, const Instr& ins) {
  for (Instr& in : p.code) {
    for (int k = 0; k < arity(in); ++k) {
      if (in.args[k] >= pos) ++in.args[k];
    }
  }
  if (p.result >= pos) ++p.result;
  p.code.insert(p.code.begin() + pos, ins);
}

// Erases instruction i, which nothing references any more.
void erase_at(Program& p, std::uint32_t i) {
  p.code.erase(p.code.begin() + i);
  for (Instr& in : p.code) {
    for (int k = 0; k < arity(in); ++k) {
      if (in.args[k] > i) --in.args[k];
    }
  }
  if (p.result > i) --p.result;
}

// The canonical child, or the parent if the edit produced an ill-typed program.
Program finish(Program child, const Program& parent) {
  if (ir::verify(child)) return parent;
  return ir::canonicalize(child);
}

std::uint32_t pick(Rng& rng, const std::vector<std::uint32_t>& v) { return v[rng.below(v.size())]; }

Instr make_const(float v) { return Instr{Op::Const, {0, 0, 0}, ir::float_to_bits(v)}; }

}  // namespace

Program InsertOp::operator()(Rng& rng, Program p) const {
  std::vector<Op> allowed;
  for (Op o : ops)
    if (insertable(o)) allowed.push_back(o);
  if (allowed.empty() || p.size() >= max_size) return p;
  const Program parent = p;
  const Op op = allowed[rng.below(allowed.size())];
  const ir::OpInfo& oi = ir::info(op);
  const bool root = oi.result == Type::F32 && p.type_of(p.result) == Type::F32 &&
                    rng.chance(grow_root);
  std::uint32_t pos = root ? static_cast<std::uint32_t>(p.size())
                           : 1 + rng.below(static_cast<std::uint32_t>(p.size()));
  Instr ins{op, {0, 0, 0}, 0};
  const int root_slot = root && oi.arity > 0 ? static_cast<int>(rng.below(oi.arity)) : -1;
  for (int k = 0; k < oi.arity; ++k) {
    const Type t = oi.args[k];
    if (k == root_slot && t == Type::F32) {
      ins.args[k] = p.result;  // result < pos == size
      continue;
    }
    if (t == Type::F32 && rng.chance(new_const)) {
      insert_at(p, pos, make_const(draw_constant(rng)));
      ins.args[k] = pos++;
      continue;
    }
    if (t == Type::F32 && rng.chance(use_input)) {
      ins.args[k] = 0;
      continue;
    }
    const auto vals = values_of(p, pos, t);
    if (!vals.empty()) {
      ins.args[k] = pick(rng, vals);
    } else if (t == Type::I32) {
      insert_at(p, pos, Instr{Op::IConst, {0, 0, 0}, rng.below(32)});
      ins.args[k] = pos++;
    } else {
      return parent;  // no value of this type to use
    }
  }
  insert_at(p, pos, ins);
  if (root) {
    p.result = pos;
    return finish(std::move(p), parent);
  }
  // Wire the new value into a later use of its type (or make it the result).
  std::vector<std::pair<std::uint32_t, int>> uses;
  for (std::uint32_t j = pos + 1; j < p.size(); ++j) {
    const ir::OpInfo& uj = ir::info(p.code[j].op);
    for (int k = 0; k < uj.arity; ++k) {
      if (uj.args[k] == oi.result) uses.emplace_back(j, k);
    }
  }
  const bool result_ok = oi.result == Type::F32;
  const std::size_t n = uses.size() + (result_ok ? 1 : 0);
  if (n == 0) return parent;
  const std::size_t c = rng.below(static_cast<std::uint32_t>(n));
  if (c < uses.size()) {
    p.code[uses[c].first].args[uses[c].second] = pos;
  } else {
    p.result = pos;
  }
  return finish(std::move(p), parent);
}

Program ExpandConstant::operator()(Rng& rng, Program p) const {
  if (p.size() + 2 > max_size) return p;
  const Program parent = p;
  std::vector<std::pair<std::uint32_t, int>> uses;
  for (std::uint32_t j = 1; j < p.size(); ++j) {
    if (is_leaf(p.code[j].op) || p.code[j].op == Op::Core) continue;
    const ir::OpInfo& oj = ir::info(p.code[j].op);
    for (int k = 0; k < oj.arity; ++k) {
      const std::uint32_t a = p.code[j].args[k];
      if (oj.args[k] == Type::F32 && p.code[a].op == Op::Const) uses.emplace_back(j, k);
    }
  }
  if (uses.empty()) return p;
  auto [j, k] = uses[rng.below(static_cast<std::uint32_t>(uses.size()))];
  const std::uint32_t c = p.code[j].args[k];
  // Every use of c (from its first user on) or only the drawn one.
  const bool every_use = all_uses > 0 && rng.chance(all_uses);  // no draw when off (f32 streams unchanged)
  if (every_use) {
    for (const auto& [uj, uk] : uses)
      if (p.code[uj].args[uk] == c && uj < j) std::tie(j, k) = std::pair{uj, uk};
  }
  std::uint32_t x = 0;
  if (rng.chance(use_value)) {
    const auto vals = values_of(p, j, Type::F32);
    if (!vals.empty()) x = pick(rng, vals);
  }
  const Form form = forms.empty() ? Form::Fma : forms[rng.below(static_cast<std::uint32_t>(forms.size()))];
  if (form != Form::Fma && p.size() + (form == Form::Pole ? 7 : 3) > max_size) return p;
  // The fresh constant d (a divisor: 1 / (draw * scale), so x / d starts as small as x * d).
  const double dv = draw_constant(rng) * scale;
  insert_at(p, j, make_const(static_cast<float>(form == Form::Divide && dv != 0.0 ? 1.0 / dv : dv)));
  // d sits at j; the new value at `top`; the user (was at j) ends at top + 1.
  std::uint32_t top = j + 1;
  switch (form) {
    case Form::Fma:
      insert_at(p, top, Instr{Op::Fma, {x, j, c}, 0});
      break;
    case Form::MulAdd:
      insert_at(p, j + 1, Instr{Op::Mul, {x, j, 0}, 0});
      top = j + 2;
      insert_at(p, top, Instr{Op::Add, {j + 1, c, 0}, 0});
      break;
    case Form::Divide:
      insert_at(p, j + 1, Instr{Op::Div, {x, j, 0}, 0});
      top = j + 2;
      insert_at(p, top, Instr{Op::Add, {c, j + 1, 0}, 0});
      break;
    case Form::Pole: {
      // A far pole that starts as a small slope: e = 2^[3, 9), d = -a e^2 (so d / (v + e)
      // ~ d / e - a v near v = 0, a = draw * scale), and a fresh c' = c - d / e in
      // place of c, so the new value starts near c. The fit then moves the pole in.
      const float c_old = ir::bits_to_float(p.code[c].imm);
      const float e = static_cast<float>(std::ldexp(1.0, 3 + static_cast<int>(rng.below(6))));
      const float a = static_cast<float>(dv);
      const float d = -a * e * e;
      p.code[j].imm = ir::float_to_bits(d);
      insert_at(p, j + 1, make_const(e));
      insert_at(p, j + 2, make_const(c_old - d / e));
      std::uint32_t at = j + 3;
      std::uint32_t v = x;
      if (x == 0 && rng.chance(square_input)) {
        insert_at(p, at, Instr{Op::Mul, {0, 0, 0}, 0});
        v = at++;
      }
      insert_at(p, at, Instr{Op::Add, {v, j + 1, 0}, 0});
      insert_at(p, at + 1, Instr{Op::Div, {j, at, 0}, 0});
      top = at + 2;
      insert_at(p, top, Instr{Op::Add, {j + 2, at + 1, 0}, 0});
      break;
    }
  }
  p.code[top + 1].args[k] = top;
  if (every_use) {
    for (std::uint32_t i = top + 1; i < p.size(); ++i)
      for (int a = 0; a < arity(p.code[i]); ++a)
        if (p.code[i].args[a] == c) p.code[i].args[a] = top;
    if (p.result == c) p.result = top;
  }
  return finish(std::move(p), parent);
}

Program ScaleByInput::operator()(Rng& rng, Program p) const {
  if (p.size() + 2 > max_size) return p;
  const Program parent = p;
  std::uint32_t s = 0;  // the input
  if (rng.chance(square)) {
    p.code.push_back(Instr{Op::Mul, {0, 0, 0}, 0});
    s = static_cast<std::uint32_t>(p.size() - 1);
  }
  p.code.push_back(Instr{Op::Mul, {p.result, s, 0}, 0});
  p.result = static_cast<std::uint32_t>(p.size() - 1);
  return finish(std::move(p), parent);
}

Program SymmetricRatio::operator()(Rng&, Program p) const {
  if (p.size() + 3 > max_size || p.result == 0) return p;
  const Program parent = p;
  const auto r = p.result;
  p.code.push_back(Instr{Op::Add, {r, 0, 0}, 0});
  p.code.push_back(Instr{Op::Sub, {r, 0, 0}, 0});
  const auto n = static_cast<std::uint32_t>(p.size());
  p.code.push_back(Instr{Op::Div, {n - 2, n - 1, 0}, 0});
  p.result = n;
  return finish(std::move(p), parent);
}

Program SquareResult::operator()(Rng&, Program p) const {
  if (p.size() + 1 > max_size) return p;
  const Program parent = p;
  p.code.push_back(Instr{Op::Mul, {p.result, p.result, 0}, 0});
  p.result = static_cast<std::uint32_t>(p.size() - 1);
  return finish(std::move(p), parent);
}

Program SplitHead::operator()(Rng& rng, Program p) const {
  if (p.size() + 2 > max_size || p.result == 0) return p;
  const Program parent = p;
  const std::uint32_t root = p.result;
  const Instr top = p.code[root];
  const auto is_const = [&](std::uint32_t v) { return p.code[v].op == Op::Const; };
  // A head already split (its low part added by the operand the root adds to) is left:
  // a third constant tied to the same sum is in no double-float pair, and the fitter
  // would round each of the three on its own.
  const auto adds_const = [&](std::uint32_t v) {  // fma(a, b, c) or c + e
    const Instr& in = p.code[v];
    return (in.op == Op::Fma && is_const(in.args[2])) ||
           (in.op == Op::Add && (is_const(in.args[0]) || is_const(in.args[1])));
  };
  const auto adds_input_times_const = [&](std::uint32_t v) {  // fma(r, c, e) or r c
    const Instr& in = p.code[v];
    return (in.op == Op::Fma || in.op == Op::Mul) &&
           ((in.args[0] == 0 && is_const(in.args[1])) || (in.args[1] == 0 && is_const(in.args[0])));
  };
  // The constant heads and linear heads this root offers: (operand slot, linear?).
  std::vector<std::pair<int, bool>> cand;
  if (top.op == Op::Fma && is_const(top.args[2])) cand.push_back({2, false});
  if (top.op == Op::Add)
    for (int k = 0; k < 2; ++k)
      if (is_const(top.args[k]) && !is_const(top.args[1 - k]) && !adds_const(top.args[1 - k]))
        cand.push_back({k, false});
  if (top.op == Op::Fma && !adds_input_times_const(top.args[2]))
    for (int k = 0; k < 2; ++k)
      if (is_const(top.args[k]) && top.args[1 - k] == 0) cand.push_back({k, true});
  if (cand.empty()) return p;
  const auto [slot, linear] = cand[rng.below(cand.size())];
  const float c = ir::bits_to_float(p.code[top.args[slot]].imm);
  const std::uint32_t bits = ir::float_to_bits(c) & 0xFFFFF800u;  // 13 significant bits
  const float hi = ir::bits_to_float(bits), lo = c - hi;    // exact (Sterbenz)
  if (lo == 0.0f || !std::isfinite(lo)) return p;
  // The constant becomes c_lo in place (so it stays before the root) when the root is
  // its only user; c_hi is a new constant after the root.
  const std::uint32_t k = top.args[slot];
  for (std::uint32_t i = 1; i < p.size(); ++i)
    for (int a = 0; a < arity(p.code[i]); ++a)
      if (p.code[i].args[a] == k && (i != root || a != slot)) return p;
  p.code[k].imm = ir::float_to_bits(lo);
  const auto n = static_cast<std::uint32_t>(p.size());
  p.code.push_back(Instr{Op::Const, {0, 0, 0}, ir::float_to_bits(hi)});  // n
  if (!linear) {
    p.code.push_back(Instr{Op::Add, {root, n, 0}, 0});  // c_hi + (root with c_lo)
  } else {
    p.code.push_back(Instr{Op::Fma, {0, n, root}, 0});  // fma(x, c_hi, fma(x, c_lo, e))
  }
  p.result = static_cast<std::uint32_t>(p.size() - 1);
  return finish(std::move(p), parent);
}

Program RemoveOp::operator()(Rng& rng, Program p) const {
  const Program parent = p;
  std::vector<std::uint32_t> cand;
  for (std::uint32_t i = 1; i < p.size(); ++i) {
    if (p.code[i].op != Op::Input && p.code[i].op != Op::Core) cand.push_back(i);
  }
  if (cand.empty()) return p;
  const std::uint32_t i = pick(rng, cand);
  const Type t = p.type_of(i);
  std::vector<std::uint32_t> repl;
  for (int k = 0; k < arity(p.code[i]); ++k) {
    if (p.type_of(p.code[i].args[k]) == t) repl.push_back(p.code[i].args[k]);
  }
  if (t == Type::F32) repl.push_back(0);
  if (repl.empty()) return p;
  const std::uint32_t r = pick(rng, repl);
  for (std::uint32_t j = i + 1; j < p.size(); ++j) {
    for (int k = 0; k < arity(p.code[j]); ++k) {
      if (p.code[j].args[k] == i) p.code[j].args[k] = r;
    }
  }
  if (p.result == i) p.result = r;
  erase_at(p, i);
  return finish(std::move(p), parent);
}

Program RewireOperand::operator()(Rng& rng, Program p) const {
  const Program parent = p;
  std::vector<std::uint32_t> cand;
  for (std::uint32_t i = 1; i < p.size(); ++i) {
    if (arity(p.code[i]) > 0 && p.code[i].op != Op::Core) cand.push_back(i);
  }
  if (cand.empty()) return p;
  const std::uint32_t j = pick(rng, cand);
  const int k = static_cast<int>(rng.below(arity(p.code[j])));
  const Type t = ir::info(p.code[j].op).args[k];
  if (t == Type::F32 && rng.chance(use_input)) {
    p.code[j].args[k] = 0;
  } else {
    const auto vals = values_of(p, j, t);
    if (vals.empty()) return p;
    p.code[j].args[k] = pick(rng, vals);
  }
  return finish(std::move(p), parent);
}

Program ChangeOp::operator()(Rng& rng, Program p) const {
  const Program parent = p;
  std::vector<std::uint32_t> cand;
  for (std::uint32_t i = 1; i < p.size(); ++i) {
    if (!is_leaf(p.code[i].op) && p.code[i].op != Op::Core) cand.push_back(i);
  }
  if (cand.empty()) return p;
  const std::uint32_t j = pick(rng, cand);
  const Instr old = p.code[j];
  std::vector<Op> choices;
  for (Op o : ops) {
    if (o != old.op && ir::info(o).result == p.type_of(j) && !is_leaf(o) && insertable(o))
      choices.push_back(o);
  }
  if (choices.empty()) return p;
  const Op op = choices[rng.below(choices.size())];
  const ir::OpInfo& oi = ir::info(op);
  Instr ins{op, {0, 0, 0}, 0};
  for (int k = 0; k < oi.arity; ++k) {
    const Type t = oi.args[k];
    if (k < arity(old) && p.type_of(old.args[k]) == t) {
      ins.args[k] = old.args[k];
      continue;
    }
    const auto vals = values_of(p, j, t);
    if (vals.empty()) return parent;
    ins.args[k] = pick(rng, vals);
  }
  p.code[j] = ins;
  return finish(std::move(p), parent);
}

namespace {
std::vector<std::uint32_t> constants_of(const Program& p) {
  std::vector<std::uint32_t> c;
  for (std::uint32_t i = 0; i < p.size(); ++i) {
    if (p.code[i].op == Op::Const) c.push_back(i);
  }
  return c;
}
}  // namespace

Program PerturbConstant::operator()(Rng& rng, Program p) const {
  const Program parent = p;
  const auto cs = constants_of(p);
  if (cs.empty()) return p;
  const std::uint32_t i = pick(rng, cs);
  const double s = std::pow(10.0, -(min_log_scale + (max_log_scale - min_log_scale) * rng.uniform()));
  const float v = ir::bits_to_float(p.code[i].imm);
  const float nv = static_cast<float>(v * (1.0 + s * rng.normal()));
  if (!std::isfinite(nv)) return p;
  p.code[i].imm = ir::float_to_bits(nv);
  return finish(std::move(p), parent);
}

Program RedrawConstant::operator()(Rng& rng, Program p) const {
  const Program parent = p;
  const auto cs = constants_of(p);
  if (cs.empty()) return p;
  p.code[pick(rng, cs)].imm = ir::float_to_bits(draw_constant(rng));
  return finish(std::move(p), parent);
}

MutationMix MutationMix::standard(const std::vector<ir::Op>& ops) {
  MutationMix m;
  InsertOp ins;
  ins.ops = ops;
  ChangeOp chg;
  chg.ops = ops;
  m.entries = {{0.30, ins},           {0.10, ExpandConstant{}},  {0.15, RemoveOp{}},
               {0.15, RewireOperand{}}, {0.12, chg},               {0.09, PerturbConstant{}},
               {0.09, RedrawConstant{}}, {0.06, ScaleByInput{}},  {0.03, SplitHead{}}};
  return m;
}

Program MutationMix::operator()(Rng& rng, Program p) const {
  double total = 0;
  for (const Entry& e : entries) total += e.weight;
  double u = rng.uniform() * total;
  for (const Entry& e : entries) {
    if (u < e.weight) {
      return std::visit([&](const auto& op) { return op(rng, std::move(p)); }, e.op);
    }
    u -= e.weight;
  }
  return p;
}

}  // namespace uf::engine
