// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QObject>
#include <QPixmap>
#include <QSet>
#include <QUrl>

class QNetworkAccessManager;

namespace ui {

/// Downloads user avatars once and keeps them in memory, scaled to the size the views draw. Until an avatar has
/// arrived (or when there is none) views get a coloured circle with the name's first letter. Owned by the
/// notifier; shared by the robot panel.
class AvatarCache : public QObject
{
    Q_OBJECT

public:
    explicit AvatarCache(QNetworkAccessManager* network, QObject* parent = nullptr);

    /// The cached avatar, or a placeholder; starts a download of `url` the first time it is seen.
    QPixmap avatar(qint64 uid, const QUrl& url, const QString& name, int size);
    bool hasAvatar(qint64 uid) const { return m_images.contains(uid); }

    static QPixmap placeholder(qint64 uid, const QString& name, int size);

Q_SIGNALS:
    void avatarLoaded(qint64 uid);

private:
    void fetch(qint64 uid, const QUrl& url);

    QNetworkAccessManager* m_network;
    QHash<qint64, QImage> m_images;
    QSet<QUrl> m_requested;
};

} // namespace ui
