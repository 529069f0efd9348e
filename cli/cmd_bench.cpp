// Owner replaces this file with the real `ulpforge bench` command.
#include "cli/common.h"

namespace uf::cli {
void register_bench(CLI::App& app) { (void)app; }
}  // namespace uf::cli
