#include "ir/text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "ir/passes.h"
#include "ir/random.h"

namespace uf::ir {
namespace {

float F(std::uint32_t b) { return bits_to_float(b); }

TEST(HexFloat, PrintsShortestExactForms) {
  EXPECT_EQ(hexfloat(1.0f), "0x1p+0");
  EXPECT_EQ(hexfloat(-0.0f), "-0x0p+0");
  EXPECT_EQ(hexfloat(0.0f), "0x0p+0");
  EXPECT_EQ(hexfloat(1.44269502f), "0x1.715476p+0");
  EXPECT_EQ(hexfloat(0.5f), "0x1p-1");
  EXPECT_EQ(hexfloat(3.0f), "0x1.8p+1");
  EXPECT_EQ(hexfloat(F(0x00000001u)), "0x1p-149");
  EXPECT_EQ(hexfloat(F(0x007fffffu)), "0x1.fffffcp-127");
  EXPECT_EQ(hexfloat(F(0x7f7fffffu)), "0x1.fffffep+127");
  EXPECT_EQ(hexfloat(F(0x7f800000u)), "inf");
  EXPECT_EQ(hexfloat(F(0xff800000u)), "-inf");
  EXPECT_EQ(hexfloat(F(0x7fc00000u)), "nan");
  EXPECT_EQ(hexfloat(F(0x7fc00001u)), "nan:0x7fc00001");
  EXPECT_EQ(hexfloat(F(0xff800001u)), "nan:0xff800001");
}

TEST(HexFloat, EveryBinadeAndSpecialRoundTripsBitExactly) {
  std::vector<std::uint32_t> bits{0x00000000u, 0x80000000u, 0x7f800000u, 0xff800000u,
                                  0x7fc00000u, 0xffc00000u, 0x7f800001u, 0x7fffffffu,
                                  0xffffffffu, 0x7fa00000u, 0x00000001u, 0x80000001u,
                                  0x007fffffu, 0x00400000u, 0x00800000u, 0x7f7fffffu};
  SplitMix64 rng(7);
  for (std::uint32_t e = 0; e < 256; ++e) {
    for (int k = 0; k < 40; ++k) {
      const auto m = static_cast<std::uint32_t>(rng.next()) & 0x7fffffu;
      bits.push_back((e << 23) | m);
      bits.push_back(0x80000000u | (e << 23) | m);
    }
  }
  for (std::uint32_t b : bits) {
    const std::string s = hexfloat(F(b));
    float back;
    ASSERT_TRUE(parse_float32(s, back)) << s;
    EXPECT_EQ(float_to_bits(back), b) << s;
  }
}

TEST(HexFloat, ParsesDecimalRoundedToNearest) {
  float v;
  ASSERT_TRUE(parse_float32("0.1", v));
  EXPECT_EQ(float_to_bits(v), 0x3dcccccdu);
  ASSERT_TRUE(parse_float32("-2.5e3", v));
  EXPECT_EQ(v, -2500.0f);
  ASSERT_TRUE(parse_float32("1e-50", v));
  EXPECT_EQ(float_to_bits(v), 0u);
  ASSERT_TRUE(parse_float32("-1e39", v));
  EXPECT_EQ(float_to_bits(v), 0xff800000u);
  ASSERT_TRUE(parse_float32("1.4e-45", v));
  EXPECT_EQ(float_to_bits(v), 1u);
}

TEST(HexFloat, RejectsMalformedAndInexactText) {
  float v;
  for (const char* bad : {"", "0x", "0x1", "0x1p", "0x1.8", "0x1.0000001p+0", "0x1p+128",
                          "0x1p-150", "0x1.8p-149", "0xgp0", "1e", "1.2.3", "nan:0x3f800000",
                          "nan:0x", "nan:0x123456789", "+nan", "infinity", "--1", "1e5x",
                          "0x1p+1.5", ".", "e5"}) {
    EXPECT_FALSE(parse_float32(bad, v)) << "'" << bad << "'";
  }
}

TEST(Text, PrintsTheDocumentedFormat) {
  Builder b;
  const auto c = b.f(1.44269502f);
  const auto m = b.emit(Op::Mul, b.input(), c);
  const auto k = b.i(-23);
  const auto l = b.emit(Op::Ldexp, m, k);
  const auto h = b.core(l, 0);
  const Program p = std::move(b).finish(h);
  EXPECT_EQ(print(p),
            "%0 = input\n"
            "%1 = const 0x1.715476p+0\n"
            "%2 = mul %0, %1\n"
            "%3 = iconst -23\n"
            "%4 = ldexp %2, %3\n"
            "%5 = core.0 %4\n"
            "ret %5\n");
}

TEST(Text, GuardParsesPrintsAndRoundTrips) {
  const char* text =
      "%0 = input\n"
      "%1 = abs %0\n"
      "%2 = const 0x1.9p+6\n"
      "%3 = lt %2, %1\n"
      "%4 = mul %0, %0\n"
      "%5 = guard %3, %4, %0\n"
      "ret %5\n";
  const ParseResult r = parse(text);
  ASSERT_TRUE(r) << r.error.to_string();
  EXPECT_EQ(r.program->code[5], (Instr{Op::Guard, {3, 4, 0}, 0}));
  EXPECT_EQ(print(*r.program), text);
  // Typed like select: the first operand must be a mask.
  const ParseResult bad = parse("%0 = input\n%1 = guard %0, %0, %0\nret %1\n");
  EXPECT_FALSE(bad);
}

TEST(Text, RandomProgramsRoundTripExactly) {
  RandomProgramOptions opt;
  opt.min_ops = 1;
  opt.max_ops = 40;
  for (std::uint64_t seed = 0; seed < 1500; ++seed) {
    opt.include_holes = seed % 5 == 0;
    const Program p = random_program(seed, opt);
    const std::string s = print(p);
    const ParseResult r = parse(s);
    ASSERT_TRUE(r) << "seed " << seed << ": " << r.error.to_string() << "\n" << s;
    ASSERT_EQ(*r.program, p) << "seed " << seed << "\n" << s;
  }
}

TEST(Text, EverySpecialConstantRoundTrips) {
  const std::uint32_t specials[] = {0x00000000u, 0x80000000u, 0x7f800000u, 0xff800000u,
                                    0x7fc00000u, 0xffc00000u, 0x7fc00001u, 0x7f800001u,
                                    0xffbfffffu, 0x00000001u, 0x807fffffu, 0x00800000u,
                                    0x7f7fffffu, 0xff7fffffu, 0x3f800000u, 0x4b400000u};
  for (std::uint32_t bits : specials) {
    Builder b;
    const auto c = b.emit(Op::Const, 0, 0, 0, bits);
    const Program p = std::move(b).finish(b.emit(Op::Add, b.input(), c));
    const ParseResult r = parse(print(p));
    ASSERT_TRUE(r) << r.error.to_string();
    EXPECT_EQ(r.program->code[1].imm, bits) << print(p);
  }
}

TEST(Text, AcceptsCommentsBlankLinesHeaderAndNamedValues) {
  const ParseResult r = parse(
      "; target: expf\n"
      "\n"
      "# another comment\n"
      "  %x = input   ; the argument\n"
      "%c=const 2.5\r\n"
      "%k = iconst 0x7f800000\n"
      "%y.1 = fma %x,%c , %x  # trailing\n"
      "ret %y.1\n"
      "; after\n");
  ASSERT_TRUE(r) << r.error.to_string();
  Builder b;
  const auto c = b.f(2.5f);
  b.i(0x7f800000);
  const Program want = std::move(b).finish(b.emit(Op::Fma, 0, c, 0));
  EXPECT_EQ(*r.program, want);
}

struct Malformed {
  const char* name;
  const char* text;
  int line, column;
  const char* message_part;
};

class MalformedText : public testing::TestWithParam<Malformed> {};

TEST_P(MalformedText, GivesLineColumnAndReason) {
  const Malformed& m = GetParam();
  const ParseResult r = parse(m.text);
  ASSERT_FALSE(r) << "parsed: " << print(*r.program);
  EXPECT_EQ(r.error.line, m.line) << r.error.to_string();
  EXPECT_EQ(r.error.column, m.column) << r.error.to_string();
  EXPECT_NE(r.error.message.find(m.message_part), std::string::npos) << r.error.to_string();
  EXPECT_EQ(r.error.to_string().rfind(std::to_string(m.line) + ":" + std::to_string(m.column) + ": ", 0), 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Parser, MalformedText,
    testing::Values(
        Malformed{"UnknownOp", "%0 = input\n%1 = frob %0\nret %1\n", 2, 6, "unknown op 'frob'"},
        Malformed{"MissingEquals", "%0 = input\n%1 neg %0\nret %1\n", 2, 4, "expected '='"},
        Malformed{"UndefinedValue", "%0 = input\n%1 = neg %7\nret %1\n", 2, 10, "undefined value %7"},
        Malformed{"UseBeforeDefinition", "%0 = input\n%1 = add %0, %2\n%2 = neg %0\nret %1\n", 2,
                  14, "used before its definition (line 3)"},
        Malformed{"TooFewOperands", "%0 = input\n%1 = add %0\nret %1\n", 2, 12, "add expects 2 operands, got 1"},
        Malformed{"TooManyOperands", "%0 = input\n%1 = neg %0, %0\nret %1\n", 2, 12, "too many operands"},
        Malformed{"WrongOperandType", "%0 = input\n%1 = iconst 3\n%2 = mul %0, %1\nret %2\n", 3, 14,
                  "operand 2 of mul: %1 is i32, expected f32"},
        Malformed{"BadHexFloat", "%0 = input\n%1 = const 0x1.8q+1\nret %0\n", 2, 12, "bad float32 constant"},
        Malformed{"InexactHexFloat", "%0 = input\n%1 = const 0x1.0000001p+0\nret %0\n", 2, 12,
                  "bad float32 constant"},
        Malformed{"IConstOutOfRange", "%0 = input\n%1 = iconst 2147483648\nret %0\n", 2, 13,
                  "out of range for iconst"},
        Malformed{"IConstNotANumber", "%0 = input\n%1 = iconst 12ab\nret %0\n", 2, 13, "bad int32 constant"},
        Malformed{"MissingRet", "%0 = input\n%1 = neg %0", 2, 12, "missing 'ret"},
        Malformed{"DuplicateRet", "%0 = input\nret %0\nret %0\n", 3, 1, "duplicate 'ret' (first at line 2)"},
        Malformed{"InstructionAfterRet", "%0 = input\nret %0\n%1 = neg %0\n", 3, 1, "after 'ret'"},
        Malformed{"DuplicateDefinition", "%0 = input\n%1 = neg %0\n%1 = abs %0\nret %1\n", 3, 1,
                  "already defined (line 2)"},
        Malformed{"TrailingGarbage", "%0 = input\n%1 = neg %0 extra\nret %1\n", 2, 13, "unexpected 'extra'"},
        Malformed{"TrailingGarbageAfterRet", "%0 = input\nret %0 %0\n", 2, 8, "expected end of line"},
        Malformed{"EmptyFile", "", 1, 1, "empty program"},
        Malformed{"OnlyComments", "; nothing\n\n# here\n", 1, 1, "empty program"},
        Malformed{"CoreWithoutIndex", "%0 = input\n%1 = core %0\nret %1\n", 2, 10, "hole index"},
        Malformed{"HoleIndexOutOfRange", "%0 = input\n%1 = core.1024 %0\nret %1\n", 2, 11, "hole index out of range"},
        Malformed{"IndexOnOrdinaryOp", "%0 = input\n%1 = neg.2 %0\nret %1\n", 2, 9, "takes no index"},
        Malformed{"InputNotFirst", "%0 = const 1.0\n%1 = input\nret %1\n", 1, 6,
                  "first instruction must be 'input'"},
        Malformed{"SecondInput", "%0 = input\n%1 = input\nret %1\n", 2, 6, "'input' must be the first"},
        Malformed{"ResultNotF32", "%0 = input\n%1 = asint %0\nret %1\n", 3, 5, "is i32, expected f32"},
        Malformed{"MissingConstValue", "%0 = input\n%1 = const\nret %0\n", 2, 11, "expected a float32 constant"},
        Malformed{"MissingComma", "%0 = input\n%1 = add %0 %0\nret %1\n", 2, 13, "expected ','"},
        Malformed{"NotAnInstruction", "%0 = input\nreturn %0\n", 2, 1, "expected an instruction"},
        Malformed{"EmptyValueName", "%0 = input\n% = neg %0\nret %0\n", 2, 2, "expected a value name"}),
    [](const testing::TestParamInfo<Malformed>& i) { return std::string(i.param.name); });

// Random edits of valid texts: parse() must return either an error or a program that
// verifies, and never crash or throw.
TEST(Text, ParserSurvivesRandomMutations) {
  SplitMix64 rng(12345);
  const char alphabet[] = "%=,.;#0123456789abcdefpx+-: \n\tinputconstaddret\x01\xff";
  int parsed = 0;
  for (int n = 0; n < 10000; ++n) {
    RandomProgramOptions opt;
    opt.max_ops = 8;
    opt.include_holes = n % 7 == 0;
    std::string s = print(random_program(rng.next(), opt));
    const int edits = 1 + static_cast<int>(rng.below(4));
    for (int e = 0; e < edits; ++e) {
      const std::size_t pos = rng.below(s.size() + 1);
      switch (rng.below(4)) {
        case 0:  // insert a character
          s.insert(pos, 1, alphabet[rng.below(sizeof alphabet - 1)]);
          break;
        case 1:  // delete a run
          if (pos < s.size()) s.erase(pos, 1 + rng.below(4));
          break;
        case 2:  // replace a character
          if (pos < s.size()) s[pos] = alphabet[rng.below(sizeof alphabet - 1)];
          break;
        default:  // duplicate a line fragment
          if (pos < s.size()) s.insert(rng.below(s.size()), s.substr(pos, rng.below(12)));
          break;
      }
    }
    const ParseResult r = parse(s);
    if (r) {
      ++parsed;
      ASSERT_EQ(verify(*r.program), std::nullopt) << s;
    } else {
      EXPECT_GE(r.error.line, 1);
      EXPECT_GE(r.error.column, 1);
      EXPECT_FALSE(r.error.message.empty());
    }
  }
  // Some mutations (comment edits, whitespace) keep the text valid.
  EXPECT_GT(parsed, 100);
}

TEST(Text, ParserSurvivesRandomBytesAndPathologicalInput) {
  SplitMix64 rng(2024);
  for (int n = 0; n < 2000; ++n) {
    std::string s(rng.below(200), '\0');
    for (char& c : s) c = static_cast<char>(rng.below(256));
    const ParseResult r = parse(s);
    if (r) {
      EXPECT_EQ(verify(*r.program), std::nullopt);
    } else {
      EXPECT_GE(r.error.line, 1);
      EXPECT_GE(r.error.column, 1);
    }
  }
  const std::string long_name = "%0 = input\n%" + std::string(100000, 'a') + " = neg %0\nret %0\n";
  EXPECT_TRUE(parse(long_name));
  const std::string long_float = "%0 = input\n%1 = const 0x" + std::string(5000, '0') + "1" +
                                 std::string(5000, '0') + "p-20000\nret %0\n";
  const ParseResult lf = parse(long_float);
  ASSERT_TRUE(lf) << lf.error.to_string();
  EXPECT_EQ(lf.program->code[1].imm, 0x3f800000u);  // 16^5000 * 2^-20000 = 1
  EXPECT_FALSE(parse("%0 = input\n%1 = const 0x1p+99999999999999999999\nret %0\n"));
  EXPECT_FALSE(parse("%0 = input\n%1 = iconst 99999999999999999999999\nret %0\n"));
  std::string many = "%0 = input\n";
  for (int i = 1; i <= 20000; ++i)
    many += "%" + std::to_string(i) + " = add %" + std::to_string(i - 1) + ", %0\n";
  many += "ret %20000\n";
  const ParseResult m = parse(many);
  ASSERT_TRUE(m) << m.error.to_string();
  EXPECT_EQ(m.program->size(), 20001u);
  EXPECT_EQ(print(*m.program), many);
}

TEST(Text, IntegerConstantSpellings) {
  const auto imm = [](const std::string& tok) -> std::optional<std::uint32_t> {
    const ParseResult r = parse("%0 = input\n%1 = iconst " + tok + "\nret %0\n");
    if (!r) return std::nullopt;
    return r.program->code[1].imm;
  };
  EXPECT_EQ(imm("0"), 0u);
  EXPECT_EQ(imm("-1"), 0xffffffffu);
  EXPECT_EQ(imm("+7"), 7u);
  EXPECT_EQ(imm("-2147483648"), 0x80000000u);
  EXPECT_EQ(imm("2147483647"), 0x7fffffffu);
  EXPECT_EQ(imm("0x807fffff"), 0x807fffffu);
  EXPECT_EQ(imm("0XFFFFFFFF"), 0xffffffffu);
  EXPECT_EQ(imm("-0x80000000"), 0x80000000u);
  EXPECT_EQ(imm("-2147483649"), std::nullopt);
  EXPECT_EQ(imm("0x100000000"), std::nullopt);
  EXPECT_EQ(imm("-0x80000001"), std::nullopt);
  EXPECT_EQ(imm("0x"), std::nullopt);
  EXPECT_EQ(imm("1.5"), std::nullopt);
}

TEST(Text, FusedKernelsRoundTripAndOnlyParseMultiAcceptsThem) {
  const char* text =
      "%0 = input\n%1 = neg %0\n%2 = abs %0\nret %1, %2\n";
  const MultiParseResult m = parse_multi(text);
  ASSERT_TRUE(m) << m.error.to_string();
  EXPECT_EQ(m.program->outputs, (std::vector<std::uint32_t>{1, 2}));
  EXPECT_EQ(m.program->code.result, 1u);
  EXPECT_EQ(print(*m.program), text);
  const MultiParseResult again = parse_multi(print(*m.program));
  ASSERT_TRUE(again);
  EXPECT_EQ(*again.program, *m.program);
  // One result: the same program either way.
  const MultiParseResult one = parse_multi("%0 = input\nret %0\n");
  ASSERT_TRUE(one);
  EXPECT_EQ(one.program->outputs.size(), 1u);
  // parse() refuses a second result at its comma, saying what the file is.
  const ParseResult single = parse(text);
  ASSERT_FALSE(single);
  EXPECT_EQ(single.error.line, 4);
  EXPECT_EQ(single.error.column, 7);
  EXPECT_NE(single.error.message.find("fused kernel"), std::string::npos) << single.error.message;
  // Every result must be an f32 value, and the list well formed.
  const MultiParseResult mask = parse_multi("%0 = input\n%1 = lt %0, %0\nret %0, %1\n");
  ASSERT_FALSE(mask);
  EXPECT_EQ(mask.error.column, 9);
  EXPECT_NE(mask.error.message.find("expected f32"), std::string::npos) << mask.error.message;
  EXPECT_FALSE(parse_multi("%0 = input\nret %0,\n"));
  EXPECT_FALSE(parse_multi("%0 = input\nret %0, %7\n"));
  EXPECT_FALSE(parse_multi("%0 = input\nret %0 %0\n"));
}

}  // namespace
}  // namespace uf::ir
