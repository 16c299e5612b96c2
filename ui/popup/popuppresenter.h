// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/settings/settings.h"
#include "ui/popup/burstdetector.h"
#include "ui/popup/burstsummary.h"
#include "ui/popup/notificationpopup.h"
#include "ui/popup/presenter.h"

#include <QList>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <functional>

class QScreen;

namespace ui {

class ImageCache;

/// Our own rich popups (ui::Presenter): frameless NotificationPopup cards stacked at a screen corner of the
/// screen under the cursor (else the primary screen), newest nearest the corner, at most maxVisible() of them and
/// never more than fit. A burst (more than burstThreshold() arrivals within the burst window) becomes one summary
/// card ("3 条新内信，2 条@消息", see BurstSummary) that is updated in place instead of a wall of cards: it appears at
/// once, and later arrivals refresh it at most once per summaryRefreshInterval (one relayout per refresh, not one per
/// message). With maxVisible() 1 (cards that cannot be placed) the one card up becomes that summary as soon as a
/// second item arrives, and is never shown or raised a second time. Faces and images come through its ImageCache.
/// Clicks open the URL with QDesktopServices (unless setOpenUrls(false)) and are reported through Presenter::activated.
/// Owned by the Notifier.
class PopupPresenter : public Presenter
{
    Q_OBJECT

public:
    static constexpr int defaultMaxVisible = 5;

    /// `imageCacheDirectory` empty = QStandardPaths::CacheLocation/images.
    explicit PopupPresenter(const QUrl& siteBase, QObject* parent = nullptr, const QString& imageCacheDirectory = {});
    ~PopupPresenter() override;

    void show(const inbox::Notification& notification) override;
    void clear() override;
    void withdraw(qint64 id) override;
    void withdrawRead(bool inboxRead, bool mentionsRead) override;
    void withdrawSender(qint64 uid) override;

    /// Applies corner, popupSeconds, sound and site from the settings.
    void applySettings(const settings::Settings& settings);
    void setSiteBase(const QUrl& siteBase);
    void setCorner(settings::Corner corner);
    void setTimeout(std::chrono::milliseconds timeout);
    void setMaxVisible(int maxVisible);
    /// QApplication::beep() when a card appears; a no-op on platforms without a bell (offscreen, most Wayland).
    void setSound(bool sound) { m_sound = sound; }
    void setBurst(int threshold, qint64 windowMs);
    int burstThreshold() const { return m_burst.threshold(); }
    static constexpr std::chrono::milliseconds summaryRefreshInterval{100};
    /// Whether activation opens the URL here (default) or is only reported.
    void setOpenUrls(bool open) { m_openUrls = open; }
    /// Milliseconds on a monotonic clock, for burst detection; tests inject their own.
    void setClock(std::function<qint64()> clock);

    settings::Corner corner() const { return m_corner; }
    ImageCache* images() const { return m_images; }
    int visibleCount() const { return int(m_popups.size()); }
    /// Oldest first.
    QList<NotificationPopup*> popups() const { return m_popups; }
    /// The burst summary card, or nullptr.
    NotificationPopup* summaryPopup() const;
    /// The screen whose available area the cards are laid out in.
    QScreen* targetScreen() const;

private:
    NotificationPopup* addPopup(const inbox::Notification& notification);
    void addToSummary(const inbox::Notification& notification);
    /// With maxVisible() 1: the card that is up takes `notification` in (becoming the summary).
    void foldIntoCard(const inbox::Notification& notification);
    inbox::Notification summaryNotification() const;
    void refreshSummary();
    /// After messages were taken out of the summary: refreshed soon, or closed when it holds nothing.
    void updateSummary();
    void onActivated(NotificationPopup* popup, const QUrl& url);
    void relayout();

    ImageCache* m_images;
    QUrl m_siteBase;
    settings::Corner m_corner = settings::Corner::BottomRight;
    std::chrono::milliseconds m_timeout{8000};
    int m_maxVisible = defaultMaxVisible;
    bool m_sound = false;
    bool m_openUrls = true;
    BurstDetector m_burst;
    std::function<qint64()> m_clock;
    QList<NotificationPopup*> m_popups;
    QPointer<NotificationPopup> m_summary;
    const QObject* m_summaryCard = nullptr; ///< m_summary's address, compared while the card is being destroyed
    QString m_cardNotice;      ///< with maxVisible() 1: the app's newest notice, shown above the summary's lines
    BurstSummary m_summarized; ///< what the current summary stands for (bounded)
    QDateTime m_summaryReceivedAt;
    QTimer m_summaryRefresh; ///< pending refresh of the summary card (throttle)
};

} // namespace ui
