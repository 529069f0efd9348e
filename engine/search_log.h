// What a search says while it runs: events (start, proofs, probes, checkpoints, done)
// and a periodic status line, to stderr (unless quiet; a live line with progress),
// to out/search.log, and as JSON lines to --log-json. Times are the search's elapsed
// seconds, a resumed run's included.
#pragma once

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace uf::engine {

class SearchLog {
 public:
  SearchLog(bool progress, bool quiet) : progress_(progress), quiet_(quiet) {}

  // Opens the text log (empty path: none) and the JSON log (empty: none), appending on
  // resume; throws SearchError if one cannot be written.
  void open(const std::filesystem::path& text, const std::filesystem::path& json, bool append);

  // One event at elapsed time `t`; `extra` (an object or null) goes to the JSON log
  // with "t" and "message" added.
  void event(double t, const std::string& text, const nlohmann::json& extra = {});

  // The status line at elapsed time `t`, `now` seconds into this run: shown live at
  // most every 0.5 s, logged (text and `json`) at most every 5 s; `force` does both.
  void status(double t, double now, const std::string& line, const nlohmann::json& json, bool force);

  // Ends a live status line.
  void finish_line();

 private:
  bool progress_, quiet_;
  std::ofstream log_, log_json_;
  double last_progress_ = -1, last_log_ = -1;
};

// %.4g: how the search's messages print numbers.
std::string fmt_num(double v);

}  // namespace uf::engine
