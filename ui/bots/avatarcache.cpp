// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/bots/avatarcache.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPainter>
#include <QPainterPath>

namespace ui {

namespace {

// Avatars are small; anything bigger is not an avatar and not worth the memory.
constexpr qint64 maxAvatarBytes = 512 * 1024;

QPixmap rounded(const QImage& image, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    QPainterPath clip;
    clip.addEllipse(QRectF(0, 0, size, size));
    painter.setClipPath(clip);
    painter.drawImage(QRect(0, 0, size, size),
                      image.scaled(size, size, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation));
    return pixmap;
}

} // namespace

AvatarCache::AvatarCache(QNetworkAccessManager* network, QObject* parent)
    : QObject(parent)
    , m_network(network)
{
}

QPixmap AvatarCache::placeholder(qint64 uid, const QString& name, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    // A stable colour per uid, so the same robot always looks the same.
    painter.setBrush(QColor::fromHsv(int((uid < 0 ? -uid : uid) * 47 % 360), 110, 200));
    painter.setPen(Qt::NoPen);
    painter.drawEllipse(QRectF(0, 0, size, size));
    QFont font = painter.font();
    font.setPixelSize(size / 2);
    font.setBold(true);
    painter.setFont(font);
    painter.setPen(Qt::white);
    painter.drawText(QRect(0, 0, size, size), Qt::AlignCenter, name.isEmpty() ? QStringLiteral("#") : name.left(1));
    return pixmap;
}

QPixmap AvatarCache::avatar(qint64 uid, const QUrl& url, const QString& name, int size)
{
    const auto it = m_images.constFind(uid);
    if (it != m_images.cend())
        return rounded(*it, size);
    if (url.isValid() && !url.isEmpty() && !m_requested.contains(url))
        fetch(uid, url);
    return placeholder(uid, name, size);
}

void AvatarCache::fetch(qint64 uid, const QUrl& url)
{
    if (!m_network || (url.scheme() != u"http" && url.scheme() != u"https"))
        return;
    m_requested.insert(url);
    QNetworkRequest request(url);
    request.setTransferTimeout(15000);
    QNetworkReply* reply = m_network->get(request);
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > maxAvatarBytes)
            reply->abort();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, uid] {
        reply->deleteLater();
        if (reply->error() != QNetworkReply::NoError)
            return;
        QImage image;
        if (!image.loadFromData(reply->read(maxAvatarBytes)) || image.isNull())
            return;
        m_images.insert(uid, image);
        emit avatarLoaded(uid);
    });
}

} // namespace ui
