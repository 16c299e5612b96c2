// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/notifier.h"

#include "core/client/pushclient.h"
#include "core/content/content.h"
#include "core/forum/forumapi.h"
#include "core/forum/userdirectory.h"
#include "core/inbox/historystore.h"
#include "core/inbox/inbox.h"
#include "core/logging.h"
#include "core/presence/presencemodel.h"
#include "core/settings/autostart.h"
#include "core/settings/credentialstore.h"
#include "core/settings/networkconfig.h"
#include "core/settings/settingsmodel.h"
#include "ui/bots/avatarcache.h"
#include "ui/bots/robotpanel.h"
#include "ui/history/historywindow.h"
#include "ui/native/nativepresenter.h"
#include "ui/popup/imagecache.h"
#include "ui/popup/notificationpopup.h" // popuppresenter.h holds a QPointer to it
#include "ui/popup/popuppresenter.h"
#include "ui/reply/replywindow.h"
#include "ui/settings/settingsdialog.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QJsonObject>
#include <QMessageBox>
#include <QPushButton>
#include <QWidget>

#include <array>

namespace ui {

namespace {

void raise(QWidget* window)
{
    window->show();
    window->raise();
    window->activateWindow();
}

// What the presenters show notifications with.
bool presentationChanged(const settings::Settings& a, const settings::Settings& b)
{
    return a.site != b.site || a.corner != b.corner || a.popupSeconds != b.popupSeconds || a.sound != b.sound;
}

} // namespace

Notifier::Notifier(const NotifierContext& context, QObject* parent)
    : QObject(parent)
    , m_context(context)
    , m_ownSettings(context.settings
                        ? nullptr
                        : std::make_unique<settings::SettingsModel>(settings::SettingsModel::Storage::Memory))
    , m_model(context.settings ? context.settings : m_ownSettings.get())
    , m_policy(m_model->value())
    , m_robots(std::make_unique<presence::PresenceModel>())
    , m_avatars(std::make_unique<AvatarCache>(context.network))
    , m_tray(std::make_unique<TrayIcon>(context.client, m_robots.get()))
{
    Q_ASSERT(m_context.client);
    client::PushClient* pushClient = m_context.client;

    // Replies written while offline go out once the connection is back.
    connect(pushClient, &client::PushClient::connected, this, &Notifier::flushOutbox);

    // Tray requests.
    TrayIcon* tray = m_tray.get();
    connect(tray, &TrayIcon::quitRequested, this, &Notifier::quitRequested);
    connect(tray, &TrayIcon::inboxPageRequested, this, [this] { openPage(QStringLiteral("msg.index.inbox.html")); });
    connect(tray, &TrayIcon::mentionsPageRequested, this, [this] { openPage(QStringLiteral("msg.index.@.html")); });
    connect(tray, &TrayIcon::robotsRequested, this, &Notifier::showRobots);
    connect(tray, &TrayIcon::historyRequested, this, &Notifier::showHistory);
    connect(tray, &TrayIcon::settingsRequested, this, [this] { showSettings(); });
    connect(tray, &TrayIcon::loginRequested, this, [this] { showSettings(int(SettingsDialog::Page::Account)); });
    connect(tray, &TrayIcon::doNotDisturbRequested, this, &Notifier::onDoNotDisturb);
    connect(tray, &TrayIcon::activated, this, &Notifier::openNewest);
    connect(tray, &TrayIcon::networkProblemRequested, this, &Notifier::showNetworkProblemDetails);
    connect(tray, &TrayIcon::retranslated, this, &Notifier::updateDndState); // "until 11:42" in the new language
    connect(tray, &TrayIcon::retranslated, this, &Notifier::retranslatePresenterChoice);
    connect(tray, &TrayIcon::trayUnavailable, this, [this, pushClient] {
        // Said once, through the channel that works without a tray; not before or while the connection is being
        // made (a popup's layout and fonts would delay it), but as soon as an attempt is over.
        if (m_toldNoTray)
            return;
        m_toldNoTray = true;
        const auto waiting = [](client::PushClient::State state) {
            return state == client::PushClient::State::Idle || state == client::PushClient::State::Connecting;
        };
        if (!waiting(pushClient->state())) {
            tellNoTray();
            return;
        }
        // An attempt is over when the state leaves Connecting, or when it fails without leaving Idle (a refused
        // unencrypted URL): whichever comes first tells, once.
        auto connections = std::make_shared<std::array<QMetaObject::Connection, 2>>();
        const auto tellOnce = [this, connections] {
            for (const QMetaObject::Connection& c : *connections)
                disconnect(c);
            tellNoTray();
        };
        (*connections)[0] = connect(pushClient, &client::PushClient::stateChanged, this,
                                    [tellOnce, waiting](client::PushClient::State state) {
                                        if (!waiting(state))
                                            tellOnce();
                                    });
        (*connections)[1] = connect(pushClient, &client::PushClient::failure, this, tellOnce);
    });

    // Robots: lsol replaces the list, online/offline change it; the names and avatars come from the forum.
    presence::PresenceModel* robots = m_robots.get();
    applyPresence(currentSettings().robotPresence);
    connect(pushClient, &client::PushClient::onlineListReceived, robots, &presence::PresenceModel::setOnlineList);
    connect(pushClient, &client::PushClient::robotOnline, robots,
            [robots](const protocol::Presence& p) { robots->setCount(p.uid, p.count); });
    connect(pushClient, &client::PushClient::robotOffline, robots,
            [robots](const protocol::Presence& p) { robots->setCount(p.uid, p.count); });
    // Without a connection the list is unknown; the next lsol after reconnecting refills it.
    connect(pushClient, &client::PushClient::stateChanged, robots, [robots](client::PushClient::State state) {
        if (state != client::PushClient::State::Connected)
            robots->clear();
    });
    connect(robots, &QAbstractItemModel::rowsInserted, this, &Notifier::resolveRobotNames);
    connect(robots, &QAbstractItemModel::modelReset, this, &Notifier::resolveRobotNames);
    if (m_context.users) {
        connect(m_context.users, &forum::UserDirectory::userResolved, robots,
                [this](qint64 uid) { m_robots->setName(uid, m_context.users->name(uid)); });
    }

    // Notifications and counts.
    if (m_context.inbox) {
        connect(m_context.inbox, &inbox::Inbox::notificationReady, this, &Notifier::onNotification);
        connect(m_context.inbox, &inbox::Inbox::unreadCountsChanged, tray, &TrayIcon::setUnreadCounts);
        // Read on the forum (or in another client): what is shown of that kind is old news.
        connect(m_context.inbox, &inbox::Inbox::unreadCountsChanged, this, [this](int inboxCount, int mentions) {
            // When a count drops to 0, everything of the kinds now at 0 goes (a summary of both once both are).
            const bool dropped = (inboxCount == 0 && m_unreadInbox != 0) || (mentions == 0 && m_unreadMentions != 0);
            if (m_presenter && dropped)
                m_presenter->withdrawRead(inboxCount == 0, mentions == 0);
            m_unreadInbox = inboxCount;
            m_unreadMentions = mentions;
        });
        connect(m_context.inbox, &inbox::Inbox::loginNeeded, tray, [tray] { tray->setLoginNeeded(true); });
        connect(pushClient, &client::PushClient::connected, tray, [tray] { tray->setLoginNeeded(false); });
        // Read on the forum, as the catch-up found: exactly those messages are taken back.
        connect(m_context.inbox, &inbox::Inbox::readElsewhere, this, [this](const QList<qint64>& ids) {
            if (!m_presenter)
                return;
            for (qint64 id : ids)
                m_presenter->withdraw(id);
        });
    }

    // Certificate problems of the push socket and of every forum request: refused by core, explained here.
    connect(pushClient, &client::PushClient::tlsProblem, this, [this](const settings::TlsProblem& problem) {
        onTlsProblem(problem);
        m_problemFromPush = true;
    });
    connect(pushClient, &client::PushClient::connected, this, [this] {
        if (m_problemFromPush)
            clearNetworkProblem();
    });
    if (auto* manager = qobject_cast<settings::NetworkManager*>(m_context.network))
        connect(manager, &settings::NetworkManager::tlsProblem, this, &Notifier::onTlsProblem);

    // Do-not-disturb "until" ends by itself: re-check every half minute while it is on.
    m_dndTimer.setInterval(30'000);
    connect(&m_dndTimer, &QTimer::timeout, this, &Notifier::updateDndState);
    connect(m_model, &settings::SettingsModel::changed, this, &Notifier::onSettingsChanged);
    setPresenter(currentSettings().presenter);
    updateDndState();
}

Notifier::~Notifier() = default;

const settings::Settings& Notifier::currentSettings() const
{
    return m_model->value();
}

void Notifier::tellNoTray()
{
    if (!m_presenter)
        return;
    inbox::Notification notice;
    notice.senderName = tr("hu60 Notifier");
    notice.summary = tr("No system tray was found. The notifier keeps running: messages still pop up, and "
                        "starting it again opens the history.");
    notice.html = notice.summary.toHtmlEscaped();
    notice.receivedAt = now();
    notice.count = 0;
    m_presenter->show(notice);
}

QDateTime Notifier::now() const
{
    return m_context.clock ? m_context.clock() : QDateTime::currentDateTime();
}

void Notifier::setSid(const QString& sid)
{
    m_sid = sid;
    if (m_settingsDialog)
        m_settingsDialog->setSid(sid);
}

void Notifier::onSettingsChanged(const settings::Settings& old, const settings::Settings& s)
{
    // Muted (in the settings or from a notification): what is shown of them goes.
    if (m_presenter) {
        for (qint64 uid : s.mutedUids) {
            if (!old.mutedUids.contains(uid))
                m_presenter->withdrawSender(uid);
        }
    }
    m_policy.setSettings(s);
    if (settings::connectionChanged(old, s)) {
        // New trust or proxy: a problem that persists is reported (and notified) again by whoever finds it.
        m_shownProblems.clear();
        clearNetworkProblem();
    }
    if (s.presenter != old.presenter || !m_presenter) {
        setPresenter(s.presenter);
    } else if (presentationChanged(old, s)) {
        if (auto* popups = qobject_cast<PopupPresenter*>(m_presenter))
            popups->applySettings(s);
        // Also while it waits for a notification service and the popups stand in.
        if (m_native) {
            m_native->setSiteBase(s.site);
            m_native->setSound(s.sound);
            m_native->setTimeout(std::chrono::seconds(s.popupSeconds));
        }
    }
    if (s.site != old.site) {
        if (m_robotPanel)
            m_robotPanel->setSiteBase(s.site);
        if (m_historyWindow)
            m_historyWindow->setRenderOptions(historyRenderOptions());
    }
    if (m_robots->isEnabled() != s.robotPresence)
        applyPresence(s.robotPresence);
    if (s.startOnLogin != old.startOnLogin && s.startOnLogin != settings::autostart::isEnabled()) {
        QString error;
        if (!settings::autostart::setEnabled(s.startOnLogin, m_context.executable, &error)) {
            qCWarning(lcUi).noquote() << "Could not change the autostart entry:" << error;
            if (m_settingsDialog)
                m_settingsDialog->showAutostartProblem(error);
            // The setting says what is (reported to every consumer once this change has reached them).
            m_model->update([](settings::Settings& now) { now.startOnLogin = settings::autostart::isEnabled(); });
        }
    }
    updateDndState();
}

bool Notifier::canPlacePopups(const QString& platformName)
{
    // Wayland (and e.g. eglfs/vnc) give a client no say over where its windows go or whether they take focus.
    return platformName == u"xcb" || platformName == u"windows" || platformName == u"cocoa" ||
           platformName == u"offscreen" || platformName == u"minimal";
}

Notifier::PresenterChoice Notifier::choosePresenter(settings::Presenter wanted, const QString& platformName)
{
    switch (wanted) {
    case settings::Presenter::Popup:
        return {settings::Presenter::Popup, tr("Rich popups, as chosen.")};
    case settings::Presenter::Native:
        return {settings::Presenter::Native, tr("The desktop's notifications, as chosen.")};
    case settings::Presenter::Automatic:
        break;
    }
    if (canPlacePopups(platformName)) {
        return {settings::Presenter::Popup,
                tr("Rich popups: this desktop (%1) lets them appear in a corner without taking the keyboard focus.")
                    .arg(platformName)};
    }
    return {settings::Presenter::Native,
            tr("The desktop's notifications: on this desktop (%1) the app cannot place its own popups, and they "
               "could take the keyboard focus.")
                .arg(platformName)};
}

void Notifier::setPresenter(settings::Presenter wanted)
{
    const PresenterChoice choice = choosePresenter(wanted, QGuiApplication::platformName());
    m_wantedChoice = choice;
    if (choice.kind != settings::Presenter::Native) {
        if (m_native) {
            m_native->clear();
            if (m_presenter == m_native)
                m_presenter = nullptr;
            delete m_native;
        }
        usePresenter(choice, createPopups());
        return;
    }
    NativePresenter* native = m_native ? m_native.data() : createNative();
    if (native->isAvailable())
        usePresenter(choice, native);
    else
        useFallback(native->unavailableReason());
}

void Notifier::retranslatePresenterChoice()
{
    // A reason is written in the language of the moment it was given. The choice the settings make is worded again
    // in the new language (and so the note in use, while it is that choice); a fallback's reason keeps its words
    // until the next change.
    const PresenterChoice fresh = choosePresenter(currentSettings().presenter, QGuiApplication::platformName());
    if (fresh.kind != m_wantedChoice.kind)
        return;
    const bool following = m_presenterChoice.reason == m_wantedChoice.reason;
    m_wantedChoice.reason = fresh.reason;
    if (!following)
        return;
    m_presenterChoice.reason = fresh.reason;
    if (m_settingsDialog)
        m_settingsDialog->setPresenterInUse(fresh.reason);
}

NativePresenter* Notifier::createNative()
{
    auto* native = new NativePresenter(currentSettings().site, this);
    m_native = native;
    native->setSound(currentSettings().sound);
    native->setTimeout(std::chrono::seconds(currentSettings().popupSeconds));
    // The sender's avatar once it is known, else the coloured initial the popups and robot panel show.
    native->setImageSource([this](const inbox::Notification& n) {
        if (n.byuid == 0)
            return QImage();
        const QUrl avatar = m_context.users ? m_context.users->avatar(n.byuid) : QUrl();
        return m_avatars->avatar(n.byuid, avatar, n.senderName, NativePresenter::imageSize).toImage();
    });
    // No notification service (none yet, it went away or it failed): the fallback takes over, and the native one
    // waits for a service to come (back); the setting stays as it is.
    connect(native, &NativePresenter::serviceUnavailable, this, [this, native](const QString& reason) {
        qCInfo(lcUi).noquote() << "Desktop notifications unavailable (" << reason << "); using the fallback.";
        if (m_presenter == native)
            useFallback(reason);
    });
    connect(native, &NativePresenter::serviceAvailable, this, [this, native] {
        if (m_wantedChoice.kind == settings::Presenter::Native && m_presenter != native) {
            qCInfo(lcUi) << "Desktop notifications are back.";
            usePresenter(m_wantedChoice, native);
        }
    });
    // What it could not show (the service went away with the message on its way) is shown the other way.
    connect(native, &NativePresenter::undelivered, this, [this, native](const inbox::Notification& n) {
        if (m_presenter == native) {
            qCDebug(lcUi) << "notification" << n.id << "undelivered, and no fallback in use";
            return;
        }
        present(n);
    });
    connectPresenter(native);
    return native;
}

PopupPresenter* Notifier::createPopups()
{
    auto* popups = new PopupPresenter(currentSettings().site, this);
    popups->applySettings(currentSettings());
    // Pictures through the app's proxy, trusting its private CA, like every other request.
    popups->images()->followNetwork(qobject_cast<settings::NetworkManager*>(m_context.network));
    // Where cards cannot be placed (Wayland without a notification service), a pile of them mid-screen would
    // cover one another: one card at a time, the rest join its summary.
    if (!canPlacePopups(QGuiApplication::platformName()))
        popups->setMaxVisible(1);
    connectPresenter(popups);
    return popups;
}

void Notifier::useFallback(const QString& reason)
{
    if (canPlacePopups(QGuiApplication::platformName())) {
        usePresenter(
            {settings::Presenter::Popup, tr("Rich popups: the desktop has no notification service (%1).").arg(reason)},
            createPopups());
        return;
    }
    // Our windows would take the keyboard focus here: while a tray shows the news, they stay closed.
    usePresenter({settings::Presenter::Popup,
                  tr("The tray's badge: the desktop has no notification service (%1), and popups here would "
                     "take the keyboard focus. Without a tray, one popup at a time.")
                      .arg(reason),
                  true},
                 createPopups());
}

void Notifier::connectPresenter(Presenter* presenter)
{
    connect(presenter, &Presenter::activated, this, &Notifier::onActivated);
    connect(presenter, &Presenter::markReadRequested, this, &Notifier::markRead);
    connect(presenter, &Presenter::muteRequested, this, &Notifier::mute);
    connect(presenter, &Presenter::replyRequested, this, &Notifier::onReply);
}

void Notifier::usePresenter(const PresenterChoice& choice, Presenter* presenter)
{
    // The native presenter outlives its fallback (it watches for the service to come back); popups do not.
    if (m_presenter && m_presenter != presenter && m_presenter != m_native) {
        m_presenter->clear();
        m_presenter->deleteLater();
    }
    m_presenter = presenter;
    m_presenterChoice = choice;
    qCInfo(lcUi).noquote() << "Presenter:" << choice.reason;
    if (m_settingsDialog)
        m_settingsDialog->setPresenterInUse(choice.reason);
    emit presenterChoiceChanged(choice);
}

void Notifier::onReply(qint64 id, qint64 uid, const QString& text)
{
    emit replyRequested(id, uid, text);
    // Typed inline to an inbox message: sent from here as a new message to the sender (forum-api §12). To an @
    // (uid 0): posted where it came from, the chat room or topic, mentioning its author. "Reply…" without text
    // still goes to the forum's own page.
    if (uid > 0 && !text.trimmed().isEmpty() && m_context.api) {
        sendReply(id, uid, text);
        return;
    }
    if (uid == 0 && !text.trimmed().isEmpty() && m_context.api && m_replyTargets.contains(id)) {
        replyWhereMentioned(id, text);
        return;
    }
    // "Reply…" without text: a small window of our own, else the forum's page.
    if (text.isEmpty() && m_context.api && showReplyWindow(id))
        return;
    openConversation(id, uid, text);
}

ReplyWindow* Notifier::showReplyWindow(qint64 id)
{
    // A closed one is on its way out (deleted on close, later): a new one then.
    if (const QPointer<ReplyWindow> open = m_replyWindows.value(id); open && open->isVisible()) {
        raise(open.data());
        return open.data();
    }
    const auto found = m_recent.constFind(id);
    if (found == m_recent.cend() || (found->type == 1 && !m_replyTargets.contains(id)))
        return nullptr;
    const inbox::Notification to = *found;
    const QString draftKey = to.type == 1 ? QStringLiteral("m%1").arg(id) : QStringLiteral("u%1").arg(to.byuid);
    auto* window = new ReplyWindow(to, m_drafts.value(draftKey), historyRenderOptions());
    m_replyWindows.insert(id, window); // a QPointer: null once the window is gone, replaced by the next one
    for (auto it = m_replyWindows.begin(); it != m_replyWindows.end();)
        it = it.value().isNull() ? m_replyWindows.erase(it) : std::next(it);
    connect(window, &ReplyWindow::draftChanged, this, [this, draftKey](const QString& text) {
        if (text.trimmed().isEmpty())
            m_drafts.remove(draftKey);
        else
            m_drafts.insert(draftKey, text);
    });
    connect(window, &ReplyWindow::sendRequested, this, [this, window, to, draftKey](const QString& text) {
        const QPointer<ReplyWindow> guard(window);
        deliverReply(to, text, [this, guard, to, text, draftKey](bool sent, const forum::Error& error) {
            if (sent) {
                m_drafts.remove(draftKey);
                markRead(to.id);
                showNotice(tr("Reply sent to %1").arg(NotificationPopup::titleFor(to)));
            } else if (error.notSent) {
                // Offline: nothing reached the forum, so it can safely go out once the connection is back.
                m_outbox.append({to, text, draftKey});
                showNotice(tr("No connection: the reply to %1 goes out when the connection is back")
                               .arg(NotificationPopup::titleFor(to)),
                           text);
                if (guard)
                    guard->sendFinished(true, QString());
                return;
            }
            if (guard)
                guard->sendFinished(sent, sent ? QString() : tr("Not sent: %1").arg(failureReason(error)));
        });
    });
    window->show();
    raise(window);
    return window;
}

void Notifier::deliverReply(const inbox::Notification& to, const QString& text,
                            std::function<void(bool sent, const forum::Error& error)> done)
{
    if (to.type == 1) {
        const ReplyTarget where = m_replyTargets.value(to.id);
        m_context.api->replyWhere(where.target, where.author, text, this,
                                  [done](const std::optional<forum::Posted>& posted, const forum::Error& error) {
                                      done(posted.has_value(), error);
                                  });
        return;
    }
    m_context.api->sendMessage(to.byuid, forum::markdownPost(text), this,
                               [done](const std::optional<forum::SentMessage>& sent, const forum::Error& error) {
                                   done(sent.has_value(), error);
                               });
}

void Notifier::flushOutbox()
{
    if (!m_context.api || m_outbox.isEmpty() || m_flushingOutbox)
        return;
    // One at a time, in the order written; whatever cannot go out yet waits for the next connection.
    m_flushingOutbox = true;
    const Outgoing next = m_outbox.takeFirst();
    deliverReply(next.to, next.text, [this, next](bool sent, const forum::Error& error) {
        m_flushingOutbox = false;
        const QString name = NotificationPopup::titleFor(next.to);
        if (sent) {
            m_drafts.remove(next.draftKey);
            markRead(next.to.id);
            showNotice(tr("Reply sent to %1 (it waited for the connection)").arg(name));
            flushOutbox();
            return;
        }
        if (error.notSent) {
            m_outbox.prepend(next);
            return;
        }
        showNotice(tr("Reply to %1 not sent: %2").arg(name, failureReason(error)), next.text);
        flushOutbox();
    });
}

void Notifier::rememberReplyTarget(const inbox::Notification& notification)
{
    if (notification.id > 0) {
        if (m_recent.size() >= maxReplyTargets)
            m_recent.erase(m_recent.begin());
        m_recent.insert(notification.id, notification);
    }
    if (notification.type != 1 || notification.id <= 0 || notification.content.isEmpty())
        return;
    const QJsonObject atMsg = notification.content.first().toObject();
    const auto target = forum::postTargetOf(atMsg.value(u"url").toString());
    if (atMsg.value(u"type").toString() != u"atMsg" || !target)
        return;
    const qint64 author = atMsg.value(u"uid").isDouble() ? atMsg.value(u"uid").toInteger() : notification.byuid;
    if (m_replyTargets.size() >= maxReplyTargets)
        m_replyTargets.erase(m_replyTargets.begin()); // any one: the newest are what gets answered
    m_replyTargets.insert(notification.id, ReplyTarget{*target, author});
}

void Notifier::replyWhereMentioned(qint64 id, const QString& text)
{
    const ReplyTarget where = m_replyTargets.value(id);
    QString name = m_context.users ? m_context.users->name(where.author) : QString();
    if (name.isEmpty())
        name = tr("#%1").arg(where.author);
    m_context.api->replyWhere(
        where.target, where.author, text, this,
        [this, id, text, name](const std::optional<forum::Posted>& posted, const forum::Error& error) {
            if (posted) {
                qCInfo(lcUi) << "answer to @ message" << id << "posted";
                markRead(id);
                showNotice(tr("Replied to %1 where you were mentioned").arg(name));
                return;
            }
            qCInfo(lcUi).noquote() << "answer to @ message" << id << "not posted:" << error.message;
            showNotice(tr("Reply to %1 not sent: %2").arg(name, failureReason(error)), text);
            openConversation(id, 0, text);
        });
}

void Notifier::openConversation(qint64 id, qint64 uid, const QString& text)
{
    // The forum's own page takes the reply: the conversation with the sender for an inbox message, the message
    // itself otherwise. Typed text also goes on the clipboard where the platform lets us (not on Wayland without
    // the keyboard focus: the notification that sent us here says what was typed).
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
    const QString page =
        uid > 0 ? QStringLiteral("msg.index.chat.%1.html").arg(uid) : QStringLiteral("msg.index.view.%1.html").arg(id);
    QDesktopServices::openUrl(content::pageUrl(page, currentSettings().site));
}

void Notifier::sendReply(qint64 id, qint64 uid, const QString& text)
{
    QString name = m_context.users ? m_context.users->name(uid) : QString();
    if (name.isEmpty())
        name = tr("#%1").arg(uid);
    m_context.api->sendMessage(
        uid, forum::markdownPost(text), this,
        [this, id, uid, text, name](const std::optional<forum::SentMessage>& sent, const forum::Error& error) {
            if (sent) {
                qCInfo(lcUi) << "reply to message" << id << "sent";
                markRead(id);
                showNotice(tr("Reply sent to %1").arg(name));
                return;
            }
            qCInfo(lcUi).noquote() << "reply to message" << id << "not sent:" << error.message;
            const QString reason = failureReason(error);
            showNotice(tr("Reply to %1 not sent: %2").arg(name, reason), text);
            openConversation(id, uid, text);
        });
}

QString Notifier::failureReason(const forum::Error& error) const
{
    switch (error.kind) {
    case forum::ErrorKind::NotLoggedIn:
        return tr("the forum wants you to log in again");
    case forum::ErrorKind::Timeout:
    case forum::ErrorKind::Network:
        // The request may have reached the forum before the answer was lost: never resent blindly.
        return tr("no answer from the forum (%1); it may have arrived, check the conversation").arg(error.message);
    case forum::ErrorKind::RateLimited:
        return tr("the forum asks to slow down (try again in %n s)", nullptr, error.retryAfterSeconds);
    case forum::ErrorKind::MaybeSent:
        return tr("the forum says it may have been posted already; check before sending again");
    default:
        break;
    }
    return error.message;
}

void Notifier::askRobot(qint64 robot, const QString& question)
{
    if (!m_context.api) {
        if (m_robotPanel)
            m_robotPanel->askFinished(false, tr("Not connected to the forum."));
        return;
    }
    QString name = m_context.users ? m_context.users->name(robot) : QString();
    if (name.isEmpty())
        name = tr("#%1").arg(robot);
    // The forum's way (its robot page does the same): a Markdown post in the room "hu60bot" mentioning the robot.
    const forum::PostTarget room{forum::PostTarget::Kind::ChatRoom, QStringLiteral("hu60bot"), 0, -1};
    m_context.api->replyWhere(
        room, robot, question, this,
        [this, robot, name](const std::optional<forum::Posted>& posted, const forum::Error& error) {
            if (!m_robotPanel)
                return;
            if (posted) {
                qCInfo(lcUi) << "asked robot" << robot;
                m_robotPanel->askFinished(true, tr("Asked %1. The answer arrives as an @ message.").arg(name));
                return;
            }
            qCInfo(lcUi).noquote() << "question to robot" << robot << "not sent:" << error.message;
            m_robotPanel->askFinished(false, tr("Not sent: %1").arg(failureReason(error)));
        });
}

void Notifier::showNotice(const QString& line, const QString& quoted)
{
    if (!m_presenter)
        return;
    inbox::Notification notice;
    notice.senderName = tr("hu60 Notifier");
    notice.summary = quoted.isEmpty() ? line : line + u'\n' + quoted;
    notice.html = line.toHtmlEscaped();
    if (!quoted.isEmpty())
        notice.html += QStringLiteral("<br>") + quoted.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>"));
    notice.receivedAt = now();
    notice.count = 0;
    m_presenter->show(notice);
}

void Notifier::onNotification(const inbox::Notification& notification)
{
    const inbox::PolicyDecision decision = m_policy.decide(notification, now());
    if (!decision.shown()) {
        qCDebug(lcUi) << "notification" << notification.id << "suppressed:" << int(decision.reason);
        emit notificationSuppressed(notification, decision.reason);
        return;
    }
    present(notification);
    emit notificationShown(notification);
}

void Notifier::present(const inbox::Notification& notification)
{
    rememberReplyTarget(notification);
    if (m_presenterChoice.trayOnly && m_tray->isTrayShown()) {
        qCDebug(lcUi) << "notification" << notification.id << "shown by the tray's badge only";
        return;
    }
    if (m_presenter)
        m_presenter->show(notification);
}

void Notifier::onActivated(qint64 id, const QUrl& url)
{
    if (id > 0)
        markRead(id);
    else if (url == networkProblemUrl())
        showNetworkProblemDetails();
}

void Notifier::markRead(qint64 id)
{
    if (m_presenter)
        m_presenter->withdraw(id);
    if (m_context.inbox && id > 0)
        m_context.inbox->markRead(id);
    else if (m_context.history)
        m_context.history->setRead(id);
}

void Notifier::mute(qint64 uid)
{
    if (uid == 0)
        return;
    if (m_presenter)
        m_presenter->withdrawSender(uid);
    // Only this field: an open settings dialog keeps its edits (and shows nothing new: it lists no muted senders).
    m_model->update([uid](settings::Settings& s) {
        if (!s.mutedUids.contains(uid))
            s.mutedUids.append(uid);
    });
}

void Notifier::logOut()
{
    if (m_context.credentials)
        m_context.credentials->forgetSid();
    m_model->update([](settings::Settings& s) {
        s.uid = 0;
        s.userName.clear();
    });
    emit loggedOut();
}

void Notifier::onDoNotDisturb(TrayIcon::DndChoice choice)
{
    const QDateTime current = now();
    m_model->update([choice, current](settings::Settings& s) {
        switch (choice) {
        case TrayIcon::DndChoice::Off:
            s.doNotDisturb = false;
            s.dndUntil = QDateTime();
            break;
        case TrayIcon::DndChoice::OneHour:
            s.doNotDisturb = true;
            s.dndUntil = current.addSecs(3600);
            break;
        case TrayIcon::DndChoice::UntilTomorrow:
            s.doNotDisturb = true;
            s.dndUntil = QDateTime(current.date().addDays(1), QTime(8, 0));
            break;
        case TrayIcon::DndChoice::QuietHoursOn:
            s.quietHours = true;
            break;
        case TrayIcon::DndChoice::QuietHoursOff:
            s.quietHours = false;
            break;
        }
    });
    updateDndState();
}

void Notifier::updateDndState()
{
    const QDateTime current = now();
    const bool quiet = m_policy.isQuiet(current);
    QString description;
    if (quiet) {
        const QDateTime until = m_policy.quietUntil(current);
        if (!until.isValid())
            description = tr("until turned off");
        else if (until.date() == current.date())
            description = tr("until %1").arg(until.toString(u"HH:mm"));
        else
            description = tr("until tomorrow %1").arg(until.toString(u"HH:mm"));
    }
    m_tray->setDoNotDisturb(quiet, description, currentSettings().quietHours);
    if (currentSettings().doNotDisturb || currentSettings().quietHours)
        m_dndTimer.start();
    else
        m_dndTimer.stop();
}

void Notifier::applyPresence(bool wanted)
{
    m_robots->setEnabled(wanted);
    m_context.client->setPresenceWanted(wanted, true);
}

void Notifier::resolveRobotNames()
{
    if (!m_context.users)
        return;
    // One bot list call names most robots (and gives their avatars) at once; user.info fills the rest.
    if (!m_botListFetched && m_context.api) {
        m_botListFetched = true;
        m_context.api->fetchBotList(
            this, [this](const std::optional<QList<forum::UserInfo>>& bots, const forum::Error& error) {
                if (!bots) {
                    qCDebug(lcUi) << "bot list unavailable:" << error.message;
                    return;
                }
                for (const forum::UserInfo& bot : *bots)
                    m_context.users->insert(bot);
            });
    }
    const QList<qint64> uids = m_robots->uids();
    m_context.users->resolve(uids, 5000, this, [this, uids] {
        for (qint64 uid : uids)
            m_robots->setName(uid, m_context.users->name(uid));
    });
}

content::RenderOptions Notifier::historyRenderOptions() const
{
    // As the Inbox rendered them when they arrived (its site is set by the controller with the settings').
    if (m_context.inbox)
        return m_context.inbox->renderOptions();
    content::RenderOptions options;
    options.siteBase = currentSettings().site;
    return options;
}

RobotPanel* Notifier::showRobots()
{
    if (!m_robotPanel) {
        m_robotPanel =
            std::make_unique<RobotPanel>(m_robots.get(), m_context.users, m_avatars.get(), currentSettings().site);
        connect(m_robotPanel.get(), &RobotPanel::askRequested, this, &Notifier::askRobot);
        connect(m_robotPanel.get(), &RobotPanel::presenceEnableRequested, this,
                [this] { m_model->update([](settings::Settings& s) { s.robotPresence = true; }); });
    }
    raise(m_robotPanel.get());
    return m_robotPanel.get();
}

HistoryWindow* Notifier::showHistory()
{
    if (m_context.prepareHistory)
        m_context.prepareHistory();
    if (!m_historyWindow) {
        m_historyWindow = std::make_unique<HistoryWindow>(m_context.history);
        m_historyWindow->setRenderOptions(historyRenderOptions());
        connect(m_historyWindow.get(), &HistoryWindow::markReadRequested, this, &Notifier::markRead);
        connect(m_historyWindow.get(), &HistoryWindow::replyRequested, this,
                [this](const inbox::Notification& notification) {
                    rememberReplyTarget(notification);
                    if (!m_context.api || !showReplyWindow(notification.id))
                        openConversation(notification.id, notification.type == 0 ? notification.byuid : 0, QString());
                });
    }
    m_historyWindow->reload();
    raise(m_historyWindow.get());
    return m_historyWindow.get();
}

SettingsDialog* Notifier::showSettings(int page)
{
    if (!m_settingsDialog) {
        SettingsContext context;
        context.settings = m_model;
        context.credentials = m_context.credentials;
        context.network = m_context.network;
        context.sid = m_sid;
        m_settingsDialog = std::make_unique<SettingsDialog>(context);
        m_settingsDialog->setPresenterInUse(m_presenterChoice.reason);
        SettingsDialog* dialog = m_settingsDialog.get();
        connect(dialog, &SettingsDialog::loggedIn, this, &Notifier::loggedIn);
        connect(dialog, &SettingsDialog::loggedOut, this, &Notifier::logOut);
    } else {
        m_settingsDialog->reload();
    }
    m_settingsDialog->showPage(SettingsDialog::Page(page));
    raise(m_settingsDialog.get());
    return m_settingsDialog.get();
}

void Notifier::openNewest()
{
    if (m_context.prepareHistory)
        m_context.prepareHistory();
    if (m_context.history) {
        const QList<inbox::Notification> recent = m_context.history->list(QString(), 50);
        for (const inbox::Notification& n : recent) {
            if (!n.read && n.url.isValid()) {
                QDesktopServices::openUrl(n.url);
                markRead(n.id);
                return;
            }
        }
    }
    showHistory();
}

void Notifier::openPage(const QString& page)
{
    QDesktopServices::openUrl(content::pageUrl(page, currentSettings().site));
}

void Notifier::onTlsProblem(const settings::TlsProblem& problem)
{
    showNetworkProblem(problem.host + u' ' + problem.fingerprint(),
                       tr("The certificate of %1 is not trusted, so the connection was refused.").arg(problem.host),
                       tr("Someone may be intercepting the connection, or the server uses a certificate of its own. "
                          "If this is your own server and the details below match its certificate, trust that "
                          "certificate (or its CA) in Settings → Network."),
                       problem.details());
}

QMessageBox* Notifier::networkProblemDialog() const
{
    return m_problemDialog;
}

QUrl Notifier::networkProblemUrl()
{
    return QUrl(QStringLiteral("hu60-notifier:network-problem"));
}

void Notifier::showNetworkProblem(const QString& key, const QString& text, const QString& explanation,
                                  const QString& details)
{
    m_problemText = text;
    m_problemExplanation = explanation;
    m_problemDetails = details;
    m_problemFromPush = false;
    m_tray->setNetworkProblem(text);
    if (m_problemDialog) {
        // The window the user opened shows the latest, where it is: not raised again.
        m_problemDialog->setText(text);
        m_problemDialog->setInformativeText(explanation);
        m_problemDialog->setDetailedText(details);
    }
    if (m_shownProblems.contains(key))
        return;
    m_shownProblems.append(key);
    // Nothing that appears by itself takes the focus: a notification (which never does) tells, and the tray keeps
    // telling; the window with the details is the user's to open. Quiet times and a tray that stands in for the
    // popups leave it to the tray.
    const bool trayOnly = m_presenterChoice.trayOnly && m_tray->isTrayShown();
    if (!m_presenter || trayOnly || m_policy.isQuiet(now()))
        return;
    inbox::Notification notice;
    notice.senderName = tr("Connection problem");
    notice.summary = text;
    notice.html = text.toHtmlEscaped() + u"<br /><i>"_qs + tr("Click for the details.").toHtmlEscaped() + u"</i>"_qs;
    notice.url = networkProblemUrl();
    notice.receivedAt = now();
    notice.count = 0;
    m_presenter->show(notice);
}

void Notifier::clearNetworkProblem()
{
    m_problemText.clear();
    m_problemExplanation.clear();
    m_problemDetails.clear();
    m_problemFromPush = false;
    m_tray->setNetworkProblem(QString());
}

void Notifier::showNetworkProblemDetails()
{
    if (m_problemText.isEmpty() && !m_problemDialog)
        return;
    if (!m_problemDialog) {
        m_problemDialog = new QMessageBox(QMessageBox::Warning, tr("Connection problem — hu60 Notifier"), QString(),
                                          QMessageBox::Close);
        m_problemDialog->setObjectName(QStringLiteral("networkProblemDialog"));
        m_problemDialog->setAttribute(Qt::WA_DeleteOnClose);
        m_problemDialog->setWindowModality(Qt::NonModal);
        QPushButton* settingsButton = m_problemDialog->addButton(tr("Network settings…"), QMessageBox::ActionRole);
        settingsButton->setObjectName(QStringLiteral("networkSettingsButton"));
        connect(settingsButton, &QPushButton::clicked, this,
                [this] { showSettings(int(SettingsDialog::Page::Network)); });
    }
    // Deliberately no button that skips the check: trusting a certificate is a setting with the file in hand.
    if (!m_problemText.isEmpty()) {
        m_problemDialog->setText(m_problemText);
        m_problemDialog->setInformativeText(m_problemExplanation);
        m_problemDialog->setDetailedText(m_problemDetails);
    }
    raise(m_problemDialog);
}

} // namespace ui
