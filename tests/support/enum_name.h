#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <type_traits>

namespace riverdelta::testing {

// An engine enum's name, for QCOMPARE. On a mismatch QCOMPARE prints the enums themselves with
// the engine's toString (found by ADL) and then delete[]s the static string it returns: a crash
// instead of a failure. Names print fine.
// clang-format 14 would fold the requires-clause into the declaration.
// clang-format off
template <class Enum>
    requires std::is_enum_v<Enum>
QByteArray nameOf(Enum value) {
    return QByteArrayView(toString(value)).toByteArray();
}
// clang-format on

}  // namespace riverdelta::testing
