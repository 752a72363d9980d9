#include "engine/lake/maintenance/table_files.h"

namespace riverdelta::lake::maintenance {
namespace {

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool hiddenComponent(std::string_view c) {
    if (c.empty()) return false;
    if (c.front() == '.') return true;
    return c.front() == '_' && c.find('=') == std::string_view::npos;
}

}  // namespace

std::string decodeActionPath(std::string_view path) {
    std::string out;
    out.reserve(path.size());
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '%' && i + 2 < path.size()) {
            const int hi = hexValue(path[i + 1]);
            const int lo = hexValue(path[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(path[i]);
    }
    return out;
}

std::vector<storage::ObjectInfo> listDataObjects(storage::ObjectStore& store,
                                                 const std::string& tableRoot) {
    std::vector<storage::ObjectInfo> out;
    for (auto& obj : store.list(tableRoot)) {
        std::string_view rel = std::string_view(obj.path).substr(tableRoot.size());
        bool hidden = false;
        std::size_t start = 0;
        while (start <= rel.size()) {
            const std::size_t slash = rel.find('/', start);
            const std::string_view component = rel.substr(
                start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
            if (hiddenComponent(component)) {
                hidden = true;
                break;
            }
            if (slash == std::string_view::npos) break;
            start = slash + 1;
        }
        if (hidden) continue;
        obj.path = std::string(rel);
        out.push_back(std::move(obj));
    }
    return out;
}

std::string rootPrefix(std::string tablePath) {
    while (!tablePath.empty() && tablePath.back() == '/')
        tablePath.pop_back();
    return tablePath.empty() ? tablePath : tablePath + "/";
}

}  // namespace riverdelta::lake::maintenance
