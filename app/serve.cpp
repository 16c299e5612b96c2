// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/modes.h"

#include "core/logging.h"
#include "core/protocol/event.h"
#include "core/server/companion.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonValue>
#include <QList>
#include <QRandomGenerator>
#include <QTextStream>

#include <limits>
#include <tuple>

namespace {

// lupdate only sees contexts declared like this, not a free ServeText::tr() helper.
struct ServeText
{
    Q_DECLARE_TR_FUNCTIONS(serve)
};

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

std::optional<QString> modes::readToken(const std::optional<QString>& argument, const QString& file,
                                        const char* variable, QString* error)
{
    if (argument && !file.isEmpty()) {
        *error = ServeText::tr("Give the token or its file, not both.");
        return std::nullopt;
    }
    if (argument)
        return *argument;
    if (file.isEmpty())
        return qEnvironmentVariable(variable);
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) {
        *error = ServeText::tr("Cannot read the token file %1: %2").arg(file, in.errorString());
        return std::nullopt;
    }
    const QString token = QString::fromUtf8(in.readLine(4096)).trimmed();
    if (token.isEmpty()) {
        *error = ServeText::tr("The token file %1 is empty.").arg(file);
        return std::nullopt;
    }
    return token;
}

int modes::serve(const QStringList& arguments)
{
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(ServeText::tr(
        "Runs the companion server: the hu60 push protocol (WebSocket, paths /v1/ws and /ws/msg) and a forum "
        "emulator (HTTP, /q.php/…). The first line on stdout is JSON naming the bound endpoints."));
    parser.addHelpOption();
    const QCommandLineOption listenOption(QStringLiteral("listen"),
                                          ServeText::tr("Push endpoint (default 127.0.0.1:4860)."),
                                          ServeText::tr("HOST:PORT"), QStringLiteral("127.0.0.1:4860"));
    const QCommandLineOption httpOption(QStringLiteral("http"),
                                        ServeText::tr("Forum emulator (default 127.0.0.1:4861)."),
                                        ServeText::tr("HOST:PORT"), QStringLiteral("127.0.0.1:4861"));
    const QCommandLineOption dataOption(
        QStringLiteral("data"), ServeText::tr("Users and messages JSON file (created from the demo set if missing)."),
        ServeText::tr("FILE"));
    const QCommandLineOption tokenOption(
        QStringLiteral("admin-token"),
        ServeText::tr("Token for POST /admin/push (default: --admin-token-file, else $HU60_ADMIN_TOKEN, else random). "
                      "Arguments are visible to every user in ps: prefer the file or the variable."),
        ServeText::tr("TOKEN"));
    const QCommandLineOption tokenFileOption(QStringLiteral("admin-token-file"),
                                             ServeText::tr("Read the admin token from the first line of this file."),
                                             ServeText::tr("FILE"));
    const QCommandLineOption wspuOption(QStringLiteral("wspu"), ServeText::tr("Connections per user (default 10)."),
                                        ServeText::tr("N"), QStringLiteral("10"));
    const QCommandLineOption disableOption(QStringLiteral("disable-action"),
                                           ServeText::tr("Disable an action (repeatable)."), ServeText::tr("NAME"));
    const QCommandLineOption forumOption(
        QStringLiteral("forum-api"),
        ServeText::tr("Check sids against this forum's user.index.json instead of the store."), ServeText::tr("URL"));
    const server::PushServerLimits defaults;
    const QCommandLineOption maxConnectionsOption(
        QStringLiteral("max-connections"),
        ServeText::tr("Push connections in total; more are refused with HTTP 503 (default %1).")
            .arg(defaults.maxConnections),
        ServeText::tr("N"));
    const QCommandLineOption maxUnauthenticatedOption(
        QStringLiteral("max-unauthenticated"),
        ServeText::tr(
            "Connections per client address not yet authenticated; more are refused with HTTP 429 (default %1).")
            .arg(defaults.maxUnauthenticatedPerAddress),
        ServeText::tr("N"));
    const QCommandLineOption maxFrameOption(
        QStringLiteral("max-frame"),
        ServeText::tr("Largest incoming message in bytes; larger ones close the connection with 1009 (default %1).")
            .arg(defaults.maxMessageBytes),
        ServeText::tr("BYTES"));
    const QCommandLineOption rateOption(
        QStringLiteral("message-rate"),
        ServeText::tr("Messages per second per connection, bursts of %1 allowed; faster clients are closed with 1008 "
                      "(default %2).")
            .arg(defaults.messageBurst)
            .arg(defaults.messagesPerSecond),
        ServeText::tr("N"));
    const QCommandLineOption trustedProxyOption(
        QStringLiteral("trusted-proxy"),
        ServeText::tr("A reverse proxy whose X-Real-IP (else last X-Forwarded-For entry) names the client for the "
                      "per-address limit (repeatable); from other peers these headers are ignored."),
        ServeText::tr("ADDRESS"));
    const QCommandLineOption maxHalfOpenOption(
        QStringLiteral("max-half-open"),
        ServeText::tr("Connections not yet authenticated, all addresses together; more are refused with HTTP 503 "
                      "(default %1). Each holds at most %2 bytes of frames before authentication.")
            .arg(defaults.maxHalfOpen)
            .arg(defaults.maxPreAuthBytes),
        ServeText::tr("N"));
    const QCommandLineOption faultsOption(
        QStringLiteral("faults"),
        ServeText::tr("Deliver pushes as badly as the real hu60ws server, on purpose (for testing clients): a "
                      "comma-separated list of drop=SHARE (lose each push with this probability), reorder (shuffle "
                      "each burst), empty-frame (one empty frame per burst), drop-before-register[=MS] (lose pushes "
                      "within MS, default 1000, after the greeting), break-mid-burst (abort the connection after half "
                      "a burst). Messages stay stored unread; only the push is faulty."),
        ServeText::tr("LIST"));
    const QCommandLineOption faultSeedOption(
        QStringLiteral("fault-seed"),
        ServeText::tr("Seed of the random choices of --faults, for reproducible runs (default: random, logged)."),
        ServeText::tr("N"));
    parser.addOptions({listenOption, httpOption, dataOption, tokenOption, tokenFileOption, wspuOption, disableOption,
                       forumOption, maxConnectionsOption, maxUnauthenticatedOption, maxFrameOption, rateOption,
                       trustedProxyOption, maxHalfOpenOption, faultsOption, faultSeedOption});
    if (!parser.parse(arguments)) {
        err << parser.errorText() << '\n';
        return ExitBadInput;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return ExitOk;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << ServeText::tr("Unexpected argument: %1").arg(parser.positionalArguments().first()) << '\n';
        return ExitBadInput;
    }

    server::CompanionOptions options;
    if (!parseEndpoint(parser.value(listenOption), &options.pushAddress, &options.pushPort)) {
        err << ServeText::tr("--listen needs HOST:PORT, got \"%1\"").arg(parser.value(listenOption)) << '\n';
        return ExitBadInput;
    }
    if (!parseEndpoint(parser.value(httpOption), &options.httpAddress, &options.httpPort)) {
        err << ServeText::tr("--http needs HOST:PORT, got \"%1\"").arg(parser.value(httpOption)) << '\n';
        return ExitBadInput;
    }
    bool ok = false;
    options.connectionsPerUser = parser.value(wspuOption).toInt(&ok);
    if (!ok || options.connectionsPerUser < 1) {
        err << ServeText::tr("--wspu needs a positive number") << '\n';
        return ExitBadInput;
    }
    // Every limit option: a positive integer when given.
    const auto positive = [&parser](const QCommandLineOption& option, qint64 fallback, qint64* value) {
        if (!parser.isSet(option)) {
            *value = fallback;
            return true;
        }
        bool valid = false;
        *value = parser.value(option).toLongLong(&valid);
        return valid && *value > 0 && *value <= std::numeric_limits<int>::max();
    };
    qint64 maxConnections = 0;
    qint64 maxUnauthenticated = 0;
    qint64 maxFrame = 0;
    qint64 rate = 0;
    qint64 maxHalfOpen = 0;
    for (const auto& [option, fallback, value] :
         {std::tuple{&maxConnectionsOption, qint64(defaults.maxConnections), &maxConnections},
          std::tuple{&maxUnauthenticatedOption, qint64(defaults.maxUnauthenticatedPerAddress), &maxUnauthenticated},
          std::tuple{&maxFrameOption, defaults.maxMessageBytes, &maxFrame},
          std::tuple{&rateOption, qint64(defaults.messagesPerSecond), &rate},
          std::tuple{&maxHalfOpenOption, qint64(defaults.maxHalfOpen), &maxHalfOpen}}) {
        if (!positive(*option, fallback, value)) {
            err << ServeText::tr("--%1 needs a positive number").arg(option->names().constFirst()) << '\n';
            return ExitBadInput;
        }
    }
    options.pushLimits.maxConnections = static_cast<int>(maxConnections);
    options.pushLimits.maxUnauthenticatedPerAddress = static_cast<int>(maxUnauthenticated);
    options.pushLimits.maxMessageBytes = maxFrame;
    options.pushLimits.messagesPerSecond = static_cast<double>(rate);
    options.pushLimits.maxHalfOpen = static_cast<int>(maxHalfOpen);
    for (const QString& text : parser.values(trustedProxyOption)) {
        QHostAddress proxy;
        if (!proxy.setAddress(text)) {
            err << ServeText::tr("--trusted-proxy needs an IP address, got \"%1\"").arg(text) << '\n';
            return ExitBadInput;
        }
        options.pushLimits.trustedProxies.append(proxy);
    }
    if (parser.isSet(faultsOption)) {
        QString why;
        const auto faults = server::PushFaults::parse(parser.value(faultsOption), &why);
        if (!faults) {
            err << ServeText::tr("--faults: %1").arg(why) << '\n';
            return ExitBadInput;
        }
        options.pushFaults = *faults;
        options.pushFaults.seed = QRandomGenerator::system()->generate();
    }
    if (parser.isSet(faultSeedOption)) {
        bool valid = false;
        options.pushFaults.seed = parser.value(faultSeedOption).toUInt(&valid);
        if (!valid) {
            err << ServeText::tr("--fault-seed needs a number from 0 to 4294967295") << '\n';
            return ExitBadInput;
        }
    }
    options.dataFile = parser.value(dataOption);
    QString tokenError;
    const auto token =
        modes::readToken(parser.isSet(tokenOption) ? std::optional(parser.value(tokenOption)) : std::nullopt,
                         parser.value(tokenFileOption), "HU60_ADMIN_TOKEN", &tokenError);
    if (!token) {
        err << tokenError << '\n';
        return ExitBadInput;
    }
    options.adminToken = *token;
    options.disabledActions = parser.values(disableOption);
    if (parser.isSet(forumOption)) {
        options.forumApi = QUrl(parser.value(forumOption), QUrl::StrictMode);
        if (!options.forumApi.isValid() ||
            (options.forumApi.scheme() != u"http" && options.forumApi.scheme() != u"https")) {
            err << ServeText::tr("--forum-api needs an http(s) URL") << '\n';
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
