// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractListModel>
#include <QMap>

namespace presence {

/// The forum robots that are online, fed by `lsol` replies (replace everything) and live `online`/`offline`
/// events (set the count; a count of 0 removes the robot, spec §6.2). Rows are sorted by uid, descending
/// (-50 before -150), as the forum lists robots. Owned by the notifier; views only observe it.
class PresenceModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int onlineCount READ rowCount NOTIFY onlineCountChanged)
    Q_PROPERTY(bool enabled READ isEnabled WRITE setEnabled NOTIFY enabledChanged)

public:
    enum Role {
        UidRole = Qt::UserRole + 1, ///< qint64, negative
        CountRole,                  ///< int, connections (lsol counts may include dead slots)
        NameRole,                   ///< QString, empty until resolved
    };
    Q_ENUM(Role)

    explicit PresenceModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// When presence is turned off the model empties and ignores events, so no stale list is shown.
    bool isEnabled() const { return m_enabled; }
    void setEnabled(bool enabled);

    void setOnlineList(const QMap<qint64, int>& online);
    void setCount(qint64 uid, int count);
    void setName(qint64 uid, const QString& name);
    /// Forget everything (e.g. the connection dropped: the list is unknown until the next lsol).
    void clear();

    QList<qint64> uids() const { return m_uids; }
    int count(qint64 uid) const { return m_counts.value(uid); }

Q_SIGNALS:
    void onlineCountChanged();
    void enabledChanged(bool enabled);

private:
    qsizetype rowFor(qint64 uid) const;

    QList<qint64> m_uids; ///< sorted descending
    QMap<qint64, int> m_counts;
    QMap<qint64, QString> m_names;
    bool m_enabled = true;
};

} // namespace presence
