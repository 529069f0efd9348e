// `ulpforge asm`: assembly or an ELF object of a kernel for x86-64-v3 (AVX2),
// x86-64-v4 (AVX-512) or AArch64 (NEON), through an LLVM TargetMachine (jit/object.h).
// The function is `void uf_<name>_array(const float* in, float* out, int64_t n)`.
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli/codegen_common.h"
#include "cli/common.h"
#include "ir/passes.h"
#include "jit/object.h"

namespace uf::cli {

namespace {

std::string read_text(const std::filesystem::path& file) {
  std::ifstream f(file, std::ios::binary);
  if (!f) throw InputError("cannot read " + file.string());
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// Value of a `; KEY: VALUE` comment line, if present.
std::optional<std::string> comment_field(const std::string& text, const std::string& key) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    std::string line = text.substr(pos, eol - pos);
    pos = eol + 1;
    const std::size_t s = line.find_first_not_of(" \t");
    if (s == std::string::npos || (line[s] != ';' && line[s] != '#')) continue;
    line = line.substr(s + 1);
    const std::size_t k = line.find_first_not_of(" \t");
    if (k == std::string::npos || line.compare(k, key.size() + 1, key + ":") != 0) continue;
    std::string v = line.substr(k + key.size() + 1);
    const std::size_t b = v.find_first_not_of(" \t"), e = v.find_last_not_of(" \t\r");
    if (b == std::string::npos) return std::nullopt;
    return v.substr(b, e - b + 1);
  }
  return std::nullopt;
}

struct AsmArgs {
  std::string program;
  std::string isa;
  std::optional<std::string> target;
  std::optional<std::string> name;
  std::string out;
};

}  // namespace

CodegenKernel kernel_for_codegen(const std::string& program_file,
                                 const std::optional<std::string>& target,
                                 const std::optional<std::string>& name,
                                 const targets::Target* user_target) {
  CodegenKernel k;
  const ir::Program prog = load_program(program_file);
  if (user_target || target || comment_field(read_text(program_file), "target")) {
    k.target = user_target ? user_target : &resolve_target(target, program_file);
    k.kernel = full_kernel(prog, *k.target, program_file);
  } else {
    if (ir::hole_count(prog) > 0) {
      throw InputError(program_file + ": a template needs a target to fill its holes (--target)");
    }
    k.kernel = prog;
  }
  if (name) {
    k.name = *name;
  } else if (k.target) {
    k.name = k.target->name;
  } else {
    k.name = std::filesystem::path(program_file).stem().string();
  }
  if (k.name.empty()) throw InputError("empty kernel name; pass --name");
  return k;
}

void register_asm(CLI::App& app) {
  static AsmArgs a;
  auto* cmd = app.add_subcommand("asm", "Assembly or object code of a kernel for an ISA");
  cmd->add_option("PROGRAM", a.program, "Program file (.uf): full kernel, template or core")
      ->required();
  cmd->add_option("--isa", a.isa,
                  "x86-64-v3 (AVX2), x86-64-v4 (AVX-512) or aarch64 (NEON); or avx2, avx512, neon")
      ->required();
  cmd->add_option("--target", a.target, "Target name (default: the file's '; target:' line)");
  cmd->add_option("--name", a.name, "Function uf_<name>_array (default: target or file name)");
  cmd->add_option("--out", a.out, "FILE.o (ELF object) or FILE.s (assembly); default: assembly "
                                  "on stdout");
  cmd->callback([] {
    const std::optional<ir::Isa> isa = ir::parse_isa(a.isa);
    if (!isa) {
      throw InputError("unknown --isa '" + a.isa +
                       "' (x86-64-v3, x86-64-v4, aarch64; or avx2, avx512, neon)");
    }
    jit::OutputKind kind = jit::OutputKind::Assembly;
    if (!a.out.empty()) {
      const std::string ext = std::filesystem::path(a.out).extension().string();
      if (ext == ".o") {
        kind = jit::OutputKind::Object;
      } else if (ext != ".s" && ext != ".S") {
        throw InputError("--out must end in .o (object) or .s (assembly): " + a.out);
      }
    }
    const CodegenKernel k = kernel_for_codegen(a.program, a.target, a.name);
    std::string ident;
    for (char c : k.name) ident += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    const std::vector<jit::NamedKernel> ks = {{"uf_" + ident + "_array", k.kernel}};
    const jit::Expected<std::string> code = jit::emit_code(ks, *isa, kind);
    if (!code) throw InputError(a.program + ": " + code.error);
    if (a.out.empty()) {
      std::cout << *code;
      return;
    }
    std::ofstream out(a.out, std::ios::binary);
    if (!out || !out.write(code->data(), static_cast<std::streamsize>(code->size())) || !out.flush()) {
      throw InputError("cannot write " + a.out);
    }
    std::cout << "wrote " << a.out << ": " << ks[0].name << " for " << ir::isa_level(*isa) << " ("
              << jit::isa_triple(*isa) << ")\n";
  });
}

}  // namespace uf::cli
