// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/inbox/notification.h"

#include <QObject>

namespace ui {

/// Shows notifications to the user: our own rich popups (PopupPresenter) or the desktop's notification service
/// (NativePresenter, org.freedesktop.Notifications). The Notifier picks one from the settings and forwards what
/// the user does with a notification. Owned by the Notifier.
class Presenter : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~Presenter() override = default;

    /// Shows one notification (a burst of them may be coalesced into one summary by the presenter).
    virtual void show(const inbox::Notification& notification) = 0;
    /// Removes everything currently shown.
    virtual void clear() = 0;
    /// Takes back what is shown for message `id` (read here or elsewhere), its line in a summary included (a
    /// summary left with nothing unread goes too); nothing when it is not shown.
    virtual void withdraw(qint64 id) = 0;
    /// Takes back the messages of the kinds the forum says none is unread of (inbox, @), and every summary whose
    /// messages are all of those kinds.
    virtual void withdrawRead(bool inboxRead, bool mentionsRead) = 0;
    /// Takes back everything shown from sender `uid` (muted): their messages, and their lines in summaries.
    virtual void withdrawSender(qint64 uid) = 0;

Q_SIGNALS:
    /// The user clicked the notification (or its "open" action): open `url` in the browser.
    void activated(qint64 id, const QUrl& url);
    /// "Mark read" on a single message.
    void markReadRequested(qint64 id);
    /// "Mute this user/robot".
    void muteRequested(qint64 uid);
    void dismissed(qint64 id);
    /// "Reply": `text` is what the user typed in the notification (KDE's inline reply), or empty when the user
    /// asked for a reply window.
    void replyRequested(qint64 id, qint64 uid, const QString& text);
};

} // namespace ui
