#include "engine/postgres/pg_error.h"

namespace riverdelta::postgres {

std::string libpqMessage(const char* message) {
    std::string s = message ? message : "";
    while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
        s.pop_back();
    return s;
}

}  // namespace riverdelta::postgres
