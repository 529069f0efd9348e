#include "targets/compose.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <utility>

#include "ir/passes.h"

namespace uf::targets {

namespace {

using ir::Op;

// The catalog target computing each expression function, or "" if none does.
std::string_view catalog_name(std::string_view fn) {
  static constexpr std::pair<std::string_view, std::string_view> kMap[] = {
      {"exp", "expf"},   {"exp2", "exp2f"}, {"expm1", "expm1f"}, {"log", "logf"},   {"log2", "log2f"},
      {"log1p", "log1pf"}, {"sin", "sinf"}, {"cos", "cosf"},     {"tan", "tanf"},   {"tanh", "tanhf"},
      {"atan", "atanf"}, {"erf", "erff"},   {"cbrt", "cbrtf"}};
  for (const auto& [f, t] : kMap)
    if (f == fn) return t;
  return {};
}

// Appends `sub` applied to value `arg` (its input becomes arg, its holes are shifted by
// `hole_offset`); returns the value of its result.
std::uint32_t inline_at(ir::Builder& b, const ir::Program& sub, std::uint32_t arg, std::uint32_t hole_offset) {
  std::vector<std::uint32_t> map(sub.size(), 0);
  map[0] = arg;
  for (std::uint32_t i = 1; i < sub.size(); ++i) {
    ir::Instr in = sub.code[i];
    for (int k = 0; k < ir::info(in.op).arity; ++k) in.args[static_cast<std::size_t>(k)] = map[in.args[static_cast<std::size_t>(k)]];
    if (in.op == Op::Core) in.imm += hole_offset;
    b.p.code.push_back(in);
    map[i] = static_cast<std::uint32_t>(b.p.code.size() - 1);
  }
  return map[sub.result];
}

// base^n for an integer 1 <= |n| <= 4: products, then 1 / (...) for n < 0.
std::uint32_t integer_power(ir::Builder& b, std::uint32_t base, int n) {
  const int m = n < 0 ? -n : n;
  std::uint32_t r = base;
  if (m == 2) r = b.emit(Op::Mul, base, base);
  if (m == 3) r = b.emit(Op::Mul, b.emit(Op::Mul, base, base), base);
  if (m == 4) {
    const std::uint32_t sq = b.emit(Op::Mul, base, base);
    r = b.emit(Op::Mul, sq, sq);
  }
  return n < 0 ? b.emit(Op::Div, b.f(1.0f), r) : r;
}

std::optional<int> small_integer(const std::optional<double>& v) {
  if (!v || *v != std::round(*v) || std::fabs(*v) < 1 || std::fabs(*v) > 4) return std::nullopt;
  return static_cast<int>(*v);
}

}  // namespace

std::optional<Composition> compose_expression(const Expr& e, std::string* why) {
  const auto fail = [&](std::string msg) -> std::optional<Composition> {
    if (why) *why = std::move(msg);
    return std::nullopt;
  };
  Composition c;
  ir::Builder b;
  // Per stack entry: its value, and the number it is when it is a constant.
  std::vector<std::pair<std::uint32_t, std::optional<double>>> st;
  const auto pop = [&] {
    auto v = st.back();
    st.pop_back();
    return v;
  };
  for (const Expr::Node& nd : e.postfix) {
    switch (nd.kind) {
      case Expr::Kind::Num:
        st.emplace_back(b.f(static_cast<float>(nd.value)), nd.value);
        break;
      case Expr::Kind::Pi:
        st.emplace_back(b.f(static_cast<float>(M_PI)), std::nullopt);
        break;
      case Expr::Kind::X:
        st.emplace_back(b.input(), std::nullopt);
        break;
      case Expr::Kind::Neg: {
        const auto a = pop();
        st.emplace_back(b.emit(Op::Neg, a.first), a.second ? std::optional<double>(-*a.second) : std::nullopt);
        break;
      }
      case Expr::Kind::Add:
      case Expr::Kind::Sub:
      case Expr::Kind::Mul:
      case Expr::Kind::Div: {
        const auto r = pop(), l = pop();
        const Op op = nd.kind == Expr::Kind::Add ? Op::Add
                      : nd.kind == Expr::Kind::Sub ? Op::Sub
                      : nd.kind == Expr::Kind::Mul ? Op::Mul
                                                   : Op::Div;
        st.emplace_back(b.emit(op, l.first, r.first), std::nullopt);
        break;
      }
      case Expr::Kind::Pow: {
        const auto r = pop(), l = pop();
        const auto n = small_integer(r.second);
        if (!n) return fail("x^y needs an integer constant exponent from -4 to 4 (no float32 pow kernel)");
        st.emplace_back(integer_power(b, l.first, *n), std::nullopt);
        break;
      }
      case Expr::Kind::Fn: {
        const std::string_view name = function_names()[static_cast<std::size_t>(nd.fn)];
        if (name == "pow") {
          const auto r = pop(), l = pop();
          const auto n = small_integer(r.second);
          if (!n) return fail("pow(x, y) needs an integer constant y from -4 to 4 (no float32 pow kernel)");
          st.emplace_back(integer_power(b, l.first, *n), std::nullopt);
          break;
        }
        const auto a = pop();
        if (name == "sqrt") {
          st.emplace_back(b.emit(Op::Sqrt, a.first), std::nullopt);
          break;
        }
        const std::string_view tn = catalog_name(name);
        const Target* t = tn.empty() ? nullptr : find(tn);
        if (!t) return fail(std::string(name) + " has no catalog kernel");
        const auto offset = static_cast<std::uint32_t>(c.holes.size());
        st.emplace_back(inline_at(b, t->tmpl, a.first, offset), std::nullopt);
        c.holes.insert(c.holes.end(), t->holes.begin(), t->holes.end());
        c.baseline_cores.insert(c.baseline_cores.end(), t->baseline_cores.begin(), t->baseline_cores.end());
        c.parts.push_back(t->name);
        break;
      }
    }
  }
  if (st.size() != 1) return fail("malformed expression");
  if (c.parts.empty()) return fail("the expression calls no catalog function");
  c.tmpl = ir::canonicalize(std::move(b).finish(st.back().first));
  if (ir::verify(c.tmpl)) return fail("composed template does not verify");
  // Every part's holes must survive canonicalisation (a call on a constant argument,
  // such as log(0), folds away and would leave a core the kernel never uses).
  std::vector<bool> used(c.holes.size(), false);
  for (const ir::Instr& in : c.tmpl.code)
    if (in.op == Op::Core && in.imm < used.size()) used[in.imm] = true;
  if (ir::hole_count(c.tmpl) != c.holes.size() || std::find(used.begin(), used.end(), false) != used.end())
    return fail("a catalog call of the expression folds to a constant (its argument does not depend on x)");
  return c;
}

}  // namespace uf::targets
