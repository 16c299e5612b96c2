// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/settings/settings.h"

#include <QObject>

#include <functional>
#include <memory>

class QSettings;

namespace settings {

/// The one owner of the settings: holds the current value, is the only code that reads or writes the settings file
/// (through SettingsStore), and says what changed. Editors (the settings dialog) work on a copy and submit it with
/// the value they started from, so that only the fields the user edited change: a mute or do-not-disturb from the
/// tray, or the account written by the controller, made while the dialog was open, survives its OK. Every consumer
/// (presenter, policy, endpoints, presence subscription, autostart, language) reacts to `changed`.
class SettingsModel final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsModel)

public:
    enum class Storage {
        Memory,   ///< defaults, never saved (tests; a window shown without the app)
        Platform, ///< the platform's default QSettings location for the application
    };

    explicit SettingsModel(Storage storage, QObject* parent = nullptr);
    /// An INI file (created when first saved; migrated to the current version at once).
    explicit SettingsModel(const QString& iniFile, QObject* parent = nullptr);
    ~SettingsModel() override;

    const Settings& value() const { return m_value; }

    /// Changes the current value in place, saves it and emits `changed` when anything differs.
    void update(const std::function<void(Settings&)>& edit);
    /// Takes from `edited` the fields that differ from `base` (the value the editor started from), keeps the others
    /// as they are now; saves and emits `changed` when anything differs.
    void submit(const Settings& base, const Settings& edited);

    /// `current` with the fields in which `edited` differs from `base`. Fields that belong together go together
    /// (do-not-disturb and its end, uid and user name); the muted senders merge as a set (added and removed ones).
    static Settings merge(const Settings& base, const Settings& edited, const Settings& current);

    /// The platform settings file read without writing anything (no file is created or migrated): for the command
    /// line's language and log level, before any application object exists.
    static Settings peek();
    /// Where the platform settings file is (for --debug-info).
    static QString platformFileName();

Q_SIGNALS:
    /// After every change, saved already. A change made by a receiver is reported after this one has reached all
    /// receivers, so that each sees the changes in order.
    void changed(const settings::Settings& old, const settings::Settings& now);

private:
    void set(const Settings& next);

    std::unique_ptr<QSettings> m_backend; ///< null: in memory only
    std::unique_ptr<SettingsStore> m_store;
    Settings m_value;
    bool m_notifying = false;
};

} // namespace settings
