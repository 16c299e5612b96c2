// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/presence/presencemodel.h"

#include <algorithm>

namespace presence {

PresenceModel::PresenceModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

int PresenceModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_uids.size());
}

QVariant PresenceModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const qint64 uid = m_uids.at(index.row());
    switch (role) {
    case Qt::DisplayRole: {
        const QString name = m_names.value(uid);
        return name.isEmpty() ? QStringLiteral("#%1").arg(uid) : name;
    }
    case UidRole:
        return uid;
    case CountRole:
        return m_counts.value(uid);
    case NameRole:
        return m_names.value(uid);
    default:
        return {};
    }
}

QHash<int, QByteArray> PresenceModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(UidRole, "uid");
    names.insert(CountRole, "count");
    names.insert(NameRole, "name");
    return names;
}

void PresenceModel::setEnabled(bool enabled)
{
    if (m_enabled == enabled)
        return;
    m_enabled = enabled;
    if (!enabled)
        clear();
    emit enabledChanged(enabled);
}

qsizetype PresenceModel::rowFor(qint64 uid) const
{
    const auto it = std::lower_bound(m_uids.cbegin(), m_uids.cend(), uid, std::greater<>());
    return (it != m_uids.cend() && *it == uid) ? it - m_uids.cbegin() : -1;
}

void PresenceModel::setOnlineList(const QMap<qint64, int>& online)
{
    if (!m_enabled)
        return;
    beginResetModel();
    m_uids.clear();
    m_counts.clear();
    for (auto it = online.begin(); it != online.end(); ++it) {
        if (it.value() > 0) {
            m_uids.append(it.key());
            m_counts.insert(it.key(), it.value());
        }
    }
    std::sort(m_uids.begin(), m_uids.end(), std::greater<>());
    endResetModel();
    emit onlineCountChanged();
}

void PresenceModel::setCount(qint64 uid, int count)
{
    if (!m_enabled)
        return;
    const qsizetype row = rowFor(uid);
    if (count <= 0) {
        if (row < 0)
            return;
        beginRemoveRows({}, int(row), int(row));
        m_uids.removeAt(row);
        m_counts.remove(uid);
        endRemoveRows();
        emit onlineCountChanged();
        return;
    }
    if (row >= 0) {
        m_counts.insert(uid, count);
        const QModelIndex changed = index(int(row));
        emit dataChanged(changed, changed, {CountRole});
        return;
    }
    const auto it = std::lower_bound(m_uids.cbegin(), m_uids.cend(), uid, std::greater<>());
    const int insertAt = int(it - m_uids.cbegin());
    beginInsertRows({}, insertAt, insertAt);
    m_uids.insert(insertAt, uid);
    m_counts.insert(uid, count);
    endInsertRows();
    emit onlineCountChanged();
}

void PresenceModel::setName(qint64 uid, const QString& name)
{
    if (m_names.value(uid) == name)
        return;
    m_names.insert(uid, name);
    const qsizetype row = rowFor(uid);
    if (row >= 0) {
        const QModelIndex changed = index(int(row));
        emit dataChanged(changed, changed, {Qt::DisplayRole, NameRole});
    }
}

void PresenceModel::clear()
{
    if (m_uids.isEmpty())
        return;
    beginResetModel();
    m_uids.clear();
    m_counts.clear();
    endResetModel();
    emit onlineCountChanged();
}

} // namespace presence
