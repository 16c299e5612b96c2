// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QStyledItemDelegate>

namespace forum {
class UserDirectory;
}

namespace ui {

class AvatarCache;

/// Draws one online robot: avatar, name and connection count. Owned by the robot panel's list view.
class RobotDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    RobotDelegate(AvatarCache* avatars, forum::UserDirectory* users, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    static constexpr int avatarSize = 36;

private:
    QPointer<AvatarCache> m_avatars;
    QPointer<forum::UserDirectory> m_users;
};

} // namespace ui
