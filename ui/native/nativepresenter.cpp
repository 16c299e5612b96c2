// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/native/nativepresenter.h"

#include "ui/popup/burstsummary.h"

#include "core/content/content.h"
#include "core/logging.h"
#include "ui/popup/notificationpopup.h"
#include "ui/popup/richtext.h"

#include <QDBusArgument>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDesktopServices>
#include <QElapsedTimer>
#include <QTimer>

#include <memory>

namespace ui {

namespace {
constexpr int summaryLines = 3;
constexpr int summaryLineLength = 60;
constexpr int callTimeoutMs = 5000;
constexpr uint closedByUser = 2; // NotificationClosed reason (freedesktop notification spec)

QString serviceName()
{
    return QLatin1String(NativePresenter::service);
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
    connect(&m_summaryThrottle, &QTimer::timeout, this, &NativePresenter::sendSummaryIfDue);

    if (!m_bus.isConnected()) {
        // Reported from the event loop, so whoever constructed us has had the chance to connect.
        QTimer::singleShot(0, this, [this] { fail(tr("no D-Bus session bus")); });
        return;
    }
    const QString iface = QLatin1String(interface);
    const QString objectPath = QLatin1String(path);
    m_bus.connect(serviceName(), objectPath, iface, QStringLiteral("ActionInvoked"), this,
                  SLOT(onActionInvoked(uint, QString)));
    m_bus.connect(serviceName(), objectPath, iface, QStringLiteral("NotificationClosed"), this,
                  SLOT(onNotificationClosed(uint, uint)));
    // KDE's inline reply (Plasma 5.18+): the typed text comes back with the notification's id.
    m_bus.connect(serviceName(), objectPath, iface, QStringLiteral("NotificationReplied"), this,
                  SLOT(onNotificationReplied(uint, QString)));

    // Asking also starts a D-Bus-activatable server; an error means there is none.
    QDBusMessage call =
        QDBusMessage::createMethodCall(serviceName(), objectPath, iface, QStringLiteral("GetCapabilities"));
    auto* watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, callTimeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher* w) {
        w->deleteLater();
        const QDBusPendingReply<QStringList> reply = *w;
        if (reply.isError()) {
            fail(tr("the desktop notification service is not available (%1)").arg(reply.error().name()));
            return;
        }
        m_capabilities = reply.value();
        m_capabilitiesKnown = true;
        qCDebug(lcUi) << "notification server capabilities:" << m_capabilities;
        emit capabilitiesReceived(m_capabilities);
    });
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

void NativePresenter::fail(const QString& reason)
{
    if (!m_available)
        return;
    m_available = false;
    qCWarning(lcUi) << "native notifications unavailable:" << reason;
    emit serviceUnavailable(reason);
}

void NativePresenter::show(const inbox::Notification& notification)
{
    if (!m_available)
        return;
    // While a summary is up (or being created), later messages join it instead of stacking beside it.
    if (m_burst.arrive(m_clock()) || m_summaryId != 0 || m_summaryPending) {
        addToSummary(notification);
        return;
    }
    send(notification, 0, false);
}

void NativePresenter::addToSummary(const inbox::Notification& notification)
{
    m_summarized.append(notification);
    m_summaryDirty = true;
    sendSummaryIfDue();
}

void NativePresenter::sendSummaryIfDue()
{
    // One Notify in flight at a time, and at most one per interval: a burst of thousands must not become
    // thousands of replacements (each one a D-Bus round trip and a redraw in the notification server).
    if (!m_summaryDirty || m_summaryPending || m_summaryThrottle.isActive() || m_summarized.isEmpty())
        return;
    m_summaryDirty = false;
    m_summaryThrottle.start();
    send(summaryNotification(), m_summaryId, true);
}

inbox::Notification NativePresenter::summaryNotification() const
{
    inbox::Notification summary = summarizeBurst(m_summarized, m_siteBase);
    QStringList lines;
    for (const BurstLine& line : burstLines(m_summarized, summaryLines, summaryLineLength))
        lines.append(line.title.isEmpty() ? line.text : line.title + u": " + line.text);
    if (m_summarized.size() > summaryLines)
        lines.append(tr("…and %n more", nullptr, int(m_summarized.size()) - summaryLines));
    summary.summary = lines.join(u'\n');
    summary.html = summary.summary.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br />"));
    return summary;
}

void NativePresenter::send(const inbox::Notification& notification, uint replacesId, bool isSummary)
{
    const bool markup = m_capabilities.contains(QStringLiteral("body-markup"));
    const bool actions = m_capabilities.contains(QStringLiteral("actions"));

    QString title = NotificationPopup::titleFor(notification);
    if (!isSummary)
        title += u" · " + (notification.type == 1 ? tr("@ mention") : tr("Inbox"));
    // Without body-markup a server shows tags literally, so it gets the plain summary.
    const QString body = markup ? richtext::toNotificationMarkup(notification.html) : notification.summary;

    const bool message = !isSummary && notification.id > 0;
    QStringList actionList;
    QVariantMap hints;
    if (actions) {
        actionList << QStringLiteral("default") << tr("Open") << QStringLiteral("open") << tr("Open");
        if (message) {
            actionList << QStringLiteral("mark-read") << tr("Mark read");
            if (m_capabilities.contains(QStringLiteral("inline-reply"))) {
                actionList << QStringLiteral("inline-reply") << tr("Reply");
                hints.insert(QStringLiteral("x-kde-reply-placeholder-text"),
                             tr("Reply to %1…").arg(NotificationPopup::titleFor(notification)));
            } else {
                actionList << QStringLiteral("reply") << tr("Reply…");
            }
        }
        if (!isSummary && notification.byuid != 0)
            actionList << QStringLiteral("mute") << tr("Mute sender");
    }
    hints.insert(QStringLiteral("desktop-entry"), QLatin1String(appName));
    hints.insert(QStringLiteral("category"), QStringLiteral("im.received"));
    // Someone @-ing you wants an answer more than an inbox message does; neither is "critical" (that one never
    // times out on most servers). A summary is of type 1 when it holds @ mentions only.
    hints.insert(QStringLiteral("urgency"), QVariant::fromValue(uchar(notification.type == 1 ? 2 : 1)));
    if (m_sound)
        hints.insert(QStringLiteral("sound-name"), QStringLiteral("message-new-instant"));
    else
        hints.insert(QStringLiteral("suppress-sound"), true);

    if (!isSummary && m_imageSource) {
        const QImage image = m_imageSource(notification);
        if (!image.isNull()) {
            static const QMetaType registered = qDBusRegisterMetaType<ImageData>();
            Q_UNUSED(registered);
            hints.insert(QStringLiteral("image-data"),
                         QVariant::fromValue(ImageData{
                             image.scaled(imageSize, imageSize, Qt::KeepAspectRatio, Qt::SmoothTransformation)}));
        }
    }

    const qint64 timeout = m_timeout.count() < 0 ? -1 : qMin<qint64>(m_timeout.count(), INT_MAX);
    QDBusMessage call = QDBusMessage::createMethodCall(serviceName(), QLatin1String(path), QLatin1String(interface),
                                                       QStringLiteral("Notify"));
    call << QString(QLatin1String(appName)) << replacesId << QString(QLatin1String(appName)) << title << body
         << actionList << hints << int(timeout);
    if (isSummary)
        m_summaryPending = true;

    const Shown shown{notification.id, notification.url, notification.byuid, notification.type};
    auto* watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, callTimeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, shown, replacesId, isSummary](QDBusPendingCallWatcher* w) {
                w->deleteLater();
                const QDBusPendingReply<uint> reply = *w;
                if (isSummary)
                    m_summaryPending = false;
                if (reply.isError()) {
                    fail(tr("the desktop notification service failed (%1)").arg(reply.error().name()));
                    return;
                }
                const uint id = reply.value();
                if (isSummary) {
                    if (replacesId != 0 && replacesId != id)
                        m_shown.remove(replacesId);
                    m_summaryId = id;
                }
                m_shown.insert(id, shown);
                if (isSummary)
                    sendSummaryIfDue();
            });
}

void NativePresenter::resetSummary()
{
    m_summaryId = 0;
    m_summarized.clear();
    m_summaryDirty = false;
    m_summaryThrottle.stop();
}

void NativePresenter::clear()
{
    const QList<uint> ids = m_shown.keys();
    m_shown.clear();
    resetSummary();
    if (!m_available)
        return;
    for (uint id : ids)
        close(id);
}

void NativePresenter::onActionInvoked(uint id, const QString& action)
{
    // The signal is broadcast: other applications' notifications are none of our business.
    const auto it = m_shown.constFind(id);
    if (it == m_shown.cend())
        return;
    const Shown shown = *it;
    if (action == u"default" || action == u"open") {
        if (m_openUrls && content::isSafeLinkUrl(shown.url, true))
            QDesktopServices::openUrl(shown.url);
        emit activated(shown.messageId, shown.url);
    } else if (action == u"mark-read") {
        emit markReadRequested(shown.messageId);
    } else if (action == u"mute") {
        emit muteRequested(shown.byuid);
    } else if (action == u"reply") {
        emit replyRequested(shown.messageId, shown.type == 0 ? shown.byuid : 0, QString());
    }
    // "inline-reply" itself is only the button: the text arrives as NotificationReplied.
}

void NativePresenter::onNotificationReplied(uint id, const QString& text)
{
    const auto it = m_shown.constFind(id);
    if (it == m_shown.cend() || text.trimmed().isEmpty())
        return;
    emit replyRequested(it->messageId, it->type == 0 ? it->byuid : 0, text);
}

void NativePresenter::close(uint id)
{
    if (!m_available)
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
        if (it->messageId == messageId) {
            close(it.key());
            it = m_shown.erase(it);
        } else {
            ++it;
        }
    }
}

void NativePresenter::withdrawRead(bool inboxRead, bool mentionsRead)
{
    // A summary goes when all it stands for is read; notices (id 0) are no messages and stay.
    for (auto it = m_shown.begin(); it != m_shown.end();) {
        if (it.key() == m_summaryId ? burstIsAllOf(m_summarized, inboxRead, mentionsRead)
                                    : it->messageId > 0 && (it->type == 1 ? mentionsRead : inboxRead)) {
            const uint id = it.key();
            close(id);
            it = m_shown.erase(it);
            if (id == m_summaryId)
                resetSummary();
        } else {
            ++it;
        }
    }
}

void NativePresenter::onNotificationClosed(uint id, uint reason)
{
    if (!m_shown.contains(id))
        return;
    const Shown shown = m_shown.take(id);
    if (id == m_summaryId)
        resetSummary();
    if (reason == closedByUser)
        emit dismissed(shown.messageId);
}

} // namespace ui
