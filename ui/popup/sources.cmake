# SPDX-License-Identifier: GPL-3.0-or-later
target_sources(hu60_ui PRIVATE
    popup/presenter.h
    popup/notificationpopup.h popup/notificationpopup.cpp
)
