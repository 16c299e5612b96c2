// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/modes.h"

#include "core/logging.h"
#include "core/protocol/event.h"
#include "core/server/companion.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonValue>
#include <QList>
#include <QTextStream>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("serve", text);
}

// "HOST:PORT" or "[V6]:PORT"; port 0 = pick one.
bool parseEndpoint(const QString& text, QHostAddress* address, quint16* port)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    if (host == u"localhost")
        host = QStringLiteral("127.0.0.1");
    bool ok = false;
    const uint value = text.mid(colon + 1).toUInt(&ok);
    if (!ok || value > 65535 || !address->setAddress(host))
        return false;
    *port = static_cast<quint16>(value);
    return true;
}

} // namespace

int modes::serve(const QStringList& arguments)
{
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Runs the companion server: the hu60 push protocol (WebSocket, paths /v1/ws and /ws/msg) and a forum "
           "emulator (HTTP, /q.php/…). The first line on stdout is JSON naming the bound endpoints."));
    parser.addHelpOption();
    const QCommandLineOption listenOption(QStringLiteral("listen"), tr("Push endpoint (default 127.0.0.1:4860)."),
                                          tr("HOST:PORT"), QStringLiteral("127.0.0.1:4860"));
    const QCommandLineOption httpOption(QStringLiteral("http"), tr("Forum emulator (default 127.0.0.1:4861)."),
                                        tr("HOST:PORT"), QStringLiteral("127.0.0.1:4861"));
    const QCommandLineOption dataOption(
        QStringLiteral("data"), tr("Users and messages JSON file (created from the demo set if missing)."), tr("FILE"));
    const QCommandLineOption tokenOption(QStringLiteral("admin-token"),
                                         tr("Token for POST /admin/push (default: $HU60_ADMIN_TOKEN, else random)."),
                                         tr("TOKEN"));
    const QCommandLineOption wspuOption(QStringLiteral("wspu"), tr("Connections per user (default 10)."), tr("N"),
                                        QStringLiteral("10"));
    const QCommandLineOption disableOption(QStringLiteral("disable-action"), tr("Disable an action (repeatable)."),
                                           tr("NAME"));
    const QCommandLineOption forumOption(QStringLiteral("forum-api"),
                                         tr("Check sids against this forum's user.index.json instead of the store."),
                                         tr("URL"));
    parser.addOptions({listenOption, httpOption, dataOption, tokenOption, wspuOption, disableOption, forumOption});
    if (!parser.parse(arguments)) {
        err << parser.errorText() << '\n';
        return ExitBadInput;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return ExitOk;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << tr("Unexpected argument: %1").arg(parser.positionalArguments().first()) << '\n';
        return ExitBadInput;
    }

    server::CompanionOptions options;
    if (!parseEndpoint(parser.value(listenOption), &options.pushAddress, &options.pushPort)) {
        err << tr("--listen needs HOST:PORT, got \"%1\"").arg(parser.value(listenOption)) << '\n';
        return ExitBadInput;
    }
    if (!parseEndpoint(parser.value(httpOption), &options.httpAddress, &options.httpPort)) {
        err << tr("--http needs HOST:PORT, got \"%1\"").arg(parser.value(httpOption)) << '\n';
        return ExitBadInput;
    }
    bool ok = false;
    options.connectionsPerUser = parser.value(wspuOption).toInt(&ok);
    if (!ok || options.connectionsPerUser < 1) {
        err << tr("--wspu needs a positive number") << '\n';
        return ExitBadInput;
    }
    options.dataFile = parser.value(dataOption);
    options.adminToken =
        parser.isSet(tokenOption) ? parser.value(tokenOption) : qEnvironmentVariable("HU60_ADMIN_TOKEN");
    options.disabledActions = parser.values(disableOption);
    if (parser.isSet(forumOption)) {
        options.forumApi = QUrl(parser.value(forumOption), QUrl::StrictMode);
        if (!options.forumApi.isValid() ||
            (options.forumApi.scheme() != u"http" && options.forumApi.scheme() != u"https")) {
            err << tr("--forum-api needs an http(s) URL") << '\n';
            return ExitBadInput;
        }
    }

    server::Companion companion;
    QString error;
    if (!companion.start(options, &error)) {
        err << error << '\n';
        return ExitFailure;
    }

    // One JSON line, members in a fixed order (push first), then flush: scripts and tests wait for it.
    QList<QPair<QString, QJsonValue>> endpoints{{QStringLiteral("push"), companion.pushUrl().toString()},
                                                {QStringLiteral("http"), companion.httpUrl().toString()},
                                                {QStringLiteral("pushProxy"), companion.proxyPushUrl().toString()}};
    if (companion.adminTokenGenerated())
        endpoints.append({QStringLiteral("adminToken"), companion.adminToken()});
    if (companion.usesDemoData() && options.forumApi.isEmpty()) {
        endpoints.append({QStringLiteral("demoUid"), server::Companion::demoUid()});
        endpoints.append({QStringLiteral("demoSid"), server::Companion::demoSid()});
    }
    QByteArray line = "{";
    for (const auto& [key, value] : std::as_const(endpoints)) {
        if (line.size() > 1)
            line += ", ";
        line += protocol::goJson(key) + ": " + protocol::goJson(value);
    }
    line += "}\n";
    QTextStream out(stdout);
    out << line;
    out.flush();
    return QCoreApplication::exec();
}
