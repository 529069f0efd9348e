// The job's communicator on MPI: one duplicate of MPI_COMM_WORLD, one tag for the
// message stream, non-blocking sends whose buffers are kept until complete.
// The C API only: OpenMPI's deprecated C++ bindings would need libmpi_cxx.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include "dist/comm.h"

namespace uf::dist {

namespace {

constexpr int kTag = 17;

class Timer {
 public:
  explicit Timer(double& acc) : acc_(acc), t0_(std::chrono::steady_clock::now()) {}
  ~Timer() { acc_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count(); }

 private:
  double& acc_;
  std::chrono::steady_clock::time_point t0_;
};

void check(int rc, const char* what) {
  if (rc != MPI_SUCCESS) {
    char msg[MPI_MAX_ERROR_STRING];
    int len = 0;
    MPI_Error_string(rc, msg, &len);
    throw std::runtime_error(std::string(what) + ": " + std::string(msg, static_cast<std::size_t>(len)));
  }
}

class MpiComm final : public Comm {
 public:
  MpiComm() {
    check(MPI_Comm_dup(MPI_COMM_WORLD, &comm_), "MPI_Comm_dup");
    // Errors come back as codes (thrown as exceptions) instead of aborting inside MPI.
    MPI_Comm_set_errhandler(comm_, MPI_ERRORS_RETURN);
    MPI_Comm_rank(comm_, &rank_);
    MPI_Comm_size(comm_, &size_);
  }
  ~MpiComm() override {
    try {
      complete_sends();
    } catch (...) {
    }
    MPI_Comm_free(&comm_);
    MPI_Finalize();
  }

  int rank() const override { return rank_; }
  int size() const override { return size_; }

  void send(int dest, std::string bytes) override {
    Timer t(st_.seconds);
    reap();
    Pending p;
    p.buf = std::make_unique<std::string>(std::move(bytes));
    check(MPI_Isend(p.buf->data(), static_cast<int>(p.buf->size()), MPI_BYTE, dest, kTag, comm_, &p.req),
          "MPI_Isend");
    ++st_.messages_sent;
    st_.bytes_sent += p.buf->size();
    pending_.push_back(std::move(p));
  }

  std::optional<Message> try_receive() override {
    Timer t(st_.seconds);
    reap();
    int flag = 0;
    MPI_Status s;
    check(MPI_Iprobe(MPI_ANY_SOURCE, kTag, comm_, &flag, &s), "MPI_Iprobe");
    if (!flag) return std::nullopt;
    return take(s);
  }

  Message receive(int source) override {
    Timer t(st_.seconds);
    MPI_Status s;
    check(MPI_Probe(source, kTag, comm_, &s), "MPI_Probe");
    return take(s);
  }

  std::vector<std::string> all_gather(const std::string& mine) override {
    Timer t(st_.seconds);
    const int n = static_cast<int>(mine.size());
    std::vector<int> counts(static_cast<std::size_t>(size_)), displs(static_cast<std::size_t>(size_));
    check(MPI_Allgather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, comm_), "MPI_Allgather");
    int total = 0;
    for (int r = 0; r < size_; ++r) {
      displs[r] = total;
      total += counts[r];
    }
    std::string all(static_cast<std::size_t>(total), '\0');
    check(MPI_Allgatherv(mine.data(), n, MPI_BYTE, all.data(), counts.data(), displs.data(), MPI_BYTE, comm_),
          "MPI_Allgatherv");
    std::vector<std::string> out;
    for (int r = 0; r < size_; ++r) out.push_back(all.substr(static_cast<std::size_t>(displs[r]), static_cast<std::size_t>(counts[r])));
    st_.bytes_sent += mine.size();
    st_.bytes_received += static_cast<std::uint64_t>(total) - mine.size();
    return out;
  }

  std::vector<std::string> gather(const std::string& mine, int root) override {
    Timer t(st_.seconds);
    const int n = static_cast<int>(mine.size());
    std::vector<int> counts(static_cast<std::size_t>(size_)), displs(static_cast<std::size_t>(size_));
    check(MPI_Gather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, root, comm_), "MPI_Gather");
    int total = 0;
    for (int r = 0; r < size_; ++r) {
      displs[r] = total;
      total += counts[r];
    }
    std::string all(rank_ == root ? static_cast<std::size_t>(total) : 0, '\0');
    check(MPI_Gatherv(mine.data(), n, MPI_BYTE, all.data(), counts.data(), displs.data(), MPI_BYTE, root, comm_),
          "MPI_Gatherv");
    std::vector<std::string> out;
    if (rank_ == root) {
      for (int r = 0; r < size_; ++r) out.push_back(all.substr(static_cast<std::size_t>(displs[r]), static_cast<std::size_t>(counts[r])));
      st_.bytes_received += static_cast<std::uint64_t>(total) - mine.size();
    } else {
      st_.bytes_sent += mine.size();
    }
    return out;
  }

  std::string broadcast(const std::string& bytes, int root) override {
    Timer t(st_.seconds);
    std::uint64_t n = bytes.size();
    check(MPI_Bcast(&n, 1, MPI_UINT64_T, root, comm_), "MPI_Bcast");
    std::string out = rank_ == root ? bytes : std::string(n, '\0');
    check(MPI_Bcast(out.data(), static_cast<int>(n), MPI_BYTE, root, comm_), "MPI_Bcast");
    if (rank_ == root) st_.bytes_sent += n; else st_.bytes_received += n;
    return out;
  }

  std::vector<std::uint64_t> all_to_all(const std::vector<std::uint64_t>& counts) override {
    Timer t(st_.seconds);
    if (counts.size() != static_cast<std::size_t>(size_)) throw std::invalid_argument("all_to_all: one count per rank");
    std::vector<std::uint64_t> out(counts.size());
    check(MPI_Alltoall(counts.data(), 1, MPI_UINT64_T, out.data(), 1, MPI_UINT64_T, comm_), "MPI_Alltoall");
    return out;
  }

  void complete_sends() override {
    Timer t(st_.seconds);
    for (auto& p : pending_) check(MPI_Wait(&p.req, MPI_STATUS_IGNORE), "MPI_Wait");
    pending_.clear();
  }

  CommStats stats() const override { return st_; }

 private:
  struct Pending {
    MPI_Request req = MPI_REQUEST_NULL;
    std::unique_ptr<std::string> buf;
  };

  Message take(MPI_Status& s) {
    int n = 0;
    MPI_Get_count(&s, MPI_BYTE, &n);
    Message m;
    m.source = s.MPI_SOURCE;
    m.bytes.resize(static_cast<std::size_t>(n));
    check(MPI_Recv(m.bytes.data(), n, MPI_BYTE, s.MPI_SOURCE, kTag, comm_, MPI_STATUS_IGNORE), "MPI_Recv");
    ++st_.messages_received;
    st_.bytes_received += m.bytes.size();
    return m;
  }

  // Frees the buffers of sends that have completed.
  void reap() {
    std::size_t k = 0;
    for (auto& p : pending_) {
      int done = 0;
      check(MPI_Test(&p.req, &done, MPI_STATUS_IGNORE), "MPI_Test");
      if (!done) pending_[k++] = std::move(p);
    }
    pending_.resize(k);
  }

  MPI_Comm comm_ = MPI_COMM_NULL;
  int rank_ = 0, size_ = 1;
  std::vector<Pending> pending_;
  CommStats st_;
};

}  // namespace

bool have_mpi() { return true; }

std::unique_ptr<Comm> init(int* argc, char*** argv) {
  if (!launched_by_mpi()) return nullptr;
  int provided = 0;
  if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    throw std::runtime_error("MPI_Init_thread failed");
  }
  if (provided < MPI_THREAD_FUNNELED) {
    MPI_Finalize();
    throw std::runtime_error("the MPI library does not support MPI_THREAD_FUNNELED");
  }
  return std::make_unique<MpiComm>();
}

void abort_job(int code) {
  int up = 0, down = 0;
  MPI_Initialized(&up);
  MPI_Finalized(&down);
  if (up && !down) MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);
}

}  // namespace uf::dist
