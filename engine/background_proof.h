// One exhaustive proof on a thread of its own, beside the evolution
// (SearchOptions::proof_lag > 0). The search starts it with the job to run, goes on,
// and later waits for the result or cancels it; the worker's exceptions are rethrown
// by wait(), and its MPFR caches are freed when it ends.
#pragma once

#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <thread>

#include "eval/verify.h"

namespace uf::engine {

class BackgroundProof {
 public:
  using Job = std::function<eval::VerifyReport(const std::atomic<bool>* cancel)>;
  struct Result {
    eval::VerifyReport rep;
    std::chrono::steady_clock::time_point finished;  // when the worker ended
  };

  BackgroundProof() = default;
  ~BackgroundProof() { cancel(); }
  BackgroundProof(const BackgroundProof&) = delete;
  BackgroundProof& operator=(const BackgroundProof&) = delete;

  // Starts `job` (which must poll `cancel`); one proof at a time.
  void start(Job job);
  bool running() const { return worker_.joinable(); }
  // Waits for the running proof; rethrows an exception of the job.
  Result wait();
  // Asks the running proof to stop and waits for it; its result is dropped.
  void cancel();

 private:
  std::thread worker_;
  std::atomic<bool> cancel_{false};
  Result result_;
  std::exception_ptr error_;
};

}  // namespace uf::engine
