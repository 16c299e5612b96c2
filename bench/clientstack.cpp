// SPDX-License-Identifier: GPL-3.0-or-later
#include "bench/clientstack.h"

#include "core/client/pushclient.h"
#include "core/forum/forumapi.h"
#include "core/forum/userdirectory.h"
#include "core/inbox/historystore.h"
#include "core/inbox/inbox.h"
#include "core/server/companion.h"

#include <QEventLoop>
#include <QTextStream>
#include <QTimer>

namespace bench {

ClientStack::ClientStack(const QUrl& pushUrl, const QUrl& siteUrl)
    : m_api(std::make_unique<forum::ForumApi>(&m_network))
    , m_users(std::make_unique<forum::UserDirectory>(m_api.get()))
    , m_history(std::make_unique<inbox::HistoryStore>())
{
    m_api->setSiteBase(siteUrl);
    m_api->setSid(server::Companion::demoSid());
    QString error;
    if (!m_history->open(m_dir.filePath(QStringLiteral("history.sqlite")), &error))
        QTextStream(stderr) << "history: " << error << '\n';
    client::PushClientConfig config;
    config.url = pushUrl;
    config.watchNetwork = false;
    m_client = std::make_unique<client::PushClient>(config);
    m_client->setSid(server::Companion::demoSid());
    m_inbox = std::make_unique<inbox::Inbox>(m_client.get(), m_api.get(), m_users.get(), m_history.get());
    m_inbox->setSiteBase(siteUrl);
}

ClientStack::~ClientStack()
{
    m_inbox.reset();
    m_client->stop();
}

bool ClientStack::connectAndCatchUp(int timeoutMs)
{
    QEventLoop loop;
    QObject::connect(m_inbox.get(), &inbox::Inbox::catchUpFinished, &loop, [&loop] { loop.exit(0); });
    QTimer::singleShot(timeoutMs, &loop, [&loop] { loop.exit(1); });
    m_client->start();
    return loop.exec() == 0;
}

} // namespace bench
