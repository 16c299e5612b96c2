// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/popup/imagecache.h"

#include "core/logging.h"
#include "core/settings/networkconfig.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkDiskCache>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QStandardPaths>

namespace ui {

namespace {
constexpr qint64 diskCacheBytes = 20 * 1024 * 1024;
constexpr int memoryCacheBytes = 16 * 1024 * 1024;
constexpr int requestTimeoutMs = 20000;

// Never log a full URL: a query string could carry something private. Host and path are enough to debug.
QString describe(const QUrl& url)
{
    return url.toString(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
}
} // namespace

ImageCache::ImageCache(const QUrl& siteBase, const QString& cacheDirectory, QObject* parent)
    : QObject(parent)
    , m_network(new settings::NetworkManager(this))
    , m_siteBase(siteBase)
    , m_cacheDirectory(cacheDirectory)
    , m_images(memoryCacheBytes)
{
    // Each redirect target is checked against the same host rules as the first URL.
    m_network->setRedirectPolicy(QNetworkRequest::UserVerifiedRedirectPolicy);
    m_network->setTransferTimeout(requestTimeoutMs);
}

ImageCache::~ImageCache()
{
    const auto pending = m_pending;
    m_pending.clear();
    for (QNetworkReply* reply : pending) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

QNetworkAccessManager* ImageCache::network() const
{
    return m_network;
}

void ImageCache::setNetworkConfig(const settings::NetworkConfig& config)
{
    m_network->setNetworkConfig(config);
}

const settings::NetworkConfig& ImageCache::networkConfig() const
{
    return m_network->networkConfig();
}

void ImageCache::followNetwork(settings::NetworkManager* network)
{
    if (!network)
        return;
    setNetworkConfig(network->networkConfig());
    connect(network, &settings::NetworkManager::networkConfigChanged, this, &ImageCache::setNetworkConfig);
}

void ImageCache::setSiteBase(const QUrl& siteBase)
{
    m_siteBase = siteBase;
}

bool ImageCache::isAllowed(const QUrl& url) const
{
    if (!url.isValid() || url.isRelative() || !url.userInfo().isEmpty())
        return false;
    const QString scheme = url.scheme();
    if (scheme != u"http" && scheme != u"https")
        return false;
    const QString siteHost = m_siteBase.host();
    const QString host = url.host();
    if (siteHost.isEmpty() || host.isEmpty())
        return false;
    if (host == siteHost) {
        // Same host: also the same port, so a loopback site never lets us probe other local services.
        return url.port(url.scheme() == u"https" ? 443 : 80) ==
               m_siteBase.port(m_siteBase.scheme() == u"https" ? 443 : 80);
    }
    // The forum keeps uploads and avatars on file.<site host>, on the standard ports.
    return host == QStringLiteral("file.") + siteHost && url.port() == -1;
}

QImage ImageCache::image(const QUrl& url) const
{
    const QImage* image = m_images.object(url);
    return image ? *image : QImage();
}

bool ImageCache::request(const QUrl& url)
{
    if (!isAllowed(url)) {
        qCDebug(lcUi) << "image refused:" << describe(url);
        return false;
    }
    if (m_images.contains(url) || m_pending.contains(url) || m_failed.contains(url))
        return true;

    if (!m_network->cache()) {
        // Created on first use: setting up its folders costs disk I/O that a session without pictures never needs.
        QString directory = m_cacheDirectory;
        if (directory.isEmpty())
            directory = QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/images");
        // Pictures from private messages: a folder made for them is the user's alone.
        if (!QFileInfo::exists(directory) && QDir().mkpath(QFileInfo(directory).absolutePath()))
            QDir().mkdir(directory, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        auto* disk = new QNetworkDiskCache(m_network);
        disk->setCacheDirectory(directory);
        disk->setMaximumCacheSize(diskCacheBytes);
        m_network->setCache(disk);
    }

    QNetworkRequest request(url);
    // No cookies in or out: the session id must never travel with an image request.
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::PreferCache);
    request.setMaximumRedirectsAllowed(3);
    QNetworkReply* reply = m_network->get(request);
    ++m_requestCount;
    m_pending.insert(url, reply);

    connect(reply, &QNetworkReply::redirected, this, [this, reply, url](const QUrl& target) {
        if (isAllowed(target)) {
            emit reply->redirectAllowed();
        } else {
            qCInfo(lcUi) << "image redirect refused:" << describe(url) << "->" << describe(target);
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::downloadProgress, this, [this, reply](qint64 received, qint64 total) {
        // A declared or actual size over the cap ends the transfer at once.
        if (received > m_maxBytes || total > m_maxBytes)
            reply->abort();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, url] { onFinished(reply, url); });
    return true;
}

void ImageCache::onFinished(QNetworkReply* reply, const QUrl& url)
{
    reply->deleteLater();
    if (m_pending.value(url) != reply)
        return;
    m_pending.remove(url);

    if (reply->error() != QNetworkReply::NoError) {
        fail(url, reply->errorString());
        return;
    }
    const QByteArray data = reply->read(m_maxBytes + 1);
    if (data.size() > m_maxBytes) {
        fail(url, tr("image larger than %1 bytes").arg(m_maxBytes));
        return;
    }
    QImage decoded;
    if (!decoded.loadFromData(data) || decoded.isNull()) {
        fail(url, tr("not a supported image"));
        return;
    }
    const qint64 cost = qMax<qint64>(1, decoded.sizeInBytes());
    m_images.insert(url, new QImage(decoded), int(qMin<qint64>(cost, memoryCacheBytes)));
    emit imageLoaded(url);
}

void ImageCache::fail(const QUrl& url, const QString& reason)
{
    qCDebug(lcUi) << "image failed:" << describe(url) << reason;
    m_failed.insert(url);
    emit imageFailed(url, reason);
}

} // namespace ui
