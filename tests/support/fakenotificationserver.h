// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDBusContext>
#include <QDBusError>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QVariantMap>

/// One Notify call as the fake server saw it.
struct NotifyCall
{
    QString appName;
    uint replacesId = 0;
    QString icon;
    QString summary;
    QString body;
    QStringList actions;
    QVariantMap hints;
    int timeout = 0;
    uint id = 0;
};

/// A stand-in for a desktop's notification daemon, registered on a private bus: records what it is asked, can
/// refuse calls, and can keep only a few notifications like GNOME Shell (which drops the oldest, unseen).
class FakeNotificationServer
    : public QObject
    , protected QDBusContext
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    QStringList capabilities;
    QList<NotifyCall> calls;
    QList<uint> closed;
    uint nextId = 1;
    int failNotify = 0; ///< refuse this many Notify calls (org.freedesktop.DBus.Error.Failed)
    int keep = 0;       ///< keep at most this many (0: all); older ones fall out unseen, as on GNOME
    QList<uint> visible;
    QList<uint> dropped;

    /// The last call that showed notification `id`.
    NotifyCall lastFor(uint id) const
    {
        for (auto it = calls.crbegin(); it != calls.crend(); ++it) {
            if (it->id == id)
                return *it;
        }
        return {};
    }

public Q_SLOTS:
    QStringList GetCapabilities() { return capabilities; }
    uint Notify(const QString& appName, uint replacesId, const QString& icon, const QString& summary,
                const QString& body, const QStringList& actions, const QVariantMap& hints, int timeout)
    {
        if (failNotify > 0) {
            --failNotify;
            sendErrorReply(QDBusError::Failed, QStringLiteral("refused by the test"));
            return 0;
        }
        const bool replaces = replacesId != 0 && visible.contains(replacesId);
        const uint id = replaces ? replacesId : nextId++;
        calls.append({appName, replacesId, icon, summary, body, actions, hints, timeout, id});
        if (!replaces) {
            visible.append(id);
            if (keep > 0 && visible.size() > keep)
                dropped.append(visible.takeFirst());
        }
        return id;
    }
    void CloseNotification(uint id)
    {
        closed.append(id);
        visible.removeOne(id);
    }
    QString GetServerInformation(QString& vendor, QString& version, QString& specVersion)
    {
        vendor = QStringLiteral("hu60-tests");
        version = QStringLiteral("1");
        specVersion = QStringLiteral("1.2");
        return QStringLiteral("fake");
    }
};

/// What real servers answer to GetCapabilities (../shared/desktops.md, measured on Debian 12).
inline QStringList capabilitiesOf(const QString& server)
{
    if (server == u"mako") {
        return {QStringLiteral("body"),
                QStringLiteral("body-markup"),
                QStringLiteral("actions"),
                QStringLiteral("icon-static"),
                QStringLiteral("x-canonical-private-synchronous"),
                QStringLiteral("x-dunst-stack-tag")};
    }
    if (server == u"kde") {
        return {QStringLiteral("body"),
                QStringLiteral("body-hyperlinks"),
                QStringLiteral("body-markup"),
                QStringLiteral("body-images"),
                QStringLiteral("icon-static"),
                QStringLiteral("actions"),
                QStringLiteral("persistence"),
                QStringLiteral("inline-reply"),
                QStringLiteral("x-kde-urls"),
                QStringLiteral("x-kde-origin-name"),
                QStringLiteral("x-kde-display-appname"),
                QStringLiteral("inhibitions")};
    }
    if (server == u"gnome") {
        return {QStringLiteral("actions"),     QStringLiteral("body"),        QStringLiteral("body-markup"),
                QStringLiteral("icon-static"), QStringLiteral("persistence"), QStringLiteral("sound")};
    }
    return {QStringLiteral("body")};
}
