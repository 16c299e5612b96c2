// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QUrl>
#include <QWidget>

class QLabel;
class QListView;
class QPushButton;
class QStackedWidget;

namespace forum {
class UserDirectory;
}
namespace presence {
class PresenceModel;
}

namespace ui {

class AvatarCache;

/// "Online robots": a live list of the forum robots that are connected (from `lsol` and `online`/`offline`),
/// each with avatar, name and connection count; a click opens the robot's profile on the forum. Says so when no
/// robot is online, and when the user turned robot presence off (instead of showing a stale list). Created on
/// demand by the notifier, which owns it; it only observes the model.
class RobotPanel : public QWidget
{
    Q_OBJECT

public:
    RobotPanel(presence::PresenceModel* robots, forum::UserDirectory* users, AvatarCache* avatars, const QUrl& siteBase,
               QWidget* parent = nullptr);
    ~RobotPanel() override;

    void setSiteBase(const QUrl& siteBase) { m_siteBase = siteBase; }

    /// What the panel shows now.
    enum class View { List, Empty, PresenceOff };
    View view() const;

Q_SIGNALS:
    /// The "turn robot presence on" button of the "presence is off" state.
    void presenceEnableRequested();
    void profileOpened(qint64 uid, const QUrl& url);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void updateView();
    void openProfile(const QModelIndex& index);

    QPointer<presence::PresenceModel> m_robots;
    QUrl m_siteBase;
    QStackedWidget* m_stack = nullptr;
    QListView* m_list = nullptr;
    QLabel* m_emptyLabel = nullptr;
    QLabel* m_offLabel = nullptr;
    QLabel* m_header = nullptr;
};

} // namespace ui
