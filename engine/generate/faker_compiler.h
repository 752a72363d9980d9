#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/generate/faker_compiled.h"

namespace riverdelta::generate::faker_compiler {

// Compiles "Provider.method 'arg',..." as written in a template: looks the name up (any case,
// underscores ignored), checks the arguments and binds them, compiling patterns and their
// sub-expressions. Expressions without arguments share one compiled form for the program's
// life. On failure returns null with `error` set ("unknown Faker expression ..." for names).
std::shared_ptr<const Faker::Compiled> compile(std::string_view expression, std::string& error);

// Names of the public expressions, in table order.
const std::vector<std::string>& names();

}  // namespace riverdelta::generate::faker_compiler
