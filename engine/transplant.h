// Catalog templates whose range reduction fits a user function (issue 13: "also try
// the catalog templates whose range reduction fits").
//
// A catalog template maps an input x to a hole h and its argument r, then turns the
// core's value c into the result: y = post_x(c). For a user function f the template
// fits when one core function per hole serves every input, i.e. when c*(x), the value
// that makes post_x(c) = f(x), depends on x only through r:
//
//   exp(x - 1) on expf's template:  y = 2^k c      c*(x) = e^(r - 1)        fits
//   3 * 2^x    on exp2f's template: y = 2^k c      c*(x) = 3 * 2^r          fits
//   exp(2 x)   on expf's template:  c*(x) = 2^k e^(2 r)  (depends on k)     does not
//
// transplant_template() samples the user's domain, evaluates the template there in
// double (eval::run_f64) with each core replaced by a constant, finds which hole each
// input uses (the one whose value moves the result), solves post_x(c) = f(x) for c by
// Newton's method, and fits per hole the points (r, c*): first as a g(r) + b with g the
// catalog's own core function (exact on the whole interval: e^(r-1) = e^-1 e^r), else
// as a Chebyshev series in r (then the sample must cover the interval without gaps over
// 5% of it: the series is unknown there). The template fits when the fit reproduces
// every c* to within 2^-28 of the result (an ULP is 2^-23: the data is one function of
// r), and every input whose result takes no core (the template's special cases:
// overflow, NaN, saturation) already gets f(x) to within the bound. The fit becomes the
// hole's core reference (what the search's constant fitter fits a core to; a = 1, b = 0
// keeps the catalog's hole as it is); the starting cores are the catalog's baseline
// cores with their constants refitted to it. Nothing is inherited: the search scores
// the whole kernel against f, and its bound is the kernel's own exhaustive proof.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ir/program.h"
#include "targets/target.h"

namespace uf::engine {

struct Transplant {
  std::string donor;                 // catalog target whose template is used ("expf")
  targets::Target target;            // the user target on that template
  double sampled_max_ulp = 0;        // the starting kernel's max error on the sample
  double cost = 0;                   // its static cost (AVX-512 column)
  double fit_residual = 0;           // max |series(r) - c*| as a fraction of the result
};

struct TemplateChoice {
  std::string name;        // "expf", or "compose" / "none" for the user target's own start
  bool fits = false;
  std::string why_not;     // when !fits: the first thing that failed, with the input
  double sampled_max_ulp = 0;
  double cost = 0;
};

// The user target `user` (its reference, domain and name) on `donor`'s template, or
// nullopt with *why_not saying why the template does not fit (an input, the value the
// template gives there and f(x)). `bound` is the ULP bound the special cases must meet.
std::optional<Transplant> transplant_template(const targets::Target& user,
                                              const targets::Target& donor, double bound,
                                              std::string* why_not);

// For a user target whose file says template = "auto": its own start (composition or
// identity) and every single-output catalog template whose range reduction fits, each
// scored on the same sample. The start with the lowest sampled error wins, a start
// within `bound` by the lower static cost (a tie keeps the user's own start); `user`
// becomes that start. Returns every candidate tried, the chosen first.
std::vector<TemplateChoice> choose_template(targets::Target& user, double bound = 1.0);

}  // namespace uf::engine
