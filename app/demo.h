// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>
#include <QUrl>

#include <memory>

class QWebSocket;

namespace server {
class Companion;
}
namespace ui {
class Notifier;
}

/// `--demo`: an embedded companion server on free loopback ports with the built-in demo data, and a short
/// scripted scenario (an inbox message, an @ message with faces, Markdown and a quote, a robot going online and
/// offline) so a new user sees what the app does within seconds, offline and without an account.
class DemoScenario : public QObject
{
    Q_OBJECT

public:
    explicit DemoScenario(QObject* parent = nullptr);
    ~DemoScenario() override;

    bool start(QString* error);
    QUrl siteUrl() const;
    QUrl pushUrl() const;
    QString sid() const;

    /// Plays the scenario once; `firstDelayMs` is the pause before the first message.
    void play(int firstDelayMs = 1500);

    /// For scripts/screenshots.sh (HU60_SCREENSHOT_DIR): while the scenario plays, grabs the app's own windows
    /// (inbox popup, @ popup, robot panel, tray menu, settings, history) into `directory` as PNGs, then emits
    /// screenshotsDone(). Deterministic: driven by the scenario's events, not by timing alone.
    void captureScreenshots(ui::Notifier* notifier, const QString& directory);

Q_SIGNALS:
    void finished();
    void screenshotsDone(bool ok);

private:
    void robotOnline();
    void robotOffline();

    std::unique_ptr<server::Companion> m_companion;
    QPointer<QWebSocket> m_robot;
};
