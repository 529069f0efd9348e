#include "ir/text.h"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "ir/passes.h"

namespace uf::ir {

std::string ParseError::to_string() const {
  return std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

// ---------------------------------------------------------------------------------
// Floats

std::string hexfloat(float v) {
  const std::uint32_t b = float_to_bits(v);
  const bool neg = (b >> 31) != 0;
  const std::uint32_t e = (b >> 23) & 0xffu;
  std::uint32_t m = b & 0x7fffffu;
  if (e == 0xffu) {
    if (m == 0) return neg ? "-inf" : "inf";
    if (b == 0x7fc00000u) return "nan";
    char buf[24];
    std::snprintf(buf, sizeof buf, "nan:0x%08x", static_cast<unsigned>(b));
    return buf;
  }
  std::string s = neg ? "-" : "";
  if (e == 0 && m == 0) return s + "0x0p+0";
  int exp = static_cast<int>(e) - 127;
  if (e == 0) {
    // Subnormal m * 2^-149: shift the leading one up to bit 23 (normalised form,
    // which is the shortest hex spelling).
    const int shift = std::countl_zero(m) - 8;
    m = (m << shift) & 0x7fffffu;
    exp = -126 - shift;
  }
  // 23 fraction bits as 6 hex digits (the last digit carries one padding bit).
  std::uint32_t frac = m << 1;
  int digits = 6;
  while (digits > 0 && (frac & 0xfu) == 0) {
    frac >>= 4;
    --digits;
  }
  s += "0x1";
  if (digits > 0) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%0*x", digits, static_cast<unsigned>(frac));
    s += '.';
    s += buf;
  }
  s += 'p';
  s += exp >= 0 ? '+' : '-';
  s += std::to_string(exp >= 0 ? exp : -exp);
  return s;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Hex float body after "0x": H*[.H*]p[+-]D+. Only exactly representable values are
// accepted: a hex float is an exact bit pattern by intent.
bool parse_hex_body(std::string_view t, bool neg, float& out) {
  std::uint64_t mant = 0;      // significant digits (at most 15 hex digits kept)
  long long shift = 0;         // value = mant * 2^(shift + exponent)
  bool any_digit = false, dropped_nonzero = false, seen_point = false;
  std::size_t i = 0;
  for (; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '.') {
      if (seen_point) return false;
      seen_point = true;
      continue;
    }
    const int h = hex_value(c);
    if (h < 0) break;
    any_digit = true;
    if (mant < (1ull << 56)) {
      mant = mant * 16 + static_cast<unsigned>(h);
      if (seen_point) shift -= 4;
    } else {
      // Digit beyond 60 significant bits: never exact for float32 unless zero.
      if (h != 0) dropped_nonzero = true;
      if (!seen_point) shift += 4;
    }
  }
  if (!any_digit || dropped_nonzero) return false;
  if (i >= t.size() || (t[i] != 'p' && t[i] != 'P')) return false;
  ++i;
  bool eneg = false;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) eneg = t[i++] == '-';
  if (i >= t.size()) return false;
  long long ex = 0;
  for (; i < t.size(); ++i) {
    if (!is_digit(t[i])) return false;
    if (ex < 100000) ex = ex * 10 + (t[i] - '0');
  }
  if (mant == 0) {
    out = neg ? -0.0f : 0.0f;
    return true;
  }
  const int tz = std::countr_zero(mant);
  mant >>= tz;
  const long long low = shift + (eneg ? -ex : ex) + tz;  // exponent of the lowest set bit
  const int width = 64 - std::countl_zero(mant);
  const long long top = low + width - 1;                  // exponent of the leading bit
  if (top > 127 || low < -149) return false;              // overflow / below subnormal grid
  if (width > 24) return false;                           // more than 24 significant bits
  if (top >= -126 && top - low > 23) return false;
  // Exact: mant < 2^24 and every bit lies on the float32 grid.
  const double d = std::ldexp(static_cast<double>(mant), static_cast<int>(low));
  out = static_cast<float>(neg ? -d : d);
  return true;
}

// Decimal: [digits][.digits][e[+-]digits], rounded to nearest even (overflow to ±inf,
// underflow to ±0, as IEEE rounding does).
bool parse_decimal_body(std::string_view t, bool neg, float& out) {
  std::size_t i = 0;
  bool mant_digit = false;
  while (i < t.size() && is_digit(t[i])) ++i, mant_digit = true;
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && is_digit(t[i])) ++i, mant_digit = true;
  }
  if (!mant_digit) return false;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (i >= t.size() || !is_digit(t[i])) return false;
    while (i < t.size() && is_digit(t[i])) ++i;
  }
  if (i != t.size()) return false;
  float f = 0.0f;
  const auto r = std::from_chars(t.data(), t.data() + t.size(), f, std::chars_format::general);
  if (r.ptr != t.data() + t.size()) return false;
  if (r.ec == std::errc::result_out_of_range) {
    // Rounded to 0 or to inf: tell them apart by the magnitude in double (or, past
    // the double range too, by the sign of the decimal exponent).
    double d = 0.0;
    const auto rd = std::from_chars(t.data(), t.data() + t.size(), d, std::chars_format::general);
    bool tiny;
    if (rd.ec == std::errc()) {
      tiny = std::fabs(d) < 1.0;
    } else {
      const std::size_t e = t.find_first_of("eE");
      tiny = e != std::string_view::npos && e + 1 < t.size() && t[e + 1] == '-';
    }
    f = tiny ? 0.0f : INFINITY;
  } else if (r.ec != std::errc()) {
    return false;
  }
  out = neg ? -f : f;
  return true;
}

}  // namespace

bool parse_float32(std::string_view text, float& out) {
  if (text.empty()) return false;
  if (text == "nan") {
    out = bits_to_float(0x7fc00000u);
    return true;
  }
  if (text.starts_with("nan:")) {
    const std::string_view h = text.substr(4);
    if (h.size() < 3 || h.size() > 10 || h[0] != '0' || (h[1] != 'x' && h[1] != 'X'))
      return false;
    std::uint32_t b = 0;
    for (char c : h.substr(2)) {
      const int v = hex_value(c);
      if (v < 0) return false;
      b = b * 16 + static_cast<unsigned>(v);
    }
    if ((b & 0x7fffffffu) <= 0x7f800000u) return false;  // not a NaN pattern
    out = bits_to_float(b);
    return true;
  }
  bool neg = false;
  std::string_view t = text;
  if (t[0] == '+' || t[0] == '-') {
    neg = t[0] == '-';
    t.remove_prefix(1);
  }
  if (t == "inf") {
    out = neg ? -INFINITY : INFINITY;
    return true;
  }
  if (t == "nan") {
    if (!neg) return false;  // "+nan" is not a spelling hexfloat() produces
    out = bits_to_float(0xffc00000u);
    return true;
  }
  if (t.size() >= 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X'))
    return parse_hex_body(t.substr(2), neg, out);
  return parse_decimal_body(t, neg, out);
}

// ---------------------------------------------------------------------------------
// Printer

namespace {
// The instruction lines of print (everything but `ret`).
std::string print_code(const Program& p) {
  std::string s;
  s.reserve(p.code.size() * 24 + 16);
  for (std::size_t i = 0; i < p.code.size(); ++i) {
    const Instr& ins = p.code[i];
    s += '%';
    s += std::to_string(i);
    s += " = ";
    if (static_cast<std::size_t>(ins.op) >= kNumOps) {
      s += "<invalid op " + std::to_string(static_cast<unsigned>(ins.op)) + ">\n";
      continue;
    }
    const OpInfo& oi = info(ins.op);
    s += oi.name;
    switch (oi.imm) {
      case ImmKind::F32: s += ' ' + hexfloat(bits_to_float(ins.imm)); break;
      case ImmKind::I32: s += ' ' + std::to_string(static_cast<std::int32_t>(ins.imm)); break;
      case ImmKind::Hole: s += '.' + std::to_string(ins.imm); break;
      case ImmKind::None: break;
    }
    for (int k = 0; k < oi.arity; ++k) {
      s += k == 0 ? " %" : ", %";
      s += std::to_string(ins.args[static_cast<std::size_t>(k)]);
    }
    s += '\n';
  }
  return s;
}
}  // namespace

std::string print(const Program& p) { return print_code(p) + "ret %" + std::to_string(p.result) + "\n"; }

std::string print(const MultiProgram& p) {
  std::string s = print_code(p.code) + "ret ";
  for (std::size_t i = 0; i < p.outputs.size(); ++i)
    s += (i == 0 ? "%" : ", %") + std::to_string(p.outputs[i]);
  return s + "\n";
}

// ---------------------------------------------------------------------------------
// Parser

namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '.';
}
bool is_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
}
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// Describes the text at a position for "unexpected ..." messages.
std::string describe(std::string_view rest) {
  if (rest.empty()) return "end of line";
  std::size_t n = 0;
  while (n < rest.size() && n < 16 && !is_space(rest[n])) ++n;
  if (n == 0) n = 1;
  std::string s(rest.substr(0, n));
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
  return "'" + s + "'";
}

struct Failure {
  ParseError error;
};

class Parser {
 public:
  // multi: `ret` may name several values (parse_multi).
  Parser(std::string_view text, bool multi) : text_(text), multi_(multi) { split_lines(); }

  template <class Result>
  Result run() {
    Result res;
    try {
      collect_definitions();
      for (std::size_t li = 0; li < lines_.size(); ++li) parse_line(li);
      finish();
      if constexpr (std::is_same_v<Result, MultiParseResult>) {
        res.program = MultiProgram{std::move(prog_), std::move(outputs_)};
      } else {
        res.program = std::move(prog_);
      }
    } catch (const Failure& f) {
      res.error = f.error;
    }
    return res;
  }

 private:
  struct Line {
    int number;
    std::string_view text;
  };

  void split_lines() {
    std::size_t start = 0;
    int number = 1;
    for (std::size_t i = 0; i <= text_.size(); ++i) {
      if (i == text_.size() || text_[i] == '\n') {
        lines_.push_back(Line{number++, text_.substr(start, i - start)});
        start = i + 1;
      }
    }
  }

  [[noreturn]] void fail(int line, std::size_t col0, std::string message) const {
    throw Failure{ParseError{line, static_cast<int>(col0) + 1, std::move(message)}};
  }

  // Cursor over one line.
  struct Cur {
    const Line* line;
    std::size_t i = 0;
    std::string_view rest() const { return line->text.substr(i); }
    bool at_end() const {
      return i >= line->text.size() || line->text[i] == ';' || line->text[i] == '#';
    }
    char peek() const { return i < line->text.size() ? line->text[i] : '\0'; }
    void skip_ws() {
      while (i < line->text.size() && is_space(line->text[i])) ++i;
    }
  };

  // Reads "%name" at the cursor; returns the name without '%'.
  std::string_view read_name(Cur& c, const char* what) {
    if (c.peek() != '%')
      fail(c.line->number, c.i, std::string("expected ") + what + " (a value name like %3), found " +
                                    describe(c.rest()));
    const std::size_t start = ++c.i;
    while (c.i < c.line->text.size() && is_name_char(c.line->text[c.i])) ++c.i;
    if (c.i == start)
      fail(c.line->number, c.i, "expected a value name after '%' (letters, digits, '_' or '.')");
    return c.line->text.substr(start, c.i - start);
  }

  // Pre-pass: where every value is defined, so a use before its definition can be told
  // apart from an undefined name.
  void collect_definitions() {
    for (const Line& l : lines_) {
      Cur c{&l};
      c.skip_ws();
      if (c.peek() != '%') continue;
      const std::size_t start = ++c.i;
      while (c.i < l.text.size() && is_name_char(l.text[c.i])) ++c.i;
      const std::string_view name = l.text.substr(start, c.i - start);
      c.skip_ws();
      if (!name.empty() && c.peek() == '=') later_.emplace(std::string(name), l.number);
    }
  }

  std::uint32_t resolve(Cur& c, Type want, const OpInfo& oi, int k) {
    const std::size_t col = c.i;
    const std::string_view name = read_name(c, "an operand");
    const auto it = defined_.find(std::string(name));
    if (it == defined_.end()) {
      const auto later = later_.find(std::string(name));
      if (later != later_.end())
        fail(c.line->number, col, "value %" + std::string(name) +
                                      " is used before its definition (line " +
                                      std::to_string(later->second) + ")");
      fail(c.line->number, col, "undefined value %" + std::string(name));
    }
    const Type got = prog_.type_of(it->second);
    if (want != Type::None && got != want)
      fail(c.line->number, col,
           "operand " + std::to_string(k + 1) + " of " + std::string(oi.name) + ": %" +
               std::string(name) + " is " + std::string(type_name(got)) + ", expected " +
               std::string(type_name(want)));
    return it->second;
  }

  void expect_end(Cur& c, const char* after) {
    c.skip_ws();
    if (!c.at_end())
      fail(c.line->number, c.i,
           "unexpected " + describe(c.rest()) + " after " + after + "; expected end of line");
  }

  void parse_line(std::size_t li) {
    const Line& l = lines_[li];
    Cur c{&l};
    c.skip_ws();
    if (c.at_end()) return;

    if (ret_line_ != 0) {
      if (l.text.substr(c.i).starts_with("ret") &&
          (c.i + 3 >= l.text.size() || !is_ident_char(l.text[c.i + 3])))
        fail(l.number, c.i, "duplicate 'ret' (first at line " + std::to_string(ret_line_) + ")");
      fail(l.number, c.i, "unexpected " + describe(c.rest()) + " after 'ret' (line " +
                              std::to_string(ret_line_) + "); expected end of program");
    }

    if (c.peek() != '%') {
      const std::size_t start = c.i;
      while (c.i < l.text.size() && is_ident_char(l.text[c.i])) ++c.i;
      const std::string_view word = l.text.substr(start, c.i - start);
      if (word != "ret")
        fail(l.number, start,
             "expected an instruction ('%name = op ...') or 'ret', found " + describe(l.text.substr(start)));
      if (prog_.code.empty()) fail(l.number, start, "'ret' before any instruction; expected '%0 = input'");
      for (;;) {
        c.skip_ws();
        const std::size_t col = c.i;
        const std::string_view name = read_name(c, "the returned value");
        const auto it = defined_.find(std::string(name));
        if (it == defined_.end()) fail(l.number, col, "undefined value %" + std::string(name));
        const Type t = prog_.type_of(it->second);
        if (t != Type::F32)
          fail(l.number, col, "returned value %" + std::string(name) + " is " +
                                  std::string(type_name(t)) + ", expected f32");
        outputs_.push_back(it->second);
        c.skip_ws();
        if (c.peek() != ',') break;
        if (!multi_)
          fail(l.number, c.i, "a second returned value: this is a fused kernel with several results, "
                              "which only a command reading fused kernels accepts");
        ++c.i;
      }
      prog_.result = outputs_.front();
      expect_end(c, multi_ ? "'ret %value, ...'" : "'ret %value'");
      ret_line_ = l.number;
      return;
    }

    const std::size_t def_col = c.i;
    const std::string name(read_name(c, "a value name"));
    if (const auto it = defined_.find(name); it != defined_.end())
      fail(l.number, def_col, "value %" + name + " is already defined (line " +
                                  std::to_string(def_line_[it->second]) + ")");
    c.skip_ws();
    if (c.peek() != '=')
      fail(l.number, c.i, "expected '=' after %" + name + ", found " + describe(c.rest()));
    ++c.i;
    c.skip_ws();

    const std::size_t op_col = c.i;
    while (c.i < l.text.size() && is_ident_char(l.text[c.i])) ++c.i;
    const std::string_view opname = l.text.substr(op_col, c.i - op_col);
    if (opname.empty()) fail(l.number, op_col, "expected an op name, found " + describe(c.rest()));
    Op op;
    if (!op_from_name(opname, op)) fail(l.number, op_col, "unknown op '" + std::string(opname) + "'");
    const OpInfo& oi = info(op);
    Instr ins{op, {0, 0, 0}, 0};

    if (oi.imm == ImmKind::Hole) {
      if (c.peek() != '.')
        fail(l.number, c.i, "expected a hole index after " + std::string(opname) + " (e.g. core.0)");
      const std::size_t start = ++c.i;
      std::uint64_t v = 0;
      while (c.i < l.text.size() && is_digit(l.text[c.i])) {
        v = v * 10 + static_cast<unsigned>(l.text[c.i] - '0');
        if (v >= kMaxHoles)
          fail(l.number, start, "hole index out of range (at most " + std::to_string(kMaxHoles - 1) + ")");
        ++c.i;
      }
      if (c.i == start) fail(l.number, c.i, "expected a hole index (decimal digits) after 'core.'");
      ins.imm = static_cast<std::uint32_t>(v);
    } else if (c.peek() == '.') {
      fail(l.number, c.i, "op " + std::string(opname) + " takes no index");
    }

    if (op == Op::Input) {
      if (!prog_.code.empty())
        fail(l.number, op_col, "'input' must be the first instruction (and there is only one)");
    } else if (prog_.code.empty()) {
      fail(l.number, op_col, "the first instruction must be 'input', found '" + std::string(opname) + "'");
    }

    if (oi.imm == ImmKind::F32 || oi.imm == ImmKind::I32) {
      c.skip_ws();
      const std::size_t start = c.i;
      while (c.i < l.text.size() && !is_space(l.text[c.i]) && l.text[c.i] != ',' &&
             l.text[c.i] != ';' && l.text[c.i] != '#')
        ++c.i;
      const std::string_view tok = l.text.substr(start, c.i - start);
      if (oi.imm == ImmKind::F32) {
        float v;
        if (tok.empty())
          fail(l.number, start, "expected a float32 constant after 'const' (hex float like 0x1.8p+1, decimal, inf or nan)");
        if (!parse_float32(tok, v))
          fail(l.number, start, "bad float32 constant '" + std::string(tok) +
                                    "' (expected an exact hex float like 0x1.8p+1, a decimal, inf, nan or nan:0x7fc00001)");
        ins.imm = float_to_bits(v);
      } else {
        if (tok.empty()) fail(l.number, start, "expected an int32 constant after 'iconst'");
        ins.imm = parse_int32(tok, l.number, start);
      }
    }

    for (int k = 0; k < oi.arity; ++k) {
      c.skip_ws();
      if (k > 0) {
        if (c.at_end())
          fail(l.number, c.i, std::string(opname) + " expects " + std::to_string(oi.arity) +
                                  " operands, got " + std::to_string(k));
        if (c.peek() != ',') fail(l.number, c.i, "expected ',' between operands, found " + describe(c.rest()));
        ++c.i;
        c.skip_ws();
      }
      if (c.at_end())
        fail(l.number, c.i, std::string(opname) + " expects " + std::to_string(oi.arity) +
                                " operand" + (oi.arity == 1 ? "" : "s") + ", got " + std::to_string(k));
      ins.args[static_cast<std::size_t>(k)] = resolve(c, oi.args[static_cast<std::size_t>(k)], oi, k);
    }
    c.skip_ws();
    if (c.peek() == ',' || (oi.arity == 0 && c.peek() == '%'))
      fail(l.number, c.i, "too many operands: " + std::string(opname) + " takes " +
                              std::to_string(oi.arity));
    expect_end(c, "the instruction");

    defined_.emplace(name, static_cast<std::uint32_t>(prog_.code.size()));
    def_line_.push_back(l.number);
    prog_.code.push_back(ins);
  }

  std::uint32_t parse_int32(std::string_view tok, int line, std::size_t col) {
    bool neg = false;
    std::string_view t = tok;
    if (!t.empty() && (t[0] == '-' || t[0] == '+')) {
      neg = t[0] == '-';
      t.remove_prefix(1);
    }
    const bool hex = t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X');
    if (hex) t.remove_prefix(2);
    if (t.empty())
      fail(line, col, "bad int32 constant '" + std::string(tok) + "' (expected decimal or 0x hex)");
    std::uint64_t v = 0;
    for (char ch : t) {
      const int d = hex ? hex_value(ch) : (is_digit(ch) ? ch - '0' : -1);
      if (d < 0)
        fail(line, col, "bad int32 constant '" + std::string(tok) + "' (expected decimal or 0x hex)");
      v = v * (hex ? 16 : 10) + static_cast<unsigned>(d);
      if (v > 0x1ffffffffull) break;
    }
    // Decimal: [-2^31, 2^31 - 1]. Hex: a 32-bit pattern [0, 0xffffffff], or its negation
    // down to -0x80000000.
    const std::uint64_t max = hex ? (neg ? 0x80000000ull : 0xffffffffull)
                                  : (neg ? 0x80000000ull : 0x7fffffffull);
    if (v > max)
      fail(line, col, "int32 constant '" + std::string(tok) + "' out of range for iconst (" +
                          (hex ? "0x0..0xffffffff" : "-2147483648..2147483647") + ")");
    const auto u = static_cast<std::uint32_t>(v);
    return neg ? 0u - u : u;
  }

  void finish() {
    const Line& last = lines_.back();
    if (prog_.code.empty())
      fail(1, 0, "empty program: expected '%0 = input' as the first instruction");
    if (ret_line_ == 0)
      fail(last.number, last.text.size(), "missing 'ret %value' at the end of the program");
    if (auto err = verify(prog_)) fail(ret_line_, 0, "program does not verify: " + *err);
  }

  std::string_view text_;
  std::vector<Line> lines_;
  Program prog_;
  std::unordered_map<std::string, std::uint32_t> defined_;
  std::unordered_map<std::string, int> later_;
  std::vector<int> def_line_;
  int ret_line_ = 0;
  bool multi_ = false;
  std::vector<std::uint32_t> outputs_;
};

}  // namespace

ParseResult parse(std::string_view text) {
  try {
    return Parser(text, false).run<ParseResult>();
  } catch (const std::exception& e) {  // allocation failure on absurd input
    ParseResult r;
    r.error = ParseError{1, 1, std::string("parse failed: ") + e.what()};
    return r;
  }
}

MultiParseResult parse_multi(std::string_view text) {
  try {
    return Parser(text, true).run<MultiParseResult>();
  } catch (const std::exception& e) {
    MultiParseResult r;
    r.error = ParseError{1, 1, std::string("parse failed: ") + e.what()};
    return r;
  }
}

}  // namespace uf::ir
