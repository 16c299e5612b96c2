// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace protocol {

/// Names of the built-in client actions (spec §4).
namespace actions {
inline constexpr QStringView ping = u"ping";
inline constexpr QStringView lsol = u"lsol";
inline constexpr QStringView sub = u"sub";
inline constexpr QStringView unsub = u"unsub";
inline constexpr QStringView lsunsub = u"lsunsub";
inline constexpr QStringView ls = u"ls";
inline constexpr QStringView procinf = u"procinf";
inline constexpr QStringView regapi = u"regapi";
inline constexpr QStringView lsapi = u"lsapi";
inline constexpr QStringView resp = u"resp";
} // namespace actions

/// The built-in action names, in a fixed order.
QStringList builtinActions();

// ---- Client side: building action frames. `id`, when not empty, makes the server answer "ack" first. ----

/// `{"action":NAME[,"data":DATA][,"id":ID]}`; data is omitted when undefined.
QByteArray encodeAction(QStringView action, const QJsonValue& data = QJsonValue(QJsonValue::Undefined),
                        QStringView id = {});
QByteArray pingAction(QStringView id = {});
QByteArray lsolAction(QStringView id = {});
QByteArray subAction(const QStringList& events, QStringView id = {});
QByteArray unsubAction(const QStringList& events, QStringView id = {});
QByteArray lsunsubAction(QStringView id = {});
QByteArray lsAction(QStringView id = {});
QByteArray procinfAction(QStringView id = {});
/// Robot side: register API names.
QByteArray regapiAction(const QStringList& names, QStringView id = {});
QByteArray lsapiAction(QStringView id = {});
/// Robot side: answer a req of `uid` for `action`.
QByteArray respAction(qint64 uid, QStringView action, const QJsonValue& data, QStringView id = {});
/// User side: call the registered robot API `action` of robot `bot`.
QByteArray robotCallAction(QStringView action, qint64 bot, const QJsonValue& data, QStringView id = {});

// ---- Server side: decoding action frames with the real server's rules (spec §4). ----

/// A decoded client frame.
struct Action
{
    bool ok = false; ///< false: the frame did not decode; `error` is the server's error text
    QString error;   ///< Go-style decoder message ("EOF", "invalid character ...", ...)
    QString name;    ///< the action ("" when missing)
    QJsonValue data; ///< undefined when absent
    QString id;      ///< "" when absent
};

/// Decodes like Go's encoding/json into {Action, Data, ID}: member names case-insensitive,
/// unknown members ignored, only the first JSON value read, `id` and `action` must be strings.
Action parseAction(QByteArrayView frame);

} // namespace protocol
