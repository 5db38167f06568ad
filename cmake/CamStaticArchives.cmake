# Links gRPC, protobuf and Abseil from Debian's static archives instead of their 49 shared
# libraries. The loader made each one's symbol tables and relocations resident in camd (idle
# RSS 33.7 -> 28.2 MiB without them), and calls between them went through the PLT
# (docs/PERFORMANCE.md, "Static archives"). OpenSSL stays shared, so Debian's security
# updates reach it without a rebuild.
option(CAM_STATIC_ARCHIVES "Link gRPC, protobuf and Abseil from their static archives" ON)

# Points an imported library target at the .a beside the .so it names. Debian ships both;
# the targets' link interfaces already list every dependency, so link order stays correct.
function(cam_use_static_archive target)
  get_target_property(configs ${target} IMPORTED_CONFIGURATIONS)
  set(properties IMPORTED_LOCATION)
  foreach(config IN LISTS configs)
    list(APPEND properties IMPORTED_LOCATION_${config})
  endforeach()
  foreach(property IN LISTS properties)
    get_target_property(location ${target} ${property})
    if(NOT location)
      continue()
    endif()
    string(REGEX REPLACE "\\.so(\\.[0-9.]+)?$" ".a" archive "${location}")
    if(NOT EXISTS "${archive}")
      message(FATAL_ERROR "${target}: no static archive ${archive} beside ${location}")
    endif()
    set_target_properties(${target} PROPERTIES ${property} "${archive}")
  endforeach()
endfunction()

if(CAM_STATIC_ARCHIVES)
  get_directory_property(cam_imported IMPORTED_TARGETS)
  foreach(target IN LISTS cam_imported)
    get_target_property(type ${target} TYPE)
    if(NOT type MATCHES "^(SHARED|UNKNOWN)_LIBRARY$")
      continue()
    endif()
    if(target MATCHES "^(absl|gRPC|c-ares)::" OR target STREQUAL "protobuf::libprotobuf")
      cam_use_static_archive(${target})
    endif()
  endforeach()
  # protobuf's archive needs zlib, which its imported target does not list.
  find_package(ZLIB REQUIRED)
  set_property(TARGET protobuf::libprotobuf APPEND PROPERTY INTERFACE_LINK_LIBRARIES ZLIB::ZLIB)
  # re2's target is an interface spelling -lre2, which would find the shared library.
  find_library(CAM_RE2_ARCHIVE NAMES libre2.a REQUIRED)
  set_property(TARGET re2::re2 PROPERTY INTERFACE_LINK_LIBRARIES Threads::Threads ${CAM_RE2_ARCHIVE})
endif()
