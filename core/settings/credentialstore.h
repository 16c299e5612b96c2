// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

namespace settings {

/// Keeps the session id (a password) out of the settings file: in the desktop's secret service through
/// QtKeychain, or, when no secret service is available (no keyring daemon, headless sessions), in a file only the
/// user can read (0600) in the app's data folder. The fallback is never silent: fallbackUsed() says why, and
/// backend() tells the settings dialog what to show. Asynchronous like the keychain itself: each call answers with
/// exactly one signal. Owned by the app's controller.
class CredentialStore : public QObject
{
    Q_OBJECT

public:
    enum class Backend {
        Unknown,  ///< nothing read or written yet
        Keychain, ///< the desktop's secret service
        File,     ///< the 0600 fallback file
    };
    Q_ENUM(Backend)

    /// `service` names the keychain entry (and the demo uses its own); `fallbackDir` holds the fallback file.
    CredentialStore(const QString& service, const QString& fallbackDir, QObject* parent = nullptr);
    ~CredentialStore() override;

    /// Off: use the fallback file only (tests, and --demo which must never touch the real keychain).
    void setKeychainEnabled(bool enabled) { m_keychainEnabled = enabled; }
    bool isKeychainEnabled() const { return m_keychainEnabled; }
    Backend backend() const { return m_backend; }
    QString fallbackPath() const;

    /// Answers with sidRead() (empty when none is stored).
    void readSid();
    /// Answers with sidWritten().
    void writeSid(const QString& sid);
    /// Removes the sid from both places; answers with sidWritten(true) or sidWritten(false).
    void forgetSid();

Q_SIGNALS:
    void sidRead(const QString& sid);
    void sidWritten(bool ok);
    /// The secret service was not usable; the file fallback is in use (`reason` is sid-free).
    void fallbackUsed(const QString& reason);

private:
    QString key() const;
    bool readFile(QString* sid) const;
    bool writeFile(const QString& sid) const;
    bool removeFile() const;
    void useFallback(const QString& reason);

    QString m_service;
    QString m_fallbackDir;
    bool m_keychainEnabled = true;
    Backend m_backend = Backend::Unknown;
};

} // namespace settings
