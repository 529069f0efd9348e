// Owner replaces this file with the real `ulpforge report` command.
#include "cli/common.h"

namespace uf::cli {
void register_report(CLI::App& app) { (void)app; }
}  // namespace uf::cli
