#include "ir/range.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>

#include "ir/semantics.h"

namespace uf::ir {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kI32Min = -2147483648.0, kI32Max = 2147483647.0;

Range full() { return Range{}; }
Range point(double v) { return Range{v, v, false}; }
Range ints(double lo, double hi) {
  if (lo < kI32Min || hi > kI32Max) return Range{kI32Min, kI32Max, false};  // may wrap
  return Range{lo, hi, false};
}
bool finite(const Range& r) { return r.lo <= r.hi && std::isfinite(r.lo) && std::isfinite(r.hi); }

// [fl(lo), fl(hi)] for exact real bounds computed in double (each candidate within
// half a double ulp of the exact value): one float step outwards keeps it sound.
Range rounded(double lo, double hi, bool nan) {
  const float l = static_cast<float>(lo), h = static_cast<float>(hi);
  return Range{std::nextafter(l, -std::numeric_limits<float>::infinity()),
               std::nextafter(h, std::numeric_limits<float>::infinity()), nan};
}

Range from_candidates(std::initializer_list<double> c, bool nan) {
  return rounded(std::min(c), std::max(c), nan);
}

Range hull(const Range& a, const Range& b) {
  return Range{std::min(a.lo, b.lo), std::max(a.hi, b.hi), a.nan || b.nan};
}

double trunc_sat(double v) {
  if (std::isnan(v)) return 0;
  return std::clamp(std::trunc(v), kI32Min, kI32Max);
}

}  // namespace

std::vector<Range> value_ranges(const Program& p) {
  std::vector<Range> r(p.size());
  for (std::uint32_t i = 0; i < p.size(); ++i) {
    const Instr& ins = p.code[i];
    const Range& a = r[ins.args[0] < i ? ins.args[0] : 0];
    const Range& b = r[ins.args[1] < i ? ins.args[1] : 0];
    const Range& c = r[ins.args[2] < i ? ins.args[2] : 0];
    Range out = full();
    switch (ins.op) {
      case Op::Const: {
        const float v = sem::f(ins.imm);
        out = std::isnan(v) ? Range{kInf, -kInf, true} : point(v);
        break;
      }
      case Op::IConst: out = point(static_cast<double>(sem::s(ins.imm))); break;
      // min(a, b) = a < b ? a : b: b whenever either is NaN. A result a is below some
      // b; a result b is at most a.hi unless a may be NaN.
      case Op::Min:
        out = Range{std::min(a.lo, b.lo), a.nan ? b.hi : std::min(a.hi, b.hi), b.nan};
        break;
      case Op::Max:
        out = Range{a.nan ? b.lo : std::max(a.lo, b.lo), std::max(a.hi, b.hi), b.nan};
        break;
      case Op::Neg: out = Range{-a.hi, -a.lo, a.nan}; break;
      case Op::Abs:
        if (a.lo > a.hi || a.lo >= 0) out = a;  // only NaN, or already non-negative
        else if (a.hi <= 0) out = Range{-a.hi, -a.lo, a.nan};
        else out = Range{0, std::max(-a.lo, a.hi), a.nan};
        break;
      case Op::Rint: out = Range{std::nearbyint(a.lo), std::nearbyint(a.hi), a.nan}; break;
      // Finite operands: products of floats are exact in double, sums within half a
      // double ulp; no NaN can arise (an overflow gives +-inf, inside the bounds).
      case Op::Add:
        if (finite(a) && finite(b)) out = from_candidates({a.lo + b.lo, a.hi + b.hi}, a.nan || b.nan);
        break;
      case Op::Sub:
        if (finite(a) && finite(b)) out = from_candidates({a.lo - b.hi, a.hi - b.lo}, a.nan || b.nan);
        break;
      case Op::Mul:
        if (finite(a) && finite(b)) {
          out = from_candidates({a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi}, a.nan || b.nan);
        }
        break;
      case Op::Fma:
        if (finite(a) && finite(b) && finite(c)) {
          const double p0 = a.lo * b.lo, p1 = a.lo * b.hi, p2 = a.hi * b.lo, p3 = a.hi * b.hi;
          const double plo = std::min({p0, p1, p2, p3}), phi = std::max({p0, p1, p2, p3});
          out = rounded(plo + c.lo, phi + c.hi, a.nan || b.nan || c.nan);
        }
        break;
      case Op::Div:
        if (finite(a) && finite(b) && (b.lo > 0 || b.hi < 0)) {
          out = from_candidates({a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi}, a.nan || b.nan);
        }
        break;
      case Op::Select:
      case Op::Guard: out = hull(b, c); break;
      case Op::F2I: {
        if (a.lo > a.hi) {
          out = point(0);
        } else {
          out = Range{trunc_sat(a.lo), trunc_sat(a.hi), false};
          if (a.nan) out = Range{std::min(out.lo, 0.0), std::max(out.hi, 0.0), false};
        }
        break;
      }
      case Op::I2F:
        out = Range{static_cast<float>(a.lo), static_cast<float>(a.hi), false};  // monotone
        break;
      case Op::IAdd: out = ints(a.lo + b.lo, a.hi + b.hi); break;
      case Op::ISub: out = ints(a.lo - b.hi, a.hi - b.lo); break;
      case Op::ISelect: out = Range{std::min(b.lo, c.lo), std::max(b.hi, c.hi), false}; break;
      case Op::GetExp: out = Range{-127, 128, false}; break;
      case Op::GetMant: out = Range{-2, 2, false}; break;  // exponent field 127: never NaN
      default:
        out = info(ins.op).result == Type::I32 ? Range{kI32Min, kI32Max, false} : full();
        break;
    }
    r[i] = out;
  }
  return r;
}

bool f2i_in_range(const Range& a) {
  if (a.lo > a.hi) return true;  // only NaN
  return a.lo >= -2147483648.0 && a.hi <= 2147483520.0;
}

bool ldexp_k_in_range(const Range& k) { return k.lo >= kLdexpMinK && k.hi <= kLdexpMaxK; }

}  // namespace uf::ir
