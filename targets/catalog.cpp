#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include "ir/passes.h"
#include "targets/detail.h"
#include "targets/target.h"

namespace uf::targets {

namespace detail {

eval::Reference libm_ref(std::string name, LibmFn fast, MpfrFn exact) {
  eval::Reference r;
  r.name = std::move(name);
  r.fast = [fast](double x) { return fast(x); };
  r.exact = [exact](mpfr_t rop, const mpfr_t x) { exact(rop, x, MPFR_RNDN); };
  r.batch = eval::batch_oracle(r.name);  // same function as `fast`, vectorised (or none)
  return r;
}

eval::Reference shifted_ref(std::string name, LibmFn fast, MpfrFn exact, double shift) {
  eval::Reference r;
  r.name = std::move(name);
  r.fast = [fast, shift](double x) { return fast(x + shift); };
  r.exact = [exact, shift](mpfr_t rop, const mpfr_t x) {
    // x and shift are binary numbers whose exponents differ by < 1100 for any float or
    // double x, so prec(x) + 1200 bits hold x + shift exactly.
    mpfr_t s;
    mpfr_init2(s, mpfr_get_prec(x) + 1200);
    mpfr_set_d(s, shift, MPFR_RNDN);
    mpfr_add(s, s, x, MPFR_RNDN);
    exact(rop, s, MPFR_RNDN);
    mpfr_clear(s);
  };
  return r;
}

std::uint32_t horner(ir::Builder& b, std::uint32_t x, std::initializer_list<float> c) {
  const float* coef = c.begin();
  std::size_t n = c.size();
  std::uint32_t p = b.f(coef[n - 1]);
  for (std::size_t i = n - 1; i-- > 0;) p = b.emit(ir::Op::Fma, p, x, b.f(coef[i]));
  return p;
}

Sum2 fast2sum(ir::Builder& b, std::uint32_t a, std::uint32_t u) {
  const std::uint32_t s = b.emit(ir::Op::Add, a, u);
  return {s, b.emit(ir::Op::Add, b.emit(ir::Op::Sub, a, s), u)};
}
Sum2 fast2diff(ir::Builder& b, std::uint32_t a, std::uint32_t u) {
  const std::uint32_t s = b.emit(ir::Op::Sub, a, u);
  return {s, b.emit(ir::Op::Sub, b.emit(ir::Op::Sub, a, s), u)};
}
Sum2 two_sum(ir::Builder& b, std::uint32_t a, std::uint32_t u) {
  using ir::Op;
  const std::uint32_t s = b.emit(Op::Add, a, u);
  const std::uint32_t bb = b.emit(Op::Sub, s, a);
  const std::uint32_t ea = b.emit(Op::Sub, a, b.emit(Op::Sub, s, bb));
  const std::uint32_t eu = b.emit(Op::Sub, u, bb);
  return {s, b.emit(Op::Add, ea, eu)};
}

float f32_inf() { return std::numeric_limits<float>::infinity(); }
float f32_nan() { return std::numeric_limits<float>::quiet_NaN(); }

std::uint32_t copy_sign_of(ir::Builder& b, std::uint32_t y, std::uint32_t x) {
  using ir::Op;
  std::uint32_t sign = b.emit(Op::And, b.emit(Op::AsInt, x), b.i(INT32_MIN));
  return b.emit(Op::AsFloat, b.emit(Op::Or, b.emit(Op::AsInt, y), sign));
}

}  // namespace detail

ir::Program Target::baseline_kernel() const { return ir::inline_cores(tmpl, baseline_cores); }

const std::vector<Target>& catalog() {
  // Built once, on first use (thread-safe static initialisation).
  static const std::vector<Target> all = [] {
    std::vector<Target> v;
    v.push_back(detail::make_expf());
    v.push_back(detail::make_exp2f());
    v.push_back(detail::make_logf());
    v.push_back(detail::make_log2f());
    v.push_back(detail::make_sinf());
    v.push_back(detail::make_cosf());
    v.push_back(detail::make_tanhf());
    v.push_back(detail::make_erff());
    v.push_back(detail::make_erfcf());
    v.push_back(detail::make_exp10f());
    v.push_back(detail::make_log1pf());
    v.push_back(detail::make_expm1f());
    v.push_back(detail::make_sinhf());
    v.push_back(detail::make_coshf());
    v.push_back(detail::make_log10f());
    v.push_back(detail::make_atanf());
    v.push_back(detail::make_asinf());
    v.push_back(detail::make_acosf());
    v.push_back(detail::make_cbrtf());
    v.push_back(detail::make_atanhf());
    v.push_back(detail::make_asinhf());
    v.push_back(detail::make_acoshf());
    v.push_back(detail::make_tanf());
    return v;
  }();
  return all;
}

const Target* find(std::string_view name) {
  for (const Target& t : catalog()) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

const Target& FusedTarget::part(std::size_t i) const {
  const Target* t = find(parts.at(i));
  if (!t) throw std::logic_error("fused target " + name + ": no catalog target " + parts[i]);
  return *t;
}

ir::MultiProgram FusedTarget::assemble(std::span<const ir::Program> cores) const {
  return ir::inline_cores(tmpl, cores);
}

ir::MultiProgram FusedTarget::baseline_kernel() const { return assemble(part(0).baseline_cores); }

const std::vector<FusedTarget>& fused_catalog() {
  static const std::vector<FusedTarget> all = [] {
    std::vector<FusedTarget> v;
    v.push_back(FusedTarget{"sincosf", "sine and cosine from one reduction (sinf's and cosf's templates fused)",
                            {"sinf", "cosf"}, {"sin", "cos"}, detail::sincos_template()});
    return v;
  }();
  return all;
}

const FusedTarget* find_fused(std::string_view name) {
  for (const FusedTarget& t : fused_catalog()) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

}  // namespace uf::targets
