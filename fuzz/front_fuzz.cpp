// Fuzz target: the front.json reader (engine/front_io.h). Properties: parse_front()
// never throws or crashes; an error names the source; every program of an accepted
// front is well-formed and hole-free, its numbers are in range, and inlining a
// member's cores into a one-hole template gives a well-formed kernel.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/front_io.h"
#include "fuzz/fuzz_check.h"
#include "ir/passes.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace uf;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const engine::FrontParse r = engine::parse_front(text, "front.json");
  if (!r) {
    UF_FUZZ_CHECK(r.error.rfind("front.json: ", 0) == 0, "an error names the source");
    return 0;
  }
  const auto well_formed = [](const ir::Program& p) {
    return !ir::verify(p).has_value() && ir::hole_count(p) == 0;
  };
  for (const engine::FrontMember& m : r.front->members) {
    UF_FUZZ_CHECK(!m.cores.empty(), "a member has cores");
    for (const ir::Program& c : m.cores) UF_FUZZ_CHECK(well_formed(c), "a core is well-formed");
    if (m.program) UF_FUZZ_CHECK(well_formed(*m.program), "a member program is well-formed");
    UF_FUZZ_CHECK(std::isfinite(m.cost), "a cost is finite");
    UF_FUZZ_CHECK(m.max_ulp >= 0 && m.proven_ulp >= 0, "error bounds are >= 0");
    // exp2f-style templates have one hole; the cores of a one-core member fill it.
    if (m.cores.size() == 1) {
      ir::Builder b;
      const std::uint32_t h = b.core(b.input(), 0);
      const ir::Program tmpl = std::move(b).finish(h);
      const ir::Program k = ir::canonicalize(ir::inline_cores(tmpl, m.cores));
      UF_FUZZ_CHECK(well_formed(k), "an inlined member kernel is well-formed");
    }
  }
  if (r.front->best) {
    UF_FUZZ_CHECK(well_formed(r.front->best->kernel), "the best kernel is well-formed");
    UF_FUZZ_CHECK(r.front->best->proven_max_ulp >= 0, "the best bound is >= 0");
  }
  return 0;
}
