// Crash-safe file replacement: the content goes to `<path>.tmp`, is flushed to disk
// (fsync), and is renamed over `path`; the directory is then fsynced so the rename
// itself is durable. At every instant `path` holds either the complete old content or
// the complete new content. On any failure the temporary file is removed, `path` is
// left untouched, and the error is returned.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace uf::engine {

// Returns nullopt on success, else a message naming the failing step and errno text.
std::optional<std::string> write_file_atomic(const std::filesystem::path& path,
                                             std::string_view content);

}  // namespace uf::engine
