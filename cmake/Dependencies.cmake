# Third-party dependencies, all from Debian 12 packages (scripts/setup-deps.sh).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

# MPFR / GMP
pkg_check_modules(MPFR REQUIRED IMPORTED_TARGET mpfr)
pkg_check_modules(GMP REQUIRED IMPORTED_TARGET gmp)

# MPFI (interval arithmetic over MPFR; the exact path of user-target expressions).
# Debian ships no pkg-config file for it.
find_library(MPFI_LIB mpfi REQUIRED)
find_path(MPFI_INCLUDE mpfi.h REQUIRED)
add_library(ulpforge_mpfi INTERFACE)
target_link_libraries(ulpforge_mpfi INTERFACE ${MPFI_LIB} PkgConfig::MPFR PkgConfig::GMP)
target_include_directories(ulpforge_mpfi INTERFACE ${MPFI_INCLUDE})
add_library(MPFI::mpfi ALIAS ulpforge_mpfi)

# Boost (header-only parts: Multiprecision, Math)
find_package(Boost 1.74 REQUIRED)

# oneTBB
find_package(TBB REQUIRED)

# xsimd 8.1: its CMake export lists an `xtl` link dependency that is header-only.
find_package(xsimd REQUIRED)
set_target_properties(xsimd PROPERTIES INTERFACE_LINK_LIBRARIES "")

# LLVM 19 (plain "19" fails the version check of the Debian package)
find_package(LLVM 19.1 CONFIG REQUIRED HINTS /usr/lib/llvm-19/lib/cmake/llvm)

find_package(CLI11 CONFIG REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(fmt REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(NLopt CONFIG REQUIRED)  # C API (nlopt.h): NLopt::nlopt
find_package(Eigen3 3.4 CONFIG REQUIRED)  # dense SVD of the constant fitter's Jacobians (header-only)

# MPI (optional): distributed search and proofs (dist/). AUTO uses it when found.
set(ULPFORGE_MPI "AUTO" CACHE STRING "Build with MPI: AUTO (when found), ON (required) or OFF")
set_property(CACHE ULPFORGE_MPI PROPERTY STRINGS AUTO ON OFF)
set(ULPFORGE_HAVE_MPI OFF)
if(NOT ULPFORGE_MPI STREQUAL "OFF")
  if(ULPFORGE_MPI STREQUAL "ON")
    find_package(MPI REQUIRED COMPONENTS C)
  else()
    find_package(MPI COMPONENTS C)
  endif()
  if(MPI_C_FOUND)
    set(ULPFORGE_HAVE_MPI ON)
  endif()
endif()
message(STATUS "ulpforge: MPI ${ULPFORGE_HAVE_MPI}")

find_package(GTest REQUIRED)
find_package(benchmark REQUIRED)

# SLEEF: the verifier's batch oracles (eval/oracle.h) and a benchmark baseline
find_library(SLEEF_LIB sleef)
find_path(SLEEF_INCLUDE sleef.h)
if(NOT SLEEF_LIB OR NOT SLEEF_INCLUDE)
  message(FATAL_ERROR "ulpforge needs SLEEF (Debian: libsleef-dev; scripts/setup-deps.sh installs it)")
endif()

# Convenience: a library per source folder, C++ sources globbed.
function(ulpforge_module name)
  cmake_parse_arguments(M "" "" "DEPS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  add_library(ulpforge_${name} STATIC ${srcs})
  add_library(ulpforge::${name} ALIAS ulpforge_${name})
  target_include_directories(ulpforge_${name} PUBLIC ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR}/generated)
  target_link_libraries(ulpforge_${name} PUBLIC ${M_DEPS})
  target_compile_definitions(ulpforge_${name} PUBLIC ULPFORGE_VERSION="${PROJECT_VERSION}")
endfunction()
