// Offline coefficient fitter: weighted least squares + Lawson iterations (near-minimax),
// then sequential rounding of coefficients to float32 with refit of the remaining ones.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>
using LD = long double;
using F = std::function<LD(LD)>;

// Solve min ||W(A c - b)|| by Householder QR; A is m x n row-major.
static std::vector<LD> lsq(std::vector<std::vector<LD>> A, std::vector<LD> b) {
  size_t m = A.size(), n = A[0].size();
  for (size_t k = 0; k < n; ++k) {
    LD norm = 0; for (size_t i = k; i < m; ++i) norm += A[i][k] * A[i][k];
    norm = std::sqrt(norm); if (A[k][k] > 0) norm = -norm;
    std::vector<LD> v(m, 0); for (size_t i = k; i < m; ++i) v[i] = A[i][k];
    v[k] -= norm;
    LD vn = 0; for (size_t i = k; i < m; ++i) vn += v[i] * v[i];
    if (vn == 0) continue;
    for (size_t j = k; j < n; ++j) { LD s = 0; for (size_t i = k; i < m; ++i) s += v[i] * A[i][j];
      s = 2 * s / vn; for (size_t i = k; i < m; ++i) A[i][j] -= s * v[i]; }
    { LD s = 0; for (size_t i = k; i < m; ++i) s += v[i] * b[i]; s = 2 * s / vn;
      for (size_t i = k; i < m; ++i) b[i] -= s * v[i]; }
  }
  std::vector<LD> c(n);
  for (size_t k = n; k-- > 0;) { LD s = b[k]; for (size_t j = k + 1; j < n; ++j) s -= A[k][j] * c[j]; c[k] = s / A[k][k]; }
  return c;
}

// Approximates f(r) ~ fixed(r) + sum_j c_j r^pw[j] on [lo,hi], relative error if rel.
struct Fit { std::vector<int> pw; std::vector<float> c; LD maxerr; };
static Fit fit(F f, LD lo, LD hi, F fixed, std::vector<int> pw, bool rel, int m = 600) {
  std::vector<LD> xs;
  for (int i = 0; i < m; ++i) xs.push_back((lo + hi) / 2 + (hi - lo) / 2 * std::cos(M_PIl * (i + 0.5L) / m));
  xs.push_back(lo); xs.push_back(hi);
  std::vector<float> out;
  std::vector<int> free = pw;
  std::vector<LD> fixedc;  // rounded so far
  auto resid_fixed = [&](LD x) { LD s = fixed(x); for (size_t j = 0; j < fixedc.size(); ++j) s += fixedc[j] * std::pow(x, pw[j]); return s; };
  LD lasterr = 0;
  while (fixedc.size() < pw.size()) {
    size_t k0 = fixedc.size(), n = pw.size() - k0;
    std::vector<LD> w(xs.size(), 1), c;
    for (int it = 0; it < 60; ++it) {
      std::vector<std::vector<LD>> A(xs.size(), std::vector<LD>(n)); std::vector<LD> b(xs.size());
      for (size_t i = 0; i < xs.size(); ++i) {
        LD x = xs[i], sc = rel ? 1 / std::fabs(f(x)) : 1; sc *= std::sqrt(w[i]);
        for (size_t j = 0; j < n; ++j) A[i][j] = std::pow(x, pw[k0 + j]) * sc;
        b[i] = (f(x) - resid_fixed(x)) * sc;
      }
      c = lsq(A, b);
      LD tot = 0; std::vector<LD> e(xs.size());
      for (size_t i = 0; i < xs.size(); ++i) { LD x = xs[i]; LD y = resid_fixed(x); for (size_t j = 0; j < n; ++j) y += c[j] * std::pow(x, pw[k0 + j]);
        e[i] = std::fabs(y - f(x)) / (rel ? std::fabs(f(x)) : 1); }
      for (size_t i = 0; i < xs.size(); ++i) { w[i] *= e[i] + 1e-30L; tot += w[i]; }
      for (auto& wi : w) wi /= tot;
    }
    fixedc.push_back((LD)(float)c[0]);
  }
  LD mx = 0;
  for (int i = 0; i <= 20000; ++i) { LD x = lo + (hi - lo) * i / 20000; LD y = resid_fixed(x);
    LD e = std::fabs(y - f(x)) / (rel ? std::fabs(f(x)) : 1); if (e > mx) mx = e; }
  for (auto v : fixedc) out.push_back((float)v);
  return {pw, out, mx};
}

static void show(const char* name, const Fit& r) {
  std::printf("%s: maxerr %.3Le (2^%.1Lf)\n", name, r.maxerr, std::log2(r.maxerr));
  for (size_t j = 0; j < r.c.size(); ++j) std::printf("  r^%d: %a  (%.9g)\n", r.pw[j], r.c[j], r.c[j]);
}

int main(int argc, char** argv) {
  std::string w = argc > 1 ? argv[1] : "all";
  auto zero = [](LD) { return 0.0L; };
  auto ident = [](LD x) { return x; };
  LD ln2 = std::log(2.0L);
  auto range = [](int a, int b, int step) { std::vector<int> v; for (int i = a; i <= b; i += step) v.push_back(i); return v; };
  int deg = argc > 2 ? std::atoi(argv[2]) : 0;
  if (w == "exp") { // e^r on [-0.3466*1.01]
    LD h = ln2 / 2 * 1.0002L;
    show("exp", fit([](LD x) { return std::exp(x); }, -h, h, [](LD x){return 1.0L + x;}, range(2, deg ? deg : 6, 1), true));
  }
  if (w == "exp2") {
    show("exp2", fit([](LD x) { return std::exp2(x); }, -0.5L, 0.5L, [](LD){return 1.0L;}, range(1, deg ? deg : 6, 1), true));
  }
  if (w == "exp10") { // 10^r on [-log10(2)/2, log10(2)/2] widened by 2e-4 relative
    LD h = std::log10(2.0L) / 2 * 1.0002L;
    show("exp10", fit([](LD x) { return std::exp(x * std::log(10.0L)); }, -h, h, [](LD){return 1.0L;}, range(1, deg ? deg : 6, 1), true));
  }
  if (w == "expm1") { // expm1(r) on [-ln2/2, ln2/2] widened by 2e-4 relative; fixed r
    LD h = std::log(2.0L) / 2 * 1.0002L;
    show("expm1", fit([](LD x) { return std::expm1(x); }, -h, h, ident, range(2, deg ? deg : 7, 1), true));
  }
  if (w == "sinh") { LD h = std::atof(argv[3]);
    show("sinh", fit([](LD x) { return std::sinh(x); }, 1e-6L, h, ident, range(3, deg ? deg : 13, 2), true)); }
  if (w == "log1p") { // log1p(r), r in [sqrt(1/2)-1, sqrt2-1]; fixed r
    show("log1p", fit([](LD x) { return std::log1p(x); }, std::sqrt(0.5L) - 1, std::sqrt(2.0L) - 1, ident, range(2, deg ? deg : 9, 1), true));
  }
  if (w == "log2") { // log2(1+r): fixed part none; c1 split separately
    LD l2e = 1 / ln2; float hi = (float)l2e; LD lo = l2e - hi;
    std::printf("c1hi %a c1lo %a\n", hi, (float)lo);
    show("log2p", fit([](LD x) { return std::log1p(x) / std::log(2.0L); }, std::sqrt(0.5L) - 1, std::sqrt(2.0L) - 1,
                      [=](LD x){ return x * (LD)hi + x * (LD)(float)lo; }, range(2, deg ? deg : 9, 1), true));
  }
  if (w == "log10") { // log10(1+r): c1 = 1/ln10 split as log2's
    LD c1 = 1 / std::log(10.0L); float hi = (float)c1; LD lo = c1 - hi;
    std::printf("c1hi %a c1lo %a\n", hi, (float)lo);
    show("log10p", fit([](LD x) { return std::log1p(x) / std::log(10.0L); }, std::sqrt(0.5L) - 1, std::sqrt(2.0L) - 1,
                       [=](LD x){ return x * (LD)hi + x * (LD)(float)lo; }, range(2, deg ? deg : 9, 1), true));
  }
  if (w == "coshtail") { LD h = std::atof(argv[3]);  // cosh(t) - 1 = t^2 (c2 + c4 t^2 + ...), relative to cosh
    auto tail = [](LD x) { return 2 * std::sinh(x / 2) * std::sinh(x / 2); };
    std::vector<int> pw = range(2, deg ? deg : 10, 2);
    show("coshtail", fit(tail, 1e-4L, h, zero, pw, true)); }
  if (w == "atantail") {  // atan(u) - u = u^3 (c3 + c5 u^2 + ...) on [0, 1]
    show("atantail", fit([](LD x) { return std::atan(x) - x; }, 1e-3L, 1.0L, zero, range(3, deg ? deg : 19, 2), true)); }
  if (w == "asinratio") {  // (asin(sqrt v) - sqrt v) / v^(3/2) = c0 + c1 v + ... on [0, 1/4]
    auto f = [](LD v) { LD u = std::sqrt(v); return (std::asin(u) - u) / (v * u); };
    show("asinratio", fit(f, 1e-4L, 0.25L, zero, range(0, deg ? deg : 6, 1), true)); }
  if (w == "cbrt") {  // cbrt(m) = c0 + c1 m + ... on [1, 2]
    show("cbrt", fit([](LD m) { return std::cbrt(m); }, 1.0L, 2.0L, zero, range(0, deg ? deg : 4, 1), true)); }
  if (w == "atanhratio") {  // (atanh(sqrt v) - sqrt v) / v^(3/2) = 1/3 + v/5 + ... on [0, 1/4]
    auto f = [](LD v) { LD u = std::sqrt(v); return (std::atanh(u) - u) / (v * u); };
    show("atanhratio", fit(f, 1e-4L, 0.25L, zero, range(0, deg ? deg : 6, 1), true)); }
  if (w == "asinhratio") {  // (asinh(sqrt v) - sqrt v) / v^(3/2) = -1/6 + 3v/40 - ... on [0, 1/4]
    auto f = [](LD v) { LD u = std::sqrt(v); return (std::asinh(u) - u) / (v * u); };
    show("asinhratio", fit(f, 1e-4L, 0.25L, zero, range(0, deg ? deg : 6, 1), true)); }
  if (w == "sin") { LD h = 0.7875L;
    show("sin", fit([](LD x) { return std::sin(x); }, 1e-6L, h, ident, range(3, deg ? deg : 9, 2), true)); }
  if (w == "costail") { LD h = 0.7875L;  // cos(r) - 1 + r^2/2 = r^4 (c4 + c6 r^2 + ...)
    auto tail = [](LD x) { if (std::fabs(x) >= 0.125L) return std::cos(x) - 1 + x * x / 2;
      LD x2 = x * x, t = 0, term = x2 * x2 / 24; for (int n = 4; n < 40; n += 2) { t += term; term *= -x2 / ((n + 1) * (n + 2)); } return t; };
    show("costail", fit(tail, 1e-3L, h, zero, range(4, deg ? deg : 8, 2), true)); }
  if (w == "cos") { LD h = 0.7875L;
    show("cos", fit([](LD x) { return std::cos(x); }, 0, h, [](LD){return 1.0L;}, range(2, deg ? deg : 10, 2), true)); }
  if (w == "tanh") { LD h = std::atof(argv[3]);
    show("tanh", fit([](LD x) { return std::tanh(x); }, 1e-6L, h, ident, range(3, deg ? deg : 15, 2), true)); }
  if (w == "erf0") { LD h = std::atof(argv[3]);
    LD c1 = 2 / std::sqrt(M_PIl); float hi = (float)c1; float lo = (float)(c1 - hi);
    std::printf("c1hi %a c1lo %a\n", hi, lo);
    show("erf0", fit([](LD x) { return std::erf(x); }, 1e-6L, h, [=](LD x){ return x * (LD)hi + x * (LD)lo; }, range(3, deg ? deg : 15, 2), true)); }
  if (w == "erfc0") { LD h = std::atof(argv[3]);  // erfc = 1 - c1hi t - (erf(t) - c1hi t): the tail
    LD c1 = 2 / std::sqrt(M_PIl); float hi = (float)c1;
    std::printf("c1hi %a\n", hi);
    show("erfc0", fit([=](LD x) { return std::erf(x) - x * (LD)hi; }, 1e-6L, h, zero, range(1, deg ? deg : 11, 2), false)); }
  if (w == "erfch") {  // h(t) = log(erfc(t)) + t^2 = Hhi + Hlo + core(t - m) on [a, b]
    LD a = std::atof(argv[3]), b = std::atof(argv[4]), m = std::atof(argv[5]);
    auto hf = [](LD x) { return std::log(std::erfc(x)) + x * x; };
    float hi = (float)hf(m); float lo = (float)(hf(m) - hi);
    std::printf("m %a Hhi %a Hlo %a\n", (float)m, hi, lo);
    show("erfch", fit([=](LD r) { return hf(m + r) - hi - lo; }, a - m, b - m, zero, range(1, deg, 1), false)); }
  if (w == "erfcg") {  // log G(v), G = sqrt(pi) t e^(t^2) erfc(t), v = 1/t^2 in [1/b^2, 1/a^2]: Chi + Clo + core(v)
    LD a = std::atof(argv[3]), b = std::atof(argv[4]);
    auto lg = [](LD v) { LD x = 1 / std::sqrt(v); return std::log(std::sqrt(M_PIl) * x * std::erfc(x)) + x * x; };
    LD va = 1 / (b * b), vb = 1 / (a * a), c = lg((va + vb) / 2) - std::log(std::sqrt(M_PIl));
    float hi = (float)c; float lo = (float)(c - hi);
    std::printf("H = log G(vmid) - log sqrt(pi): Hhi %a Hlo %a\n", hi, lo);
    show("erfcg", fit([=](LD v) { return lg(v) - std::log(std::sqrt(M_PIl)) - hi - lo; }, va, vb, zero, range(0, deg, 1), false)); }
  if (w == "erfmid") { LD a = std::atof(argv[3]), b = std::atof(argv[4]);
    LD mid = argc > 5 ? std::atof(argv[5]) : (a + b) / 2;  // expansion point (default: centre)
    std::printf("mid %a\n", (float)mid); LD fm = (float)mid;
    LD c0 = std::erf(fm); float hi = (float)c0; float lo = (float)(c0 - hi);
    std::printf("c0hi %a c0lo %a\n", hi, lo);
    show("erfmid", fit([=](LD r) { return std::erf(r + fm); }, a - fm, b - fm, [=](LD){ return (LD)hi + (LD)lo; }, range(1, deg, 1), false)); }
}
