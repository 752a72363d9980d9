#pragma once

#include <QColor>
#include <QIcon>

namespace riverdelta::ui {

enum class Glyph { Play, Stop };

// A simple media glyph drawn in `color` (the palette's button text, so it reads on light and
// dark palettes), at several pixel sizes so it stays sharp on high-DPI screens.
QIcon glyphIcon(Glyph glyph, const QColor& color);

}  // namespace riverdelta::ui
