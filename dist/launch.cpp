#include <cstdlib>

#include "dist/comm.h"

// How a process learns that it is one of an MPI job: the launchers' environment.

namespace uf::dist {

bool launched_by_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"}) {
    if (std::getenv(v)) return true;
  }
  return false;
}

}  // namespace uf::dist
