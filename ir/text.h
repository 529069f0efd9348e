// The `.uf` text format: a readable, exactly round-tripping program syntax.
//
//   ; comment (also '#')
//   %0 = input
//   %1 = const 0x1.715476p+0      ; float32 constant as a C99 hex float (exact)
//   %2 = mul %0, %1
//   %3 = iconst 23                ; int32 constant (decimal, or 0x... hex)
//   %4 = core.0 %2                ; template hole 0
//   ret %4
//
// Value names are '%' followed by letters, digits, '_' or '.'; print() numbers them
// %0, %1, ... by position. parse(print(p)) == p for every valid program.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ir/program.h"

namespace uf::ir {

struct ParseError {
  int line = 0;    // 1-based
  int column = 0;  // 1-based
  std::string message;  // what was expected / what is wrong
  std::string to_string() const;  // "line:col: message"
};

struct ParseResult {
  std::optional<Program> program;
  ParseError error;  // meaningful when !program
  explicit operator bool() const { return program.has_value(); }
};

// Parses and type-checks (verify()) a program. Never throws on bad input. A fused kernel
// (`ret %a, %b`) is an error here: parse_multi reads it.
ParseResult parse(std::string_view text);

// A fused kernel: like parse, with one or more comma-separated f32 values after `ret`
// (each result verified as its own program).
struct MultiParseResult {
  std::optional<MultiProgram> program;
  ParseError error;  // meaningful when !program
  explicit operator bool() const { return program.has_value(); }
};
MultiParseResult parse_multi(std::string_view text);

// Prints a program in canonical text form (ends with a newline).
std::string print(const Program& p);
// The same with every output after `ret`: `ret %5, %9`.
std::string print(const MultiProgram& p);

// Formats a float32 as the shortest exact C99 hex float ("0x1.715476p+0", "-0x0p+0",
// "inf", "-inf", "nan", "nan:0x7fc00001" for non-canonical NaN payloads).
std::string hexfloat(float v);
// Parses what hexfloat() prints (and decimal floats that are exactly representable
// or not: decimal is rounded to nearest). Returns false on malformed text.
bool parse_float32(std::string_view text, float& out);

}  // namespace uf::ir
