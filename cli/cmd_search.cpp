// Owner replaces this file with the real `ulpforge search` command.
#include "cli/common.h"

namespace uf::cli {
void register_search(CLI::App& app) { (void)app; }
}  // namespace uf::cli
