// SPDX-License-Identifier: GPL-3.0-or-later
// The pictures of popups go out the way every other request does: through the configured proxy, trusting the
// configured private CA (ImageCache has a manager of its own for its disk cache, which follows the app's).
#include "core/client/pushclient.h"
#include "core/settings/networkconfig.h"
#include "core/settings/settings.h"
#include "core/settings/settingsmodel.h"
#include "support/netfixtures.h"
#include "ui/notifier.h"
#include "ui/popup/imagecache.h"
#include "ui/popup/popuppresenter.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

class TestImageNetwork : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void imagesGoThroughTheConfiguredProxy();
    void privateCaIsTrustedForImages();
    void popupsFollowTheAppsNetwork();

private:
    static QByteArray png();

    std::unique_ptr<netfixtures::SelfSignedCertificate> m_cert;
    QTemporaryDir m_dir;
};

void TestImageNetwork::initTestCase()
{
    m_cert = std::make_unique<netfixtures::SelfSignedCertificate>();
    QVERIFY2(m_cert->error.isEmpty(), qPrintable(m_cert->error));
    QVERIFY(m_dir.isValid());
}

void TestImageNetwork::init()
{
    // The refused self-signed certificate is logged as a warning by design.
    QTest::failOnWarning(QRegularExpression(QStringLiteral("^(?!certificate problem).*")));
}

QByteArray TestImageNetwork::png()
{
    QImage image(4, 4, QImage::Format_ARGB32);
    image.fill(Qt::red);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

void TestImageNetwork::imagesGoThroughTheConfiguredProxy()
{
    netfixtures::FakeProxy proxy;
    settings::Settings s;
    s.proxyMode = settings::ProxyMode::Manual;
    s.proxyType = settings::ProxyType::Http;
    s.proxyHost = QStringLiteral("127.0.0.1");
    s.proxyPort = proxy.port();
    QString error;
    settings::NetworkManager app;
    ui::ImageCache images(QUrl(QStringLiteral("http://hu60.example")), m_dir.filePath(QStringLiteral("proxy")));
    images.followNetwork(&app);
    app.setNetworkConfig(settings::NetworkConfig::fromSettings(s, &error));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(images.networkConfig() == app.networkConfig());

    QSignalSpy failed(&images, &ui::ImageCache::imageFailed);
    const mode_t umaskBefore = ::umask(022);
    QVERIFY(images.request(QUrl(QStringLiteral("http://hu60.example/face.png"))));
    ::umask(umaskBefore);
    QTRY_COMPARE(failed.count(), 1); // the fake proxy answers 502
    QCOMPARE(proxy.received, QList<QByteArray>{"GET http://hu60.example/face.png HTTP/1.1"});
    // The disk cache's folder, made on the first request, is the user's alone.
    QCOMPARE(QFile::permissions(m_dir.filePath(QStringLiteral("proxy"))) &
                 (QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::ExeOther),
             QFileDevice::Permissions());

    // Proxy turned off in the settings: followed too.
    s.proxyMode = settings::ProxyMode::None;
    app.setNetworkConfig(settings::NetworkConfig::fromSettings(s));
    QCOMPARE(images.networkConfig().proxyMode(), settings::ProxyMode::None);
}

void TestImageNetwork::privateCaIsTrustedForImages()
{
    netfixtures::TlsHttpServer server(m_cert->serverConfiguration(), png());
    QVERIFY(server.port() != 0);
    const QString base = QStringLiteral("https://127.0.0.1:%1").arg(server.port());
    settings::NetworkManager app;
    ui::ImageCache images{QUrl(base), m_dir.filePath(QStringLiteral("tls"))};
    images.followNetwork(&app);
    QSignalSpy loaded(&images, &ui::ImageCache::imageLoaded);
    QSignalSpy failed(&images, &ui::ImageCache::imageFailed);

    // Not trusted yet: refused, never shown.
    const QUrl untrusted(base + QStringLiteral("/before.png"));
    QVERIFY(images.request(untrusted));
    QTRY_COMPARE(failed.count(), 1);
    QVERIFY(images.image(untrusted).isNull());

    // The same certificate as the settings' trusted CA file: the picture loads.
    settings::Settings s;
    s.trustedCaFile = m_cert->certificatePath;
    QString error;
    app.setNetworkConfig(settings::NetworkConfig::fromSettings(s, &error));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QUrl trusted(base + QStringLiteral("/after.png"));
    QVERIFY(images.request(trusted));
    QTRY_COMPARE(loaded.count(), 1);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(images.image(trusted).size(), QSize(4, 4));
}

void TestImageNetwork::popupsFollowTheAppsNetwork()
{
    // The notifier's popups take the app's manager's configuration, now and after a change in the settings.
    client::PushClient pushClient;
    settings::SettingsModel model(m_dir.filePath(QStringLiteral("notifier.ini")));
    settings::NetworkManager app;
    ui::NotifierContext context;
    context.client = &pushClient;
    context.network = &app;
    context.settings = &model;
    ui::Notifier notifier(context);
    auto* popups = qobject_cast<ui::PopupPresenter*>(notifier.presenter());
    QVERIFY(popups);
    settings::Settings s;
    s.trustedCaFile = m_cert->certificatePath;
    app.setNetworkConfig(settings::NetworkConfig::fromSettings(s));
    QCOMPARE(popups->images()->networkConfig().trustedCertificates(), QList<QSslCertificate>{m_cert->certificate});
}

QTEST_MAIN(TestImageNetwork)
#include "tst_imagenetwork.moc"
