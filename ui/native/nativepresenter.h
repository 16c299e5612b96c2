// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/popup/burstdetector.h"
#include "ui/popup/burstsummary.h"
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
#include <memory>

class QDBusServiceWatcher;

namespace ui {

/// Shows notifications through the desktop's notification service (org.freedesktop.Notifications over QtDBus,
/// not QSystemTrayIcon::showMessage, which drops icons, actions and ids).
///
/// The body is written from the message's parsed document at the level the server's GetCapabilities allows:
/// Pango-valid markup (b/i/u; a only with "body-hyperlinks", img only with "body-images") with "body-markup",
/// else plain text. Actions "default", "open", "mark-read", "mute" and a reply are offered with "actions" (KDE's
/// "inline-reply" where the server has it, else a "reply" action that asks for a reply window). Every
/// notification is of normal urgency: what deserves more is our own policy's call, not the server's.
///
/// At most maxOnScreen() of our notifications are up at a time (GNOME keeps 3 per app and drops older ones
/// unseen): a burst, or a message that would exceed that, goes into one summary notification replaced in place
/// (replaces_id), at most once per summary interval (100 ms) and once per round trip; when the limit would still
/// be exceeded, the oldest message is closed and folded into the summary, whose first lines are its @ mentions.
/// A summary takes new messages for summaryLifetime() after its last update, then the next burst starts another.
///
/// The service's owner is watched: when it goes, isAvailable() turns false (serviceUnavailable()); when one
/// appears, the ids of the old one are forgotten, the capabilities read again, and serviceAvailable() is emitted.
/// A failed Notify is retried once after retryDelay(); if that fails too, the service counts as unavailable and
/// is probed again every probeInterval(). What could not be shown is handed back through undelivered() for the
/// fallback. Owned by the Notifier.
class NativePresenter : public Presenter
{
    Q_OBJECT

public:
    static constexpr auto service = "org.freedesktop.Notifications";
    static constexpr auto path = "/org/freedesktop/Notifications";
    static constexpr auto interface = "org.freedesktop.Notifications";
    /// Notifications visible at once (GNOME Shell keeps this many per app).
    static constexpr int defaultMaxOnScreen = 3;
    /// Visible characters of a body.
    static constexpr int bodyLength = 1000;

    explicit NativePresenter(const QUrl& siteBase, QObject* parent = nullptr,
                             const QDBusConnection& bus = QDBusConnection::sessionBus());
    ~NativePresenter() override;

    void show(const inbox::Notification& notification) override;
    void clear() override;
    void withdraw(qint64 id) override;
    void withdrawRead(bool inboxRead, bool mentionsRead) override;
    void withdrawSender(qint64 uid) override;

    /// False while there is no session bus or no notification service, or after a call to it failed twice.
    bool isAvailable() const { return m_available; }
    /// Why it is not available (sid-free text); empty while it is.
    QString unavailableReason() const { return m_available ? QString() : m_reason; }
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
    void setMaxOnScreen(int count) { m_maxOnScreen = qMax(2, count); }
    int maxOnScreen() const { return m_maxOnScreen; }
    /// How long after its last update a summary still takes new messages (default 60 s).
    void setSummaryLifetime(std::chrono::milliseconds lifetime) { m_summaryLifetime = lifetime; }
    std::chrono::milliseconds summaryLifetime() const { return m_summaryLifetime; }
    /// Wait before a failed call is tried again (default 1 s).
    void setRetryDelay(std::chrono::milliseconds delay) { m_retryDelay = delay; }
    std::chrono::milliseconds retryDelay() const { return m_retryDelay; }
    /// How often an unavailable service is asked again (default 30 s; an owner change is noticed at once).
    void setProbeInterval(std::chrono::milliseconds interval) { m_probe.setInterval(interval); }
    std::chrono::milliseconds probeInterval() const { return m_probe.intervalAsDuration(); }

    /// Server ids of the notifications currently shown (summaries included).
    QList<uint> shownIds() const { return m_shown.keys(); }
    /// The id of the summary that new messages join, 0 when there is none.
    uint summaryId() const { return m_summary ? m_summary->id : 0; }

Q_SIGNALS:
    /// The service is missing, went away or failed (sid-free text); until serviceAvailable(), show() hands every
    /// notification back through undelivered().
    void serviceUnavailable(const QString& reason);
    /// A notification service is there (again) and answered GetCapabilities.
    void serviceAvailable();
    void capabilitiesReceived(const QStringList& capabilities);
    /// A notification (a message, or a burst summary) that could not be shown: for the fallback to show.
    void undelivered(const inbox::Notification& notification);

private Q_SLOTS:
    // QtDBus can only connect bus signals to slots named by signature (QDBusConnection::connect).
    void onActionInvoked(uint id, const QString& action);
    void onNotificationClosed(uint id, uint reason);
    void onNotificationReplied(uint id, const QString& text);

private:
    /// A burst summary: what it holds and where it is on the server.
    struct Summary
    {
        BurstSummary content;
        uint id = 0;          ///< server id, 0 until the first Notify answered
        bool pending = false; ///< a Notify for it is in flight
        bool dirty = false;   ///< changed since it was last sent
        int failures = 0;     ///< failed Notify calls in a row
        qint64 updatedMs = 0; ///< last message added (m_clock)
    };
    using SummaryPtr = std::shared_ptr<Summary>;

    /// One of our notifications on the server: a message (or notice) or a summary.
    struct Shown
    {
        inbox::Notification notification; ///< a single message's; empty for a summary
        SummaryPtr summary;
        quint64 sequence = 0; ///< age order
    };

    void readCapabilities();
    void onOwnerChanged(const QString& name, const QString& oldOwner, const QString& newOwner);
    void forgetShown();
    void fail(const QString& reason);
    void sendMessage(const inbox::Notification& notification, uint replacesId, int attempt);
    void sendSummary(const SummaryPtr& summary);
    void addToSummary(const inbox::Notification& notification);
    SummaryPtr currentSummary();
    void flushSummary(const SummaryPtr& summary);
    void closeSummary(const SummaryPtr& summary);
    void retireSummary();
    void enforceLimit();
    void reroute(const inbox::Notification& notification);
    int onScreen() const;
    QString bodyFor(const inbox::Notification& notification) const;
    QString summaryBody(const BurstSummary& summary) const;
    QStringList actionsFor(const inbox::Notification& notification, bool isSummary, QVariantMap* hints) const;
    QVariantMap commonHints() const;
    void notify(uint replacesId, const QString& title, const QString& body, const QStringList& actions,
                const QVariantMap& hints, const std::function<void(uint id, const QString& error)>& done);
    void close(uint id);

    QDBusConnection m_bus;
    QDBusServiceWatcher* m_watcher = nullptr;
    QUrl m_siteBase;
    std::chrono::milliseconds m_timeout{-1};
    std::chrono::milliseconds m_summaryLifetime{60'000};
    std::chrono::milliseconds m_retryDelay{1000};
    bool m_sound = false;
    bool m_openUrls = true;
    bool m_available = true;
    bool m_capabilitiesKnown = false;
    QStringList m_capabilities;
    QString m_reason;
    quint64 m_generation = 0; ///< counts owner changes: answers of an older owner are not about what is shown now
    int m_maxOnScreen = defaultMaxOnScreen;
    BurstDetector m_burst;
    std::function<qint64()> m_clock;
    std::function<QImage(const inbox::Notification&)> m_imageSource;
    QHash<uint, Shown> m_shown;
    quint64 m_sequence = 0;
    int m_messagesInFlight = 0;    ///< Notify calls for new message notifications not answered yet
    QList<SummaryPtr> m_summaries; ///< every summary on the server or on its way there (current and older)
    SummaryPtr m_summary;          ///< the one new messages join; null when there is none
    QTimer m_summaryThrottle;      ///< runs for the summary interval after each update of m_summary
    QTimer m_probe;                ///< asks an unavailable service again
};

} // namespace ui
