// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/content/content.h"
#include "core/inbox/notification.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;

namespace ui {

/// A small window answering one message: whom it answers and what (the message, plain and short), a text field
/// (Markdown; Ctrl+Enter sends, Esc closes), a preview rendered as incoming messages are, and the forum's answer:
/// the window closes once the forum took the reply, and stays open with the reason and the text otherwise. One
/// send at a time (a held Ctrl+Enter cannot flood the forum). What is typed is reported as a draft, which the
/// owner keeps until the forum confirmed. Owned by the Notifier.
class ReplyWindow : public QWidget
{
    Q_OBJECT

public:
    ReplyWindow(const inbox::Notification& replyingTo, const QString& draft, const content::RenderOptions& options,
                QWidget* parent = nullptr);
    ~ReplyWindow() override;

    const inbox::Notification& replyingTo() const { return m_replyingTo; }
    QString text() const;
    /// The forum's answer to sendRequested: closes on success, else shows `message` and allows another try.
    void sendFinished(bool sent, const QString& message);

Q_SIGNALS:
    void sendRequested(const QString& text);
    void draftChanged(const QString& text);

protected:
    void changeEvent(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void retranslateUi();
    void send();
    void updatePreview();
    void updateButtons();

    inbox::Notification m_replyingTo;
    content::RenderOptions m_options;
    QLabel* m_heading = nullptr;
    QLabel* m_quoted = nullptr;
    QPlainTextEdit* m_text = nullptr;
    QTextBrowser* m_preview = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_send = nullptr;
    QPushButton* m_cancel = nullptr;
    bool m_sending = false;
};

} // namespace ui
