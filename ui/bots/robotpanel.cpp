// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/bots/robotpanel.h"

#include "core/content/content.h"
#include "core/forum/userdirectory.h"
#include "core/presence/presencemodel.h"
#include "ui/bots/avatarcache.h"
#include "ui/bots/robotdelegate.h"

#include <QDesktopServices>
#include <QEvent>
#include <QLabel>
#include <QListView>
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

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_header);
    layout->addWidget(m_stack);

    if (robots) {
        connect(robots, &QAbstractItemModel::modelReset, this, &RobotPanel::updateView);
        connect(robots, &QAbstractItemModel::rowsInserted, this, &RobotPanel::updateView);
        connect(robots, &QAbstractItemModel::rowsRemoved, this, &RobotPanel::updateView);
        connect(robots, &QAbstractItemModel::dataChanged, this, &RobotPanel::updateView);
        connect(robots, &presence::PresenceModel::enabledChanged, this, &RobotPanel::updateView);
    }
    // New names and avatars arrive after the rows: repaint then.
    if (users)
        connect(users, &forum::UserDirectory::userResolved, m_list->viewport(), qOverload<>(&QWidget::update));
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
