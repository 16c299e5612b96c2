# SPDX-License-Identifier: GPL-3.0-or-later
# CPack: a Debian package of what `cmake --install` lays out. scripts/package-check.sh builds and checks it.
set(CPACK_PACKAGE_NAME "hu60-notifier")
set(CPACK_PACKAGE_VENDOR "hu60 Notifier developers")
set(CPACK_PACKAGE_CONTACT "hu60 Notifier developers <notifier@hu60.cn>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "hu60 Notifier sits in the system tray and keeps a connection to the push service of the hu60.cn forum open. \
It shows new private messages and @ mentions with their quoted context, faces and Markdown, and which forum \
robots are online; a click opens the message on the forum. The same program can serve the push protocol \
locally (companion server with a forum emulator) for offline use and testing.")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "hu60-notifier")
set(CPACK_STRIP_FILES ON)

set(CPACK_GENERATOR "DEB")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
# Depends are computed by dpkg-shlibdeps (package dpkg-dev) from the libraries the binary links.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Plugins and runtime pieces that no ELF dependency reveals: SQLite for history, SVG icons, the platform plugins.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, libqt6svg6, qt6-qpa-plugins")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n")

include(CPack)
