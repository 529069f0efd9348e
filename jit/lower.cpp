#include "jit/lower.h"

#include <mutex>
#include <vector>

#include <llvm/ADT/StringMap.h>
#include <llvm/Analysis/CGSCCPassManager.h>
#include <llvm/Analysis/LoopAnalysisManager.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/PassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/TargetParser/Host.h>

#include "ir/passes.h"
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

namespace {

// Emits the instructions of one kernel body with values of `lanes` floats (1: scalars,
// for the loop vectoriser; > 1: explicit vectors). `owner` is ir::guard_owners(p) when
// guards branch: a live guard's cold path goes in a block entered only when some lane
// of its mask is set, as in the C headers (jit/header.cpp); with every entry kNoGuard a
// guard is a select and both arms are computed. `range` is ir::value_ranges(p).
// emit() returns the result value, or nullptr with `err` set.
class BodyEmitter {
 public:
  BodyEmitter(llvm::IRBuilder<>& b, const ir::Program& p, const LowerOptions& opt,
              const std::vector<ir::Range>& range, const std::vector<std::uint32_t>& owner, unsigned lanes)
      : b_(b), ctx_(b.getContext()), p_(p), opt_(opt), range_(range), owner_(owner) {
    f32_ = llvm::Type::getFloatTy(ctx_);
    i32_ = llvm::Type::getInt32Ty(ctx_);
    if (lanes > 1) {
      f32_ = llvm::FixedVectorType::get(f32_, lanes);
      i32_ = llvm::FixedVectorType::get(i32_, lanes);
    }
  }

  llvm::Type* f32() const { return f32_; }

  llvm::Value* emit(llvm::Value* x, std::string& err) {
    val_.assign(p_.code.size(), nullptr);
    val_[0] = x;
    // The top level in index order; each guard's owned instructions inside its block.
    block_.assign(p_.code.size(), {});
    std::vector<std::uint32_t> top;
    for (std::uint32_t i = 1; i < p_.code.size(); ++i)
      (owner_[i] == ir::kNoGuard ? top : block_[owner_[i]]).push_back(i);
    for (std::uint32_t i : top) {
      if (!emit_one(i, err)) return nullptr;
    }
    return val_[p_.result];
  }

 private:
  llvm::Value* fconst(std::uint32_t bits) {
    return llvm::ConstantFP::get(f32_, llvm::APFloat(llvm::APFloat::IEEEsingle(), llvm::APInt(32, bits)));
  }
  llvm::Value* iconst(std::uint32_t v) { return llvm::ConstantInt::get(i32_, v); }
  llvm::Value* as_int(llvm::Value* v) { return b_.CreateBitCast(v, i32_); }
  llvm::Value* as_float(llvm::Value* v) { return b_.CreateBitCast(v, f32_); }
  // 2^j for j in [-126, 127]: the exponent field j + 127 with a zero mantissa.
  llvm::Value* pow2(llvm::Value* j) { return as_float(b_.CreateShl(b_.CreateAdd(j, iconst(127)), iconst(23))); }
  llvm::Value* unary(llvm::Intrinsic::ID id, llvm::Value* a) { return b_.CreateUnaryIntrinsic(id, a); }

  bool emit_one(std::uint32_t i, std::string& err) {
    const ir::Instr& ins = p_.code[i];
    const bool branch = ins.op == ir::Op::Guard && !block_[i].empty();
    llvm::Value* r = branch ? emit_guard(i, err) : emit_op(i, err);
    if (!r) {
      if (err.empty()) err = instr_name(i, ins.op) + ": op has no LLVM lowering";
      return false;
    }
    val_[i] = r;
    return true;
  }

  // if (any lane of m) { cold instructions; s = select(m, a, b) }; phi(b, s).
  llvm::Value* emit_guard(std::uint32_t g, std::string& err) {
    const ir::Instr& ins = p_.code[g];
    llvm::Value* m = val_[ins.args[0]];
    llvm::Value* fast = val_[ins.args[2]];
    llvm::Function* fn = b_.GetInsertBlock()->getParent();
    llvm::BasicBlock* pre = b_.GetInsertBlock();
    auto* cold = llvm::BasicBlock::Create(ctx_, "cold" + std::to_string(g), fn);
    auto* join = llvm::BasicBlock::Create(ctx_, "join" + std::to_string(g), fn);
    llvm::Value* any = m->getType()->isVectorTy() ? b_.CreateOrReduce(m) : m;
    b_.CreateCondBr(any, cold, join, llvm::MDBuilder(ctx_).createUnlikelyBranchWeights());
    b_.SetInsertPoint(cold);
    for (std::uint32_t i : block_[g]) {
      if (!emit_one(i, err)) return nullptr;
    }
    llvm::Value* sel = b_.CreateSelect(m, val_[ins.args[1]], fast);
    llvm::BasicBlock* cold_end = b_.GetInsertBlock();
    b_.CreateBr(join);
    b_.SetInsertPoint(join);
    llvm::PHINode* phi = b_.CreatePHI(f32_, 2);
    phi->addIncoming(fast, pre);
    phi->addIncoming(sel, cold_end);
    return phi;
  }

  llvm::Value* emit_op(std::uint32_t i, std::string& err) {
    const ir::Instr& ins = p_.code[i];
    llvm::Value* a = val_[ins.args[0]];
    llvm::Value* c1 = val_[ins.args[1]];
    llvm::Value* c2 = val_[ins.args[2]];
    llvm::Value* r = nullptr;
    // No default: -Wswitch flags an op of ir/ops.def this lowering does not handle.
    switch (ins.op) {
      case ir::Op::Input: r = val_[0]; break;
      case ir::Op::Const: r = fconst(ins.imm); break;
      case ir::Op::IConst: r = iconst(ins.imm); break;
      case ir::Op::Add: r = b_.CreateFAdd(a, c1); break;
      case ir::Op::Sub: r = b_.CreateFSub(a, c1); break;
      case ir::Op::Mul: r = b_.CreateFMul(a, c1); break;
      case ir::Op::Div: r = b_.CreateFDiv(a, c1); break;
      case ir::Op::Fma: r = b_.CreateIntrinsic(llvm::Intrinsic::fma, {f32_}, {a, c1, c2}); break;
      case ir::Op::Neg: r = b_.CreateFNeg(a); break;
      case ir::Op::Abs: r = unary(llvm::Intrinsic::fabs, a); break;
      case ir::Op::Min: r = b_.CreateSelect(b_.CreateFCmpOLT(a, c1), a, c1); break;
      case ir::Op::Max: r = b_.CreateSelect(b_.CreateFCmpOGT(a, c1), a, c1); break;
      case ir::Op::Sqrt: r = unary(llvm::Intrinsic::sqrt, a); break;
      case ir::Op::Rint: r = unary(llvm::Intrinsic::roundeven, a); break;
      case ir::Op::F2I:
        if (opt_.native_saturating_f2i) {
          r = b_.CreateIntrinsic(llvm::Intrinsic::fptosi_sat, {i32_, f32_}, {a});
        } else if (ir::f2i_in_range(range_[ins.args[0]])) {
          // Finite values are within [-2^31, 2^31 - 128] (ir/range.h): plain
          // truncation, after NaN -> 0 when a NaN can reach here.
          llvm::Value* t = range_[ins.args[0]].nan ? b_.CreateSelect(b_.CreateFCmpUNO(a, a), fconst(0), a) : a;
          r = b_.CreateFPToSI(t, i32_);
        } else {
          // Every value reaching fptosi is finite and in [-2^31, 2^31 - 128] (the
          // largest float below 2^31), so fptosi is exact truncation, never poison.
          llvm::Value* lo = fconst(0xcf000000u);  // -2^31
          llvm::Value* hi = fconst(0x4effffffu);  // 2^31 - 128
          llvm::Value* t = b_.CreateSelect(b_.CreateFCmpUNO(a, a), fconst(0), a);
          t = b_.CreateSelect(b_.CreateFCmpOLT(t, lo), lo, t);
          t = b_.CreateSelect(b_.CreateFCmpOGT(t, hi), hi, t);
          r = b_.CreateSelect(b_.CreateFCmpOGE(a, fconst(0x4f000000u)), iconst(0x7fffffffu), b_.CreateFPToSI(t, i32_));
        }
        break;
      case ir::Op::I2F: r = b_.CreateSIToFP(a, f32_); break;
      case ir::Op::Ldexp: {
        // k' = clamp(k, -252, 254); k1 = k' >> 1 (floor); k2 = k' - k1; both in
        // [-126, 127], so 2^k1 and 2^k2 are normal floats.
        llvm::Value* k = c1;
        if (!ir::ldexp_k_in_range(range_[ins.args[1]])) {
          llvm::Value* lo = iconst(static_cast<std::uint32_t>(ir::kLdexpMinK));
          llvm::Value* hi = iconst(static_cast<std::uint32_t>(ir::kLdexpMaxK));
          k = b_.CreateSelect(b_.CreateICmpSLT(k, lo), lo, k);
          k = b_.CreateSelect(b_.CreateICmpSGT(k, hi), hi, k);
        }
        llvm::Value* k1 = b_.CreateAShr(k, iconst(1));
        llvm::Value* k2 = b_.CreateSub(k, k1);
        r = b_.CreateFMul(b_.CreateFMul(a, pow2(k1)), pow2(k2));
        break;
      }
      case ir::Op::GetExp:
        r = b_.CreateSub(b_.CreateAnd(b_.CreateLShr(as_int(a), iconst(23)), iconst(0xff)), iconst(127));
        break;
      case ir::Op::GetMant:
        r = as_float(b_.CreateOr(b_.CreateAnd(as_int(a), iconst(0x807fffffu)), iconst(0x3f800000u)));
        break;
      case ir::Op::IAdd: r = b_.CreateAdd(a, c1); break;
      case ir::Op::ISub: r = b_.CreateSub(a, c1); break;
      case ir::Op::IMul: r = b_.CreateMul(a, c1); break;
      case ir::Op::Shl: r = b_.CreateShl(a, b_.CreateAnd(c1, iconst(31))); break;
      case ir::Op::Shr: r = b_.CreateLShr(a, b_.CreateAnd(c1, iconst(31))); break;
      case ir::Op::Sar: r = b_.CreateAShr(a, b_.CreateAnd(c1, iconst(31))); break;
      case ir::Op::And: r = b_.CreateAnd(a, c1); break;
      case ir::Op::Or: r = b_.CreateOr(a, c1); break;
      case ir::Op::Xor: r = b_.CreateXor(a, c1); break;
      case ir::Op::AsInt: r = as_int(a); break;
      case ir::Op::AsFloat: r = as_float(a); break;
      case ir::Op::Lt: r = b_.CreateFCmpOLT(a, c1); break;
      case ir::Op::Le: r = b_.CreateFCmpOLE(a, c1); break;
      case ir::Op::Eq: r = b_.CreateFCmpOEQ(a, c1); break;
      case ir::Op::ILt: r = b_.CreateICmpSLT(a, c1); break;
      case ir::Op::IEq: r = b_.CreateICmpEQ(a, c1); break;
      case ir::Op::MAnd: r = b_.CreateAnd(a, c1); break;
      case ir::Op::MOr: r = b_.CreateOr(a, c1); break;
      case ir::Op::MNot: r = b_.CreateNot(a); break;
      case ir::Op::Select: r = b_.CreateSelect(a, c1, c2); break;
      // Without a cold block (scalar loops, or nothing owned): a select.
      case ir::Op::Guard: r = b_.CreateSelect(a, c1, c2); break;
      case ir::Op::ISelect: r = b_.CreateSelect(a, c1, c2); break;
      case ir::Op::Core: err = instr_name(i, ins.op) + ": kernel still has a core hole"; return nullptr;
    }
    return r;
  }

  llvm::IRBuilder<>& b_;
  llvm::LLVMContext& ctx_;
  const ir::Program& p_;
  const LowerOptions& opt_;
  const std::vector<ir::Range>& range_;
  llvm::Type* f32_;
  llvm::Type* i32_;
  const std::vector<std::uint32_t>& owner_;
  std::vector<std::vector<std::uint32_t>> block_;
  std::vector<llvm::Value*> val_;
};

// Marks a loop so the vectoriser leaves it alone (the scalar remainder of the explicit
// vector loop runs fewer than `lanes` iterations).
void no_vectorize(llvm::BranchInst* latch) {
  llvm::LLVMContext& ctx = latch->getContext();
  llvm::Metadata* off[] = {llvm::MDString::get(ctx, "llvm.loop.vectorize.enable"),
                           llvm::ConstantAsMetadata::get(llvm::ConstantInt::getFalse(ctx))};
  llvm::Metadata* ops[] = {nullptr, llvm::MDNode::get(ctx, off)};
  llvm::MDNode* loop_id = llvm::MDNode::getDistinct(ctx, ops);
  loop_id->replaceOperandWith(0, loop_id);
  latch->setMetadata(llvm::LLVMContext::MD_loop, loop_id);
}

}  // namespace

std::string lower_into(llvm::Module& m, const ir::Program& kernel, const LowerOptions& opt) {
  if (std::string e = check_lowerable(kernel); !e.empty()) return e;
  llvm::LLVMContext& ctx = m.getContext();
  llvm::Type* f32 = llvm::Type::getFloatTy(ctx);
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

  const ir::Program p = ir::remove_dead_code(kernel);
  const std::vector<ir::Range> range = ir::value_ranges(p);
  const std::vector<std::uint32_t> owner = ir::guard_owners(p);
  const std::vector<std::uint32_t> no_owner(p.code.size(), ir::kNoGuard);
  const bool vector = opt.vector_lanes > 1 && owner != no_owner;
  auto* entry = llvm::BasicBlock::Create(ctx, "entry", fn);
  auto* exit = llvm::BasicBlock::Create(ctx, "exit", fn);
  llvm::IRBuilder<> b(entry);
  std::string err;
  llvm::Value* scalar_start = llvm::ConstantInt::get(i64, 0);
  llvm::BasicBlock* scalar_pre = entry;

  if (vector) {
    // for (i = 0; i < n - n % W; i += W) out[i..i+W) = P(in[i..i+W)): explicit vectors,
    // each guard's cold path behind an any-lane branch; then the scalar loop below for
    // the rest. Loads and stores are element-aligned, read all W lanes before writing
    // any, so in-place calls stay correct.
    const unsigned w = opt.vector_lanes;
    llvm::Value* nvec = b.CreateAnd(n, llvm::ConstantInt::get(i64, ~static_cast<std::uint64_t>(w - 1)));
    auto* vloop = llvm::BasicBlock::Create(ctx, "vloop", fn, exit);
    auto* vdone = llvm::BasicBlock::Create(ctx, "vdone", fn, exit);
    b.CreateCondBr(b.CreateICmpSGT(nvec, llvm::ConstantInt::get(i64, 0)), vloop, vdone);
    b.SetInsertPoint(vloop);
    llvm::PHINode* vi = b.CreatePHI(i64, 2, "vi");
    vi->addIncoming(llvm::ConstantInt::get(i64, 0), entry);
    BodyEmitter body(b, p, opt, range, owner, w);
    llvm::Value* vx = b.CreateAlignedLoad(body.f32(), b.CreateInBoundsGEP(f32, in, vi), llvm::Align(4), "vx");
    llvm::Value* vy = body.emit(vx, err);
    if (!vy) return err;
    b.CreateAlignedStore(vy, b.CreateInBoundsGEP(f32, out, vi), llvm::Align(4));
    llvm::Value* vnext = b.CreateAdd(vi, llvm::ConstantInt::get(i64, w), "vi.next", true, true);
    llvm::BasicBlock* vlatch = b.GetInsertBlock();  // the last join block when guards branch
    vi->addIncoming(vnext, vlatch);
    b.CreateCondBr(b.CreateICmpSLT(vnext, nvec), vloop, vdone);
    b.SetInsertPoint(vdone);
    llvm::PHINode* done_at = b.CreatePHI(i64, 2, "vend");
    done_at->addIncoming(llvm::ConstantInt::get(i64, 0), entry);
    done_at->addIncoming(vnext, vlatch);
    scalar_start = done_at;
    scalar_pre = vdone;
  }

  // for (i = start; i < n; ++i) out[i] = P(in[i]): scalar, widened by the loop vectoriser
  // when there is no explicit vector loop.
  auto* loop = llvm::BasicBlock::Create(ctx, "loop", fn, exit);
  b.CreateCondBr(b.CreateICmpSLT(scalar_start, n), loop, exit);
  b.SetInsertPoint(loop);
  llvm::PHINode* idx = b.CreatePHI(i64, 2, "i");
  idx->addIncoming(scalar_start, scalar_pre);
  llvm::Value* x = b.CreateLoad(f32, b.CreateInBoundsGEP(f32, in, idx), "x");
  BodyEmitter body(b, p, opt, range, no_owner, 1);
  llvm::Value* y = body.emit(x, err);
  if (!y) return err;
  b.CreateStore(y, b.CreateInBoundsGEP(f32, out, idx));
  llvm::Value* next = b.CreateAdd(idx, llvm::ConstantInt::get(i64, 1), "i.next", true, true);
  idx->addIncoming(next, loop);
  llvm::BranchInst* latch = b.CreateCondBr(b.CreateICmpEQ(next, n), exit, loop);
  if (vector) no_vectorize(latch);
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
