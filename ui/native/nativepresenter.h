// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/popup/burstdetector.h"
#include "ui/popup/presenter.h"

#include <QDBusConnection>
#include <QHash>
#include <QImage>
#include <QList>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <functional>

class QDBusPendingCallWatcher;

namespace ui {

/// Shows notifications through the desktop's notification service (org.freedesktop.Notifications over QtDBus,
/// not QSystemTrayIcon::showMessage, which drops icons, actions and ids). Asks GetCapabilities once: sends body
/// markup (b/i/u/a) only when the server lists "body-markup", else the plain summary; offers the actions "default",
/// "open", "mark-read", "mute" and a reply when it lists "actions" (KDE's "inline-reply" where the server has it,
/// else a "reply" action that asks for a reply window); @ mentions are more urgent than inbox messages. A burst becomes
/// one summary notification that is replaced in place (replaces_id) as it grows, at most once per summary interval (100
/// ms) and once per round trip. When the service is missing or a call fails, serviceUnavailable() is emitted and
/// isAvailable() turns false: the Notifier then falls back to PopupPresenter. Owned by the Notifier.
class NativePresenter : public Presenter
{
    Q_OBJECT

public:
    static constexpr auto service = "org.freedesktop.Notifications";
    static constexpr auto path = "/org/freedesktop/Notifications";
    static constexpr auto interface = "org.freedesktop.Notifications";
    static constexpr auto appName = "hu60-notifier";

    explicit NativePresenter(const QUrl& siteBase, QObject* parent = nullptr,
                             const QDBusConnection& bus = QDBusConnection::sessionBus());
    ~NativePresenter() override;

    void show(const inbox::Notification& notification) override;
    void clear() override;
    void withdraw(qint64 id) override;
    void withdrawRead(bool inboxRead, bool mentionsRead) override;

    /// False when there is no session bus, no notification service, or a call to it failed.
    bool isAvailable() const { return m_available; }
    /// True once GetCapabilities has answered (notifications sent earlier use plain text and no actions).
    bool capabilitiesKnown() const { return m_capabilitiesKnown; }
    QStringList capabilities() const { return m_capabilities; }

    void setSiteBase(const QUrl& siteBase) { m_siteBase = siteBase; }
    /// expire_timeout of each notification; a negative value lets the server decide.
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    /// Asks for the server's "message-new-instant" sound, or for silence.
    void setSound(bool sound) { m_sound = sound; }
    void setBurst(int threshold, qint64 windowMs);
    void setOpenUrls(bool open) { m_openUrls = open; }
    void setClock(std::function<qint64()> clock);
    /// Width and height of the sender's picture.
    static constexpr int imageSize = 64;
    /// The sender's picture for a notification (sent as the "image-data" hint); a null image sends none.
    void setImageSource(std::function<QImage(const inbox::Notification&)> source) { m_imageSource = std::move(source); }
    /// Least time between two updates of a burst summary (default 100 ms).
    void setSummaryInterval(std::chrono::milliseconds interval);

    /// Server ids of the notifications currently shown (summary included).
    QList<uint> shownIds() const { return m_shown.keys(); }
    uint summaryId() const { return m_summaryId; }

Q_SIGNALS:
    /// The service is missing or failed (sid-free text); nothing more will be shown through it.
    void serviceUnavailable(const QString& reason);
    void capabilitiesReceived(const QStringList& capabilities);

private Q_SLOTS:
    // QtDBus can only connect bus signals to slots named by signature (QDBusConnection::connect).
    void onActionInvoked(uint id, const QString& action);
    void onNotificationClosed(uint id, uint reason);
    void onNotificationReplied(uint id, const QString& text);

private:
    struct Shown
    {
        qint64 messageId = 0;
        QUrl url;
        qint64 byuid = 0;
        int type = 0;
    };

    void send(const inbox::Notification& notification, uint replacesId, bool isSummary);
    void addToSummary(const inbox::Notification& notification);
    void sendSummaryIfDue();
    inbox::Notification summaryNotification() const;
    void fail(const QString& reason);
    void close(uint id);
    void resetSummary();

    QDBusConnection m_bus;
    QUrl m_siteBase;
    std::chrono::milliseconds m_timeout{-1};
    bool m_sound = false;
    bool m_openUrls = true;
    bool m_available = true;
    bool m_capabilitiesKnown = false;
    QStringList m_capabilities;
    BurstDetector m_burst;
    std::function<qint64()> m_clock;
    std::function<QImage(const inbox::Notification&)> m_imageSource;
    QHash<uint, Shown> m_shown;
    QList<inbox::Notification> m_summarized;
    uint m_summaryId = 0;
    bool m_summaryPending = false; ///< a Notify for the summary is in flight (its id is not known yet)
    bool m_summaryDirty = false;   ///< the summary grew since it was last sent
    QTimer m_summaryThrottle;      ///< runs for the summary interval after each summary update
};

} // namespace ui
