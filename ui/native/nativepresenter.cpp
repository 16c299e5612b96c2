// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/native/nativepresenter.h"

#include "core/content/content.h"
#include "core/content/document.h"
#include "core/logging.h"
#include "ui/appid.h"
#include "ui/popup/notificationpopup.h"

#include <QDBusArgument>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>
#include <QDesktopServices>
#include <QElapsedTimer>
#include <QIcon>
#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace ui {

namespace {
constexpr int callTimeoutMs = 5000;
constexpr uint closedByUser = 2; // NotificationClosed reason (freedesktop notification spec)
constexpr uchar normalUrgency = 1;

QString serviceName()
{
    return QLatin1String(NativePresenter::service);
}

/// Text as Pango markup: only the three characters that start markup or an entity are escaped, so a server that
/// knows only a few entities (GNOME Shell: amp, lt, gt, quot, apos) reads it all; control characters go.
QString escapeMarkup(const QString& text)
{
    QString escaped;
    escaped.reserve(text.size());
    for (const QChar c : text) {
        if (c == u'&')
            escaped += u"&amp;";
        else if (c == u'<')
            escaped += u"&lt;";
        else if (c == u'>')
            escaped += u"&gt;";
        else if (c.unicode() >= 0x20 || c == u'\t' || c == u'\n') // Pango refuses other control characters
            escaped += c;
    }
    return escaped;
}

/// The "image-data" hint: raw RGBA pixels as the (iiibiiay) structure the notification spec defines.
struct ImageData
{
    QImage image;
};

QDBusArgument& operator<<(QDBusArgument& argument, const ImageData& data)
{
    const QImage image = data.image.convertToFormat(QImage::Format_RGBA8888);
    argument.beginStructure();
    argument << image.width() << image.height() << int(image.bytesPerLine()) << true << 8 << 4
             << QByteArray(reinterpret_cast<const char*>(image.constBits()), image.sizeInBytes());
    argument.endStructure();
    return argument;
}

const QDBusArgument& operator>>(const QDBusArgument& argument, ImageData&)
{
    return argument; // never received
}
} // namespace
} // namespace ui

Q_DECLARE_METATYPE(ui::ImageData)

namespace {

/// Attaches `image` as the "image-data" hint (the picture a server shows beside the text).
void attachImage(QVariantMap& hints, const QImage& image)
{
    static const QMetaType registered = qDBusRegisterMetaType<ui::ImageData>();
    Q_UNUSED(registered);
    hints.insert(
        QStringLiteral("image-data"),
        QVariant::fromValue(ui::ImageData{image.scaled(ui::NativePresenter::imageSize, ui::NativePresenter::imageSize,
                                                       Qt::KeepAspectRatio, Qt::SmoothTransformation)}));
}

/// The app's own picture for notifications without a sender (summaries, notices), when the icon theme does not
/// know the app id: a build that is not installed would otherwise show the server's "missing image" icon.
QImage appImageIfUninstalled()
{
    static const QImage image =
        QIcon::hasThemeIcon(QLatin1String(ui::appId))
            ? QImage()
            : QIcon(QStringLiteral(":/icons/hu60-notifier.svg")).pixmap(ui::NativePresenter::imageSize).toImage();
    return image;
}

} // namespace

namespace ui {

NativePresenter::NativePresenter(const QUrl& siteBase, QObject* parent, const QDBusConnection& bus)
    : Presenter(parent)
    , m_bus(bus)
    , m_siteBase(siteBase)
{
    auto elapsed = std::make_shared<QElapsedTimer>();
    elapsed->start();
    m_clock = [elapsed] { return elapsed->elapsed(); };
    m_summaryThrottle.setSingleShot(true);
    m_summaryThrottle.setInterval(std::chrono::milliseconds(100));
    connect(&m_summaryThrottle, &QTimer::timeout, this, [this] {
        if (m_summary)
            flushSummary(m_summary);
    });
    m_probe.setSingleShot(true);
    m_probe.setInterval(std::chrono::seconds(30));
    connect(&m_probe, &QTimer::timeout, this, &NativePresenter::readCapabilities);

    if (!m_bus.isConnected()) {
        // Reported from the event loop, so whoever constructed us has had the chance to connect.
        QTimer::singleShot(0, this, [this] { fail(tr("no D-Bus session bus")); });
        return;
    }
    const QString iface = QLatin1String(interface);
    const QString objectPath = QLatin1String(path);
    // Connected by the well-known name: QtDBus follows its owner, so a restarted server's signals arrive too.
    m_bus.connect(serviceName(), objectPath, iface, QStringLiteral("ActionInvoked"), this,
                  SLOT(onActionInvoked(uint, QString)));
    m_bus.connect(serviceName(), objectPath, iface, QStringLiteral("NotificationClosed"), this,
                  SLOT(onNotificationClosed(uint, uint)));
    // KDE's inline reply (Plasma 5.18+): the typed text comes back with the notification's id.
    m_bus.connect(serviceName(), objectPath, iface, QStringLiteral("NotificationReplied"), this,
                  SLOT(onNotificationReplied(uint, QString)));

    // The server may come late, restart (plasmashell, mako) or go: its ids and capabilities are its own.
    m_watcher = new QDBusServiceWatcher(serviceName(), m_bus, QDBusServiceWatcher::WatchForOwnerChange, this);
    connect(m_watcher, &QDBusServiceWatcher::serviceOwnerChanged, this, &NativePresenter::onOwnerChanged);
    readCapabilities();
}

NativePresenter::~NativePresenter() = default;

void NativePresenter::setBurst(int threshold, qint64 windowMs)
{
    m_burst.setThreshold(threshold);
    m_burst.setWindow(windowMs);
}

void NativePresenter::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
    m_burst.reset();
}

void NativePresenter::setSummaryInterval(std::chrono::milliseconds interval)
{
    m_summaryThrottle.setInterval(interval);
}

void NativePresenter::readCapabilities()
{
    // Asking also starts a D-Bus-activatable server (mako); an error means there is none.
    QDBusMessage call = QDBusMessage::createMethodCall(serviceName(), QLatin1String(path), QLatin1String(interface),
                                                       QStringLiteral("GetCapabilities"));
    auto* watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, callTimeoutMs), this);
    const quint64 generation = m_generation;
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, generation](QDBusPendingCallWatcher* w) {
        w->deleteLater();
        if (generation != m_generation)
            return; // the owner changed meanwhile, and the new one is being asked
        const QDBusPendingReply<QStringList> reply = *w;
        if (reply.isError()) {
            fail(tr("the desktop notification service is not available (%1)").arg(reply.error().name()));
            return;
        }
        m_capabilities = reply.value();
        m_capabilitiesKnown = true;
        m_probe.stop();
        qCDebug(lcUi) << "notification server capabilities:" << m_capabilities;
        emit capabilitiesReceived(m_capabilities);
        if (!m_available) {
            m_available = true;
            qCInfo(lcUi) << "native notifications available again";
            emit serviceAvailable();
        }
    });
}

void NativePresenter::onOwnerChanged(const QString&, const QString&, const QString& newOwner)
{
    // Whatever the old owner showed is gone with it, and its ids mean nothing to the new one: a new id that
    // happens to equal an old one must never open or mark read the old message.
    forgetShown();
    ++m_generation;
    if (newOwner.isEmpty()) {
        fail(tr("the desktop notification service went away"));
        // Asking soon starts a D-Bus-activatable server (mako) again; watching a name alone never does.
        QTimer::singleShot(m_retryDelay, this, [this, generation = m_generation] {
            if (!m_available && generation == m_generation)
                readCapabilities();
        });
        return;
    }
    qCInfo(lcUi) << "notification service (re)started";
    readCapabilities();
}

void NativePresenter::forgetShown()
{
    m_shown.clear();
    m_summaries.clear();
    m_summary.reset();
    m_summaryThrottle.stop();
    m_messagesInFlight = 0;
}

void NativePresenter::fail(const QString& reason)
{
    if (m_bus.isConnected() && !m_probe.isActive())
        m_probe.start();
    if (!m_available)
        return;
    m_available = false;
    m_reason = reason;
    qCWarning(lcUi) << "native notifications unavailable:" << reason;
    emit serviceUnavailable(reason);
}

void NativePresenter::reroute(const inbox::Notification& notification)
{
    if (m_available)
        show(notification);
    else
        emit undelivered(notification);
}

int NativePresenter::onScreen() const
{
    int messages = m_messagesInFlight;
    for (const Shown& shown : m_shown)
        messages += shown.summary ? 0 : 1;
    return messages + int(m_summaries.size());
}

void NativePresenter::show(const inbox::Notification& notification)
{
    if (!m_available) {
        emit undelivered(notification);
        return;
    }
    const qint64 now = m_clock();
    const bool burst = m_burst.arrive(now);
    // The same message again (a catch-up racing a push) replaces its notification instead of adding one.
    if (notification.id > 0) {
        for (auto it = m_shown.cbegin(); it != m_shown.cend(); ++it) {
            if (!it->summary && it->notification.id == notification.id) {
                sendMessage(notification, it.key(), 0);
                return;
            }
        }
    }
    if (m_summary && now - m_summary->updatedMs >= m_summaryLifetime.count())
        retireSummary();
    // While a summary takes messages, later ones join it instead of stacking beside it; so does a burst, and a
    // message for which there is no room left.
    if (m_summary || burst || onScreen() + 1 > m_maxOnScreen) {
        addToSummary(notification);
        return;
    }
    sendMessage(notification, 0, 0);
}

NativePresenter::SummaryPtr NativePresenter::currentSummary()
{
    if (!m_summary) {
        m_summary = std::make_shared<Summary>();
        m_summary->updatedMs = m_clock();
        m_summaries.append(m_summary);
    }
    return m_summary;
}

void NativePresenter::addToSummary(const inbox::Notification& notification)
{
    currentSummary()->content.add(notification);
    m_summary->updatedMs = m_clock();
    m_summary->dirty = true;
    // Room first (a new summary is one more notification), then the summary: the server must never hold more
    // than the limit, not even for a moment (GNOME would drop its oldest, unseen).
    enforceLimit();
}

void NativePresenter::retireSummary()
{
    // It stays on the server as it is (and can still be withdrawn); the next burst starts a new one.
    const SummaryPtr old = std::exchange(m_summary, nullptr);
    m_summaryThrottle.stop();
    flushSummary(old);
}

void NativePresenter::enforceLimit()
{
    // Folding the oldest into the summary instead of letting the server drop it unseen (GNOME keeps 3 per app).
    while (onScreen() > m_maxOnScreen) {
        auto victim = m_shown.end();
        int victimRank = 0;
        for (auto it = m_shown.begin(); it != m_shown.end(); ++it) {
            if (it->summary && it->summary == m_summary)
                continue;
            // Messages go first, then older summaries, notices (no message: nothing to fold) last.
            const int rank = it->summary ? 2 : it->notification.id > 0 || it->notification.count > 0 ? 3 : 1;
            if (victim == m_shown.end() || rank > victimRank ||
                (rank == victimRank && it->sequence < victim->sequence)) {
                victim = it;
                victimRank = rank;
            }
        }
        if (victim == m_shown.end())
            return; // the rest is in flight; an answer calls again
        const uint id = victim.key();
        const Shown folded = *victim;
        m_shown.erase(victim);
        close(id);
        if (folded.summary) {
            m_summaries.removeOne(folded.summary);
            currentSummary()->content.merge(folded.summary->content);
        } else if (victimRank == 3)
            currentSummary()->content.add(folded.notification);
        if (m_summary)
            m_summary->dirty = true;
    }
    if (m_summary)
        flushSummary(m_summary);
}

void NativePresenter::flushSummary(const SummaryPtr& summary)
{
    // One Notify in flight at a time, and at most one per interval: a burst of thousands must not become
    // thousands of replacements (each one a D-Bus round trip and a redraw in the notification server).
    if (!summary || !summary->dirty || summary->pending)
        return;
    if (summary == m_summary && m_summaryThrottle.isActive())
        return;
    // A new summary waits for room: the answers of messages still on their way make it (enforceLimit).
    if (summary->id == 0 && !summary->content.isEmpty() && onScreen() > m_maxOnScreen)
        return;
    if (summary->content.isEmpty()) {
        closeSummary(summary);
        return;
    }
    summary->dirty = false;
    if (summary == m_summary)
        m_summaryThrottle.start();
    sendSummary(summary);
}

void NativePresenter::closeSummary(const SummaryPtr& summary)
{
    m_summaries.removeOne(summary);
    if (summary == m_summary) {
        m_summary.reset();
        m_summaryThrottle.stop();
    }
    if (summary->id != 0) {
        m_shown.remove(summary->id);
        close(summary->id);
    }
    // A pending one is closed when its id comes back.
}

QString NativePresenter::bodyFor(const inbox::Notification& notification) const
{
    // Without body-markup a server shows tags literally: it gets plain text. With it, only what it can render.
    if (!m_capabilities.contains(QStringLiteral("body-markup")))
        return plainTextOf(notification, bodyLength);
    if (notification.document.isEmpty())
        return escapeMarkup(plainTextOf(notification, bodyLength));
    // Faces and pictures stay words ("{滑稽}", "[图片]") even where the server lists body-images: Plasma, the one
    // server that does, keeps <img> only for local files (its sanitizer checks QUrl::isLocalFile) and would drop a
    // remote face together with its name. Sending images needs them cached as files first.
    const content::MarkupLevel level{m_capabilities.contains(QStringLiteral("body-hyperlinks")), false};
    return content::toNotificationMarkup(notification.document, level, bodyLength);
}

QString NativePresenter::summaryBody(const BurstSummary& summary) const
{
    QStringList lines = summary.lines();
    if (m_capabilities.contains(QStringLiteral("body-markup"))) {
        for (QString& line : lines)
            line = escapeMarkup(line);
    }
    return lines.join(u'\n');
}

QStringList NativePresenter::actionsFor(const inbox::Notification& notification, bool isSummary,
                                        QVariantMap* hints) const
{
    QStringList actions;
    if (!m_capabilities.contains(QStringLiteral("actions")))
        return actions;
    actions << QStringLiteral("default") << tr("Open") << QStringLiteral("open") << tr("Open");
    if (!isSummary && notification.id > 0) {
        actions << QStringLiteral("mark-read") << tr("Mark read");
        if (m_capabilities.contains(QStringLiteral("inline-reply"))) {
            actions << QStringLiteral("inline-reply") << tr("Reply");
            hints->insert(QStringLiteral("x-kde-reply-placeholder-text"),
                          tr("Reply to %1…").arg(NotificationPopup::titleFor(notification)));
        } else {
            actions << QStringLiteral("reply") << tr("Reply…");
        }
    }
    if (!isSummary && notification.byuid != 0)
        actions << QStringLiteral("mute") << tr("Mute sender");
    return actions;
}

QVariantMap NativePresenter::commonHints() const
{
    QVariantMap hints;
    hints.insert(QStringLiteral("desktop-entry"), QLatin1String(appId));
    hints.insert(QStringLiteral("category"), QStringLiteral("im.received"));
    // Normal for everything: critical never expires and breaks through do-not-disturb on GNOME and KDE. What
    // deserves more (an @ over inbox messages) is our own policy's decision, which the user controls.
    hints.insert(QStringLiteral("urgency"), QVariant::fromValue(normalUrgency));
    if (m_sound)
        hints.insert(QStringLiteral("sound-name"), QStringLiteral("message-new-instant"));
    else
        hints.insert(QStringLiteral("suppress-sound"), true);
    return hints;
}

void NativePresenter::notify(uint replacesId, const QString& title, const QString& body, const QStringList& actions,
                             const QVariantMap& hints, const std::function<void(uint, const QString&)>& done)
{
    const qint64 timeout = m_timeout.count() < 0 ? -1 : qMin<qint64>(m_timeout.count(), INT_MAX);
    QDBusMessage call = QDBusMessage::createMethodCall(serviceName(), QLatin1String(path), QLatin1String(interface),
                                                       QStringLiteral("Notify"));
    // app_name is what GNOME and KDE show when they do not find the desktop file; the icon is named as the app.
    call << QString(QLatin1String(appDisplayName)) << replacesId << QString(QLatin1String(appId)) << title << body
         << actions << hints << int(timeout);
    auto* watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, callTimeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [done](QDBusPendingCallWatcher* w) {
        w->deleteLater();
        const QDBusPendingReply<uint> reply = *w;
        if (reply.isError())
            done(0, reply.error().name());
        else
            done(reply.value(), QString());
    });
}

void NativePresenter::sendMessage(const inbox::Notification& notification, uint replacesId, int attempt)
{
    QVariantMap hints = commonHints();
    const QStringList actions = actionsFor(notification, false, &hints);
    QString title = NotificationPopup::titleFor(notification);
    // The kind names a message; a notice of the app's own (no tray, connection problems) is none.
    if (notification.id > 0)
        title += u" · " + (notification.type == 1 ? tr("@ mention") : tr("Inbox"));
    QImage image = m_imageSource ? m_imageSource(notification) : QImage();
    if (image.isNull())
        image = appImageIfUninstalled();
    if (!image.isNull())
        attachImage(hints, image);
    if (replacesId == 0)
        ++m_messagesInFlight;
    const quint64 generation = m_generation;
    notify(replacesId, title, bodyFor(notification), actions, hints,
           [this, notification, replacesId, attempt, generation](uint id, const QString& error) {
               if (generation != m_generation) {
                   // Sent to a server that is gone: what it showed went with it, what it refused goes elsewhere.
                   if (!error.isEmpty())
                       reroute(notification);
                   return;
               }
               if (replacesId == 0)
                   --m_messagesInFlight;
               if (!error.isEmpty()) {
                   if (replacesId != 0)
                       m_shown.remove(replacesId);
                   enforceLimit(); // a summary waiting for room may go now
                   if (attempt == 0) {
                       qCInfo(lcUi) << "Notify failed, trying again:" << error;
                       QTimer::singleShot(m_retryDelay, this, [this, notification, generation] {
                           if (m_available && generation == m_generation)
                               sendMessage(notification, 0, 1);
                           else
                               reroute(notification);
                       });
                       return;
                   }
                   fail(tr("the desktop notification service failed (%1)").arg(error));
                   emit undelivered(notification);
                   return;
               }
               if (replacesId != 0 && replacesId != id)
                   m_shown.remove(replacesId);
               m_shown.insert(id, Shown{notification, nullptr, ++m_sequence});
               enforceLimit();
           });
}

void NativePresenter::sendSummary(const SummaryPtr& summary)
{
    QVariantMap hints = commonHints();
    if (const QImage image = appImageIfUninstalled(); !image.isNull())
        attachImage(hints, image);
    const inbox::Notification asNotification = summary->content.notification(m_siteBase);
    const QStringList actions = actionsFor(asNotification, true, &hints);
    summary->pending = true;
    const quint64 generation = m_generation;
    const uint replacesId = summary->id;
    // The title is never markup (GNOME shows it as it is); the body holds plain lines, escaped for markup.
    notify(replacesId, summary->content.title(), summaryBody(summary->content), actions, hints,
           [this, summary, generation, replacesId](uint id, const QString& error) {
               summary->pending = false;
               if (generation != m_generation) {
                   if (error.isEmpty())
                       return;
                   if (!m_available) {
                       emit undelivered(summary->content.notification(m_siteBase));
                       return;
                   }
                   currentSummary()->content.merge(summary->content);
                   m_summary->dirty = true;
                   flushSummary(m_summary);
                   return;
               }
               const bool alive = m_summaries.contains(summary);
               if (!error.isEmpty()) {
                   if (replacesId != 0)
                       m_shown.remove(replacesId);
                   summary->id = 0;
                   if (!alive)
                       return;
                   if (++summary->failures == 1) {
                       qCInfo(lcUi) << "Notify of a summary failed, trying again:" << error;
                       summary->dirty = true;
                       QTimer::singleShot(m_retryDelay, this, [this, summary] {
                           if (m_summaries.contains(summary))
                               flushSummary(summary);
                       });
                       return;
                   }
                   const inbox::Notification lost = summary->content.notification(m_siteBase);
                   closeSummary(summary);
                   fail(tr("the desktop notification service failed (%1)").arg(error));
                   emit undelivered(lost);
                   return;
               }
               summary->failures = 0;
               if (replacesId != 0 && replacesId != id)
                   m_shown.remove(replacesId);
               summary->id = id;
               if (!alive) {
                   close(id); // withdrawn or folded while on its way
                   return;
               }
               m_shown.insert(id, Shown{inbox::Notification(), summary, ++m_sequence});
               flushSummary(summary);
           });
}

void NativePresenter::clear()
{
    const QList<uint> ids = m_shown.keys();
    m_shown.clear();
    m_summaries.clear();
    m_summary.reset();
    m_summaryThrottle.stop();
    for (uint id : ids)
        close(id);
}

void NativePresenter::onActionInvoked(uint id, const QString& action)
{
    // The signal is broadcast: other applications' notifications are none of our business.
    const auto it = m_shown.constFind(id);
    if (it == m_shown.cend())
        return;
    const inbox::Notification n = it->summary ? it->summary->content.notification(m_siteBase) : it->notification;
    if (action == u"default" || action == u"open") {
        if (m_openUrls && content::isSafeLinkUrl(n.url, true))
            QDesktopServices::openUrl(n.url);
        emit activated(n.id, n.url);
    } else if (action == u"mark-read") {
        emit markReadRequested(n.id);
    } else if (action == u"mute") {
        emit muteRequested(n.byuid);
    } else if (action == u"reply") {
        emit replyRequested(n.id, n.type == 0 ? n.byuid : 0, QString());
    }
    // "inline-reply" itself is only the button: the text arrives as NotificationReplied.
}

void NativePresenter::onNotificationReplied(uint id, const QString& text)
{
    const auto it = m_shown.constFind(id);
    if (it == m_shown.cend() || it->summary || text.trimmed().isEmpty())
        return;
    const inbox::Notification& n = it->notification;
    emit replyRequested(n.id, n.type == 0 ? n.byuid : 0, text);
}

void NativePresenter::close(uint id)
{
    if (!m_bus.isConnected())
        return;
    QDBusMessage call = QDBusMessage::createMethodCall(serviceName(), QLatin1String(path), QLatin1String(interface),
                                                       QStringLiteral("CloseNotification"));
    call << id;
    m_bus.call(call, QDBus::NoBlock);
}

void NativePresenter::withdraw(qint64 messageId)
{
    if (messageId <= 0)
        return;
    for (auto it = m_shown.begin(); it != m_shown.end();) {
        if (!it->summary && it->notification.id == messageId) {
            close(it.key());
            it = m_shown.erase(it);
        } else {
            ++it;
        }
    }
    for (const SummaryPtr& summary : QList<SummaryPtr>(m_summaries)) {
        if (summary->content.remove(messageId)) {
            summary->dirty = true;
            flushSummary(summary);
        }
    }
}

void NativePresenter::withdrawSender(qint64 uid)
{
    if (uid == 0)
        return;
    for (auto it = m_shown.begin(); it != m_shown.end();) {
        if (!it->summary && it->notification.byuid == uid && it->notification.id > 0) {
            close(it.key());
            it = m_shown.erase(it);
        } else {
            ++it;
        }
    }
    for (const SummaryPtr& summary : QList<SummaryPtr>(m_summaries)) {
        if (summary->content.removeSender(uid)) {
            summary->dirty = true;
            flushSummary(summary);
        }
    }
}

void NativePresenter::withdrawRead(bool inboxRead, bool mentionsRead)
{
    // Notices (id 0) are no messages and stay; a summary loses the kinds now read and goes once it holds nothing.
    for (auto it = m_shown.begin(); it != m_shown.end();) {
        const inbox::Notification& n = it->notification;
        if (!it->summary && n.id > 0 && (n.type == 1 ? mentionsRead : inboxRead)) {
            close(it.key());
            it = m_shown.erase(it);
        } else {
            ++it;
        }
    }
    for (const SummaryPtr& summary : QList<SummaryPtr>(m_summaries)) {
        if (summary->content.removeKinds(inboxRead, mentionsRead)) {
            summary->dirty = true;
            flushSummary(summary);
        }
    }
}

void NativePresenter::onNotificationClosed(uint id, uint reason)
{
    const auto it = m_shown.find(id);
    if (it == m_shown.end())
        return;
    const Shown shown = *it;
    m_shown.erase(it);
    if (shown.summary) {
        m_summaries.removeOne(shown.summary);
        if (shown.summary == m_summary) {
            m_summary.reset();
            m_summaryThrottle.stop();
        }
    }
    if (reason == closedByUser)
        emit dismissed(shown.notification.id);
}

} // namespace ui
