# Shared compile settings for the project's own code. Generated code (protobuf, gRPC) links
# cam_generated_flags instead, so -Werror applies to what we write, not to what protoc emits.

add_library(cam_warnings INTERFACE)
target_compile_options(cam_warnings INTERFACE -Wall -Wextra -Werror -Wno-missing-field-initializers)
target_include_directories(cam_warnings INTERFACE ${PROJECT_SOURCE_DIR}/src)

add_library(cam_generated_flags INTERFACE)
target_compile_options(cam_generated_flags INTERFACE -w)

if(CAM_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# cam_library(NAME SOURCES... DEPS...) declares one of our static libraries with the project's flags.
function(cam_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PUBLIC_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_link_libraries(${name} PUBLIC cam_warnings ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_DEPS})
endfunction()

# cam_test(NAME SOURCES... DEPS...) declares one GoogleTest binary registered with ctest.
function(cam_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_link_libraries(${name} PRIVATE cam_warnings cam_testing ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  # One variable only: gtest_discover_tests flattens a list-valued ENVIRONMENT property, so a
  # second one would be silently dropped. Tests that need more get compile definitions.
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS "${ARG_LABELS}" ENVIRONMENT "CAM_VECTORS_DIR=${CAM_VECTORS_DIR}")
endfunction()

# Adds each listed sub-folder that has a CMakeLists.txt, in the order given (dependencies first),
# so a module can land in its own commit without editing its parent.
function(cam_add_present_subdirectories)
  foreach(dir ${ARGN})
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/CMakeLists.txt)
      add_subdirectory(${dir})
    endif()
  endforeach()
endfunction()
