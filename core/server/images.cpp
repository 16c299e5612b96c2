// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/images.h"

#include <QBuffer>
#include <QColor>
#include <QCryptographicHash>
#include <QImage>
#include <QPainter>
#include <QPainterPath>

namespace server::images {

namespace {

QByteArray png(const QImage& image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

QColor colourFor(const QByteArray& seed, int offset)
{
    const QByteArray hash = QCryptographicHash::hash(seed, QCryptographicHash::Sha1);
    const int hue = (static_cast<unsigned char>(hash.at(offset)) * 360) / 256;
    return QColor::fromHsv(hue, 170, 230);
}

} // namespace

QStringList faceNames()
{
    return {QStringLiteral("滑稽"), QStringLiteral("哈哈"), QStringLiteral("喷"),   QStringLiteral("不高兴"),
            QStringLiteral("ok"),   QStringLiteral("大笑"), QStringLiteral("吐舌"), QStringLiteral("冷"),
            QStringLiteral("惊讶"), QStringLiteral("怒"),   QStringLiteral("酷"),   QStringLiteral("汗")};
}

QString faceFileName(const QString& name)
{
    return QString::fromLatin1(name.toUtf8().toHex());
}

QByteArray face(const QString& name)
{
    const QByteArray seed = name.toUtf8();
    QImage image(32, 32, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(QColor(60, 60, 60), 1.5));
    painter.setBrush(colourFor(seed, 0));
    painter.drawEllipse(QRectF(2, 2, 28, 28));
    painter.setBrush(QColor(40, 40, 40));
    painter.drawEllipse(QRectF(10, 11, 4, 5));
    painter.drawEllipse(QRectF(18, 11, 4, 5));
    QPainterPath mouth;
    const qreal curve =
        (static_cast<unsigned char>(QCryptographicHash::hash(seed, QCryptographicHash::Md5).at(0)) % 2) ? 27 : 19;
    mouth.moveTo(10, 21);
    mouth.quadTo(16, curve, 22, 21);
    painter.setBrush(Qt::NoBrush);
    painter.drawPath(mouth);
    painter.end();
    return png(image);
}

QByteArray avatar(qint64 uid)
{
    const QByteArray seed = QByteArray::number(uid);
    QImage image(96, 96, QImage::Format_RGB32);
    image.fill(colourFor(seed, 1).lighter(130));
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colourFor(seed, 2).darker(uid < 0 ? 150 : 110));
    if (uid < 0) {
        // Robots: a square head with an antenna.
        painter.drawRoundedRect(QRectF(22, 28, 52, 46), 8, 8);
        painter.drawRect(QRectF(46, 14, 4, 14));
        painter.drawEllipse(QRectF(42, 8, 12, 12));
        painter.setBrush(Qt::white);
        painter.drawEllipse(QRectF(32, 40, 12, 12));
        painter.drawEllipse(QRectF(52, 40, 12, 12));
    } else {
        // People: head and shoulders.
        painter.drawEllipse(QRectF(30, 14, 36, 36));
        painter.drawEllipse(QRectF(14, 56, 68, 60));
    }
    painter.end();
    return png(image);
}

} // namespace server::images
