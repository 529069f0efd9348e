// Owner replaces this file with the real `ulpforge emit` command.
#include "cli/common.h"

namespace uf::cli {
void register_emit(CLI::App& app) { (void)app; }
}  // namespace uf::cli
