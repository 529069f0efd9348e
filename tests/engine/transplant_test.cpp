#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "engine/transplant.h"
#include "targets/user_target.h"

namespace uf::engine {
namespace {

targets::Target user(const std::string& reference, const std::string& domain) {
  targets::LoadResult r =
      targets::parse_target("name = \"u\"\nreference = \"" + reference + "\"\ndomain = " + domain + "\n");
  EXPECT_TRUE(r) << r.error;
  return *r.target;
}

// exp(x - 1) = 2^k e^(r - 1) with expf's k and r: one core function, e^(r - 1), serves
// every input, and the transplanted start is within about an ULP where the composition
// (expf applied to the rounded x - 1) is off by tens of ULPs for large x.
TEST(Transplant, ShiftedExponentialTakesExpfTemplateAndBeatsTheComposition) {
  targets::Target t = user("exp(x - 1)", "[-80, 80]");
  const std::vector<TemplateChoice> tried = choose_template(t);
  ASSERT_FALSE(tried.empty());
  EXPECT_EQ(tried[0].name, "expf");
  EXPECT_TRUE(tried[0].fits);
  EXPECT_LE(tried[0].sampled_max_ulp, 2.0);
  bool saw_compose = false;
  for (const TemplateChoice& c : tried) {
    if (c.name != "compose") continue;
    saw_compose = true;
    EXPECT_GT(c.sampled_max_ulp, 10.0);  // the rounding of x - 1, times |x|
  }
  EXPECT_TRUE(saw_compose);
  EXPECT_EQ(t.tmpl, targets::find("expf")->tmpl);
  ASSERT_EQ(t.holes.size(), 1u);
  EXPECT_TRUE(t.start_from_baseline);
  EXPECT_NE(t.summary.find("template expf: its range reduction fits"), std::string::npos) << t.summary;
}

// The hole's core reference is the function the data determines: 3 * 2^r for 3 * 2^x on
// exp2f's template (2^x = 2^k 2^r), not the catalog's 2^r.
TEST(Transplant, CoreReferenceIsTheSolvedCoreFunction) {
  const targets::Target u = user("3 * 2^x", "[-100, 100]");
  std::string why;
  std::optional<Transplant> tp = transplant_template(u, *targets::find("exp2f"), 1.0, &why);
  ASSERT_TRUE(tp) << why;
  const targets::Hole& h = tp->target.holes.at(0);
  ASSERT_TRUE(h.core_ref.fast);
  for (double r : {h.lo, 0.5 * (h.lo + h.hi), 0.1, h.hi}) {
    EXPECT_NEAR(h.core_ref.fast(r) / (3 * std::exp2(r)), 1.0, 1e-12) << r;
  }
  EXPECT_LE(tp->fit_residual, 0x1p-28);
  EXPECT_LE(tp->sampled_max_ulp, 1.0);
}

// 2^x (1 + sin(2 pi x) / 10) = 2^k [2^r (1 + sin(2 pi r) / 10)] on exp2f's template: one
// core function of r, but not the catalog's 2^r scaled or shifted, so it is fitted as a
// series, known only where the sample puts r. On [1.2, 1.8] the reduction takes
// r in [0.2, 0.5) and [-0.5, -0.2] (k = 1, then 2): the series would be extrapolated
// over the gap between them, so that domain does not fit.
TEST(Transplant, SeriesCoreFitsWhereTheSampleReachesAndAGapDoesNotFit) {
  std::string why;
  const targets::Target wide = user("2^x * (1 + sin(2*pi*x)/10)", "[-20, 20]");
  std::optional<Transplant> tp = transplant_template(wide, *targets::find("exp2f"), 1.0, &why);
  ASSERT_TRUE(tp) << why;
  const targets::Hole& h = tp->target.holes.at(0);
  for (double r : {-0.4, 0.0, 0.3}) {
    EXPECT_NEAR(h.core_ref.fast(r) / (std::exp2(r) * (1 + std::sin(2 * M_PI * r) / 10)), 1.0, 1e-9) << r;
  }
  const targets::Target narrow = user("2^x * (1 + sin(2*pi*x)/10)", "[1.2, 1.8]");
  EXPECT_FALSE(transplant_template(narrow, *targets::find("exp2f"), 1.0, &why));
  EXPECT_NE(why.find("uncovered"), std::string::npos) << why;
}

// exp(2x) = 2^(2k) e^(2r) depends on k as well as r: expf's reduction does not fit, and
// the reason names what failed.
TEST(Transplant, ReductionThatDoesNotFitIsRejectedWithTheReason) {
  const targets::Target u = user("exp(2*x)", "[-40, 40]");
  std::string why;
  EXPECT_FALSE(transplant_template(u, *targets::find("expf"), 1.0, &why));
  EXPECT_NE(why.find("not one function of r"), std::string::npos) << why;
  // A function that is 0 everywhere gives no core value to solve for: that is no fit,
  // not a vacuous one.
  EXPECT_FALSE(transplant_template(user("x*0", "[-5, 5]"), *targets::find("expf"), 1.0, &why));
  EXPECT_NE(why.find("no hole gets 8 sampled inputs"), std::string::npos) << why;
}

// tanhf's template returns -1 and 1 for large |x| whatever its cores compute, where
// 2 tanh(x) is -2 and 2: the template's special case disagrees with the function, so its
// reduction does not fit, and the reason names the input.
TEST(Transplant, SpecialCaseThatDisagreesWithTheFunctionIsRejected) {
  const targets::Target u = user("2*tanh(x)", "[-20, 20]");
  std::string why;
  EXPECT_FALSE(transplant_template(u, *targets::find("tanhf"), 1.0, &why));
  EXPECT_NE(why.find("at x = -20 the template's special case gives -1 where f(x) = -2"), std::string::npos) << why;
}

// A template whose hole's result takes a core twice cannot be solved for, and says so.
TEST(Transplant, CoreUsedTwiceIsReportedNotGuessed) {
  const targets::Target u = user("sin(x)", "[-3, 3]");
  std::string why;
  EXPECT_FALSE(transplant_template(u, *targets::find("sinf"), 1.0, &why));
  EXPECT_NE(why.find("two arguments"), std::string::npos) << why;
}

// The sigmoid fits no catalog reduction on a wide domain: the composition stays the
// start, unchanged; and the choice is the same every time (every command that loads
// the file must see the same template).
TEST(Transplant, FunctionNoTemplateFitsKeepsItsOwnStartAndTheChoiceIsDeterministic) {
  targets::Target t = user("1/(1+exp(-x))", "[-80, 80]");
  const targets::Target before = t;
  const std::vector<TemplateChoice> tried = choose_template(t);
  ASSERT_FALSE(tried.empty());
  EXPECT_EQ(tried[0].name, "compose");
  EXPECT_EQ(t.tmpl, before.tmpl);
  EXPECT_EQ(t.baseline_cores, before.baseline_cores);
  for (std::size_t i = 1; i < tried.size(); ++i) EXPECT_FALSE(tried[i].fits) << tried[i].name;

  targets::Target a = user("log2(x) + 0.5", "[4, 1e30]"), b = a;
  const std::vector<TemplateChoice> ta = choose_template(a), tb = choose_template(b);
  EXPECT_EQ(ta[0].name, "log2f");
  EXPECT_EQ(a.tmpl, b.tmpl);
  EXPECT_EQ(a.baseline_cores, b.baseline_cores);
  ASSERT_EQ(ta.size(), tb.size());
  for (std::size_t i = 0; i < ta.size(); ++i) EXPECT_EQ(ta[i].why_not, tb[i].why_not);
}

}  // namespace
}  // namespace uf::engine
