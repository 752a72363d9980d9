#include "engine/lake/storage/lake_location.h"

#include "engine/lake/storage/local_object_store.h"
#include "engine/lake/storage/s3_object_store.h"

namespace riverdelta::lake::storage {

LakeLocation LakeLocation::parse(std::string_view text) {
    LakeLocation l;
    if (s3::isS3Url(text))
        l.s3_ = s3::parseS3Url(text);
    else
        l.folder_ = std::filesystem::path(std::string(text));
    return l;
}

LakeLocation LakeLocation::local(std::filesystem::path folder) {
    LakeLocation l;
    l.folder_ = std::move(folder);
    return l;
}

LakeLocation LakeLocation::child(std::string_view name) const {
    LakeLocation c = *this;
    if (s3_)
        c.s3_ = s3_->child(name);
    else
        c.folder_ = folder_ / std::string(name);
    return c;
}

std::string LakeLocation::toString() const {
    return s3_ ? s3_->toString() : folder_.string();
}

std::unique_ptr<ObjectStore> openObjectStore(const LakeLocation& location,
                                             const std::optional<s3::S3Settings>& settings) {
    if (!location.isS3()) return std::make_unique<LocalObjectStore>(location.folder());
    auto client =
        std::make_shared<s3::S3Client>(s3::resolveS3Settings(settings.value_or(s3::S3Settings{})));
    return std::make_unique<S3ObjectStore>(std::move(client), location.s3Url());
}

}  // namespace riverdelta::lake::storage
