// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/settings/credentialstore.h"

#include "core/logging.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace settings {

namespace {

constexpr auto fallbackFileName = "credentials";

// Errors after which the keychain cannot be used at all (as opposed to "no entry yet").
bool isBackendFailure(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented ||
           error == QKeychain::OtherError || error == QKeychain::AccessDenied;
}

} // namespace

CredentialStore::CredentialStore(const QString& service, const QString& fallbackDir, QObject* parent)
    : QObject(parent)
    , m_service(service)
    , m_fallbackDir(fallbackDir)
{
}

CredentialStore::~CredentialStore() = default;

QString CredentialStore::key() const
{
    return QStringLiteral("sid");
}

QString CredentialStore::fallbackPath() const
{
    return QDir(m_fallbackDir).filePath(QString::fromLatin1(fallbackFileName));
}

bool CredentialStore::readFile(QString* sid) const
{
    QFile file(fallbackPath());
    if (!file.exists()) {
        sid->clear();
        return true;
    }
    if (!file.open(QIODevice::ReadOnly))
        return false;
    *sid = QString::fromUtf8(file.readAll()).trimmed();
    return true;
}

bool CredentialStore::writeFile(const QString& sid) const
{
    if (!QDir().mkpath(m_fallbackDir))
        return false;
    QSaveFile file(fallbackPath());
    if (!file.open(QIODevice::WriteOnly))
        return false;
    // Restrict before writing the secret, so it is never readable by others, not even briefly.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(sid.toUtf8());
    return file.commit() && QFile::setPermissions(fallbackPath(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

bool CredentialStore::removeFile() const
{
    return !QFile::exists(fallbackPath()) || QFile::remove(fallbackPath());
}

void CredentialStore::useFallback(const QString& reason)
{
    if (m_backend != Backend::File)
        qCWarning(lcSettings).noquote() << "No usable secret service (" << reason << "); the session id is kept in"
                                        << fallbackPath() << "(mode 0600).";
    m_backend = Backend::File;
    emit fallbackUsed(reason);
}

void CredentialStore::readSid()
{
    // A sid in the fallback file was saved while the secret service was unusable (a successful keychain write
    // removes the file), so it is the current one: no keychain probe, which would cost a D-Bus connection and a
    // GLib thread at every start. The next writeSid() tries the keychain again and moves the sid there if it can.
    QString fileSid;
    if (!readFile(&fileSid))
        fileSid.clear();
    if (!m_keychainEnabled || !fileSid.isEmpty()) {
        // Queued, so every call answers asynchronously whichever backend is in use.
        QTimer::singleShot(0, this, [this, fileSid] {
            m_backend = Backend::File;
            emit sidRead(fileSid);
        });
        return;
    }
    auto* job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(key());
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        QString sid;
        if (job->error() == QKeychain::NoError) {
            m_backend = Backend::Keychain;
            sid = job->textData();
        } else {
            if (isBackendFailure(job->error()))
                useFallback(job->errorString());
            // No keychain entry yet: a sid stored while the keychain was unavailable may be in the file.
            if (!readFile(&sid))
                sid.clear();
        }
        emit sidRead(sid);
    });
    job->start();
}

void CredentialStore::writeSid(const QString& sid)
{
    if (!m_keychainEnabled) {
        QTimer::singleShot(0, this, [this, sid] {
            m_backend = Backend::File;
            emit sidWritten(writeFile(sid));
        });
        return;
    }
    auto* job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(key());
    job->setTextData(sid);
    connect(job, &QKeychain::Job::finished, this, [this, job, sid] {
        if (job->error() == QKeychain::NoError) {
            m_backend = Backend::Keychain;
            removeFile(); // an older fallback copy must not outlive the keychain entry
            emit sidWritten(true);
            return;
        }
        useFallback(job->errorString());
        emit sidWritten(writeFile(sid));
    });
    job->start();
}

void CredentialStore::forgetSid()
{
    const bool fileRemoved = removeFile();
    if (!m_keychainEnabled) {
        QTimer::singleShot(0, this, [this, fileRemoved] { emit sidWritten(fileRemoved); });
        return;
    }
    auto* job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(key());
    connect(job, &QKeychain::Job::finished, this, [this, job, fileRemoved] {
        const bool ok = job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound ||
                        isBackendFailure(job->error());
        emit sidWritten(ok && fileRemoved);
    });
    job->start();
}

} // namespace settings
