#include "report/manifest.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "engine/json_fields.h"
#include "ir/bound.h"

namespace uf::report {

namespace {

// The checked field access the search's readers use (header-only).
using namespace engine::json_fields;

// A file name in the manifest's directory: no separators, no "." or "..".
std::string file_name(const json& o, const std::string& path, const char* key) {
  const std::string p = member(path, key);
  std::string s = string(field(o, path, key), p);
  if (s.empty() || s == "." || s == ".." || s.find('/') != std::string::npos || s.find('\\') != std::string::npos) {
    fail(p, "expected a file name in the manifest's directory, got \"" + s + "\"");
  }
  return s;
}

// The exact bound: a C99 hex float, finite and >= 0.
double hex_bound(const json& o, const std::string& path) {
  const std::string p = member(path, "proven_max_ulp");
  const std::string s = string(field(o, path, "proven_max_ulp"), p);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.rfind("0x", 0) != 0 || end == s.c_str() || *end != '\0' || !std::isfinite(v) || v < 0) {
    fail(p, "expected the exact bound as a hex float (\"0x1.f7b2p-1\"), got \"" + s + "\"");
  }
  return v;
}

bool before(const ManifestKernel& a, const ManifestKernel& b) {
  return a.tier != b.tier ? a.tier < b.tier : a.id < b.id;
}

}  // namespace

const ManifestKernel* Manifest::find(std::string_view id) const {
  for (const auto& k : kernels)
    if (k.id == id) return &k;
  return nullptr;
}

std::string encode_manifest(const Manifest& m) {
  json ks = json::array();
  for (const ManifestKernel& k : m.kernels) {
    ks.push_back(json{{"id", k.id},
                      {"header", k.header},
                      {"program", k.program},
                      {"tier", k.tier == std::floor(k.tier) && k.tier < 1e15 ? json(static_cast<std::uint64_t>(k.tier))
                                                                            : json(k.tier)},
                      {"ops", k.ops},
                      {"proven_max_ulp", ir::format_hex_exact(k.proven_max_ulp)},
                      {"proven_max_ulp_up", ir::format_bound_up(k.proven_max_ulp)}});
  }
  return json{{"target", m.target}, {"domain", m.domain}, {"kernels", ks}}.dump(2) + "\n";
}

ManifestParse parse_manifest(std::string_view text, std::string_view source) {
  ManifestParse r;
  json j;
  try {
    j = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    r.error = std::string(source) + ": not a JSON manifest: " + e.what();
    return r;
  }
  try {
    Manifest m;
    if (!j.is_object()) fail("document", "expected a JSON object");
    m.target = string(field(j, "", "target"), "target");
    m.domain = string(field(j, "", "domain"), "domain");
    const json& ks = array(field(j, "", "kernels"), "kernels");
    for (std::size_t i = 0; i < ks.size(); ++i) {
      const std::string p = at_index("kernels", i);
      ManifestKernel k;
      k.id = string(field(ks[i], p, "id"), member(p, "id"));
      k.header = file_name(ks[i], p, "header");
      k.program = file_name(ks[i], p, "program");
      k.tier = number(field(ks[i], p, "tier"), member(p, "tier"));
      if (!(k.tier > 0)) fail(member(p, "tier"), "expected a positive number");
      k.ops = unsigned_integer(field(ks[i], p, "ops"), member(p, "ops"));
      k.proven_max_ulp = hex_bound(ks[i], p);
      if (m.find(k.id)) fail(member(p, "id"), "\"" + k.id + "\" appears twice");
      m.kernels.push_back(std::move(k));
    }
    r.manifest = std::move(m);
  } catch (const FieldError& e) {
    r.error = std::string(source) + ": malformed manifest: " + e.what();
  }
  return r;
}

ManifestParse read_manifest_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return ManifestParse{std::nullopt, "cannot read " + path.string()};
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) return ManifestParse{std::nullopt, "cannot read " + path.string()};
  return parse_manifest(text, path.string());
}

std::optional<double> manifest_bound(const std::filesystem::path& header) {
  const std::filesystem::path file = header.parent_path() / "kernels.json";
  if (!std::filesystem::exists(file)) return std::nullopt;
  ManifestParse r = read_manifest_file(file);
  if (!r) throw std::runtime_error(r.error);
  const ManifestKernel* k = r.manifest->find(header.stem().string());
  if (!k || k->header != header.filename().string()) return std::nullopt;
  return k->proven_max_ulp;
}

void upsert(Manifest& m, ManifestKernel k) {
  auto it = std::find_if(m.kernels.begin(), m.kernels.end(), [&](const ManifestKernel& x) { return x.id == k.id; });
  if (it != m.kernels.end()) m.kernels.erase(it);
  m.kernels.insert(std::upper_bound(m.kernels.begin(), m.kernels.end(), k, before), std::move(k));
}

std::string header_function(const std::filesystem::path& header) {
  const std::string stem = header.stem().string();
  return stem.rfind("ulpforge_", 0) == 0 ? "uf_" + stem.substr(9) : stem;
}

}  // namespace uf::report
