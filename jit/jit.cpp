#include "jit/jit.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

#include <llvm/Config/llvm-config.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/Support/Error.h>
#include <llvm/TargetParser/Host.h>

#include "jit/llvm_detail.h"

namespace uf::jit {
namespace {

std::uint64_t program_hash(const ir::Program& p) {
  // FNV-1a over every field of every instruction and the result index.
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](std::uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      h ^= (v >> (8 * i)) & 0xffu;
      h *= 1099511628211ull;
    }
  };
  mix(p.code.size());
  mix(p.result);
  for (const ir::Instr& ins : p.code) {
    mix(static_cast<std::uint64_t>(ins.op));
    mix(ins.args[0] | (static_cast<std::uint64_t>(ins.args[1]) << 32));
    mix(ins.args[2] | (static_cast<std::uint64_t>(ins.imm) << 32));
  }
  return h;
}

std::string to_string(llvm::Error e) {
  std::string s;
  llvm::handleAllErrors(std::move(e), [&s](const llvm::ErrorInfoBase& ei) {
    if (!s.empty()) s += "; ";
    s += ei.message();
  });
  return s;
}

class HostJit {
 public:
  static HostJit& get() {
    // Never destroyed: compiled code must outlive every Kernel copy held by static
    // objects of other translation units.
    static HostJit* jit = new HostJit();
    return *jit;
  }

  Expected<Kernel> compile(const ir::Program& p) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!init_error_.empty()) {
      ++stats_.failures;
      return Expected<Kernel>::fail("host JIT unavailable: " + init_error_);
    }
    const std::uint64_t h = program_hash(p);
    auto range = cache_.equal_range(h);
    for (auto it = range.first; it != range.second; ++it) {
      if (it->second.first == p) {
        ++stats_.cache_hits;
        Kernel k = it->second.second;
        k.compile_seconds = 0;
        return Expected<Kernel>::ok(k);
      }
    }
    const auto t0 = std::chrono::steady_clock::now();
    Expected<Kernel> r = compile_uncached(p);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!r) {
      ++stats_.failures;
      return r;
    }
    r->compile_seconds = secs;
    ++stats_.compiles;
    stats_.compile_seconds += secs;
    cache_.emplace(h, std::make_pair(p, *r));
    return r;
  }

  Expected<Kernel> compile_fresh(const ir::Program& p) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!init_error_.empty()) return Expected<Kernel>::fail("host JIT unavailable: " + init_error_);
    const auto t0 = std::chrono::steady_clock::now();
    Expected<Kernel> r = compile_uncached(p);
    if (r) r->compile_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
  }

  JitStats stats() {
    std::lock_guard<std::mutex> lock(mu_);
    return stats_;
  }

  const std::string& cpu() const { return cpu_; }
  bool avx512() const { return avx512_; }
  ir::Isa isa() const {
    return avx512_ ? ir::Isa::Avx512 : llvm::Triple(triple_).isAArch64() ? ir::Isa::Neon : ir::Isa::Avx2;
  }

 private:
  HostJit() {
    detail::init_targets();
    cpu_ = detail::host_cpu();
    features_ = detail::host_features();
    avx512_ = detail::host_has_avx512();
    auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
    if (!jtmb) {
      init_error_ = to_string(jtmb.takeError());
      return;
    }
    jtmb->setCPU(cpu_);
    jtmb->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
    jtmb->getOptions().AllowFPOpFusion = llvm::FPOpFusion::Strict;
    triple_ = jtmb->getTargetTriple().str();
    auto tm = jtmb->createTargetMachine();
    if (!tm) {
      init_error_ = to_string(tm.takeError());
      return;
    }
    tm_ = std::move(*tm);
    auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*jtmb)).create();
    if (!jit) {
      init_error_ = to_string(jit.takeError());
      return;
    }
    jit_ = std::move(*jit);
  }

  Expected<Kernel> compile_uncached(const ir::Program& p) {
    auto ctx = std::make_unique<llvm::LLVMContext>();
    auto m = std::make_unique<llvm::Module>("ulpforge_jit", *ctx);
    m->setTargetTriple(triple_);
    m->setDataLayout(tm_->createDataLayout());
    LowerOptions opt;
    opt.function_name = "uf_jit_" + std::to_string(next_id_++);
    opt.prefer_512 = avx512_;
    opt.native_saturating_f2i = llvm::Triple(triple_).isAArch64();
    opt.vector_lanes = ir::vector_lanes(isa());
    opt.cpu = cpu_;
    opt.features = features_;
    if (std::string e = detail::lower_into(*m, p, opt); !e.empty()) {
      return Expected<Kernel>::fail(e);
    }
    detail::optimize_module(*m, *tm_);
    if (llvm::Error e = jit_->addIRModule(llvm::orc::ThreadSafeModule(std::move(m), std::move(ctx)))) {
      return Expected<Kernel>::fail("JIT rejected module: " + to_string(std::move(e)));
    }
    auto sym = jit_->lookup(opt.function_name);
    if (!sym) return Expected<Kernel>::fail("JIT compile failed: " + to_string(sym.takeError()));
    Kernel k;
    k.fn = sym->toPtr<RawKernelFn>();
    return Expected<Kernel>::ok(k);
  }

  std::mutex mu_;
  std::string init_error_;
  std::string cpu_, features_, triple_;
  bool avx512_ = false;
  std::unique_ptr<llvm::TargetMachine> tm_;
  std::unique_ptr<llvm::orc::LLJIT> jit_;
  std::uint64_t next_id_ = 0;
  std::unordered_multimap<std::uint64_t, std::pair<ir::Program, Kernel>> cache_;
  JitStats stats_;
};

double measure_tsc_hz() {
#if defined(__x86_64__) || defined(__i386__)
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  const unsigned long long c0 = __rdtsc();
  auto t1 = t0;
  while (std::chrono::duration<double>((t1 = clock::now()) - t0).count() < 0.02) {
  }
  const unsigned long long c1 = __rdtsc();
  const double secs = std::chrono::duration<double>(t1 - t0).count();
  return static_cast<double>(c1 - c0) / secs;
#else
  return 1e9;
#endif
}

}  // namespace

Expected<Kernel> compile(const ir::Program& kernel) { return HostJit::get().compile(kernel); }

Expected<Kernel> compile_uncached(const ir::Program& kernel) {
  return HostJit::get().compile_fresh(kernel);
}

JitStats stats() { return HostJit::get().stats(); }

std::string llvm_version() { return LLVM_VERSION_STRING; }

std::string host_cpu_name() { return HostJit::get().cpu(); }
bool host_has_avx512() { return HostJit::get().avx512(); }
ir::Isa host_isa() { return HostJit::get().isa(); }

double tsc_hz() {
  static const double hz = measure_tsc_hz();
  return hz;
}

double measure_cycles_per_element(const Kernel& k, const CycleOptions& opt) {
  constexpr std::size_t kN = 4096;
  std::vector<float> in;
  if (!opt.inputs.empty()) {
    in.assign(opt.inputs.begin(), opt.inputs.end());
  } else {
    in.resize(kN);
    for (std::size_t i = 0; i < kN; ++i) {
      in[i] = static_cast<float>(opt.lo + (opt.hi - opt.lo) * (static_cast<double>(i) / (kN - 1)));
    }
  }
  std::vector<float> out(in.size());
  const int samples = std::max(1, opt.samples);
  const int calls = std::max(1, opt.calls_per_sample);
  k(in.data(), out.data(), in.size());  // warm-up: caches, page faults
  std::vector<double> ns(static_cast<std::size_t>(samples));
  for (double& s : ns) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int c = 0; c < calls; ++c) k(in.data(), out.data(), in.size());
    const auto t1 = std::chrono::steady_clock::now();
    s = std::chrono::duration<double, std::nano>(t1 - t0).count();
  }
  std::nth_element(ns.begin(), ns.begin() + samples / 2, ns.end());
  const double per_elem_ns = ns[static_cast<std::size_t>(samples / 2)] /
                             (static_cast<double>(calls) * static_cast<double>(in.size()));
  return per_elem_ns * tsc_hz() * 1e-9;
}

Expected<double> measure_cycles_per_element(const ir::Program& kernel, const CycleOptions& opt) {
  Expected<Kernel> k = compile(kernel);
  if (!k) return Expected<double>::fail(k.error);
  return Expected<double>::ok(measure_cycles_per_element(*k, opt));
}

}  // namespace uf::jit
