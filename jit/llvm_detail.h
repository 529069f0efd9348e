// jit/-internal helpers that need LLVM types. Only jit/*.cpp include this header (the
// jit library links LLVM privately; other modules never see LLVM headers).
#pragma once

#include <memory>
#include <string>

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Target/TargetMachine.h>

#include "ir/program.h"
#include "jit/lower.h"

namespace uf::jit::detail {

// Structural checks the lowering relies on (indices, operand types, result type, no
// core holes). Returns "" when the program can be lowered, else a message naming the
// instruction.
std::string check_lowerable(const ir::Program& p);

// Appends the kernel function to `m`. Returns "" on success, else an error message
// (the module may then contain a partial function and must be discarded).
std::string lower_into(llvm::Module& m, const ir::Program& p, const LowerOptions& opt);

// Registers the native, X86 and AArch64 targets once (thread-safe).
void init_targets();

// Host CPU name and feature string ("+avx2,+fma,-sse4a,...") as LLVM sees them.
std::string host_cpu();
std::string host_features();
bool host_has_avx512();

// A TargetMachine (PIC, aggressive codegen opt level). Returns nullptr and sets `err`
// when the triple/cpu is unknown.
std::unique_ptr<llvm::TargetMachine> make_target_machine(const std::string& triple,
                                                         const std::string& cpu,
                                                         const std::string& features,
                                                         std::string& err);

// Runs the default O3 module pipeline with the TargetMachine's cost model (this is
// where the loop vectoriser widens the kernel loop).
void optimize_module(llvm::Module& m, llvm::TargetMachine& tm);

}  // namespace uf::jit::detail
