#pragma once

#include <string>

namespace dw {

// A credential (password, bearer token, private key passphrase). It can be used, but it never prints:
// there is no conversion to text other than reveal(), which only request building calls, so secrets do not
// reach logs, messages, exports or recordings by accident. Value type.
class Secret {
public:
    Secret() = default;
    explicit Secret(std::string value) : m_value(std::move(value)) {}
    bool empty() const { return m_value.empty(); }
    const std::string& reveal() const { return m_value; }
    bool operator==(const Secret&) const = default;

private:
    std::string m_value;
};

} // namespace dw
