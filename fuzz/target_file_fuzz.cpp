// Fuzz target: user target files (targets/user_target.h, TOML). Properties:
// parse_target() never throws or crashes; a rejected file gets an error naming the
// source; an accepted target has a valid name, a float32 domain with lo < hi, a
// well-formed template and baseline cores, and a reference that evaluates.
#include <mpfr.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "ir/passes.h"
#include "targets/user_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace uf;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const targets::LoadResult r = targets::parse_target(text, "fuzz.toml");
  if (!r) {
    UF_FUZZ_CHECK(r.error.rfind("fuzz.toml", 0) == 0, "an error names the source");
    return 0;
  }
  const targets::Target& t = *r.target;
  UF_FUZZ_CHECK(!t.name.empty() && t.name.size() <= 64, "the name is an identifier");
  UF_FUZZ_CHECK(!t.domain.all_floats && std::isfinite(t.domain.lo) && std::isfinite(t.domain.hi) &&
                    t.domain.lo < t.domain.hi,
                "the domain is a float32 interval with lo < hi");
  UF_FUZZ_CHECK(!ir::verify(t.tmpl).has_value(), "the template is well-formed");
  UF_FUZZ_CHECK(t.holes.size() >= ir::hole_count(t.tmpl), "every hole is described");
  for (const ir::Program& c : t.baseline_cores) {
    UF_FUZZ_CHECK(!ir::verify(c).has_value(), "a baseline core is well-formed");
  }
  (void)t.ref.fast(0.5 * (static_cast<double>(t.domain.lo) + t.domain.hi));
  mpfr_t x, y;
  mpfr_init2(x, 24);
  mpfr_init2(y, 24);
  mpfr_set_flt(x, t.domain.lo, MPFR_RNDN);
  t.ref.exact(y, x);
  mpfr_clear(x);
  mpfr_clear(y);
  return 0;
}
