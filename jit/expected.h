// Error-as-value result used by every jit/ entry point: a failed lowering, compile or
// emission never throws and never aborts; the caller reads `error` and falls back
// (e.g. to the interpreter).
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace uf::jit {

template <class T>
struct Expected {
  std::optional<T> value;
  std::string error;  // non-empty exactly when !value

  static Expected ok(T v) { return Expected{std::move(v), {}}; }
  static Expected fail(std::string msg) {
    return Expected{std::nullopt, msg.empty() ? std::string("unknown error") : std::move(msg)};
  }
  explicit operator bool() const { return value.has_value(); }
  T& operator*() { return *value; }
  const T& operator*() const { return *value; }
  T* operator->() { return &*value; }
  const T* operator->() const { return &*value; }
};

}  // namespace uf::jit
