# ulpforge_math: header-only float32 math kernels written by `ulpforge library`.
# Use: find_package(ulpforge_math) and link ulpforge_math::ulpforge_math (include
# directory only; nothing to link). Relocatable: paths are relative to this file.
get_filename_component(_ulpforge_math_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
if(NOT TARGET ulpforge_math::ulpforge_math)
  add_library(ulpforge_math::ulpforge_math INTERFACE IMPORTED)
  set_target_properties(ulpforge_math::ulpforge_math PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${_ulpforge_math_prefix}/include")
endif()
set(ulpforge_math_FUNCTIONS "acosf;acoshf;acoshf_u2;asinf;asinhf;asinhf_u2;asinhf_u16;atanf;atanf_u2;atanf_u4;atanhf;atanhf_u2;atanhf_u16;cbrtf;cosf;coshf;coshf_u2;erfcf;erfcf_u2;erfcf_u4;erfcf_u16;erff;erff_u2;erff_u4;exp10f;exp2f;exp2f_u2;expf;expf_u4;expm1f;expm1f_u2;expm1f_u16;log10f;log10f_u2;log10f_u4;log1pf;log1pf_u2;log1pf_u4;log2f;log2f_u2;log2f_u16;logf;logf_u2;logf_u4;sincosf;sinf;sinhf;sinhf_u2;tanf;tanhf;tanhf_u2;tanhf_u4")
unset(_ulpforge_math_prefix)
