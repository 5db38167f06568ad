# Links a binary with lld and a symbol ordering file, so that the code it runs at start is laid
# out together, followed by the code that answers calls.
#
# The kernel maps 64 KiB of a file around every page fault in it (fault-around): each function
# touched at start makes its neighbours resident too, and camd's start-up touches a few thousand
# functions spread over 15 MiB of code. Laid out together they fill fewer pages, and idle camd
# keeps about 5 MiB less resident (docs/PERFORMANCE.md, "Startup code laid out together").
# scripts/update-startup-order.sh regenerates the file from a callgrind profile of camd.
#
# GNU ld 2.40 cannot order by symbol; lld can. lld 15 or newer is needed because older ones
# cannot mark packed relative relocations for glibc (-z pack-relative-relocs). Without such an
# lld the binary links as before and only its layout differs.
option(CAM_STARTUP_ORDER "Link camd with lld and lay out its start-up code together" ON)

# Finds lld once, at configure time, so that our code is compiled with one section per function
# (and per datum) only when a linker will order them: Debian's archives are compiled with one
# section per object file, which the ordering can only move whole.
set(CAM_LLD_DIR "")
if(CAM_STARTUP_ORDER)
  find_program(CAM_LLD NAMES ld.lld-16 ld.lld-15 ld.lld)
  if(CAM_LLD)
    execute_process(COMMAND ${CAM_LLD} --version OUTPUT_VARIABLE cam_lld_version ERROR_QUIET)
    if(cam_lld_version MATCHES "LLD ([0-9]+)" AND CMAKE_MATCH_1 GREATER_EQUAL 15)
      # Both compilers find the linker "-fuse-ld=lld" names through -B: a directory in the
      # build tree holds an ld.lld that is the one found here, whatever its installed name.
      file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/cam-lld)
      file(CREATE_LINK ${CAM_LLD} ${CMAKE_BINARY_DIR}/cam-lld/ld.lld SYMBOLIC)
      include(CheckLinkerFlag)
      set(CMAKE_REQUIRED_LINK_OPTIONS "-B${CMAKE_BINARY_DIR}/cam-lld")
      check_linker_flag(CXX "-fuse-ld=lld" CAM_LLD_LINKS)
      unset(CMAKE_REQUIRED_LINK_OPTIONS)
      if(CAM_LLD_LINKS)
        set(CAM_LLD_DIR ${CMAKE_BINARY_DIR}/cam-lld)
      endif()
    endif()
  endif()
  if(CAM_LLD_DIR)
    add_compile_options(-ffunction-sections -fdata-sections)
  else()
    message(STATUS "No lld 15 or newer: camd links without its start-up order "
                   "(scripts/install-deps.sh installs lld-16)")
  endif()
endif()

# cam_link_startup_order(TARGET ORDER_FILE)
function(cam_link_startup_order target order_file)
  if(NOT CAM_LLD_DIR)
    return()
  endif()
  # Symbols the file names that no longer exist are skipped: a stale file costs memory only.
  target_link_options(${target} PRIVATE "-B${CAM_LLD_DIR}" "-fuse-ld=lld"
                      "LINKER:--symbol-ordering-file=${order_file}"
                      "LINKER:--no-warn-symbol-ordering")
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${order_file})
endfunction()
