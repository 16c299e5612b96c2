// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/modes.h"

#include "core/terminaltext.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTextStream>
#include <QTimer>

namespace {

// lupdate only sees contexts declared like this, not a free PushText::tr() helper.
struct PushText
{
    Q_DECLARE_TR_FUNCTIONS(push)
};

} // namespace

int modes::push(const QStringList& arguments)
{
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(PushText::tr(
        "Inserts a message into a running companion server (stored unread, pushed live) and prints its id."));
    parser.addHelpOption();
    const QCommandLineOption httpOption(QStringLiteral("http"),
                                        PushText::tr("The server's HTTP endpoint (default http://127.0.0.1:4861)."),
                                        PushText::tr("URL"), QStringLiteral("http://127.0.0.1:4861"));
    const QCommandLineOption tokenOption(
        QStringLiteral("token"),
        PushText::tr("Admin token (default: --token-file, else $HU60_ADMIN_TOKEN). Arguments are visible to every "
                     "user in ps: prefer the file or the variable."),
        PushText::tr("TOKEN"));
    const QCommandLineOption tokenFileOption(QStringLiteral("token-file"),
                                             PushText::tr("Read the admin token from the first line of this file."),
                                             PushText::tr("FILE"));
    const QCommandLineOption toOption(QStringLiteral("to"), PushText::tr("Recipient uid."), PushText::tr("UID"));
    const QCommandLineOption fromOption(QStringLiteral("from"), PushText::tr("Sender uid (negative for robots)."),
                                        PushText::tr("UID"));
    const QCommandLineOption typeOption(QStringLiteral("type"), PushText::tr("0 inbox message (default), 1 @-mention."),
                                        PushText::tr("TYPE"), QStringLiteral("0"));
    const QCommandLineOption contentOption(QStringLiteral("content"), PushText::tr("Content segments as a JSON array."),
                                           PushText::tr("JSON"));
    const QCommandLineOption textOption(
        QStringLiteral("text"), PushText::tr("Plain text content (instead of --content)."), PushText::tr("TEXT"));
    parser.addOptions(
        {httpOption, tokenOption, tokenFileOption, toOption, fromOption, typeOption, contentOption, textOption});
    if (!parser.parse(arguments)) {
        err << parser.errorText() << '\n';
        return ExitBadInput;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return ExitOk;
    }

    bool toOk = false;
    bool fromOk = false;
    bool typeOk = false;
    const qint64 to = parser.value(toOption).toLongLong(&toOk);
    const qint64 from = parser.value(fromOption).toLongLong(&fromOk);
    const int type = parser.value(typeOption).toInt(&typeOk);
    if (!toOk || to == 0 || !fromOk || from == 0) {
        err << PushText::tr("--to and --from need non-zero uids") << '\n';
        return ExitBadInput;
    }
    if (!typeOk || (type != 0 && type != 1)) {
        err << PushText::tr("--type must be 0 or 1") << '\n';
        return ExitBadInput;
    }
    QJsonArray content;
    if (parser.isSet(contentOption) == parser.isSet(textOption)) {
        err << PushText::tr("give exactly one of --content and --text") << '\n';
        return ExitBadInput;
    }
    if (parser.isSet(contentOption)) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(parser.value(contentOption).toUtf8(), &parseError);
        if (!document.isArray()) {
            err << PushText::tr("--content must be a JSON array of segments") << '\n';
            return ExitBadInput;
        }
        content = document.array();
    } else {
        content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                   {QStringLiteral("value"), parser.value(textOption)}});
    }
    QString tokenError;
    const std::optional<QString> readToken =
        modes::readToken(parser.isSet(tokenOption) ? std::optional(parser.value(tokenOption)) : std::nullopt,
                         parser.value(tokenFileOption), "HU60_ADMIN_TOKEN", &tokenError);
    if (!readToken) {
        err << tokenError << '\n';
        return ExitBadInput;
    }
    const QString token = *readToken;
    QUrl url(parser.value(httpOption), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") || url.host().isEmpty()) {
        err << PushText::tr("--http needs an http(s) URL") << '\n';
        return ExitBadInput;
    }
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + QStringLiteral("/admin/push"));

    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    request.setTransferTimeout(10000);
    const QJsonObject body{{QStringLiteral("touid"), to},
                           {QStringLiteral("byuid"), from},
                           {QStringLiteral("type"), type},
                           {QStringLiteral("content"), content}};
    QNetworkReply* reply = network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();

    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
    if (!status.isValid()) {
        err << PushText::tr("Cannot reach %1: %2")
                   .arg(url.toString(QUrl::RemoveUserInfo), terminaltext::safe(reply->errorString()))
            << '\n';
        return ExitUnreachable;
    }
    switch (status.toInt()) {
    case 200:
        QTextStream(stdout) << answer.value(u"id").toInteger() << '\n';
        return ExitOk;
    case 401:
        err << PushText::tr("The server rejected the admin token.") << '\n';
        return ExitAuthFailed;
    case 400:
        err << PushText::tr("The server refused the message: %1")
                   .arg(terminaltext::safe(answer.value(u"error").toString()))
            << '\n';
        return ExitBadInput;
    default:
        err << PushText::tr("The server answered HTTP %1: %2")
                   .arg(status.toInt())
                   .arg(terminaltext::safe(answer.value(u"error").toString()))
            << '\n';
        return ExitFailure;
    }
}
