#include "theme.h"

#include <QApplication>
#include <QStyleFactory>
#include <array>

namespace dw {

Theme Theme::fromName(const QString& name, bool* ok) {
    const QString lower = name.toLower();
    if (ok) *ok = lower == "light" || lower == "dark";
    return Theme(lower == "dark" ? Kind::Dark : Kind::Light);
}

QPalette Theme::palette() const {
    QPalette p;
    const bool dark = m_kind == Kind::Dark;
    const QColor window = dark ? QColor(0x18, 0x1b, 0x1f) : QColor(0xf4, 0xf5, 0xf5);
    const QColor base = dark ? QColor(0x11, 0x12, 0x17) : QColor(0xff, 0xff, 0xff);
    const QColor text = dark ? QColor(0xd8, 0xd9, 0xda) : QColor(0x24, 0x29, 0x2e);
    const QColor muted = dark ? QColor(0x8e, 0x8e, 0x8e) : QColor(0x6e, 0x75, 0x7c);
    const QColor accent = QColor(0x3d, 0x71, 0xd9);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, dark ? QColor(0x1f, 0x22, 0x27) : QColor(0xf7, 0xf8, 0xfa));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, muted);
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, accent);
    p.setColor(QPalette::Disabled, QPalette::Text, muted);
    p.setColor(QPalette::Disabled, QPalette::WindowText, muted);
    p.setColor(QPalette::Disabled, QPalette::ButtonText, muted);
    return p;
}

Theme::Status Theme::statusOf(HealthState state) {
    switch (state) {
    case HealthState::Healthy:
        return Status::Good;
    case HealthState::Stale:
        return Status::Warning;
    case HealthState::Flapping:
        return Status::Attention;
    case HealthState::Stopped:
        return Status::Inactive;
    case HealthState::Unknown:
        break;
    }
    return Status::Bad;
}

QColor Theme::statusColor(Status status) const {
    const bool dark = m_kind == Kind::Dark;
    switch (status) {
    case Status::Good:
        return dark ? QColor(0x73, 0xbf, 0x69) : QColor(0x37, 0x87, 0x2d);
    case Status::Warning:
        return dark ? QColor(0xfa, 0xde, 0x2a) : QColor(0xe0, 0xb4, 0x00);
    case Status::Attention:
        return dark ? QColor(0xff, 0x98, 0x30) : QColor(0xfa, 0x64, 0x00);
    case Status::Bad:
        return dark ? QColor(0xf2, 0x49, 0x5c) : QColor(0xc4, 0x16, 0x2a);
    case Status::Inactive:
        break;
    }
    return {0x8e, 0x8e, 0x8e}; // grey reads on both themes
}

QColor Theme::seriesColor(int index) const {
    static constexpr std::array<QRgb, 10> kClassic = {0x7eb26d, 0xeab839, 0x6ed0e0, 0xef843c, 0xe24d42,
                                                      0x1f78c1, 0xba43a9, 0x705da0, 0x508642, 0xcca300};
    return QColor::fromRgb(kClassic[std::size_t(index < 0 ? -index : index) % kClassic.size()]);
}

void Theme::apply() const {
    QApplication::setStyle(QStyleFactory::create("Fusion"));
    QApplication::setPalette(palette());
}

} // namespace dw
