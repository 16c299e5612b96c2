// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/popup/notificationpopup.h"

#include "ui/popup/imagecache.h"
#include "ui/popup/richtext.h"
#include "ui/popup/richtextview.h"

#include <QAbstractTextDocumentLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>

namespace ui {

namespace {

constexpr int contentMargin = 10;
constexpr int accentWidth = 4; ///< the bar down the card's left edge: blue for the inbox, amber for @ mentions
constexpr auto inboxAccent = "#2a7ae2";
constexpr auto mentionAccent = "#d8a72a";

/// The card's kind ("@ mention", "Inbox") in white on the accent colour, with round corners. Painted, not styled:
/// a style sheet on every card costs a third of the time it takes to build one.
class Badge : public QLabel
{
public:
    using QLabel::QLabel;

    void setAccent(const QColor& accent)
    {
        m_accent = accent;
        update();
    }

    QSize sizeHint() const override { return QLabel::sizeHint() + QSize(2 * padding, 0); }
    QSize minimumSizeHint() const override { return sizeHint(); }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(m_accent);
        painter.drawRoundedRect(QRectF(rect()), 3, 3);
        painter.setPen(Qt::white);
        painter.setFont(font());
        painter.drawText(rect(), Qt::AlignCenter, text());
    }

private:
    static constexpr int padding = 4;
    QColor m_accent;
};

} // namespace

NotificationPopup::NotificationPopup(const inbox::Notification& notification, ImageCache* images,
                                     std::chrono::milliseconds timeout, QWidget* parent)
    // Never the keyboard focus: what the user is typing elsewhere must not land here (WindowDoesNotAcceptFocus is
    // what Wayland and Windows honour, WA_ShowWithoutActivating what X11 window managers do).
    : QFrame(parent, Qt::ToolTip | Qt::FramelessWindowHint | Qt::WindowStaysOnTopHint | Qt::WindowDoesNotAcceptFocus)
    , m_notification(notification)
    , m_images(images)
{
    setObjectName(QStringLiteral("notificationPopup"));
    setAttribute(Qt::WA_ShowWithoutActivating);
    setFrameShape(QFrame::StyledPanel);
    setContentsMargins(accentWidth, 0, 0, 0); // room for the accent bar (paintEvent)
    setFixedWidth(popupWidth);
    setCursor(Qt::PointingHandCursor);

    m_sender = new QLabel(this);
    m_sender->setObjectName(QStringLiteral("popupSender"));
    m_sender->setTextFormat(Qt::PlainText);
    QFont bold = m_sender->font();
    bold.setBold(true);
    m_sender->setFont(bold);
    m_time = new QLabel(this);
    m_time->setObjectName(QStringLiteral("popupTime"));
    m_time->setTextFormat(Qt::PlainText);
    m_badge = new Badge(this);
    m_badge->setObjectName(QStringLiteral("popupBadge"));
    m_badge->setTextFormat(Qt::PlainText);

    auto* header = new QHBoxLayout;
    header->addWidget(m_sender, 1);
    header->addWidget(m_time);
    header->addWidget(m_badge);

    m_body = new RichTextView(popupWidth - 2 * frameWidth() - accentWidth - 2 * contentMargin, maxBodyHeight, this);
    m_body->setObjectName(QStringLiteral("popupBody"));
    m_body->document()->setDefaultStyleSheet(
        QStringLiteral("blockquote { margin-left: 8px; color: #666666; } a { color: %1; }")
            .arg(QLatin1String(inboxAccent)));
    connect(m_body, &RichTextView::anchorClicked, this, [this](const QUrl& url) {
        emit activated(url);
        finish(false);
    });

    m_markRead = new QPushButton(this);
    m_markRead->setObjectName(QStringLiteral("popupMarkRead"));
    m_markRead->setFlat(true);
    connect(m_markRead, &QPushButton::clicked, this, [this] {
        emit markReadRequested();
        finish(false);
    });
    m_reply = new QPushButton(this);
    m_reply->setObjectName(QStringLiteral("popupReply"));
    m_reply->setFlat(true);
    connect(m_reply, &QPushButton::clicked, this, [this] {
        emit replyRequested();
        finish(false);
    });
    m_mute = new QPushButton(this);
    m_mute->setObjectName(QStringLiteral("popupMute"));
    m_mute->setFlat(true);
    connect(m_mute, &QPushButton::clicked, this, [this] {
        emit muteRequested();
        finish(false);
    });
    m_dismiss = new QPushButton(this);
    m_dismiss->setObjectName(QStringLiteral("popupDismiss"));
    m_dismiss->setFlat(true);
    connect(m_dismiss, &QPushButton::clicked, this, [this] { finish(true); });

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_reply);
    buttons->addWidget(m_markRead);
    buttons->addWidget(m_mute);
    buttons->addWidget(m_dismiss);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(contentMargin, contentMargin, contentMargin, contentMargin / 2);
    layout->addLayout(header);
    layout->addWidget(m_body);
    layout->addLayout(buttons);

    if (m_images)
        connect(m_images, &ImageCache::imageLoaded, this, &NotificationPopup::onImageLoaded);

    m_hideTimer.setSingleShot(true);
    m_hideTimer.setInterval(timeout);
    connect(&m_hideTimer, &QTimer::timeout, this, [this] {
        emit expired();
        finish(false);
    });

    retranslateUi();
    m_hideTimer.start();
}

NotificationPopup::~NotificationPopup() = default;

void NotificationPopup::paintEvent(QPaintEvent* event)
{
    QFrame::paintEvent(event);
    QPainter painter(this);
    const QRect inside = frameRect().adjusted(frameWidth(), frameWidth(), -frameWidth(), -frameWidth());
    painter.fillRect(QRect(inside.topLeft(), QSize(accentWidth, inside.height())), m_accent);
}

void NotificationPopup::changeEvent(QEvent* event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

void NotificationPopup::retranslateUi()
{
    m_reply->setText(tr("Reply…"));
    m_markRead->setText(tr("Mark read"));
    m_mute->setText(tr("Mute sender"));
    m_dismiss->setText(tr("Dismiss"));
    fill(); // the badge, and the title and body of a summary
}

QString NotificationPopup::titleFor(const inbox::Notification& notification)
{
    // A burst summary names what it holds itself (BurstSummary::title); the Inbox's own summaries are counted here.
    if (notification.isSummary() && notification.count > 0 && notification.senderName.isEmpty()) {
        return notification.type == 1 ? tr("%n new @ mention(s)", nullptr, notification.count)
                                      : tr("%n new message(s)", nullptr, notification.count);
    }
    if (!notification.senderName.isEmpty())
        return notification.senderName;
    return tr("#%1").arg(notification.byuid);
}

void NotificationPopup::setNotification(const inbox::Notification& notification)
{
    m_notification = notification;
    fill();
    if (!m_hovered)
        m_hideTimer.start();
}

void NotificationPopup::setTimeout(std::chrono::milliseconds timeout)
{
    m_hideTimer.setInterval(timeout);
    if (!m_hovered && !m_finished)
        m_hideTimer.start();
}

void NotificationPopup::fill()
{
    const bool mention = m_notification.type == 1;
    m_accent = QColor(QLatin1String(mention ? mentionAccent : inboxAccent));
    static_cast<Badge*>(m_badge)->setAccent(m_accent);
    m_badge->setText(mention ? tr("@ mention") : tr("Inbox"));
    update();

    m_sender->setText(titleFor(m_notification));
    const QDateTime when = m_notification.receivedAt.toLocalTime();
    m_time->setText(!when.isValid()                       ? QString()
                    : when.date() == QDate::currentDate() ? when.toString(u"HH:mm")
                                                          : when.toString(u"MM-dd HH:mm"));
    m_time->setVisible(when.isValid());

    const bool summary = m_notification.isSummary();
    m_markRead->setVisible(m_notification.id > 0);
    m_reply->setVisible(m_notification.id > 0 && m_notification.byuid != 0);
    m_mute->setVisible(!summary && m_notification.byuid != 0);

    m_imageUrls = richtext::imageUrls(m_notification.html);
    // Refused URLs (other hosts, file:) simply stay as their alt text.
    if (m_images) {
        for (const QUrl& url : std::as_const(m_imageUrls))
            m_images->request(url);
    }
    refreshBody();
}

QString NotificationPopup::bodyHtml()
{
    QString html = m_notification.html;
    if (html.isEmpty()) {
        html = m_notification.summary.toHtmlEscaped();
        if (html.isEmpty() && m_notification.isSummary())
            html = tr("Click to open the list.").toHtmlEscaped();
    }
    // Images not loaded yet (or never: refused, failed) are shown as their alt text, so the document never
    // references anything it would have to load itself.
    const int maxWidth = m_body->width() - 2 * int(std::ceil(m_body->document()->documentMargin()));
    return richtext::mapImages(html, [this, maxWidth](const QUrl& url, QStringView tag, QStringView alt) {
        QImage image = m_images ? m_images->image(url) : QImage();
        if (image.isNull())
            return alt.isEmpty() ? tr("[image]").toHtmlEscaped() : alt.toString();
        if (maxWidth > 0 && image.width() > maxWidth && richtext::attribute(tag, u"width").isEmpty())
            image = image.scaledToWidth(maxWidth, Qt::SmoothTransformation);
        m_body->document()->addResource(QTextDocument::ImageResource, url, image);
        return tag.toString();
    });
}

void NotificationPopup::refreshBody()
{
    m_body->setHtml(bodyHtml());
    adjustSize();
    emit sizeChanged();
}

void NotificationPopup::onImageLoaded(const QUrl& url)
{
    if (m_imageUrls.contains(url))
        refreshBody();
}

void NotificationPopup::finish(bool dismissedByUser)
{
    if (m_finished)
        return;
    m_finished = true;
    m_hideTimer.stop();
    if (dismissedByUser)
        emit dismissed();
    close();
}

void NotificationPopup::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint())) {
        emit activated(m_notification.url);
        finish(false);
        return;
    }
    QFrame::mouseReleaseEvent(event);
}

void NotificationPopup::enterEvent(QEnterEvent* event)
{
    m_hovered = true;
    m_hideTimer.stop();
    QFrame::enterEvent(event);
}

void NotificationPopup::leaveEvent(QEvent* event)
{
    m_hovered = false;
    if (!m_finished)
        m_hideTimer.start();
    QFrame::leaveEvent(event);
}

} // namespace ui
