#include "ir/passes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "ir/random.h"
#include "ir/semantics.h"
#include "ir/text.h"

namespace uf::ir {
namespace {

bool is_nan_bits(std::uint32_t b) { return (b & 0x7fffffffu) > 0x7f800000u; }

// Equal bits, or both NaN (NaN payloads are not part of the semantics: which operand's
// payload an IEEE add propagates is up to the hardware).
bool same_value(std::uint32_t a, std::uint32_t b) {
  return a == b || (is_nan_bits(a) && is_nan_bits(b));
}

// ~2000 inputs: every special, then values biased to interesting bit patterns, then
// uniformly random bit patterns.
std::vector<std::uint32_t> test_inputs() {
  std::vector<std::uint32_t> xs{0x00000000u, 0x80000000u, 0x7f800000u, 0xff800000u,
                                0x7fc00000u, 0x00000001u, 0x807fffffu, 0x00800000u,
                                0x7f7fffffu, 0x3f800000u, 0xbf800000u, 0x3f000000u};
  SplitMix64 rng(99);
  while (xs.size() < 1000) xs.push_back(random_f32_bits(rng));
  while (xs.size() < 2000) xs.push_back(static_cast<std::uint32_t>(rng.next()));
  return xs;
}

// p followed by q's instructions, which read p's input and are all dead (p's result is
// kept): random programs are fully live, this gives the passes dead code to remove.
Program with_dead_code(const Program& p, const Program& q) {
  Program out = p;
  const auto base = static_cast<std::uint32_t>(p.size()) - 1;
  for (std::size_t i = 1; i < q.size(); ++i) {
    Instr ins = q.code[i];
    for (int k = 0; k < info(ins.op).arity; ++k) {
      auto& a = ins.args[static_cast<std::size_t>(k)];
      if (a != 0) a += base;
    }
    out.code.push_back(ins);
  }
  return out;
}

Program parse_ok(const char* text) {
  ParseResult r = parse(text);
  EXPECT_TRUE(r) << r.error.to_string();
  return r ? *r.program : identity_program();
}

// p(x) by the op semantics.
float eval_f32(const Program& p, float x) {
  std::vector<std::uint32_t> r(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    const Instr& ins = p.code[i];
    r[i] = sem::eval(ins.op, r[ins.args[0]], r[ins.args[1]], r[ins.args[2]], ins.imm, sem::u(x));
  }
  return sem::f(r[p.result]);
}

// Whether evaluating p on x applies a commutative f32 op (add, mul) to two NaNs with
// different bits. Which of the two the result carries is not defined by the op
// semantics (x86 returns the first operand's, and compilers commute these ops), and
// asint can make the difference visible, so canonical operand order may change it.
bool meets_two_nans_in_commutative_op(const Program& p, std::uint32_t x) {
  std::vector<std::uint32_t> r(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    const Instr& ins = p.code[i];
    const std::uint32_t a = r[ins.args[0]], b = r[ins.args[1]];
    if ((ins.op == Op::Add || ins.op == Op::Mul) && is_nan_bits(a) && is_nan_bits(b) && a != b)
      return true;
    r[i] = sem::eval(ins.op, a, b, r[ins.args[2]], ins.imm, x);
  }
  return false;
}

// a and b compute the same bits on ~2000 inputs (NaN results compared as NaN), except
// where `a` meets the undefined two-NaN case above.
void expect_same_semantics(const Program& a, const Program& b, const std::string& what) {
  static const std::vector<std::uint32_t> xs = test_inputs();
  for (std::uint32_t x : xs) {
    const std::uint32_t ya = sem::u(sem::run_scalar(a, sem::f(x)));
    const std::uint32_t yb = sem::u(sem::run_scalar(b, sem::f(x)));
    if (!same_value(ya, yb) && !meets_two_nans_in_commutative_op(a, x)) {
      ADD_FAILURE() << what << ": x = " << hexfloat(sem::f(x)) << " gives " << hexfloat(sem::f(ya))
                    << " vs " << hexfloat(sem::f(yb)) << "\n" << print(a) << "---\n" << print(b);
      return;
    }
  }
}

TEST(Canonicalize, PreservesSemanticsOfRandomPrograms) {
  RandomProgramOptions opt;
  opt.min_ops = 4;
  opt.max_ops = 40;
  for (std::uint64_t seed = 0; seed < 400; ++seed) {
    opt.include_holes = seed % 8 == 0;
    Program p = random_program(seed, opt);
    if (seed % 2 == 1) p = with_dead_code(p, random_program(seed + 7777));
    const Program c = canonicalize(p);
    ASSERT_EQ(verify(c), std::nullopt) << print(c);
    expect_same_semantics(p, c, "seed " + std::to_string(seed));
    EXPECT_LE(c.size(), p.size());
    EXPECT_LE(hole_count(c), hole_count(p));  // a hole may become dead after folding
  }
}

TEST(Canonicalize, IsIdempotent) {
  for (std::uint64_t seed = 0; seed < 500; ++seed) {
    const Program c = canonicalize(random_program(seed));
    EXPECT_EQ(canonicalize(c), c) << print(c);
  }
}

// The same program with instructions in another valid order (random topological
// order) and commutative operands swapped at random.
Program shuffled(const Program& p, SplitMix64& rng) {
  const std::size_t n = p.size();
  std::vector<std::uint32_t> map(n, 0), pending(n, 0);
  std::vector<std::vector<std::uint32_t>> users(n);
  for (std::uint32_t i = 1; i < n; ++i) {
    for (int k = 0; k < info(p.code[i].op).arity; ++k) {
      const std::uint32_t a = p.code[i].args[static_cast<std::size_t>(k)];
      if (a != 0) {
        ++pending[i];
        users[a].push_back(i);
      }
    }
  }
  std::vector<std::uint32_t> ready;
  for (std::uint32_t i = 1; i < n; ++i)
    if (pending[i] == 0) ready.push_back(i);
  Program out = identity_program();
  while (!ready.empty()) {
    const std::size_t j = rng.below(ready.size());
    const std::uint32_t v = ready[j];
    ready.erase(ready.begin() + static_cast<std::ptrdiff_t>(j));
    Instr ins = p.code[v];
    for (int k = 0; k < info(ins.op).arity; ++k) {
      auto& a = ins.args[static_cast<std::size_t>(k)];
      a = map[a];
    }
    if (info(ins.op).commutative && rng.chance(0.5)) std::swap(ins.args[0], ins.args[1]);
    map[v] = static_cast<std::uint32_t>(out.size());
    out.code.push_back(ins);
    for (std::uint32_t u : users[v])
      if (--pending[u] == 0) ready.push_back(u);
  }
  out.result = map[p.result];
  return out;
}

TEST(Canonicalize, IgnoresInstructionOrderAndCommutativeSwaps) {
  SplitMix64 rng(5);
  for (std::uint64_t seed = 0; seed < 400; ++seed) {
    const Program p = random_program(seed);
    const Program q = shuffled(p, rng);
    ASSERT_EQ(verify(q), std::nullopt);
    ASSERT_EQ(canonicalize(q), canonicalize(p)) << print(p) << "---\n" << print(q);
  }
}

TEST(Canonicalize, ShapeDoesNotDependOnConstantValues) {
  SplitMix64 rng(6);
  for (std::uint64_t seed = 0; seed < 400; ++seed) {
    const Program c = canonicalize(random_program(seed));
    // New values for every constant (all different, so no new merging or folding).
    Program d = c;
    for (Instr& ins : d.code) {
      if (ins.op == Op::Const) ins.imm = 0x3f800000u + static_cast<std::uint32_t>(rng.below(1u << 22));
      if (ins.op == Op::IConst) ins.imm = static_cast<std::uint32_t>(rng.next());
    }
    const Program cd = canonicalize(d);
    EXPECT_EQ(structural_hash(cd), structural_hash(c)) << print(c) << "---\n" << print(cd);
    EXPECT_EQ(cd.size(), c.size());
  }
}

TEST(Canonicalize, HandlesLongChains) {
  Builder b;
  std::uint32_t v = b.input();
  for (int i = 0; i < 50000; ++i) v = b.emit(i % 2 ? Op::Add : Op::Mul, v, b.input());
  const Program p = std::move(b).finish(v);
  const Program c = canonicalize(p);
  EXPECT_EQ(c.size(), p.size());
  EXPECT_EQ(sem::run_scalar(c, 1.0f), sem::run_scalar(p, 1.0f));
}

TEST(Canonicalize, FoldsConstantsWithScalarSemantics) {
  const Program p = parse_ok(
      "%0 = input\n"
      "%1 = const 1.5\n"
      "%2 = const 0x1p-24\n"
      "%3 = add %1, %2\n"       // 1.5 + 2^-24 rounds to even: 1.5
      "%4 = iconst 3\n"
      "%5 = ldexp %3, %4\n"     // 12
      "%6 = lt %1, %5\n"        // a known mask
      "%7 = select %6, %5, %0\n"
      "%8 = mul %0, %7\n"
      "ret %8\n");
  EXPECT_EQ(print(canonicalize(p)),
            "%0 = input\n"
            "%1 = const 0x1.8p+3\n"
            "%2 = mul %0, %1\n"
            "ret %2\n");
}

TEST(Canonicalize, FoldsSpecialValuesExactly) {
  const Program p = parse_ok(
      "%0 = input\n"
      "%1 = const -0x0p+0\n"
      "%2 = const 0x0p+0\n"
      "%3 = min %1, %2\n"     // -0 < +0 is false: returns +0
      "%4 = const nan:0x7fc00001\n"
      "%5 = abs %4\n"
      "%6 = f2i %5\n"         // NaN -> 0
      "%7 = i2f %6\n"
      "%8 = add %3, %7\n"
      "%9 = add %8, %0\n"
      "ret %9\n");
  const Program c = canonicalize(p);
  EXPECT_EQ(print(c), "%0 = input\n%1 = const 0x0p+0\n%2 = add %0, %1\nret %2\n");
  expect_same_semantics(p, c, "specials");
}

TEST(Canonicalize, NeverFoldsAHole) {
  const Program p = parse_ok(
      "%0 = input\n"
      "%1 = const 2.0\n"
      "%2 = core.0 %1\n"
      "%3 = mul %0, %2\n"
      "ret %3\n");
  const Program c = canonicalize(p);
  EXPECT_EQ(c, p);
  EXPECT_EQ(hole_count(c), 1u);
}

TEST(Canonicalize, OrdersCommutativeOperands) {
  const Program ab = parse_ok("%0 = input\n%1 = const 3.0\n%2 = add %0, %1\nret %2\n");
  const Program ba = parse_ok("%0 = input\n%1 = const 3.0\n%2 = add %1, %0\nret %2\n");
  EXPECT_NE(full_hash(ab), full_hash(ba));
  EXPECT_EQ(canonicalize(ab), canonicalize(ba));
  EXPECT_EQ(structural_hash(canonicalize(ab)), structural_hash(canonicalize(ba)));
  EXPECT_EQ(full_hash(canonicalize(ab)), full_hash(canonicalize(ba)));
  // Non-commutative ops keep their order.
  const Program sub = parse_ok("%0 = input\n%1 = const 3.0\n%2 = sub %1, %0\nret %2\n");
  EXPECT_EQ(canonicalize(sub), sub);
}

TEST(Canonicalize, MergesCommonSubexpressionsAndRemovesDeadCode) {
  const Program p = parse_ok(
      "%0 = input\n"
      "%1 = mul %0, %0\n"
      "%2 = const 1.0\n"
      "%3 = mul %0, %0\n"
      "%4 = sqrt %0\n"          // dead
      "%5 = const 1.0\n"
      "%6 = add %1, %5\n"
      "%7 = add %2, %3\n"       // same as %6 after CSE and ordering
      "%8 = div %6, %7\n"
      "ret %8\n");
  EXPECT_EQ(print(canonicalize(p)),
            "%0 = input\n"
            "%1 = const 0x1p+0\n"
            "%2 = mul %0, %0\n"
            "%3 = add %2, %1\n"
            "%4 = div %3, %3\n"
            "ret %4\n");
}

TEST(Canonicalize, CancelsExactInverses) {
  const Program p = parse_ok(
      "%0 = input\n"
      "%1 = neg %0\n"
      "%2 = neg %1\n"          // x
      "%3 = asint %2\n"
      "%4 = asfloat %3\n"      // x
      "%5 = abs %1\n"          // abs x
      "%6 = abs %5\n"          // abs x
      "%7 = add %4, %6\n"
      "ret %7\n");
  EXPECT_EQ(print(canonicalize(p)),
            "%0 = input\n%1 = abs %0\n%2 = add %0, %1\nret %2\n");
  expect_same_semantics(p, canonicalize(p), "inverses");
}

TEST(Hashes, StructuralHashIgnoresConstantValuesFullHashDoesNot) {
  const Program a = parse_ok("%0 = input\n%1 = const 3.0\n%2 = iconst 4\n%3 = ldexp %1, %2\n%4 = mul %0, %3\nret %4\n");
  const Program b = parse_ok("%0 = input\n%1 = const -0.25\n%2 = iconst 9\n%3 = ldexp %1, %2\n%4 = mul %0, %3\nret %4\n");
  EXPECT_EQ(structural_hash(a), structural_hash(b));
  EXPECT_NE(full_hash(a), full_hash(b));
  const Program c = parse_ok("%0 = input\n%1 = const 3.0\n%2 = iconst 4\n%3 = ldexp %1, %2\n%4 = add %0, %3\nret %4\n");
  const Program d = parse_ok("%0 = input\n%1 = const 3.0\n%2 = iconst 4\n%3 = ldexp %1, %2\n%4 = mul %3, %0\nret %4\n");
  EXPECT_NE(structural_hash(a), structural_hash(c));  // op differs
  EXPECT_NE(structural_hash(a), structural_hash(d));  // wiring differs
  EXPECT_EQ(full_hash(a), full_hash(a));
}

TEST(Hashes, DistinctRandomProgramsRarelyCollide) {
  std::set<std::uint64_t> full;
  std::set<Program, bool (*)(const Program&, const Program&)> distinct(
      [](const Program& x, const Program& y) { return print(x) < print(y); });
  for (std::uint64_t seed = 0; seed < 2000; ++seed) {
    const Program p = random_program(seed);
    if (distinct.insert(p).second) full.insert(full_hash(p));
  }
  EXPECT_EQ(full.size(), distinct.size());
}

TEST(Hashes, SemanticFingerprintMatchesEquivalentShapes) {
  const Program mul2 = parse_ok("%0 = input\n%1 = const 2.0\n%2 = mul %0, %1\nret %2\n");
  const Program addxx = parse_ok("%0 = input\n%1 = add %0, %0\nret %1\n");
  const Program mul3 = parse_ok("%0 = input\n%1 = const 3.0\n%2 = mul %0, %1\nret %2\n");
  EXPECT_NE(structural_hash(mul2), structural_hash(addxx));
  EXPECT_EQ(semantic_fingerprint(mul2), semantic_fingerprint(addxx));
  EXPECT_NE(semantic_fingerprint(mul2), semantic_fingerprint(mul3));
}

TEST(Verify, AcceptsWellTypedPrograms) {
  EXPECT_EQ(verify(identity_program()), std::nullopt);
  EXPECT_EQ(verify(parse_ok("%0 = input\n%1 = lt %0, %0\n%2 = select %1, %0, %0\nret %2\n")),
            std::nullopt);
}

struct BadProgram {
  const char* name;
  Program program;
  const char* message_part;
};

std::vector<BadProgram> bad_programs() {
  std::vector<BadProgram> v;
  auto with = [](auto edit) {
    Builder b;
    const auto c = b.f(2.0f);
    const auto k = b.i(3);
    const auto m = b.emit(Op::Mul, b.input(), c);
    Program p = std::move(b).finish(m);
    (void)k;
    edit(p);
    return p;
  };
  v.push_back({"Empty", Program{}, "empty"});
  v.push_back({"WrongOperandType", with([](Program& p) { p.code[3].args[1] = 2; }),
               "instruction %3 (mul): operand 2 (%2) is i32, expected f32"});
  v.push_back({"OperandNotYetDefined", with([](Program& p) { p.code[3].args[0] = 3; }),
               "instruction %3 (mul): operand 1 (%3) is not defined before use"});
  v.push_back({"FirstIsNotInput", with([](Program& p) { p.code[0].op = Op::Const; }),
               "instruction %0 (const): instruction %0 must be input"});
  v.push_back({"SecondInput", with([](Program& p) { p.code[1] = Instr{}; }),
               "instruction %1 (input): only instruction %0 may be input"});
  v.push_back({"UnusedSlotNonZero", with([](Program& p) { p.code[3].args[2] = 1; }),
               "instruction %3 (mul): unused operand slot 3"});
  v.push_back({"ImmediateOnPlainOp", with([](Program& p) { p.code[3].imm = 5; }),
               "instruction %3 (mul): immediate is 5"});
  v.push_back({"HoleIndexTooLarge", with([](Program& p) { p.code.push_back(Instr{Op::Core, {0, 0, 0}, 5000}); }),
               "instruction %4 (core): hole index 5000 is not below 1024"});
  v.push_back({"InvalidOpCode", with([](Program& p) { p.code[3].op = static_cast<Op>(200); }),
               "instruction %3: invalid op code 200"});
  v.push_back({"ResultOutOfRange", with([](Program& p) { p.result = 9; }), "result %9 is not an instruction"});
  v.push_back({"ResultNotF32", with([](Program& p) { p.result = 2; }), "result %2 is i32, expected f32"});
  return v;
}

TEST(Verify, RejectsIllTypedProgramsNamingTheInstruction) {
  for (const BadProgram& b : bad_programs()) {
    const auto err = verify(b.program);
    ASSERT_TRUE(err.has_value()) << b.name;
    EXPECT_NE(err->find(b.message_part), std::string::npos) << b.name << ": " << *err;
    // Passes leave ill-formed programs alone instead of crashing.
    EXPECT_EQ(canonicalize(b.program), b.program) << b.name;
    EXPECT_EQ(remove_dead_code(b.program), b.program) << b.name;
    (void)structural_hash(b.program);
    EXPECT_EQ(semantic_fingerprint(b.program), 0u);
  }
}

TEST(RemoveDeadCode, KeepsOrderAndSemantics) {
  const Program p = parse_ok(
      "%0 = input\n%1 = const 2.0\n%2 = sqrt %0\n%3 = mul %0, %1\n%4 = iconst 1\nret %3\n");
  const Program d = remove_dead_code(p);
  EXPECT_EQ(print(d), "%0 = input\n%1 = const 0x1p+1\n%2 = mul %0, %1\nret %2\n");
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    const Program live = random_program(seed);
    EXPECT_EQ(remove_dead_code(live), live);
    const Program r = with_dead_code(live, random_program(seed + 5000));
    ASSERT_EQ(verify(r), std::nullopt);
    const Program rd = remove_dead_code(r);
    EXPECT_EQ(rd, live);
    EXPECT_EQ(verify(rd), std::nullopt);
    EXPECT_EQ(remove_dead_code(rd), rd);
    expect_same_semantics(r, rd, "dce seed " + std::to_string(seed));
  }
}

// Evaluates a template by calling each core as a function at its hole (independent
// of inline_cores).
float eval_template(const Program& t, const std::vector<Program>& cores, float x) {
  std::vector<std::uint32_t> r(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    const Instr& ins = t.code[i];
    if (ins.op == Op::Core) {
      r[i] = sem::u(sem::run_scalar(cores[ins.imm], sem::f(r[ins.args[0]])));
    } else {
      r[i] = sem::eval(ins.op, r[ins.args[0]], r[ins.args[1]], r[ins.args[2]], ins.imm, sem::u(x));
    }
  }
  return sem::f(r[t.result]);
}

TEST(InlineCores, EqualsHandComposition) {
  // expf-like template: k = rint(x * log2e), r = x - k*ln2, y = ldexp(core(r), k).
  const Program tmpl = parse_ok(
      "%0 = input\n"
      "%1 = const 0x1.715476p+0\n"
      "%2 = mul %0, %1\n"
      "%3 = rint %2\n"
      "%4 = const -0x1.62e43p-1\n"
      "%5 = fma %3, %4, %0\n"
      "%6 = core.0 %5\n"
      "%7 = f2i %3\n"
      "%8 = ldexp %6, %7\n"
      "ret %8\n");
  const Program core = parse_ok(
      "%0 = input\n%1 = const 0.5\n%2 = fma %0, %1, %0\n%3 = const 1.0\n%4 = add %2, %3\nret %4\n");
  const Program by_hand = parse_ok(
      "%0 = input\n"
      "%1 = const 0x1.715476p+0\n"
      "%2 = mul %0, %1\n"
      "%3 = rint %2\n"
      "%4 = const -0x1.62e43p-1\n"
      "%5 = fma %3, %4, %0\n"
      "%6 = const 0.5\n"
      "%7 = fma %5, %6, %5\n"
      "%8 = const 1.0\n"
      "%9 = add %7, %8\n"
      "%10 = f2i %3\n"
      "%11 = ldexp %9, %10\n"
      "ret %11\n");
  const std::vector<Program> cores{core};
  const Program full = inline_cores(tmpl, cores);
  EXPECT_EQ(full, by_hand) << print(full);
  EXPECT_EQ(hole_count(full), 0u);
  expect_same_semantics(full, by_hand, "inlined");
}

TEST(InlineCores, MatchesCallingTheCoreOnRandomTemplates) {
  RandomProgramOptions topt;
  topt.include_holes = true;
  topt.max_ops = 12;
  RandomProgramOptions copt;
  copt.max_ops = 10;
  const std::vector<std::uint32_t> xs = test_inputs();
  for (std::uint64_t seed = 0; seed < 150; ++seed) {
    const Program t = random_program(seed, topt);
    const std::vector<Program> cores{random_program(seed + 1000000, copt)};
    const Program full = inline_cores(t, cores);
    ASSERT_EQ(verify(full), std::nullopt) << print(full);
    EXPECT_EQ(hole_count(full), 0u);
    for (std::size_t i = 0; i < xs.size(); i += 7) {
      const float x = sem::f(xs[i]);
      ASSERT_TRUE(same_value(sem::u(sem::run_scalar(full, x)), sem::u(eval_template(t, cores, x))))
          << "seed " << seed << " x " << hexfloat(x) << "\n" << print(t) << print(cores[0]) << print(full);
    }
  }
}

TEST(InlineCores, FillsSeveralHolesAndRepeatedHoles) {
  const Program tmpl = parse_ok(
      "%0 = input\n"
      "%1 = abs %0\n"
      "%2 = core.1 %1\n"
      "%3 = core.0 %0\n"
      "%4 = core.1 %3\n"
      "%5 = sub %2, %4\n"
      "ret %5\n");
  EXPECT_EQ(hole_count(tmpl), 2u);
  const std::vector<Program> cores{
      parse_ok("%0 = input\n%1 = mul %0, %0\nret %1\n"),
      parse_ok("%0 = input\n%1 = const 3.0\n%2 = add %0, %1\nret %2\n")};
  const Program full = inline_cores(tmpl, cores);
  EXPECT_EQ(print(full),
            "%0 = input\n"
            "%1 = abs %0\n"
            "%2 = const 0x1.8p+1\n"
            "%3 = add %1, %2\n"
            "%4 = mul %0, %0\n"
            "%5 = const 0x1.8p+1\n"
            "%6 = add %4, %5\n"
            "%7 = sub %3, %6\n"
            "ret %7\n");
  for (float x : {0.0f, -2.0f, 1.5f, 1e20f}) {
    EXPECT_EQ(sem::run_scalar(full, x), (std::fabs(x) + 3.0f) - (x * x + 3.0f));
  }
}

TEST(InlineCores, RejectsMissingCoreWithMessage) {
  const Program tmpl = parse_ok("%0 = input\n%1 = core.1 %0\nret %1\n");
  const std::vector<Program> one{identity_program()};
  try {
    inline_cores(tmpl, one);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("hole 1"), std::string::npos) << e.what();
  }
  EXPECT_EQ(hole_count(tmpl), 2u);
}

TEST(Cost, CountsLiveOpsAndCriticalPath) {
  const Program p = parse_ok(
      "%0 = input\n"
      "%1 = const 2.0\n"
      "%2 = mul %0, %1\n"     // cost 1
      "%3 = div %0, %1\n"     // cost 3 on x86, 6 on NEON
      "%4 = add %2, %3\n"     // cost 1 (0.5 on AVX2), path: div -> add = 2 ops
      "%5 = sqrt %0\n"        // dead
      "%6 = asint %4\n"       // dead
      "ret %4\n");
  EXPECT_EQ(op_count(p), 5u);
  EXPECT_DOUBLE_EQ(static_cost(p, Isa::Avx512), 5.0 + 0.25 * 2);
  EXPECT_DOUBLE_EQ(static_cost(p, Isa::Avx2), 4.5 + 0.25 * 2);
  EXPECT_DOUBLE_EQ(static_cost(p, Isa::Neon), 8.0 + 0.25 * 2);
  EXPECT_DOUBLE_EQ(static_cost(identity_program()), 0.0);
  const Program minmax = parse_ok("%0 = input\n%1 = const 1.0\n%2 = min %0, %1\nret %2\n");
  EXPECT_DOUBLE_EQ(static_cost(minmax, Isa::Neon), 2.0 + 0.25);
  EXPECT_DOUBLE_EQ(static_cost(minmax, Isa::Avx2), 1.0 + 0.25);
}

// A guard (%11) whose cold value is computed only for it (%4, %5 and the nested guard
// %10: owned), from a value shared with the hot path (%3, read by the fast value %7
// too: not owned); the nested guard's own cold value (%8, %9) belongs to it, the
// innermost guard, not to the outer one.
constexpr const char* kNestedGuards =
    "%0 = input\n"
    "%1 = abs %0\n"
    "%2 = const 100.0\n"
    "%3 = mul %0, %0\n"      // shared: cold (%4) and hot (%7) paths read it
    "%4 = mul %3, %0\n"      // owned by %11
    "%5 = add %4, %3\n"      // owned by %11
    "%6 = lt %2, %1\n"       // the mask: hot
    "%7 = add %3, %0\n"      // the fast value: hot
    "%8 = const 1e30\n"      // owned by %10 (only its cold value reads it)
    "%9 = mul %5, %8\n"      // owned by %10
    "%10 = guard %6, %9, %5\n"  // nested: owned by %11
    "%11 = guard %6, %10, %7\n"
    "%12 = sqrt %0\n"        // dead
    "ret %11\n";

TEST(GuardOwners, OwnsExclusiveColdInstructionsNotSharedOnesInnermostGuardFirst) {
  const Program p = parse_ok(kNestedGuards);
  ASSERT_EQ(verify(p), std::nullopt);
  const std::vector<std::uint32_t> owner = guard_owners(p);
  const std::uint32_t N = kNoGuard;
  const std::vector<std::uint32_t> want{N, N, N, N, 11, 11, N, N, 10, 10, 11, N, N};
  EXPECT_EQ(owner, want);
}

TEST(GuardOwners, ValueReadByBothArmsOrTheMaskIsNotOwned) {
  // The cold value is the fast value (%2 in both arms), or the mask reads it (%3).
  const Program both = parse_ok(
      "%0 = input\n%1 = lt %0, %0\n%2 = mul %0, %0\n%3 = guard %1, %2, %2\nret %3\n");
  EXPECT_EQ(guard_owners(both), (std::vector<std::uint32_t>{kNoGuard, kNoGuard, kNoGuard, kNoGuard}));
  const Program mask = parse_ok(
      "%0 = input\n%1 = mul %0, %0\n%2 = lt %1, %0\n%3 = guard %2, %1, %0\nret %3\n");
  EXPECT_EQ(guard_owners(mask), (std::vector<std::uint32_t>{kNoGuard, kNoGuard, kNoGuard, kNoGuard}));
  // Only the cold path reads the input: it is owned (generators pass it as the argument).
  const Program input = parse_ok(
      "%0 = input\n%1 = const 1.0\n%2 = lt %1, %1\n%3 = sqrt %0\n%4 = guard %2, %3, %1\nret %4\n");
  EXPECT_EQ(guard_owners(input), (std::vector<std::uint32_t>{4, kNoGuard, kNoGuard, 4, kNoGuard}));
  // A select owns nothing; an ill-formed program neither.
  const Program sel = parse_ok(
      "%0 = input\n%1 = lt %0, %0\n%2 = mul %0, %0\n%3 = select %1, %2, %0\nret %3\n");
  EXPECT_EQ(guard_owners(sel), std::vector<std::uint32_t>(4, kNoGuard));
  Program bad = sel;
  bad.code[2].args[0] = 3;
  EXPECT_EQ(guard_owners(bad), std::vector<std::uint32_t>(4, kNoGuard));
}

TEST(GuardOwners, EveryUserOfAnOwnedValueIsInTheSameOrANestedColdPath) {
  RandomProgramOptions opt;
  opt.min_ops = 8;
  opt.max_ops = 40;
  int guards = 0, owned = 0;
  for (std::uint64_t seed = 0; seed < 400; ++seed) {
    const Program p = random_program(seed, opt);
    const std::vector<std::uint32_t> owner = guard_owners(p);
    // g encloses v: v's owner chain (owner, owner's owner, ...) reaches g.
    const auto inside = [&](std::uint32_t v, std::uint32_t g) {
      for (std::uint32_t o = owner[v]; o != kNoGuard; o = owner[o])
        if (o == g) return true;
      return false;
    };
    for (std::uint32_t i = 0; i < p.size(); ++i) {
      const Instr& ins = p.code[i];
      guards += ins.op == Op::Guard;
      owned += owner[i] != kNoGuard;
      if (owner[i] != kNoGuard) {
        EXPECT_EQ(p.code[owner[i]].op, Op::Guard);
        EXPECT_LT(i, owner[i]);
      }
      for (int k = 0; k < info(ins.op).arity; ++k) {
        const std::uint32_t a = ins.args[static_cast<std::size_t>(k)];
        if (owner[a] == kNoGuard) continue;
        // The operand's block encloses its user, or the user is the guard (cold operand).
        const bool ok = inside(i, owner[a]) || (i == owner[a] && k == 1);
        EXPECT_TRUE(ok) << "seed " << seed << ": %" << i << " reads %" << a << " owned by %" << owner[a]
                        << "\n" << print(p);
      }
    }
    EXPECT_EQ(owner[p.result], kNoGuard);
  }
  EXPECT_GT(guards, 50);
  EXPECT_GT(owned, 50);
}

// A fused kernel's two results behind guards on one mask: one block, opened at the last
// guard (%8), owns what the two cold values read; the first result reads its guard only
// after the block.
constexpr const char* kFusedGuards =
    "%0 = input\n"
    "%1 = abs %0\n"
    "%2 = const 100.0\n"
    "%3 = lt %2, %1\n"       // the shared mask
    "%4 = mul %0, %0\n"      // read by both cold values
    "%5 = sqrt %4\n"         // cold value of %7
    "%6 = neg %4\n"          // cold value of %8
    "%7 = guard %3, %5, %0\n"
    "%8 = guard %3, %6, %1\n"
    "%9 = add %7, %1\n"
    "ret %9, %8\n";

TEST(GuardBlocks, GuardsOnOneMaskShareOneBlockThatOwnsTheirCommonColdValues) {
  const MultiParseResult r = parse_multi(kFusedGuards);
  ASSERT_TRUE(r) << r.error.to_string();
  const MultiProgram& m = *r.program;
  const std::uint32_t N = kNoGuard;
  const GuardBlocks gb = guard_blocks(m.code, m.outputs);
  EXPECT_EQ(gb.owner, (std::vector<std::uint32_t>{N, N, N, N, 8, 8, 8, N, N, N}));
  EXPECT_EQ(gb.leader, (std::vector<std::uint32_t>{N, N, N, N, N, N, N, 8, 8, N}));
  // Each guard alone (guard_owners of one result) would leave %4 to the hot path.
  EXPECT_EQ(guard_owners(m.output(0))[4], 7u);  // alone, %7's block owns %4 (only it is live)
  // With one result, the same-mask guards of kNestedGuards stay apart (the inner one is
  // read by the outer one, before the block could open): guard_owners' answer.
  const Program nested = parse_ok(kNestedGuards);
  const std::uint32_t root[] = {nested.result};
  EXPECT_EQ(guard_blocks(nested, root).owner, guard_owners(nested));
}

TEST(GuardBlocks, AMemberReadBeforeTheLastGuardKeepsItsOwnBlock) {
  // %8 reads %7 before the second guard (%9): no shared block; %4 feeds both cold
  // values, so neither guard alone owns it.
  const MultiParseResult r = parse_multi(
      "%0 = input\n%1 = abs %0\n%2 = const 100.0\n%3 = lt %2, %1\n%4 = mul %0, %0\n%5 = sqrt %4\n"
      "%6 = neg %4\n%7 = guard %3, %5, %0\n%8 = add %7, %1\n%9 = guard %3, %6, %8\nret %8, %9\n");
  ASSERT_TRUE(r) << r.error.to_string();
  const GuardBlocks gb = guard_blocks(r.program->code, r.program->outputs);
  const std::uint32_t N = kNoGuard;
  EXPECT_EQ(gb.leader, (std::vector<std::uint32_t>{N, N, N, N, N, N, N, 7, N, 9}));
  EXPECT_EQ(gb.owner, (std::vector<std::uint32_t>{N, N, N, N, N, 7, 9, N, N, N}));
}

TEST(GuardBlocks, OneResultWithoutSharedMasksIsGuardOwners) {
  RandomProgramOptions opt;
  opt.min_ops = 8;
  opt.max_ops = 40;
  int compared = 0;
  for (std::uint64_t seed = 0; seed < 400; ++seed) {
    const Program p = random_program(seed, opt);
    std::set<std::uint32_t> masks;
    bool shared = false;
    for (const Instr& ins : p.code)
      if (ins.op == Op::Guard) shared = !masks.insert(ins.args[0]).second || shared;
    if (shared) continue;
    const std::uint32_t root[] = {p.result};
    EXPECT_EQ(guard_blocks(p, root).owner, guard_owners(p)) << "seed " << seed;
    ++compared;
  }
  EXPECT_GT(compared, 300);
}

TEST(InlineCores, AFusedTemplateKeepsEveryResult) {
  const MultiParseResult t = parse_multi(
      "%0 = input\n%1 = core.0 %0\n%2 = neg %1\n%3 = mul %0, %0\n%4 = core.0 %3\nret %2, %4\n");
  ASSERT_TRUE(t) << t.error.to_string();
  const Program core = parse_ok("%0 = input\n%1 = const 2.0\n%2 = mul %0, %1\nret %2\n");
  const MultiProgram k = inline_cores(*t.program, std::span<const Program>(&core, 1));
  ASSERT_EQ(k.outputs.size(), 2u);
  EXPECT_EQ(hole_count(k.code), 0u);
  for (float x : {0.5f, -3.0f, 7.25f}) {
    EXPECT_EQ(eval_f32(k.output(0), x), -2.0f * x);
    EXPECT_EQ(eval_f32(k.output(1), x), 2.0f * x * x);
  }
  // Dead code goes; what either result needs stays.
  const MultiProgram d = remove_dead_code(MultiProgram{parse_ok("%0 = input\n%1 = sqrt %0\n%2 = neg %0\n"
                                                                "%3 = abs %0\nret %2\n"), {2, 3}});
  EXPECT_EQ(d.code.size(), 3u);
  EXPECT_EQ(d.outputs, (std::vector<std::uint32_t>{1, 2}));
}

TEST(Cost, ColdPathOfAGuardIsFreeTheGuardCostsASelectAndItsTest) {
  const Program g = parse_ok(kNestedGuards);
  // Hot: abs (0.5), mul %3, lt, add %7 (1 each) and the outer guard (select + its test);
  // the cold %4 %5 %9 and the nested guard %10 are free and add no latency: critical
  // path abs -> lt -> guard %11 = 3 ops (the cold chain mul -> mul -> add -> mul -> guard
  // would be 6).
  const double hot = 0.5 + 1.0 + 1.0 + 1.0;
  EXPECT_DOUBLE_EQ(static_cost(g, Isa::Avx512), hot + 1.0 + kGuardTestCost + 0.25 * 3);
  EXPECT_DOUBLE_EQ(static_cost(g, Isa::Neon), hot + 1.0 + kGuardTestCost + 0.25 * 3);
  // The same program with selects pays for every instruction of both arms.
  std::string text = kNestedGuards;
  for (std::size_t at = text.find("guard"); at != std::string::npos; at = text.find("guard", at))
    text.replace(at, 5, "select");
  const Program s = parse_ok(text.c_str());
  EXPECT_DOUBLE_EQ(static_cost(s, Isa::Avx512), hot + 3.0 + 2 * 1.0 + 0.25 * 6);
  EXPECT_LT(static_cost(g, Isa::Avx512), static_cost(s, Isa::Avx512));
}

// hot_path: every guard reads as its fast operand, the cold instructions are gone, and
// on inputs where no guard's mask holds the result is the guarded program's, bit for bit.
TEST(HotPath, DropsColdPathsAndMatchesTheGuardedProgramWhereNoMaskHolds) {
  const Program g = parse_ok(kNestedGuards);
  const Program h = hot_path(g);
  EXPECT_EQ(verify(h), std::nullopt);
  EXPECT_EQ(std::count_if(h.code.begin(), h.code.end(), [](const Instr& i) { return i.op == Op::Guard; }), 0);
  // What is left is the fast value x*x + x: the mask only fed the guards, so it is dead.
  EXPECT_EQ(h, parse_ok("%0 = input\n%1 = mul %0, %0\n%2 = add %1, %0\nret %2\n")) << print(h);
  for (float x : {0.0f, 1.5f, -3.0f, 99.0f, -100.0f}) {
    EXPECT_EQ(float_to_bits(sem::run_scalar(h, x)), float_to_bits(sem::run_scalar(g, x))) << x;
  }
  EXPECT_NE(float_to_bits(sem::run_scalar(h, 1000.0f)), float_to_bits(sem::run_scalar(g, 1000.0f)));
  // A program without guards is returned as it is (dead code aside).
  const Program plain = parse_ok("%0 = input\n%1 = mul %0, %0\nret %1\n");
  EXPECT_EQ(hot_path(plain), remove_dead_code(plain));
}

TEST(Canonicalize, KeepsGuardsAndAppliesSelectIdentities) {
  // A guard stays a guard (not merged into a select); equal arms and a known mask forward.
  const Program g = canonicalize(parse_ok(kNestedGuards));
  EXPECT_EQ(std::count_if(g.code.begin(), g.code.end(), [](const Instr& i) { return i.op == Op::Guard; }), 2);
  expect_same_semantics(parse_ok(kNestedGuards), g, "nested guards");
  const Program same = canonicalize(parse_ok(
      "%0 = input\n%1 = lt %0, %0\n%2 = mul %0, %0\n%3 = guard %1, %2, %2\nret %3\n"));
  EXPECT_EQ(same, canonicalize(parse_ok("%0 = input\n%1 = mul %0, %0\nret %1\n")));
  const Program known = canonicalize(parse_ok(
      "%0 = input\n%1 = const 1.0\n%2 = lt %1, %1\n%3 = sqrt %0\n%4 = guard %2, %3, %0\nret %4\n"));
  EXPECT_EQ(known, identity_program());
}

}  // namespace
}  // namespace uf::ir
