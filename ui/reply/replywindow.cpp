// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/reply/replywindow.h"

#include "core/content/document.h"
#include "ui/popup/burstsummary.h"
#include "ui/popup/notificationpopup.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace ui {

ReplyWindow::ReplyWindow(const inbox::Notification& replyingTo, const QString& draft,
                         const content::RenderOptions& options, QWidget* parent)
    : QWidget(parent, Qt::Window)
    , m_replyingTo(replyingTo)
    , m_options(options)
{
    setObjectName(QStringLiteral("replyWindow"));
    setAttribute(Qt::WA_DeleteOnClose);
    resize(420, 380);

    m_heading = new QLabel(this);
    m_heading->setObjectName(QStringLiteral("replyHeading"));
    m_heading->setWordWrap(true);
    m_heading->setTextFormat(Qt::PlainText);
    m_quoted = new QLabel(this);
    m_quoted->setObjectName(QStringLiteral("replyQuoted"));
    m_quoted->setWordWrap(true);
    m_quoted->setTextFormat(Qt::PlainText);
    m_quoted->setText(QStringLiteral("│ ") + plainTextOf(replyingTo, 200));
    m_quoted->setEnabled(false); // shown dimmed: context, not input

    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("replyText"));
    m_text->setTabChangesFocus(true);
    m_text->setPlainText(draft);
    m_text->installEventFilter(this);
    m_preview = new QTextBrowser(this);
    m_preview->setObjectName(QStringLiteral("replyPreview"));
    m_preview->setOpenLinks(false);
    m_preview->setMaximumHeight(120);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("replyStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);

    m_send = new QPushButton(this);
    m_send->setObjectName(QStringLiteral("replySend"));
    m_send->setDefault(true);
    m_cancel = new QPushButton(this);
    m_cancel->setObjectName(QStringLiteral("replyCancel"));
    connect(m_send, &QPushButton::clicked, this, &ReplyWindow::send);
    connect(m_cancel, &QPushButton::clicked, this, &QWidget::close);
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
        updatePreview();
        updateButtons();
        emit draftChanged(m_text->toPlainText());
    });

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_send);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_quoted);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_preview);
    layout->addLayout(buttons);

    retranslateUi();
    updatePreview();
    updateButtons();
    m_text->setFocus();
}

ReplyWindow::~ReplyWindow() = default;

QString ReplyWindow::text() const
{
    return m_text->toPlainText();
}

void ReplyWindow::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

void ReplyWindow::retranslateUi()
{
    const QString name = NotificationPopup::titleFor(m_replyingTo);
    setWindowTitle(tr("Reply to %1 — hu60 Notifier").arg(name));
    m_heading->setText(m_replyingTo.type == 1 ? tr("Reply where %1 mentioned you (your reply mentions them):").arg(name)
                                              : tr("Private reply to %1:").arg(name));
    m_text->setPlaceholderText(tr("Your reply (Markdown). Ctrl+Enter sends, Esc closes; the text is kept as a draft."));
    m_text->setAccessibleName(tr("Reply"));
    m_preview->setAccessibleName(tr("Preview"));
    m_send->setText(tr("Send"));
    m_cancel->setText(tr("Close"));
}

void ReplyWindow::updatePreview()
{
    // The same renderer as incoming messages, so what is previewed is what the other side will see.
    const QJsonArray segments{QJsonObject{{QStringLiteral("type"), QStringLiteral("markdown")}},
                              QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                          {QStringLiteral("value"), m_text->toPlainText()}}};
    m_preview->setHtml(content::render(segments, 0, 0, m_options).html);
}

void ReplyWindow::updateButtons()
{
    m_send->setEnabled(!m_sending && !m_text->toPlainText().trimmed().isEmpty());
    m_text->setReadOnly(m_sending);
}

void ReplyWindow::send()
{
    const QString text = m_text->toPlainText();
    if (m_sending || text.trimmed().isEmpty())
        return;
    m_sending = true;
    m_status->setText(tr("Sending…"));
    updateButtons();
    emit sendRequested(text);
}

void ReplyWindow::sendFinished(bool sent, const QString& message)
{
    m_sending = false;
    m_status->setText(message);
    updateButtons();
    if (sent)
        close();
}

void ReplyWindow::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Escape) {
        close();
        return;
    }
    QWidget::keyPressEvent(event);
}

bool ReplyWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_text && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
            key->modifiers().testFlag(Qt::ControlModifier)) {
            send();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace ui
