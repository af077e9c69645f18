#pragma once

#include <QString>

namespace dw {

// The program's remembered settings (QSettings' INI file) are checked before anything reads them. A file
// that cannot be used — unreadable, not an INI file, or written by a newer DispatchWatch whose settings this
// one may misread — is renamed aside (FILE.unusable-YYYYMMDD-HHMMSS) and the program starts from defaults;
// nothing is overwritten or lost. The program writes kVersion under kVersionKey once it has checked.
// Thread-safety: free functions; call them before any QSettings object for the file exists.
struct SettingsCheck {
    static constexpr int kVersion = 1; // of what DispatchWatch writes into its settings
    static constexpr char kVersionKey[] = "settings_version"; // written by the program at start-up

    // Where QSettings keeps the application's settings (organisation and application names set), worked
    // out without opening it.
    static QString userSettingsPath();
    // Empty when the file is usable or absent; otherwise what was wrong and where the old file went, as a
    // sentence for the user. When it cannot be moved aside, this run's settings go to a temporary folder
    // (QSettings::setPath) so that nothing is written over it.
    static QString setAsideIfUnusable(const QString& path);
};

} // namespace dw
