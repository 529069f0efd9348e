#include "jit/mca.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <map>
#include <mutex>
#include <sstream>

#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/FileUtilities.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Program.h>
#include <llvm/Support/raw_ostream.h>

#include "ir/text.h"
#include "jit/object.h"

#ifndef ULPFORGE_LLVM_MCA
#define ULPFORGE_LLVM_MCA "llvm-mca-19"
#endif

namespace uf::jit {

const std::vector<McaCpu>& default_mca_cpus() {
  static const std::vector<McaCpu> cpus = {{"znver3", ir::Isa::Avx2},
                                           {"znver4", ir::Isa::Avx512},
                                           {"skylake-avx512", ir::Isa::Avx512},
                                           {"neoverse-n1", ir::Isa::Neon}};
  return cpus;
}

std::optional<McaCpu> parse_mca_cpu(std::string_view spec) {
  const std::size_t colon = spec.find(':');
  if (colon == std::string_view::npos) {
    for (const McaCpu& c : default_mca_cpus())
      if (c.name == spec) return c;
    return std::nullopt;
  }
  const std::string_view name = spec.substr(0, colon);
  const auto isa = ir::parse_isa(spec.substr(colon + 1));
  if (name.empty() || !isa) return std::nullopt;
  return McaCpu{std::string(name), *isa};
}

namespace {

std::string trim(std::string_view s) {
  const std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  const std::size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

// Float lanes a store instruction writes (0 for anything else). x86 (AT&T: the memory
// operand is last): vmovups/vmovaps/vmovdqu*/vmovntps of a ymm/zmm/xmm register, vmovss.
// AArch64: str/stp/stur/st1 of q (4 lanes), d (2) or s (1) registers.
int stored_lanes(const std::string& ins, ir::Isa isa) {
  std::istringstream in(ins);
  std::string mnem;
  in >> mnem;
  std::string rest;
  std::getline(in, rest);
  if (isa == ir::Isa::Neon) {
    const bool pair = mnem == "stp" || mnem == "stnp";
    if (!(pair || mnem == "str" || mnem == "stur" || mnem.rfind("st1", 0) == 0)) return 0;
    const std::string ops = trim(rest);
    int per = 0;
    if (mnem.rfind("st1", 0) == 0) {
      // st1 {v0.4s, v1.4s}, [x0]: count the .4s registers in the list.
      const std::size_t close = ops.find('}');
      const std::string list = ops.substr(0, close == std::string::npos ? 0 : close);
      int n = 0;
      for (std::size_t p = list.find(".4s"); p != std::string::npos; p = list.find(".4s", p + 1)) ++n;
      return 4 * n;
    }
    if (ops.empty()) return 0;
    switch (ops[0]) {
      case 'q': per = 4; break;
      case 'd': per = 2; break;
      case 's': per = 1; break;
      default: return 0;
    }
    return pair ? 2 * per : per;
  }
  static const std::array<const char*, 7> kStores = {"vmovups", "vmovaps", "vmovdqu", "vmovdqa",
                                                     "vmovdqu32", "vmovdqu64", "vmovntps"};
  const std::string ops = trim(rest);
  const std::size_t comma = ops.find(',');
  if (comma == std::string::npos) return 0;
  const std::string src = trim(ops.substr(0, comma)), dst = trim(ops.substr(comma + 1));
  if (dst.find('(') == std::string::npos) return 0;  // a load or a move between registers
  if (mnem == "vmovss") return 1;
  bool vec_store = false;
  for (const char* s : kStores) vec_store = vec_store || mnem == s;
  if (!vec_store) return 0;
  if (src.rfind("%zmm", 0) == 0) return 16;
  if (src.rfind("%ymm", 0) == 0) return 8;
  if (src.rfind("%xmm", 0) == 0) return 4;
  return 0;
}

bool is_branch(const std::string& mnem, ir::Isa isa) {
  if (isa == ir::Isa::Neon) {
    return mnem == "b" || mnem.rfind("b.", 0) == 0 || mnem == "cbz" || mnem == "cbnz" || mnem == "tbz" ||
           mnem == "tbnz";
  }
  return !mnem.empty() && mnem[0] == 'j';
}

}  // namespace

std::optional<LoopBody> vector_loop(std::string_view assembly, ir::Isa isa) {
  // Lines of the text section: labels ("NAME:") and instructions; directives, comments
  // and blank lines dropped.
  struct Line {
    std::string label;  // non-empty for a label line
    std::string ins;
  };
  std::vector<Line> lines;
  std::istringstream in{std::string(assembly)};
  for (std::string raw; std::getline(in, raw);) {
    std::string s = raw;
    const std::size_t comment = s.find(isa == ir::Isa::Neon ? "//" : "#");
    if (comment != std::string::npos) s = s.substr(0, comment);
    s = trim(s);
    if (s.empty()) continue;
    if (s.back() == ':' && s.find_first_of(" \t") == std::string::npos) {
      lines.push_back({s.substr(0, s.size() - 1), {}});
    } else if (s[0] != '.') {
      lines.push_back({{}, s});
    }
  }
  // Loops: a label and a later branch back to it, as [label line, branch line].
  std::map<std::string, std::size_t> label_at;
  std::vector<std::pair<std::size_t, std::size_t>> loops;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].label.empty()) {
      label_at[lines[i].label] = i;
      continue;
    }
    std::istringstream is(lines[i].ins);
    std::string mnem;
    is >> mnem;
    if (!is_branch(mnem, isa)) continue;
    // The branch target is the last operand.
    const std::string target = lines[i].ins.substr(lines[i].ins.find_last_of(" \t,") + 1);
    const auto it = label_at.find(target);
    if (it != label_at.end()) loops.emplace_back(it->second, i);  // a forward branch is no loop
  }
  // Only innermost ones count: a backward jump into the vector epilogue also spans the
  // main loop, and its stores are not one iteration's.
  std::optional<LoopBody> best;
  for (const auto& [from, to] : loops) {
    const bool encloses = std::any_of(loops.begin(), loops.end(), [&, f = from, t = to](const auto& o) {
      return o != std::make_pair(f, t) && f <= o.first && o.second <= t;
    });
    if (encloses) continue;
    LoopBody body;
    for (std::size_t j = from + 1; j <= to; ++j) {
      if (!lines[j].label.empty()) continue;
      body.instructions.push_back(lines[j].ins);
      body.lanes += stored_lanes(lines[j].ins, isa);
    }
    if (!best || body.lanes > best->lanes) best = std::move(body);
  }
  if (!best || best->lanes == 0) return std::nullopt;
  return best;
}

std::string llvm_mca_path() {
  if (const char* e = std::getenv("ULPFORGE_LLVM_MCA"); e && *e) return e;
  return ULPFORGE_LLVM_MCA;
}

namespace {

// "Key:   value" from llvm-mca's summary.
std::optional<double> summary_field(const std::string& out, const std::string& key) {
  const std::string text = "\n" + out;
  const std::size_t p = text.find("\n" + key + ":");
  if (p == std::string::npos) return std::nullopt;
  try {
    return std::stod(text.substr(p + key.size() + 2));
  } catch (...) {
    return std::nullopt;
  }
}

Expected<McaResult> analyse_uncached(const ir::Program& kernel, const McaCpu& cpu) {
  using R = Expected<McaResult>;
  const std::vector<NamedKernel> ks{{"uf_mca_kernel", kernel}};
  Expected<std::string> code = emit_code(ks, cpu.isa, OutputKind::Assembly, cpu.name);
  if (!code) return R::fail(code.error);
  const std::optional<LoopBody> body = vector_loop(*code, cpu.isa);
  if (!body) return R::fail("no vector loop in the code emitted for " + cpu.name);

  // llvm-mca reads the body from a temporary file and writes its report to another
  // (LLVM's process API: no shell, no quoting); both are removed on return.
  const std::string missing = " (is Debian's llvm-19 installed? set ULPFORGE_LLVM_MCA to the tool)";
  std::string tool = llvm_mca_path();
  if (tool.find('/') == std::string::npos) {
    auto found = llvm::sys::findProgramByName(tool);
    if (!found) return R::fail(tool + " not found on PATH" + missing);
    tool = *found;
  }
  llvm::SmallString<128> in_path, out_path;
  int fd = -1;
  if (llvm::sys::fs::createTemporaryFile("ulpforge-mca", "s", fd, in_path)) {
    return R::fail("cannot create a temporary file for llvm-mca");
  }
  const llvm::FileRemover remove_in(in_path);
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    for (const std::string& ins : body->instructions) os << "\t" << ins << "\n";
    os.close();
    if (os.has_error()) {
      os.clear_error();
      return R::fail("cannot write the llvm-mca input " + in_path.str().str());
    }
  }
  if (llvm::sys::fs::createTemporaryFile("ulpforge-mca", "txt", out_path)) {
    return R::fail("cannot create a temporary file for llvm-mca");
  }
  const llvm::FileRemover remove_out(out_path);
  const std::vector<std::string> arg_text = {tool,
                                             "-mtriple=" + isa_triple(cpu.isa),
                                             "-mcpu=" + cpu.name,
                                             "-iterations=" + std::to_string(kMcaIterations),
                                             "--instruction-info=false",
                                             "--resource-pressure=false",
                                             in_path.str().str()};
  const std::vector<llvm::StringRef> args(arg_text.begin(), arg_text.end());
  const std::optional<llvm::StringRef> redirects[] = {std::nullopt, out_path.str(), out_path.str()};
  std::string exec_error;
  const int status = llvm::sys::ExecuteAndWait(tool, args, std::nullopt, redirects, 0, 0, &exec_error);
  auto buf = llvm::MemoryBuffer::getFile(out_path);
  const std::string out = buf ? (*buf)->getBuffer().str() : std::string();
  const auto iters = summary_field(out, "Iterations"), cycles = summary_field(out, "Total Cycles");
  if (status != 0 || !iters || !cycles || *iters <= 0) {
    std::string why = out.substr(0, out.find('\n'));
    if (why.empty()) why = exec_error;
    return R::fail(tool + " failed for " + cpu.name + (why.empty() ? "" : ": " + why) + missing);
  }
  McaResult r;
  r.cycles_per_iteration = *cycles / *iters;
  r.lanes = body->lanes;
  r.instructions = body->instructions.size();
  r.cycles_per_element = r.cycles_per_iteration / r.lanes;
  return R::ok(r);
}

}  // namespace

Expected<McaResult> mca_analyse(const ir::Program& kernel, const McaCpu& cpu) {
  static std::mutex mu;
  static std::map<std::string, Expected<McaResult>> cache;
  const std::string key = cpu.name + ":" + std::string(ir::isa_name(cpu.isa)) + "\n" + ir::print(kernel);
  {
    std::lock_guard<std::mutex> lock(mu);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
  }
  Expected<McaResult> r = analyse_uncached(kernel, cpu);
  std::lock_guard<std::mutex> lock(mu);
  cache.emplace(key, r);
  return r;
}

}  // namespace uf::jit
