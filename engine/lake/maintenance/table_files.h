#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/lake/storage/object_store.h"

namespace riverdelta::lake::maintenance {

// An add/remove action's path (a relative URI, percent-encoded) as an object path.
std::string decodeActionPath(std::string_view path);

// The table's data objects, paths relative to the table root: everything under `tableRoot`
// ("" or "dir/") except the log and hidden entries (a path component starting with '.', or
// with '_' unless it is a partition directory "name=value"), as Delta's VACUUM sees them.
std::vector<storage::ObjectInfo> listDataObjects(storage::ObjectStore& store,
                                                 const std::string& tableRoot);

// "" → "", "dir" → "dir/".
std::string rootPrefix(std::string tablePath);

}  // namespace riverdelta::lake::maintenance
