// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/popup/notificationpopup.h"

#include <QDesktopServices>
#include <QGuiApplication>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QScreen>
#include <QVBoxLayout>

namespace ui {

namespace {
constexpr int popupWidth = 360;
constexpr int popupSpacing = 8;
constexpr int maxVisiblePopups = 5;
} // namespace

NotificationPopup::NotificationPopup(const PopupContent& content, std::chrono::milliseconds timeout, QWidget* parent)
    : QFrame(parent, Qt::ToolTip | Qt::FramelessWindowHint | Qt::WindowStaysOnTopHint)
    , m_content(content)
{
    setObjectName(QStringLiteral("notificationPopup"));
    setAttribute(Qt::WA_ShowWithoutActivating);
    setFrameShape(QFrame::StyledPanel);
    setFixedWidth(popupWidth);
    setCursor(Qt::PointingHandCursor);

    auto* header = new QLabel(this);
    header->setObjectName(QStringLiteral("popupHeader"));
    header->setTextFormat(Qt::PlainText);
    header->setText(content.time.isValid() ? tr("%1 · %2").arg(content.title, content.time.toString(u"HH:mm"))
                                           : content.title);
    QFont bold = header->font();
    bold.setBold(true);
    header->setFont(bold);

    auto* body = new QLabel(this);
    body->setObjectName(QStringLiteral("popupBody"));
    body->setTextFormat(Qt::RichText);
    body->setWordWrap(true);
    body->setText(content.html);
    body->setTextInteractionFlags(Qt::LinksAccessibleByMouse);
    body->setOpenExternalLinks(false);
    body->setMaximumHeight(240);
    connect(body, &QLabel::linkActivated, this, [this](const QString& link) {
        emit activated(QUrl(link));
        close();
    });

    auto* dismiss = new QPushButton(tr("Dismiss"), this);
    dismiss->setObjectName(QStringLiteral("popupDismiss"));
    dismiss->setFlat(true);
    connect(dismiss, &QPushButton::clicked, this, [this] {
        emit dismissed();
        close();
    });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(header);
    layout->addWidget(body);
    layout->addWidget(dismiss, 0, Qt::AlignRight);
    if (content.mention)
        setStyleSheet(QStringLiteral("#notificationPopup { border-left: 4px solid #d8a72a; }"));

    m_hideTimer.setSingleShot(true);
    m_hideTimer.setInterval(timeout);
    connect(&m_hideTimer, &QTimer::timeout, this, [this] {
        emit dismissed();
        close();
    });
    m_hideTimer.start();
}

void NotificationPopup::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        emit activated(m_content.url);
        close();
    }
    QFrame::mouseReleaseEvent(event);
}

void NotificationPopup::enterEvent(QEnterEvent* event)
{
    m_hideTimer.stop();
    QFrame::enterEvent(event);
}

void NotificationPopup::leaveEvent(QEvent* event)
{
    m_hideTimer.start();
    QFrame::leaveEvent(event);
}

PopupStack::PopupStack(QObject* parent)
    : QObject(parent)
{
}

PopupStack::~PopupStack()
{
    clear();
}

void PopupStack::show(const PopupContent& content)
{
    // Oldest first out when the corner is full: a wall of popups helps nobody.
    while (m_popups.size() >= maxVisiblePopups)
        m_popups.takeFirst()->close();

    auto* popup = new NotificationPopup(content, m_timeout);
    popup->setAttribute(Qt::WA_DeleteOnClose);
    connect(popup, &NotificationPopup::activated, this, [](const QUrl& url) {
        if (url.isValid())
            QDesktopServices::openUrl(url);
    });
    connect(popup, &QObject::destroyed, this, [this, popup] {
        m_popups.removeOne(popup);
        relayout();
    });
    m_popups.append(popup);
    popup->adjustSize();
    relayout();
    popup->show();
}

void PopupStack::clear()
{
    const auto popups = m_popups;
    m_popups.clear();
    for (NotificationPopup* popup : popups)
        delete popup;
}

void PopupStack::relayout()
{
    const QScreen* screen = QGuiApplication::primaryScreen();
    if (!screen)
        return;
    const QRect area = screen->availableGeometry();
    int bottom = area.bottom() - popupSpacing;
    for (auto it = m_popups.crbegin(); it != m_popups.crend(); ++it) {
        NotificationPopup* popup = *it;
        const QSize size = popup->sizeHint().expandedTo(QSize(popupWidth, 60));
        bottom -= size.height();
        popup->setGeometry(area.right() - popupSpacing - popupWidth, bottom, popupWidth, size.height());
        bottom -= popupSpacing;
    }
}

} // namespace ui
