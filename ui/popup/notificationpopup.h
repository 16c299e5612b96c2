// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/inbox/notification.h"

#include <QColor>
#include <QDateTime>
#include <QFrame>
#include <QList>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <chrono>

class QLabel;
class QPushButton;

namespace ui {

class ImageCache;
class RichTextView;

/// One frameless notification card: a header (sender or "#uid", time, an Inbox / @ badge in its own accent
/// colour), the message's safe rich text (core/content) with faces inline — their alt text until ImageCache
/// delivers them — and the buttons Reply…, Mark read, Mute sender and Dismiss. A click anywhere outside a link or
/// button asks to open the message; a link asks to open that link. It hides itself after a timeout, paused while the
/// pointer is over it. Summaries (id 0) show their count and only Dismiss. Created and positioned by
/// PopupPresenter, which owns it (deleted on close).
class NotificationPopup : public QFrame
{
    Q_OBJECT

public:
    static constexpr int popupWidth = 360;
    static constexpr int maxBodyHeight = 220;

    NotificationPopup(const inbox::Notification& notification, ImageCache* images, std::chrono::milliseconds timeout,
                      QWidget* parent = nullptr);
    ~NotificationPopup() override;

    const inbox::Notification& notification() const { return m_notification; }
    /// Replaces what is shown (a summary whose count grew) and restarts the auto-hide timer.
    void setNotification(const inbox::Notification& notification);
    void setTimeout(std::chrono::milliseconds timeout);
    bool isAutoHidePaused() const { return m_hovered; }
    bool isAutoHideRunning() const { return m_hideTimer.isActive(); }

    /// The header title for a notification ("阿三", "#2333", "5 new messages").
    static QString titleFor(const inbox::Notification& notification);

Q_SIGNALS:
    /// The user clicked the card (url = the message) or a link in it (url = that link).
    void activated(const QUrl& url);
    void markReadRequested();
    /// "Reply…": a reply window for this message (a card never takes the keyboard focus itself).
    void replyRequested();
    void muteRequested();
    /// Closed by the Dismiss button.
    void dismissed();
    /// Closed by the auto-hide timeout.
    void expired();
    /// The card's height changed (an image arrived); the stack re-lays out.
    void sizeChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void enterEvent(QEnterEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void retranslateUi();
    void fill();
    void refreshBody();
    QString bodyHtml();
    void onImageLoaded(const QUrl& url);
    void finish(bool dismissedByUser);

    inbox::Notification m_notification;
    QPointer<ImageCache> m_images;
    QLabel* m_sender = nullptr;
    QLabel* m_time = nullptr;
    QLabel* m_badge = nullptr;
    QColor m_accent;
    RichTextView* m_body = nullptr;
    QPushButton* m_reply = nullptr;
    QPushButton* m_markRead = nullptr;
    QPushButton* m_mute = nullptr;
    QPushButton* m_dismiss = nullptr;
    QList<QUrl> m_imageUrls;
    QTimer m_hideTimer;
    bool m_hovered = false;
    bool m_finished = false;
};

} // namespace ui
