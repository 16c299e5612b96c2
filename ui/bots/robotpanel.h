// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QUrl>
#include <QWidget>

class QComboBox;
class QLabel;
class QListView;
class QPlainTextEdit;
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
/// demand by the notifier, which owns it; it only observes the model. Below the list: ask an online robot a
/// question (askRequested; the notifier posts it the forum's way and reports back with askFinished()). The text
/// stays until the forum took it.
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

    /// The forum's answer to the last askRequested: on success the question is cleared, otherwise it stays with
    /// `message` (the reason) shown; asking is possible again either way.
    void askFinished(bool sent, const QString& message);
    /// The robot the question goes to (0 when none is online) and the question as typed.
    qint64 askedRobot() const;
    QString question() const;

Q_SIGNALS:
    /// The "turn robot presence on" button of the "presence is off" state.
    void presenceEnableRequested();
    void profileOpened(qint64 uid, const QUrl& url);
    /// "Ask" with a question for the robot `uid` (one at a time: the button waits for askFinished()).
    void askRequested(qint64 uid, const QString& question);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void updateView();
    void openProfile(const QModelIndex& index);
    void updateRobotChoice();
    void ask();
    bool eventFilter(QObject* watched, QEvent* event) override;

    QPointer<presence::PresenceModel> m_robots;
    QUrl m_siteBase;
    QStackedWidget* m_stack = nullptr;
    QListView* m_list = nullptr;
    QLabel* m_emptyLabel = nullptr;
    QLabel* m_offLabel = nullptr;
    QLabel* m_header = nullptr;
    QWidget* m_askBox = nullptr;
    QComboBox* m_askRobot = nullptr;
    QPlainTextEdit* m_askText = nullptr;
    QPushButton* m_askButton = nullptr;
    QLabel* m_askStatus = nullptr;
    QPointer<forum::UserDirectory> m_users;
    bool m_asking = false;
};

} // namespace ui
