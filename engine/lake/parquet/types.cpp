#include "engine/lake/parquet/types.h"

namespace riverdelta::lake::parquet {

ConvertedType LogicalType::convertedType() const {
    switch (kind) {
        case Kind::None:
            return ConvertedType::None;
        case Kind::String:
            return ConvertedType::Utf8;
        case Kind::Map:
            return ConvertedType::Map;
        case Kind::List:
            return ConvertedType::List;
        case Kind::Date:
            return ConvertedType::Date;
        case Kind::Timestamp:
            // LogicalTypes.md: the legacy TIMESTAMP_* types mean UTC-adjusted instants; a local
            // (not adjusted) timestamp has no converted type.
            if (!adjustedToUtc) return ConvertedType::None;
            return unit == TimeUnit::Millis ? ConvertedType::TimestampMillis
                                            : ConvertedType::TimestampMicros;
        case Kind::Integer:
            if (!isSigned) return ConvertedType::None;
            switch (bitWidth) {
                case 8:
                    return ConvertedType::Int8;
                case 16:
                    return ConvertedType::Int16;
                case 32:
                    return ConvertedType::Int32;
                case 64:
                    return ConvertedType::Int64;
                default:
                    return ConvertedType::None;
            }
    }
    return ConvertedType::None;
}

}  // namespace riverdelta::lake::parquet
