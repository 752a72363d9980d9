# The engine's layers: one static library per layer, its dependencies declared once.
#
# riverdelta_engine_layer(NAME FOLDERS folder... [USES layer...])
#   Declares the static library riverdelta_engine_<NAME>. Each of its FOLDERS (engine/<folder>/)
#   adds its own sources with target_sources(riverdelta_engine_<NAME> ...). It links the layers
#   it USES publicly (their headers appear in ours). Layers are declared bottom-up and may use only
#   layers declared before them, so the graph cannot have a cycle.
#
# riverdelta_engine_layer_checks(ENGINE_DIR)
#   After the last layer: before each layer's library builds, check_layers.cmake reads every
#   #include "engine/..." in its folders. A folder may include its own layer's folders listed at
#   or before it in FOLDERS (bottom-up) and every folder of the layers its layer USES; never the
#   facade's engine/*.h. So the include rule and target_link_libraries come from one declaration
#   and cannot drift apart.

# Every layer shares the engine's vocabulary: the include roots, JSON, fmt and threads.
function(riverdelta_engine_layer name)
  cmake_parse_arguments(L "" "" "FOLDERS;USES" ${ARGN})
  get_property(declared GLOBAL PROPERTY RIVERDELTA_ENGINE_LAYERS)
  get_property(claimed GLOBAL PROPERTY RIVERDELTA_ENGINE_FOLDERS)
  if(L_UNPARSED_ARGUMENTS OR NOT L_FOLDERS)
    message(FATAL_ERROR "riverdelta_engine_layer(${name} FOLDERS folder... [USES layer...]): "
                        "unexpected ${L_UNPARSED_ARGUMENTS}")
  endif()
  if(name IN_LIST declared)
    message(FATAL_ERROR "engine layer ${name} is declared twice")
  endif()
  set(targets "")
  foreach(used IN LISTS L_USES)
    if(NOT used IN_LIST declared)
      message(FATAL_ERROR "engine layer ${name} uses ${used}, which is not declared before it "
                          "(layers are declared bottom-up, so the graph has no cycle)")
    endif()
    list(APPEND targets riverdelta_engine_${used})
  endforeach()
  foreach(folder IN LISTS L_FOLDERS)
    if(folder IN_LIST claimed)
      message(FATAL_ERROR "engine/${folder} belongs to two layers (the second: ${name})")
    endif()
  endforeach()
  set_property(GLOBAL APPEND PROPERTY RIVERDELTA_ENGINE_LAYERS ${name})
  set_property(GLOBAL APPEND PROPERTY RIVERDELTA_ENGINE_FOLDERS ${L_FOLDERS})
  set_property(GLOBAL PROPERTY RIVERDELTA_ENGINE_LAYER_${name}_FOLDERS ${L_FOLDERS})
  set_property(GLOBAL PROPERTY RIVERDELTA_ENGINE_LAYER_${name}_USES ${L_USES})

  add_library(riverdelta_engine_${name} STATIC)
  target_include_directories(riverdelta_engine_${name} PUBLIC
    ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR}/generated)
  target_link_libraries(riverdelta_engine_${name}
    PUBLIC ${targets} nlohmann_json::nlohmann_json fmt::fmt Threads::Threads
    PRIVATE riverdelta_warnings)
endfunction()

# The layers as check_layers.cmake reads them: "name:folder,folder:used,used|...".
function(riverdelta_engine_layer_spec out)
  get_property(declared GLOBAL PROPERTY RIVERDELTA_ENGINE_LAYERS)
  set(entries "")
  foreach(name IN LISTS declared)
    get_property(folders GLOBAL PROPERTY RIVERDELTA_ENGINE_LAYER_${name}_FOLDERS)
    get_property(uses GLOBAL PROPERTY RIVERDELTA_ENGINE_LAYER_${name}_USES)
    string(REPLACE ";" "," folders "${folders}")
    string(REPLACE ";" "," uses "${uses}")
    list(APPEND entries "${name}:${folders}:${uses}")
  endforeach()
  string(REPLACE ";" "|" spec "${entries}")
  set(${out} "${spec}" PARENT_SCOPE)
endfunction()

set(RIVERDELTA_CHECK_LAYERS_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/check_layers.cmake)

function(riverdelta_engine_layer_checks engine_dir)
  riverdelta_engine_layer_spec(spec)
  get_property(declared GLOBAL PROPERTY RIVERDELTA_ENGINE_LAYERS)
  foreach(name IN LISTS declared)
    get_property(folders GLOBAL PROPERTY RIVERDELTA_ENGINE_LAYER_${name}_FOLDERS)
    set(sources "")
    set(roots "")
    foreach(folder IN LISTS folders)
      file(GLOB_RECURSE found CONFIGURE_DEPENDS ${engine_dir}/${folder}/*.h
           ${engine_dir}/${folder}/*.cpp)
      list(APPEND sources ${found})
      list(APPEND roots ${engine_dir}/${folder}/)
    endforeach()
    # A folder's CMakeLists names its layer's target; a source built into another layer's
    # target would escape this layer's include check.
    get_target_property(built riverdelta_engine_${name} SOURCES)
    if(NOT built)
      set(built "")
    endif()
    foreach(source IN LISTS built)
      cmake_path(ABSOLUTE_PATH source BASE_DIRECTORY ${engine_dir} NORMALIZE)
      set(inside FALSE)
      foreach(root IN LISTS roots PROJECT_BINARY_DIR)
        string(FIND "${source}" "${root}" at)
        if(at EQUAL 0)
          set(inside TRUE)
        endif()
      endforeach()
      if(NOT inside)
        string(REPLACE ";" ", " shown "${folders}")
        message(FATAL_ERROR "${source} is built into riverdelta_engine_${name}, outside its "
                            "folders (${shown}): name its own layer's target in target_sources")
      endif()
    endforeach()
    set(stamp ${CMAKE_CURRENT_BINARY_DIR}/layer_${name}.ok)
    add_custom_command(OUTPUT ${stamp}
      COMMAND ${CMAKE_COMMAND} -DENGINE_DIR=${engine_dir} "-DLAYERS=${spec}" -DLAYER=${name}
              -DSTAMP=${stamp} -P ${RIVERDELTA_CHECK_LAYERS_SCRIPT}
      DEPENDS ${sources} ${RIVERDELTA_CHECK_LAYERS_SCRIPT} ${CMAKE_CURRENT_FUNCTION_LIST_FILE}
              ${CMAKE_CURRENT_LIST_FILE}
      COMMENT "Checking the includes of engine layer ${name}"
      VERBATIM)
    add_custom_target(riverdelta_engine_${name}_includes DEPENDS ${stamp})
    add_dependencies(riverdelta_engine_${name} riverdelta_engine_${name}_includes)
  endforeach()
endfunction()
