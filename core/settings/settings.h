// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QTime>
#include <QUrl>

#include <chrono>

class QSettings;

namespace settings {

/// Where popups stack.
enum class Corner { TopLeft, TopRight, BottomLeft, BottomRight };

/// How notifications are shown.
enum class Presenter {
    Popup,     ///< our own rich popups
    Native,    ///< org.freedesktop.Notifications over D-Bus
    Automatic, ///< (default) popups where the app can place them without taking focus (X11), else Native
};

/// Catch-up policy for @ mentions (listing them marks them read on the forum).
enum class MentionCatchup {
    CountOnly, ///< one notification "N new @ messages" linking to the @ page (default, no side effect)
    Fetch,     ///< fetch and show their contents (the forum then marks them read)
};

/// How connections find their proxy.
enum class ProxyMode {
    System, ///< the desktop's proxy settings (default)
    None,   ///< always connect directly
    Manual, ///< proxyType at proxyHost:proxyPort
};

/// The kind of a manual proxy.
enum class ProxyType { Http, Socks5 };

/// Everything the user can configure, with in-class defaults. The session id is NOT here: it lives in the
/// keychain (CredentialStore). Held by SettingsModel, loaded and saved by SettingsStore; values are clamped on load.
/// A new field needs a line in SettingsStore::read/save and in SettingsModel::merge (tst_settingsmodel checks it).
struct Settings
{
    // Account and endpoints
    QUrl site = QUrl(QStringLiteral("https://hu60.cn"));
    QUrl pushUrl;                   ///< empty = derived from site (wss://host/ws/msg)
    bool sidInQuery = false;        ///< send ?_sid= instead of headers (explicit user choice)
    bool allowInsecurePush = false; ///< a ws:// push URL to a non-loopback host needs this explicit choice
    qint64 uid = 0;                 ///< the logged-in user's uid (not secret)
    QString userName;               ///< the logged-in user's name (not secret)

    // Notifications
    Presenter presenter = Presenter::Automatic;
    Corner corner = Corner::BottomRight;
    int popupSeconds = 8; ///< auto-hide, 2..120
    bool sound = false;
    bool doNotDisturb = false;
    QDateTime dndUntil; ///< invalid = until turned off
    bool quietHours = false;
    QTime quietFrom = QTime(23, 0);
    QTime quietTo = QTime(7, 0);
    bool mentionsBreakThrough = true; ///< @ mentions still shown during do-not-disturb
    QList<qint64> mutedUids;
    MentionCatchup mentionCatchup = MentionCatchup::CountOnly;

    // Subscriptions
    bool robotPresence = true; ///< show robots online; when off, `unsub` online/offline on the server
    // Desktop
    bool startOnLogin = false;
    QString language; ///< "" = follow the system; "zh_CN", "en"
    QString logLevel = QStringLiteral("info");

    // Network
    ProxyMode proxyMode = ProxyMode::System;
    ProxyType proxyType = ProxyType::Http; ///< manual proxy only
    QString proxyHost;                     ///< manual proxy only
    int proxyPort = 0;                     ///< manual proxy only, 0..65535
    QString trustedCaFile;                 ///< extra CA / pinned self-signed certificate (PEM) for self-hosted forums

    /// The effective push URL (pushUrl, or derived from site).
    QUrl effectivePushUrl() const;

    bool operator==(const Settings&) const = default;
};

/// Whether what the connections depend on differs: the site, the push URL and its options, the proxy, the trusted
/// certificate (a problem found with the one may be gone with the other).
bool connectionChanged(const Settings& a, const Settings& b);

/// Loads and saves Settings through a QSettings it is handed, with a version key and migrate() step. Used by
/// SettingsModel (the app's one owner of the settings) and by tests of the file format.
class SettingsStore
{
public:
    explicit SettingsStore(QSettings* backend);

    Settings load() const;
    /// What `backend` holds, without migrating or writing anything.
    static Settings read(const QSettings& backend);
    void save(const Settings& settings);

    static constexpr int currentVersion = 2;

private:
    void migrate();
    QSettings* m_backend;
};

} // namespace settings
