#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QImage>
#include <QSet>
#include <QWidget>
#include <QtTest>

namespace riverdelta::testing {

// Delivers what is already queued (layout requests, deferred updates, queued signals), so a
// grab shows the state the test has just checked. Not a wait: what arrives later (the engine's
// next snapshot, a worker's answer) the test waits for on its own condition, with a deadline.
inline void deliverQueuedEvents() {
    for (int round = 0; round < 3; ++round) {  // a layout delivered may post another
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
    }
}

// Saves widget->grab() under the test artifacts folder and fails when the image is blank
// (one colour, or almost nothing drawn). Returns the path for the test log.
inline QString saveScreenshot(QWidget* widget, const QString& name) {
    deliverQueuedEvents();
    const QString dir = QStringLiteral(RIVERDELTA_TEST_ARTIFACTS) + "/screenshots";
    QDir().mkpath(dir);
    const QImage image = widget->grab().toImage();
    const QString path = dir + "/" + name + ".png";
    if (!image.save(path)) qWarning("could not save %s", qPrintable(path));
    return path;
}

inline bool looksBlank(const QImage& image, QString* why) {
    if (image.isNull() || image.width() < 50 || image.height() < 50) {
        *why = QStringLiteral("image is empty or tiny");
        return true;
    }
    QHash<QRgb, int> counts;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            ++counts[image.pixel(x, y)];
    int dominant = 0;
    int total = 0;
    for (int c : counts) {
        dominant = std::max(dominant, c);
        total += c;
    }
    if (counts.size() < 16 || dominant > total * 97 / 100) {
        *why = QStringLiteral("only %1 colours, dominant covers %2%")
                   .arg(counts.size())
                   .arg(100.0 * dominant / total, 0, 'f', 1);
        return true;
    }
    return false;
}

}  // namespace riverdelta::testing

#define RD_SCREENSHOT(widget, name)                                                       \
    do {                                                                                  \
        const QString rdShotPath = riverdelta::testing::saveScreenshot((widget), (name)); \
        QString rdWhy;                                                                    \
        QVERIFY2(!riverdelta::testing::looksBlank(QImage(rdShotPath), &rdWhy),            \
                 qPrintable(rdShotPath + ": looks blank: " + rdWhy));                     \
    } while (0)
