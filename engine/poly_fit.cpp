#include "engine/poly_fit.h"

#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "engine/constopt.h"
#include "engine/hole_attribution.h"
#include "engine/sample_set.h"
#include "eval/interp.h"
#include "eval/score.h"
#include "eval/specials.h"
#include "ir/passes.h"

namespace uf::engine {

using ir::Op;
using ir::Program;

std::string PolyShape::describe() const {
  const std::string var = s == 1 ? "r" : "r^2";
  const std::string lead = m == 0 ? "" : (m == 1 ? "r " : fmt::format("r^{} ", m));
  const std::string h = head == 1   ? "r + "
                        : head == 2 ? "1 + "
                        : head == 3 ? "(c_hi + c_lo) + "
                        : head == 4 ? "(c_hi + c_lo) r + "
                                    : "";
  return fmt::format("{}{}P({}), deg {}", h, lead, var, k);
}

Program poly_core(const PolyShape& sh) {
  ir::Builder b;
  const std::uint32_t r = b.input();
  const std::uint32_t v = sh.s == 2 ? b.emit(Op::Mul, r, r) : r;
  std::uint32_t acc = b.f(0.0f);
  for (int i = 0; i < sh.k; ++i) acc = b.emit(Op::Fma, acc, v, b.f(0.0f));
  // The value the last fma adds to r^m P: the head, or a double-float head's low part
  // (c_lo, or r c_lo), whose high part is added after it.
  std::uint32_t head = 0;
  if (sh.head == 1) head = r;
  if (sh.head == 2) head = b.f(1.0f);
  if (sh.head == 3) head = b.f(0.0f);
  if (sh.head == 4) head = b.emit(Op::Mul, r, b.f(0.0f));
  if (sh.m >= 1) {
    std::uint32_t lead = r;
    if (sh.m == 2) lead = sh.s == 2 ? v : b.emit(Op::Mul, r, r);
    if (sh.m == 3) lead = b.emit(Op::Mul, sh.s == 2 ? v : b.emit(Op::Mul, r, r), r);
    acc = sh.head ? b.emit(Op::Fma, acc, lead, head) : b.emit(Op::Mul, acc, lead);
  } else if (sh.head) {
    acc = b.emit(Op::Add, acc, head);
  }
  if (sh.head == 3) acc = b.emit(Op::Add, acc, b.f(0.0f));
  if (sh.head == 4) acc = b.emit(Op::Fma, r, b.f(0.0f), acc);
  return std::move(b).finish(acc);
}

namespace {

struct Fitted {
  PolyShape shape;
  Program core;
  double error = std::numeric_limits<double>::infinity();  // max relative (to the hole's scale)
  double cost = 0;
};

// The core's relative error (to the hole's scale) at r = +-2^-k, k = 8, 12, ..., 60,
// inside the hole. The Chebyshev fit points avoid r = 0, so a core whose reference
// vanishes there (logf's log1p(r)) fits a P(r) with a tiny constant term well on them
// and is useless near 0, where the kernel's result is tiny too; these points expose it.
double error_near_zero(const targets::Hole& hole, const Program& core) {
  std::vector<double> r;
  for (int k = 8; k <= 60; k += 4)
    for (double sgn : {-1.0, 1.0}) {
      const double x = sgn * std::ldexp(1.0, -k);
      if (x >= hole.lo && x <= hole.hi) r.push_back(x);
    }
  if (r.empty()) return 0;
  std::vector<double> y(r.size());
  eval::run_f64(core, r.data(), y.data(), r.size());
  double worst = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    const std::optional<double> ref = core_reference(hole, r[i]);
    if (!ref) return 0;
    const double g = *ref;
    const double sc = hole.scale ? hole.scale(r[i]) : g;
    if (!std::isfinite(g) || !std::isfinite(sc) || sc == 0) continue;
    const double e = std::fabs(y[i] - g) / std::fabs(sc);
    worst = std::max(worst, std::isfinite(e) ? e : std::numeric_limits<double>::infinity());
  }
  return worst;
}

// Every shape fitted on the hole; the ones no other beats on both cost and error,
// cheapest first (errors then strictly fall).
std::vector<Fitted> fitted_shapes(const targets::Hole& hole, const PolyFitOptions& o) {
  const FitData data = make_fit_data(hole, 200);
  std::vector<Fitted> all;
  if (data.r.empty()) return all;
  FitOptions fo;
  fo.lawson_iterations = 20;
  for (int head = 0; head <= 4; ++head)
  for (int m = 0; m <= 3; ++m)
    for (int s = 1; s <= 2; ++s)
      for (int k = 0; k <= o.max_degree; ++k) {
        // A double-float head's sum must not be P's own lowest term: c + r^m P needs
        // m >= 1 and c r + r^m P needs m >= 2.
        if ((head == 3 && m < 1) || (head == 4 && m < 2)) continue;
        Fitted f;
        f.shape = {m, s, k, head};
        double err = std::numeric_limits<double>::infinity();
        f.core = fit_constants(poly_core(f.shape), data, fo, &err);
        if (!std::isfinite(err)) continue;
        // With its constants rounded to float32: a leading constant that is not a float
        // (erf(1.25), 1/ln 2) then costs a rounding the double-float heads avoid, and
        // only this error tells the two apart (in double they are the same function).
        f.error = std::max({err, core_fit_error(f.core, data), error_near_zero(hole, f.core)});
        f.cost = ir::static_cost(f.core, o.isa);
        all.push_back(std::move(f));
      }
  std::sort(all.begin(), all.end(), [](const Fitted& a, const Fitted& b) {
    return a.cost < b.cost || (a.cost == b.cost && a.error < b.error);
  });
  std::vector<Fitted> front;
  for (Fitted& f : all)
    if (front.empty() || f.error < front.back().error) front.push_back(std::move(f));
  return front;
}

}  // namespace

PolyFitResult fit_polynomial_kernel(const targets::Target& t, const PolyFitOptions& o) {
  PolyFitResult res;
  const auto log = [&](const std::string& s) {
    if (o.log) o.log(s);
  };
  std::vector<std::vector<Fitted>> per_hole;
  for (const targets::Hole& h : t.holes) {
    per_hole.push_back(fitted_shapes(h, o));
    if (per_hole.back().empty()) {
      log(fmt::format("hole {} ({}): no shape fits (no core reference)", per_hole.size() - 1, h.what));
      return res;
    }
    log(fmt::format("hole {} ({}): {} undominated shapes, fit errors {:.3g} .. {:.3g}", per_hole.size() - 1,
                    h.what, per_hole.back().size(), per_hole.back().front().error, per_hole.back().back().error));
  }
  tbb::task_arena arena;
  SampleSet::Options so;
  so.sample_points = o.sample_points;
  so.cache_dir = o.cache_dir;
  SampleSet samples(t, so, arena);
  samples.build({});

  // Each hole's fit tolerance is 2^-level[h]; the hole takes its cheapest shape within it.
  const auto nh = static_cast<std::uint32_t>(per_hole.size());
  std::vector<int> level(nh, 3);
  const auto pick_of = [&](std::uint32_t h) {
    std::size_t j = 0;
    while (j + 1 < per_hole[h].size() && per_hole[h][j].error > std::ldexp(1.0, -level[h])) ++j;
    return j;
  };
  // Halves hole h's tolerance until its shape changes; false (the tolerance unchanged)
  // when no tighter tolerance down to 2^-45 changes it.
  const auto tighten = [&](std::uint32_t h) {
    const std::size_t j = pick_of(h);
    const int was = level[h];
    while (level[h] < 45) {
      ++level[h];
      if (pick_of(h) != j) return true;
    }
    level[h] = was;
    return false;
  };
  // The holes whose cores give the results at `xs` (all holes for a point no core
  // reaches, which only the template decides).
  const auto holes_at = [&](std::span<const float> xs) {
    std::vector<bool> blamed(nh, false);
    for (std::uint32_t m : hole_masks(t.tmpl, nh, xs))
      for (std::uint32_t h = 0; h < nh; ++h) blamed[h] = blamed[h] || m == 0 || ((m >> h) & 1u);
    return blamed;
  };
  int proofs = 0;
  while (proofs < o.max_proofs) {
    std::vector<std::size_t> pick;
    for (std::uint32_t h = 0; h < nh; ++h) pick.push_back(pick_of(h));
    std::vector<Program> cores;
    PolyFitTry tr;
    tr.tolerance = std::ldexp(1.0, -*std::max_element(level.begin(), level.end()));
    for (int l : level) tr.tolerances.push_back(std::ldexp(1.0, -l));
    for (std::size_t h = 0; h < pick.size(); ++h) {
      cores.push_back(per_hole[h][pick[h]].core);
      tr.shapes.push_back(per_hole[h][pick[h]].shape);
    }
    eval::Score err;
    std::vector<eval::WorstInput> missed;  // declared special values not met
    Program kernel;
    std::vector<float> worst;
    std::vector<bool> blamed(nh, false);
    for (int round = 0; round < 2; ++round) {
      for (std::size_t h = 0; h < cores.size(); ++h) {
        std::size_t evals = 0;
        cores = neighbour_search(t.tmpl, std::move(cores), h, samples.subsample(), 8, 3, nullptr, &evals);
      }
      kernel = ir::canonicalize(ir::inline_cores(t.tmpl, cores));
      const eval::PointSet& pts = samples.points();
      std::vector<float> y(pts.x.size());
      std::vector<double> e;
      eval::run_f32(kernel, pts.x.data(), y.data(), y.size());
      err = eval::score_outputs(y, pts, &e);
      missed = eval::special_value_failures(eval::interpreter_batch(kernel), t.specials);
      if (!(err.max_ulp <= o.bound) || !missed.empty()) {
        // The holes of the sample points over the bound, and of the special values missed.
        std::vector<float> over;
        for (std::size_t i = 0; i < e.size(); ++i)
          if (!(e[i] <= o.bound)) over.push_back(pts.x[i]);
        for (const eval::WorstInput& w : missed) over.push_back(w.x);
        blamed = holes_at(over);
        break;
      }
      worst.clear();
      tr.probed = samples.probe(kernel, o.bound, worst);
      if (tr.probed) break;
      blamed = holes_at(worst);
      samples.add_counterexamples(worst);  // the next round tunes against them
    }
    tr.cost = ir::static_cost(kernel, o.isa);
    tr.sampled_max_ulp = err.max_ulp;
    std::string shapes;
    for (const PolyShape& s : tr.shapes) shapes += (shapes.empty() ? "" : "; ") + s.describe();
    std::string tols;
    for (int l : level) tols += (tols.empty() ? "2^-" : ", 2^-") + std::to_string(l);
    log(fmt::format("tolerance {}: {} | cost {:g} | sampled max {:.4g} ULP{}{}", tols, shapes, tr.cost,
                    err.max_ulp,
                    missed.empty() ? std::string()
                                   : fmt::format(" | {} declared special values not met", missed.size()),
                    tr.probed ? " | probe passed, proving" : ""));
    if (tr.probed && o.prove) {
      ++proofs;
      const PolyFitProof pr = o.prove(kernel);
      tr.proven = pr.max_ulp;
      if (!tr.proven) {
        blamed = holes_at(pr.failing);
        samples.add_counterexamples(pr.failing);  // the next tries are tuned against them
      }
      log(tr.proven ? fmt::format("  PROVEN max {:.6g} ULP", *tr.proven) : std::string("  proof failed"));
    }
    res.tries.push_back(tr);
    if (tr.proven) {
      res.kernel = kernel;
      res.cores = cores;
      res.shapes = tr.shapes;
      res.cost = tr.cost;
      res.proven_max_ulp = *tr.proven;
      break;
    }
    if (tr.probed && !o.prove) break;  // nothing to prove with
    // Only the blamed holes take a tighter fit (all of them when no blamed hole can):
    // the other cores are not made costlier than the kernel needs.
    bool moved = false;
    for (std::uint32_t h = 0; h < nh; ++h)
      if (blamed[h]) moved = tighten(h) || moved;
    if (!moved)
      for (std::uint32_t h = 0; h < nh; ++h) moved = tighten(h) || moved;
    if (!moved) break;
  }
  return res;
}

}  // namespace uf::engine
