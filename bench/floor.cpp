// SPDX-License-Identifier: GPL-3.0-or-later
// hu60-floor: the least a Qt tray program holding one push connection can cost. A QApplication, a tray icon and
// one QWebSocket with the sid in a header, answering nothing but sending the same keep-alive ping as PushClient
// (every 60 s). The tray app's idle RSS and start-up time are judged against this floor, measured in the same run.
// Usage: HU60_SID=… hu60-floor ws://127.0.0.1:PORT/ws/msg
#include <QApplication>
#include <QIcon>
#include <QMenu>
#include <QNetworkRequest>
#include <QPainter>
#include <QPixmap>
#include <QSystemTrayIcon>
#include <QTextStream>
#include <QTimer>
#include <QWebSocket>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setQuitOnLastWindowClosed(false);
    const QStringList arguments = QApplication::arguments();
    if (arguments.size() != 2) {
        QTextStream(stderr) << "usage: HU60_SID=... hu60-floor ws://HOST:PORT/ws/msg\n";
        return 2;
    }

    // A drawn icon, as small as a tray icon gets; the real app loads SVGs, which is part of what it costs.
    QPixmap pixmap(22, 22);
    pixmap.fill(Qt::transparent);
    QPainter(&pixmap).fillRect(4, 4, 14, 14, Qt::darkGreen);
    QSystemTrayIcon tray{QIcon(pixmap)};
    QMenu menu;
    menu.addAction(QApplication::translate("floor", "Quit"), &app, &QApplication::quit);
    tray.setContextMenu(&menu);
    // Offscreen has no tray and show() would warn there.
    if (QSystemTrayIcon::isSystemTrayAvailable())
        tray.show();

    QNetworkRequest request(QUrl(arguments.at(1)));
    const QByteArray sid = qgetenv("HU60_SID");
    request.setRawHeader("x-sid", sid);
    request.setRawHeader("Cookie", "hu60_sid=" + sid);
    QWebSocket socket;
    QTimer ping;
    ping.setInterval(60'000);
    QObject::connect(&ping, &QTimer::timeout, &socket,
                     [&socket] { socket.sendTextMessage(QStringLiteral(R"({"action":"ping"})")); });
    QObject::connect(&socket, &QWebSocket::connected, &ping, qOverload<>(&QTimer::start));
    QObject::connect(&socket, &QWebSocket::disconnected, &app, [] { QApplication::exit(1); });
    socket.open(request);
    return QApplication::exec();
}
