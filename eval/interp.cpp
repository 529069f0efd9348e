#include "eval/interp.h"

// GCC 12's AVX-512 intrinsics start from `__m512 __Y = __Y;` (_mm512_undefined_ps),
// which -Wmaybe-uninitialized reports wherever they are inlined; the value is never read.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>

#include <mpfr.h>
#include <xsimd/xsimd.hpp>

#include "eval/interp_detail.h"
#include "ir/passes.h"
#include "ir/semantics.h"

namespace uf::eval {

namespace detail {

// Program checks shared by the three modes: a malformed program is an error, never
// an out-of-bounds read (ir::verify_structure).
void check_program(const ir::Program& p) {
  if (auto e = ir::verify_structure(p)) throw std::invalid_argument("interpreter: " + *e);
}

}  // namespace detail

using detail::check_program;

namespace {

using ir::Op;

// Marks the instructions the result depends on (others have no effect on the output).
std::vector<char> live_set(const ir::Program& p) {
  std::vector<char> live(p.code.size(), 0);
  live[p.result] = 1;
  for (std::size_t i = p.code.size(); i-- > 0;) {
    if (!live[i]) continue;
    const ir::Instr& ins = p.code[i];
    const int ar = ir::info(ins.op).arity;
    for (int k = 0; k < ar; ++k) live[ins.args[k]] = 1;
  }
  return live;
}

// ---------------------------------------------------------------------------------
// f32 mode.
//
// Column-wise: points are processed in tiles of kTile lanes. Every live instruction is
// executed over the whole tile with SIMD loops (one switch per instruction per tile),
// reading and writing rows of a per-thread register file. Rows are assigned by a
// linear-scan allocation over the instructions' live ranges, so the file holds only
// the values live at once (it stays in L1/L2 for any realistic program). Constant rows
// are filled once per call and never reused; the input row is refilled per tile.
// All values are 32-bit patterns: f32 bits, i32 two's complement, masks 0/0xFFFFFFFF.

using bf = xsimd::batch<float>;
using bi = xsimd::batch<std::int32_t>;
using bu = xsimd::batch<std::uint32_t>;
constexpr std::size_t W = bf::size;
constexpr std::size_t kTile = 512;
static_assert(kTile % W == 0);
static_assert((kTile * 4) % 64 == 0, "rows must stay 64-byte aligned");

struct Step {
  Op op;
  std::uint32_t dst, a, b, c;  // rows
  std::uint32_t imm;
};

struct Plan {
  std::vector<Step> consts;  // Const/IConst/Core rows: filled once per call
  std::vector<Step> steps;   // everything else in program order
  std::uint32_t input_row = 0;
  std::uint32_t result_row = 0;
  std::uint32_t rows = 0;
};

Plan make_plan(const ir::Program& p) {
  const std::size_t n = p.code.size();
  const std::vector<char> live = live_set(p);
  std::vector<std::uint32_t> last_use(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (!live[i]) continue;
    const ir::Instr& ins = p.code[i];
    const int ar = ir::info(ins.op).arity;
    for (int k = 0; k < ar; ++k) last_use[ins.args[k]] = static_cast<std::uint32_t>(i);
  }
  last_use[p.result] = std::numeric_limits<std::uint32_t>::max();

  Plan plan;
  std::vector<std::uint32_t> row(n, 0);
  std::vector<std::uint32_t> free_rows;
  plan.input_row = plan.rows++;
  auto is_pinned = [&](Op op) {
    return op == Op::Input || op == Op::Const || op == Op::IConst || op == Op::Core;
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (!live[i]) continue;
    const ir::Instr& ins = p.code[i];
    const int ar = ir::info(ins.op).arity;
    if (ins.op == Op::Input) {
      row[i] = plan.input_row;
      continue;
    }
    if (is_pinned(ins.op)) {
      row[i] = plan.rows++;
      // core.N is never evaluable: its value is the canonical quiet NaN (ir/semantics.h).
      const std::uint32_t imm = ins.op == Op::Core ? 0x7fc00000u : ins.imm;
      plan.consts.push_back(Step{ins.op, row[i], 0, 0, 0, imm});
      continue;
    }
    // Operands whose live range ends here release their rows before the destination
    // is allocated: every step reads lane j of its operands before writing lane j.
    for (int k = 0; k < ar; ++k) {
      const std::uint32_t v = ins.args[k];
      bool dup = false;
      for (int q = 0; q < k; ++q) dup |= ins.args[q] == v;
      if (!dup && last_use[v] == i && !is_pinned(p.code[v].op)) free_rows.push_back(row[v]);
    }
    if (!free_rows.empty()) {
      row[i] = free_rows.back();
      free_rows.pop_back();
    } else {
      row[i] = plan.rows++;
    }
    Step s{ins.op, row[i], row[ins.args[0]], row[ins.args[1]], row[ins.args[2]], ins.imm};
    plan.steps.push_back(s);
  }
  plan.result_row = row[p.result];
  return plan;
}

inline bf ldf(const std::uint32_t* p) { return bf::load_aligned(reinterpret_cast<const float*>(p)); }
inline bu ldu(const std::uint32_t* p) { return bu::load_aligned(p); }
inline bi ldi(const std::uint32_t* p) {
  return bi::load_aligned(reinterpret_cast<const std::int32_t*>(p));
}
inline void st(std::uint32_t* p, bf v) { v.store_aligned(reinterpret_cast<float*>(p)); }
inline void st(std::uint32_t* p, bu v) { v.store_aligned(p); }
inline void st(std::uint32_t* p, bi v) { v.store_aligned(reinterpret_cast<std::int32_t*>(p)); }

// a*b+c with one rounding. xsimd 8.1 has no AVX-512 fma kernel (its generic fallback
// computes a*b+c with two roundings), so AVX-512 uses the intrinsic directly.
inline bf fused_fma(bf a, bf b, bf c) {
#if XSIMD_WITH_AVX512F
  return _mm512_fmadd_ps(a, b, c);
#else
  return xsimd::fma(a, b, c);
#endif
}

inline bu mask_of(xsimd::batch_bool<float> c) {
  return xsimd::bitwise_cast<bu>(xsimd::select(c, xsimd::bitwise_cast<bf>(bu(0xffffffffu)), bf(0.0f)));
}
inline bu mask_of(xsimd::batch_bool<std::int32_t> c) {
  return xsimd::bitwise_cast<bu>(xsimd::select(c, bi(-1), bi(0)));
}

// Runs one step over lanes [0, nv) (nv a multiple of W) of the register file R.
void exec_step(const Step& s, std::uint32_t* R, std::size_t nv) {
  std::uint32_t* d = R + std::size_t{s.dst} * kTile;
  const std::uint32_t* a = R + std::size_t{s.a} * kTile;
  const std::uint32_t* b = R + std::size_t{s.b} * kTile;
  const std::uint32_t* c = R + std::size_t{s.c} * kTile;
#define UF_LOOP(expr)                                      \
  for (std::size_t j = 0; j < nv; j += W) st(d + j, (expr)); \
  return
  switch (s.op) {
    case Op::Input:
    case Op::Const:
    case Op::IConst:
    case Op::Core:
      return;  // rows prepared outside the step loop
    case Op::Add: UF_LOOP(ldf(a + j) + ldf(b + j));
    case Op::Sub: UF_LOOP(ldf(a + j) - ldf(b + j));
    case Op::Mul: UF_LOOP(ldf(a + j) * ldf(b + j));
    case Op::Div: UF_LOOP(ldf(a + j) / ldf(b + j));
    case Op::Fma: UF_LOOP(fused_fma(ldf(a + j), ldf(b + j), ldf(c + j)));
    case Op::Neg: UF_LOOP(ldu(a + j) ^ bu(0x80000000u));
    case Op::Abs: UF_LOOP(ldu(a + j) & bu(0x7fffffffu));
    case Op::Min: {
      for (std::size_t j = 0; j < nv; j += W) {
        const bf x = ldf(a + j), y = ldf(b + j);
        st(d + j, xsimd::select(x < y, x, y));
      }
      return;
    }
    case Op::Max: {
      for (std::size_t j = 0; j < nv; j += W) {
        const bf x = ldf(a + j), y = ldf(b + j);
        st(d + j, xsimd::select(x > y, x, y));
      }
      return;
    }
    case Op::Sqrt: UF_LOOP(xsimd::sqrt(ldf(a + j)));
    // Round to nearest even under the default (never changed) rounding mode.
    case Op::Rint: UF_LOOP(xsimd::nearbyint(ldf(a + j)));
    case Op::F2I: {
      // Truncating conversion gives 0x80000000 for NaN and out-of-range inputs, which
      // is already INT32_MIN for a < -2^31; x >= 2^31 flips it to INT32_MAX; NaN -> 0.
      // (NaN is detected as !(x == x): xsimd 8.1's AVX-512 `!=` is the ordered compare.)
      const bf two31(2147483648.0f);
      for (std::size_t j = 0; j < nv; j += W) {
        const bf x = ldf(a + j);
        const bu t = xsimd::bitwise_cast<bu>(xsimd::to_int(x));
        st(d + j, (t ^ mask_of(x >= two31)) & mask_of(x == x));
      }
      return;
    }
    case Op::I2F: UF_LOOP(xsimd::to_float(ldi(a + j)));
    case Op::Ldexp: {
      // k' = clamp(k, -252, 254); (a * 2^(k'>>1)) * 2^(k' - (k'>>1)); both exponents lie
      // in [-126, 127] so each power of two is a normal float built from its bits.
      const bi lo(ir::kLdexpMinK), hi(ir::kLdexpMaxK), bias(127);
      for (std::size_t j = 0; j < nv; j += W) {
        const bi kc = xsimd::min(xsimd::max(ldi(b + j), lo), hi);
        const bi k1 = kc >> 1;
        const bi k2 = kc - k1;
        const bf p1 = xsimd::bitwise_cast<bf>((k1 + bias) << 23);
        const bf p2 = xsimd::bitwise_cast<bf>((k2 + bias) << 23);
        st(d + j, (ldf(a + j) * p1) * p2);
      }
      return;
    }
    case Op::GetExp: UF_LOOP(xsimd::bitwise_cast<bi>((ldu(a + j) >> 23) & bu(0xffu)) - bi(127));
    case Op::GetMant: UF_LOOP((ldu(a + j) & bu(0x807fffffu)) | bu(0x3f800000u));
    case Op::IAdd: UF_LOOP(ldu(a + j) + ldu(b + j));
    case Op::ISub: UF_LOOP(ldu(a + j) - ldu(b + j));
    case Op::IMul: UF_LOOP(ldi(a + j) * ldi(b + j));
    // Per-lane variable shifts: plain loops the compiler widens to vpsllvd/vpsrlvd/
    // vpsravd (xsimd 8.1 only has per-batch shift counts for AVX-512).
    case Op::Shl:
      for (std::size_t j = 0; j < nv; ++j) d[j] = a[j] << (b[j] & 31u);
      return;
    case Op::Shr:
      for (std::size_t j = 0; j < nv; ++j) d[j] = a[j] >> (b[j] & 31u);
      return;
    case Op::Sar:
      for (std::size_t j = 0; j < nv; ++j) {
        d[j] = static_cast<std::uint32_t>(static_cast<std::int32_t>(a[j]) >> (b[j] & 31u));
      }
      return;
    case Op::And:
    case Op::MAnd: UF_LOOP(ldu(a + j) & ldu(b + j));
    case Op::Or:
    case Op::MOr: UF_LOOP(ldu(a + j) | ldu(b + j));
    case Op::Xor: UF_LOOP(ldu(a + j) ^ ldu(b + j));
    case Op::MNot: UF_LOOP(~ldu(a + j));
    case Op::AsInt:
    case Op::AsFloat: UF_LOOP(ldu(a + j));
    case Op::Lt: UF_LOOP(mask_of(ldf(a + j) < ldf(b + j)));
    case Op::Le: UF_LOOP(mask_of(ldf(a + j) <= ldf(b + j)));
    case Op::Eq: UF_LOOP(mask_of(ldf(a + j) == ldf(b + j)));
    case Op::ILt: UF_LOOP(mask_of(ldi(a + j) < ldi(b + j)));
    case Op::IEq: UF_LOOP(mask_of(ldi(a + j) == ldi(b + j)));
    case Op::Select:
    case Op::Guard:  // select's bits; both arms computed
    case Op::ISelect: UF_LOOP(xsimd::select(ldu(a + j) != bu(0u), ldu(b + j), ldu(c + j)));
  }
#undef UF_LOOP
}

struct Scratch {
  std::vector<std::uint32_t, xsimd::aligned_allocator<std::uint32_t, 64>> regs;
};

}  // namespace

void run_f32(const ir::Program& p, const float* in, float* out, std::size_t n) {
  check_program(p);
  if (n == 0) return;
  if (in == nullptr || out == nullptr) throw std::invalid_argument("run_f32: null buffer");
  const Plan plan = make_plan(p);
  thread_local Scratch scratch;
  auto& regs = scratch.regs;
  if (regs.size() < std::size_t{plan.rows} * kTile) regs.resize(std::size_t{plan.rows} * kTile);
  std::uint32_t* R = regs.data();

  for (const Step& s : plan.consts) {
    std::fill_n(R + std::size_t{s.dst} * kTile, kTile, s.imm);
  }
  std::uint32_t* xin = R + std::size_t{plan.input_row} * kTile;
  const std::uint32_t* res = R + std::size_t{plan.result_row} * kTile;
  for (std::size_t base = 0; base < n; base += kTile) {
    const std::size_t m = std::min(kTile, n - base);
    const std::size_t nv = (m + W - 1) / W * W;
    // Copy the tile in before anything is written out: in and out may alias.
    std::memcpy(xin, in + base, m * 4);
    if (nv > m) std::fill(xin + m, xin + nv, 0u);
    for (const Step& s : plan.steps) exec_step(s, R, nv);
    std::memcpy(out + base, res, m * 4);
  }
}

}  // namespace uf::eval
