// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/settings/settings.h"

#include "core/logging.h"

#include <QSettings>

#include <algorithm>

namespace settings {

namespace {

// Keys, in one place so load() and save() cannot drift apart.
constexpr auto keyVersion = "version";
constexpr auto keySite = "account/site";
constexpr auto keyPushUrl = "account/pushUrl";
constexpr auto keySidInQuery = "account/sidInQuery";
constexpr auto keyAllowInsecurePush = "account/allowInsecurePush";
constexpr auto keyUid = "account/uid";
constexpr auto keyUserName = "account/userName";
constexpr auto keyPresenter = "notifications/presenter";
constexpr auto keyCorner = "notifications/corner";
constexpr auto keyPopupSeconds = "notifications/popupSeconds";
constexpr auto keySound = "notifications/sound";
constexpr auto keyDnd = "notifications/doNotDisturb";
constexpr auto keyDndUntil = "notifications/dndUntil";
constexpr auto keyQuietHours = "notifications/quietHours";
constexpr auto keyQuietFrom = "notifications/quietFrom";
constexpr auto keyQuietTo = "notifications/quietTo";
constexpr auto keyMentionsBreakThrough = "notifications/mentionsBreakThrough";
constexpr auto keyMutedUids = "notifications/mutedUids";
constexpr auto keyMentionCatchup = "notifications/mentionCatchup";
constexpr auto keyRobotPresence = "subscriptions/robotPresence";
constexpr auto keyStartOnLogin = "desktop/startOnLogin";
constexpr auto keyLanguage = "desktop/language";
constexpr auto keyLogLevel = "desktop/logLevel";
constexpr auto keyUseSystemProxy = "network/useSystemProxy"; // before proxyMode: read, never written
constexpr auto keyProxyMode = "network/proxyMode";
constexpr auto keyProxyType = "network/proxyType";
constexpr auto keyProxyHost = "network/proxyHost";
constexpr auto keyProxyPort = "network/proxyPort";
constexpr auto keyTrustedCaFile = "network/trustedCaFile";

QString key(const char* name)
{
    return QString::fromLatin1(name);
}

// An enum stored as int, clamped to its range (a hand-edited or newer file must not produce invalid values).
template<class E>
E enumValue(const QSettings& s, const char* name, E fallback, E last)
{
    bool ok = false;
    const int value = s.value(key(name), int(fallback)).toInt(&ok);
    if (!ok || value < 0 || value > int(last))
        return fallback;
    return E(value);
}

QUrl httpUrl(const QVariant& value, const QUrl& fallback)
{
    const QUrl url(value.toString().trimmed());
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") || url.host().isEmpty())
        return fallback;
    return url;
}

} // namespace

QUrl Settings::effectivePushUrl() const
{
    if (pushUrl.isValid() && !pushUrl.isEmpty())
        return pushUrl;
    QUrl push = site;
    push.setScheme(site.scheme() == u"http" ? QStringLiteral("ws") : QStringLiteral("wss"));
    push.setPath(QStringLiteral("/ws/msg"));
    push.setQuery(QString());
    push.setFragment(QString());
    return push;
}

bool connectionChanged(const Settings& a, const Settings& b)
{
    return a.site != b.site || a.pushUrl != b.pushUrl || a.sidInQuery != b.sidInQuery ||
           a.allowInsecurePush != b.allowInsecurePush || a.proxyMode != b.proxyMode || a.proxyType != b.proxyType ||
           a.proxyHost != b.proxyHost || a.proxyPort != b.proxyPort || a.trustedCaFile != b.trustedCaFile;
}

SettingsStore::SettingsStore(QSettings* backend)
    : m_backend(backend)
{
    Q_ASSERT(m_backend);
    // Migrate once, up front, so load() stays a pure read.
    migrate();
}

Settings SettingsStore::load() const
{
    return read(*m_backend);
}

Settings SettingsStore::read(const QSettings& s)
{
    const Settings defaults;
    Settings out;

    out.site = httpUrl(s.value(key(keySite)), defaults.site);
    const QUrl push(s.value(key(keyPushUrl)).toString().trimmed());
    out.pushUrl = (push.isValid() && (push.scheme() == u"ws" || push.scheme() == u"wss")) ? push : QUrl();
    out.sidInQuery = s.value(key(keySidInQuery), defaults.sidInQuery).toBool();
    out.allowInsecurePush = s.value(key(keyAllowInsecurePush), defaults.allowInsecurePush).toBool();
    out.uid = s.value(key(keyUid), defaults.uid).toLongLong();
    out.userName = s.value(key(keyUserName)).toString();

    out.presenter = enumValue(s, keyPresenter, defaults.presenter, Presenter::Automatic);
    out.corner = enumValue(s, keyCorner, defaults.corner, Corner::BottomRight);
    out.popupSeconds = std::clamp(s.value(key(keyPopupSeconds), defaults.popupSeconds).toInt(), 2, 120);
    out.sound = s.value(key(keySound), defaults.sound).toBool();
    out.doNotDisturb = s.value(key(keyDnd), defaults.doNotDisturb).toBool();
    out.dndUntil = s.value(key(keyDndUntil)).toDateTime();
    out.quietHours = s.value(key(keyQuietHours), defaults.quietHours).toBool();
    const QTime from = QTime::fromString(s.value(key(keyQuietFrom)).toString(), u"HH:mm");
    const QTime to = QTime::fromString(s.value(key(keyQuietTo)).toString(), u"HH:mm");
    out.quietFrom = from.isValid() ? from : defaults.quietFrom;
    out.quietTo = to.isValid() ? to : defaults.quietTo;
    out.mentionsBreakThrough = s.value(key(keyMentionsBreakThrough), defaults.mentionsBreakThrough).toBool();
    out.mutedUids.clear();
    const QStringList muted = s.value(key(keyMutedUids)).toStringList();
    for (const QString& text : muted) {
        bool ok = false;
        const qint64 uid = text.toLongLong(&ok);
        if (ok && uid != 0 && !out.mutedUids.contains(uid))
            out.mutedUids.append(uid);
    }
    out.mentionCatchup = enumValue(s, keyMentionCatchup, defaults.mentionCatchup, MentionCatchup::Fetch);

    out.robotPresence = s.value(key(keyRobotPresence), defaults.robotPresence).toBool();
    out.startOnLogin = s.value(key(keyStartOnLogin), defaults.startOnLogin).toBool();
    const QString language = s.value(key(keyLanguage)).toString();
    out.language = (language == u"zh_CN" || language == u"en") ? language : QString();
    const QString level = s.value(key(keyLogLevel), defaults.logLevel).toString();
    static const QStringList levels{QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("warning"),
                                    QStringLiteral("critical")};
    out.logLevel = levels.contains(level) ? level : defaults.logLevel;

    out.proxyHost = s.value(key(keyProxyHost)).toString().trimmed();
    if (s.contains(key(keyProxyMode)))
        out.proxyMode = enumValue(s, keyProxyMode, defaults.proxyMode, ProxyMode::Manual);
    else if (s.contains(key(keyUseSystemProxy)) && !s.value(key(keyUseSystemProxy)).toBool())
        out.proxyMode = out.proxyHost.isEmpty() ? ProxyMode::None : ProxyMode::Manual;
    out.proxyType = enumValue(s, keyProxyType, defaults.proxyType, ProxyType::Socks5);
    out.proxyPort = std::clamp(s.value(key(keyProxyPort), 0).toInt(), 0, 65535);
    out.trustedCaFile = s.value(key(keyTrustedCaFile)).toString();
    return out;
}

void SettingsStore::save(const Settings& settings)
{
    QSettings& s = *m_backend;
    s.setValue(key(keyVersion), currentVersion);
    s.setValue(key(keySite), settings.site.toString());
    s.setValue(key(keyPushUrl), settings.pushUrl.toString());
    s.setValue(key(keySidInQuery), settings.sidInQuery);
    s.setValue(key(keyAllowInsecurePush), settings.allowInsecurePush);
    s.setValue(key(keyUid), settings.uid);
    s.setValue(key(keyUserName), settings.userName);
    s.setValue(key(keyPresenter), int(settings.presenter));
    s.setValue(key(keyCorner), int(settings.corner));
    s.setValue(key(keyPopupSeconds), std::clamp(settings.popupSeconds, 2, 120));
    s.setValue(key(keySound), settings.sound);
    s.setValue(key(keyDnd), settings.doNotDisturb);
    s.setValue(key(keyDndUntil), settings.dndUntil);
    s.setValue(key(keyQuietHours), settings.quietHours);
    s.setValue(key(keyQuietFrom), settings.quietFrom.toString(u"HH:mm"));
    s.setValue(key(keyQuietTo), settings.quietTo.toString(u"HH:mm"));
    s.setValue(key(keyMentionsBreakThrough), settings.mentionsBreakThrough);
    QStringList muted;
    for (qint64 uid : settings.mutedUids)
        muted.append(QString::number(uid));
    s.setValue(key(keyMutedUids), muted);
    s.setValue(key(keyMentionCatchup), int(settings.mentionCatchup));
    s.setValue(key(keyRobotPresence), settings.robotPresence);
    s.setValue(key(keyStartOnLogin), settings.startOnLogin);
    s.setValue(key(keyLanguage), settings.language);
    s.setValue(key(keyLogLevel), settings.logLevel);
    s.remove(key(keyUseSystemProxy));
    s.setValue(key(keyProxyMode), int(settings.proxyMode));
    s.setValue(key(keyProxyType), int(settings.proxyType));
    s.setValue(key(keyProxyHost), settings.proxyHost);
    s.setValue(key(keyProxyPort), settings.proxyPort);
    s.setValue(key(keyTrustedCaFile), settings.trustedCaFile);
    s.sync();
}

void SettingsStore::migrate()
{
    QSettings& s = *m_backend;
    const int version = s.value(key(keyVersion), 0).toInt();
    if (version >= currentVersion)
        return;
    if (version == 0) {
        // Before versioning, the tray mode kept "site" and "pushUrl" at the top level.
        for (const auto& [from, to] : {std::pair{"site", keySite}, std::pair{"pushUrl", keyPushUrl}}) {
            if (s.contains(key(from))) {
                if (!s.contains(key(to)))
                    s.setValue(key(to), s.value(key(from)));
                s.remove(key(from));
            }
        }
        // A sid must never sit in a plain settings file: drop any left by hand-made configurations.
        if (s.contains(QStringLiteral("sid"))) {
            qCWarning(lcSettings) << "Removed a session id from the settings file; log in again to store it safely.";
            s.remove(QStringLiteral("sid"));
        }
    }
    if (version <= 1 && s.value(key(keyPresenter)).toInt() == int(Presenter::Popup)) {
        // Version 1 always wrote the presenter, and popups were its default: what is stored says nothing of a
        // choice. Automatic (new in version 2) is what keeps popups on X11 and stops them stealing focus on Wayland.
        s.setValue(key(keyPresenter), int(Presenter::Automatic));
    }
    s.setValue(key(keyVersion), currentVersion);
    s.sync();
}

} // namespace settings
