// The real-number experiment's first steps, shared by the mutation and real-search
// tests: a constant core turned into (S + x) / (S - x), and the Pole form of
// ExpandConstant applied to every use of S with S's variable the input squared.
#pragma once

#include "engine/mutation.h"
#include "engine/rng.h"
#include "ir/program.h"

namespace uf::engine::test {

// (c + x) / (c - x) for c = 2.885 (about 2 / ln 2).
inline ir::Program symmetric_ratio_of_a_constant(Rng& rng) {
  ir::Builder b;
  const ir::Program c0 = std::move(b).finish(b.f(2.885f));
  return SymmetricRatio{}(rng, c0);
}

// c -> c' + d / (x^2 + e), on every use of c.
inline ExpandConstant even_pole() {
  ExpandConstant pole;
  pole.forms = {ExpandConstant::Form::Pole};
  pole.all_uses = 1.0;
  pole.square_input = 1.0;
  pole.use_value = 0.0;
  return pole;
}

}  // namespace uf::engine::test
