#include "engine/lake/storage/object_store.h"

namespace riverdelta::lake::storage {

PutResult ObjectStore::writeNewFile(std::string_view path, std::string_view bytes) {
    if (read(path)) return PutResult::AlreadyExists;
    std::unique_ptr<NewFile> f;
    try {
        f = createNewFile(path);
    } catch (const StorageError&) {
        if (read(path)) return PutResult::AlreadyExists;
        throw;
    }
    f->write(bytes);
    f->commit();
    return PutResult::Created;
}

}  // namespace riverdelta::lake::storage
