#include "engine/run/object_sink.h"

#include "engine/generate/program.h"
#include "engine/generate/session.h"
#include "engine/run/object_store.h"
#include "engine/run/stream_counters.h"
#include "engine/run/value_json.h"

namespace riverdelta::run {

namespace {

std::string text(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A key member of an object Value ("fileConfigs" → "subdir"), or null.
const generate::Value* member(const generate::Value& v, std::string_view key) {
    if (v.kind != generate::ValueKind::Object) return nullptr;
    for (const auto& m : v.object())
        if (m.key == key) return &m.value;
    return nullptr;
}

std::string asText(const generate::Value& v) {
    return v.kind == generate::ValueKind::String ? std::string(v.string()) : toJson(v).dump();
}

}  // namespace

ObjectSinkSettings ObjectSinkSettings::from(const generate::GeneratorInfo& info,
                                            const nlohmann::json& connection) {
    ObjectSinkSettings s;
    s.configsKey = info.targetKey == "directory"   ? "fileConfigs"
                   : info.targetKey == "container" ? "containerConfigs"
                                                   : "bucketConfigs";
    const nlohmann::json cfg = info.sinkConfig.value(s.configsKey, nlohmann::json::object());
    auto refuse = [&](const std::string& what) {
        throw SinkUnavailable(what + " in " + s.configsKey + " is not written by Riverdelta");
    };
    s.format = text(cfg, "format");
    if (s.format == "parquet") refuse("format \"parquet\"");
    if (cfg.contains("compression")) refuse("compression \"" + text(cfg, "compression") + "\"");
    if (cfg.contains("tableFormat")) refuse("tableFormat \"" + text(cfg, "tableFormat") + "\"");
    if (cfg.contains("multiFile") || cfg.contains("multiBlob"))
        refuse("writing several files per event");
    for (const char* prefix : {"filePrefix", "keyPrefix", "blobPrefix"})
        if (cfg.contains(prefix) && cfg[prefix].is_string())
            s.prefix = cfg[prefix].get<std::string>();
    if (cfg.contains("subdir") && cfg["subdir"].is_string())
        s.subdir = cfg["subdir"].get<std::string>();
    s.suffix = cfg.contains("customSuffix") ? text(cfg, "customSuffix") : s.format;
    s.pretty = cfg.value("pretty", false);
    s.explodeJsonlArrays = cfg.value("explodeJsonlArrays", false);
    if (auto b = connection.find("batchConfigs"); b != connection.end() && b->is_object()) {
        if (b->contains("lingerMs"))
            s.linger = std::chrono::milliseconds((*b)["lingerMs"].get<std::int64_t>());
        if (b->contains("batchElements"))
            s.maxElements = (*b)["batchElements"].get<std::uint64_t>();
        if (b->contains("batchBytes")) s.maxBytes = (*b)["batchBytes"].get<std::uint64_t>();
    }
    return s;
}

ObjectSink::ObjectSink(std::unique_ptr<ObjectStore> store, ObjectSinkSettings settings,
                       StreamCounters& counters)
    : store_(std::move(store)), settings_(std::move(settings)), counters_(counters) {}

ObjectSink::~ObjectSink() = default;

void ObjectSink::deliver(const generate::Event& ev) {
    std::string subdir = settings_.subdir, prefix = settings_.prefix;
    if (const auto* dyn = member(ev.key, settings_.configsKey)) {
        if (const auto* v = member(*dyn, "subdir")) subdir = asText(*v);
        for (const char* p : {"filePrefix", "keyPrefix", "blobPrefix"})
            if (const auto* v = member(*dyn, p)) prefix = asText(*v);
    }
    const std::string keyPrefix = subdir.empty() ? prefix : subdir + "/" + prefix;
    Pending& p = pending_[keyPrefix];
    if (p.elements == 0) {
        p.keyPrefix = keyPrefix;
        p.started = std::chrono::steady_clock::now();
    }
    append(p, ev);
    if (due(p, std::chrono::steady_clock::now())) roll(p);
}

void ObjectSink::append(Pending& p, const generate::Event& ev) {
    ++p.elements;
    if (settings_.format == "jsonl") {
        if (settings_.explodeJsonlArrays && ev.payload.kind == generate::ValueKind::Array) {
            for (const auto& item : ev.payload.array())
                p.body += toJson(item).dump() + "\n";
        } else {
            p.body.append(ev.payloadJson);
            p.body += '\n';
        }
    } else if (settings_.format == "log") {
        if (ev.payload.kind != generate::ValueKind::String)
            throw Error("format \"log\" needs \"data\" to be a string, not " +
                        std::string(ev.payloadJson.substr(0, 60)));
        p.body.append(ev.payload.string());
        p.body += '\n';
    } else {  // json: the object is one JSON array of the events
        p.body += p.elements == 1 ? "[" : ",";
        if (settings_.pretty) {
            p.body += "\n" + toJson(ev.payload).dump(2);
        } else {
            p.body.append(ev.payloadJson);
        }
    }
}

bool ObjectSink::due(const Pending& p, std::chrono::steady_clock::time_point now) const {
    if (p.elements == 0) return false;
    if (settings_.maxElements && p.elements >= *settings_.maxElements) return true;
    if (settings_.maxBytes && p.body.size() >= *settings_.maxBytes) return true;
    return now - p.started >= settings_.linger;
}

void ObjectSink::roll(Pending& p) {
    if (p.elements == 0) return;
    if (settings_.format == "json") p.body += settings_.pretty ? "\n]\n" : "]\n";
    if (!p.next) p.next = store_->nextIndex(p.keyPrefix, settings_.suffix);
    const std::string key = p.keyPrefix + std::to_string(*p.next) + "." + settings_.suffix;
    store_->put(key, p.body);
    ++*p.next;
    counters_.acknowledged.fetch_add(p.elements, std::memory_order_relaxed);
    counters_.bytes.fetch_add(p.body.size(), std::memory_order_relaxed);
    p.body.clear();
    p.elements = 0;
}

void ObjectSink::flushDue(bool all) {
    const auto now = std::chrono::steady_clock::now();
    for (auto& [prefix, p] : pending_)
        if (all ? p.elements > 0 : due(p, now)) roll(p);
}

}  // namespace riverdelta::run
