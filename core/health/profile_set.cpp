#include "health/profile_set.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <algorithm>

static void initProfileResources() {
    Q_INIT_RESOURCE(dw_health_resources);
}

namespace dw {

ProfileSet ProfileSet::load(const std::vector<std::string>& directories,
                            const std::vector<std::string>& files) {
    initProfileResources();
    ProfileSet set;
    auto read = [&set](const QString& path) {
        std::string error;
        if (auto profile = Profile::fromFile(path.toStdString(), error))
            set.add(std::move(*profile));
        else
            set.m_problems.push_back("profile rejected: " + error);
    };
    for (const QString& name : QDir(":/profiles").entryList({"*.yaml"}, QDir::Files, QDir::Name))
        read(":/profiles/" + name);
    for (const std::string& directory : directories) {
        const QDir dir(QString::fromStdString(directory));
        const QFileInfo info(dir.path());
        if (info.exists() && (!info.isDir() || !info.isReadable() || !info.isExecutable())) {
            set.m_problems.push_back("profiles in " + directory + " are not used: the folder cannot be read");
            continue;
        }
        for (const QString& name : dir.entryList({"*.yaml", "*.yml"}, QDir::Files, QDir::Name))
            read(dir.filePath(name));
    }
    for (const std::string& file : files)
        read(QString::fromStdString(file));
    return set;
}

std::string ProfileSet::userDirectory() {
    return (QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
            "/dispatchwatch/profiles")
        .toStdString();
}

void ProfileSet::add(Profile profile) {
    const auto it = std::find_if(m_profiles.begin(), m_profiles.end(),
                                 [&](const Profile& p) { return p.name == profile.name; });
    if (it != m_profiles.end())
        *it = std::move(profile);
    else
        m_profiles.push_back(std::move(profile));
}

const Profile* ProfileSet::find(std::string_view name) const {
    for (const Profile& p : m_profiles)
        if (p.name == name) return &p;
    return nullptr;
}

std::vector<const Profile*> ProfileSet::detect(const std::vector<std::string>& metricNames) const {
    std::vector<const Profile*> out;
    for (const Profile& p : m_profiles)
        for (const std::string& name : p.detect)
            if (std::find(metricNames.begin(), metricNames.end(), name) != metricNames.end()) {
                out.push_back(&p);
                break;
            }
    return out;
}

} // namespace dw
