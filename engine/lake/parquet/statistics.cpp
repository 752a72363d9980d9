#include "engine/lake/parquet/statistics.h"

#include <cstring>

namespace riverdelta::lake::parquet {
namespace {

template <typename T>
std::string rawBytes(T v) {
    std::string s(sizeof(T), '\0');
    std::memcpy(s.data(), &v, sizeof(T));  // Parquet PLAIN is little-endian, as is x86-64/arm64
    return s;
}

}  // namespace

void Statistics::merge(const Statistics& o) {
    nullCount_ += o.nullCount_;
    if (!o.has_) return;
    switch (type_) {
        case PhysicalType::Boolean:
            sawTrue_ = sawTrue_ || o.sawTrue_;
            sawFalse_ = sawFalse_ || o.sawFalse_;
            break;
        case PhysicalType::Int32:
        case PhysicalType::Int64:
            minI_ = std::min(minI_, o.minI_);
            maxI_ = std::max(maxI_, o.maxI_);
            break;
        case PhysicalType::Float:
        case PhysicalType::Double:
            minD_ = std::min(minD_, o.minD_);
            maxD_ = std::max(maxD_, o.maxD_);
            break;
        case PhysicalType::ByteArray:
            if (!has_ || o.minS_ < minS_) setMin(o.minS_);
            if (!has_ || o.maxS_ > maxS_) setMax(o.maxS_);
            break;
    }
    has_ = true;
}

void Statistics::reset() {
    *this = Statistics(type_);
}

std::string Statistics::encode(bool wantMax) const {
    switch (type_) {
        case PhysicalType::Boolean: {
            const bool v = wantMax ? sawTrue_ : !sawFalse_;
            return std::string(1, v ? '\1' : '\0');
        }
        case PhysicalType::Int32:
            return rawBytes(static_cast<std::int32_t>(wantMax ? maxI_ : minI_));
        case PhysicalType::Int64:
            return rawBytes(wantMax ? maxI_ : minI_);
        case PhysicalType::Float:
        case PhysicalType::Double: {
            double v = wantMax ? maxD_ : minD_;
            // parquet.thrift: a zero min is written as -0.0 and a zero max as +0.0.
            if (v == 0.0) v = wantMax ? 0.0 : -0.0;
            if (type_ == PhysicalType::Float) return rawBytes(static_cast<float>(v));
            return rawBytes(v);
        }
        case PhysicalType::ByteArray:
            return wantMax ? maxS_ : minS_;
    }
    return {};
}

std::string Statistics::encodedMin() const {
    return encode(false);
}
std::string Statistics::encodedMax() const {
    return encode(true);
}

std::optional<Statistics::Scalar> Statistics::min() const {
    if (!has_) return std::nullopt;
    switch (type_) {
        case PhysicalType::Boolean:
            return Scalar(!sawFalse_);
        case PhysicalType::Int32:
        case PhysicalType::Int64:
            return Scalar(minI_);
        case PhysicalType::Float:
        case PhysicalType::Double:
            return Scalar(minD_);
        case PhysicalType::ByteArray:
            return Scalar(minS_);
    }
    return std::nullopt;
}

std::optional<Statistics::Scalar> Statistics::max() const {
    if (!has_) return std::nullopt;
    switch (type_) {
        case PhysicalType::Boolean:
            return Scalar(sawTrue_);
        case PhysicalType::Int32:
        case PhysicalType::Int64:
            return Scalar(maxI_);
        case PhysicalType::Float:
        case PhysicalType::Double:
            return Scalar(maxD_);
        case PhysicalType::ByteArray:
            return Scalar(maxS_);
    }
    return std::nullopt;
}

}  // namespace riverdelta::lake::parquet
