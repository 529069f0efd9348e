# Writes OUT: #define ULPFORGE_COMMIT "<12-digit hash>" of the source tree at SRC, with
# "-dirty" when tracked files differ from it, or "unknown" outside a git checkout. Runs at
# every build (cli/CMakeLists.txt) and rewrites OUT only when the text changes, so the
# commit a provenance line names is the one the binary was built from.
execute_process(COMMAND git -C "${SRC}" rev-parse --short=12 HEAD OUTPUT_VARIABLE c
                RESULT_VARIABLE r OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT r EQUAL 0 OR c STREQUAL "")
  set(c "unknown")
else()
  execute_process(COMMAND git -C "${SRC}" status --porcelain --untracked-files=no
                  OUTPUT_VARIABLE dirty OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT dirty STREQUAL "")
    string(APPEND c "-dirty")
  endif()
endif()
file(WRITE "${OUT}.tmp" "#define ULPFORGE_COMMIT \"${c}\"\n")
configure_file("${OUT}.tmp" "${OUT}" COPYONLY)
file(REMOVE "${OUT}.tmp")
