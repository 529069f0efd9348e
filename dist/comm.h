// Processes that work on one job (a search or a proof split over MPI ranks): the few
// operations the engine needs, over bytes, behind an interface that does not include
// <mpi.h>. dist/mpi_comm.cpp implements it on MPI when the build has MPI
// (ULPFORGE_HAVE_MPI); a single process has no Comm at all (a null pointer).
//
// Threads: every call is made from the thread that called init() (MPI_THREAD_FUNNELED);
// the search's worker threads and its proof thread never communicate.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace uf::dist {

struct Message {
  int source = 0;
  std::string bytes;
};

// What a process has sent and received, and the wall time it spent in calls.
struct CommStats {
  std::uint64_t messages_sent = 0, messages_received = 0;
  std::uint64_t bytes_sent = 0, bytes_received = 0;
  double seconds = 0;  // wall time inside communication calls (waiting included)
};

class Comm {
 public:
  virtual ~Comm() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;

  // Point to point, on the one message stream of the job (messages from one source
  // arrive in the order they were sent). send() does not wait for the receiver: the
  // bytes are kept until delivered.
  virtual void send(int dest, std::string bytes) = 0;
  // A message that has arrived, from any source, or nothing (never waits).
  virtual std::optional<Message> try_receive() = 0;
  // The next message from `source`, waiting for it.
  virtual Message receive(int source) = 0;

  // Collectives: every rank calls them in the same order.
  virtual std::vector<std::string> all_gather(const std::string& mine) = 0;  // by rank
  // On root: every rank's bytes, by rank; elsewhere: empty.
  virtual std::vector<std::string> gather(const std::string& mine, int root) = 0;
  virtual std::string broadcast(const std::string& bytes, int root) = 0;     // root's bytes
  // counts[r] = what this rank says to rank r; returns what each rank says to this one.
  virtual std::vector<std::uint64_t> all_to_all(const std::vector<std::uint64_t>& counts) = 0;
  // Waits until every message this rank sent has left its buffers.
  virtual void complete_sends() = 0;

  virtual CommStats stats() const = 0;
};

// True when the program was launched by mpirun/srun with more than one process, or
// as one process of an MPI job (OMPI_COMM_WORLD_SIZE, PMI_SIZE or PMIX_RANK set).
bool launched_by_mpi();
// Whether this build has MPI.
bool have_mpi();
// Initialises MPI and returns the job's communicator when launched_by_mpi() and the
// build has MPI; nullptr for a plain single process. Throws std::runtime_error when
// launched by mpirun with several processes but built without MPI. The communicator
// finalises MPI when destroyed.
std::unique_ptr<Comm> init(int* argc, char*** argv);
// Ends the whole job at once (MPI_Abort) after a rank failed: the other ranks may be
// waiting for it. Does nothing without MPI.
[[noreturn]] void abort_job(int code);

}  // namespace uf::dist
