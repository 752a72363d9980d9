#include "engine/lake/storage/s3_object_store.h"

#include <algorithm>
#include <future>
#include <utility>

#include "engine/s3/conditional_write_probe.h"

namespace riverdelta::lake::storage {

namespace {

// Runs an S3 call, turning its failure into the store's error type (same message).
template <typename F>
auto guarded(F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const s3::S3Error& e) {
        throw StorageError(e.what());
    }
}

// A new object: one PUT at commit when it stays under a part, else a multipart upload whose
// parts go up in the background, one at a time, while the writer fills the next (a catch-up
// encoded nothing while each 8 MiB part was on its way). S3Client serialises calls, so the
// writer's thread may use the same client meanwhile.
class S3NewFile final : public NewFile {
  public:
    S3NewFile(s3::S3Client& client, std::string bucket, std::string key, std::size_t partSize)
        : client_(client), bucket_(std::move(bucket)), key_(std::move(key)), partSize_(partSize) {}
    ~S3NewFile() override {
        if (inFlight_.valid()) inFlight_.wait();  // it uses this object
        if (!uploadId_.empty() && !committed_) {
            try {
                client_.abortMultipartUpload(bucket_, key_, uploadId_);
            } catch (const std::exception&) {  // the bucket's lifecycle rules clean up the rest
            }
        }
    }
    S3NewFile(const S3NewFile&) = delete;
    S3NewFile& operator=(const S3NewFile&) = delete;

    void write(std::string_view bytes) override {
        if (committed_) throw StorageError("write after commit: s3 key " + key_);
        size_ += bytes.size();
        // Parts of exactly partSize_ bytes: the buffer never grows past one part, whatever the
        // size of the writes; with the part on its way, two parts are the floor of a streamed
        // upload's memory.
        while (!bytes.empty()) {
            const std::size_t n = std::min(bytes.size(), partSize_ - buffer_.size());
            if (buffer_.size() + n > buffer_.capacity()) buffer_.reserve(partSize_);
            buffer_.append(bytes.substr(0, n));
            bytes.remove_prefix(n);
            if (buffer_.size() >= partSize_) guarded([&] { startPart(); });
        }
    }
    [[nodiscard]] std::uint64_t size() const override { return size_; }
    void commit() override {
        if (committed_) return;
        guarded([&] {
            if (uploadId_.empty()) {
                // Create-only: a file is never replaced.
                if (client_.putObject(bucket_, key_, buffer_, s3::PutCondition::IfNoneMatch) ==
                    s3::PutOutcome::PreconditionFailed)
                    throw StorageError("s3 key " + key_ + " already exists");
            } else {
                finishPartInFlight();
                if (!buffer_.empty())
                    etags_.push_back(client_.uploadPart(
                        bucket_, key_, uploadId_, static_cast<int>(etags_.size()) + 1, buffer_));
                if (client_.completeMultipartUpload(bucket_, key_, uploadId_, etags_,
                                                    s3::PutCondition::IfNoneMatch) ==
                    s3::PutOutcome::PreconditionFailed)
                    throw StorageError("s3 key " + key_ + " already exists");
            }
        });
        committed_ = true;
        buffer_.clear();
        buffer_.shrink_to_fit();
    }

  private:
    // Sends the full buffer as the next part, once the part before it is up; its failure
    // surfaces at the next write or at commit.
    void startPart() {
        if (uploadId_.empty()) uploadId_ = client_.createMultipartUpload(bucket_, key_);
        finishPartInFlight();
        const int number = static_cast<int>(etags_.size()) + 1;
        inFlight_ = std::async(std::launch::async, [this, number, body = std::move(buffer_)] {
            return client_.uploadPart(bucket_, key_, uploadId_, number, body);
        });
        buffer_ = std::string();
    }
    void finishPartInFlight() {
        if (inFlight_.valid()) etags_.push_back(inFlight_.get());  // rethrows its failure
    }

    s3::S3Client& client_;
    std::string bucket_;
    std::string key_;
    std::size_t partSize_;
    std::string buffer_;
    std::string uploadId_;
    std::vector<std::string> etags_;
    std::future<std::string> inFlight_;  // ETag of the part on its way
    std::uint64_t size_ = 0;
    bool committed_ = false;
};

}  // namespace

S3ObjectStore::S3ObjectStore(std::shared_ptr<s3::S3Client> client, s3::S3Url root,
                             std::size_t partSize)
    : client_(std::move(client)), root_(std::move(root)), partSize_(partSize) {
    if (partSize_ == 0) throw StorageError("S3 part size must be positive");
}

std::string S3ObjectStore::key(std::string_view path) const {
    while (!path.empty() && path.front() == '/')
        path.remove_prefix(1);
    if (path.find("..") != std::string_view::npos)
        throw StorageError("path escapes the store: " + std::string(path));
    return root_.keyPrefix() + std::string(path);
}

std::vector<ObjectInfo> S3ObjectStore::list(std::string_view prefix) {
    const std::string base = root_.keyPrefix();
    auto entries = guarded([&] { return client_->listObjects(root_.bucket, key(prefix)); });
    std::vector<ObjectInfo> out;
    out.reserve(entries.size());
    for (auto& e : entries) {
        if (!e.key.starts_with(base)) continue;
        ObjectInfo info;
        info.path = e.key.substr(base.size());
        info.size = e.size;
        info.modifiedMs = e.modifiedMs;
        out.push_back(std::move(info));
    }
    return out;
}

std::optional<std::string> S3ObjectStore::read(std::string_view path) {
    return guarded([&] { return client_->getObject(root_.bucket, key(path)); });
}

std::optional<std::uint64_t> S3ObjectStore::objectSize(std::string_view path) {
    return guarded([&] { return client_->headObject(root_.bucket, key(path)); });
}

void S3ObjectStore::readRange(std::string_view path, std::uint64_t offset, std::size_t length,
                              std::string& into) {
    const std::string k = key(path);
    auto bytes = guarded([&] { return client_->getObjectRange(root_.bucket, k, offset, length); });
    if (!bytes) {
        into.clear();
        throw StorageError("s3://" + root_.bucket + "/" + k + ": no such object (reading " +
                           std::to_string(length) + " bytes at offset " + std::to_string(offset) +
                           ")");
    }
    into = std::move(*bytes);
}

std::unique_ptr<NewFile> S3ObjectStore::createNewFile(std::string_view path) {
    return std::make_unique<S3NewFile>(*client_, root_.bucket, key(path), partSize_);
}

PutResult S3ObjectStore::writeNewFile(std::string_view path, std::string_view bytes) {
    return guarded([&] {
        return client_->putObject(root_.bucket, key(path), bytes, s3::PutCondition::IfNoneMatch) ==
                       s3::PutOutcome::Written
                   ? PutResult::Created
                   : PutResult::AlreadyExists;
    });
}

void S3ObjectStore::checkConditionalWrites() {
    std::call_once(probed_, [&] {
        guarded([&] { s3::probeConditionalWrites(*client_, root_.bucket, root_.keyPrefix()); });
    });
}

PutResult S3ObjectStore::putIfAbsent(std::string_view path, std::string_view bytes) {
    checkConditionalWrites();
    const std::string k = key(path);
    return guarded([&] {
        if (client_->putObject(root_.bucket, k, bytes, s3::PutCondition::IfNoneMatch) ==
            s3::PutOutcome::Written)
            return PutResult::Created;
        // A 412 after a retried request may be our own first attempt having landed: the
        // object then holds exactly our bytes (a commit's commitInfo makes them unique).
        const auto existing = client_->getObject(root_.bucket, k);
        return existing && *existing == bytes ? PutResult::Created : PutResult::AlreadyExists;
    });
}

void S3ObjectStore::overwrite(std::string_view path, std::string_view bytes) {
    guarded([&] { client_->putObject(root_.bucket, key(path), bytes); });
}

bool S3ObjectStore::remove(std::string_view path) {
    const std::string k = key(path);
    return guarded([&] {
        if (!client_->headObject(root_.bucket, k)) return false;
        client_->deleteObject(root_.bucket, k);
        return true;
    });
}

}  // namespace riverdelta::lake::storage
