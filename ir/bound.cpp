#include "ir/bound.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace uf::ir {

std::string format_bound_up(double v, int digits) {
  if (digits < 1 || digits > 17) throw std::invalid_argument("format_bound_up: digits must be 1..17");
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == 0) return "0";
  // Every double is a finite decimal; glibc's printf prints it exactly when asked for
  // enough digits. v = M * 2^(E-53) with M < 2^53: for E < 53 that is M * 5^(53-E) /
  // 10^(53-E), whose significant digits number at most 17 + 0.7 (53 - E); for E >= 53 v
  // is an integer below 2^1024 (309 digits).
  int e2 = 0;
  std::frexp(v, &e2);
  const int precision = e2 < 53 ? std::min(800, 17 + (53 - e2)) : 330;
  char exact[1100];
  std::snprintf(exact, sizeof exact, "%.*e", precision, std::fabs(v));
  std::string mant;
  const char* p = exact;
  for (; *p && *p != 'e'; ++p)
    if (*p != '.') mant += *p;
  int exp10 = std::atoi(p + 1);
  std::string head = mant.substr(0, static_cast<std::size_t>(digits));
  bool tail_nonzero = false;
  for (std::size_t i = static_cast<std::size_t>(digits); i < mant.size(); ++i) tail_nonzero |= mant[i] != '0';
  // Toward +infinity: a positive value with a nonzero tail goes up one unit in the last
  // kept digit; a negative one is truncated (its magnitude goes down).
  if (tail_nonzero && v > 0) {
    int i = digits - 1;
    while (i >= 0 && head[static_cast<std::size_t>(i)] == '9') head[static_cast<std::size_t>(i--)] = '0';
    if (i >= 0) {
      ++head[static_cast<std::size_t>(i)];
    } else {
      head = "1" + head.substr(0, head.size() - 1);
      ++exp10;
    }
  }
  // %g style from the digits themselves (no conversion back through a double):
  // fixed notation for 10^-4 <= |v| < 10^digits, else d.ddde+XX; trailing zeros dropped.
  const std::string sign = v < 0 ? "-" : "";
  std::string out;
  if (exp10 < -4 || exp10 >= digits) {
    std::string frac = head.substr(1);
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    char ebuf[16];
    std::snprintf(ebuf, sizeof ebuf, "e%c%02d", exp10 < 0 ? '-' : '+', std::abs(exp10));
    out = sign + head.substr(0, 1) + (frac.empty() ? "" : "." + frac) + ebuf;
  } else if (exp10 >= 0) {
    const std::size_t int_digits = static_cast<std::size_t>(exp10) + 1;
    std::string frac = head.substr(int_digits);
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    out = sign + head.substr(0, int_digits) + (frac.empty() ? "" : "." + frac);
  } else {
    std::string frac = std::string(static_cast<std::size_t>(-exp10 - 1), '0') + head;
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    out = sign + "0." + frac;
  }
  return out;
}

std::string format_hex_exact(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%a", v);
  return buf;
}

std::string format_bound(double v, int digits) {
  if (!std::isfinite(v)) return format_bound_up(v, digits);
  return format_bound_up(v, digits) + " (exact " + format_hex_exact(v) + ")";
}

}  // namespace uf::ir
