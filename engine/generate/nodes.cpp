#include "engine/generate/nodes.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <new>

#include "engine/generate/history.h"
#include "engine/generate/value_json_writer.h"

namespace riverdelta::generate {

Value navigate(const Value& v, const Path& path, std::size_t from) {
    const Value* cur = &v;
    for (std::size_t i = from; i < path.size(); ++i) {
        const PathStep& step = path[i];
        if (step.isIndex) {
            if (cur->kind != ValueKind::Array || step.index >= cur->size) return Value::null();
            cur = &cur->items[step.index];
        } else {
            const Value* next = cur->kind == ValueKind::Object ? cur->find(step.key) : nullptr;
            if (next == nullptr) return Value::null();
            cur = next;
        }
    }
    return *cur;
}

void ObjectNode::eval(EvalContext& ctx, Value& out) const {
    const auto n = static_cast<std::uint32_t>(children_.size());
    Member* ms = ctx.arena->members(n);
    std::uint32_t kept = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
        new (&ms[kept]) Member{keys_[i], Value()};
        children_[i]->eval(ctx, ms[kept].value);
        if (!ms[kept].value.isElided()) ++kept;
    }
    out = Value::ofObject(ms, kept);
}

void ArrayNode::eval(EvalContext& ctx, Value& out) const {
    const auto n = static_cast<std::uint32_t>(children_.size());
    Value* items = ctx.arena->values(n);
    std::uint32_t kept = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
        new (&items[kept]) Value();
        children_[i]->eval(ctx, items[kept]);
        if (!items[kept].isElided()) ++kept;
    }
    out = Value::ofArray(items, kept);
}

void VarNode::eval(EvalContext& ctx, Value& out) const {
    out = path_.empty() ? ctx.vars[slot_] : navigate(ctx.vars[slot_], path_);
}

std::optional<ValueKind> VarNode::staticKind(int depth) const {
    if (!path_.empty() || definition_ == nullptr || depth > 16) return std::nullopt;
    return definition_->staticKind(depth + 1);
}

void SequentialIntegerNode::eval(EvalContext& ctx, Value& out) const {
    const auto n = static_cast<std::uint64_t>(ctx.state[slot_]++);
    out = Value::ofInt(static_cast<std::int64_t>(static_cast<std::uint64_t>(start_) +
                                                 n * static_cast<std::uint64_t>(step_)));
}

void SequentialStringNode::eval(EvalContext& ctx, Value& out) const {
    const auto n = static_cast<std::uint64_t>(ctx.state[slot_]++);
    const auto value = static_cast<std::int64_t>(static_cast<std::uint64_t>(start_) +
                                                 n * static_cast<std::uint64_t>(step_));
    char digits[24];
    auto r = std::to_chars(digits, digits + sizeof digits, value);
    const std::size_t dn = static_cast<std::size_t>(r.ptr - digits);
    std::size_t total = dn * (pieces_.size() - 1);
    for (auto p : pieces_)
        total += p.size();
    char* buf = ctx.arena->chars(total);
    char* w = buf;
    for (std::size_t i = 0; i < pieces_.size(); ++i) {
        if (i) {
            std::copy(digits, digits + dn, w);
            w += dn;
        }
        std::copy(pieces_[i].begin(), pieces_[i].end(), w);
        w += pieces_[i].size();
    }
    out = Value::ofString(std::string_view(buf, total));
}

void StringTemplateNode::eval(EvalContext& ctx, Value& out) const {
    std::string& s = *ctx.scratch;
    s.clear();
    for (const Segment& seg : segments_) {
        switch (seg.kind) {
            case Segment::Kind::Text:
                s.append(seg.text);
                break;
            case Segment::Kind::Var: {
                const Value& v = ctx.vars[seg.slot];
                if (v.kind == ValueKind::String) {
                    s.append(v.string());
                } else {
                    ValueJsonWriter(s).value(v);
                }
                break;
            }
            case Segment::Kind::Faker:
                Faker::generate(seg.faker, *ctx.rng, ctx.nowMs, s);
                break;
        }
    }
    out = Value::ofString(ctx.arena->copy(s));
}

namespace {
std::optional<ValueKind> commonKind(const std::vector<const Node*>& nodes, int depth) {
    if (nodes.empty() || depth > 16) return std::nullopt;
    auto k = nodes[0]->staticKind(depth + 1);
    for (const Node* n : nodes) {
        if (n->staticKind(depth + 1) != k) return std::nullopt;
    }
    return k;
}
}  // namespace

void OneOfNode::eval(EvalContext& ctx, Value& out) const {
    choices_[ctx.rng->below(choices_.size())]->eval(ctx, out);
}

std::optional<ValueKind> OneOfNode::staticKind(int depth) const {
    return commonKind(choices_, depth);
}

void OneOfDynamicNode::eval(EvalContext& ctx, Value& out) const {
    Value src;
    source_->eval(ctx, src);
    if (src.kind != ValueKind::Array || src.size == 0) {
        out = Value::null();
        return;
    }
    out = src.items[ctx.rng->below(src.size)];
}

WeightedOneOfNode::WeightedOneOfNode(std::span<const double> weights,
                                     std::vector<const Node*> choices)
    : choices_(std::move(choices)) {
    double total = 0;
    for (double w : weights)
        total += w;
    double acc = 0;
    for (double w : weights) {
        acc += w;
        cumulative_.push_back(acc / total);
    }
    cumulative_.back() = 1.0;
}

void WeightedOneOfNode::eval(EvalContext& ctx, Value& out) const {
    const double u = ctx.rng->uniform();
    std::size_t i = 0;
    if (cumulative_.size() <= 8) {
        while (cumulative_[i] <= u)
            ++i;
    } else {
        i = static_cast<std::size_t>(std::upper_bound(cumulative_.begin(), cumulative_.end(), u) -
                                     cumulative_.begin());
    }
    choices_[std::min(i, choices_.size() - 1)]->eval(ctx, out);
}

std::optional<ValueKind> WeightedOneOfNode::staticKind(int depth) const {
    return commonKind(choices_, depth);
}

void NormalNode::eval(EvalContext& ctx, Value& out) const {
    const double mean = evalNumber(mean_, ctx);
    const double sd = evalNumber(sd_, ctx);
    out = Value::ofDouble(mean + sd * ctx.rng->normal());
}

void UniformNode::eval(EvalContext& ctx, Value& out) const {
    double lo = evalNumber(lo_, ctx);
    double hi = evalNumber(hi_, ctx);
    if (std::isnan(lo) || std::isnan(hi)) {
        out = Value::null();
        return;
    }
    if (hi < lo) std::swap(lo, hi);
    if (integers_) {
        const double a = std::ceil(lo), b = std::floor(hi);
        if (b < a || a < -9.0e18 || b > 9.0e18) {
            out = Value::null();
            return;
        }
        out = Value::ofInt(
            ctx.rng->between(static_cast<std::int64_t>(a), static_cast<std::int64_t>(b)));
        return;
    }
    out = Value::ofDouble(lo + ctx.rng->uniform() * (hi - lo));
}

double HistogramSpec::draw(Rng& rng) const {
    const double u = rng.uniform();
    std::size_t i = 0;
    while (i + 1 < cumulative.size() && cumulative[i] <= u)
        ++i;
    const double x = binStart[i] + rng.uniform() * binWidth[i];
    return std::min(x, std::nextafter(1.0, 0.0));
}

void LookupNode::eval(EvalContext& ctx, Value& out) const {
    if (unique_) {
        GeneratorHistory* h = ctx.history->of(sources_[0].generator);
        auto seq = h != nullptr ? h->claim(*ctx.rng) : std::nullopt;
        out = seq ? h->read(*seq, sources_[0].pathIndex, *ctx.arena) : Value::null();
        return;
    }
    std::uint64_t total = 0;
    for (const Source& s : sources_) {
        if (const GeneratorHistory* h = ctx.history->of(s.generator)) total += h->size();
    }
    if (total == 0) {
        out = Value::null();
        return;
    }
    std::uint64_t idx;
    if (strategy_ == Strategy::First) {
        idx = 0;
    } else if (strategy_ == Strategy::Last) {
        idx = total - 1;
    } else if (strategy_ == Strategy::InOrder) {
        idx = static_cast<std::uint64_t>(ctx.state[cursorSlot_]++) % total;
    } else if (histogram_) {
        const double h = histogram_->draw(*ctx.rng);
        idx = h > 0 && h < 1 ? static_cast<std::uint64_t>(h * static_cast<double>(total)) : 0;
        if (idx >= total) idx = total - 1;
    } else {
        idx = ctx.rng->below(total);
    }
    for (const Source& s : sources_) {
        const GeneratorHistory* h = ctx.history->of(s.generator);
        if (h == nullptr) continue;
        if (idx < h->size()) {
            out = h->read(h->oldest() + idx, s.pathIndex, *ctx.arena);
            return;
        }
        idx -= h->size();
    }
    out = Value::null();
}

std::optional<ValueKind> LookupNode::staticKind(int depth) const {
    if (target_ == nullptr || depth > 16) return std::nullopt;
    return target_->staticKind(depth + 1);
}

void UuidNode::eval(EvalContext& ctx, Value& out) const {
    static constexpr char kHex[] = "0123456789abcdef";
    std::uint64_t a = ctx.rng->next(), b = ctx.rng->next();
    a = (a & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
    b = (b & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
    char* buf = ctx.arena->chars(36);
    int w = 0;
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20) buf[w++] = '-';
        const std::uint64_t word = i < 16 ? a : b;
        buf[w++] = kHex[(word >> (60 - 4 * (i % 16))) & 15];
    }
    out = Value::ofString(std::string_view(buf, 36));
}

Value roundTo(double x, int decimals) {
    if (!std::isfinite(x)) return Value::null();
    if (decimals <= 0) {
        // ShadowTraffic's decimals: 0 drops the fraction ("always rounding down").
        const double r = std::trunc(x);
        if (std::fabs(r) >= 9.2e18) return Value::ofDouble(r);
        return Value::ofInt(static_cast<std::int64_t>(r));
    }
    static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    const double p = kPow10[std::min(decimals, 15)];
    const double scaled = x * p;
    if (std::fabs(scaled) >= 9.0e15) return Value::ofDouble(x);
    return Value::ofDouble(std::round(scaled) / p);
}

void ModifierNode::eval(EvalContext& ctx, Value& out) const {
    inner_->eval(ctx, out);
    if (!out.isNumber()) return;
    if (lo_ != nullptr || hi_ != nullptr) {
        bool integral = out.kind == ValueKind::Int;
        double x = out.asDouble();
        if (lo_ != nullptr) {
            Value lo;
            lo_->eval(ctx, lo);
            if (lo.isNumber() && x < lo.asDouble()) {
                x = lo.asDouble();
                integral = integral && lo.kind == ValueKind::Int;
            }
        }
        if (hi_ != nullptr) {
            Value hi;
            hi_->eval(ctx, hi);
            if (hi.isNumber() && x > hi.asDouble()) {
                x = hi.asDouble();
                integral = integral && hi.kind == ValueKind::Int;
            }
        }
        if (!(integral && out.kind == ValueKind::Int && x == out.asDouble())) {
            out = integral ? Value::ofInt(static_cast<std::int64_t>(x)) : Value::ofDouble(x);
        }
    }
    if (decimals_) out = roundTo(out.asDouble(), *decimals_);
}

std::optional<ValueKind> ModifierNode::staticKind(int depth) const {
    if (decimals_) return *decimals_ == 0 ? ValueKind::Int : ValueKind::Double;
    return inner_->staticKind(depth + 1);
}

}  // namespace riverdelta::generate
