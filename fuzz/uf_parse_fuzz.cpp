// Fuzz target: the `.uf` program parser (ir/text.h). Properties: parse() never throws
// or crashes; an error names a line and column inside the text; an accepted program
// passes verify() and round-trips exactly (parse(print(p)) == p, print is a fixed
// point), and canonicalize() keeps it well-formed.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "ir/passes.h"
#include "ir/text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace uf::ir;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const ParseResult r = parse(text);
  if (!r) {
    UF_FUZZ_CHECK(r.error.line >= 1 && r.error.column >= 1, "a parse error names a position");
    UF_FUZZ_CHECK(!r.error.message.empty(), "a parse error says what is wrong");
    return 0;
  }
  const Program& p = *r.program;
  UF_FUZZ_CHECK(!verify(p).has_value(), "an accepted program verifies");
  const std::string printed = print(p);
  const ParseResult again = parse(printed);
  UF_FUZZ_CHECK(again.program.has_value(), "printed text parses");
  UF_FUZZ_CHECK(*again.program == p, "parse(print(p)) == p");
  UF_FUZZ_CHECK(print(*again.program) == printed, "print is a fixed point");
  const Program c = canonicalize(p);
  UF_FUZZ_CHECK(!verify(c).has_value(), "canonicalize keeps a program well-formed");
  return 0;
}
