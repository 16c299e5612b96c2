# SPDX-License-Identifier: GPL-3.0-or-later
target_sources(hu60_ui PRIVATE
    popup/presenter.h
    popup/burstsummary.h popup/burstsummary.cpp
    popup/burstdetector.h popup/burstdetector.cpp
    popup/imagecache.h popup/imagecache.cpp
    popup/notificationpopup.h popup/notificationpopup.cpp
    popup/richtext.h popup/richtext.cpp
    popup/richtextview.h popup/richtextview.cpp
    popup/popuppresenter.h popup/popuppresenter.cpp
)
