#include "models/byte_text.h"

#include <QLocale>
#include <array>

namespace riverdelta::models {

QString byteText(double bytes) {
    static constexpr std::array units = {"B", "KiB", "MiB", "GiB", "TiB"};
    std::size_t u = 0;
    for (; bytes >= 1024 && u + 1 < units.size(); ++u)
        bytes /= 1024;
    const QLocale locale;
    const QString value = bytes == 0            ? QStringLiteral("0")
                          : bytes < 10 && u > 0 ? locale.toString(bytes, 'f', 1)
                                                : locale.toString(qRound64(bytes));
    // A no-break space: "12 KiB" never wraps between the number and its unit.
    return value + QChar(0x00a0) + QLatin1String(units[u]);
}

}  // namespace riverdelta::models
