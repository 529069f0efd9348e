#include "engine/background_proof.h"

#include <stdexcept>
#include <utility>

#include "eval/reference.h"

namespace uf::engine {

void BackgroundProof::start(Job job) {
  if (running()) throw std::logic_error("BackgroundProof: a proof is already running");
  cancel_.store(false);
  error_ = nullptr;
  worker_ = std::thread([this, job = std::move(job)] {
    try {
      result_.rep = job(&cancel_);
    } catch (...) {
      error_ = std::current_exception();
    }
    result_.finished = std::chrono::steady_clock::now();
    eval::release_thread_caches();  // this thread ends here: its MPFR caches with it
  });
}

BackgroundProof::Result BackgroundProof::wait() {
  if (!running()) throw std::logic_error("BackgroundProof: no proof is running");
  worker_.join();
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  return std::move(result_);
}

void BackgroundProof::cancel() {
  if (!running()) return;
  cancel_.store(true);
  worker_.join();
  error_ = nullptr;
}

}  // namespace uf::engine
