// Target functions: what the search approximates. One declarative definition a file
// (targets/<name>.cpp), registered in the catalog (targets/catalog.cpp).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "eval/reference.h"
#include "eval/verify.h"
#include "ir/program.h"

namespace uf::targets {

// The interval a template hole's argument r covers for inputs of the target domain.
struct Hole {
  double lo = 0, hi = 0;
  std::string what;  // e.g. "e^r" : what the core should approximate
  // Reference for the core alone on [lo, hi] (used to seed constant fits; the search
  // always scores the full kernel).
  eval::Reference core_ref;
  // What the core's absolute error is measured against when its constants are fitted:
  // the size of the kernel's result at r (nullptr: |core_ref|, the core's own relative
  // error). A tail core (sin(r) - r) needs it: relative to the tail itself, a core of
  // the wrong order at 0 (c r for a tail of order r^3) has unbounded error and fits to
  // nothing, so no structure is a stepping stone to the right one; relative to the
  // result (sin r) every such core has a best fit that lowers the kernel's error.
  double (*scale)(double r) = nullptr;
  // The template refines the core's value (cbrtf: one Newton step, which squares its
  // relative error), so the core is a seed: about 2^-14 relative suffices where a plain
  // core needs an ULP. Only the expectations on a core's own accuracy read it.
  bool refined = false;
};

// A special input and the exact float32 result required there (compared bit for bit,
// any NaN matching NaN); every proof checks them (eval::VerifyOptions::specials).
using SpecialValue = eval::SpecialValue;

struct Target {
  std::string name;         // "expf"
  std::string summary;      // one line for `ulpforge targets`
  eval::Reference ref;      // full function f: fast (double libm) and exact (MPFR)
  eval::Domain domain;      // proven domain (every float32 for full-range targets)
  std::vector<SpecialValue> specials;  // NaN, ±inf, ±0, overflow/underflow thresholds
  // Range-reduction template: a program with core.N holes; holes[N] describes hole N.
  // A target without a template has tmpl = identity with one hole covering the domain.
  ir::Program tmpl;
  std::vector<Hole> holes;
  // Hand-written baseline cores (one per hole): the pipeline works end to end before
  // any search. inline_cores(tmpl, baseline_cores) is the baseline kernel.
  std::vector<ir::Program> baseline_cores;
  // Documented max ULP error of the baseline kernel over `domain` (an upper bound on
  // what the exhaustive check proved; docs/baselines.md holds the measured values).
  double baseline_max_ulp = 0;
  // The search starts from baseline_cores unless told otherwise (a composed user
  // target: its baseline cores are what make the expression a kernel).
  bool start_from_baseline = false;
  // A user target's `template` key as its file wrote it ("auto", "compose", "none" or a
  // catalog target's name); empty for the catalog's own targets. The CLI then tries the
  // catalog templates whose range reduction fits (engine/transplant.h).
  std::string user_template;

  // inline_cores(tmpl, baseline_cores).
  ir::Program baseline_kernel() const;
};

// A fused target: catalog functions that one kernel computes together (sincosf: sin x
// and cos x from one reduction and one evaluation of each core). Result i of the
// template approximates parts[i]; its proof is that part's own (reference, domain,
// special values) on the single-result program ir::MultiProgram::output(i). The parts
// share their template's holes, and the fused kernel takes the first part's cores.
struct FusedTarget {
  std::string name;                  // "sincosf"
  std::string summary;
  std::vector<std::string> parts;    // catalog targets, one per result: "sinf", "cosf"
  std::vector<std::string> outputs;  // the results' C names: "sin", "cos" (out_sin, ...)
  ir::MultiProgram tmpl;

  const Target& part(std::size_t i) const;  // the catalog target of result i
  // The kernel with `cores` (one per hole of the first part) inlined.
  ir::MultiProgram assemble(std::span<const ir::Program> cores) const;
  ir::MultiProgram baseline_kernel() const;  // assembled from the first part's baseline cores
};

// The built-in catalog (expf, exp2f, logf, log2f, sinf, cosf, tanhf, erff, ...).
const std::vector<Target>& catalog();
// Looks a built-in target up by name; nullptr if unknown.
const Target* find(std::string_view name);
// The fused targets (sincosf), and one by name (nullptr if unknown).
const std::vector<FusedTarget>& fused_catalog();
const FusedTarget* find_fused(std::string_view name);

}  // namespace uf::targets
