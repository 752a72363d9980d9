#include "engine/lake/storage/local_object_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <random>
#include <utility>

namespace riverdelta::lake::storage {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void fail(const std::string& what, const fs::path& p, int err) {
    throw StorageError(what + " " + p.string() + ": " + std::strerror(err));
}

class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    [[nodiscard]] int get() const { return fd_; }
    int release() { return std::exchange(fd_, -1); }

  private:
    int fd_;
};

void writeAll(int fd, std::string_view bytes, const fs::path& p) {
    const char* data = bytes.data();
    std::size_t n = bytes.size();
    while (n > 0) {
        const ssize_t w = ::write(fd, data, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            fail("write", p, errno);
        }
        data += w;
        n -= static_cast<std::size_t>(w);
    }
}

void fsyncDir(const fs::path& dir) {
    Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0) fail("open dir", dir, errno);
    if (::fsync(fd.get()) != 0) fail("fsync dir", dir, errno);
}

void ensureDir(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw StorageError("mkdir " + dir.string() + ": " + ec.message());
}

std::string randomSuffix() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s(16, '0');
    std::uint64_t v = rng();
    for (auto& c : s) {
        c = kHex[v & 15U];
        v >>= 4;
    }
    return s;
}

class LocalNewFile final : public NewFile {
  public:
    explicit LocalNewFile(fs::path path) : path_(std::move(path)) {
        ensureDir(path_.parent_path());
        fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd_ < 0) fail("create", path_, errno);
    }
    ~LocalNewFile() override {
        if (fd_ >= 0) {
            ::close(fd_);
            ::unlink(path_.c_str());
        }
    }
    LocalNewFile(const LocalNewFile&) = delete;
    LocalNewFile& operator=(const LocalNewFile&) = delete;

    void write(std::string_view bytes) override {
        if (fd_ < 0) throw StorageError("write after commit: " + path_.string());
        writeAll(fd_, bytes, path_);
        size_ += bytes.size();
    }
    [[nodiscard]] std::uint64_t size() const override { return size_; }
    void commit() override {
        if (fd_ < 0) return;
        if (::fsync(fd_) != 0) fail("fsync", path_, errno);
        const int fd = std::exchange(fd_, -1);
        if (::close(fd) != 0) fail("close", path_, errno);
        fsyncDir(path_.parent_path());
    }

  private:
    fs::path path_;
    int fd_ = -1;
    std::uint64_t size_ = 0;
};

}  // namespace

LocalObjectStore::LocalObjectStore(fs::path root) : root_(std::move(root)) {}

fs::path LocalObjectStore::resolve(std::string_view path) const {
    if (path.find("..") != std::string_view::npos) {
        throw StorageError("path escapes the store: " + std::string(path));
    }
    while (!path.empty() && path.front() == '/')
        path.remove_prefix(1);
    return root_ / fs::path(std::string(path));
}

std::vector<ObjectInfo> LocalObjectStore::list(std::string_view prefix) {
    std::vector<ObjectInfo> out;
    // Walk the deepest directory the prefix names completely.
    const std::string pfx(prefix);
    const auto slash = pfx.rfind('/');
    const fs::path dir = slash == std::string::npos ? root_ : resolve(pfx.substr(0, slash));
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return out;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        const std::string name = it->path().filename().string();
        if (!name.empty() && name.front() == '.') continue;  // temporaries
        std::string rel = fs::relative(it->path(), root_, ec).generic_string();
        if (ec) continue;
        if (rel.compare(0, pfx.size(), pfx) != 0) continue;
        ObjectInfo info;
        info.size = it->file_size(ec);
        struct stat st {};
        if (::stat(it->path().c_str(), &st) == 0) {
            info.modifiedMs =
                static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
        }
        info.path = std::move(rel);
        out.push_back(std::move(info));
    }
    if (ec) throw StorageError("list " + dir.string() + ": " + ec.message());
    std::sort(out.begin(), out.end(),
              [](const ObjectInfo& a, const ObjectInfo& b) { return a.path < b.path; });
    return out;
}

std::optional<std::string> LocalObjectStore::read(std::string_view path) {
    const fs::path p = resolve(path);
    Fd fd(::open(p.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        if (errno == ENOENT) return std::nullopt;
        fail("open", p, errno);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) fail("stat", p, errno);
    std::string data(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t got = 0;
    while (got < data.size()) {
        const ssize_t r = ::read(fd.get(), data.data() + got, data.size() - got);
        if (r < 0) {
            if (errno == EINTR) continue;
            fail("read", p, errno);
        }
        if (r == 0) break;
        got += static_cast<std::size_t>(r);
    }
    data.resize(got);
    return data;
}

std::optional<std::uint64_t> LocalObjectStore::objectSize(std::string_view path) {
    const fs::path p = resolve(path);
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) {
        if (errno == ENOENT) return std::nullopt;
        fail("stat", p, errno);
    }
    if (!S_ISREG(st.st_mode)) throw StorageError("not a regular file: " + p.string());
    return static_cast<std::uint64_t>(st.st_size);
}

void LocalObjectStore::readRange(std::string_view path, std::uint64_t offset, std::size_t length,
                                 std::string& into) {
    const fs::path p = resolve(path);
    Fd fd(::open(p.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) fail("open", p, errno);
    into.resize(length);
    std::size_t got = 0;
    while (got < length) {
        const ssize_t r =
            ::pread(fd.get(), into.data() + got, length - got, static_cast<off_t>(offset + got));
        if (r < 0) {
            if (errno == EINTR) continue;
            fail("read", p, errno);
        }
        if (r == 0) {
            struct stat st {};
            const long long size = ::fstat(fd.get(), &st) == 0 ? st.st_size : -1;
            into.clear();
            throw StorageError("read " + p.string() + ": expected " + std::to_string(length) +
                               " bytes at offset " + std::to_string(offset) + ", the file has " +
                               std::to_string(size) + " bytes");
        }
        got += static_cast<std::size_t>(r);
    }
}

std::unique_ptr<NewFile> LocalObjectStore::createNewFile(std::string_view path) {
    return std::make_unique<LocalNewFile>(resolve(path));
}

fs::path LocalObjectStore::writeTemp(const fs::path& target, std::string_view bytes) {
    ensureDir(target.parent_path());
    // Built with append(): GCC 12 at -O3 flags a false -Wrestrict on chained operator+.
    std::string name(".");
    name.append(target.filename().string()).append(".").append(randomSuffix()).append(".tmp");
    fs::path tmp = target.parent_path() / name;  // not const: returned by move
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (fd.get() < 0) fail("create", tmp, errno);
    try {
        writeAll(fd.get(), bytes, tmp);
        if (::fsync(fd.get()) != 0) fail("fsync", tmp, errno);
        if (::close(fd.release()) != 0) fail("close", tmp, errno);
    } catch (...) {
        ::unlink(tmp.c_str());
        throw;
    }
    return tmp;
}

PutResult LocalObjectStore::putIfAbsent(std::string_view path, std::string_view bytes) {
    const fs::path target = resolve(path);
    const fs::path tmp = writeTemp(target, bytes);
    const int rc = ::link(tmp.c_str(), target.c_str());
    const int err = errno;
    ::unlink(tmp.c_str());
    if (rc != 0) {
        if (err == EEXIST) return PutResult::AlreadyExists;
        fail("link", target, err);
    }
    fsyncDir(target.parent_path());
    return PutResult::Created;
}

void LocalObjectStore::overwrite(std::string_view path, std::string_view bytes) {
    const fs::path target = resolve(path);
    const fs::path tmp = writeTemp(target, bytes);
    if (::rename(tmp.c_str(), target.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        fail("rename", target, err);
    }
    fsyncDir(target.parent_path());
}

bool LocalObjectStore::remove(std::string_view path) {
    const fs::path p = resolve(path);
    if (::unlink(p.c_str()) != 0) {
        if (errno == ENOENT) return false;
        fail("unlink", p, errno);
    }
    return true;
}

}  // namespace riverdelta::lake::storage
