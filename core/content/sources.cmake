# SPDX-License-Identifier: GPL-3.0-or-later
target_sources(hu60_core PRIVATE
    content/content.h content/content.cpp
    content/document.h content/document.cpp
    content/htmlfilter.h content/htmlfilter.cpp
    content/markdown.h content/markdown.cpp
)
