// User-defined targets: a small TOML file describing a function, loaded at run time
// (`--target-file F`), no recompilation. Keys:
//   name      = "gauss"              identifier [A-Za-z_][A-Za-z0-9_]* (<= 64 chars)
//   reference = "exp(-x*x)"          expression in x (targets/expr.h), evaluated in
//                                    double (fast oracle) and MPFR (exact reference)
//   domain    = [-4.0, 4.0]          proven domain [lo, hi], finite, lo < hi; bounds are
//                                    rounded to the nearest float32
//   template  = "auto"               optional: "auto" (default) = "compose" when the
//                                    expression calls a catalog function and can be
//                                    composed, else "none"; the CLI then also tries
//                                    the catalog templates whose range reduction fits
//                                    the function and keeps the best start
//                                    (engine/transplant.h);
//                                    "compose": the expression compiled to a template of
//                                    the catalog's templates and exact float32 ops
//                                    (targets/compose.h); the search starts from the
//                                    parts' baseline cores;
//                                    "none": search from scratch: identity template,
//                                    one hole covering [lo, hi];
//                                    or a catalog target's name: its reduction template,
//                                    holes and baseline cores, with this reference/domain
//                                    (the CLI refits the holes to the function when the
//                                    template's range reduction fits it)
// Errors name the file, line and column, the key and what was expected. A file is at
// most kMaxTargetFileBytes long: toml++ recurses once per component of a dotted key
// ([a.a.a...]), and a deep enough chain overflows the stack.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "targets/target.h"

namespace uf::targets {

inline constexpr std::size_t kMaxTargetFileBytes = 8192;

struct LoadResult {
  std::optional<Target> target;
  std::string error;  // "f.toml:3:10: key 'domain': expected ..." when !target
  explicit operator bool() const { return target.has_value(); }
};

// Reads and validates a target file; never throws for bad input.
LoadResult load_target_file(const std::filesystem::path& path);
// Same for TOML text already in memory; `source` names it in error messages.
LoadResult parse_target(std::string_view toml_text, std::string_view source = "<string>");

}  // namespace uf::targets
