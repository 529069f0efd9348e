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

#include "ir/semantics.h"

namespace uf::eval {

namespace {

using ir::Op;

// ---------------------------------------------------------------------------------
// Program checks shared by the three modes: a malformed program is an error, never
// an out-of-bounds read.
void check_program(const ir::Program& p) {
  if (p.code.empty()) throw std::invalid_argument("interpreter: empty program");
  if (p.result >= p.code.size()) {
    throw std::invalid_argument("interpreter: result index " + std::to_string(p.result) +
                                " out of range (program has " +
                                std::to_string(p.code.size()) + " instructions)");
  }
  for (std::size_t i = 0; i < p.code.size(); ++i) {
    const ir::Instr& ins = p.code[i];
    if (static_cast<std::size_t>(ins.op) >= ir::kNumOps) {
      throw std::invalid_argument("interpreter: instruction " + std::to_string(i) +
                                  " has an unknown op");
    }
    const int ar = ir::info(ins.op).arity;
    for (int k = 0; k < ar; ++k) {
      if (ins.args[k] >= i) {
        throw std::invalid_argument("interpreter: instruction " + std::to_string(i) + " (" +
                                    std::string(ir::info(ins.op).name) + ") operand " +
                                    std::to_string(k) + " = %" + std::to_string(ins.args[k]) +
                                    " is not an earlier value");
      }
    }
  }
}

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

// ---------------------------------------------------------------------------------
// f64 and real modes: the domains of ir/apply.h for double and MPFR. f32-typed values
// are carried in the wider format; i32 and mask values are 32-bit patterns with the f32
// semantics. Ops with no real-number meaning (bit casts, getexp, getmant) see the value
// rounded to float32 (then widened); f2i truncates the wide value, i2f and ldexp are
// exact.

namespace {

// The constants a caller substitutes: const instruction `idx[k]` takes the value c[k].
struct ConstOverrides {
  std::vector<int>& slot;  // per instruction: index into c, or -1 (one buffer per thread)
  ConstOverrides(const ir::Program& p, std::span<const std::uint32_t> idx, std::size_t nc) : slot(buffer()) {
    if (idx.size() != nc) {
      throw std::invalid_argument("interpreter: " + std::to_string(idx.size()) +
                                  " constant indices for " + std::to_string(nc) + " values");
    }
    slot.assign(p.code.size(), -1);
    for (std::size_t k = 0; k < idx.size(); ++k) {
      if (idx[k] >= p.code.size() || p.code[idx[k]].op != Op::Const) {
        throw std::invalid_argument("interpreter: constant index " + std::to_string(idx[k]) +
                                    " is not a const instruction");
      }
      slot[idx[k]] = static_cast<int>(k);
    }
  }
  static std::vector<int>& buffer() {
    thread_local std::vector<int> b;
    return b;
  }
};

// Double precision over a tile of points held column-wise: register v of point t is
// element v * m + t (a Reg is that flat index), so one op runs over all points of the
// tile in one loop.
struct F64Columns : ir::U32Ints {
  using Reg = std::uint32_t;
  std::size_t m = 0;
  std::uint32_t base = 0;  // flat index of point 0 of the instruction being evaluated
  double* fv = nullptr;
  std::uint32_t* iv = nullptr;
  const double* x = nullptr;
  const int* slot = nullptr;  // per instruction: index into c, or -1 (nullptr: none)
  const double* c = nullptr;

  double& f(Reg r) { return fv[r]; }
  std::uint32_t& i(Reg r) { return iv[r]; }
  void input(Reg o) { fv[o] = x[o - base]; }
  void constant(Reg o, std::uint32_t at, std::uint32_t bits) {
    const int k = slot ? slot[at] : -1;
    fv[o] = k >= 0 ? c[k] : static_cast<double>(ir::sem::f(bits));
  }
  void core(Reg o) { fv[o] = std::numeric_limits<double>::quiet_NaN(); }
  static void add(double& o, double a, double b) { o = a + b; }
  static void sub(double& o, double a, double b) { o = a - b; }
  static void mul(double& o, double a, double b) { o = a * b; }
  static void div(double& o, double a, double b) { o = a / b; }
  static void fma(double& o, double a, double b, double cc) { o = std::fma(a, b, cc); }
  static void neg(double& o, double a) { o = -a; }
  static void abs(double& o, double a) { o = std::fabs(a); }
  static void sqrt(double& o, double a) { o = std::sqrt(a); }
  static void rint(double& o, double a) { o = std::nearbyint(a); }  // ties to even
  static void i2f(double& o, I a) { o = static_cast<double>(ir::sem::s(a)); }
  static void asfloat(double& o, I a) { o = ir::sem::f(a); }
  static void select(double& o, I mk, double a, double b) { o = mk ? a : b; }
  static void scale2(double& o, double a, I k) { o = std::ldexp(a, ir::sem::s(k)); }
  static I f2i(double v) {
    if (v != v) return 0;
    if (v >= 2147483648.0) return static_cast<I>(std::numeric_limits<std::int32_t>::max());
    if (v <= -2147483649.0) return static_cast<I>(std::numeric_limits<std::int32_t>::min());
    return static_cast<I>(static_cast<std::int32_t>(v));
  }
  static I asint(double a) { return ir::sem::u(static_cast<float>(a)); }
  static I lt(double a, double b) { return mask(a < b); }
  static I le(double a, double b) { return mask(a <= b); }
  static I eq(double a, double b) { return mask(a == b); }
};

void run_f64_checked(const ir::Program& p, const ConstOverrides* over, std::span<const double> c,
                     const double* in, double* out, std::size_t n) {
  constexpr std::size_t kCol = 256;
  const std::size_t sz = p.code.size();
  const std::size_t m = std::min(n, kCol);
  // Every register is written before it is read (operands are earlier values of the
  // right type), so the columns need no clearing between calls.
  thread_local std::vector<double> fv;
  thread_local std::vector<std::uint32_t> iv;
  if (fv.size() < sz * m) fv.resize(sz * m);
  if (iv.size() < sz * m) iv.resize(sz * m);
  F64Columns d;
  d.fv = fv.data();
  d.iv = iv.data();
  d.slot = over ? over->slot.data() : nullptr;
  d.c = c.data();
  for (std::size_t base = 0; base < n; base += kCol) {
    d.m = std::min(kCol, n - base);
    d.x = in + base;
    const auto col = [&](std::uint32_t v) { return static_cast<std::uint32_t>(v * d.m); };
    for (std::uint32_t j = 0; j < sz; ++j) {
      const ir::Instr& ins = p.code[j];
      const std::uint32_t o = col(j), a = col(ins.args[0]), b = col(ins.args[1]), cc = col(ins.args[2]);
      d.base = o;
      ir::visit_op(ins.op, [&](auto tag) {
        for (std::uint32_t t = 0; t < d.m; ++t) ir::apply(d, tag, o + t, a + t, b + t, cc + t, ins, j);
      });
    }
    // Read the result only now: in and out may alias.
    const std::uint32_t r = col(p.result);
    for (std::uint32_t t = 0; t < d.m; ++t) out[base + t] = fv[r + t];
  }
}

// MPFR at one precision, every operation rounded to nearest.
constexpr mpfr_rnd_t N = MPFR_RNDN;

// RAII array of mpfr_t at one precision.
struct MpfrRegs {
  std::vector<mpfr_t> v;
  MpfrRegs(std::size_t n, mpfr_prec_t bits) : v(n) {
    for (auto& r : v) mpfr_init2(r, bits);
  }
  ~MpfrRegs() {
    for (auto& r : v) mpfr_clear(r);
  }
  MpfrRegs(const MpfrRegs&) = delete;
  MpfrRegs& operator=(const MpfrRegs&) = delete;
};

struct MpfrDomain : ir::U32Ints {
  using Reg = std::uint32_t;
  MpfrRegs& fv;
  std::vector<std::uint32_t>& iv;
  const ConstOverrides* over;
  std::span<const double> c;
  mpfr_srcptr x = nullptr;

  mpfr_ptr f(Reg k) { return fv.v[k]; }
  std::uint32_t& i(Reg k) { return iv[k]; }
  void input(Reg o) { mpfr_set(f(o), x, N); }
  void constant(Reg o, std::uint32_t at, std::uint32_t bits) {
    const int k = over ? over->slot[at] : -1;
    if (k >= 0) mpfr_set_d(f(o), c[static_cast<std::size_t>(k)], N);
    else mpfr_set_flt(f(o), ir::sem::f(bits), N);
  }
  void core(Reg o) { mpfr_set_nan(f(o)); }
  static void add(mpfr_ptr o, mpfr_srcptr a, mpfr_srcptr b) { mpfr_add(o, a, b, N); }
  static void sub(mpfr_ptr o, mpfr_srcptr a, mpfr_srcptr b) { mpfr_sub(o, a, b, N); }
  static void mul(mpfr_ptr o, mpfr_srcptr a, mpfr_srcptr b) { mpfr_mul(o, a, b, N); }
  static void div(mpfr_ptr o, mpfr_srcptr a, mpfr_srcptr b) { mpfr_div(o, a, b, N); }
  static void fma(mpfr_ptr o, mpfr_srcptr a, mpfr_srcptr b, mpfr_srcptr cc) { mpfr_fma(o, a, b, cc, N); }
  static void neg(mpfr_ptr o, mpfr_srcptr a) { mpfr_neg(o, a, N); }
  static void abs(mpfr_ptr o, mpfr_srcptr a) { mpfr_abs(o, a, N); }
  static void sqrt(mpfr_ptr o, mpfr_srcptr a) { mpfr_sqrt(o, a, N); }
  static void rint(mpfr_ptr o, mpfr_srcptr a) { mpfr_rint(o, a, MPFR_RNDN); }  // ties to even
  static void i2f(mpfr_ptr o, I a) { mpfr_set_si(o, ir::sem::s(a), N); }
  static void asfloat(mpfr_ptr o, I a) { mpfr_set_flt(o, ir::sem::f(a), N); }
  static void select(mpfr_ptr o, I mk, mpfr_srcptr a, mpfr_srcptr b) { mpfr_set(o, mk ? a : b, N); }
  static void scale2(mpfr_ptr o, mpfr_srcptr a, I k) { mpfr_mul_2si(o, a, ir::sem::s(k), N); }
  static I f2i(mpfr_srcptr a) {
    if (mpfr_nan_p(a)) return 0;
    if (mpfr_cmp_si(a, std::numeric_limits<std::int32_t>::max()) >= 0) {
      return static_cast<I>(std::numeric_limits<std::int32_t>::max());
    }
    if (mpfr_cmp_si(a, std::numeric_limits<std::int32_t>::min()) <= 0) {
      return static_cast<I>(std::numeric_limits<std::int32_t>::min());
    }
    return static_cast<I>(static_cast<std::int32_t>(mpfr_get_si(a, MPFR_RNDZ)));
  }
  static I asint(mpfr_srcptr a) { return ir::sem::u(mpfr_get_flt(a, N)); }
  static I lt(mpfr_srcptr a, mpfr_srcptr b) { return mask(mpfr_less_p(a, b)); }
  static I le(mpfr_srcptr a, mpfr_srcptr b) { return mask(mpfr_lessequal_p(a, b)); }
  static I eq(mpfr_srcptr a, mpfr_srcptr b) { return mask(mpfr_equal_p(a, b)); }
};

void check_bits(unsigned bits) {
  if (bits < MPFR_PREC_MIN || bits > 1u << 20) {
    throw std::invalid_argument("run_real: precision must be in [" +
                                std::to_string(MPFR_PREC_MIN) + ", 2^20] bits, got " +
                                std::to_string(bits));
  }
}

void run_real_checked(const ir::Program& p, const ConstOverrides* over, std::span<const double> c,
                      const Real* in, Real* out, std::size_t n, unsigned bits) {
  const std::size_t sz = p.code.size();
  MpfrRegs fv(sz, static_cast<mpfr_prec_t>(bits));
  std::vector<std::uint32_t> iv(sz, 0);
  MpfrDomain d{{}, fv, iv, over, c};
  for (std::size_t t = 0; t < n; ++t) {
    d.x = in[t].backend().data();
    for (std::uint32_t i = 0; i < sz; ++i) {
      const ir::Instr& ins = p.code[i];
      ir::apply(d, i, ins.args[0], ins.args[1], ins.args[2], ins, i);
    }
    // The output carries the program's precision.
    Real& o = out[t];
    mpfr_set_prec(o.backend().data(), static_cast<mpfr_prec_t>(bits));
    mpfr_set(o.backend().data(), fv.v[p.result], N);
  }
}

}  // namespace

void run_f64(const ir::Program& p, const double* in, double* out, std::size_t n) {
  check_program(p);
  if (n == 0) return;
  if (in == nullptr || out == nullptr) throw std::invalid_argument("run_f64: null buffer");
  run_f64_checked(p, nullptr, {}, in, out, n);
}

void run_f64(const ir::Program& p, std::span<const std::uint32_t> const_idx,
             std::span<const double> c, const double* in, double* out, std::size_t n) {
  check_program(p);
  const ConstOverrides over(p, const_idx, c.size());
  if (n == 0) return;
  if (in == nullptr || out == nullptr) throw std::invalid_argument("run_f64: null buffer");
  run_f64_checked(p, &over, c, in, out, n);
}

void run_real(const ir::Program& p, const Real* in, Real* out, std::size_t n, unsigned bits) {
  check_program(p);
  check_bits(bits);
  if (n == 0) return;
  if (in == nullptr || out == nullptr) throw std::invalid_argument("run_real: null buffer");
  run_real_checked(p, nullptr, {}, in, out, n, bits);
}

void run_real(const ir::Program& p, std::span<const std::uint32_t> const_idx,
              std::span<const double> c, const Real* in, Real* out, std::size_t n, unsigned bits) {
  check_program(p);
  check_bits(bits);
  const ConstOverrides over(p, const_idx, c.size());
  if (n == 0) return;
  if (in == nullptr || out == nullptr) throw std::invalid_argument("run_real: null buffer");
  run_real_checked(p, &over, c, in, out, n, bits);
}

}  // namespace uf::eval
