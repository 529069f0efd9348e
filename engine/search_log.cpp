#include "engine/search_log.h"

#include <cmath>
#include <cstdio>
#include <iostream>

#include "engine/search.h"

namespace uf::engine {

std::string fmt_num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

void SearchLog::open(const std::filesystem::path& text, const std::filesystem::path& json, bool append) {
  const auto mode = append ? std::ios::app : std::ios::trunc;
  if (!text.empty()) {
    log_.open(text, mode);
    if (!log_) throw SearchError("cannot write to output directory " + text.parent_path().string());
  }
  if (!json.empty()) {
    log_json_.open(json, mode);
    if (!log_json_) throw SearchError("cannot write " + json.string());
  }
}

void SearchLog::event(double t, const std::string& text, const nlohmann::json& extra) {
  if (log_.is_open()) log_ << "[" << fmt_num(t) << " s] " << text << std::endl;
  if (log_json_.is_open()) {
    nlohmann::json j = extra.is_null() ? nlohmann::json::object() : extra;
    j["t"] = t;
    j["message"] = text;
    log_json_ << j.dump() << std::endl;
  }
  if (!quiet_) {
    if (progress_) std::cerr << "\r\033[K";
    std::cerr << "[" << fmt_num(t) << " s] " << text << "\n";
  }
}

void SearchLog::status(double t, double now, const std::string& line, const nlohmann::json& json, bool force) {
  if (progress_ && !quiet_ && (force || now - last_progress_ >= 0.5)) {
    std::cerr << "\r\033[K[" << fmt_num(t) << " s] " << line << std::flush;
    last_progress_ = now;
  }
  if (force || now - last_log_ >= 5.0) {
    last_log_ = now;
    if (log_.is_open()) log_ << "[" << fmt_num(t) << " s] " << line << std::endl;
    if (log_json_.is_open()) log_json_ << json.dump() << std::endl;
    if (!progress_ && !quiet_) std::cerr << "[" << fmt_num(t) << " s] " << line << "\n";
  }
}

void SearchLog::finish_line() {
  if (progress_ && !quiet_) std::cerr << "\n";
}

}  // namespace uf::engine
