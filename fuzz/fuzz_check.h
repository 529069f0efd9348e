// Property checks inside fuzz targets. A violated property is a finding: it prints
// what failed and aborts, which libFuzzer and the replay driver both report as a
// crash (with the input saved).
#pragma once

#include <cstdio>
#include <cstdlib>

#define UF_FUZZ_CHECK(cond, what)                                                   \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "fuzz property violated at %s:%d: %s (%s)\n", __FILE__, \
                   __LINE__, what, #cond);                                          \
      std::abort();                                                                 \
    }                                                                               \
  } while (0)
