#include "cli/common.h"

#include <gnu/libc-version.h>
#include <mpfr.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <deque>
#include <fstream>
#include <sstream>
#include <string_view>
#include <system_error>

#include "engine/transplant.h"
#include "ir/passes.h"
#include "jit/jit.h"
#include "ir/text.h"
#include "targets/user_target.h"
#include "ulpforge_commit.h"

namespace uf::cli {

int& exit_code() {
  static int code = 0;
  return code;
}

namespace {
std::string& command_line_storage() {
  static std::string line = "ulpforge";
  return line;
}
}  // namespace

void set_command_line(int argc, char** argv) {
  std::string line = "ulpforge";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool plain = !a.empty() && a.find_first_of(" \t\n'\"\\$`*?;&|<>()") == std::string::npos;
    line += ' ';
    if (plain) {
      line += a;
    } else {
      line += '\'';
      for (char c : a) line += c == '\'' ? std::string("'\\''") : std::string(1, c);
      line += '\'';
    }
  }
  command_line_storage() = std::move(line);
}

const std::string& command_line() { return command_line_storage(); }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::string proof_environment() {
  return fmt::format("ulpforge {} (commit {}), MPFR {}, LLVM {}, glibc {}", ULPFORGE_VERSION, ULPFORGE_COMMIT,
                     mpfr_get_version(), jit::llvm_version(), gnu_get_libc_version());
}

dist::Comm*& job_comm() {
  static dist::Comm* comm = nullptr;
  return comm;
}

std::string read_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    throw InputError(file.string() + ": no such file");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string() + ": cannot open for reading");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

jit::HeaderInfo header_info_for(const targets::Target* t, std::string name, std::string source,
                                std::optional<std::uint64_t> seed) {
  jit::HeaderInfo info;
  info.name = std::move(name);
  info.source = std::move(source);
  info.seed = seed;
  info.tool_commit = ULPFORGE_COMMIT;
  info.command = command_line();
  info.licence = "Apache-2.0";
  if (t) {
    info.domain_text = t->domain.describe();
    if (!t->domain.all_floats) {
      info.domain_lo = t->domain.lo;
      info.domain_hi = t->domain.hi;
    }
  }
  return info;
}

std::optional<std::uint64_t> search_seed_of(const std::string& uf_text) {
  std::istringstream in(uf_text);
  std::string line;
  static constexpr std::string_view kMark = " search, seed ";
  while (std::getline(in, line)) {
    if (line.rfind("; found by ulpforge ", 0) != 0) continue;
    const std::size_t at = line.find(kMark);
    if (at == std::string::npos) continue;
    const char* first = line.data() + at + kMark.size();
    std::uint64_t seed = 0;
    const auto [end, ec] = std::from_chars(first, line.data() + line.size(), seed);
    if (ec == std::errc{} && end != first) return seed;
  }
  return std::nullopt;
}

std::optional<std::string> header_field(const std::string& text, std::string_view key) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::size_t i = line.find_first_not_of(" \t");
    if (i == std::string::npos || (line[i] != ';' && line[i] != '#')) continue;
    std::string rest = line.substr(i + 1);
    std::size_t j = rest.find_first_not_of(" \t");
    if (j == std::string::npos) continue;
    rest = rest.substr(j);
    if (rest.rfind(key, 0) == 0 && rest.size() > key.size() && rest[key.size()] == ':') {
      std::string v = rest.substr(key.size() + 1);
      std::size_t a = v.find_first_not_of(" \t");
      std::size_t b = v.find_last_not_of(" \t\r");
      if (a == std::string::npos) return std::string{};
      return v.substr(a, b - a + 1);
    }
  }
  return std::nullopt;
}

namespace {

std::string known_targets() {
  std::string names;
  for (const auto& t : targets::catalog()) names += (names.empty() ? "" : ", ") + t.name;
  for (const auto& t : targets::fused_catalog()) names += ", " + t.name + " (fused)";
  return names;
}

}  // namespace

ir::Program load_program(const std::filesystem::path& file) {
  std::string text = read_file(file);
  ir::ParseResult r = ir::parse(text);
  if (!r) throw InputError(file.string() + ":" + r.error.to_string());
  return std::move(*r.program);
}

ir::Program load_core(const std::filesystem::path& file) {
  ir::Program p = load_program(file);
  if (ir::hole_count(p) > 0) throw InputError(file.string() + ": a core must not contain holes");
  return p;
}

const targets::Target& load_user_target(const std::string& file, std::vector<engine::TemplateChoice>* tried) {
  static std::deque<targets::Target> loaded;  // stable addresses
  targets::LoadResult lr = targets::load_target_file(file);
  if (!lr) throw InputError(lr.error);
  targets::Target& t = loaded.emplace_back(std::move(*lr.target));
  // The catalog templates whose range reduction fits the function: with "auto" the
  // best start of them and the file's own (composition or identity); with a catalog
  // name, that template with its cores refitted to the function when it fits. The
  // choice is a deterministic function of the file, so every command sees the same
  // template.
  if (t.user_template == "auto") {
    std::vector<engine::TemplateChoice> all = engine::choose_template(t);
    if (tried) *tried = std::move(all);
  } else if (const targets::Target* donor = targets::find(t.user_template)) {
    std::string why;
    if (std::optional<engine::Transplant> tp = engine::transplant_template(t, *donor, 1.0, &why)) {
      t = std::move(tp->target);
    } else {
      fmt::print(stderr, "note: {}: {}'s range reduction does not fit ({}); its holes stay the catalog's\n", file,
                 donor->name, why);
    }
  }
  return t;
}

const targets::Target& target_or_file(const std::optional<std::string>& name, const std::string& target_file,
                                      const std::filesystem::path& program_file) {
  if (target_file.empty()) return resolve_target(name, program_file);
  if (name) throw InputError("pass a target name or --target-file, not both");
  return load_user_target(target_file);
}

const targets::Target& resolve_target(const std::optional<std::string>& name,
                                      const std::filesystem::path& program_file) {
  std::optional<std::string> n = name;
  if (!n && !program_file.empty()) n = header_field(read_file(program_file), "target");
  if (!n) {
    throw InputError("no target: pass --target NAME or put a '; target: NAME' line in " +
                     program_file.string() + " (known targets: " + known_targets() + ")");
  }
  const targets::Target* t = targets::find(*n);
  if (const targets::FusedTarget* f = targets::find_fused(*n); !t && f) {
    throw InputError(fmt::format("'{}' is a fused target ({} in one kernel): `ulpforge targets --assemble`, "
                                 "`verify`, `emit` and `library` take it; search its parts", *n,
                                 fmt::join(f->parts, " and ")));
  }
  if (!t) throw InputError("unknown target '" + *n + "' (known targets: " + known_targets() + ")");
  return *t;
}

ir::Program full_kernel(const ir::Program& p, const targets::Target& t,
                        const std::filesystem::path& program_file) {
  const std::uint32_t holes = ir::hole_count(p);
  if (holes > 0) {
    // A template with holes: fill them with the target's baseline cores.
    if (holes > t.baseline_cores.size()) {
      throw InputError(program_file.string() + ": program has " + std::to_string(holes) +
                       " core holes; target " + t.name + " has " +
                       std::to_string(t.baseline_cores.size()));
    }
    return ir::inline_cores(p, t.baseline_cores);
  }
  std::optional<std::string> role;
  if (!program_file.empty()) role = header_field(read_file(program_file), "role");
  if (role && *role == "core") {
    if (t.holes.size() != 1) {
      throw InputError(program_file.string() + ": a '; role: core' program needs a target with "
                       "one hole; " + t.name + " has " + std::to_string(t.holes.size()));
    }
    const ir::Program cores[1] = {p};
    return ir::inline_cores(t.tmpl, cores);
  }
  return p;
}

std::optional<eval::BatchFn> compile_for_host(const ir::Program& kernel, std::string* error) {
  auto c = jit::compile(kernel);
  if (!c) {
    if (error) *error = c.error;
    return std::nullopt;
  }
  return c->batch_fn();
}

}  // namespace uf::cli
