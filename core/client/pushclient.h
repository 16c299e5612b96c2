// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/protocol/event.h"
#include "core/settings/networkconfig.h"

#include <QAbstractSocket>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <functional>
#include <optional>

class QWebSocket;

namespace client {

/// Where the session id travels on the WebSocket handshake.
enum class SidTransport {
    Headers, ///< `x-sid` and `Cookie: hu60_sid=` request headers (default: never in a URL)
    Query,   ///< `?_sid=` in the URL, only when the user explicitly chose it (URLs end up in proxy logs)
};

/// Tunables of PushClient. All durations are injectable so tests run in milliseconds.
struct PushClientConfig
{
    QUrl url = QUrl(QStringLiteral("wss://hu60.cn/ws/msg")); ///< push endpoint, without any sid
    SidTransport sidTransport = SidTransport::Headers;
    /// A ws:// URL to a host that is not loopback sends the sid and every message unencrypted: refused
    /// (Failure::Insecure) unless the user explicitly allowed it.
    bool allowInsecure = false;
    std::chrono::milliseconds pingInterval{60'000};   ///< application-level {"action":"ping"}
    std::chrono::milliseconds deadTimeout{150'000};   ///< no frame at all for this long: connection is dead
    std::chrono::milliseconds connectTimeout{30'000}; ///< upgrade + `connected` frame must arrive within this
    std::chrono::milliseconds backoffMin{1'000};      ///< first retry delay after a failure
    std::chrono::milliseconds backoffMax{300'000};    ///< cap of the exponential backoff
    std::chrono::milliseconds kickBackoffMin{60'000}; ///< after a `disconnecting` kick (spec §3.2)
    std::chrono::milliseconds kickBackoffMax{600'000};
    std::chrono::milliseconds stableAfter{60'000}; ///< a connection up this long resets the backoff
    double jitter = 0.25;                          ///< delays vary by ±jitter (fraction)
    /// Follow QNetworkInformation and retry at once when the network comes back (tests switch it off: the
    /// backend talks to NetworkManager over D-Bus, which a test machine may not have).
    bool watchNetwork = true;
    /// Sleep/resume detection by comparing a clock that stops during suspend with one that does not. While
    /// connected it runs with every keep-alive ping (no timer of its own: an idle connection wakes the process only
    /// for the keep-alive); while waiting to reconnect, every wakeCheckInterval (0 = never). A resume reconnects at
    /// once (the old socket is most likely dead) and is reported as resumed(); a wall-clock change is not a resume
    /// and changes nothing. The desktop can tell sooner: see aboutToSleep() / resumedFromSleep().
    std::chrono::milliseconds wakeCheckInterval{30'000};
    /// Time spent suspended between two checks that counts as a sleep.
    std::chrono::milliseconds wakeThreshold{30'000};
};

/// Whether a D-Bus system bus can be there at all (an address in the environment, or the standard socket). Checked
/// before anything that would start QtDBus's thread and load its libraries only to find no bus (containers).
bool systemBusMayExist();

/// Keeps one authenticated WebSocket to the hu60 push service alive: auth via header, keep-alive pings,
/// dead-connection detection, reconnects with exponential backoff and jitter from one place only, and the
/// wanted robot-presence subscription re-applied after every connect. Every frame is untrusted: only frames
/// with the exact shape of a real event are emitted as typed signals.
///
/// Owned by whoever creates it (the app's controller, the listen command, tests). Holds at most one socket.
class PushClient : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)

public:
    enum class State {
        Idle,         ///< not started, or stopped
        Connecting,   ///< socket opening or waiting for the `connected` frame
        Connected,    ///< `connected` frame received: pushes flow
        Reconnecting, ///< waiting for the next attempt (see reconnectScheduled)
        AuthRejected, ///< the server refused the sid: no more retries until start() is called again
    };
    Q_ENUM(State)

    /// Why the last connection ended or failed (for the UI's "offline since ..." text).
    enum class Failure {
        None,
        Network,        ///< refused, unreachable, TLS, abrupt close
        Timeout,        ///< no `connected` frame in time, or no traffic for deadTimeout
        Kicked,         ///< `disconnecting`: another client of this user took the slot
        AuthRejected,   ///< 1008 with an auth reason
        ServerRejected, ///< other 1008 (forum rate limit, forum errors): transient
        Tls,            ///< the server's certificate failed the checks (see tlsProblem()); retried with backoff
        Insecure,       ///< ws:// to a non-loopback host without allowInsecure: not connected, not retried
    };
    Q_ENUM(Failure)

    /// Signs, on a connection that stands, that the server may have lost pushes (spec §9 item 8: its concurrent
    /// writes to one socket lose, reorder and mangle frames under bursts).
    enum class Anomaly {
        EmptyFrame,   ///< an empty text frame (what a lost write leaves)
        InvalidFrame, ///< a frame that is not a valid event
        OutOfOrder,   ///< a `msg` with a lower id than one received before: pushes are being reordered
    };
    Q_ENUM(Anomaly)

    /// Durations come from `config`; randomness from setRandomSource() (tests make both deterministic).
    explicit PushClient(PushClientConfig config = {}, QObject* parent = nullptr);
    ~PushClient() override;
    Q_DISABLE_COPY_MOVE(PushClient)

    void setConfig(const PushClientConfig& config);
    const PushClientConfig& config() const { return m_config; }

    /// The session id (a password: never logged, never put in a URL unless SidTransport::Query).
    void setSid(const QString& sid);
    /// Proxy and trusted certificates for the next connections (never a way to skip certificate checks).
    void setNetworkConfig(const settings::NetworkConfig& network) { m_network = network; }
    const settings::NetworkConfig& networkConfig() const { return m_network; }
    void setRandomSource(std::function<double()> random);
    /// Clocks of the wake detector, in ms: one that stops while the machine sleeps (CLOCK_MONOTONIC) and one
    /// that does not (CLOCK_BOOTTIME). Tests inject both; empty functions restore the system clocks.
    void setWakeClocks(std::function<qint64()> monotonicMs, std::function<qint64()> suspendAwareMs);

    /// Robot presence wanted: on every connect sends `sub ["online","offline"]` (harmless when nothing was
    /// unsubscribed; no reply is awaited) and `lsol`. When not wanted, online/offline are ignored locally and,
    /// only if `unsubscribeWhenUnwanted` is set, `unsub`scribed (which also affects the user's web pages).
    /// Applies at once while connected. `msg` is never unsubscribed.
    void setPresenceWanted(bool wanted, bool unsubscribeWhenUnwanted = false);
    bool presenceWanted() const { return m_presenceWanted; }

    State state() const { return m_state; }
    Failure lastFailure() const { return m_lastFailure; }
    QDateTime connectedSince() const { return m_connectedSince; }
    QDateTime offlineSince() const { return m_offlineSince; }
    /// Milliseconds until the scheduled reconnect, or -1.
    qint64 msUntilReconnect() const;
    /// Number of consecutive failed attempts (drives the backoff).
    int failedAttempts() const { return m_failedAttempts; }

    /// Sends a raw action frame when connected; returns false otherwise.
    bool sendFrame(const QByteArray& frame);

public Q_SLOTS:
    /// Starts connecting (also after AuthRejected, e.g. with a new sid). An existing connection is dropped first
    /// and the backoff starts over.
    void start();
    /// Closes the socket and stops retrying.
    void stop();
    /// Connects at once, cancelling the scheduled attempt (tray's "reconnect now", network came back). Does
    /// nothing unless Reconnecting: it never bypasses AuthRejected and never replaces a live connection.
    void reconnectNow();
    /// Asks the server for the online robot list.
    void requestOnlineList();
    /// The network is reachable again: retries at once when waiting for a reconnect. Connected to
    /// QNetworkInformation automatically when `watchNetwork` is set and a backend is available.
    void networkRestored();
    /// Compares the two wake clocks (run with each keep-alive ping, or by a timer while waiting to reconnect;
    /// tests call it directly).
    void checkForWake();
    /// The system is about to suspend (logind's PrepareForSleep(true)): remembers the clocks, so the matching
    /// resumedFromSleep() can tell how long it slept.
    void aboutToSleep();
    /// The system has just resumed (logind's PrepareForSleep(false)): reconnects at once, whatever the clocks say,
    /// and emits resumed().
    void resumedFromSleep();

Q_SIGNALS:
    void stateChanged(client::PushClient::State state);
    void reconnectScheduled(qint64 delayMs);
    /// The machine slept for about `sleptMs` and woke up; a reconnect is already under way if one was needed.
    void resumed(qint64 sleptMs);
    /// The server closed with an auth reason (the reason text is not passed on: it may echo the sid).
    void authRejected();
    /// A human-readable, sid-free description of a failure, for logs and the UI.
    void failure(client::PushClient::Failure kind, const QString& description);
    /// The push server's certificate failed the checks; the connection is refused (never ignored). Followed by
    /// failure(Failure::Tls, …).
    void tlsProblem(const settings::TlsProblem& problem);

    void connected();
    void messageReceived(const protocol::Msg& msg);
    /// While connected: a sign that pushes may have been lost (see Anomaly). The Inbox reconciles over HTTP soon.
    void deliveryAnomaly(client::PushClient::Anomaly kind);
    void robotOnline(const protocol::Presence& presence);
    void robotOffline(const protocol::Presence& presence);
    void onlineListReceived(const QMap<qint64, int>& online);
    void unsubscribedListReceived(const std::optional<QStringList>& names);
    /// An `error` event's text (sid-redacted).
    void serverErrorReceived(const QString& text);
    void procinfReceived(qint64 startedMs);
    /// Every valid typed event, including the ones above (for `listen --json` and debugging), and robot API
    /// responses typed as RobotResponse whatever their name. Not emitted: `req`, a repeated `connected`,
    /// events before the greeting, and online/offline while presence is not wanted.
    void eventReceived(const protocol::Event& event);

private:
    void openSocket();
    void tearDownSocket();
    void abortSocket(Failure kind, const QString& description);
    void onSocketConnected(QWebSocket* socket);
    void onSocketGone(QWebSocket* socket);
    void onSocketError(QWebSocket* socket);
    void onFrame(QWebSocket* socket, QByteArrayView frame);
    void handleEvent(const protocol::Event& event);
    void onGreeting(const protocol::Event& event);
    void logInvalidFrame(const protocol::Event& event, QByteArrayView frame);
    void scheduleReconnect(Failure kind, std::chrono::milliseconds minimumDelay);
    qint64 jittered(std::chrono::milliseconds base, std::chrono::milliseconds cap);
    void setState(State state);
    void applySubscriptions();
    void fail(Failure kind, const QString& description);
    void startWatchingNetwork();
    QString redact(QString text) const;
    void onResumed(qint64 sleptMs);
    void updateWakeTimer();

    PushClientConfig m_config;
    settings::NetworkConfig m_network;
    QString m_sid;
    std::function<double()> m_random;
    bool m_presenceWanted = true;
    bool m_unsubscribeWhenUnwanted = false;
    bool m_networkWatched = false;
    State m_state = State::Idle;
    Failure m_lastFailure = Failure::None;
    int m_failedAttempts = 0;
    int m_kicks = 0; ///< consecutive `disconnecting` kicks (separate, much longer backoff)
    /// Set by our own aborts (timeouts) and the `disconnecting` event, read when the socket is gone.
    std::optional<std::pair<Failure, QString>> m_pendingFailure;
    std::optional<settings::TlsProblem> m_tlsProblem; ///< the current socket's certificate problem
    QDateTime m_connectedSince;
    QDateTime m_offlineSince;
    QElapsedTimer m_connectedFor;
    /// A log line anyone can trigger (a frame of another user, spec §6.6): at most one per interval.
    struct LogLimit
    {
        QElapsedTimer last;
        int suppressed = 0;
        /// The suffix for a line written now (" (N more since the last report)" or empty); nullopt: swallow it.
        std::optional<QString> pass();
    };
    LogLimit m_invalidLog;
    LogLimit m_unknownLog;
    LogLimit m_emptyLog;
    qint64 m_newestMsgId = 0; ///< the highest `msg` id received on this connection (ids only grow on the forum)
    QPointer<QWebSocket> m_socket;
    QTimer m_pingTimer;
    QTimer m_deadTimer;
    QTimer m_connectTimer;
    QTimer m_reconnectTimer;
    QDeadlineTimer m_reconnectDeadline; ///< exact, unlike the (coarse) timer's remainingTime()
    QTimer m_stableTimer;
    QTimer m_wakeTimer; ///< runs only while Reconnecting (Connected: the ping timer checks)
    std::function<qint64()> m_monotonicMs;
    std::function<qint64()> m_suspendAwareMs;
    std::optional<std::pair<qint64, qint64>> m_lastWakeCheck; ///< (monotonic, suspend-aware) at the last check
};

} // namespace client
