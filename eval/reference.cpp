#include "eval/reference.h"

#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "eval/ulp.h"

namespace uf::eval {

namespace {

// RAII mpfr_t.
struct Mp {
  mpfr_t v;
  explicit Mp(mpfr_prec_t bits) { mpfr_init2(v, bits); }
  ~Mp() { mpfr_clear(v); }
  Mp(const Mp&) = delete;
  Mp& operator=(const Mp&) = delete;
};

void check_ref(const Reference& ref) {
  if (!ref.exact) throw std::invalid_argument("reference '" + ref.name + "' has no MPFR function");
}

void check_bits(int bits) {
  if (bits < 32 || bits > 1 << 16) {
    throw std::invalid_argument("reference precision must be in [32, 65536] bits, got " +
                                std::to_string(bits));
  }
}

}  // namespace

double exact_to_double(const Reference& ref, float x, int bits) {
  check_ref(ref);
  check_bits(bits);
  Mp xm(24), r(bits);
  mpfr_set_flt(xm.v, x, MPFR_RNDN);
  ref.exact(r.v, xm.v);
  return mpfr_get_d(r.v, MPFR_RNDN);
}

// The definition of eval/ulp.h evaluated on v = f(x) at `bits`, as an upper bound: the
// result is never below the true error |y - f(x)| / ulp(f(x)).
//  - v is f(x) rounded to nearest (MPFR functions are correctly rounded; a reference
//    composed of several MPFR operations sets the inexact flag too), so when MPFR
//    reports the value inexact, |v - f(x)| < 2^(EXP(v) - bits) is added;
//  - |y - v| is computed at bits + 160 bits rounded away from zero (exact for any
//    float32 y and v of `bits` bits within the float range), the sum rounded upward;
//  - the division by the power of two ulp(v) is exact; the conversion to double rounds
//    upward.
// MPFR's flags are thread-local when MPFR is built with TLS (Debian's is); without TLS
// every value is treated as inexact.
double exact_ulp_error(const Reference& ref, float x, float y, int bits) {
  check_ref(ref);
  check_bits(bits);
  constexpr double kInf = std::numeric_limits<double>::infinity();
  static const bool tls_flags = mpfr_buildopt_tls_p() != 0;
  Mp xm(24), v(bits);
  mpfr_set_flt(xm.v, x, MPFR_RNDN);
  mpfr_clear_inexflag();
  ref.exact(v.v, xm.v);
  const bool inexact = !tls_flags || mpfr_inexflag_p() != 0;

  if (mpfr_nan_p(v.v)) return std::isnan(y) ? 0.0 : kInf;
  if (std::isnan(y)) return kInf;
  if (mpfr_inf_p(v.v)) {
    return std::isinf(y) && (std::signbit(y) != 0) == (mpfr_signbit(v.v) != 0) ? 0.0 : kInf;
  }
  Mp yy(bits + 160);
  if (std::isinf(y)) {
    if ((std::signbit(y) != 0) != (mpfr_signbit(v.v) != 0)) return kInf;
    // |v| >= 2^128: no finite float32 is nearer than the overflow value.
    if (!mpfr_zero_p(v.v) && mpfr_get_exp(v.v) - 1 >= 128) return 0.0;
    mpfr_set_ui_2exp(yy.v, 1, 128, MPFR_RNDN);
    if (std::signbit(y)) mpfr_neg(yy.v, yy.v, MPFR_RNDN);
  } else {
    mpfr_set_flt(yy.v, y, MPFR_RNDN);
  }
  // ulp(v) as a power of two 2^u.
  long u;
  if (mpfr_zero_p(v.v) || mpfr_get_exp(v.v) - 1 < -126) {
    u = -149;
  } else if (mpfr_get_exp(v.v) - 1 >= 127) {
    u = 104;
  } else {
    u = static_cast<long>(mpfr_get_exp(v.v)) - 1 - 23;  // v = m * 2^exp, m in [0.5, 1)
  }
  mpfr_sub(yy.v, yy.v, v.v, MPFR_RNDA);
  mpfr_abs(yy.v, yy.v, MPFR_RNDN);  // exact
  if (inexact && !mpfr_zero_p(v.v)) {
    Mp slack(32);
    mpfr_set_ui_2exp(slack.v, 1, mpfr_get_exp(v.v) - bits, MPFR_RNDN);  // exact power of two
    mpfr_add(yy.v, yy.v, slack.v, MPFR_RNDU);
  }
  mpfr_div_2si(yy.v, yy.v, u, MPFR_RNDN);  // exact: a power of two
  return mpfr_get_d(yy.v, MPFR_RNDU);
}

// ---------------------------------------------------------------------------------
// Cache file layout (little-endian, as written by this machine):
//   char[8]  magic "UFREFVAL"
//   u32      format version (kVersion; bump when the layout or the precision changes)
//   u32      reference precision in bits (128)
//   u32      name length L, then L bytes of the reference name
//   u64      point count N
//   u64      hash of the point bit patterns
//   f64[N]   payload: reference values in point order
//   u64      checksum: FNV-1a over every preceding byte of the file
// The file name repeats (name, N, hash) so different point sets do not collide; the
// header is checked anyway so a renamed or mismatched file is never trusted.

namespace {

constexpr char kMagic[8] = {'U', 'F', 'R', 'E', 'F', 'V', 'A', 'L'};
constexpr std::uint32_t kVersion = 1;
constexpr std::uint32_t kBits = 128;

struct Fnv {
  std::uint64_t h = 0xcbf29ce484222325ull;
  void add(const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) {
      h ^= b[i];
      h *= 0x100000001b3ull;
    }
  }
};

std::uint64_t hash_points(const std::vector<float>& x) {
  Fnv f;
  f.add(x.data(), x.size() * sizeof(float));
  return f.h;
}

std::string safe_name(const std::string& s) {
  std::string r;
  for (char c : s) r += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') ? c : '_';
  return r.empty() ? "ref" : r;
}

template <class T>
void put(std::string& buf, const T& v) {
  buf.append(reinterpret_cast<const char*>(&v), sizeof(T));
}

std::string header_bytes(const std::string& name, std::uint64_t n, std::uint64_t hash) {
  std::string buf(kMagic, 8);
  put(buf, kVersion);
  put(buf, kBits);
  put(buf, static_cast<std::uint32_t>(name.size()));
  buf += name;
  put(buf, n);
  put(buf, hash);
  return buf;
}

// Returns true and fills `out` when `path` holds a valid cache for this point set;
// otherwise explains on stderr (unless the file simply does not exist).
bool load_cache(const std::filesystem::path& path, const std::string& name,
                const std::vector<float>& x, std::uint64_t hash, std::vector<double>& out) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  auto reject = [&](const std::string& why) {
    std::cerr << "ulpforge: reference cache " << path.string() << " " << why
              << "; recomputing\n";
    return false;
  };
  if (!in) return reject("cannot be opened");
  const std::string expect = header_bytes(name, x.size(), hash);
  const std::uint64_t want_size = expect.size() + x.size() * 8 + 8;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return reject("cannot be sized");
  std::string buf(static_cast<std::size_t>(std::min<std::uint64_t>(size, want_size + 1)), '\0');
  in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
  if (static_cast<std::uint64_t>(in.gcount()) != buf.size()) return reject("could not be read");
  if (buf.size() < expect.size() || std::memcmp(buf.data(), kMagic, 8) != 0) {
    return reject(buf.size() < 8 ? "is truncated" : "has a bad header (not a ulpforge cache)");
  }
  if (buf.compare(0, expect.size(), expect) != 0) {
    return reject("has a mismatching header (version, reference or point set)");
  }
  if (size != want_size) {
    return reject(size < want_size ? "is truncated" : "is longer than its header says");
  }
  Fnv f;
  f.add(buf.data(), buf.size() - 8);
  std::uint64_t sum;
  std::memcpy(&sum, buf.data() + buf.size() - 8, 8);
  if (sum != f.h) return reject("is corrupt (checksum mismatch)");
  out.resize(x.size());
  std::memcpy(out.data(), buf.data() + expect.size(), x.size() * 8);
  return true;
}

void store_cache(const std::filesystem::path& path, const std::string& name,
                 const std::vector<float>& x, std::uint64_t hash, const std::vector<double>& v) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  std::string buf = header_bytes(name, x.size(), hash);
  buf.append(reinterpret_cast<const char*>(v.data()), v.size() * 8);
  Fnv f;
  f.add(buf.data(), buf.size());
  put(buf, f.h);
  // Unique temporary name in the same directory, then an atomic rename.
  static std::atomic<unsigned> counter{0};
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  {
    std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
    o.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    o.flush();
    if (!o) {
      std::cerr << "ulpforge: cannot write reference cache " << tmp.string() << "\n";
      std::filesystem::remove(tmp, ec);
      return;
    }
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::cerr << "ulpforge: cannot install reference cache " << path.string() << ": "
              << ec.message() << "\n";
    std::filesystem::remove(tmp, ec);
  }
}

}  // namespace

std::vector<double> reference_values(const Reference& ref, const std::vector<float>& x,
                                     const std::filesystem::path& cache_dir) {
  check_ref(ref);
  const std::uint64_t hash = hash_points(x);
  std::filesystem::path path;
  std::vector<double> out;
  if (!cache_dir.empty()) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    path = cache_dir / (safe_name(ref.name) + "-" + std::to_string(x.size()) + "-" + hex + ".ref");
    if (load_cache(path, ref.name, x, hash, out)) return out;
  }
  out.assign(x.size(), 0.0);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, x.size(), 256),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      Mp xm(24), v(kBits);
                      for (std::size_t i = r.begin(); i != r.end(); ++i) {
                        mpfr_set_flt(xm.v, x[i], MPFR_RNDN);
                        ref.exact(v.v, xm.v);
                        out[i] = mpfr_get_d(v.v, MPFR_RNDN);
                      }
                    });
  if (!cache_dir.empty()) store_cache(path, ref.name, x, hash, out);
  return out;
}

std::filesystem::path default_cache_dir() {
  if (const char* e = std::getenv("ULPFORGE_CACHE"); e && *e) return e;
  if (const char* e = std::getenv("XDG_CACHE_HOME"); e && *e) {
    return std::filesystem::path(e) / "ulpforge";
  }
  if (const char* e = std::getenv("HOME"); e && *e) {
    return std::filesystem::path(e) / ".cache" / "ulpforge";
  }
  return std::filesystem::temp_directory_path() / "ulpforge-cache";
}

void release_thread_caches() { mpfr_free_cache2(MPFR_FREE_LOCAL_CACHE); }

}  // namespace uf::eval
