#include "jit/header_functions.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include "jit/llvm_detail.h"

namespace uf::jit::detail {
namespace {

struct BodyVocab {
  const char* vtype;   // C type of a value ("float", "__m512", ...)
  const char* suffix;  // of the function name ("", "_m512", ...)
  unsigned lanes;
};

BodyVocab vocab(Body b) {
  switch (b) {
    case Body::Avx512: return {"__m512", "_m512", 16};
    case Body::Avx2: return {"__m256", "_m256", 8};
    case Body::Neon: return {"float32x4_t", "_f32x4", 4};
    case Body::Scalar: break;
  }
  return {"float", "", 1};
}

Backend backend(Body b) {
  switch (b) {
    case Body::Avx512: return avx512_backend();
    case Body::Avx2: return avx2_backend();
    case Body::Neon: return neon_backend();
    case Body::Scalar: break;
  }
  return scalar_backend();
}

// The output pointers of one array call: "out" or "out_sin", "out_cos", ...
std::vector<std::string> out_arrays(const KernelCode& k) {
  if (k.outs.empty()) return {"out"};
  std::vector<std::string> v;
  for (const std::string& o : k.outs) v.push_back("out_" + o);
  return v;
}

// One vector step: the kernel's vector function on `load`, each result stored with
// `store(pointer, value)` ("%p" and "%v" in the pattern).
std::string vector_step(const KernelCode& k, const std::string& fn, const BodyVocab& v, const std::string& load,
                        const std::string& store) {
  const std::vector<std::string> outs = out_arrays(k);
  const auto put = [&](const std::string& p, const std::string& val) {
    return replace_all(replace_all(store, "%p", p + " + i"), "%v", val);
  };
  if (k.outs.empty()) return put(outs[0], fn + v.suffix + "(" + load + ")") + ";";
  std::string s = "{ " + std::string(v.vtype) + " ";
  for (std::size_t j = 0; j < outs.size(); ++j) s += (j ? ", r" : "r") + std::to_string(j);
  s += "; " + fn + v.suffix + "(" + load;
  for (std::size_t j = 0; j < outs.size(); ++j) s += ", &r" + std::to_string(j);
  s += ");";
  for (std::size_t j = 0; j < outs.size(); ++j) s += " " + put(outs[j], "r" + std::to_string(j)) + ";";
  return s + " }";
}

// The scalar function on element i.
std::string scalar_step(const KernelCode& k, const std::string& fn) {
  const std::vector<std::string> outs = out_arrays(k);
  if (k.outs.empty()) return "out[i] = " + fn + "(in[i]);";
  std::string s = fn + "(in[i]";
  for (const std::string& o : outs) s += ", " + o + " + i";
  return s + ");";
}

}  // namespace

KernelCode KernelCode::single(const ir::Program& p) {
  return KernelCode{p, {p.result}, {}, ir::value_ranges(p)};
}

KernelCode KernelCode::fused(const ir::MultiProgram& m, std::vector<std::string> names) {
  return KernelCode{m.code, m.outputs, std::move(names), ir::value_ranges(m.code)};
}

std::string body_function(const KernelCode& k, Body b, const std::string& fn, const std::string& attr) {
  const BodyVocab v = vocab(b);
  std::ostringstream s;
  s << attr << (attr.empty() ? "" : " ") << "static inline " << (k.outs.empty() ? v.vtype : "void") << " " << fn
    << v.suffix << "(" << v.vtype << " x";
  std::vector<std::string> lvalues;
  for (const std::string& o : k.outs) {
    s << ", " << v.vtype << "* out_" << o;
    lvalues.push_back("*out_" + o);
  }
  s << ") {\n" << kernel_body(k.p, k.roots, k.range, backend(b), "  ", lvalues) << "}\n";
  return s.str();
}

std::string array_params(const KernelCode& k) {
  std::string s = "const float* in";
  for (const std::string& o : out_arrays(k)) s += ", float* " + o;
  return s + ", size_t n";
}

std::string array_args(const KernelCode& k) {
  std::string s = "in";
  for (const std::string& o : out_arrays(k)) s += ", " + o;
  return s + ", n";
}

std::string check_fused(const ir::MultiProgram& m, const std::vector<std::string>& outputs) {
  if (std::string e = check_lowerable(m.code); !e.empty()) return e;
  if (m.outputs.empty()) return "a fused kernel needs at least one result";
  if (outputs.size() != m.outputs.size())
    return "the fused kernel has " + std::to_string(m.outputs.size()) + " results but " +
           std::to_string(outputs.size()) + " output names";
  std::set<std::string> seen;
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const std::string& o = outputs[i];
    const bool ident = !o.empty() && !std::isdigit(static_cast<unsigned char>(o[0])) &&
                       std::all_of(o.begin(), o.end(), [](char c) {
                         return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                       });
    if (!ident || !seen.insert(o).second) return "output name '" + o + "' is not a distinct C identifier";
    if (m.outputs[i] >= m.code.code.size() || m.code.type_of(m.outputs[i]) != ir::Type::F32)
      return "result " + std::to_string(i) + " is not an f32 value of the kernel";
  }
  return "";
}

std::string array_function(const KernelCode& k, Body b, const std::string& fn, const std::string& name,
                           const std::string& attr) {
  const BodyVocab v = vocab(b);
  std::ostringstream s;
  s << attr << (attr.empty() ? "" : " ") << "static inline void " << name << "(" << array_params(k) << ") {\n";
  // x86: full vectors, then the tail through a lane mask (no element past n is read or
  // written); the load and store forms of each ISA, %p the array, %v the value.
  struct X86Loop {
    const char *load, *store, *mask, *mload, *mstore;
  };
  const auto x86 = [&](const X86Loop& l) {
    s << "  size_t i = 0;\n"
      << "  for (; i + " << v.lanes << " <= n; i += " << v.lanes << ") " << vector_step(k, fn, v, l.load, l.store)
      << "\n  if (i < n) {\n" << l.mask << "    " << vector_step(k, fn, v, l.mload, l.mstore) << "\n  }\n";
  };
  switch (b) {
    case Body::Avx512:
      x86({"_mm512_loadu_ps(in + i)", "_mm512_storeu_ps(%p, %v)",
           "    const __mmask16 m = (__mmask16)((1u << (unsigned)(n - i)) - 1u);\n",
           "_mm512_maskz_loadu_ps(m, in + i)", "_mm512_mask_storeu_ps(%p, m, %v)"});
      break;
    case Body::Avx2:
      x86({"_mm256_loadu_ps(in + i)", "_mm256_storeu_ps(%p, %v)",
           "    const __m256i m = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(n - i)),\n"
           "                                         _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));\n",
           "_mm256_maskload_ps(in + i, m)", "_mm256_maskstore_ps(%p, m, %v)"});
      break;
    case Body::Neon:
      s << "  size_t i = 0;\n"
        << "  for (; i + 4 <= n; i += 4) " << vector_step(k, fn, v, "vld1q_f32(in + i)", "vst1q_f32(%p, %v)") << "\n"
        << "  for (; i < n; ++i) " << scalar_step(k, fn) << "\n";
      break;
    case Body::Scalar:
      s << "  size_t i;\n  for (i = 0; i < n; ++i) " << scalar_step(k, fn) << "\n";
      break;
  }
  s << "}\n";
  return s.str();
}

}  // namespace uf::jit::detail
