#include "eval/specials.h"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace uf::eval {

std::vector<WorstInput> special_value_failures(const BatchFn& kernel,
                                               const std::vector<SpecialValue>& specials) {
  std::vector<float> x, y(specials.size());
  for (const SpecialValue& s : specials) x.push_back(s.x);
  if (!x.empty()) kernel(x.data(), y.data(), x.size());
  auto bits = [](float v) {
    std::uint32_t b;
    std::memcpy(&b, &v, sizeof b);
    return b;
  };
  std::vector<WorstInput> failed;
  for (std::size_t i = 0; i < specials.size(); ++i) {
    const float want = specials[i].expected;
    const bool ok = std::isnan(want) ? std::isnan(y[i]) : bits(y[i]) == bits(want);
    if (!ok) failed.push_back(WorstInput{x[i], y[i], want, 0.0});
  }
  return failed;
}

}  // namespace uf::eval
