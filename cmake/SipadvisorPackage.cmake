# SPDX-License-Identifier: GPL-2.0-or-later
#
# The Debian package (CPack, DEB generator):
#   cmake --build build --target package   ->  build/sipadvisor_<version>-1_<arch>.deb
#
# It holds, whatever SIPADVISOR_INSTALL_SYSTEM says (install component "deb",
# left out of a plain cmake --install):
#   <global epan plugin folder>/sipadvisor.so     e.g. /usr/lib/x86_64-linux-gnu/wireshark/plugins/4.0/epan
#   <global profiles folder>/SIP Advisor/         e.g. /usr/share/wireshark/profiles/SIP Advisor
#   /usr/share/doc/sipadvisor/copyright           machine-readable (DEP-5)
#   /usr/share/doc/sipadvisor/changelog.Debian.gz packaging/debian/changelog
#   /usr/share/doc/sipadvisor/changelog.gz        CHANGELOG.md (upstream)
#
# A plugin binary loads only into the Wireshark major.minor it was built
# against, so the package depends on that release (see Depends below).

set(SIPADVISOR_DEB_REVISION 1 CACHE STRING "Debian revision of the package (the -N of <version>-N)")
set(SIPADVISOR_DEB_MAINTAINER
    "sipadvisor maintainers <maintainers@users.noreply.b-seed-2ff453e8.example>"
    CACHE STRING "Maintainer field of the Debian package")

# Paths below the package's root: CPack installs with prefix "/".
function(_sipadvisor_deb_path out abs)
  string(REGEX REPLACE "^/+" "" _rel "${abs}")
  set(${out} "${_rel}" PARENT_SCOPE)
endfunction()
_sipadvisor_deb_path(_deb_plugin_dir "${SIPADVISOR_WS_SYSTEM_PLUGIN_DIR}")
_sipadvisor_deb_path(_deb_profile_dir "${SIPADVISOR_WS_SYSTEM_PROFILE_DIR}/SIP Advisor")
set(_deb_doc_dir "usr/share/doc/${PROJECT_NAME}")

# Debian's plugins are 0644 (a module is not run on its own).
install(TARGETS sipadvisor LIBRARY DESTINATION "${_deb_plugin_dir}"
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
        COMPONENT deb EXCLUDE_FROM_ALL)
# Stripped as dh_strip does it (plain strip, as CPACK_STRIP_FILES would do,
# leaves the .comment section: lintian binary-has-unneeded-section).
if(CMAKE_STRIP)
  install(CODE "execute_process(COMMAND \"${CMAKE_STRIP}\" --remove-section=.comment --remove-section=.note
                  --strip-unneeded \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${_deb_plugin_dir}/sipadvisor.so\"
                  RESULT_VARIABLE _sipadvisor_strip)
                if(NOT _sipadvisor_strip EQUAL 0)
                  message(FATAL_ERROR \"strip failed: \${_sipadvisor_strip}\")
                endif()"
          COMPONENT deb EXCLUDE_FROM_ALL)
endif()
install(DIRECTORY profile/ DESTINATION "${_deb_profile_dir}"
        FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
        COMPONENT deb EXCLUDE_FROM_ALL
        PATTERN "*.license" EXCLUDE)

# Changelogs compressed as Debian policy wants: gzip -9n (no name, no time
# stamp, so the package is reproducible).
find_program(SIPADVISOR_GZIP gzip)
if(NOT SIPADVISOR_GZIP)
  message(FATAL_ERROR "gzip not found (the Debian package's changelogs are compressed)")
endif()
set(_deb_gz_dir "${CMAKE_BINARY_DIR}/deb-doc")
add_custom_command(
  OUTPUT "${_deb_gz_dir}/changelog.Debian.gz" "${_deb_gz_dir}/changelog.gz"
  COMMAND ${CMAKE_COMMAND} -E make_directory "${_deb_gz_dir}"
  COMMAND ${CMAKE_COMMAND} -E copy "${CMAKE_SOURCE_DIR}/packaging/debian/changelog"
          "${_deb_gz_dir}/changelog.Debian"
  COMMAND ${CMAKE_COMMAND} -E copy "${CMAKE_SOURCE_DIR}/CHANGELOG.md" "${_deb_gz_dir}/changelog"
  COMMAND "${SIPADVISOR_GZIP}" -9nf "${_deb_gz_dir}/changelog.Debian" "${_deb_gz_dir}/changelog"
  DEPENDS "${CMAKE_SOURCE_DIR}/packaging/debian/changelog" "${CMAKE_SOURCE_DIR}/CHANGELOG.md"
  COMMENT "Compressing the changelogs for the Debian package"
  VERBATIM)
add_custom_target(sipadvisor_deb_doc ALL
  DEPENDS "${_deb_gz_dir}/changelog.Debian.gz" "${_deb_gz_dir}/changelog.gz")
install(FILES packaging/debian/copyright "${_deb_gz_dir}/changelog.Debian.gz" "${_deb_gz_dir}/changelog.gz"
        DESTINATION "${_deb_doc_dir}"
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
        COMPONENT deb EXCLUDE_FROM_ALL)

# Depends. dpkg-shlibdeps gives the libraries the plugin links (libc6,
# libglib2.0-0, libwireshark<N> (>= X.Y.0), libwsutil<M>). On top of those,
# the Wireshark release it was built for, as a range [X.Y, X.(Y+1)):
# - libwireshark<N> (<< X.(Y+1)~): the library whose plugin folder it uses;
# - libwireshark-data (>= X.Y), (<< X.(Y+1)~): libwireshark<N> packages of
#   different releases are co-installable (libwireshark16 of 4.0 can linger
#   after an upgrade to 4.4's libwireshark18), but there is only one
#   libwireshark-data, and every libwireshark<N> depends on its own release
#   of it. So a 4.0 build refuses to be installed next to Wireshark 4.4, and
#   an upgrade to 4.4 has to remove it (instead of leaving a plugin that 4.4
#   would never load).
math(EXPR _ws_next_minor "${SIPADVISOR_WS_MINOR} + 1")
set(_ws_lower "${SIPADVISOR_WS_MAJOR}.${SIPADVISOR_WS_MINOR}")
set(_ws_upper "${SIPADVISOR_WS_MAJOR}.${_ws_next_minor}~")
set(_deb_depends "libwireshark-data (>= ${_ws_lower}), libwireshark-data (<< ${_ws_upper})")
if(SIPADVISOR_WS_LIBRARY_SOVERSION)
  string(PREPEND _deb_depends
         "libwireshark${SIPADVISOR_WS_LIBRARY_SOVERSION} (>= ${_ws_lower}), "
         "libwireshark${SIPADVISOR_WS_LIBRARY_SOVERSION} (<< ${_ws_upper}), ")
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME "${PROJECT_NAME}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "The sipadvisor authors")
set(CPACK_PACKAGE_CONTACT "${SIPADVISOR_DEB_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX "/")
set(CPACK_PACKAGE_FILE_NAME "${PROJECT_NAME}_${PROJECT_VERSION}-${SIPADVISOR_DEB_REVISION}")
# Only the "deb" component, in one package.
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL deb)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)

set(CPACK_DEBIAN_PACKAGE_NAME "${PROJECT_NAME}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE "${SIPADVISOR_DEB_REVISION}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SIPADVISOR_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${_deb_depends}")
set(CPACK_DEBIAN_PACKAGE_ENHANCES "wireshark, tshark")
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Wireshark plugin that explains failed SIP responses")
# Extended description (the summary above is its first line): lines of at
# most 80 characters (lintian); no double quotes (CPack would mangle them).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "A Wireshark and tshark post-dissector for SIP: for every final non-2xx
response it finds the request it answers (also over TCP), says what the
response means and how to fix its cause (in English or Chinese), and
checks what the client did next: whether it retried, and whether the
retry applied the fix (new URI of a 3xx, missing option tags of a 421,
Session-Expires of a 422, credentials of a 401/407, Retry-After...).
.
It adds display-filter fields (sipadvisor.*), expert information, the
statistics tree, the to-do and explain reports (tshark -z), and the
SIP Advisor configuration profile with its columns, colouring rules
and filter buttons.
.
Built for Wireshark ${SIPADVISOR_WS_RELEASE}: a plugin only loads into the
Wireshark release it was built against.")

include(CPack)
