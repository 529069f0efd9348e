#include "eval/oracle.h"

#include <cstdlib>
#include <cstring>

#include "eval/oracle_isa.h"
#include "ir/isa.h"

namespace uf::eval {

namespace {

using ir::Isa;

bool disabled_by_env() {  // ULPFORGE_BATCH_ORACLE=off or 0
  const char* v = std::getenv("ULPFORGE_BATCH_ORACLE");
  return v && (std::strcmp(v, "off") == 0 || std::strcmp(v, "0") == 0);
}

struct Table {
  Isa isa;
  const detail::OracleRow* rows;
};

// Fastest first.
constexpr Table kTables[] = {{Isa::Avx512, detail::kAvx512Oracles}, {Isa::Avx2, detail::kAvx2Oracles}};
constexpr std::size_t kNumTables = sizeof kTables / sizeof kTables[0];

// Built once on first use, from the rows of the ISAs this CPU runs.
struct Registry {
  BatchOracle all[kNumTables][detail::kOracleRows] = {};
  std::vector<const BatchOracle*> usable;  // fastest first per function
  Registry() {
    for (std::size_t t = 0; t < kNumTables; ++t) {
      if (!ir::cpu_runs(kTables[t].isa)) continue;  // the per-ISA units: -march=x86-64-v3 / -v4
      for (std::size_t i = 0; i < detail::kOracleRows; ++i) {
        const detail::OracleRow& r = kTables[t].rows[i];
        if (!r.run) continue;
        // isa_name() returns a string literal: BatchOracle::isa may keep its pointer.
        all[t][i] = BatchOracle{r.ref, r.impl, ir::isa_name(kTables[t].isa).data(), r.run, r.max_err};
        usable.push_back(&all[t][i]);
      }
    }
  }
};

const Registry& registry() {
  static const Registry reg;
  return reg;
}

}  // namespace

const BatchOracle* batch_oracle(std::string_view ref_name) {
  static const bool off = disabled_by_env();
  if (off) return nullptr;
  for (const BatchOracle* o : registry().usable)
    if (ref_name == o->ref) return o;
  return nullptr;
}

std::vector<const BatchOracle*> batch_oracles() { return registry().usable; }

}  // namespace uf::eval
