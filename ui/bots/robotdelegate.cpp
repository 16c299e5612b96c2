// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/bots/robotdelegate.h"

#include "core/forum/userdirectory.h"
#include "core/presence/presencemodel.h"
#include "ui/bots/avatarcache.h"

#include <QApplication>
#include <QPainter>

namespace ui {

namespace {
constexpr int margin = 8;
}

RobotDelegate::RobotDelegate(AvatarCache* avatars, forum::UserDirectory* users, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_avatars(avatars)
    , m_users(users)
{
}

QSize RobotDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    Q_UNUSED(index)
    const int textHeight = option.fontMetrics.height() * 2 + 2;
    return {240, qMax(avatarSize, textHeight) + 2 * margin};
}

void RobotDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    // Background, selection and hover as the platform draws them; our content on top.
    opt.text.clear();
    opt.icon = QIcon();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const qint64 uid = index.data(presence::PresenceModel::UidRole).toLongLong();
    const int count = index.data(presence::PresenceModel::CountRole).toInt();
    const QString name = index.data(Qt::DisplayRole).toString();
    const QUrl avatarUrl = m_users ? m_users->avatar(uid) : QUrl();

    const QRect r = option.rect.adjusted(margin, margin, -margin, -margin);
    const QRect avatarRect(r.left(), r.top() + (r.height() - avatarSize) / 2, avatarSize, avatarSize);
    const QPixmap pixmap =
        m_avatars
            ? m_avatars->avatar(uid, avatarUrl, index.data(presence::PresenceModel::NameRole).toString(), avatarSize)
            : AvatarCache::placeholder(uid, name, avatarSize);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->drawPixmap(avatarRect, pixmap);
    // A green dot: online.
    painter->setPen(QPen(option.palette.color(QPalette::Base), 2));
    painter->setBrush(QColor(0x2e, 0xb8, 0x5c));
    painter->drawEllipse(QRect(avatarRect.right() - 10, avatarRect.bottom() - 10, 11, 11));

    const bool selected = option.state & QStyle::State_Selected;
    const QColor text = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    QColor sub = text;
    sub.setAlphaF(0.65f);
    const QRect textRect = r.adjusted(avatarSize + margin + 2, 0, 0, 0);
    QFont bold = option.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(text);
    const QFontMetrics boldMetrics(bold);
    const int lineHeight = boldMetrics.height();
    const int top = textRect.top() + (textRect.height() - 2 * lineHeight - 2) / 2;
    painter->drawText(QRect(textRect.left(), top, textRect.width(), lineHeight), Qt::AlignLeft | Qt::AlignVCenter,
                      boldMetrics.elidedText(name, Qt::ElideRight, textRect.width()));
    painter->setFont(option.font);
    painter->setPen(sub);
    const QString details = RobotDelegate::tr("uid %1 · %n connection(s)", nullptr, count).arg(uid);
    painter->drawText(QRect(textRect.left(), top + lineHeight + 2, textRect.width(), lineHeight),
                      Qt::AlignLeft | Qt::AlignVCenter, details);
    painter->restore();
}

} // namespace ui
