// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/content/content.h"
#include "core/forum/forumapi.h"
#include "core/inbox/notification.h"
#include "core/inbox/notificationpolicy.h"
#include "core/settings/settings.h"
#include "ui/popup/presenter.h"
#include "ui/tray/trayicon.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

class QMessageBox;
class QNetworkAccessManager;

namespace client {
class PushClient;
}
namespace forum {
class ForumApi;
struct Error;
class UserDirectory;
} // namespace forum
namespace inbox {
class HistoryStore;
class Inbox;
} // namespace inbox
namespace presence {
class PresenceModel;
}
namespace settings {
class CredentialStore;
class SettingsModel;
struct TlsProblem;
} // namespace settings

namespace ui {

class AvatarCache;
class HistoryWindow;
class NativePresenter;
class PopupPresenter;
class ReplyWindow;
class RobotPanel;
class SettingsDialog;

/// What the Notifier works with; it owns none of it.
struct NotifierContext
{
    client::PushClient* client = nullptr;
    forum::ForumApi* api = nullptr;
    forum::UserDirectory* users = nullptr;
    QNetworkAccessManager* network = nullptr;
    inbox::Inbox* inbox = nullptr;          ///< may be null (tests of the tray alone)
    inbox::HistoryStore* history = nullptr; ///< may be null
    /// Called before the history is read on the user's request (the app opens the database lazily); may be empty.
    std::function<void()> prepareHistory;
    settings::SettingsModel* settings = nullptr;      ///< null: defaults of its own, never saved (tests)
    settings::CredentialStore* credentials = nullptr; ///< forgets the sid on "log out"
    QString executable;                               ///< for the autostart entry
    /// "now" for do-not-disturb decisions; tests inject their own.
    std::function<QDateTime()> clock;
};

/// Everything the user sees, wired to core: notifications from the Inbox go through the NotificationPolicy
/// (do-not-disturb, quiet hours, muted senders) to a Presenter (rich popups, or the desktop's notifications with
/// a fallback to popups); the tray reflects connection, unread counts and do-not-disturb; the robot panel, history
/// and settings windows open on demand. Changes from the tray (mute, do-not-disturb) go to the SettingsModel; the
/// notifier follows its `changed` (presenter, policy, the presence subscription, the autostart entry). Owned by the
/// Application; owns the presentation objects it creates.
class Notifier : public QObject
{
    Q_OBJECT

public:
    explicit Notifier(const NotifierContext& context, QObject* parent = nullptr);
    ~Notifier() override;

    /// Which presenter is in use and why (for the settings page and the log).
    struct PresenterChoice
    {
        settings::Presenter kind = settings::Presenter::Popup; ///< Popup or Native, never Automatic
        QString reason;                                        ///< translated, one sentence
        /// Popups that would take the focus here (no notification service on Wayland): shown only without a tray.
        bool trayOnly = false;
    };
    /// Resolves "automatic" for a Qt platform plugin name: our popups where they can be placed without taking
    /// focus (xcb, windows, cocoa, offscreen), the desktop's notification server everywhere else (Wayland first of
    /// all: a client can neither place its windows nor keep them from taking focus there).
    static PresenterChoice choosePresenter(settings::Presenter wanted, const QString& platformName);
    /// Whether our own popups can be placed at a screen corner on this platform.
    static bool canPlacePopups(const QString& platformName);
    PresenterChoice presenterChoice() const { return m_presenterChoice; }

    TrayIcon* trayIcon() const { return m_tray.get(); }
    Presenter* presenter() const { return m_presenter; }
    presence::PresenceModel* robots() const { return m_robots.get(); }
    AvatarCache* avatars() const { return m_avatars.get(); }
    const settings::Settings& currentSettings() const;

    /// The session id in use (for "test connection"); never shown.
    void setSid(const QString& sid);

    // Windows, created on first use and kept (hidden when closed).
    RobotPanel* showRobots();
    /// Opens (or raises) the reply window for message `id`; nullptr when the message is not known here.
    ReplyWindow* showReplyWindow(qint64 id);
    HistoryWindow* showHistory();
    SettingsDialog* showSettings(int page = 0);
    /// The left-click action: the newest unread message on the forum, else the history window.
    void openNewest();
    /// Tells the user about a network problem (an untrusted certificate, an unusable trusted-certificate file)
    /// without taking the focus: a notification through the presenter ("Connection problem", the reason; a click opens
    /// the details) and the tray's tooltip and menu. The same `key` is notified once until the settings change. Core's
    /// TLS problems arrive here by themselves.
    void showNetworkProblem(const QString& key, const QString& text, const QString& explanation,
                            const QString& details);
    /// The window with the last problem's details and a way to the network settings; opened only on the user's
    /// request (the problem's notification, the tray's "Connection problem…").
    void showNetworkProblemDetails();
    /// The problem window, while one exists (tests).
    QMessageBox* networkProblemDialog() const;
    /// What the problem's notification opens when clicked (not a web address: nothing is opened in a browser).
    static QUrl networkProblemUrl();

Q_SIGNALS:
    void quitRequested();
    /// A notification passed the policy and was handed to the presenter.
    void notificationShown(const inbox::Notification& notification);
    void notificationSuppressed(const inbox::Notification& notification, inbox::SuppressReason reason);
    /// The presenter in use changed (settings, or the notification service went away).
    void presenterChoiceChanged(const ui::Notifier::PresenterChoice& choice);
    /// The user answered a message from its notification (`text` typed inline) or asked to (empty `text`).
    void replyRequested(qint64 id, qint64 uid, const QString& text);
    /// The user logged in against `site` in the settings: the controller takes the account and restarts with it.
    void loggedIn(qint64 uid, const QString& name, const QString& sid, const QUrl& site);
    /// The user logged out (the sid is forgotten already): the controller stops.
    void loggedOut();

private:
    void onNotification(const inbox::Notification& notification);
    /// Follows the settings: presenter, policy, windows, the presence subscription and the autostart entry.
    void onSettingsChanged(const settings::Settings& old, const settings::Settings& now);
    void logOut();
    void onTlsProblem(const settings::TlsProblem& problem);
    void clearNetworkProblem();
    void onActivated(qint64 id, const QUrl& url);
    void retranslatePresenterChoice();
    void tellNoTray();
    void onDoNotDisturb(TrayIcon::DndChoice choice);
    void updateDndState();
    void markRead(qint64 id);
    void mute(qint64 uid);
    void setPresenter(settings::Presenter wanted);
    void usePresenter(const PresenterChoice& choice, Presenter* presenter);
    NativePresenter* createNative();
    PopupPresenter* createPopups();
    /// Our popups (or the tray's badge) while the desktop's notification service is missing.
    void useFallback(const QString& reason);
    void connectPresenter(Presenter* presenter);
    /// Shows a notification that passed the policy: through the presenter, or the tray's badge alone.
    void present(const inbox::Notification& notification);
    void onReply(qint64 id, qint64 uid, const QString& text);
    /// Sends `text` as an inbox message to `uid` (a reply to message `id`): confirmed and `id` marked read, or
    /// refused with the reason and the text shown, and the conversation opened.
    void sendReply(qint64 id, qint64 uid, const QString& text);
    void rememberReplyTarget(const inbox::Notification& notification);
    /// Sends `text` as the answer to `to`: privately, or where the @ came from. Never retried here.
    void deliverReply(const inbox::Notification& to, const QString& text,
                      std::function<void(bool sent, const forum::Error& error)> done);
    void flushOutbox();
    /// Answers @ message `id` in its chat room or topic, mentioning its author.
    void replyWhereMentioned(qint64 id, const QString& text);
    /// Posts a question for `robot` (robot panel) and tells the panel how it went.
    void askRobot(qint64 robot, const QString& question);
    /// Why a send failed, in the user's words (the typed text is kept by the caller).
    QString failureReason(const forum::Error& error) const;
    void openConversation(qint64 id, qint64 uid, const QString& text);
    /// A notice of our own (not a message) through the presenter; `quoted` (may be empty) follows on its own lines.
    void showNotice(const QString& line, const QString& quoted = {});
    /// The one place that subscribes to robot presence (or unsubscribes).
    void applyPresence(bool wanted);
    void resolveRobotNames();
    void openPage(const QString& page);
    content::RenderOptions historyRenderOptions() const;
    QDateTime now() const;

    NotifierContext m_context;
    std::unique_ptr<settings::SettingsModel> m_ownSettings; ///< without a model in the context
    settings::SettingsModel* m_model = nullptr;
    inbox::NotificationPolicy m_policy;
    QString m_sid;
    std::unique_ptr<presence::PresenceModel> m_robots;
    std::unique_ptr<AvatarCache> m_avatars;
    std::unique_ptr<TrayIcon> m_tray;
    QPointer<Presenter> m_presenter;
    PresenterChoice m_presenterChoice;
    /// The desktop's notifications, while chosen: kept while its fallback stands in, to come back to.
    QPointer<NativePresenter> m_native;
    PresenterChoice m_wantedChoice; ///< what the settings and the platform ask for (before any fallback)
    int m_unreadInbox = -1;         ///< last counts from the Inbox (-1 = not known yet), to see reads done elsewhere
    int m_unreadMentions = -1;
    std::unique_ptr<RobotPanel> m_robotPanel;
    /// Where the @ messages shown were written, for answering them there (bounded).
    struct ReplyTarget
    {
        forum::PostTarget target;
        qint64 author = 0;
    };
    static constexpr qsizetype maxReplyTargets = 500;
    QHash<qint64, ReplyTarget> m_replyTargets;
    /// The messages shown lately, for a reply window opened from their notification (bounded).
    QHash<qint64, inbox::Notification> m_recent;
    /// Unsent replies per conversation ("u<uid>" for a private one, "m<id>" for an @), kept until the forum took them.
    QHash<QString, QString> m_drafts;
    QHash<qint64, QPointer<ReplyWindow>> m_replyWindows;
    /// Replies that could not leave this computer (no connection), sent in order on the next `connected`.
    struct Outgoing
    {
        inbox::Notification to;
        QString text;
        QString draftKey;
    };
    QList<Outgoing> m_outbox;
    bool m_flushingOutbox = false;
    std::unique_ptr<HistoryWindow> m_historyWindow;
    std::unique_ptr<SettingsDialog> m_settingsDialog;
    QTimer m_dndTimer;
    QPointer<QMessageBox> m_problemDialog;
    QStringList m_shownProblems;
    /// The last network problem (text, explanation, details); empty text = none.
    QString m_problemText;
    QString m_problemExplanation;
    QString m_problemDetails;
    bool m_problemFromPush = false; ///< the push connection's own certificate problem: over once it connects
    bool m_botListFetched = false;
    bool m_toldNoTray = false;
};

} // namespace ui
