#include "eval/interp.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include <mpfr.h>

#include "eval/interp_detail.h"
#include "ir/semantics.h"

namespace uf::eval {

using detail::check_program;
using ir::Op;

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
  std::span<const Real> rc;  // constants above double precision (used when not empty)
  mpfr_srcptr x = nullptr;

  mpfr_ptr f(Reg k) { return fv.v[k]; }
  std::uint32_t& i(Reg k) { return iv[k]; }
  void input(Reg o) { mpfr_set(f(o), x, N); }
  void constant(Reg o, std::uint32_t at, std::uint32_t bits) {
    const int k = over ? over->slot[at] : -1;
    if (k >= 0 && !rc.empty()) mpfr_set(f(o), rc[static_cast<std::size_t>(k)].backend().data(), N);
    else if (k >= 0) mpfr_set_d(f(o), c[static_cast<std::size_t>(k)], N);
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
                      const Real* in, Real* out, std::size_t n, unsigned bits,
                      std::span<const Real> rc = {}) {
  const std::size_t sz = p.code.size();
  MpfrRegs fv(sz, static_cast<mpfr_prec_t>(bits));
  std::vector<std::uint32_t> iv(sz, 0);
  MpfrDomain d{{}, fv, iv, over, c, rc};
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

void run_f64(const ir::Program& p, std::span<const std::uint32_t> const_idx,
             std::span<const double> c, const double* in, double* out, std::size_t n) {
  check_program(p);
  const std::optional<ConstOverrides> over =
      const_idx.empty() && c.empty() ? std::nullopt : std::optional<ConstOverrides>(std::in_place, p, const_idx, c.size());
  if (n == 0) return;
  if (in == nullptr || out == nullptr) throw std::invalid_argument("run_f64: null buffer");
  run_f64_checked(p, over ? &*over : nullptr, c, in, out, n);
}

void run_f64(const ir::Program& p, const double* in, double* out, std::size_t n) {
  run_f64(p, {}, {}, in, out, n);
}

namespace {

// run_real and run_real_hp: constants as doubles or above double precision.
template <class C>
void run_real_consts(const ir::Program& p, std::span<const std::uint32_t> const_idx, std::span<const C> c,
                     const Real* in, Real* out, std::size_t n, unsigned bits) {
  check_program(p);
  check_bits(bits);
  const std::optional<ConstOverrides> over =
      const_idx.empty() && c.empty() ? std::nullopt : std::optional<ConstOverrides>(std::in_place, p, const_idx, c.size());
  if (n == 0) return;
  if (in == nullptr || out == nullptr) throw std::invalid_argument("run_real: null buffer");
  if constexpr (std::is_same_v<C, double>) {
    run_real_checked(p, over ? &*over : nullptr, c, in, out, n, bits);
  } else {
    run_real_checked(p, over ? &*over : nullptr, {}, in, out, n, bits, c);
  }
}

}  // namespace

void run_real(const ir::Program& p, std::span<const std::uint32_t> const_idx,
              std::span<const double> c, const Real* in, Real* out, std::size_t n, unsigned bits) {
  run_real_consts(p, const_idx, c, in, out, n, bits);
}

void run_real_hp(const ir::Program& p, std::span<const std::uint32_t> const_idx,
                 std::span<const Real> c, const Real* in, Real* out, std::size_t n, unsigned bits) {
  run_real_consts(p, const_idx, c, in, out, n, bits);
}

void run_real(const ir::Program& p, const Real* in, Real* out, std::size_t n, unsigned bits) {
  run_real(p, {}, {}, in, out, n, bits);
}

}  // namespace uf::eval
