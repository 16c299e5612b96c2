// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/bots/robotpanel.h"

#include "core/content/content.h"
#include "core/forum/userdirectory.h"
#include "core/presence/presencemodel.h"
#include "ui/bots/avatarcache.h"
#include "ui/bots/robotdelegate.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace ui {

namespace {

QLabel* stateLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setMargin(24);
    return label;
}

} // namespace

RobotPanel::RobotPanel(presence::PresenceModel* robots, forum::UserDirectory* users, AvatarCache* avatars,
                       const QUrl& siteBase, QWidget* parent)
    : QWidget(parent, Qt::Window)
    , m_robots(robots)
    , m_siteBase(siteBase)
    , m_users(users)
{
    setObjectName(QStringLiteral("robotPanel"));
    resize(340, 420);

    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("robotHeader"));
    m_header->setMargin(6);

    m_list = new QListView(this);
    m_list->setObjectName(QStringLiteral("robotList"));
    m_list->setModel(robots);
    m_list->setItemDelegate(new RobotDelegate(avatars, users, m_list));
    m_list->setUniformItemSizes(true);
    m_list->setMouseTracking(true);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(m_list, &QListView::clicked, this, &RobotPanel::openProfile);

    m_emptyLabel = stateLabel(QStringLiteral("robotEmptyLabel"), this);

    auto* offPage = new QWidget(this);
    m_offLabel = stateLabel(QStringLiteral("robotOffLabel"), offPage);
    auto* enable = new QPushButton(offPage);
    enable->setObjectName(QStringLiteral("robotEnableButton"));
    connect(enable, &QPushButton::clicked, this, &RobotPanel::presenceEnableRequested);
    auto* offLayout = new QVBoxLayout(offPage);
    offLayout->addStretch();
    offLayout->addWidget(m_offLabel);
    offLayout->addWidget(enable, 0, Qt::AlignHCenter);
    offLayout->addStretch();

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_list);
    m_stack->addWidget(m_emptyLabel);
    m_stack->addWidget(offPage);

    m_askBox = new QWidget(this);
    m_askBox->setObjectName(QStringLiteral("robotAskBox"));
    m_askRobot = new QComboBox(m_askBox);
    m_askRobot->setObjectName(QStringLiteral("robotAskRobot"));
    m_askText = new QPlainTextEdit(m_askBox);
    m_askText->setObjectName(QStringLiteral("robotAskText"));
    m_askText->setTabChangesFocus(true);
    m_askText->setMaximumHeight(m_askText->fontMetrics().lineSpacing() * 4 + 12);
    m_askText->installEventFilter(this);
    m_askButton = new QPushButton(m_askBox);
    m_askButton->setObjectName(QStringLiteral("robotAskButton"));
    m_askStatus = new QLabel(m_askBox);
    m_askStatus->setObjectName(QStringLiteral("robotAskStatus"));
    m_askStatus->setWordWrap(true);
    connect(m_askButton, &QPushButton::clicked, this, &RobotPanel::ask);
    connect(m_askText, &QPlainTextEdit::textChanged, this, &RobotPanel::updateRobotChoice);
    auto* askRow = new QHBoxLayout;
    askRow->addWidget(m_askRobot, 1);
    askRow->addWidget(m_askButton);
    auto* askLayout = new QVBoxLayout(m_askBox);
    askLayout->setContentsMargins(6, 0, 6, 6);
    askLayout->addLayout(askRow);
    askLayout->addWidget(m_askText);
    askLayout->addWidget(m_askStatus);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_header);
    layout->addWidget(m_stack);
    layout->addWidget(m_askBox);

    if (robots) {
        connect(robots, &QAbstractItemModel::modelReset, this, &RobotPanel::updateView);
        connect(robots, &QAbstractItemModel::rowsInserted, this, &RobotPanel::updateView);
        connect(robots, &QAbstractItemModel::rowsRemoved, this, &RobotPanel::updateView);
        connect(robots, &QAbstractItemModel::dataChanged, this, &RobotPanel::updateView);
        connect(robots, &presence::PresenceModel::enabledChanged, this, &RobotPanel::updateView);
    }
    // New names and avatars arrive after the rows: repaint then.
    if (users) {
        connect(users, &forum::UserDirectory::userResolved, m_list->viewport(), qOverload<>(&QWidget::update));
        connect(users, &forum::UserDirectory::userResolved, this, &RobotPanel::updateRobotChoice);
    }
    if (avatars)
        connect(avatars, &AvatarCache::avatarLoaded, m_list->viewport(), qOverload<>(&QWidget::update));
    retranslateUi();
}

RobotPanel::~RobotPanel() = default;

void RobotPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

void RobotPanel::retranslateUi()
{
    setWindowTitle(tr("Online robots — hu60 Notifier"));
    m_list->setToolTip(tr("Click a robot to open its profile on the forum"));
    m_emptyLabel->setText(tr("No robot is online right now.\nRobots appear here the moment they connect."));
    m_offLabel->setText(tr("Robot presence is turned off, so this list is not kept up to date.\n"
                           "Turn it on to see which robots are online."));
    if (auto* enable = findChild<QPushButton*>(QStringLiteral("robotEnableButton")))
        enable->setText(tr("Turn robot presence on"));
    m_askButton->setText(tr("Ask"));
    m_askRobot->setAccessibleName(tr("Robot to ask"));
    m_askText->setAccessibleName(tr("Question"));
    m_askText->setPlaceholderText(tr("Ask the robot a question (Markdown; Ctrl+Enter sends). The answer arrives as "
                                     "an @ message."));
    updateView(); // the header
}

RobotPanel::View RobotPanel::view() const
{
    switch (m_stack->currentIndex()) {
    case 0:
        return View::List;
    case 1:
        return View::Empty;
    default:
        return View::PresenceOff;
    }
}

void RobotPanel::updateView()
{
    const bool enabled = m_robots && m_robots->isEnabled();
    const int count = m_robots ? m_robots->rowCount() : 0;
    if (!enabled) {
        m_stack->setCurrentIndex(2);
        m_header->setText(tr("Robot presence is off"));
        return;
    }
    m_stack->setCurrentIndex(count > 0 ? 0 : 1);
    m_header->setText(tr("%n robot(s) online", nullptr, count));
    updateRobotChoice();
}

void RobotPanel::updateRobotChoice()
{
    // The robots online, by name; the one chosen stays chosen while it is online.
    const qint64 chosen = askedRobot();
    const bool enabled = m_robots && m_robots->isEnabled();
    QList<std::pair<qint64, QString>> robots;
    for (int row = 0; enabled && row < m_robots->rowCount(); ++row) {
        const QModelIndex index = m_robots->index(row, 0);
        const qint64 uid = index.data(presence::PresenceModel::UidRole).toLongLong();
        QString name = index.data(presence::PresenceModel::NameRole).toString();
        if (name.isEmpty() && m_users)
            name = m_users->name(uid);
        robots.append({uid, name.isEmpty() ? tr("Robot %1").arg(uid) : name});
    }
    bool same = robots.size() == m_askRobot->count();
    for (int i = 0; same && i < robots.size(); ++i)
        same = m_askRobot->itemData(i).toLongLong() == robots.at(i).first &&
               m_askRobot->itemText(i) == robots.at(i).second;
    if (!same) {
        m_askRobot->clear();
        for (const auto& [uid, name] : robots)
            m_askRobot->addItem(name, uid);
        if (const int again = m_askRobot->findData(chosen); again >= 0)
            m_askRobot->setCurrentIndex(again);
    }
    m_askBox->setVisible(enabled);
    m_askRobot->setEnabled(!robots.isEmpty() && !m_asking);
    m_askButton->setEnabled(!robots.isEmpty() && !m_asking && !m_askText->toPlainText().trimmed().isEmpty());
}

qint64 RobotPanel::askedRobot() const
{
    return m_askRobot->currentData().toLongLong();
}

QString RobotPanel::question() const
{
    return m_askText->toPlainText();
}

void RobotPanel::ask()
{
    const qint64 robot = askedRobot();
    const QString text = question();
    if (m_asking || robot == 0 || text.trimmed().isEmpty())
        return;
    m_asking = true;
    m_askText->setReadOnly(true);
    m_askStatus->setText(tr("Asking %1…").arg(m_askRobot->currentText()));
    updateRobotChoice();
    emit askRequested(robot, text);
}

void RobotPanel::askFinished(bool sent, const QString& message)
{
    m_asking = false;
    m_askText->setReadOnly(false);
    if (sent)
        m_askText->clear();
    m_askStatus->setText(message);
    updateRobotChoice();
}

bool RobotPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_askText && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
            key->modifiers().testFlag(Qt::ControlModifier)) {
            ask();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void RobotPanel::openProfile(const QModelIndex& index)
{
    if (!index.isValid())
        return;
    const qint64 uid = index.data(presence::PresenceModel::UidRole).toLongLong();
    const QUrl url = content::userUrl(uid, m_siteBase);
    emit profileOpened(uid, url);
    QDesktopServices::openUrl(url);
}

} // namespace ui
