#pragma once

#include <QFont>

namespace riverdelta::ui {

// Presentation mode's text scaling, for every widget of the application at once: the
// application font becomes `normal` × `to`, and what Qt does not carry over by itself follows it:
// widgets that set their own size (titles, fixed-pitch views, big numbers) are scaled by
// `to` / `from`, and widgets with a style sheet, whose font Qt resolved when the sheet was set,
// resolve it again. The same whether called at start or while the console runs.
void scaleApplicationFont(const QFont& normal, double from, double to);

}  // namespace riverdelta::ui
