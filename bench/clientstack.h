// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace client {
class PushClient;
}
namespace forum {
class ForumApi;
class UserDirectory;
} // namespace forum
namespace inbox {
class HistoryStore;
class Inbox;
} // namespace inbox

namespace bench {

/// The app's receiving path, wired as the tray app wires it: PushClient → Inbox (dedupe, history in SQLite in a
/// temporary folder, names through the forum API) for the demo user of a companion server. Owned by a benchmark.
class ClientStack final
{
public:
    ClientStack(const QUrl& pushUrl, const QUrl& siteUrl);
    ~ClientStack();
    Q_DISABLE_COPY_MOVE(ClientStack)

    /// Connects and waits until the first catch-up finished; false on timeout.
    bool connectAndCatchUp(int timeoutMs);

    client::PushClient* pushClient() const { return m_client.get(); }
    inbox::Inbox* inbox() const { return m_inbox.get(); }

private:
    QTemporaryDir m_dir;
    QNetworkAccessManager m_network;
    std::unique_ptr<forum::ForumApi> m_api;
    std::unique_ptr<forum::UserDirectory> m_users;
    std::unique_ptr<inbox::HistoryStore> m_history;
    std::unique_ptr<client::PushClient> m_client;
    std::unique_ptr<inbox::Inbox> m_inbox;
};

} // namespace bench
