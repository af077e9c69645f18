#pragma once

#include "health/profile.h"

#include <string>
#include <vector>

namespace dw {

// The profiles in use: the built-in ones, then user profiles from directories (a *.yaml file there adds a
// profile, or replaces the built-in one of the same name) and from files named explicitly. An invalid
// file is left out and reported; the others keep working.
// Thread-safety: immutable after load().
class ProfileSet {
public:
    static ProfileSet load(const std::vector<std::string>& directories,
                           const std::vector<std::string>& files = {});
    // Where users drop profiles: $XDG_CONFIG_HOME/dispatchwatch/profiles (~/.config/dispatchwatch/profiles).
    static std::string userDirectory();

    const std::vector<Profile>& profiles() const { return m_profiles; }
    const std::vector<std::string>& problems() const { return m_problems; }
    const Profile* find(std::string_view name) const;
    // The profiles whose detect metrics appear among metricNames (any of them), in load order.
    std::vector<const Profile*> detect(const std::vector<std::string>& metricNames) const;

private:
    void add(Profile profile);
    std::vector<Profile> m_profiles;
    std::vector<std::string> m_problems;
};

} // namespace dw
