// The manifest of a target's committed kernels: results/<t>/kernels.json. One entry per
// header, written by `ulpforge emit --manifest` when it writes a header whose bound was
// proven (scripts/make-tiers.sh does this for every tier), and read by `ulpforge
// report`, by the benchmark build (bench/baselines/CMakeLists.txt lists the headers it
// benchmarks from it) and by the README check (tests/report/readme_test.cpp). The
// proven bound travels as the exact double in C99 hex-float form, so nothing between
// the proof and the report rounds it; `proven_max_ulp_up` is the same bound rounded up
// to 9 digits, for people.
//
//   {"target": "expf", "domain": "all 2^32 float32 bit patterns",
//    "kernels": [{"id": "ulpforge_expf", "header": "ulpforge_expf.h", "program": "best.uf",
//                 "tier": 1, "ops": 14, "proven_max_ulp": "0x1.f7b257d258a4fp-1",
//                 "proven_max_ulp_up": "0.983782525"}]}
//
// id is the header's file stem (unique in a directory); header and program are file
// names relative to the manifest's directory; tier is the ULP bound the kernel was
// chosen for (1, 2, 4, 16).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace uf::report {

struct ManifestKernel {
  std::string id, header, program;
  double tier = 1;
  std::uint64_t ops = 0;
  double proven_max_ulp = 0;  // exact, as proven
};

struct Manifest {
  std::string target, domain;
  std::vector<ManifestKernel> kernels;  // ordered by tier, then id
  const ManifestKernel* find(std::string_view id) const;
};

struct ManifestParse {
  std::optional<Manifest> manifest;
  std::string error;  // "results/expf/kernels.json: kernels[1].proven_max_ulp: ..." when !manifest
  explicit operator bool() const { return manifest.has_value(); }
};

std::string encode_manifest(const Manifest& m);
ManifestParse parse_manifest(std::string_view text, std::string_view source);
// An unreadable file is an error, not an exception; a missing one too.
ManifestParse read_manifest_file(const std::filesystem::path& path);

// The proven bound of the kernel whose header is `header`, from the kernels.json beside
// it; none when the manifest or its entry is missing (a withdrawn kernel). A malformed
// manifest throws std::runtime_error with the reader's message.
std::optional<double> manifest_bound(const std::filesystem::path& header);

// The C name a header defines: "ulpforge_expf_u4.h" (or a path to it) -> "uf_expf_u4";
// a stem without the "ulpforge_" prefix is kept as it is.
std::string header_function(const std::filesystem::path& header);

// Adds `k` or replaces the entry with its id; keeps the order.
void upsert(Manifest& m, ManifestKernel k);

}  // namespace uf::report
