// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/popup/popuppresenter.h"

#include "ui/popup/burstsummary.h"

#include "core/content/content.h"
#include "ui/popup/imagecache.h"
#include "ui/popup/notificationpopup.h"

#include <QApplication>
#include <QCursor>
#include <QDesktopServices>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QScreen>

namespace ui {

namespace {
constexpr int popupSpacing = 8;

/// A notice of the app itself (no tray, a connection problem): neither a message nor a summary of messages.
bool isNotice(const inbox::Notification& n)
{
    return n.id == 0 && n.count == 0;
}
} // namespace

PopupPresenter::PopupPresenter(const QUrl& siteBase, QObject* parent, const QString& imageCacheDirectory)
    : Presenter(parent)
    , m_images(new ImageCache(siteBase, imageCacheDirectory, this))
    , m_siteBase(siteBase)
{
    auto elapsed = std::make_shared<QElapsedTimer>();
    elapsed->start();
    m_clock = [elapsed] { return elapsed->elapsed(); };

    // Not restarted by arrivals: a refresh is due summaryRefreshInterval after the first unshown one at the latest,
    // however long the burst goes on.
    m_summaryRefresh.setSingleShot(true);
    m_summaryRefresh.setInterval(summaryRefreshInterval);
    connect(&m_summaryRefresh, &QTimer::timeout, this, &PopupPresenter::refreshSummary);
}

PopupPresenter::~PopupPresenter()
{
    clear();
}

void PopupPresenter::applySettings(const settings::Settings& settings)
{
    setSiteBase(settings.site);
    setCorner(settings.corner);
    setTimeout(std::chrono::seconds(settings.popupSeconds));
    setSound(settings.sound);
}

void PopupPresenter::setSiteBase(const QUrl& siteBase)
{
    m_siteBase = siteBase;
    m_images->setSiteBase(siteBase);
}

void PopupPresenter::setCorner(settings::Corner corner)
{
    m_corner = corner;
    relayout();
}

void PopupPresenter::setTimeout(std::chrono::milliseconds timeout)
{
    m_timeout = timeout;
    for (NotificationPopup* popup : std::as_const(m_popups))
        popup->setTimeout(timeout);
}

void PopupPresenter::setMaxVisible(int maxVisible)
{
    m_maxVisible = qMax(1, maxVisible);
    relayout();
}

void PopupPresenter::setBurst(int threshold, qint64 windowMs)
{
    m_burst.setThreshold(threshold);
    m_burst.setWindow(windowMs);
}

void PopupPresenter::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
    m_burst.reset();
}

void PopupPresenter::show(const inbox::Notification& notification)
{
    // The same message again (a catch-up racing a push) refreshes its card instead of adding a second one.
    if (!notification.isSummary()) {
        for (NotificationPopup* popup : std::as_const(m_popups)) {
            if (popup->notification().id == notification.id && popup != m_summary) {
                popup->setNotification(notification);
                return;
            }
        }
    }
    if (m_maxVisible == 1 && !m_popups.isEmpty()) {
        foldIntoCard(notification);
        return;
    }
    if (isNotice(notification)) {
        // The app's own word (no tray, a connection problem) is no part of a burst, and keeps what its click opens.
        addPopup(notification);
        return;
    }
    if (m_burst.arrive(m_clock()) || m_summary) {
        // While a summary card is up, newer messages join it: they would otherwise appear above a card that
        // claims to count them.
        addToSummary(notification);
        return;
    }
    addPopup(notification);
}

void PopupPresenter::foldIntoCard(const inbox::Notification& notification)
{
    // One card at a time (where cards cannot be placed, e.g. Wayland without a notification service): the card that
    // is up becomes the summary of itself and of what follows. It is updated in place, never shown or raised again
    // (every new window there takes the focus), and no message it showed is closed unsummarised. The app's notices
    // are no messages: the newest one stays above the lines, uncounted.
    NotificationPopup* card = m_popups.constLast();
    if (card != m_summary) {
        const inbox::Notification shown = card->notification();
        if (isNotice(shown) && isNotice(notification)) {
            card->setNotification(notification);
            return;
        }
        m_summaryRefresh.stop();
        m_summarized = BurstSummary();
        m_cardNotice = isNotice(shown) ? shown.summary : QString();
        if (!isNotice(shown))
            m_summarized.add(shown);
        m_summary = card;
        m_summaryCard = card;
        if (isNotice(notification))
            m_cardNotice = notification.summary;
        else
            m_summarized.add(notification);
        m_summaryReceivedAt = notification.receivedAt;
        refreshSummary();
        return;
    }
    if (!isNotice(notification)) {
        addToSummary(notification);
        return;
    }
    m_cardNotice = notification.summary;
    if (!m_summaryRefresh.isActive())
        m_summaryRefresh.start();
}

NotificationPopup* PopupPresenter::addPopup(const inbox::Notification& notification)
{
    auto* popup = new NotificationPopup(notification, m_images, m_timeout);
    popup->setAttribute(Qt::WA_DeleteOnClose);
    // What the card shows when the button is pressed: a card can become the summary after it was created.
    connect(popup, &NotificationPopup::activated, this, [this, popup](const QUrl& url) { onActivated(popup, url); });
    connect(popup, &NotificationPopup::markReadRequested, this,
            [this, popup] { emit markReadRequested(popup->notification().id); });
    connect(popup, &NotificationPopup::replyRequested, this, [this, popup] {
        const inbox::Notification& n = popup->notification();
        emit replyRequested(n.id, n.type == 0 ? n.byuid : 0, QString());
    });
    connect(popup, &NotificationPopup::muteRequested, this, [this, popup] {
        const qint64 uid = popup->notification().byuid;
        emit muteRequested(uid);
        // Muting is about the sender: the other cards from them go too.
        withdrawSender(uid);
    });
    connect(popup, &NotificationPopup::dismissed, this, [this, popup] { emit dismissed(popup->notification().id); });
    connect(popup, &NotificationPopup::sizeChanged, this, &PopupPresenter::relayout);
    // QWidget emits destroyed() before QPointer lets go, and comparing through m_summary would downcast a
    // half-destroyed object (UBSan flags it): the summary card is compared by its address alone.
    connect(popup, &QObject::destroyed, this, [this, popup](QObject* object) {
        m_popups.removeOne(popup);
        if (object == m_summaryCard) {
            m_summaryCard = nullptr;
            m_summarized = BurstSummary();
            m_cardNotice.clear();
            m_summaryRefresh.stop();
        }
        relayout();
    });
    m_popups.append(popup);
    relayout();
    popup->show();
    if (m_sound)
        QApplication::beep();
    return popup;
}

void PopupPresenter::addToSummary(const inbox::Notification& notification)
{
    m_summarized.add(notification);
    m_summaryReceivedAt = notification.receivedAt;
    if (!m_summary) {
        // The first one appears at once; a burst of thousands then costs one relayout per refresh interval.
        m_summaryRefresh.stop();
        m_summary = addPopup(summaryNotification());
        m_summaryCard = m_summary;
    } else if (!m_summaryRefresh.isActive()) {
        m_summaryRefresh.start();
    }
}

void PopupPresenter::refreshSummary()
{
    if (!m_summary || m_summarized.isEmpty())
        return;
    m_summary->setNotification(summaryNotification());
    relayout();
}

inbox::Notification PopupPresenter::summaryNotification() const
{
    // The newest few, one line each (@ mentions first), so the card says who wrote without becoming the wall it
    // replaces; titled by what it holds.
    inbox::Notification summary = m_summarized.notification(m_siteBase);
    summary.receivedAt = m_summaryReceivedAt;
    if (!m_cardNotice.isEmpty()) {
        summary.html = u"<i>"_qs + m_cardNotice.toHtmlEscaped() + u"</i><br />"_qs + summary.html;
        summary.summary = m_cardNotice + u'\n' + summary.summary;
    }
    return summary;
}

void PopupPresenter::updateSummary()
{
    if (!m_summary)
        return;
    if (m_summarized.isEmpty())
        m_summary->close();
    else if (!m_summaryRefresh.isActive())
        m_summaryRefresh.start();
}

void PopupPresenter::onActivated(NotificationPopup* popup, const QUrl& url)
{
    if (m_openUrls && content::isSafeLinkUrl(url, true))
        QDesktopServices::openUrl(url);
    emit activated(popup->notification().id, url);
}

void PopupPresenter::clear()
{
    const auto popups = m_popups;
    m_popups.clear();
    m_summarized = BurstSummary();
    m_cardNotice.clear();
    m_summaryRefresh.stop();
    for (NotificationPopup* popup : popups)
        delete popup;
}

void PopupPresenter::withdraw(qint64 id)
{
    if (id <= 0)
        return;
    const auto popups = m_popups;
    for (NotificationPopup* popup : popups) {
        if (popup != m_summary && popup->notification().id == id)
            popup->close();
    }
    if (m_summarized.remove(id))
        updateSummary();
}

void PopupPresenter::withdrawSender(qint64 uid)
{
    if (uid == 0)
        return;
    const auto popups = m_popups;
    for (NotificationPopup* popup : popups) {
        if (popup != m_summary && popup->notification().byuid == uid && !popup->notification().isSummary())
            popup->close();
    }
    if (m_summarized.removeSender(uid))
        updateSummary();
}

void PopupPresenter::withdrawRead(bool inboxRead, bool mentionsRead)
{
    // Notices (id 0) are no messages and stay; the summary loses the kinds now read and goes once it holds none.
    const auto popups = m_popups;
    for (NotificationPopup* popup : popups) {
        const inbox::Notification& n = popup->notification();
        if (popup != m_summary && n.id > 0 && (n.type == 1 ? mentionsRead : inboxRead))
            popup->close();
    }
    if (m_summarized.removeKinds(inboxRead, mentionsRead))
        updateSummary();
}

NotificationPopup* PopupPresenter::summaryPopup() const
{
    return m_summary;
}

QScreen* PopupPresenter::targetScreen() const
{
    if (QScreen* screen = QGuiApplication::screenAt(QCursor::pos()))
        return screen;
    return QGuiApplication::primaryScreen();
}

void PopupPresenter::relayout()
{
    const QScreen* screen = targetScreen();
    if (!screen || m_popups.isEmpty())
        return;
    const QRect area = screen->availableGeometry().adjusted(popupSpacing, popupSpacing, -popupSpacing, -popupSpacing);
    const bool top = m_corner == settings::Corner::TopLeft || m_corner == settings::Corner::TopRight;
    const bool left = m_corner == settings::Corner::TopLeft || m_corner == settings::Corner::BottomLeft;

    QList<NotificationPopup*> overflow;
    int used = 0;
    int placed = 0;
    // Newest first: it sits in the corner, older ones move away from it.
    for (auto it = m_popups.crbegin(); it != m_popups.crend(); ++it) {
        NotificationPopup* popup = *it;
        const QSize size = popup->sizeHint().expandedTo(QSize(NotificationPopup::popupWidth, 40));
        const int height = qMin(size.height(), area.height());
        if (placed >= m_maxVisible || (placed > 0 && used + height > area.height())) {
            overflow.append(popup);
            continue;
        }
        const int x = left ? area.left() : area.right() - NotificationPopup::popupWidth + 1;
        const int y = top ? area.top() + used : area.bottom() - used - height + 1;
        popup->setGeometry(x, y, NotificationPopup::popupWidth, height);
        used += height + popupSpacing;
        ++placed;
    }
    // Oldest first out when the corner is full: a wall of cards helps nobody.
    for (NotificationPopup* popup : std::as_const(overflow)) {
        m_popups.removeOne(popup);
        popup->close();
    }
}

} // namespace ui
