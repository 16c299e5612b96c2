// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/history/historywindow.h"

#include "core/inbox/historystore.h"

#include <QDesktopServices>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ui {

namespace {

enum Column { TypeColumn, SenderColumn, SummaryColumn, TimeColumn };
constexpr int idRole = Qt::UserRole + 1;
constexpr int urlRole = Qt::UserRole + 2;
constexpr int readRole = Qt::UserRole + 3;

QString timeText(const QDateTime& time)
{
    const QDateTime local = time.toLocalTime();
    if (local.date() == QDate::currentDate())
        return local.toString(u"HH:mm");
    return QLocale().toString(local, QLocale::ShortFormat);
}

} // namespace

HistoryWindow::HistoryWindow(inbox::HistoryStore* history, QWidget* parent)
    : QWidget(parent, Qt::Window)
    , m_history(history)
{
    setObjectName(QStringLiteral("historyWindow"));
    resize(720, 460);

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("historySearch"));
    m_search->setClearButtonEnabled(true);

    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("historyList"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setColumnCount(TimeColumn + 1); // before the sections are configured; labels in retranslateUi()
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(SummaryColumn, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(TypeColumn, QHeaderView::ResizeToContents);
    m_list->setColumnWidth(SenderColumn, 120);
    m_list->setColumnWidth(TimeColumn, 110);

    m_empty = new QLabel(this);
    m_empty->setObjectName(QStringLiteral("historyEmptyLabel"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);

    m_open = new QPushButton(this);
    m_open->setObjectName(QStringLiteral("historyOpenButton"));
    m_markRead = new QPushButton(this);
    m_markRead->setObjectName(QStringLiteral("historyMarkReadButton"));

    m_reply = new QPushButton(this);
    m_reply->setObjectName(QStringLiteral("historyReplyButton"));

    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_reply);
    buttons->addWidget(m_markRead);
    buttons->addWidget(m_open);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_search);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_empty, 1);
    layout->addLayout(buttons);

    // Search as the user types, but not a query per keystroke.
    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(150);
    connect(&m_searchDelay, &QTimer::timeout, this, &HistoryWindow::reload);
    connect(m_search, &QLineEdit::textChanged, &m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &HistoryWindow::reload);
    connect(m_list, &QTreeWidget::itemActivated, this, &HistoryWindow::openItem);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &HistoryWindow::updateButtons);
    connect(m_open, &QPushButton::clicked, this, [this] {
        const QList<QTreeWidgetItem*> selected = m_list->selectedItems();
        for (QTreeWidgetItem* item : selected)
            openItem(item);
    });
    connect(m_markRead, &QPushButton::clicked, this, &HistoryWindow::markSelectedRead);
    connect(m_reply, &QPushButton::clicked, this, [this] {
        const QList<QTreeWidgetItem*> selected = m_list->selectedItems();
        if (selected.size() == 1) {
            const auto row = m_rows.constFind(selected.first()->data(TypeColumn, idRole).toLongLong());
            if (row != m_rows.cend())
                emit replyRequested(*row);
        }
    });
    m_changeDelay.setSingleShot(true);
    m_changeDelay.setInterval(changeDelayMs);
    connect(&m_changeDelay, &QTimer::timeout, this, &HistoryWindow::reload);
    if (m_history)
        connect(m_history, &inbox::HistoryStore::changed, this, &HistoryWindow::onHistoryChanged);
    retranslateUi(); // sets the texts and loads the rows
}

HistoryWindow::~HistoryWindow() = default;

void HistoryWindow::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

void HistoryWindow::retranslateUi()
{
    setWindowTitle(tr("History — hu60 Notifier"));
    m_search->setPlaceholderText(tr("Search by sender or text"));
    m_list->setHeaderLabels({tr("Type"), tr("From"), tr("Message"), tr("Received")});
    m_open->setText(tr("Open"));
    m_markRead->setText(tr("Mark read"));
    m_reply->setText(tr("Reply…"));
    m_plainText.clear(); // rendered texts may hold words of the old language (an image's placeholder)
    reload();            // the rows' type and sender texts, and the empty-list text
}

void HistoryWindow::onHistoryChanged()
{
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    // Not restarted by later changes: a long burst still shows its progress every changeDelayMs.
    if (!m_changeDelay.isActive())
        m_changeDelay.start();
}

void HistoryWindow::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale)
        reload();
}

int HistoryWindow::rowCount() const
{
    return m_list->topLevelItemCount();
}

void HistoryWindow::reload()
{
    m_searchDelay.stop();
    m_changeDelay.stop();
    m_stale = false;
    // Keep the selection across reloads (a new message must not steal it).
    QList<qint64> selectedIds;
    const QList<QTreeWidgetItem*> selected = m_list->selectedItems();
    for (QTreeWidgetItem* item : selected)
        selectedIds.append(item->data(TypeColumn, idRole).toLongLong());

    m_list->clear();
    const QList<inbox::Notification> items =
        m_history ? m_history->list(m_search->text().trimmed(), shownLimit) : QList<inbox::Notification>();
    QList<QTreeWidgetItem*> rows;
    rows.reserve(items.size());
    m_rows.clear();
    for (const inbox::Notification& n : items) {
        if (!n.isSummary() && n.byuid != 0)
            m_rows.insert(n.id, n);
        auto* row = new QTreeWidgetItem;
        row->setText(TypeColumn, n.type == 1 ? tr("@") : tr("Inbox"));
        row->setIcon(TypeColumn,
                     QIcon(n.type == 1 ? QStringLiteral(":/icons/mention.svg") : QStringLiteral(":/icons/inbox.svg")));
        QString sender = n.senderName;
        if (sender.isEmpty())
            sender = n.isSummary() ? tr("hu60") : tr("User #%1").arg(n.byuid);
        row->setText(SenderColumn, sender);
        const QString text = plainText(n);
        row->setText(SummaryColumn, text);
        row->setToolTip(SummaryColumn, text);
        row->setText(TimeColumn, timeText(n.receivedAt));
        row->setToolTip(TimeColumn, QLocale().toString(n.receivedAt.toLocalTime(), QLocale::LongFormat));
        row->setData(TypeColumn, idRole, n.id);
        row->setData(TypeColumn, urlRole, n.url);
        row->setData(TypeColumn, readRole, n.read);
        if (!n.read) {
            QFont font = m_list->font();
            font.setBold(true);
            for (int column = 0; column <= TimeColumn; ++column)
                row->setFont(column, font);
        }
        rows.append(row);
    }
    m_list->addTopLevelItems(rows);
    for (QTreeWidgetItem* row : std::as_const(rows)) {
        if (selectedIds.contains(row->data(TypeColumn, idRole).toLongLong()))
            row->setSelected(true);
    }
    const bool empty = rows.isEmpty();
    m_list->setVisible(!empty);
    m_empty->setVisible(empty);
    m_empty->setText(m_search->text().trimmed().isEmpty()
                         ? tr("Nothing received yet. New messages and @ mentions will be listed here.")
                         : tr("No notification matches “%1”.").arg(m_search->text().trimmed()));
    updateButtons();
}

void HistoryWindow::setRenderOptions(const content::RenderOptions& options)
{
    m_renderOptions = options;
    m_plainText.clear();
    if (isVisible())
        reload();
    else
        m_stale = true;
}

QString HistoryWindow::plainText(const inbox::Notification& n)
{
    // Summaries and the app's notices have no content: their stored text is already plain.
    if (n.isSummary() || n.content.isEmpty())
        return n.summary;
    const qint64 key = n.historyKey != 0 ? n.historyKey : n.id;
    if (const auto cached = m_plainText.constFind(key); cached != m_plainText.cend())
        return *cached;
    // Bounded by what a few searches list; starting over only costs one more rendering of the visible rows.
    if (m_plainText.size() > 4 * shownLimit)
        m_plainText.clear();
    const QString text = content::render(n.content, n.id, n.type, m_renderOptions).summary;
    m_plainText.insert(key, text);
    return text;
}

void HistoryWindow::openItem(QTreeWidgetItem* item)
{
    if (!item)
        return;
    const qint64 id = item->data(TypeColumn, idRole).toLongLong();
    const QUrl url = item->data(TypeColumn, urlRole).toUrl();
    emit opened(id, url);
    if (url.isValid())
        QDesktopServices::openUrl(url);
    if (!item->data(TypeColumn, readRole).toBool() && id != 0)
        emit markReadRequested(id);
}

void HistoryWindow::markSelectedRead()
{
    const QList<QTreeWidgetItem*> selected = m_list->selectedItems();
    for (QTreeWidgetItem* item : selected) {
        const qint64 id = item->data(TypeColumn, idRole).toLongLong();
        if (!item->data(TypeColumn, readRole).toBool())
            emit markReadRequested(id);
    }
}

void HistoryWindow::updateButtons()
{
    const QList<QTreeWidgetItem*> selected = m_list->selectedItems();
    m_open->setEnabled(!selected.isEmpty());
    bool anyUnread = false;
    for (QTreeWidgetItem* item : selected)
        anyUnread = anyUnread || !item->data(TypeColumn, readRole).toBool();
    m_markRead->setEnabled(anyUnread);
    m_reply->setEnabled(selected.size() == 1 &&
                        m_rows.contains(selected.first()->data(TypeColumn, idRole).toLongLong()));
}

} // namespace ui
