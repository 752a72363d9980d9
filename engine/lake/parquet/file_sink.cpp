#include "engine/lake/parquet/file_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace riverdelta::lake::parquet {

FileSink::FileSink(const std::string& path, bool exclusive, bool durable)
    : durable_(durable), path_(path) {
    const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC);
    fd_ = ::open(path.c_str(), flags, 0644);
    if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "open " + path);
}

FileSink::~FileSink() {
    if (fd_ >= 0) ::close(fd_);
}

void FileSink::write(std::string_view bytes) {
    const char* p = bytes.data();
    std::size_t n = bytes.size();
    while (n > 0) {
        const ssize_t w = ::write(fd_, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            throw std::system_error(errno, std::generic_category(), "write " + path_);
        }
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    position_ += bytes.size();
}

void FileSink::close() {
    if (fd_ < 0) return;
    if (durable_ && ::fsync(fd_) != 0) {
        throw std::system_error(errno, std::generic_category(), "fsync " + path_);
    }
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
        throw std::system_error(errno, std::generic_category(), "close " + path_);
    }
}

}  // namespace riverdelta::lake::parquet
