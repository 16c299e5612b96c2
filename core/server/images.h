// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace server {

/// Generated stand-ins for the forum's face GIFs and user avatars: coloured shapes drawn with QPainter on a
/// QImage (no text, so no fonts and no QGuiApplication needed), encoded as PNG. Deterministic per name/uid.
namespace images {

/// The faces the emulator lists in api.face.json.
QStringList faceNames();
/// The forum's file name for a face: lower-case hex of its UTF-8 bytes (content-segments §5), without ".gif".
QString faceFileName(const QString& name);
/// PNG bytes of a 32×32 face picture.
QByteArray face(const QString& name);
/// PNG bytes of a 96×96 avatar.
QByteArray avatar(qint64 uid);

} // namespace images

} // namespace server
