#include "jit/lower.h"

#include <mutex>
#include <vector>

#include <llvm/ADT/StringMap.h>
#include <llvm/Analysis/CGSCCPassManager.h>
#include <llvm/Analysis/LoopAnalysisManager.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/PassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/TargetParser/Host.h>

#include "ir/range.h"
#include "ir/semantics.h"
#include "jit/llvm_detail.h"

namespace uf::jit {
namespace detail {

namespace {

std::string instr_name(std::size_t i, ir::Op op) {
  return "instruction %" + std::to_string(i) + " (" + std::string(ir::info(op).name) + ")";
}

}  // namespace

std::string check_lowerable(const ir::Program& p) {
  if (p.code.empty()) return "empty program";
  if (p.code[0].op != ir::Op::Input) return "instruction %0 is not input";
  for (std::size_t i = 0; i < p.code.size(); ++i) {
    const ir::Instr& ins = p.code[i];
    if (static_cast<std::size_t>(ins.op) >= ir::kNumOps) {
      return "instruction %" + std::to_string(i) + ": invalid op code";
    }
    const ir::OpInfo& oi = ir::info(ins.op);
    if (ins.op == ir::Op::Core) {
      return instr_name(i, ins.op) + ": kernel still has a core hole; inline the cores first";
    }
    if (ins.op == ir::Op::Input && i != 0) return instr_name(i, ins.op) + ": input is not %0";
    for (int a = 0; a < oi.arity; ++a) {
      const std::uint32_t v = ins.args[a];
      if (v >= i) {
        return instr_name(i, ins.op) + ": operand " + std::to_string(a + 1) +
               " refers to %" + std::to_string(v) + ", not an earlier instruction";
      }
      if (p.type_of(v) != oi.args[a]) {
        return instr_name(i, ins.op) + ": operand " + std::to_string(a + 1) + " is " +
               std::string(ir::type_name(p.type_of(v))) + ", expected " +
               std::string(ir::type_name(oi.args[a]));
      }
    }
  }
  if (p.result >= p.code.size()) return "result %" + std::to_string(p.result) + " out of range";
  if (p.type_of(p.result) != ir::Type::F32) return "result is not f32";
  return {};
}

std::string lower_into(llvm::Module& m, const ir::Program& p, const LowerOptions& opt) {
  if (std::string e = check_lowerable(p); !e.empty()) return e;
  llvm::LLVMContext& ctx = m.getContext();
  llvm::Type* f32 = llvm::Type::getFloatTy(ctx);
  llvm::Type* i32 = llvm::Type::getInt32Ty(ctx);
  llvm::Type* i64 = llvm::Type::getInt64Ty(ctx);
  llvm::Type* ptr = llvm::PointerType::getUnqual(ctx);
  auto* fty = llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), {ptr, ptr, i64}, false);
  if (m.getFunction(opt.function_name)) return "function " + opt.function_name + " already defined";
  auto* fn = llvm::Function::Create(fty, llvm::Function::ExternalLinkage, opt.function_name, m);
  fn->addFnAttr(llvm::Attribute::NoUnwind);
  if (opt.prefer_512) fn->addFnAttr("prefer-vector-width", "512");
  if (!opt.cpu.empty()) fn->addFnAttr("target-cpu", opt.cpu);
  if (!opt.features.empty()) fn->addFnAttr("target-features", opt.features);
  fn->addParamAttr(0, llvm::Attribute::NoCapture);
  fn->addParamAttr(0, llvm::Attribute::ReadOnly);
  fn->addParamAttr(1, llvm::Attribute::NoCapture);
  llvm::Argument* in = fn->getArg(0);
  llvm::Argument* out = fn->getArg(1);
  llvm::Argument* n = fn->getArg(2);
  in->setName("in");
  out->setName("out");
  n->setName("n");

  auto* entry = llvm::BasicBlock::Create(ctx, "entry", fn);
  auto* loop = llvm::BasicBlock::Create(ctx, "loop", fn);
  auto* exit = llvm::BasicBlock::Create(ctx, "exit", fn);
  llvm::IRBuilder<> b(entry);
  b.CreateCondBr(b.CreateICmpSGT(n, llvm::ConstantInt::get(i64, 0)), loop, exit);

  b.SetInsertPoint(loop);
  llvm::PHINode* idx = b.CreatePHI(i64, 2, "i");
  idx->addIncoming(llvm::ConstantInt::get(i64, 0), entry);
  llvm::Value* x = b.CreateLoad(f32, b.CreateInBoundsGEP(f32, in, idx), "x");

  auto fconst = [&](std::uint32_t bits) -> llvm::Value* {
    return llvm::ConstantFP::get(ctx, llvm::APFloat(llvm::APFloat::IEEEsingle(),
                                                    llvm::APInt(32, bits)));
  };
  auto iconst = [&](std::uint32_t v) -> llvm::Value* { return llvm::ConstantInt::get(i32, v); };
  auto as_int = [&](llvm::Value* v) { return b.CreateBitCast(v, i32); };
  auto as_float = [&](llvm::Value* v) { return b.CreateBitCast(v, f32); };
  // 2^j for j in [-126, 127]: the exponent field j + 127 with a zero mantissa.
  auto pow2 = [&](llvm::Value* j) {
    return as_float(b.CreateShl(b.CreateAdd(j, iconst(127)), iconst(23)));
  };
  auto unary = [&](llvm::Intrinsic::ID id, llvm::Value* a) -> llvm::Value* {
    return b.CreateUnaryIntrinsic(id, a);
  };

  // Guards that value ranges prove dead are not emitted (ir/range.h): same bits.
  const std::vector<ir::Range> range = ir::value_ranges(p);
  std::vector<llvm::Value*> val(p.code.size(), nullptr);
  for (std::size_t i = 0; i < p.code.size(); ++i) {
    const ir::Instr& ins = p.code[i];
    llvm::Value* a = val[ins.args[0]];
    llvm::Value* c1 = val[ins.args[1]];
    llvm::Value* c2 = val[ins.args[2]];
    llvm::Value* r = nullptr;
    // No default: -Wswitch flags an op of ir/ops.def this lowering does not handle.
    switch (ins.op) {
      case ir::Op::Input: r = x; break;
      case ir::Op::Const: r = fconst(ins.imm); break;
      case ir::Op::IConst: r = iconst(ins.imm); break;
      case ir::Op::Add: r = b.CreateFAdd(a, c1); break;
      case ir::Op::Sub: r = b.CreateFSub(a, c1); break;
      case ir::Op::Mul: r = b.CreateFMul(a, c1); break;
      case ir::Op::Div: r = b.CreateFDiv(a, c1); break;
      case ir::Op::Fma:
        r = b.CreateIntrinsic(llvm::Intrinsic::fma, {f32}, {a, c1, c2});
        break;
      case ir::Op::Neg: r = b.CreateFNeg(a); break;
      case ir::Op::Abs: r = unary(llvm::Intrinsic::fabs, a); break;
      case ir::Op::Min: r = b.CreateSelect(b.CreateFCmpOLT(a, c1), a, c1); break;
      case ir::Op::Max: r = b.CreateSelect(b.CreateFCmpOGT(a, c1), a, c1); break;
      case ir::Op::Sqrt: r = unary(llvm::Intrinsic::sqrt, a); break;
      case ir::Op::Rint: r = unary(llvm::Intrinsic::roundeven, a); break;
      case ir::Op::F2I:
        if (opt.native_saturating_f2i) {
          r = b.CreateIntrinsic(llvm::Intrinsic::fptosi_sat, {i32, f32}, {a});
        } else if (ir::f2i_in_range(range[ins.args[0]])) {
          // Finite values are within [-2^31, 2^31 - 128] (ir/range.h): plain
          // truncation, after NaN -> 0 when a NaN can reach here.
          llvm::Value* t = range[ins.args[0]].nan
                               ? b.CreateSelect(b.CreateFCmpUNO(a, a), fconst(0), a)
                               : a;
          r = b.CreateFPToSI(t, i32);
        } else {
          // Every value reaching fptosi is finite and in [-2^31, 2^31 - 128] (the
          // largest float below 2^31), so fptosi is exact truncation, never poison.
          llvm::Value* lo = fconst(0xcf000000u);  // -2^31
          llvm::Value* hi = fconst(0x4effffffu);  // 2^31 - 128
          llvm::Value* t = b.CreateSelect(b.CreateFCmpUNO(a, a), fconst(0), a);
          t = b.CreateSelect(b.CreateFCmpOLT(t, lo), lo, t);
          t = b.CreateSelect(b.CreateFCmpOGT(t, hi), hi, t);
          r = b.CreateSelect(b.CreateFCmpOGE(a, fconst(0x4f000000u)), iconst(0x7fffffffu),
                             b.CreateFPToSI(t, i32));
        }
        break;
      case ir::Op::I2F: r = b.CreateSIToFP(a, f32); break;
      case ir::Op::Ldexp: {
        // k' = clamp(k, -252, 254); k1 = k' >> 1 (floor); k2 = k' - k1; both in
        // [-126, 127], so 2^k1 and 2^k2 are normal floats.
        llvm::Value* k = c1;
        if (!ir::ldexp_k_in_range(range[ins.args[1]])) {
          llvm::Value* lo = iconst(static_cast<std::uint32_t>(ir::kLdexpMinK));
          llvm::Value* hi = iconst(static_cast<std::uint32_t>(ir::kLdexpMaxK));
          k = b.CreateSelect(b.CreateICmpSLT(k, lo), lo, k);
          k = b.CreateSelect(b.CreateICmpSGT(k, hi), hi, k);
        }
        llvm::Value* k1 = b.CreateAShr(k, iconst(1));
        llvm::Value* k2 = b.CreateSub(k, k1);
        r = b.CreateFMul(b.CreateFMul(a, pow2(k1)), pow2(k2));
        break;
      }
      case ir::Op::GetExp:
        r = b.CreateSub(b.CreateAnd(b.CreateLShr(as_int(a), iconst(23)), iconst(0xff)),
                        iconst(127));
        break;
      case ir::Op::GetMant:
        r = as_float(b.CreateOr(b.CreateAnd(as_int(a), iconst(0x807fffffu)), iconst(0x3f800000u)));
        break;
      case ir::Op::IAdd: r = b.CreateAdd(a, c1); break;
      case ir::Op::ISub: r = b.CreateSub(a, c1); break;
      case ir::Op::IMul: r = b.CreateMul(a, c1); break;
      case ir::Op::Shl: r = b.CreateShl(a, b.CreateAnd(c1, iconst(31))); break;
      case ir::Op::Shr: r = b.CreateLShr(a, b.CreateAnd(c1, iconst(31))); break;
      case ir::Op::Sar: r = b.CreateAShr(a, b.CreateAnd(c1, iconst(31))); break;
      case ir::Op::And: r = b.CreateAnd(a, c1); break;
      case ir::Op::Or: r = b.CreateOr(a, c1); break;
      case ir::Op::Xor: r = b.CreateXor(a, c1); break;
      case ir::Op::AsInt: r = as_int(a); break;
      case ir::Op::AsFloat: r = as_float(a); break;
      case ir::Op::Lt: r = b.CreateFCmpOLT(a, c1); break;
      case ir::Op::Le: r = b.CreateFCmpOLE(a, c1); break;
      case ir::Op::Eq: r = b.CreateFCmpOEQ(a, c1); break;
      case ir::Op::ILt: r = b.CreateICmpSLT(a, c1); break;
      case ir::Op::IEq: r = b.CreateICmpEQ(a, c1); break;
      case ir::Op::MAnd: r = b.CreateAnd(a, c1); break;
      case ir::Op::MOr: r = b.CreateOr(a, c1); break;
      case ir::Op::MNot: r = b.CreateNot(a); break;
      case ir::Op::Select: r = b.CreateSelect(a, c1, c2); break;
      // A select: the loop vectoriser would if-convert a branch around the cold operand
      // anyway, so both arms are computed (the C headers branch, jit/header.cpp).
      case ir::Op::Guard: r = b.CreateSelect(a, c1, c2); break;
      case ir::Op::ISelect: r = b.CreateSelect(a, c1, c2); break;
      case ir::Op::Core:
        return instr_name(i, ins.op) + ": kernel still has a core hole";
    }
    if (!r) return instr_name(i, ins.op) + ": op has no LLVM lowering";
    val[i] = r;
  }

  b.CreateStore(val[p.result], b.CreateInBoundsGEP(f32, out, idx));
  llvm::Value* next = b.CreateAdd(idx, llvm::ConstantInt::get(i64, 1), "i.next", true, true);
  idx->addIncoming(next, loop);
  b.CreateCondBr(b.CreateICmpEQ(next, n), exit, loop);
  b.SetInsertPoint(exit);
  b.CreateRetVoid();

  std::string msg;
  llvm::raw_string_ostream os(msg);
  if (llvm::verifyFunction(*fn, &os)) return "LLVM verifier rejected the lowered kernel: " + os.str();
  return {};
}

void init_targets() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetAsmParser();
    LLVMInitializeX86TargetInfo();
    LLVMInitializeX86Target();
    LLVMInitializeX86TargetMC();
    LLVMInitializeX86AsmPrinter();
    LLVMInitializeAArch64TargetInfo();
    LLVMInitializeAArch64Target();
    LLVMInitializeAArch64TargetMC();
    LLVMInitializeAArch64AsmPrinter();
  });
}

std::string host_cpu() { return llvm::sys::getHostCPUName().str(); }

std::string host_features() {
  std::string s;
  for (const auto& kv : llvm::sys::getHostCPUFeatures()) {
    if (!s.empty()) s += ',';
    s += (kv.second ? '+' : '-');
    s += kv.first().str();
  }
  return s;
}

bool host_has_avx512() {
  const llvm::StringMap<bool> f = llvm::sys::getHostCPUFeatures();
  auto it = f.find("avx512f");
  return it != f.end() && it->second;
}

std::unique_ptr<llvm::TargetMachine> make_target_machine(const std::string& triple,
                                                         const std::string& cpu,
                                                         const std::string& features,
                                                         std::string& err) {
  init_targets();
  const llvm::Target* t = llvm::TargetRegistry::lookupTarget(triple, err);
  if (!t) return nullptr;
  llvm::TargetOptions to;  // IEEE defaults: no unsafe FP math, no FTZ, FP contraction off
  to.AllowFPOpFusion = llvm::FPOpFusion::Strict;
  std::unique_ptr<llvm::TargetMachine> tm(t->createTargetMachine(
      triple, cpu, features, to, llvm::Reloc::PIC_, std::nullopt, llvm::CodeGenOptLevel::Aggressive));
  if (!tm) err = "cannot create a TargetMachine for " + triple + " cpu " + cpu;
  return tm;
}

void optimize_module(llvm::Module& m, llvm::TargetMachine& tm) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PipelineTuningOptions pto;
  pto.LoopVectorization = true;
  pto.SLPVectorization = true;
  llvm::PassBuilder pb(&tm, pto);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
  mpm.run(m, mam);
  if (tm.getTargetTriple().isAArch64()) {
    // AArch64 instruction selection folds `select(fcmp olt x, C), x, C` with C known
    // non-NaN into fminnm (likewise fmaxnm), because LLVM lets a signalling NaN behave
    // like a quiet one; fminnm(sNaN, C) is NaN where ir/semantics.h gives C. Selecting
    // the bit patterns instead (same bits, no FP operation) keeps the compare + bsl.
    std::vector<llvm::SelectInst*> sels;
    for (llvm::Function& f : m) {
      for (llvm::BasicBlock& bb : f) {
        for (llvm::Instruction& ins : bb) {
          if (auto* s = llvm::dyn_cast<llvm::SelectInst>(&ins); s && s->getType()->isFPOrFPVectorTy()) {
            sels.push_back(s);
          }
        }
      }
    }
    for (llvm::SelectInst* s : sels) {
      llvm::IRBuilder<> b(s);
      llvm::Type* t = s->getType();
      llvm::Type* it = t->isVectorTy()
                           ? static_cast<llvm::Type*>(llvm::VectorType::getInteger(llvm::cast<llvm::VectorType>(t)))
                           : static_cast<llvm::Type*>(llvm::IntegerType::get(m.getContext(), t->getScalarSizeInBits()));
      llvm::Value* r = b.CreateSelect(s->getCondition(), b.CreateBitCast(s->getTrueValue(), it),
                                      b.CreateBitCast(s->getFalseValue(), it));
      s->replaceAllUsesWith(b.CreateBitCast(r, s->getType()));
      s->eraseFromParent();
    }
  }
}

}  // namespace detail

namespace {

std::string module_text(const llvm::Module& m) {
  std::string s;
  llvm::raw_string_ostream os(s);
  m.print(os, nullptr);
  return os.str();
}

}  // namespace

Expected<std::string> lower_to_llvm_text(const ir::Program& kernel, const LowerOptions& opt) {
  llvm::LLVMContext ctx;
  llvm::Module m("ulpforge_kernel", ctx);
  if (std::string e = detail::lower_into(m, kernel, opt); !e.empty()) {
    return Expected<std::string>::fail(e);
  }
  return Expected<std::string>::ok(module_text(m));
}

Expected<std::string> optimized_llvm_text(const ir::Program& kernel, const LowerOptions& opt) {
  std::string err;
  const std::string triple = llvm::sys::getProcessTriple();
  auto tm = detail::make_target_machine(triple, detail::host_cpu(), detail::host_features(), err);
  if (!tm) return Expected<std::string>::fail(err);
  llvm::LLVMContext ctx;
  llvm::Module m("ulpforge_kernel", ctx);
  m.setTargetTriple(triple);
  m.setDataLayout(tm->createDataLayout());
  LowerOptions o = opt;
  o.prefer_512 = o.prefer_512 || detail::host_has_avx512();
  o.native_saturating_f2i = o.native_saturating_f2i || tm->getTargetTriple().isAArch64();
  if (std::string e = detail::lower_into(m, kernel, o); !e.empty()) {
    return Expected<std::string>::fail(e);
  }
  detail::optimize_module(m, *tm);
  return Expected<std::string>::ok(module_text(m));
}

}  // namespace uf::jit
