#include "engine/run/local_directory_store.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <system_error>

#include "engine/core/error.h"

namespace riverdelta::run {

namespace fs = std::filesystem;

LocalDirectoryStore::LocalDirectoryStore(fs::path root) : root_(std::move(root)) {}

std::string LocalDirectoryStore::describe(std::string_view key) const {
    return (root_ / fs::path(key)).string();
}

void LocalDirectoryStore::put(std::string_view key, std::string_view bytes) {
    const fs::path target = root_ / fs::path(key);
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec)
        throw Error("cannot create directory " + target.parent_path().string() + ": " +
                    ec.message());
    const fs::path temp = target.parent_path() / ("." + target.filename().string() + ".tmp");
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error("cannot write " + temp.string() + ": " + std::strerror(errno));
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out) {
            fs::remove(temp, ec);
            throw Error("cannot write " + temp.string() + ": " + std::strerror(errno));
        }
    }
    fs::rename(temp, target, ec);
    if (ec) {
        fs::remove(temp, ec);
        throw Error("cannot rename into " + target.string() + ": " + ec.message());
    }
}

std::uint64_t LocalDirectoryStore::nextIndex(std::string_view keyPrefix, std::string_view suffix) {
    const fs::path prefixPath = root_ / fs::path(keyPrefix);
    const fs::path dir = prefixPath.parent_path();
    const std::string stem = prefixPath.filename().string();
    const std::string tail = "." + std::string(suffix);
    std::uint64_t next = 0;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() <= stem.size() + tail.size() || !name.starts_with(stem) ||
            !name.ends_with(tail))
            continue;
        const std::string_view digits(name.data() + stem.size(),
                                      name.size() - stem.size() - tail.size());
        std::uint64_t n = 0;
        const auto [p, err] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
        if (err == std::errc() && p == digits.data() + digits.size()) next = std::max(next, n + 1);
    }
    return next;
}

}  // namespace riverdelta::run
