// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QFrame>
#include <QTimer>
#include <QUrl>

class QLabel;

namespace ui {

/// What one popup shows: a header, rendered rich text (already made safe by core/content) and a target URL.
struct PopupContent
{
    QString title;        ///< e.g. "阿三 发来内信" / "小明 @了你"
    QString html;         ///< safe rich text from content::render
    QUrl url;             ///< opened on click
    QDateTime time;       ///< receive time, shown in the header
    bool mention = false; ///< @ messages get a distinct accent
};

/// A frameless notification card. Clicking anywhere opens the URL; it hides itself after a timeout, paused
/// while the pointer is over it. Owned by PopupStack.
class NotificationPopup : public QFrame
{
    Q_OBJECT

public:
    explicit NotificationPopup(const PopupContent& content, std::chrono::milliseconds timeout,
                               QWidget* parent = nullptr);

    const PopupContent& content() const { return m_content; }

Q_SIGNALS:
    void activated(const QUrl& url);
    void dismissed();

protected:
    void mouseReleaseEvent(QMouseEvent* event) override;
    void enterEvent(QEnterEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    PopupContent m_content;
    QTimer m_hideTimer;
};

/// Keeps the visible popups stacked at the bottom-right corner of the primary screen.
class PopupStack : public QObject
{
    Q_OBJECT

public:
    explicit PopupStack(QObject* parent = nullptr);
    ~PopupStack() override;

    void show(const PopupContent& content);
    int count() const { return int(m_popups.size()); }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    void clear();

private:
    void relayout();

    QList<NotificationPopup*> m_popups;
    std::chrono::milliseconds m_timeout{8000};
};

} // namespace ui
