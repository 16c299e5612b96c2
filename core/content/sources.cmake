# SPDX-License-Identifier: GPL-3.0-or-later
target_sources(hu60_core PRIVATE
    content/content.h content/content.cpp
    content/jsontree.h content/jsontree.cpp
    content/document.h content/document.cpp
    content/docbuilder.h content/docbuilder.cpp
    content/htmlfilter.h content/htmlfilter.cpp
    content/markdown.h content/markdown.cpp
)
# md4c: the Markdown parser behind content::Document (the one Qt embeds; linear in its input).
find_package(PkgConfig REQUIRED)
pkg_check_modules(MD4C REQUIRED IMPORTED_TARGET md4c)
target_link_libraries(hu60_core PRIVATE PkgConfig::MD4C)
