// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/content/content.h"
#include "core/inbox/notification.h"

#include <QHash>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace inbox {
class HistoryStore;
}

namespace ui {

/// "History": every notification received, newest first, searchable by sender or text, read from the
/// HistoryStore (SQLite) so it survives restarts. Each message reads as its notification does: the plain text is
/// rendered again from the stored content (once per row while the window lives), since rows stored by earlier
/// versions hold a summary with the Markdown source. Opening one opens it on the forum; both opening and "mark read"
/// ask the controller to mark it read (forum and history). Created on demand and owned by the notifier.
class HistoryWindow : public QWidget
{
    Q_OBJECT

public:
    explicit HistoryWindow(inbox::HistoryStore* history, QWidget* parent = nullptr);
    ~HistoryWindow() override;

    /// How many rows are listed (after filtering).
    int rowCount() const;
    /// Re-reads the store (also done when the search text changes, and on HistoryStore::changed: at most once per
    /// changeDelay while shown, a burst of thousands being one reload, and not at all while hidden).
    void reload();

    /// The Inbox's rendering options (site, user names) for the rows' plain text; defaults until set.
    void setRenderOptions(const content::RenderOptions& options);

    static constexpr int shownLimit = 500;
    static constexpr int changeDelayMs = 100;

Q_SIGNALS:
    void markReadRequested(qint64 id);
    void opened(qint64 id, const QUrl& url);
    /// "Reply…" on one selected message.
    void replyRequested(const inbox::Notification& notification);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void showEvent(QShowEvent* event) override;

private:
    void onHistoryChanged();
    void openItem(QTreeWidgetItem* item);
    void markSelectedRead();
    void updateButtons();
    /// The row's text as the notification showed it (cached by history key).
    QString plainText(const inbox::Notification& notification);

    QPointer<inbox::HistoryStore> m_history;
    QLineEdit* m_search = nullptr;
    QTreeWidget* m_list = nullptr;
    QLabel* m_empty = nullptr;
    QPushButton* m_open = nullptr;
    QPushButton* m_markRead = nullptr;
    QPushButton* m_reply = nullptr;
    QHash<qint64, inbox::Notification> m_rows; ///< the listed messages by id, for replies
    QTimer m_searchDelay;
    QTimer m_changeDelay;
    bool m_stale = false; ///< the store changed while the window was hidden
    content::RenderOptions m_renderOptions;
    QHash<qint64, QString> m_plainText;
};

} // namespace ui
