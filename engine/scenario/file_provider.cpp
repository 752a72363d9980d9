#include "engine/scenario/file_provider.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace riverdelta::scenario {

std::optional<std::string> FilesystemFileProvider::read(const std::string& path,
                                                        std::string& error) const {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        error = "is a directory";
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = std::strerror(errno);
        return std::nullopt;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) {
        error = "read error";
        return std::nullopt;
    }
    return std::move(ss).str();
}

void MemoryFileProvider::add(std::string path, std::string content) {
    files_[std::move(path)] = std::move(content);
}

std::optional<std::string> MemoryFileProvider::read(const std::string& path,
                                                    std::string& error) const {
    auto it = files_.find(path);
    if (it == files_.end()) {
        error = "No such file";
        return std::nullopt;
    }
    return it->second;
}

std::vector<std::string> MemoryFileProvider::paths() const {
    std::vector<std::string> out;
    for (const auto& [p, _] : files_)
        out.push_back(p);
    return out;
}

FileResolver::FileResolver() {
    providers_.push_back(std::make_shared<FilesystemFileProvider>());
}

FileResolver::FileResolver(std::shared_ptr<const FileProvider> provider) {
    providers_.push_back(std::move(provider));
}

void FileResolver::addProvider(std::shared_ptr<const FileProvider> provider) {
    providers_.push_back(std::move(provider));
}

void FileResolver::addMount(std::string source, std::string target) {
    while (source.size() > 1 && source.back() == '/')
        source.pop_back();
    while (target.size() > 1 && target.back() == '/')
        target.pop_back();
    for (auto& m : mounts_) {
        if (m.first == source) {
            m.second = std::move(target);
            return;
        }
    }
    mounts_.emplace_back(std::move(source), std::move(target));
}

bool FileResolver::hasMount(std::string_view source) const {
    for (const auto& m : mounts_) {
        if (m.first == source) return true;
    }
    return false;
}

bool FileResolver::addMountSpec(std::string_view spec) {
    auto eq = spec.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == spec.size()) return false;
    addMount(std::string(spec.substr(0, eq)), std::string(spec.substr(eq + 1)));
    return true;
}

std::string FileResolver::dirname(std::string_view path) {
    auto slash = path.rfind('/');
    if (slash == std::string_view::npos) return ".";
    if (slash == 0) return "/";
    return std::string(path.substr(0, slash));
}

namespace {
bool isAbsolute(std::string_view p) {
    return (!p.empty() && p.front() == '/') || p.rfind("builtin:", 0) == 0;
}

// Collapses "a/./b" and "a/x/../b" so that the same file always has the same name.
std::string normalise(std::string_view path) {
    std::string prefix;
    if (path.rfind("builtin:", 0) == 0) {
        prefix = "builtin:";
        path.remove_prefix(8);
    }
    const bool absolute = !path.empty() && path.front() == '/';
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while (i <= path.size()) {
        std::size_t j = path.find('/', i);
        if (j == std::string_view::npos) j = path.size();
        std::string_view part = path.substr(i, j - i);
        if (part == "..") {
            if (!parts.empty() && parts.back() != "..") {
                parts.pop_back();
            } else if (!absolute) {
                parts.push_back(part);
            }
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        i = j + 1;
    }
    std::string out;
    out.reserve(path.size() + prefix.size() + 1);
    out.append(prefix);
    if (absolute) out.push_back('/');
    for (std::size_t k = 0; k < parts.size(); ++k) {
        if (k) out.push_back('/');
        out.append(parts[k]);
    }
    if (out.empty()) out.push_back('.');
    return out;
}
}  // namespace

std::string FileResolver::applyMounts(std::string_view path) const {
    for (const auto& [source, target] : mounts_) {
        if (path == source) return target;
        if (path.size() > source.size() && path.rfind(source, 0) == 0 &&
            (path[source.size()] == '/' || source == "/")) {
            std::string joined;
            joined.reserve(target.size() + path.size() + 1);
            joined.append(target);
            joined.push_back('/');
            joined.append(path.substr(source == "/" ? 1 : source.size() + 1));
            return normalise(joined);
        }
    }
    return std::string(path);
}

std::string FileResolver::resolve(std::string_view includingFile,
                                  std::string_view reference) const {
    if (isAbsolute(reference)) return normalise(applyMounts(normalise(reference)));
    const std::string dir = dirname(includingFile);
    std::string joined;
    if (dir != ".") {
        joined.reserve(dir.size() + reference.size() + 1);
        joined.append(dir);
        joined.push_back('/');
    }
    joined.append(reference);
    return normalise(joined);
}

std::optional<std::string> FileResolver::read(const std::string& path, std::string& error) const {
    const bool builtin = path.rfind("builtin:", 0) == 0;
    std::string firstError;
    for (const auto& p : providers_) {
        // Builtin names never reach the filesystem.
        if (builtin && dynamic_cast<const FilesystemFileProvider*>(p.get()) != nullptr) continue;
        std::string e;
        if (auto content = p->read(path, e)) return content;
        if (firstError.empty()) firstError = e;
    }
    error = firstError.empty() ? "No such file" : firstError;
    return std::nullopt;
}

}  // namespace riverdelta::scenario
