#include "engine/generate/functions/date_nodes.h"

#include <cmath>
#include <string>

#include "engine/generate/functions/civil_time.h"
#include "engine/generate/value_arena.h"

namespace riverdelta::generate {

void FormatDateTimeNode::eval(EvalContext& ctx, Value& out) const {
    const double ms = evalNumber(ms_, ctx);
    if (!std::isfinite(ms) || std::fabs(ms) > 2.5e14) {
        out = Value::null();
        return;
    }
    std::string& s = *ctx.scratch;
    s.clear();
    format_.format(static_cast<std::int64_t>(std::floor(ms)), s);
    out = Value::ofString(ctx.arena->copy(s));
}

void DateTodayNode::eval(EvalContext& ctx, Value& out) const {
    const CivilTime t = civilFromEpochMs(ctx.nowMs);
    char* buf = ctx.arena->chars(10);
    auto two = [](char* p, int v) {
        p[0] = static_cast<char>('0' + v / 10);
        p[1] = static_cast<char>('0' + v % 10);
    };
    const int y = static_cast<int>(t.year % 10000);
    two(buf, y / 100);
    two(buf + 2, y % 100);
    buf[4] = '-';
    two(buf + 5, t.month);
    buf[7] = '-';
    two(buf + 8, t.day);
    out = Value::ofString(std::string_view(buf, 10));
}

}  // namespace riverdelta::generate
