#include "build_version.h"

#include "build_info.h"

#include <QtGlobal>

namespace dw {

QString buildVersion() {
    return QStringLiteral("%1 (commit %2)").arg(QStringLiteral(DW_VERSION), QStringLiteral(DW_BUILD_COMMIT));
}

QString versionText() {
    return QStringLiteral("dispatchwatch %1\nQt %2 (built with %3)\n")
        .arg(buildVersion(), QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR));
}

} // namespace dw
