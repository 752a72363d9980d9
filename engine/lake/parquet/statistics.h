#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "engine/lake/parquet/types.h"

namespace riverdelta::lake::parquet {

// Min / max / null count of one column (a column chunk, or a whole file after merge()), kept in
// the order Parquet's TypeDefinedOrder prescribes for the physical type: signed for INT32 and
// INT64, numeric for FLOAT and DOUBLE (NaN ignored), false < true for BOOLEAN, unsigned
// bytewise for BYTE_ARRAY (UTF-8 strings sort by code point that way).
class Statistics {
  public:
    // bool for BOOLEAN, int64 for INT32/INT64, double for FLOAT/DOUBLE, bytes for BYTE_ARRAY.
    using Scalar = std::variant<bool, std::int64_t, double, std::string>;

    explicit Statistics(PhysicalType type) : type_(type) {}

    void updateInt(std::int64_t v) {
        minI_ = std::min(minI_, v);
        maxI_ = std::max(maxI_, v);
        has_ = true;
    }
    void updateDouble(double v) {
        if (v != v) return;  // NaN takes no part in min/max
        minD_ = std::min(minD_, v);
        maxD_ = std::max(maxD_, v);
        has_ = true;
    }
    void updateBool(bool v) {
        if (v) {
            sawTrue_ = true;
        } else {
            sawFalse_ = true;
        }
        has_ = true;
    }
    void updateBytes(std::string_view v) {
        if (!has_) {
            setMin(v);
            setMax(v);
            has_ = true;
            return;
        }
        // The first 8 bytes as a big-endian number order like the bytes do; only equal
        // prefixes need the full comparison.
        const std::uint64_t p = prefix(v);
        if (p < minPrefix_ || (p == minPrefix_ && v < minS_)) {
            setMin(v);
        } else if (p > maxPrefix_ || (p == maxPrefix_ && v > maxS_)) {
            setMax(v);
        }
    }
    void addNulls(std::int64_t n) { nullCount_ += n; }

    void merge(const Statistics& other);
    void reset();

    [[nodiscard]] PhysicalType physicalType() const { return type_; }
    [[nodiscard]] bool hasMinMax() const { return has_; }
    [[nodiscard]] std::int64_t nullCount() const { return nullCount_; }

    // PLAIN encoding without a length prefix, as Statistics.min_value / max_value want it.
    [[nodiscard]] std::string encodedMin() const;
    [[nodiscard]] std::string encodedMax() const;

    [[nodiscard]] std::optional<Scalar> min() const;
    [[nodiscard]] std::optional<Scalar> max() const;

  private:
    [[nodiscard]] std::string encode(bool wantMax) const;
    static std::uint64_t prefix(std::string_view v) {
        std::uint64_t p = 0;
        if (v.size() >= 8) {
            std::memcpy(&p, v.data(), 8);
            return __builtin_bswap64(p);  // big-endian: numeric order == byte order
        }
        unsigned char b[8] = {};
        std::memcpy(b, v.data(), v.size());
        std::memcpy(&p, b, 8);
        return __builtin_bswap64(p);
    }
    void setMin(std::string_view v) {
        minS_.assign(v);
        minPrefix_ = prefix(v);
    }
    void setMax(std::string_view v) {
        maxS_.assign(v);
        maxPrefix_ = prefix(v);
    }

    PhysicalType type_;
    bool has_ = false;
    std::int64_t nullCount_ = 0;
    std::int64_t minI_ = std::numeric_limits<std::int64_t>::max();
    std::int64_t maxI_ = std::numeric_limits<std::int64_t>::min();
    double minD_ = std::numeric_limits<double>::infinity();
    double maxD_ = -std::numeric_limits<double>::infinity();
    bool sawTrue_ = false;
    bool sawFalse_ = false;
    std::string minS_;
    std::string maxS_;
    std::uint64_t minPrefix_ = 0;
    std::uint64_t maxPrefix_ = 0;
};

}  // namespace riverdelta::lake::parquet
