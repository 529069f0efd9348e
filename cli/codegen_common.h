// Shared by `ulpforge emit` and `ulpforge asm`: the full kernel to generate code for,
// and the name it gets.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "ir/program.h"
#include "targets/target.h"

namespace uf::cli {

struct CodegenKernel {
  ir::Program kernel;                      // full kernel (no holes)
  const targets::Target* target = nullptr; // when known
  std::string name;                        // uf_<name>
};

// Loads PROGRAM. With a target (--target, or the file's `; target: NAME` line) the
// program is completed by full_kernel(); without one it must be a full kernel itself.
// The name is --name, else the target's name, else the file's stem. A user-defined
// target (--target-file), when given, is the target.
CodegenKernel kernel_for_codegen(const std::string& program_file,
                                 const std::optional<std::string>& target,
                                 const std::optional<std::string>& name,
                                 const targets::Target* user_target = nullptr);

}  // namespace uf::cli
