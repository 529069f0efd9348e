// Shared helpers of the jit tests: a fixed input set, the reference evaluation with
// NaN-payload tracking, and the bit comparison rule every backend is held to.
//
// Comparison rule (exact bits, with one IEEE-754 carve-out): IEEE leaves the payload
// and sign of a NaN produced by an arithmetic op unspecified (x86 returns the negative
// default NaN 0xffc00000 for 0/0 where AArch64 returns 0x7fc00000; with two NaN operands
// the propagated one depends on operand order, which compilers may swap for commutative
// ops). The reference therefore tracks a certainty state per value:
//   Exact      the bits are the same on every conforming platform;
//   AnyNaN     certainly a NaN, payload unspecified (an arithmetic op made or propagated
//              a NaN, or neg/abs/select/min/max passed such a NaN on);
//   Uncertain  the value depends on an unspecified payload (asint/getmant/integer ops
//              of an AnyNaN value, or anything computed from an Uncertain value).
// Ops that cannot see a NaN's payload (getexp, f2i, comparisons, the min/max choice)
// treat AnyNaN operands like Exact ones. Backends are held to:
//   Exact -> identical 32 bits; AnyNaN -> some NaN; Uncertain -> not comparable
// (counted; tests bound its share).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "ir/program.h"
#include "ir/semantics.h"

namespace uf::jit::test {

inline std::uint32_t bits(float f) { return ir::sem::u(f); }
inline float from_bits(std::uint32_t b) { return ir::sem::f(b); }

inline bool is_arith(ir::Op op) {
  switch (op) {
    case ir::Op::Add: case ir::Op::Sub: case ir::Op::Mul: case ir::Op::Div: case ir::Op::Fma:
    case ir::Op::Sqrt: case ir::Op::Rint: case ir::Op::Ldexp: case ir::Op::I2F:
      return true;
    default:
      return false;
  }
}

enum class Certainty : std::uint8_t { Exact, AnyNaN, Uncertain };

struct RefValue {
  std::uint32_t bits = 0;
  Certainty state = Certainty::Exact;
};

// Scalar semantics (ir/semantics.h) plus the certainty state of the result.
inline RefValue ref_eval(const ir::Program& p, float x) {
  using C = Certainty;
  thread_local std::vector<std::uint32_t> r;
  thread_local std::vector<C> t;
  r.assign(p.code.size(), 0);
  t.assign(p.code.size(), C::Exact);
  const std::uint32_t in = bits(x);
  for (std::size_t i = 0; i < p.code.size(); ++i) {
    const ir::Instr& ins = p.code[i];
    const auto a = ins.args;
    r[i] = ir::sem::eval(ins.op, r[a[0]], r[a[1]], r[a[2]], ins.imm, in);
    const int ar = ir::info(ins.op).arity;
    bool uncertain = false, any_nan = false;
    for (int k = 0; k < ar; ++k) {
      uncertain = uncertain || t[a[k]] == C::Uncertain;
      any_nan = any_nan || t[a[k]] == C::AnyNaN;
    }
    const bool res_nan = ir::info(ins.op).result == ir::Type::F32 && std::isnan(from_bits(r[i]));
    if (uncertain) {
      t[i] = C::Uncertain;
      continue;
    }
    switch (ins.op) {
      case ir::Op::GetExp: case ir::Op::F2I: case ir::Op::Lt: case ir::Op::Le: case ir::Op::Eq:
        t[i] = C::Exact;  // a NaN operand gives the same result whatever its payload
        break;
      case ir::Op::Min: case ir::Op::Max:
        t[i] = r[i] == r[a[1]] ? t[a[1]] : t[a[0]];
        break;
      case ir::Op::Select: case ir::Op::ISelect: case ir::Op::Guard:
        t[i] = r[a[0]] ? t[a[1]] : t[a[2]];
        break;
      case ir::Op::Neg: case ir::Op::Abs:
        t[i] = t[a[0]];
        break;
      default:
        if (is_arith(ins.op)) {
          t[i] = res_nan ? C::AnyNaN : C::Exact;
        } else {
          t[i] = any_nan ? C::Uncertain : C::Exact;  // bit casts, getmant, integer ops
        }
    }
  }
  return {r[p.result], t[p.result]};
}

enum class Verdict { Same, Differ, NotComparable };

inline Verdict compare(const RefValue& ref, std::uint32_t got) {
  switch (ref.state) {
    case Certainty::Exact: return ref.bits == got ? Verdict::Same : Verdict::Differ;
    case Certainty::AnyNaN: return std::isnan(from_bits(got)) ? Verdict::Same : Verdict::Differ;
    case Certainty::Uncertain: break;
  }
  return Verdict::NotComparable;
}

// The fixed input set: special values first, then random bit patterns and random
// values of moderate magnitude (seeded, so every run and backend sees the same floats).
inline std::vector<float> make_inputs(std::size_t n, std::uint64_t seed = 12345) {
  const std::uint32_t specials[] = {
      0x00000000u, 0x80000000u, 0x7f800000u, 0xff800000u, 0x7fc00000u, 0xffc00000u,
      0x7f800001u, 0xffa00005u, 0x7fc12345u, 0x00000001u, 0x80000001u, 0x007fffffu,
      0x807fffffu, 0x00800000u, 0x80800000u, 0x7f7fffffu, 0xff7fffffu, 0x3f800000u,
      0xbf800000u, 0x3f000000u, 0xbf000000u, 0x3fc00000u, 0xbfc00000u, 0x40200000u,
      0x4f000000u, 0xcf000000u, 0x4effffffu, 0xceffffffu, 0x4b000000u, 0x4b000001u,
      0x4affffffu, 0x3effffffu, 0x3f000001u, 0x42b17218u, 0xc2cff1b5u, 0x40490fdbu};
  std::vector<float> v;
  v.reserve(n);
  for (std::uint32_t b : specials) v.push_back(from_bits(b));
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> mod(-100.0f, 100.0f);
  while (v.size() < n) {
    if (v.size() % 2 == 0) {
      v.push_back(from_bits(static_cast<std::uint32_t>(rng())));
    } else {
      v.push_back(mod(rng));
    }
  }
  v.resize(n);
  return v;
}

}  // namespace uf::jit::test
