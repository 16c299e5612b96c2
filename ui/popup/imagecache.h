// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCache>
#include <QHash>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace settings {
class NetworkConfig;
class NetworkManager;
} // namespace settings

namespace ui {

/// Fetches the small pictures popups show inline (forum faces, avatars, images in messages) and keeps them in
/// memory and in a disk cache (QNetworkDiskCache under QStandardPaths::CacheLocation/images).
/// Only http(s) URLs on the configured site host (same port) or its file host (file.<site host>) are fetched:
/// never another host, never file:, never with cookies or the session id, never larger than maxBytes().
/// Redirects are followed only to allowed URLs. It uses its own QNetworkAccessManager, so the disk cache can never
/// store forum API answers, with the app's proxy and trusted certificates (followNetwork()). Owned by the
/// PopupPresenter; shared by all its popups.
class ImageCache : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageCache)

public:
    static constexpr qint64 defaultMaxBytes = 512 * 1024;

    /// `cacheDirectory` empty = QStandardPaths::CacheLocation + "/images".
    explicit ImageCache(const QUrl& siteBase, const QString& cacheDirectory = {}, QObject* parent = nullptr);
    ~ImageCache() override;

    void setSiteBase(const QUrl& siteBase);
    QUrl siteBase() const { return m_siteBase; }
    void setMaxBytes(qint64 maxBytes) { m_maxBytes = maxBytes; }
    qint64 maxBytes() const { return m_maxBytes; }

    /// True when `url` may be fetched (scheme, host and port rules above).
    bool isAllowed(const QUrl& url) const;
    /// The decoded image when already loaded, else a null QImage.
    QImage image(const QUrl& url) const;
    /// Starts loading `url` unless it is loaded, in flight, failed before or not allowed. Returns false only
    /// when the URL is not allowed (the caller keeps showing the alt text).
    bool request(const QUrl& url);
    /// Requests started so far (refused URLs do not count); for tests and diagnostics.
    int requestCount() const { return m_requestCount; }

    /// The manager used for fetching.
    QNetworkAccessManager* network() const;
    /// The proxy and the certificates trusted besides the system's, as the app's network configuration says.
    void setNetworkConfig(const settings::NetworkConfig& config);
    const settings::NetworkConfig& networkConfig() const;
    /// Takes @p network's configuration now and each time it changes (the app's manager: pictures go out the way
    /// the forum requests do, through the same proxy and trusting the same private CA).
    void followNetwork(settings::NetworkManager* network);

Q_SIGNALS:
    void imageLoaded(const QUrl& url);
    void imageFailed(const QUrl& url, const QString& reason);

private:
    void onFinished(QNetworkReply* reply, const QUrl& url);
    void fail(const QUrl& url, const QString& reason);

    settings::NetworkManager* m_network;
    QUrl m_siteBase;
    QString m_cacheDirectory;
    qint64 m_maxBytes = defaultMaxBytes;
    QCache<QUrl, QImage> m_images;
    QHash<QUrl, QNetworkReply*> m_pending;
    QSet<QUrl> m_failed;
    int m_requestCount = 0;
};

} // namespace ui
