// Owner replaces this file with the real `ulpforge asm` command.
#include "cli/common.h"

namespace uf::cli {
void register_asm(CLI::App& app) { (void)app; }
}  // namespace uf::cli
