#include "engine/generate/functions/collection_nodes.h"

#include <cmath>
#include <map>
#include <new>
#include <string>

#include "engine/generate/value_arena.h"
#include "engine/generate/value_json_writer.h"

namespace riverdelta::generate {

namespace {
constexpr std::uint32_t kMaxElements = 1'000'000;
}

std::uint32_t countOf(const Node* n, EvalContext& ctx, std::uint32_t max) {
    const double x = evalNumber(n, ctx);
    if (!(x > 0)) return 0;
    return x >= max ? max : static_cast<std::uint32_t>(x);
}

void VarDefinitionNode::eval(EvalContext& ctx, Value& out) const {
    const Node* def = ref_->definition();
    if (def == nullptr) {
        out = Value::null();
        return;
    }
    def->eval(ctx, out);
}

void LocalsNode::eval(EvalContext& ctx, Value& out) const {
    for (const LocalBinding& b : bindings_)
        b.value->eval(ctx, ctx.varSlots[b.slot]);
    body_->eval(ctx, out);
}

void RepeatedlyNode::eval(EvalContext& ctx, Value& out) const {
    const std::uint32_t n = countOf(n_, ctx, kMaxElements);
    Value* items = ctx.arena->values(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        for (const LocalBinding& b : perElement_)
            b.value->eval(ctx, ctx.varSlots[b.slot]);
        new (&items[i]) Value();
        target_->eval(ctx, items[i]);
    }
    out = Value::ofArray(items, n);
}

void MapEachNode::eval(EvalContext& ctx, Value& out) const {
    Value over;
    over_->eval(ctx, over);
    if (over.kind != ValueKind::Array) {
        out = Value::null();
        return;
    }
    const Value saved = ctx.varSlots[itemSlot_];
    Value* items = ctx.arena->values(over.size);
    for (std::uint32_t i = 0; i < over.size; ++i) {
        if (juxt_.empty()) {
            ctx.varSlots[itemSlot_] = over.items[i];
        } else {
            Value* picked = ctx.arena->values(juxt_.size());
            for (std::size_t k = 0; k < juxt_.size(); ++k)
                new (&picked[k]) Value(navigate(over.items[i], juxt_[k]));
            ctx.varSlots[itemSlot_] =
                Value::ofArray(picked, static_cast<std::uint32_t>(juxt_.size()));
        }
        new (&items[i]) Value();
        function_->eval(ctx, items[i]);
    }
    ctx.varSlots[itemSlot_] = saved;
    out = Value::ofArray(items, over.size);
}

void SomeKeysNode::eval(EvalContext& ctx, Value& out) const {
    const auto n = static_cast<std::uint32_t>(keys_.size());
    // Each key is kept with probability 1/2; an empty draw is drawn again.
    std::uint64_t mask = 0;
    const std::uint64_t all = n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
    while ((mask & all) == 0)
        mask = ctx.rng->next();
    Member* ms = ctx.arena->members(n);
    std::uint32_t kept = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
        const bool keep = i < 64 ? ((mask >> i) & 1) != 0 : (ctx.rng->next() >> 63) != 0;
        if (!keep) continue;
        new (&ms[kept]) Member{keys_[i], Value()};
        values_[i]->eval(ctx, ms[kept].value);
        if (!ms[kept].value.isElided()) ++kept;
    }
    out = Value::ofObject(ms, kept);
}

void MergeNode::eval(EvalContext& ctx, Value& out) const {
    std::uint32_t cap = 0;
    Value* parts = ctx.arena->values(objects_.size());
    for (std::size_t i = 0; i < objects_.size(); ++i) {
        new (&parts[i]) Value();
        objects_[i]->eval(ctx, parts[i]);
        if (parts[i].kind == ValueKind::Object) cap += parts[i].size;
    }
    Member* ms = ctx.arena->members(cap);
    std::uint32_t n = 0;
    for (std::size_t i = 0; i < objects_.size(); ++i) {
        for (const Member& m : parts[i].object()) {
            std::uint32_t at = 0;
            while (at < n && ms[at].key != m.key)
                ++at;
            if (at == n) {
                new (&ms[n++]) Member(m);
            } else {
                ms[at].value = m.value;
            }
        }
    }
    out = Value::ofObject(ms, n);
}

void MapNode::eval(EvalContext& ctx, Value& out) const {
    const std::uint32_t n = countOf(n_, ctx, kMaxElements);
    Member* ms = ctx.arena->members(n);
    std::uint32_t count = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
        Value k;
        key_->eval(ctx, k);
        std::string_view key;
        if (k.kind == ValueKind::String) {
            key = k.string();
        } else {
            std::string& s = *ctx.scratch;
            s.clear();
            ValueJsonWriter(s).value(k);
            key = ctx.arena->copy(s);
        }
        Value v;
        value_->eval(ctx, v);
        std::uint32_t at = 0;
        while (at < count && ms[at].key != key)
            ++at;
        if (at == count) {
            new (&ms[count++]) Member{key, v};
        } else {
            ms[at].value = v;
        }
    }
    out = Value::ofObject(ms, count);
}

namespace {
struct CacheState final : NodeState {
    ValueArena arena;
    std::map<std::string, Value, std::less<>> entries;  // key: the `on` value as JSON
};
}  // namespace

void CacheNode::eval(EvalContext& ctx, Value& out) const {
    auto& holder = ctx.nodeStates[slot_];
    if (!holder) holder = std::make_unique<CacheState>();
    auto& st = static_cast<CacheState&>(*holder);
    Value on;
    on_->eval(ctx, on);
    std::string& key = *ctx.scratch;
    key.clear();
    ValueJsonWriter(key).value(on);
    if (auto it = st.entries.find(key); it != st.entries.end()) {
        out = it->second;
        return;
    }
    std::string owned = key;  // `to` may reuse the scratch buffer
    to_->eval(ctx, out);
    st.entries.emplace(std::move(owned), st.arena.deepCopy(out));
}

}  // namespace riverdelta::generate
