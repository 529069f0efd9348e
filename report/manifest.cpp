#include "report/manifest.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "ir/bound.h"

namespace uf::report {

namespace {

using nlohmann::json;

struct Bad : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const json& need(const json& o, const std::string& path, const char* key) {
  if (!o.is_object()) throw Bad(path + ": expected a JSON object");
  const auto it = o.find(key);
  if (it == o.end()) throw Bad((path.empty() ? std::string() : path + ".") + key + ": missing");
  return *it;
}

std::string str(const json& o, const std::string& path, const char* key) {
  const json& v = need(o, path, key);
  if (!v.is_string()) throw Bad((path.empty() ? std::string() : path + ".") + key + ": expected a string");
  return v.get<std::string>();
}

// A file name in the manifest's directory: no separators, no "." or "..".
std::string file_name(const json& o, const std::string& path, const char* key) {
  std::string s = str(o, path, key);
  if (s.empty() || s == "." || s == ".." || s.find('/') != std::string::npos || s.find('\\') != std::string::npos) {
    throw Bad(path + "." + key + ": expected a file name in the manifest's directory, got \"" + s + "\"");
  }
  return s;
}

// The exact bound: a C99 hex float, finite and >= 0.
double hex_bound(const json& o, const std::string& path) {
  const std::string s = str(o, path, "proven_max_ulp");
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.rfind("0x", 0) != 0 || end == s.c_str() || *end != '\0' || !std::isfinite(v) || v < 0) {
    throw Bad(path + ".proven_max_ulp: expected the exact bound as a hex float (\"0x1.f7b2p-1\"), got \"" + s + "\"");
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
    if (!j.is_object()) throw Bad("document: expected a JSON object");
    m.target = str(j, "", "target");
    m.domain = str(j, "", "domain");
    const json& ks = need(j, "", "kernels");
    if (!ks.is_array()) throw Bad("kernels: expected an array");
    for (std::size_t i = 0; i < ks.size(); ++i) {
      const std::string p = "kernels[" + std::to_string(i) + "]";
      ManifestKernel k;
      k.id = str(ks[i], p, "id");
      k.header = file_name(ks[i], p, "header");
      k.program = file_name(ks[i], p, "program");
      const json& tier = need(ks[i], p, "tier");
      if (!tier.is_number() || !(tier.get<double>() > 0)) throw Bad(p + ".tier: expected a positive number");
      k.tier = tier.get<double>();
      const json& ops = need(ks[i], p, "ops");
      if (!ops.is_number_unsigned()) throw Bad(p + ".ops: expected a non-negative integer");
      k.ops = ops.get<std::uint64_t>();
      k.proven_max_ulp = hex_bound(ks[i], p);
      if (m.find(k.id)) throw Bad(p + ".id: \"" + k.id + "\" appears twice");
      m.kernels.push_back(std::move(k));
    }
    r.manifest = std::move(m);
  } catch (const Bad& e) {
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

void upsert(Manifest& m, ManifestKernel k) {
  auto it = std::find_if(m.kernels.begin(), m.kernels.end(), [&](const ManifestKernel& x) { return x.id == k.id; });
  if (it != m.kernels.end()) m.kernels.erase(it);
  m.kernels.insert(std::upper_bound(m.kernels.begin(), m.kernels.end(), k, before), std::move(k));
}

}  // namespace uf::report
