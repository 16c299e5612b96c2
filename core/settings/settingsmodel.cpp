// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/settings/settingsmodel.h"

#include <QSettings>

#include <utility>

namespace settings {

namespace {

// A group of fields that belong together: taken from `edited` together when any of them was edited.
template<class... T>
void takeEdited(const Settings& base, const Settings& edited, Settings& into, T Settings::*... fields)
{
    if (((base.*fields != edited.*fields) || ...))
        ((into.*fields = edited.*fields), ...);
}

} // namespace

SettingsModel::SettingsModel(Storage storage, QObject* parent)
    : QObject(parent)
{
    if (storage == Storage::Platform) {
        m_backend = std::make_unique<QSettings>();
        m_store = std::make_unique<SettingsStore>(m_backend.get());
        m_value = m_store->load();
    }
}

SettingsModel::SettingsModel(const QString& iniFile, QObject* parent)
    : QObject(parent)
    , m_backend(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
    , m_store(std::make_unique<SettingsStore>(m_backend.get()))
    , m_value(m_store->load())
{
}

SettingsModel::~SettingsModel() = default;

void SettingsModel::update(const std::function<void(Settings&)>& edit)
{
    Settings next = m_value;
    edit(next);
    set(next);
}

void SettingsModel::submit(const Settings& base, const Settings& edited)
{
    set(merge(base, edited, m_value));
}

void SettingsModel::set(const Settings& next)
{
    if (next == m_value)
        return;
    const Settings old = std::exchange(m_value, next);
    if (m_store)
        m_store->save(m_value);
    // A receiver that changes the settings again (autostart could not be changed: the setting follows what is)
    // is reported once this change has reached everyone, each change with its own old and new value.
    if (m_notifying)
        return;
    m_notifying = true;
    Settings reported = old;
    while (reported != m_value) {
        const Settings now = m_value;
        emit changed(reported, now);
        reported = now;
    }
    m_notifying = false;
}

Settings SettingsModel::merge(const Settings& base, const Settings& edited, const Settings& current)
{
    Settings out = current;
    const auto take = [&](auto... fields) { takeEdited(base, edited, out, fields...); };
    take(&Settings::site);
    take(&Settings::pushUrl);
    take(&Settings::sidInQuery);
    take(&Settings::allowInsecurePush);
    take(&Settings::uid, &Settings::userName);
    take(&Settings::presenter);
    take(&Settings::corner);
    take(&Settings::popupSeconds);
    take(&Settings::sound);
    take(&Settings::doNotDisturb, &Settings::dndUntil);
    take(&Settings::quietHours);
    take(&Settings::quietFrom);
    take(&Settings::quietTo);
    take(&Settings::mentionsBreakThrough);
    take(&Settings::mentionCatchup);
    take(&Settings::robotPresence);
    take(&Settings::startOnLogin);
    take(&Settings::language);
    take(&Settings::logLevel);
    take(&Settings::proxyMode);
    take(&Settings::proxyType);
    take(&Settings::proxyHost);
    take(&Settings::proxyPort);
    take(&Settings::trustedCaFile);
    // Muted senders: the ones the editor added or removed, whatever was muted meanwhile.
    for (qint64 uid : edited.mutedUids) {
        if (!base.mutedUids.contains(uid) && !out.mutedUids.contains(uid))
            out.mutedUids.append(uid);
    }
    for (qint64 uid : base.mutedUids) {
        if (!edited.mutedUids.contains(uid))
            out.mutedUids.removeAll(uid);
    }
    return out;
}

Settings SettingsModel::peek()
{
    const QSettings backend;
    if (backend.allKeys().isEmpty())
        return {};
    return SettingsStore::read(backend);
}

QString SettingsModel::platformFileName()
{
    return QSettings().fileName();
}

} // namespace settings
