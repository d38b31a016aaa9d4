# SPDX-License-Identifier: GPL-2.0-or-later
#
# Finds the Wireshark SDK and provides:
#   target epan                       the library a plugin links
#   target sipadvisor_wsutil          wsutil alone (nstime_t), for the analysis
#                                     core and its unit tests
#   SIPADVISOR_WS_MAJOR/_MINOR        the Wireshark version built against
#   SIPADVISOR_WS_SYSTEM_PLUGIN_DIR   the global epan plugin folder
#   SIPADVISOR_WS_SYSTEM_PROFILE_DIR  the global configuration profiles folder
#                                     (<prefix>/share/wireshark/profiles)
#   SIPADVISOR_WS_LIBRARY_SOVERSION   libwireshark's SONAME number (16 for
#                                     4.0): Debian names its package after it
#
# Upstream Wireshark installs a CMake package (WiresharkConfig.cmake); Debian
# and Ubuntu ship only wireshark.pc, so pkg-config is the fallback.

find_package(Wireshark CONFIG QUIET)

if(Wireshark_FOUND)
  set(SIPADVISOR_WS_MAJOR ${Wireshark_VERSION_MAJOR})
  set(SIPADVISOR_WS_MINOR ${Wireshark_VERSION_MINOR})
  set(SIPADVISOR_WS_SYSTEM_PLUGIN_DIR "${Wireshark_PLUGIN_INSTALL_DIR}/epan")
  set(_ws_prefix "${Wireshark_INSTALL_PREFIX}")
  get_target_property(_ws_lib epan IMPORTED_LOCATION_RELEASE)
  add_library(sipadvisor_wsutil INTERFACE IMPORTED)
  target_link_libraries(sipadvisor_wsutil INTERFACE wsutil)
  message(STATUS "Wireshark ${Wireshark_VERSION} (CMake package)")
else()
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(WIRESHARK_PC REQUIRED IMPORTED_TARGET wireshark>=4.0)
  find_path(SIPADVISOR_WS_VERSION_H ws_version.h
            HINTS ${WIRESHARK_PC_INCLUDE_DIRS} REQUIRED)
  file(STRINGS "${SIPADVISOR_WS_VERSION_H}/ws_version.h" _ws_major
       REGEX "#define WIRESHARK_VERSION_MAJOR")
  file(STRINGS "${SIPADVISOR_WS_VERSION_H}/ws_version.h" _ws_minor
       REGEX "#define WIRESHARK_VERSION_MINOR")
  string(REGEX REPLACE ".*MAJOR +([0-9]+).*" "\\1" SIPADVISOR_WS_MAJOR "${_ws_major}")
  string(REGEX REPLACE ".*MINOR +([0-9]+).*" "\\1" SIPADVISOR_WS_MINOR "${_ws_minor}")
  pkg_get_variable(_ws_plugindir wireshark plugindir)
  set(SIPADVISOR_WS_SYSTEM_PLUGIN_DIR "${_ws_plugindir}/epan")
  pkg_get_variable(_ws_prefix wireshark prefix)
  find_library(SIPADVISOR_WIRESHARK_LIBRARY wireshark HINTS ${WIRESHARK_PC_LIBRARY_DIRS})
  set(_ws_lib "${SIPADVISOR_WIRESHARK_LIBRARY}")
  add_library(epan INTERFACE IMPORTED)
  target_link_libraries(epan INTERFACE PkgConfig::WIRESHARK_PC)
  find_library(SIPADVISOR_WSUTIL_LIBRARY wsutil HINTS ${WIRESHARK_PC_LIBRARY_DIRS} REQUIRED)
  add_library(sipadvisor_wsutil INTERFACE IMPORTED)
  target_include_directories(sipadvisor_wsutil INTERFACE ${WIRESHARK_PC_INCLUDE_DIRS})
  target_link_libraries(sipadvisor_wsutil INTERFACE ${SIPADVISOR_WSUTIL_LIBRARY})
  message(STATUS "Wireshark ${WIRESHARK_PC_VERSION} (pkg-config)")
endif()

if(NOT SIPADVISOR_WS_MAJOR MATCHES "^[0-9]+$" OR NOT SIPADVISOR_WS_MINOR MATCHES "^[0-9]+$")
  message(FATAL_ERROR "Could not tell the Wireshark version")
endif()
set(SIPADVISOR_WS_RELEASE "${SIPADVISOR_WS_MAJOR}.${SIPADVISOR_WS_MINOR}")

if(NOT _ws_prefix)
  set(_ws_prefix /usr)
endif()
set(SIPADVISOR_WS_SYSTEM_PROFILE_DIR "${_ws_prefix}/share/wireshark/profiles")
set(SIPADVISOR_WS_LIBRARY_SOVERSION "")
if(_ws_lib)
  get_filename_component(_ws_lib_real "${_ws_lib}" REALPATH)
  if(_ws_lib_real MATCHES "\\.so\\.([0-9]+)")
    set(SIPADVISOR_WS_LIBRARY_SOVERSION "${CMAKE_MATCH_1}")
  endif()
endif()
