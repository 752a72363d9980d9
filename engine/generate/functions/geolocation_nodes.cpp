#include "engine/generate/functions/geolocation_nodes.h"

#include <cstring>
#include <initializer_list>
#include <new>
#include <string_view>

namespace riverdelta::generate {

namespace {

std::string_view formatName(GeolocationFormat f) {
    switch (f) {
        case GeolocationFormat::Address:
            return "address";
        case GeolocationFormat::Coordinates:
            return "coordinates";
        case GeolocationFormat::Object:
            return "object";
    }
    return "address";
}

// Joins the non-empty parts with `sep` into `out` (pre-sized by `joinedSize`).
char* join(char* out, std::initializer_list<std::string_view> parts, char sep) {
    bool any = false;
    for (auto p : parts) {
        if (p.empty()) continue;
        if (any) *out++ = sep;
        std::memcpy(out, p.data(), p.size());
        out += p.size();
        any = true;
    }
    return out;
}

std::size_t joinedSize(std::initializer_list<std::string_view> parts) {
    std::size_t n = 0, count = 0;
    for (auto p : parts) {
        if (p.empty()) continue;
        n += p.size();
        ++count;
    }
    return count == 0 ? 0 : n + count - 1;
}

Value textOrNull(std::string_view s) {
    return s.empty() ? Value::null() : Value::ofString(s);
}

}  // namespace

void GeolocationNode::eval(EvalContext& ctx, Value& out) const {
    const auto rows = data_->rows();
    const std::uint32_t index =
        candidates_.empty()
            ? static_cast<std::uint32_t>(ctx.rng->below(rows.size()))
            : candidates_[static_cast<std::size_t>(ctx.rng->below(candidates_.size()))];
    const GeolocationRow& row = rows[index];
    if (!multiple_) {
        out = format(ctx, row, formats_.front());
        return;
    }
    Member* ms = ctx.arena->members(formats_.size());
    for (std::size_t i = 0; i < formats_.size(); ++i)
        new (&ms[i]) Member{formatName(formats_[i]), format(ctx, row, formats_[i])};
    out = Value::ofObject(ms, static_cast<std::uint32_t>(formats_.size()));
}

Value GeolocationNode::format(EvalContext& ctx, const GeolocationRow& row,
                              GeolocationFormat f) const {
    const GeolocationData& d = *data_;
    switch (f) {
        case GeolocationFormat::Address: {
            // The US mailing convention: "72 Oak St, Rochester NY 14602".
            const auto street = {d.text(row.number), d.text(row.street), d.text(row.unit)};
            const auto place = {d.text(row.city), d.text(row.state), d.text(row.zipCode)};
            const std::size_t a = joinedSize(street), b = joinedSize(place);
            const std::size_t n = a + b + (a > 0 && b > 0 ? 2 : 0);
            char* buf = ctx.arena->chars(n);
            char* p = join(buf, street, ' ');
            if (a > 0 && b > 0) {
                *p++ = ',';
                *p++ = ' ';
            }
            join(p, place, ' ');
            return Value::ofString(std::string_view(buf, n));
        }
        case GeolocationFormat::Coordinates: {
            Member* ms = ctx.arena->members(2);
            new (&ms[0]) Member{"latitude", Value::ofDouble(row.latitude)};
            new (&ms[1]) Member{"longitude", Value::ofDouble(row.longitude)};
            return Value::ofObject(ms, 2);
        }
        case GeolocationFormat::Object: {
            Member* ms = ctx.arena->members(9);
            new (&ms[0]) Member{"number", textOrNull(d.text(row.number))};
            new (&ms[1]) Member{"street", textOrNull(d.text(row.street))};
            new (&ms[2]) Member{"unit", textOrNull(d.text(row.unit))};
            new (&ms[3]) Member{"city", textOrNull(d.text(row.city))};
            new (&ms[4]) Member{"county", textOrNull(d.text(row.county))};
            new (&ms[5]) Member{"state", textOrNull(d.text(row.state))};
            new (&ms[6]) Member{"zipCode", textOrNull(d.text(row.zipCode))};
            new (&ms[7]) Member{"latitude", Value::ofDouble(row.latitude)};
            new (&ms[8]) Member{"longitude", Value::ofDouble(row.longitude)};
            return Value::ofObject(ms, 9);
        }
    }
    return Value::null();
}

}  // namespace riverdelta::generate
