# `cmake --install BUILD --prefix PREFIX`: the libraries, their headers under include/sluice/
# (included as the project includes them: "engine/query/data_stream.h"), the command-line tools,
# and the CMake package lib/cmake/Sluice (SluiceConfig.cmake, imported targets Sluice::<name>).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(SLUICE_INSTALL_INCLUDE_DIR ${CMAKE_INSTALL_INCLUDEDIR}/sluice)
set(SLUICE_INSTALL_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Sluice)

# Library target -> the name after Sluice:: in the package.
set(SLUICE_PACKAGE_TARGETS
  sluice_spec spec sluice_storage storage sluice_engine engine sluice_connectors_files files
  sluice_pipeline pipeline sluice_runtime runtime sluice_faults faults sluice_sim sim)
set(SLUICE_PACKAGE_LIBRARIES)
while(SLUICE_PACKAGE_TARGETS)
  list(POP_FRONT SLUICE_PACKAGE_TARGETS target name)
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${name})
  list(APPEND SLUICE_PACKAGE_LIBRARIES ${target})
endwhile()

install(TARGETS ${SLUICE_PACKAGE_LIBRARIES} EXPORT SluiceTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${SLUICE_INSTALL_INCLUDE_DIR})
install(TARGETS sluice sluice-sim sluice-scenario RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
foreach(dir spec storage engine connectors runtime faults sim)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${dir}/ DESTINATION ${SLUICE_INSTALL_INCLUDE_DIR}/${dir}
    FILES_MATCHING PATTERN "*.h")
endforeach()

install(EXPORT SluiceTargets NAMESPACE Sluice:: DESTINATION ${SLUICE_INSTALL_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/SluiceConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/SluiceConfig.cmake INSTALL_DESTINATION ${SLUICE_INSTALL_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/SluiceConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/SluiceConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/SluiceConfigVersion.cmake DESTINATION ${SLUICE_INSTALL_CMAKE_DIR})
