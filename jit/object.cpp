#include "jit/object.h"

#include <cctype>

#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include "jit/llvm_detail.h"

namespace uf::jit {
namespace {

struct IsaSpec {
  const char* triple;
  const char* cpu;
  const char* features;
  bool prefer_512;
};

IsaSpec spec(ir::Isa isa) {
  switch (isa) {
    case ir::Isa::Avx2: return {"x86_64-unknown-linux-gnu", "x86-64-v3", "", false};
    case ir::Isa::Avx512: return {"x86_64-unknown-linux-gnu", "x86-64-v4", "", true};
    case ir::Isa::Neon: return {"aarch64-unknown-linux-gnu", "generic", "+neon,+fp-armv8", false};
  }
  return {"", "", "", false};
}

bool is_c_identifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

}  // namespace

std::string isa_triple(ir::Isa isa) { return spec(isa).triple; }

Expected<std::string> emit_code(std::span<const NamedKernel> kernels, ir::Isa isa, OutputKind kind,
                                std::string_view cpu_name) {
  using R = Expected<std::string>;
  const IsaSpec s = spec(isa);
  const std::string cpu = cpu_name.empty() ? std::string(s.cpu) : std::string(cpu_name);
  std::string err;
  auto tm = detail::make_target_machine(s.triple, cpu, s.features, err);
  if (!tm) return R::fail(err);
  if (!cpu_name.empty() && !tm->getMCSubtargetInfo()->isCPUStringValid(cpu)) {
    return R::fail("'" + cpu + "' is not a CPU LLVM knows for " + s.triple);
  }
  llvm::LLVMContext ctx;
  llvm::Module m("ulpforge_aot", ctx);
  m.setTargetTriple(s.triple);
  m.setDataLayout(tm->createDataLayout());
  for (const NamedKernel& k : kernels) {
    if (!is_c_identifier(k.name)) return R::fail("invalid function name '" + k.name + "'");
    LowerOptions opt;
    opt.function_name = k.name;
    opt.prefer_512 = s.prefer_512;
    opt.native_saturating_f2i = isa == ir::Isa::Neon;
    opt.vector_lanes = ir::vector_lanes(isa);
    opt.cpu = cpu;
    opt.features = s.features;
    if (std::string e = detail::lower_into(m, k.program, opt); !e.empty()) {
      return R::fail(k.name + ": " + e);
    }
  }
  detail::optimize_module(m, *tm);
  llvm::SmallVector<char, 0> buf;
  llvm::raw_svector_ostream os(buf);
  llvm::legacy::PassManager pm;
  const auto ft = kind == OutputKind::Object ? llvm::CodeGenFileType::ObjectFile
                                             : llvm::CodeGenFileType::AssemblyFile;
  if (tm->addPassesToEmitFile(pm, os, nullptr, ft)) {
    return R::fail("target " + std::string(ir::isa_level(isa)) + " cannot emit this file type");
  }
  pm.run(m);
  return R::ok(std::string(buf.begin(), buf.end()));
}

}  // namespace uf::jit
