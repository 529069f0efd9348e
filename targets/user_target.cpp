#include "targets/user_target.h"

#include <array>
#include <cctype>
#include <cmath>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>
#include <vector>

#include <toml++/toml.h>

#include "ir/program.h"
#include "targets/compose.h"
#include "targets/expr.h"

namespace uf::targets {

namespace {

struct Fail {
  std::string msg;
};

std::string where(std::string_view source, const toml::source_region& r) {
  return std::string(source) + ":" + std::to_string(r.begin.line) + ":" +
         std::to_string(r.begin.column);
}

std::string type_phrase(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time: return "a date/time";
    default: return "a value";
  }
}

[[noreturn]] void key_error(std::string_view source, const toml::node& n, std::string_view key,
                            const std::string& what) {
  throw Fail{where(source, n.source()) + ": key '" + std::string(key) + "': " + what};
}

std::string require_string(std::string_view source, const toml::table& tbl, std::string_view key,
                           const std::string& expected) {
  const toml::node* n = tbl.get(key);
  if (!n) throw Fail{std::string(source) + ": missing key '" + std::string(key) + "' (" + expected + ")"};
  if (!n->is_string()) key_error(source, *n, key, expected + ", found " + type_phrase(*n));
  return std::string(*n->value<std::string>());
}

// The identity template's baseline core: a degree-10 polynomial interpolating the
// reference at the 11 Chebyshev nodes of [lo, hi] (computed in double, coefficients
// rounded to float32), evaluated by Horner in u = (x - mid) / half. Falls back to the
// identity core when the reference is not finite at every node.
ir::Program chebyshev_core(const eval::Reference& ref, double lo, double hi) {
  constexpr int kN = 11;
  const double mid = 0.5 * (lo + hi), half = 0.5 * (hi - lo);
  std::array<double, kN> fv{};
  for (int i = 0; i < kN; ++i) {
    const double u = std::cos(M_PI * (i + 0.5) / kN);
    fv[i] = ref.fast(mid + half * u);
    if (!std::isfinite(fv[i])) return ir::identity_program();
  }
  // Chebyshev coefficients c_j, then monomial coefficients a_k of sum c_j T_j(u).
  std::array<double, kN> c{}, a{};
  for (int j = 0; j < kN; ++j) {
    double s = 0;
    for (int i = 0; i < kN; ++i) s += fv[i] * std::cos(M_PI * j * (i + 0.5) / kN);
    c[j] = s * (j == 0 ? 1.0 : 2.0) / kN;
  }
  std::array<double, kN> tprev{}, tcur{}, tnext{};
  tprev[0] = 1;  // T_0
  tcur[1] = 1;   // T_1
  a[0] += c[0];
  a[1] += c[1];
  for (int j = 2; j < kN; ++j) {
    tnext.fill(0);
    for (int k = 0; k < kN; ++k) {
      if (k + 1 < kN) tnext[k + 1] += 2 * tcur[k];
      tnext[k] -= tprev[k];
    }
    for (int k = 0; k < kN; ++k) a[k] += c[j] * tnext[k];
    tprev = tcur;
    tcur = tnext;
  }
  // On a very narrow domain 1 / half overflows float32; a coefficient can too. Such a
  // core would compute inf or NaN everywhere, so the identity core is the baseline.
  const float s = static_cast<float>(1.0 / half);
  const float off = static_cast<float>(-mid / half);
  bool representable = std::isfinite(s) && std::isfinite(off);
  for (double ak : a) representable = representable && std::isfinite(static_cast<float>(ak));
  if (!representable) return ir::identity_program();
  ir::Builder b;
  std::uint32_t u = b.emit(ir::Op::Fma, b.input(), b.f(s), b.f(off));
  std::uint32_t p = b.f(static_cast<float>(a[kN - 1]));
  for (int k = kN - 1; k-- > 0;) p = b.emit(ir::Op::Fma, p, u, b.f(static_cast<float>(a[k])));
  return std::move(b).finish(p);
}

Target build(std::string_view source, const toml::table& tbl) {
  static constexpr std::array<std::string_view, 4> kKeys = {"name", "reference", "domain",
                                                            "template"};
  for (auto&& [k, v] : tbl) {
    bool known = false;
    for (auto kk : kKeys) known = known || k.str() == kk;
    if (!known) {
      throw Fail{where(source, k.source()) + ": unknown key '" + std::string(k.str()) +
                 "' (expected name, reference, domain, template)"};
    }
  }

  Target t;
  // name
  t.name = require_string(source, tbl, "name", "expected a string: the target's name, e.g. \"gauss\"");
  {
    const toml::node& n = *tbl.get("name");
    bool ok = !t.name.empty() && t.name.size() <= 64 &&
              (std::isalpha(static_cast<unsigned char>(t.name[0])) || t.name[0] == '_');
    for (char ch : t.name) ok = ok && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_');
    if (!ok) {
      key_error(source, n, "name",
                "expected an identifier (letters, digits, '_', not starting with a digit, at most "
                "64 characters), found \"" + t.name + "\"");
    }
  }

  // reference
  const std::string text = require_string(
      source, tbl, "reference", "expected a string: an expression in x, e.g. \"exp(-x*x)\"");
  ExprParse ep = parse_expr(text);
  if (!ep.expr) {
    key_error(source, *tbl.get("reference"), "reference",
              "column " + std::to_string(ep.error.column) + " of \"" + text +
                  "\": " + ep.error.message);
  }
  auto expr = std::make_shared<const Expr>(std::move(*ep.expr));
  // The name keys the reference cache; its prefix names the exact evaluation scheme
  // (Ziv over MPFI intervals), so values cached under another scheme are never reused.
  t.ref.name = "expr-ziv:" + text;
  t.ref.fast = [expr](double x) { return expr->eval(x); };
  t.ref.fast_bounded = [expr](double x, double* err) { return expr->eval_bounded(x, err); };
  t.ref.fast_bounded_batch = [expr](const float* x, double* value, double* err, std::size_t n) {
    expr->eval_bounded_batch(x, value, err, n);
  };
  t.ref.exact = [expr](mpfr_t rop, const mpfr_t x) { expr->eval_mpfr(rop, x); };

  // domain
  const std::string dom_expected = "expected an array of two finite numbers [lo, hi] with lo < hi";
  const toml::node* dn = tbl.get("domain");
  if (!dn) throw Fail{std::string(source) + ": missing key 'domain' (" + dom_expected + ")"};
  const toml::array* arr = dn->as_array();
  if (!arr) key_error(source, *dn, "domain", dom_expected + ", found " + type_phrase(*dn));
  if (arr->size() != 2) {
    key_error(source, *dn, "domain",
              dom_expected + ", found " + std::to_string(arr->size()) + " element" +
                  (arr->size() == 1 ? "" : "s"));
  }
  std::array<double, 2> lohi{};
  for (std::size_t i = 0; i < 2; ++i) {
    const toml::node& e = *arr->get(i);
    std::optional<double> v = e.value<double>();  // integers and floats
    if (!e.is_number() || !v) {
      key_error(source, e, "domain", dom_expected + ": element " + std::to_string(i + 1) + " is " +
                                         type_phrase(e));
    }
    if (!std::isfinite(*v) || std::fabs(*v) > std::numeric_limits<float>::max()) {
      key_error(source, e, "domain",
                dom_expected + ": element " + std::to_string(i + 1) + " is not a finite float32");
    }
    lohi[i] = *v;
  }
  if (!(lohi[0] < lohi[1])) {
    key_error(source, *dn, "domain",
              dom_expected + ": found lo = " + std::to_string(lohi[0]) + " >= hi = " + std::to_string(lohi[1]));
  }
  // The proven domain is the float32 interval: bounds that round to the same float32
  // would leave one point (or none) to search and prove.
  const float flo = static_cast<float>(lohi[0]), fhi = static_cast<float>(lohi[1]);
  if (!(flo < fhi)) {
    key_error(source, *dn, "domain",
              dom_expected + ": lo and hi round to the same float32 (" + std::to_string(flo) + ")");
  }
  t.domain = eval::Domain{false, flo, fhi};

  // template
  std::string tmpl = "auto";
  std::optional<Composition> composed;
  std::string why_not;
  if (const toml::node* tn = tbl.get("template")) {
    std::string names;
    for (const Target& c : catalog()) names += ", \"" + c.name + "\"";
    const std::string expected =
        "expected \"auto\", \"compose\", \"none\" or a catalog target name (" + names.substr(2) + ")";
    if (!tn->is_string()) key_error(source, *tn, "template", expected + ", found " + type_phrase(*tn));
    tmpl = *tn->value<std::string>();
    if (tmpl != "none" && tmpl != "auto" && tmpl != "compose" && !find(tmpl))
      key_error(source, *tn, "template", expected + ", found \"" + tmpl + "\"");
    if (tmpl == "compose") {
      composed = compose_expression(*expr, &why_not);
      if (!composed) key_error(source, *tn, "template", "cannot compose \"" + text + "\": " + why_not);
    }
  }
  t.user_template = tmpl;
  if (tmpl == "auto") {
    composed = compose_expression(*expr, &why_not);
    tmpl = composed ? "compose" : "none";
  }
  t.summary = "user target: " + text + " on [" + std::to_string(lohi[0]) + ", " +
              std::to_string(lohi[1]) + "]";
  if (composed) {
    t.tmpl = std::move(composed->tmpl);
    t.holes = std::move(composed->holes);
    t.baseline_cores = std::move(composed->baseline_cores);
    t.start_from_baseline = true;
    std::string parts;
    for (const std::string& p : composed->parts) parts += (parts.empty() ? "" : ", ") + p;
    t.summary += " (composed of " + parts + ")";
  } else if (tmpl == "none") {
    ir::Builder b;
    std::uint32_t c = b.core(b.input(), 0);
    t.tmpl = std::move(b).finish(c);
    t.holes = {Hole{t.domain.lo, t.domain.hi, text, t.ref}};
    t.baseline_cores = {chebyshev_core(t.ref, t.domain.lo, t.domain.hi)};
  } else {
    const Target* base = find(tmpl);
    t.tmpl = base->tmpl;
    t.holes = base->holes;
    t.baseline_cores = base->baseline_cores;
    t.summary += " (template " + tmpl + ")";
  }
  // Nothing is proven about a user target until it is verified.
  t.baseline_max_ulp = std::numeric_limits<double>::infinity();
  return t;
}

}  // namespace

LoadResult parse_target(std::string_view toml_text, std::string_view source) {
  LoadResult r;
  if (toml_text.size() > kMaxTargetFileBytes) {
    r.error = std::string(source) + ": " + std::to_string(toml_text.size()) +
              " bytes; a target file (four keys) is at most " + std::to_string(kMaxTargetFileBytes) +
              " bytes";
    return r;
  }
  try {
    toml::table tbl = toml::parse(toml_text, source);
    r.target = build(source, tbl);
  } catch (const toml::parse_error& e) {
    r.error = where(source, e.source()) + ": " + std::string(e.description());
  } catch (const Fail& f) {
    r.error = f.msg;
  }
  return r;
}

LoadResult load_target_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    LoadResult r;
    r.error = path.string() + ": cannot read target file (" +
              (std::filesystem::exists(path, ec) ? "not a regular file" : "no such file") + ")";
    return r;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    LoadResult r;
    r.error = path.string() + ": cannot read target file (permission denied?)";
    return r;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_target(ss.str(), path.string());
}

}  // namespace uf::targets
