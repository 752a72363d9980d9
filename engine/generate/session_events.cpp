// Session: what happens to a made event — its lookup history entry, the Event handed out, and
// delayed or repeated events held encoded until they go out.
#include <new>

#include "engine/generate/node.h"
#include "engine/generate/session.h"
#include "engine/generate/session_state.h"
#include "engine/generate/value_json_writer.h"

namespace riverdelta::generate {

Value Session::wholeEvent(std::size_t g, const Value& key, const Value& payload) {
    const auto& info = program_.generators()[g];
    const Value target = Value::ofString(info.target);
    if (info.kind == TargetKind::Topic) {
        Member* ms = eventArena_.members(3);
        new (&ms[0]) Member{"topic", target};
        new (&ms[1]) Member{"key", key};
        new (&ms[2]) Member{"value", payload};
        return Value::ofObject(ms, 3);
    }
    Member* ms = eventArena_.members(2);
    new (&ms[0]) Member{"table", target};
    new (&ms[1]) Member{"row", payload};
    return Value::ofObject(ms, 2);
}

void Session::record(std::size_t g, const Value& key, const Value& payload, const Value* vars) {
    GeneratorHistory* h = histories_.of(g);
    if (h == nullptr) return;
    const auto& c = program_.compiled()[g];
    pathValues_.resize(c.recordedPaths.size());
    Value whole, varsObject;
    bool haveWhole = false, haveVars = false;
    for (std::size_t i = 0; i < c.recordedPaths.size(); ++i) {
        const auto& rp = c.recordedPaths[i];
        const Value* root = &payload;
        switch (rp.root) {
            case Program::RecordRoot::Key:
                root = &key;
                break;
            case Program::RecordRoot::Payload:
                break;
            case Program::RecordRoot::Whole:
                if (!haveWhole) whole = wholeEvent(g, key, payload);
                haveWhole = true;
                root = &whole;
                break;
            case Program::RecordRoot::Vars:
                if (!haveVars && vars != nullptr) {
                    const std::size_t n = c.varsOnce.size() + c.vars.size();
                    Member* ms = eventArena_.members(n);
                    std::size_t k = 0;
                    for (const auto* list : {&c.varsOnce, &c.vars}) {
                        for (const auto& d : *list)
                            new (&ms[k++]) Member{d.name, vars[d.slot]};
                    }
                    varsObject = Value::ofObject(ms, static_cast<std::uint32_t>(n));
                }
                haveVars = true;
                root = &varsObject;
                break;
        }
        pathValues_[i] = navigate(*root, rp.path);
    }
    if (!committed_.empty()) {  // held until the sink acknowledges the event (see fill)
        GeneratorHistory::encodeEntry(entry_, pathValues_.data(), pathValues_.size());
        entryHeld_ = true;
        return;
    }
    h->record(pathValues_.data());
}

void Session::fill(Event& ev, std::size_t g, std::uint64_t sequence, double due, std::int64_t nowMs,
                   const Value& key, const Value& payload, RowOp op, const Value& where) {
    out_.clear();
    ValueJsonWriter writer(out_);
    writer.value(key);
    const std::size_t keyEnd = out_.size();
    writer.value(payload);
    ev.generator = g;
    ev.stage = stage_;
    ev.sequence = sequence;
    ev.dueMs = due;
    ev.nowMs = nowMs;
    ev.firstOfStage = stageJustStarted_;
    stageJustStarted_ = false;
    ev.key = key;
    ev.payload = payload;
    ev.op = op;
    ev.where = where;
    ev.keyJson = std::string_view(out_.data(), keyEnd);
    ev.payloadJson = std::string_view(out_.data() + keyEnd, out_.size() - keyEnd);
    gens_[g].bytes += (key.isNull() ? 0 : keyEnd) + (out_.size() - keyEnd);
    if (!committed_.empty() && histories_.generators[g]) {
        if (entryHeld_) {
            committed_[g].hold(std::move(entry_));
            entry_.clear();
        } else {
            committed_[g].skip();
        }
    }
    entryHeld_ = false;
}

std::uint32_t Session::store(std::size_t g, std::uint64_t sequence, std::int64_t nowMs,
                             const Value& key, const Value& payload, RowOp op, const Value& where) {
    std::uint32_t index;
    if (!freeStored_.empty()) {
        index = freeStored_.back();
        freeStored_.pop_back();
    } else {
        index = static_cast<std::uint32_t>(stored_.size());
        stored_.emplace_back();
    }
    Stored& s = stored_[index];
    s.generator = g;
    s.sequence = sequence;
    s.nowMs = nowMs;
    s.op = op;
    s.key.clear();
    s.payload.clear();
    s.where.clear();
    encodeValue(s.key, key);
    encodeValue(s.payload, payload);
    encodeValue(s.where, where);
    s.entryHeld = false;
    return index;
}

void Session::emitStored(std::uint32_t index, double due, Event& ev) {
    eventArena_.reset();
    const Stored& s = stored_[index];
    const auto v = s.decode(eventArena_);
    entryHeld_ = s.entryHeld;
    if (entryHeld_) entry_.swap(stored_[index].entry);
    fill(ev, s.generator, s.sequence, due, s.nowMs, v.key, v.payload, s.op, v.where);
    freeStored_.push_back(index);
    if (delayedPending_ > 0) --delayedPending_;
    if (reachedMaxBytes(s.generator)) finishGenerator(s.generator);
}

}  // namespace riverdelta::generate
