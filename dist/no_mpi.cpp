// A build without MPI (ULPFORGE_MPI=OFF, or no MPI found): every process is a job of
// its own. Launched by mpirun with several processes, it says so instead of running N
// copies of the same search side by side.
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "dist/comm.h"

namespace uf::dist {

bool have_mpi() { return false; }

std::unique_ptr<Comm> init(int*, char***) {
  const char* n = std::getenv("OMPI_COMM_WORLD_SIZE");
  if (!n) n = std::getenv("PMI_SIZE");
  if (n && std::atoi(n) > 1) {
    throw std::runtime_error(std::string("launched as one of ") + n +
                             " MPI processes, but this ulpforge was built without MPI "
                             "(install libopenmpi-dev and rebuild; CMake finds it)");
  }
  return nullptr;
}

void abort_job(int code) { std::exit(code); }

}  // namespace uf::dist
