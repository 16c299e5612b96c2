# SPDX-License-Identifier: GPL-3.0-or-later
target_sources(hu60_ui PRIVATE
    native/nativepresenter.h native/nativepresenter.cpp
)
