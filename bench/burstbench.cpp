// SPDX-License-Identifier: GPL-3.0-or-later
// Item 5: a burst of messages pushed at once. How long until the UI thread is free again, how long it was stalled
// at worst, and how many popup cards appeared (the presenter must coalesce a burst into one summary card).
#include "bench/benchmarks.h"
#include "bench/clientstack.h"
#include "bench/serverthread.h"

#include "core/inbox/inbox.h"
#include "core/server/companion.h"
#include "ui/popup/notificationpopup.h"
#include "ui/popup/popuppresenter.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <atomic>
#include <memory>

namespace bench {
QJsonArray sequencedContent(int sequence);
}

int bench::burst(const Options& options)
{
    QTextStream err(stderr);
    ServerThread server;
    QString error;
    if (!server.start(&error)) {
        err << error << '\n';
        return 1;
    }
    ClientStack stack(server.pushUrl(), server.httpUrl());
    if (!stack.connectAndCatchUp(10'000)) {
        err << "burst: no connection / catch-up\n";
        return 1;
    }
    QTemporaryDir images;
    ui::PopupPresenter presenter(server.httpUrl(), nullptr, images.path());
    presenter.setOpenUrls(false);

    const int count = options.smoke ? 200 : 5000;
    QElapsedTimer clock;
    QSet<const void*> cards;
    int maxVisible = 0;
    int delivered = 0;
    qint64 lastDeliveredNs = -1;
    QEventLoop loop;
    QObject::connect(stack.inbox(), &inbox::Inbox::notificationReady, &loop,
                     [&](const inbox::Notification& notification) {
                         presenter.show(notification);
                         const QList<ui::NotificationPopup*> popups = presenter.popups();
                         for (const ui::NotificationPopup* popup : popups)
                             cards.insert(popup);
                         if (const ui::NotificationPopup* summary = presenter.summaryPopup())
                             cards.insert(summary);
                         maxVisible = std::max(maxVisible, presenter.visibleCount());
                         if (++delivered == count) {
                             lastDeliveredNs = clock.nsecsElapsed();
                             // Responsive again = the next event posted after the last card is handled.
                             QTimer::singleShot(0, &loop, [&loop] { loop.exit(0); });
                         }
                     });
    // The UI thread's heartbeat: the longest gap between two beats is the longest the UI was frozen.
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    heartbeat.setInterval(5);
    qint64 lastBeatNs = 0;
    qint64 maxGapNs = 0;
    QObject::connect(&heartbeat, &QTimer::timeout, &loop, [&] {
        const qint64 now = clock.nsecsElapsed();
        maxGapNs = std::max(maxGapNs, now - lastBeatNs);
        lastBeatNs = now;
    });
    auto pushedNs = std::make_shared<std::atomic<qint64>>(0);
    QTimer::singleShot(180'000, &loop, [&loop] { loop.exit(1); });
    clock.start();
    heartbeat.start();
    const qint64 startNs = clock.nsecsElapsed();
    server.post([count, pushedNs, startedAt = clock](server::Companion* companion) {
        for (int i = 0; i < count; ++i)
            companion->insertMessage(server::Companion::demoUid(), 2333, 0, sequencedContent(i));
        *pushedNs = startedAt.nsecsElapsed();
    });
    const int rc = loop.exec();
    const qint64 responsiveNs = clock.nsecsElapsed();
    heartbeat.stop();
    if (rc != 0) {
        err << "burst: only " << delivered << " of " << count << " notifications arrived\n";
        return 1;
    }
    emitMetric(QStringLiteral("burst_messages"), count, QString());
    emitMetric(QStringLiteral("burst_server_push_ms"), double(pushedNs->load() - startNs) / 1e6, QStringLiteral("ms"));
    emitMetric(QStringLiteral("burst_last_ready_ms"), double(lastDeliveredNs - startNs) / 1e6, QStringLiteral("ms"));
    emitMetric(QStringLiteral("burst_responsive_ms"), double(responsiveNs - startNs) / 1e6, QStringLiteral("ms"));
    emitMetric(QStringLiteral("burst_max_stall_ms"), double(maxGapNs) / 1e6, QStringLiteral("ms"));
    emitMetric(QStringLiteral("burst_cards_created"), double(cards.size()), QStringLiteral("cards"));
    emitMetric(QStringLiteral("burst_cards_visible_max"), maxVisible, QStringLiteral("cards"));
    return 0;
}
