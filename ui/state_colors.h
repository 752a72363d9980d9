#pragma once

#include <QColor>
#include <QPalette>

namespace riverdelta::ui {

// True when the palette is dark (the window colour is darker than its text).
inline bool isDark(const QPalette& palette) {
    return palette.color(QPalette::Window).lightness() <
           palette.color(QPalette::WindowText).lightness();
}

// A colour for status text that stays readable on the palette's window colour: the light
// variant on dark palettes, the dark one on light palettes.
inline QColor readable(const QPalette& palette, const QColor& onLight, const QColor& onDark) {
    return isDark(palette) ? onDark : onLight;
}

}  // namespace riverdelta::ui
