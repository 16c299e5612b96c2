// SPDX-License-Identifier: GPL-3.0-or-later
// `hu60-notifier send` and `hu60-notifier reply`: write to someone, or answer a message, from the command line.
#include "app/account.h"
#include "app/modes.h"

#include "core/forum/forumapi.h"
#include "core/logging.h"
#include "core/settings/networkconfig.h"
#include "core/settings/settings.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTimer>

#include <optional>

namespace {

// The context of these strings is "send", for lupdate and at run time alike.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(send)
};

/// The most a message may hold (the forum emulator's limit; the forum's own is larger, a push frame smaller).
constexpr qsizetype maxTextBytes = 256 * 1024;

void printError(const QString& mode, const QString& text)
{
    QFile err;
    err.open(stderr, QIODevice::WriteOnly);
    err.write(QStringLiteral("hu60-notifier %1: %2\n").arg(mode, text).toUtf8());
}

void printLine(const QString& text)
{
    QFile out;
    out.open(stdout, QIODevice::WriteOnly);
    out.write((text + u'\n').toUtf8());
}

int exitCodeOf(const forum::Error& error)
{
    switch (error.kind) {
    case forum::ErrorKind::Network:
    case forum::ErrorKind::Timeout:
        return modes::ExitUnreachable;
    case forum::ErrorKind::NotLoggedIn:
        return modes::ExitAuthFailed;
    case forum::ErrorKind::Insecure:
        return modes::ExitBadInput;
    case forum::ErrorKind::None:
        return modes::ExitOk;
    case forum::ErrorKind::RateLimited:
    case forum::ErrorKind::BadResponse:
    case forum::ErrorKind::Forum:
    case forum::ErrorKind::MaybeSent:
        break;
    }
    return modes::ExitFailure;
}

/// What the user is told when the forum did not take the text (which is printed back, so nothing typed is lost).
QString failureText(const forum::Error& error, const QUrl& checkPage)
{
    switch (error.kind) {
    case forum::ErrorKind::MaybeSent:
        return Text::tr("The forum says this may have been posted already; check %1 before sending again.")
            .arg(checkPage.toString());
    case forum::ErrorKind::NotLoggedIn:
        return Text::tr("The forum says the session is not logged in: log in again with the tray app.");
    case forum::ErrorKind::RateLimited:
        return Text::tr("The forum asks to wait %n second(s) before the next request.", nullptr,
                        qMax(1, error.retryAfterSeconds));
    case forum::ErrorKind::Network:
    case forum::ErrorKind::Timeout:
        return Text::tr("The forum could not be reached (%1). Nothing was sent, or the answer was lost: check before "
                        "sending again.")
            .arg(error.message);
    default:
        break;
    }
    return Text::tr("The forum refused it: %1").arg(error.message);
}

/// The common options of both modes.
struct Common
{
    QCommandLineOption site{QStringLiteral("site"), Text::tr("Forum site; default: the tray app's site."),
                            QStringLiteral("url")};
    QCommandLineOption ubb{QStringLiteral("ubb"),
                           Text::tr("Send the text as the forum's UBB markup instead of Markdown (the default).")};
};

/// The text: the positional arguments joined by spaces, or standard input when there are none (or just "-").
std::optional<QString> readText(const QStringList& positional, const QString& mode)
{
    QString text;
    if (positional.isEmpty() || positional == QStringList{QStringLiteral("-")}) {
        QFile in;
        in.open(stdin, QIODevice::ReadOnly);
        const QByteArray bytes = in.read(maxTextBytes + 1);
        if (bytes.size() > maxTextBytes) {
            printError(mode, Text::tr("The text is longer than %1 KiB.").arg(maxTextBytes / 1024));
            return std::nullopt;
        }
        text = QString::fromUtf8(bytes);
        if (text.endsWith(u'\n'))
            text.chop(1);
    } else {
        text = positional.join(u' ');
    }
    if (text.trimmed().isEmpty()) {
        printError(mode, Text::tr("Nothing to send: the text is empty."));
        return std::nullopt;
    }
    if (text.toUtf8().size() > maxTextBytes) {
        printError(mode, Text::tr("The text is longer than %1 KiB.").arg(maxTextBytes / 1024));
        return std::nullopt;
    }
    return text;
}

/// The site from --site or the settings, checked as the tray app checks it; nullopt after printing why.
std::optional<QUrl> siteOf(const QCommandLineParser& parser, const Common& common, const QString& mode)
{
    const QUrl site = parser.isSet(common.site) ? QUrl(parser.value(common.site)) : app::configuredSettings().site;
    if (!site.isValid() || (site.scheme() != u"http" && site.scheme() != u"https") || site.host().isEmpty()) {
        printError(mode, Text::tr("--site must be an http(s) URL."));
        return std::nullopt;
    }
    if (const QString refusal = settings::siteRefusal(site); !refusal.isEmpty()) {
        printError(mode, refusal);
        return std::nullopt;
    }
    return site;
}

/// One command's forum calls: the API for `site` with `sid`, and the event loop that runs until finish().
class Run
{
    QNetworkAccessManager m_network; // first: the API below uses it

public:
    Run(const QUrl& site, const QString& sid)
        : api(&m_network)
    {
        api.setSiteBase(site);
        api.setSid(sid);
    }
    /// Says why the forum did not take the text, prints the text back, and finishes with the error's exit code.
    void fail(const QString& mode, const forum::Error& error, const QUrl& checkPage, const QString& typed)
    {
        printError(mode, failureText(error, checkPage));
        printError(mode, Text::tr("Your text was:\n%1").arg(typed));
        finish(exitCodeOf(error));
    }
    void finish(int code)
    {
        m_code = code;
        m_loop.quit();
    }
    int exec()
    {
        if (!m_code)
            m_loop.exec();
        return m_code.value_or(modes::ExitFailure);
    }

    forum::ForumApi api;
    QObject context; ///< the callbacks' receiver

private:
    QEventLoop m_loop;
    std::optional<int> m_code;
};

/// Shared by both modes: parse, refuse --sid, find site, sid and the text (as typed, and as it is sent). Returns false
/// (with `exitCode`) to stop.
bool prepare(QCommandLineParser& parser, const QStringList& arguments, const QString& mode, const Common& common,
             QUrl* site, QString* sid, QString* typed, QString* text, int* exitCode)
{
    parser.addHelpOption();
    QCommandLineOption sidOption(QStringLiteral("sid"), QString(), QStringLiteral("sid"));
    sidOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({common.site, common.ubb, sidOption});
    parser.addPositionalArgument(QStringLiteral("text"), Text::tr("The text; read from standard input when absent."),
                                 QStringLiteral("[text...]"));
    *exitCode = modes::ExitBadInput;
    if (!parser.parse(arguments)) {
        printError(mode, parser.errorText());
        return false;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(modes::ExitOk);
    if (parser.isSet(sidOption)) {
        printError(mode, Text::tr("--sid is not accepted: the arguments of a running program are visible to every "
                                  "user of this machine. Set HU60_SID, or log in with the tray app."));
        return false;
    }
    const auto checkedSite = siteOf(parser, common, mode);
    if (!checkedSite)
        return false;
    *site = *checkedSite;
    QString error;
    *sid = app::commandLineSid(*site, qPrintable(mode), &error, exitCode);
    if (sid->isEmpty()) {
        printError(mode, error);
        return false;
    }
    const auto read = readText(parser.positionalArguments(), mode);
    if (!read)
        return false;
    *typed = *read;
    *text = parser.isSet(common.ubb) ? *read : forum::markdownPost(*read);
    return true;
}

QUrl pageOf(const QUrl& site, const QString& page)
{
    QUrl url = site;
    QString path = url.path();
    if (path.endsWith(u'/'))
        path.chop(1);
    QString withHtml = page;
    withHtml.replace(QStringLiteral("{$BID}"), QStringLiteral("html"))
        .replace(QStringLiteral(".json"), QStringLiteral(".html"));
    const qsizetype fragment = withHtml.indexOf(u'#');
    url.setPath(path + QStringLiteral("/q.php/") +
                withHtml.left(fragment < 0 ? withHtml.size() : fragment).section(u'?', 0, 0));
    const QString query = withHtml.left(fragment < 0 ? withHtml.size() : fragment).section(u'?', 1);
    url.setQuery(query.isEmpty() ? QString() : query);
    if (fragment >= 0)
        url.setFragment(withHtml.mid(fragment + 1));
    return url;
}

} // namespace

int modes::send(const QStringList& arguments)
{
    const QString mode = QStringLiteral("send");
    QCommandLineParser parser;
    parser.setApplicationDescription(Text::tr(
        "Sends a private message (内信). The text comes from the arguments or standard input and is sent as Markdown. "
        "The session id comes from HU60_SID or the tray app's login, never from an argument.\n\nExit codes: 0 sent, "
        "1 the forum refused it (the reason is printed, with the text), 2 bad arguments or empty text, 3 no session "
        "id or not logged in, 4 the forum could not be reached."));
    Common common;
    const QCommandLineOption toOption(QStringLiteral("to"), Text::tr("The recipient's uid."), QStringLiteral("uid"));
    const QCommandLineOption nameOption(QStringLiteral("name"), Text::tr("The recipient's user name."),
                                        QStringLiteral("name"));
    parser.addOptions({toOption, nameOption});
    QUrl site;
    QString sid;
    QString typed;
    QString text;
    int exitCode = ExitBadInput;
    if (!prepare(parser, arguments, mode, common, &site, &sid, &typed, &text, &exitCode))
        return exitCode;
    if (parser.isSet(toOption) == parser.isSet(nameOption)) {
        printError(mode, Text::tr("Give exactly one of --to UID and --name NAME."));
        return ExitBadInput;
    }
    bool uidOk = true;
    const qint64 toUid = parser.isSet(toOption) ? parser.value(toOption).toLongLong(&uidOk) : 0;
    if (!uidOk || (parser.isSet(toOption) && toUid == 0)) {
        printError(mode, Text::tr("--to needs a user id (a non-zero number)."));
        return ExitBadInput;
    }

    Run run(site, sid);
    forum::ForumApi& api = run.api;
    QObject& context = run.context;
    const auto fail = [&](const forum::Error& error, qint64 uid) {
        run.fail(mode, error, pageOf(site, QStringLiteral("msg.index.chat.%1.html").arg(uid)), typed);
    };
    const auto sendTo = [&](qint64 uid, const QString& name) {
        api.sendMessage(uid, text, &context,
                        [&, uid, name](const std::optional<forum::SentMessage>& sent, const forum::Error& error) {
                            if (!sent) {
                                fail(error, uid);
                                return;
                            }
                            printLine(name.isEmpty() ? Text::tr("Sent to uid %1.").arg(uid)
                                                     : Text::tr("Sent to %1.").arg(name));
                            run.finish(ExitOk);
                        });
    };
    if (parser.isSet(nameOption)) {
        api.fetchUserByName(
            parser.value(nameOption), &context,
            [&](const std::optional<forum::UserInfo>& user, const forum::Error& error) {
                if (!user) {
                    printError(mode, error.kind == forum::ErrorKind::Forum
                                         ? Text::tr("There is no user named \"%1\".").arg(parser.value(nameOption))
                                         : failureText(error, site));
                    run.finish(error.kind == forum::ErrorKind::Forum ? int(ExitBadInput) : exitCodeOf(error));
                    return;
                }
                sendTo(user->uid, user->name);
            });
    } else {
        sendTo(toUid, QString());
    }
    return run.exec();
}

int modes::reply(const QStringList& arguments)
{
    const QString mode = QStringLiteral("reply");
    QCommandLineParser parser;
    parser.setApplicationDescription(Text::tr(
        "Replies to a message by its id: a private message is answered privately; an @ mention is answered where it "
        "was written (its chat room or topic), mentioning its author. The text comes from the arguments or standard "
        "input and is sent as Markdown. Reading the message marks it read.\n\nExit codes: as for send."));
    Common common;
    const QCommandLineOption messageOption(QStringLiteral("to-message"), Text::tr("The id of the message to answer."),
                                           QStringLiteral("id"));
    parser.addOption(messageOption);
    QUrl site;
    QString sid;
    QString typed;
    QString text;
    int exitCode = ExitBadInput;
    if (!prepare(parser, arguments, mode, common, &site, &sid, &typed, &text, &exitCode))
        return exitCode;
    bool idOk = false;
    const qint64 id = parser.value(messageOption).toLongLong(&idOk);
    if (!idOk || id <= 0) {
        printError(mode, Text::tr("--to-message needs the id of a message (a positive number)."));
        return ExitBadInput;
    }

    Run run(site, sid);
    forum::ForumApi& api = run.api;
    QObject& context = run.context;
    const auto fail = [&](const forum::Error& error, const QUrl& checkPage) {
        run.fail(mode, error, checkPage, typed);
    };
    api.fetchMessage(id, &context, [&](const std::optional<forum::ListedMessage>& message, const forum::Error& error) {
        if (!message) {
            if (error.kind == forum::ErrorKind::Forum) {
                printError(mode, Text::tr("There is no message %1 addressed to you.").arg(id));
                run.finish(ExitBadInput);
            } else {
                fail(error, site);
            }
            return;
        }
        const QJsonObject atMsg = message->content.isEmpty() ? QJsonObject() : message->content.first().toObject();
        if (message->type != 1) {
            api.sendMessage(message->byuid, text, &context,
                            [&, uid = message->byuid](const std::optional<forum::SentMessage>& sent,
                                                      const forum::Error& sendError) {
                                if (!sent) {
                                    fail(sendError, pageOf(site, QStringLiteral("msg.index.chat.%1.html").arg(uid)));
                                    return;
                                }
                                printLine(Text::tr("Replied to uid %1.").arg(uid));
                                run.finish(ExitOk);
                            });
            return;
        }
        const QString url = atMsg.value(u"url").toString();
        const auto target = forum::postTargetOf(url);
        if (atMsg.value(u"type").toString() != u"atMsg" || !target) {
            printError(mode,
                       Text::tr("Message %1 does not say where the @ came from; it cannot be answered there.").arg(id));
            run.finish(ExitFailure);
            return;
        }
        qint64 author = message->byuid;
        if (const QJsonValue uid = atMsg.value(u"uid"); uid.isDouble())
            author = uid.toInteger();
        api.replyWhere(*target, author, text, &context,
                       [&, checkPage = pageOf(site, url)](const std::optional<forum::Posted>& posted,
                                                          const forum::Error& postError) {
                           if (!posted) {
                               fail(postError, checkPage);
                               return;
                           }
                           printLine(Text::tr("Replied at %1.").arg(pageOf(site, posted->page).toString()));
                           run.finish(ExitOk);
                       });
    });
    return run.exec();
}
