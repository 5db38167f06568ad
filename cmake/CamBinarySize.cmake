# Settings for every binary we build that make it smaller on disk and at start, without changing
# what it does.
include(CheckLinkerFlag)

# Debug sections are written compressed (zlib). Uncompressed, a dev and an ASan build took 14 GB
# and a CI run failed for want of disk; gdb, addr2line and the sanitizers' symbolizer read them.
check_linker_flag(CXX -gz CAM_HAVE_COMPRESSED_DEBUG_SECTIONS)
if(CAM_HAVE_COMPRESSED_DEBUG_SECTIONS)
  add_compile_options(-gz)
  add_link_options(-gz)
endif()

# Relative relocations packed (DT_RELR, glibc 2.36): the loader reads a few kB instead of
# ~1 MB of RELA entries at camd's start, which stayed resident (idle RSS -0.8 MiB); an ASan test
# binary shrinks by 30%.
check_linker_flag(CXX "-Wl,-z,pack-relative-relocs" CAM_LINKER_PACKS_RELATIVE_RELOCS)
if(CAM_LINKER_PACKS_RELATIVE_RELOCS)
  add_link_options("-Wl,-z,pack-relative-relocs")
endif()
