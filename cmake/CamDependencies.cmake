# Every dependency comes from a Debian 12 package (scripts/install-deps.sh installs them).
find_package(Threads REQUIRED)
find_package(OpenSSL 3.0 REQUIRED)
find_package(absl CONFIG REQUIRED)
find_package(Protobuf REQUIRED)
find_package(gRPC CONFIG REQUIRED)
find_package(RocksDB CONFIG REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS system)
find_package(nlohmann_json 3.11 CONFIG REQUIRED)
find_package(yaml-cpp CONFIG REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(spdlog CONFIG REQUIRED)

# camd allocates per call from several threads; glibc's allocator cost about a fifth of a read's
# CPU (docs/PERFORMANCE.md). Sanitizer builds keep the allocator ASan interposes.
set(CAM_MALLOC "jemalloc" CACHE STRING "Allocator linked into camd: jemalloc or system")
set_property(CACHE CAM_MALLOC PROPERTY STRINGS jemalloc system)
if(CAM_SANITIZE)
  set(CAM_MALLOC_EFFECTIVE system)
else()
  set(CAM_MALLOC_EFFECTIVE ${CAM_MALLOC})
endif()
# cam_malloc is what an executable links for its allocator: nothing for the system's.
add_library(cam_malloc INTERFACE)
if(CAM_MALLOC_EFFECTIVE STREQUAL "jemalloc")
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc)
  target_link_libraries(cam_malloc INTERFACE PkgConfig::JEMALLOC)
elseif(NOT CAM_MALLOC_EFFECTIVE STREQUAL "system")
  message(FATAL_ERROR "CAM_MALLOC must be jemalloc or system, not '${CAM_MALLOC}'")
endif()
if(CAM_BUILD_TESTS)
  find_package(GTest CONFIG REQUIRED)
  include(GoogleTest)
endif()
if(CAM_BUILD_BENCH)
  find_package(benchmark CONFIG REQUIRED)
endif()

find_program(CAM_PROTOC protoc REQUIRED)
find_program(CAM_GRPC_CPP_PLUGIN grpc_cpp_plugin REQUIRED)

# Conformance vectors live beside the repository, never inside it.
set(CAM_VECTORS_DIR "${PROJECT_SOURCE_DIR}/../shared/vectors" CACHE PATH "Path to shared conformance vectors")
