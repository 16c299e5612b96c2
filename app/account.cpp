// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/account.h"

#include "app/modes.h"
#include "core/forum/forumapi.h"
#include "core/logging.h"
#include "core/settings/credentialstore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QSettings>
#include <QStandardPaths>

namespace app {

settings::Settings configuredSettings()
{
    QSettings qsettings;
    if (qsettings.allKeys().isEmpty())
        return {};
    settings::SettingsStore store(&qsettings);
    return store.load();
}

QString storedSid(QString* where)
{
    settings::CredentialStore store(QString::fromLatin1(credentialService),
                                    QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
    QString sid;
    bool answered = false;
    QEventLoop loop;
    QObject::connect(&store, &settings::CredentialStore::sidRead, &loop, [&](const QString& value) {
        sid = value;
        answered = true;
        loop.quit();
    });
    store.readSid();
    if (!answered)
        loop.exec();
    *where = store.backend() == settings::CredentialStore::Backend::File
                 ? store.fallbackPath()
                 : QCoreApplication::translate("listen", "the system keychain");
    return sid;
}

bool sameOrigin(const QUrl& a, const QUrl& b)
{
    const auto port = [](const QUrl& url) {
        return url.port(url.scheme() == u"http" || url.scheme() == u"ws" ? 80 : 443);
    };
    return a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && port(a) == port(b);
}

QString commandLineSid(const QUrl& site, const char* context, QString* error, int* exitCode)
{
    QString sid = qEnvironmentVariable("HU60_SID").trimmed();
    if (sid.isEmpty()) {
        QString where;
        sid = storedSid(&where).trimmed();
        if (sid.isEmpty()) {
            *error = QCoreApplication::translate("listen", "No session id: none is stored (looked in %1). Log in "
                                                           "with the tray app, or set HU60_SID.")
                         .arg(where);
            *exitCode = modes::ExitAuthFailed;
            return {};
        }
        const settings::Settings configured = configuredSettings();
        if (!sameOrigin(site, configured.site)) {
            *error = QCoreApplication::translate("listen", "The stored session id belongs to %1, not to %2. "
                                                           "Set HU60_SID to use another site.")
                         .arg(configured.site.toString(), site.toString());
            *exitCode = modes::ExitBadInput;
            return {};
        }
        qCInfo(lcApp).noquote() << context << ": using the stored session id from" << where;
    }
    if (!forum::isValidSid(sid)) {
        *error = QCoreApplication::translate("listen", "The session id is malformed (log in again, or check "
                                                       "HU60_SID).");
        *exitCode = modes::ExitAuthFailed;
        return {};
    }
    return sid;
}

} // namespace app
